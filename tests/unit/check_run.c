/* check_run.c: the batch driver's pieces: FNV-1a, flat rows, the cache. */
#include "check_util.h"
#include "run.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

START_TEST(fnv1a_vectors)
{
    ck_assert_uint_eq(nerq_fnv1a(NERQ_FNV_INIT, "", 0), 0xcbf29ce484222325ULL);
    ck_assert_uint_eq(nerq_fnv1a(NERQ_FNV_INIT, "a", 1), 0xaf63dc4c8601ec8cULL);
    ck_assert_uint_eq(nerq_fnv1a(NERQ_FNV_INIT, "foobar", 6), 0x85944171f73967e8ULL);
    /* in pieces = at once */
    ck_assert_uint_eq(nerq_fnv1a(nerq_fnv1a(NERQ_FNV_INIT, "foo", 3), "bar", 3),
                      nerq_fnv1a(NERQ_FNV_INIT, "foobar", 6));
}
END_TEST

START_TEST(flat_rows)
{
    nerq_buf b = {0};
    const char *rec = "{\"id\":\"a/\\\"x\\\".txt\",\"text\":\"[{\\\"mentions\\\":[]}]\","
                      "\"mentions\":[{\"start\":0,\"text\":\"}]\"},{},{\"id\":null}],\"quotes\":[]}\n";
    ck_assert_int_eq(nerq_flat_rows(&b, rec, strlen(rec), "mentions"), 3);
    ck_assert_str_eq(b.data, "{\"article\":\"a/\\\"x\\\".txt\",\"index\":0,\"start\":0,\"text\":\"}]\"}\n"
                             "{\"article\":\"a/\\\"x\\\".txt\",\"index\":1}\n"
                             "{\"article\":\"a/\\\"x\\\".txt\",\"index\":2,\"id\":null}\n");
    b.len = 0;
    ck_assert_int_eq(nerq_flat_rows(&b, rec, strlen(rec), "quotes"), 0);
    ck_assert_int_eq(nerq_flat_rows(&b, rec, strlen(rec), "absent"), 0);
    ck_assert_uint_eq(b.len, 0);
    const char *bad[] = {"", "[]", "{\"id\":\"x\",\"mentions\":[1]}", "{\"id\":\"x\",\"mentions\":[{}",
                         "{\"mentions\":[{}]}", "{\"id\":\"x\",\"mentions\":{}}", "{\"id\":\"x\""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_int_eq(nerq_flat_rows(&b, bad[i], strlen(bad[i]), "mentions"), -1);
    nerq_buf_free(&b);
}
END_TEST

static void fill(nerq_result *r, const char *record, uint64_t hash, size_t pad)
{
    nerq_result_clear(r);
    nerq_buf_puts(&r->sec[NERQ_SEC_RECORD], record);
    for (size_t i = 0; i < pad; i++)
        nerq_buf_putc(&r->sec[NERQ_SEC_QUOTES], 'q');
    nerq_buf_puts(&r->sec[NERQ_SEC_MENTIONS], "m\n");
    r->cacheable = 1;
    r->hash = hash;
    r->bytes = 42;
}

static int count_segments(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "exit $(ls %s/.cache | wc -l)", dir);
    return WEXITSTATUS(system(cmd));
}

START_TEST(cache_round_trip)
{
    char dir[] = "/tmp/nerq-check-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    nerq_err err;
    nerq_buf scratch = {0};
    nerq_result r = {0}, got = {0};
    const char *ids[] = {"a.txt", "b/c.txt", "d.md"};

    nerq_cache *c = nerq_cache_open(dir, 7, &err);
    ck_assert_ptr_nonnull(c);
    for (int i = 0; i < 3; i++) {
        fill(&r, ids[i], 100 + (uint64_t)i, 1000);
        ck_assert_int_eq(nerq_cache_written(c, ids[i], &r, &scratch), 0);
    }
    nerq_cache_finish(c, &scratch);
    nerq_cache_close(c);

    /* Same configuration: hits for matching content hashes only. */
    c = nerq_cache_open(dir, 7, &err);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 101, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "b/c.txt");
    ck_assert_str_eq(got.sec[NERQ_SEC_MENTIONS].data, "m\n");
    ck_assert_uint_eq(got.bytes, 42);
    ck_assert_int_eq(got.reused, 1);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 999, 0, &got, &scratch), 0);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 101, 1, &got, &scratch), 0); /* no stages */
    ck_assert_int_eq(nerq_cache_load(c, "zz.txt", 101, 0, &got, &scratch), 0);
    /* A second run changes two large articles of three into small ones: most of the
     * cache is dead, so the live entries are copied into one segment. */
    for (int i = 0; i < 3; i++) {
        nerq_result_clear(&got);
        if (i == 0) {
            ck_assert_int_eq(nerq_cache_load(c, ids[i], 100, 0, &got, &scratch), 1);
            ck_assert_int_eq(nerq_cache_written(c, ids[i], &got, &scratch), 0);
        } else {
            fill(&r, ids[i], 200 + (uint64_t)i, 0);
            ck_assert_int_eq(nerq_cache_written(c, ids[i], &r, &scratch), 0);
        }
    }
    nerq_cache_finish(c, &scratch);
    nerq_cache_close(c);
    ck_assert_int_eq(count_segments(dir), 1);
    c = nerq_cache_open(dir, 7, &err);
    ck_assert_int_eq(nerq_cache_load(c, "a.txt", 100, 0, &got, &scratch), 1);
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 202, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "d.md");
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 102, 0, &got, &scratch), 0);
    nerq_cache_close(c);

    /* Another configuration sees nothing. */
    c = nerq_cache_open(dir, 8, &err);
    ck_assert_int_eq(nerq_cache_load(c, "a.txt", 100, 0, &got, &scratch), 0);
    nerq_cache_close(c);

    /* A damaged byte inside an entry: that entry is a miss, the others still hit. */
    char cmd[300];
    snprintf(cmd, sizeof cmd,
             "f=$(ls %s/.cache/*.seg) && printf X | dd of=$f bs=1 seek=$(grep -abo 'd.md' $f | tail -n 1 | cut -d: -f1) conv=notrunc 2>/dev/null",
             dir);
    ck_assert_int_eq(system(cmd), 0);
    c = nerq_cache_open(dir, 7, &err);
    ck_assert_int_eq(nerq_cache_load(c, "a.txt", 100, 0, &got, &scratch), 1);
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 202, 0, &got, &scratch), 0);
    nerq_cache_close(c);

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    nerq_result_free(&r);
    nerq_result_free(&got);
    nerq_buf_free(&scratch);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("run");
    tcase_add_test(tc, fnv1a_vectors);
    tcase_add_test(tc, flat_rows);
    tcase_add_test(tc, cache_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
