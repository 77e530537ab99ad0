/* check_record.c: the record readers. Every golden record (the writer's own output) must
 * take the fast path, and both readers must give back the very same bytes. */
#include "check_util.h"
#include "flat_ref.h"
#include "run.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

static void round_trip_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    nerq_article *a = nerq_article_new();
    nerq_buf out = {0}, rm = {0}, rq = {0}, fm = {0}, fq = {0};
    nerq_err err = {{0}};
    long lineno = 0;
    size_t rows = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        size_t len = (size_t)n - (line[n - 1] == '\n');
        ck_assert_msg(nerq_record_read_fast(a, line, len) == 0, "%s:%ld: fast reader refused", path, lineno);
        out.len = 0;
        nerq_record_write(&out, a);
        ck_assert_msg(out.len == len + 1 && !memcmp(out.data, line, len), "%s:%ld: fast round trip differs", path,
                      lineno);
        ck_assert_msg(nerq_record_read_full(a, line, len, &err) == 0, "%s:%ld: %s", path, lineno, err.msg);
        out.len = 0;
        nerq_record_write(&out, a);
        ck_assert_msg(out.len == len + 1 && !memcmp(out.data, line, len), "%s:%ld: full round trip differs", path,
                      lineno);
        /* The rows written with the record = the rows cut out of the line. */
        out.len = rm.len = rq.len = fm.len = fq.len = 0;
        nerq_record_write_rows(&out, &rm, &rq, a);
        ck_assert_msg(out.len == len + 1 && !memcmp(out.data, line, len), "%s:%ld: rows record differs", path,
                      lineno);
        ck_assert_int_ge(nerq_flat_tables(&fm, &fq, line, len), 0);
        ck_assert_uint_eq(rm.len, fm.len);
        ck_assert_uint_eq(rq.len, fq.len);
        ck_assert(!rm.len || !memcmp(rm.data, fm.data, rm.len));
        ck_assert(!rq.len || !memcmp(rq.data, fq.data, rq.len));
        rows += fm.len + fq.len;
        (*count)++;
    }
    free(line);
    if (strstr(path, "attribute"))
        ck_assert_uint_gt(rows, 0);
    nerq_buf_free(&out);
    nerq_buf_free(&rm);
    nerq_buf_free(&rq);
    nerq_buf_free(&fm);
    nerq_buf_free(&fq);
    nerq_article_free(a);
    fclose(f);
}

START_TEST(golden_records_round_trip)
{
    DIR *d = opendir("tests/golden");
    ck_assert_msg(d != NULL, "run from the top of the tree");
    struct dirent *e;
    size_t count = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 6 && !strcmp(e->d_name + l - 6, ".jsonl")) {
            char path[512];
            snprintf(path, sizeof path, "tests/golden/%s", e->d_name);
            round_trip_file(path, &count);
        }
    }
    closedir(d);
    ck_assert_uint_gt(count, 10);
}
END_TEST

START_TEST(fast_reader_declines_what_it_does_not_know)
{
    nerq_article *a = nerq_article_new();
    const char *other_order = "{\"error\":\"x\",\"id\":\"a\"}";
    const char *unknown = "{\"id\":\"a\",\"error\":\"x\",\"extra\":1}";
    const char *dup = "{\"id\":\"a\",\"id\":\"b\",\"error\":\"x\"}";
    ck_assert_int_eq(nerq_record_read_fast(a, other_order, strlen(other_order)), -1);
    ck_assert_int_eq(nerq_record_read_fast(a, unknown, strlen(unknown)), -1);
    ck_assert_int_eq(nerq_record_read_fast(a, dup, strlen(dup)), -1);
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_record_read(a, other_order, strlen(other_order), &err), 0); /* the full reader takes it */
    ck_assert_int_eq(nerq_record_read(a, dup, strlen(dup), &err), -1);
    nerq_article_free(a);
}
END_TEST

/* Token offsets go through record_write.c's own digit writer: every length of number, each
 * side of every power of ten, and every token code, against printf. */
START_TEST(token_offsets_and_codes_like_printf)
{
    static const uint32_t at[] = {0,      1,      9,       10,      11,      99,      100,
                                  101,    999,    1000,    1001,    9999,    10000,   10001,
                                  99999,  100000, 100001,  999999,  1000000, 1000001, 9999999,
                                  4294967295u};
    static const struct {
        int cls, shape;
        const char *code;
    } kinds[] = {{NERQ_T_WORD, NERQ_SH_CAP, "Wc"},   {NERQ_T_WORD, NERQ_SH_UPPER, "Wu"},
                 {NERQ_T_WORD, NERQ_SH_LOWER, "Wl"}, {NERQ_T_WORD, NERQ_SH_MIXED, "Wm"},
                 {NERQ_T_WORD, NERQ_SH_NONE, "Wm"},  {NERQ_T_NUM, 0, "N"},
                 {NERQ_T_PUNCT, 0, "P"},            {NERQ_T_QOPEN, 0, "Qo"},
                 {NERQ_T_QCLOSE, 0, "Qc"},          {NERQ_T_QAMBIG, 0, "Qa"},
                 {NERQ_T_APOS, 0, "A"},             {NERQ_T_DASH, 0, "D"},
                 {NERQ_T_SYM, 0, "S"}};
    nerq_article *a = nerq_article_new();
    a->id = "t";
    a->stages = NERQ_ST_TOKENIZE;
    nerq_buf want = {0}, out = {0};
    nerq_buf_puts(&want, "\"tokens\":[");
    size_t n = 0;
    for (size_t i = 0; i < sizeof at / sizeof *at; i++)
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            nerq_token *t = NERQ_VEC_PUSH(a->tokens);
            memset(t, 0, sizeof *t);
            t->start = at[i];
            t->end = at[(i + k) % (sizeof at / sizeof *at)];
            t->cls = (uint8_t)kinds[k].cls;
            t->shape = (uint8_t)kinds[k].shape;
            nerq_buf_printf(&want, "%s[%u,%u,\"%s\"]", n++ ? "," : "", (unsigned)t->start,
                            (unsigned)t->end, kinds[k].code);
        }
    nerq_buf_puts(&want, "]");
    nerq_record_write(&out, a);
    ck_assert_msg(strstr(out.data, want.data) != NULL, "%s", out.data);
    nerq_buf_free(&want);
    nerq_buf_free(&out);
    a->id = NULL;
    nerq_article_free(a);
}
END_TEST

START_TEST(escapes_decode_like_jansson)
{
    nerq_article *a = nerq_article_new(), *b = nerq_article_new();
    const char *rec = "{\"id\":\"a\\u00e9\\ud83d\\ude00\\n\\\"\\/\",\"error\":\"e\",\"stage\":null}";
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_record_read_fast(a, rec, strlen(rec)), 0);
    ck_assert_int_eq(nerq_record_read_full(b, rec, strlen(rec), &err), 0);
    ck_assert_str_eq(a->id, b->id);
    ck_assert_str_eq(a->id, "a\xC3\xA9\xF0\x9F\x98\x80\n\"/");
    nerq_article_free(a);
    nerq_article_free(b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("record");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, golden_records_round_trip);
    tcase_add_test(tc, fast_reader_declines_what_it_does_not_know);
    tcase_add_test(tc, escapes_decode_like_jansson);
    tcase_add_test(tc, token_offsets_and_codes_like_printf);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
