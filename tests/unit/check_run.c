/* check_run.c: the batch driver's pieces: FNV-1a, flat rows, the outputs and the cache. */
#include "check_util.h"
#include "flat_ref.h"
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

static int count_entries(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "exit $(ls -A %s/.cache | wc -l)", dir);
    return WEXITSTATUS(system(cmd));
}

static int exists(const char *dir, const char *name)
{
    char p[300];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

/* One run the way run.c drives it: the three results added, written, flushed, then
 * committed and the cache finished (commit 0: the process ends there, as if killed). */
static void run_three(const char *dir, nerq_cache **cp, nerq_outputs **op, nerq_result *rs,
                      const char *const *ids, int commit)
{
    nerq_err err;
    nerq_outputs *o = *op;
    nerq_cache *c = *cp;
    for (int i = 0; i < 3; i++) {
        nerq_outputs_add(o, &rs[i]);
        ck_assert_int_eq(nerq_cache_written(c, ids[i], &rs[i]), 0);
    }
    ck_assert_int_eq(nerq_outputs_flush(o, &err), 0);
    ck_assert_int_eq(nerq_cache_flush(c), 0);
    if (!commit)
        _exit(0);
    FILE *f = fopen(nerq_outputs_manifest_tmp(o), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(nerq_outputs_commit(o, &err), 0);
    nerq_cache_finish(c);
    nerq_outputs_close(o);
    nerq_cache_close(c);
    (void)dir;
    *op = NULL;
    *cp = NULL;
}

static void open_both(const char *dir, uint64_t config, nerq_outputs **o, nerq_cache **c)
{
    nerq_err err;
    *o = nerq_outputs_open(dir, 0, &err);
    ck_assert_ptr_nonnull(*o);
    *c = nerq_cache_open(dir, config, &err);
    ck_assert_ptr_nonnull(*c);
}

START_TEST(cache_round_trip)
{
    char dir[] = "/tmp/nerq-check-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    nerq_buf scratch = {0};
    nerq_result rs[3], got = {0};
    memset(rs, 0, sizeof rs);
    const char *const ids[] = {"a.txt", "b/c.txt", "d.md"};
    const char *const recs[] = {"a.txt\n", "b/c.txt\n", "d.md\n"};
    nerq_outputs *o;
    nerq_cache *c;

    open_both(dir, 7, &o, &c);
    for (int i = 0; i < 3; i++)
        fill(&rs[i], recs[i], 100 + (uint64_t)i, 1000);
    run_three(dir, &c, &o, rs, ids, 1);
    ck_assert_int_eq(count_entries(dir), 1); /* one segment, no copy of the outputs */

    /* Same configuration: hits for matching content hashes only. */
    open_both(dir, 7, &o, &c);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 101, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "b/c.txt\n");
    ck_assert_str_eq(got.sec[NERQ_SEC_MENTIONS].data, "m\n");
    ck_assert_uint_eq(got.sec[NERQ_SEC_QUOTES].len, 1000);
    ck_assert_uint_eq(got.bytes, 42);
    ck_assert_int_eq(got.reused, 1);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 999, 0, &got, &scratch), 0);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 101, 1, &got, &scratch), 0); /* no stages */
    ck_assert_int_eq(nerq_cache_load(c, "zz.txt", 101, 0, &got, &scratch), 0);
    /* A second run reuses the first article and changes the two others: the entries of
     * the reused one now point into the new outputs, the old ones are gone. */
    nerq_result_clear(&rs[0]);
    ck_assert_int_eq(nerq_cache_load(c, ids[0], 100, 0, &rs[0], &scratch), 1);
    for (int i = 1; i < 3; i++)
        fill(&rs[i], i == 1 ? "B\n" : "D\n", 200 + (uint64_t)i, 0);
    run_three(dir, &c, &o, rs, ids, 1);
    ck_assert_int_eq(count_entries(dir), 1);
    open_both(dir, 7, &o, &c);
    ck_assert_int_eq(nerq_cache_load(c, "a.txt", 100, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "a.txt\n");
    ck_assert_uint_eq(got.sec[NERQ_SEC_QUOTES].len, 1000);
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 202, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "D\n");
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 102, 0, &got, &scratch), 0);
    nerq_cache_close(c);
    nerq_outputs_close(o);

    /* Another configuration sees nothing. */
    open_both(dir, 8, &o, &c);
    ck_assert_int_eq(nerq_cache_load(c, "a.txt", 100, 0, &got, &scratch), 0);
    nerq_cache_close(c);
    nerq_outputs_close(o);

    /* A run killed after writing its three articles (new contents): the next run finds
     * them in the killed run's outputs, kept in the cache, and the committed ones too. */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        open_both(dir, 7, &o, &c);
        for (int i = 0; i < 3; i++)
            fill(&rs[i], i == 2 ? "killed\n" : recs[i], 300 + (uint64_t)i, 10);
        run_three(dir, &c, &o, rs, ids, 0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert(exists(dir, ".tmp"));
    open_both(dir, 7, &o, &c);
    ck_assert(!exists(dir, ".unfinished"));
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 302, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "killed\n");
    ck_assert_uint_eq(got.sec[NERQ_SEC_QUOTES].len, 10);
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 202, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "D\n");
    /* This run reuses one article from each, then a completed run leaves one segment. */
    nerq_result_clear(&rs[0]);
    nerq_result_clear(&rs[2]);
    ck_assert_int_eq(nerq_cache_load(c, ids[0], 100, 0, &rs[0], &scratch), 1);
    fill(&rs[1], "new\n", 401, 0);
    ck_assert_int_eq(nerq_cache_load(c, ids[2], 302, 0, &rs[2], &scratch), 1);
    run_three(dir, &c, &o, rs, ids, 1);
    ck_assert_int_eq(count_entries(dir), 1);

    /* A damaged byte in a line: that article is a miss, the others still hit. */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "printf X | dd of=%s/articles.jsonl bs=1 seek=7 conv=notrunc 2>/dev/null", dir);
    ck_assert_int_eq(system(cmd), 0);
    open_both(dir, 7, &o, &c);
    ck_assert_int_eq(nerq_cache_load(c, "a.txt", 100, 0, &got, &scratch), 1);
    ck_assert_int_eq(nerq_cache_load(c, "b/c.txt", 401, 0, &got, &scratch), 0);
    ck_assert_uint_eq(got.sec[NERQ_SEC_RECORD].len, 0); /* a miss leaves nothing behind */
    ck_assert_int_eq(nerq_cache_load(c, "d.md", 302, 0, &got, &scratch), 1);
    ck_assert_str_eq(got.sec[NERQ_SEC_RECORD].data, "killed\n");
    nerq_cache_close(c);
    nerq_outputs_close(o);

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    for (int i = 0; i < 3; i++)
        nerq_result_free(&rs[i]);
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
