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
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
