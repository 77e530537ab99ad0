/* fuzz_common.h: set-up shared by the fuzz targets (built with libFuzzer by `make fuzz`,
 * or with tests/fuzz/standalone.c as plain programs that replay tests/regress/). */
#ifndef NERQ_FUZZ_COMMON_H
#define NERQ_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nerq.h"

#define FUZZ_NSTAGES 4

static struct {
    nerq_ingest *ingest;
    const nerq_stage *stages[FUZZ_NSTAGES];
    void *ctx[FUZZ_NSTAGES];
    nerq_article *a, *b;
    nerq_buf out1, out2, tmp;
} fz;

static void fuzz_teardown(void)
{
    for (size_t s = 0; s < FUZZ_NSTAGES; s++)
        if (fz.ctx[s])
            fz.stages[s]->destroy(fz.ctx[s]);
    nerq_ingest_free(fz.ingest);
    nerq_article_free(fz.a);
    nerq_article_free(fz.b);
    nerq_buf_free(&fz.out1);
    nerq_buf_free(&fz.out2);
    nerq_buf_free(&fz.tmp);
}

static void fuzz_setup(void)
{
    if (fz.a)
        return;
    nerq_config c;
    nerq_config_default(&c);
    nerq_err err = {{0}};
    const nerq_stage *st[FUZZ_NSTAGES] = {&nerq_stage_tokenize, &nerq_stage_entities, &nerq_stage_quotes,
                                          &nerq_stage_attribute};
    fz.ingest = nerq_ingest_new(&c, &err);
    for (size_t s = 0; s < FUZZ_NSTAGES && fz.ingest; s++) {
        fz.stages[s] = st[s];
        if (!(fz.ctx[s] = st[s]->create(&c, &err)))
            break;
    }
    if (!fz.ingest || !fz.ctx[FUZZ_NSTAGES - 1]) {
        fprintf(stderr, "fuzz set-up: %s\n", err.msg);
        abort();
    }
    fz.a = nerq_article_new();
    fz.b = nerq_article_new();
    atexit(fuzz_teardown);
}

/* Write a as a record and read it back into a: what nerq writes, nerq must read, and
 * writing it again must give the same bytes. */
static void fuzz_reread(nerq_article *a)
{
    fz.tmp.len = 0;
    nerq_record_write(&fz.tmp, a);
    size_t len = fz.tmp.len;
    char *copy = malloc(len);
    if (!copy)
        abort();
    memcpy(copy, fz.tmp.data, len);
    nerq_err err = {{0}};
    if (nerq_record_read(a, copy, len - 1, &err) != 0) {
        fprintf(stderr, "a record nerq wrote does not read back: %s\n%.3000s\n", err.msg, copy);
        abort();
    }
    fz.tmp.len = 0;
    nerq_record_write(&fz.tmp, a);
    if (fz.tmp.len != len || memcmp(fz.tmp.data, copy, len) != 0) {
        fprintf(stderr, "a record changes when read and written again:\n%.3000s\n%.3000s\n", copy, fz.tmp.data);
        abort();
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

#endif
