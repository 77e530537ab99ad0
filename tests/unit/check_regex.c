/* check_regex.c: the PCRE2 helper: compile errors, rule files, limits that stop
 * pathological patterns (an error, not a hang), invalid UTF-8 subjects, reuse. */
#include "check_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "regex.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

START_TEST(rx_match_and_reuse)
{
    nerq_regex a, b;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_regex_compile(&a, "Read (more|next):", 0, &err), 0);
    ck_assert_int_eq(nerq_regex_compile(&b, "(?i)^advertisement$", PCRE2_MULTILINE, &err), 0);
    nerq_rx_matcher *m = nerq_rx_matcher_new(0, 0);
    const char *s = "x\nADVERTISEMENT\nRead more: here \xff\xfe Read next: there";
    size_t ms, me;
    for (int round = 0; round < 3; round++) {
        ck_assert_int_eq(nerq_regex_match(m, &b, s, strlen(s), 0, &ms, &me, &err), 1);
        ck_assert_uint_eq(ms, 2);
        ck_assert_uint_eq(me, 15);
        ck_assert_int_eq(nerq_regex_match(m, &a, s, strlen(s), 0, &ms, &me, &err), 1);
        ck_assert_uint_eq(ms, 16);
        /* past the invalid bytes */
        ck_assert_int_eq(nerq_regex_match(m, &a, s, strlen(s), me, &ms, &me, &err), 1);
        ck_assert_int_eq(memcmp(s + ms, "Read next:", 10), 0);
        ck_assert_int_eq(nerq_regex_match(m, &a, s, strlen(s), me, &ms, &me, &err), 0);
        ck_assert_int_eq(nerq_regex_match(m, &a, s, strlen(s), strlen(s) + 5, &ms, &me, &err), 0);
    }
    uint32_t pairs;
    nerq_regex_match(m, &a, s, strlen(s), 0, &ms, &me, &err);
    nerq_rx_ovector(m, &pairs);
    ck_assert_uint_eq(pairs, 2);
    nerq_rx_matcher_free(m);
    nerq_regex_free(&a);
    nerq_regex_free(&b);
}
END_TEST

START_TEST(rx_bad_pattern)
{
    nerq_regex r;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_regex_compile(&r, "Read (more", 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "missing closing parenthesis") && strstr(err.msg, "offset 10"), "%s", err.msg);
    ck_assert_int_eq(nerq_regex_compile(&r, "\xff", 0, &err), -1); /* pattern not UTF-8 */
    ck_assert_msg(strstr(err.msg, "UTF-8"), "%s", err.msg);
}
END_TEST

/* Catastrophic backtracking is stopped by the match limit, fast, with and without JIT. */
START_TEST(rx_pathological_stopped)
{
    const char *pats[] = {"^(a+)+$", "^(a|aa)+$", "(\\w+\\s?)*$", "^(?:(a)|(a)|(a))*$"};
    char text[64];
    memset(text, 'a', 40);
    strcpy(text + 40, "!");
    nerq_rx_matcher *m = nerq_rx_matcher_new(0, 0);
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        nerq_regex r;
        nerq_err err = {{0}};
        ck_assert_int_eq(nerq_regex_compile(&r, pats[i], 0, &err), 0);
        r.name = "patho";
        const char *subj = text;
        double t0 = now();
        size_t ms, me;
        int rc = nerq_regex_match(m, &r, subj, strlen(subj), 0, &ms, &me, &err);
        double dt = now() - t0;
        ck_assert_msg(rc == -1, "pattern %s: rc %d", pats[i], rc);
        ck_assert_msg(strstr(err.msg, "limit") && strstr(err.msg, "rule patho"), "%s", err.msg);
        ck_assert_msg(dt < 5.0, "pattern %s took %.1f s", pats[i], dt);
        nerq_regex_free(&r);
    }
    nerq_rx_matcher_free(m);
}
END_TEST

/* Deep recursion on a long subject: JIT stack or depth limit, an error not a crash. */
START_TEST(rx_deep_recursion)
{
    size_t n = 4 << 20;
    char *s = malloc(n + 1);
    memset(s, 'a', n);
    s[n] = '\0';
    nerq_regex r;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_regex_compile(&r, "^(a|b(?1))*(?:c|d)", 0, &err), 0);
    r.name = "deep";
    nerq_rx_matcher *m = nerq_rx_matcher_new(0, 0);
    size_t ms, me;
    int rc = nerq_regex_match(m, &r, s, n, 0, &ms, &me, &err);
    ck_assert_msg(rc == -1 || rc == 0, "rc %d", rc);
    nerq_rx_matcher_free(m);
    nerq_regex_free(&r);
    free(s);
}
END_TEST

static char *write_rules(const char *content)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/nerq-rx-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/boilerplate.txt", dir);
    FILE *f = fopen(path, "wb");
    fputs(content, f);
    fclose(f);
    return dir;
}

static void remove_rules(const char *dir)
{
    char path[128];
    snprintf(path, sizeof path, "%s/boilerplate.txt", dir);
    unlink(path);
    rmdir(dir);
}

START_TEST(rx_rule_file)
{
    nerq_err err = {{0}};
    char *dir = write_rules("# boilerplate\nread-more\tRead (more|next):.*$\n\n^Advertisement$   # ads\n");
    nerq_regex_set *s = nerq_regex_set_load(dir, "boilerplate.txt", PCRE2_MULTILINE, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_uint_eq(s->rx.n, 2);
    ck_assert_str_eq(s->rx.v[0].name, "read-more");
    ck_assert_int_eq(s->rx.v[0].line, 2);
    ck_assert_str_eq(s->rx.v[1].name, "boilerplate.txt:4");
    nerq_regex_set_free(s);
    remove_rules(dir);

    struct {
        const char *content, *want;
    } bad[] = {
        {"ok\tfine\n# c\nbroken\tRead (more\n", "boilerplate.txt:3: bad regular expression: missing closing parenthesis"},
        {"a\tx\nb\ty\na\tz\n", "boilerplate.txt:3: rule \"a\" defined twice (first on line 1)"},
        {"a\tx\nb\t\xC3(\n", "boilerplate.txt:2: not valid UTF-8"},
        {"a\tx\nb\ty\x01\x00z\n", "boilerplate.txt:2: NUL byte"},
        {"x\t[z-a]\n", "boilerplate.txt:1: bad regular expression: range out of order"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dir = write_rules(bad[i].content);
        if (i == 3) { /* fputs stops at the NUL: write the bytes */
            char path[128];
            snprintf(path, sizeof path, "%s/boilerplate.txt", dir);
            FILE *f = fopen(path, "wb");
            fwrite(bad[i].content, 1, 11, f);
            fclose(f);
        }
        err.msg[0] = '\0';
        ck_assert_ptr_null(nerq_regex_set_load(dir, "boilerplate.txt", 0, &err));
        ck_assert_msg(strstr(err.msg, bad[i].want), "case %zu: %s", i, err.msg);
        ck_assert_msg(strstr(err.msg, dir), "case %zu: no path in %s", i, err.msg);
        remove_rules(dir);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("regex");
    TCase *tc = tcase_create("regex");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rx_match_and_reuse);
    tcase_add_test(tc, rx_bad_pattern);
    tcase_add_test(tc, rx_pathological_stopped);
    tcase_add_test(tc, rx_deep_recursion);
    tcase_add_test(tc, rx_rule_file);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
