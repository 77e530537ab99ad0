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

/* The start-byte pre-checks (regex.c study_start) never change a result: every pattern
 * agrees with a plain pcre2_match at every start offset of every subject. */
START_TEST(rx_start_checks_agree)
{
    static const char *pats[] = {
        "^(?i:photo|image)s?\\s*:", "^\\p{Lu}[\\p{L}.'-]+\\s*/", "(?<!\\S)\\[(?:AP)?\\s*Photo",
        "^(?i)kelvin", "^(?i)straße", "\\((?<=[.!?]\\s\\()\\p{Lu}[^()]{0,9}\\)", "^$", "x*",
        "^(?:(?i:copyright)\\b|\xC2\xA9|\\([cC]\\)\\s*\\d{4})", "\\Gab", "[\xC3\xA9" "e]t\xC3\xA9",
    };
    static const char *subs[] = {
        "", "Photo: AP", "photos : x", "IMAGE: y", "x Photo: z", "Jane Doe / Reuters",
        "\xC3\x89mile Zola / AFP", "\xE2\x84\xAA" "elvin", "Kelvin", "STRASSE", "[AP Photo] x",
        "Ends. (Jo Bloggs/PA)", "\xC2\xA9 2024", "(c) 2024 x", "abab", "\xff\xfe" "Photo:", "\xC3\xA9t\xC3\xA9 et\xC3\xA9",
    };
    nerq_rx_matcher *m = nerq_rx_matcher_new(0, 0);
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    for (size_t p = 0; p < sizeof pats / sizeof *pats; p++) {
        nerq_regex r;
        nerq_err err = {{0}};
        ck_assert_int_eq(nerq_regex_compile(&r, pats[p], PCRE2_UCP, &err), 0);
        for (size_t k = 0; k < sizeof subs / sizeof *subs; k++) {
            size_t n = strlen(subs[k]);
            for (size_t from = 0; from <= n; from++) {
                size_t ms = 0, me = 0;
                int got = nerq_regex_match(m, &r, subs[k], n, from, &ms, &me, &err);
                int rc = pcre2_match(r.code, (PCRE2_SPTR)subs[k], n, from, 0, md, NULL);
                ck_assert_msg(got == (rc > 0), "pattern %zu subject %zu from %zu: %d vs %d", p, k,
                              from, got, rc);
                if (rc > 0) {
                    ck_assert_uint_eq(ms, pcre2_get_ovector_pointer(md)[0]);
                    ck_assert_uint_eq(me, pcre2_get_ovector_pointer(md)[1]);
                }
            }
        }
        nerq_regex_free(&r);
    }
    pcre2_match_data_free(md);
    nerq_rx_matcher_free(m);
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
    tcase_add_test(tc, rx_start_checks_agree);
    tcase_add_test(tc, rx_bad_pattern);
    tcase_add_test(tc, rx_pathological_stopped);
    tcase_add_test(tc, rx_deep_recursion);
    tcase_add_test(tc, rx_rule_file);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
