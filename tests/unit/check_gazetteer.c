/* check_gazetteer.c: loading name lists, longest match over tokens, case rules, several
 * entries per form, errors named by file and line, the compiled cache. */
#include "check_util.h"

#include "gazetteer.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/nerq-gaz-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file("a.tsv", "# test list\n"
                        "COUNTRY\tQ30\tUnited States\tUS|U.S.|United States of America\tiso2=US\n"
                        "ORG\tnerq:org/un\tUnited Nations\tUN|U.N.\t-\n"
                        "LOC\tnerq:loc/georgia\tGeorgia\t-\tambiguous=1\n");
    write_file("b.tsv", "COUNTRY\tQ230\tGeorgia\t-\tiso2=GE\n"
                        "PERSON\tnerq:person/jv\tJan Vok\tVok\t-\n");
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static nerq_tokenizer *tokenizer(void)
{
    nerq_config c;
    nerq_config_default(&c);
    nerq_err err = {{0}};
    nerq_tokenizer *t = nerq_tokenizer_new(&c, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    return t;
}

START_TEST(longest_match_and_case)
{
    nerq_tokenizer *tk = tokenizer();
    nerq_err err = {{0}};
    nerq_gazetteer *g = nerq_gazetteer_load(dir, tk, &err);
    ck_assert_msg(g != NULL, "%s", err.msg);
    ck_assert_uint_eq(nerq_gazetteer_size(g), 5);
    nerq_article *a = nerq_test_article("The United States of America and the us team met U.N. staff.\n", NULL);
    const nerq_gaz_entry *e = NULL;
    /* "United States of America": four tokens, longest form wins over "United States" */
    ck_assert_uint_eq(nerq_gazetteer_match(g, a, 1, a->tokens.n, 0, &e), 4);
    ck_assert_str_eq(e->canonical, "United States");
    ck_assert_str_eq(e->id, "Q30");
    char buf[16];
    ck_assert_str_eq(nerq_gaz_attr(e, "iso2", buf, sizeof buf), "US");
    /* "us" is not "US" */
    ck_assert_uint_eq(nerq_gazetteer_match(g, a, 7, a->tokens.n, 0, &e), 0);
    /* "U.N." is one token and matches */
    ck_assert_uint_eq(nerq_gazetteer_match(g, a, 10, a->tokens.n, 0, &e), 1);
    ck_assert_str_eq(e->canonical, "United Nations");
    /* a limit stops a match at a sentence end */
    ck_assert_uint_eq(nerq_gazetteer_match(g, a, 1, 3, 0, &e), 2);
    nerq_article_free(a);
    nerq_gazetteer_free(g);
    nerq_tokenizer_free(tk);
}
END_TEST

START_TEST(capitals_fold)
{
    nerq_tokenizer *tk = tokenizer();
    nerq_err err = {{0}};
    nerq_gazetteer *g = nerq_gazetteer_load(dir, tk, &err);
    nerq_article *a = nerq_test_article("UNITED NATIONS WARNS US\n", NULL);
    const nerq_gaz_entry *e = NULL;
    ck_assert_uint_eq(nerq_gazetteer_match(g, a, 0, a->tokens.n, 0, &e), 0);
    ck_assert_uint_eq(nerq_gazetteer_match(g, a, 0, a->tokens.n, 1, &e), 2);
    ck_assert_str_eq(e->canonical, "United Nations");
    nerq_article_free(a);
    nerq_gazetteer_free(g);
    nerq_tokenizer_free(tk);
}
END_TEST

START_TEST(several_entries_one_form)
{
    nerq_tokenizer *tk = tokenizer();
    nerq_err err = {{0}};
    nerq_gazetteer *g = nerq_gazetteer_load(dir, tk, &err);
    nerq_article *a = nerq_test_article("Georgia voted.\n", NULL);
    nerq_gaz_hits h;
    ck_assert_uint_eq(nerq_gazetteer_match_all(g, a, 0, a->tokens.n, 0, &h), 1);
    ck_assert_uint_eq(h.n, 2);
    ck_assert_str_eq(nerq_gaz_hit(&h, 0)->type, "LOC"); /* a.tsv comes first */
    ck_assert_str_eq(nerq_gaz_hit(&h, 1)->type, "COUNTRY");
    nerq_article_free(a);
    nerq_gazetteer_free(g);
    nerq_tokenizer_free(tk);
}
END_TEST

/* nerq_gazetteer_first bounds the forms a token starts, nerq_gazetteer_later knows the
 * words that follow a first one; match_from with the first bounds gives what match_all
 * gives, at every token, with and without folding. */
START_TEST(first_forms_and_match_from)
{
    nerq_tokenizer *tk = tokenizer();
    nerq_err err = {{0}};
    nerq_gazetteer *g = nerq_gazetteer_load(dir, tk, &err);
    ck_assert_msg(g != NULL, "%s", err.msg);
    nerq_article *a = nerq_test_article("The United States of America and UNITED NATIONS met Jan Vok in Georgia.\n", NULL);
    ck_assert_uint_eq(nerq_gazetteer_first(g, a, 0, 0), 0); /* "The" */
    ck_assert_uint_eq(nerq_gazetteer_first(g, a, 1, 0), 4); /* "United" ... "of America" */
    ck_assert_uint_eq(nerq_gazetteer_first(g, a, 6, 0), 0); /* "UNITED" as written */
    ck_assert_uint_ge(nerq_gazetteer_first(g, a, 6, 1), 2); /* folded: "united nations" */
    ck_assert_uint_eq(nerq_gazetteer_first(g, a, 9, 0), 2); /* "Jan Vok" */
    /* words after the first of a form: "States", "of", "America", "Vok"; folded "nations" */
    ck_assert_int_eq(nerq_gazetteer_later(g, a, 2, 0), 1);
    ck_assert_int_eq(nerq_gazetteer_later(g, a, 3, 0), 1);
    ck_assert_int_eq(nerq_gazetteer_later(g, a, 10, 0), 1);
    ck_assert_int_eq(nerq_gazetteer_later(g, a, 7, 1), 1);
    ck_assert_int_eq(nerq_gazetteer_later(g, a, 8, 0), 0); /* "met" */
    ck_assert_int_eq(nerq_gazetteer_later(g, a, 11, 0), 0); /* "in" */
    for (int fold = 0; fold < 2; fold++)
        for (size_t i = 0; i < a->tokens.n; i++)
            for (size_t lim = i + 1; lim <= a->tokens.n; lim++) {
                uint8_t first[2] = {(uint8_t)nerq_gazetteer_first(g, a, i, 0),
                                    (uint8_t)nerq_gazetteer_first(g, a, i, 1)};
                nerq_gaz_hits h1 = {0}, h2 = {0};
                size_t k1 = nerq_gazetteer_match_all(g, a, i, lim, fold, &h1);
                size_t k2 = nerq_gazetteer_match_from(g, a, i, lim, fold, first, &h2);
                ck_assert_uint_eq(k1, k2);
                ck_assert_uint_eq(h1.n, h2.n);
                ck_assert_ptr_eq(h1.idx, h2.idx);
                if (!first[0] && !(fold && first[1]))
                    ck_assert_uint_eq(k1, 0);
            }
    nerq_article_free(a);
    nerq_gazetteer_free(g);
    nerq_tokenizer_free(tk);
}
END_TEST

START_TEST(bad_line_names_file_and_line)
{
    write_file("c.tsv", "# fine\nPERSON\tx\n");
    nerq_tokenizer *tk = tokenizer();
    nerq_err err = {{0}};
    ck_assert_ptr_null(nerq_gazetteer_load(dir, tk, &err));
    ck_assert_msg(strstr(err.msg, "c.tsv:2:") != NULL, "%s", err.msg);
    nerq_tokenizer_free(tk);
}
END_TEST

START_TEST(compiled_cache_gives_the_same_matches)
{
    char cache[300];
    snprintf(cache, sizeof cache, "%s/cache", dir);
    setenv("NERQ_CACHE_DIR", cache, 1);
    setenv("NERQ_GAZ_CACHE", "1", 1);
    nerq_tokenizer *tk = tokenizer();
    nerq_err err = {{0}};
    nerq_gazetteer *built = nerq_gazetteer_load(dir, tk, &err);  /* builds, writes the cache */
    nerq_gazetteer *mapped = nerq_gazetteer_load(dir, tk, &err); /* maps it */
    ck_assert_msg(built && mapped, "%s", err.msg);
    nerq_article *a = nerq_test_article("Jan Vok of Georgia spoke at the UN with US officials.\n", NULL);
    for (size_t i = 0; i < a->tokens.n; i++) {
        nerq_gaz_hits h1, h2;
        size_t k1 = nerq_gazetteer_match_all(built, a, i, a->tokens.n, 1, &h1);
        size_t k2 = nerq_gazetteer_match_all(mapped, a, i, a->tokens.n, 1, &h2);
        ck_assert_uint_eq(k1, k2);
        for (int fold = 0; fold < 2; fold++) {
            ck_assert_uint_eq(nerq_gazetteer_first(built, a, i, fold), nerq_gazetteer_first(mapped, a, i, fold));
            ck_assert_int_eq(nerq_gazetteer_later(built, a, i, fold), nerq_gazetteer_later(mapped, a, i, fold));
        }
        if (k1) {
            ck_assert_uint_eq(h1.n, h2.n);
            for (size_t k = 0; k < h1.n; k++)
                ck_assert_str_eq(nerq_gaz_hit(&h1, k)->canonical, nerq_gaz_hit(&h2, k)->canonical);
        }
    }
    /* a mapped list cannot grow */
    static const nerq_gaz_entry extra = {"ORG", NULL, "X", "", "t", 0};
    ck_assert_int_eq(nerq_gazetteer_add(mapped, "Xyz", &extra, &err), -1);
    unsetenv("NERQ_GAZ_CACHE");
    unsetenv("NERQ_CACHE_DIR");
    nerq_article_free(a);
    nerq_gazetteer_free(built);
    nerq_gazetteer_free(mapped);
    nerq_tokenizer_free(tk);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("gazetteer");
    TCase *tc = tcase_create("gazetteer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, longest_match_and_case);
    tcase_add_test(tc, capitals_fold);
    tcase_add_test(tc, several_entries_one_form);
    tcase_add_test(tc, first_forms_and_match_from);
    tcase_add_test(tc, bad_line_names_file_and_line);
    tcase_add_test(tc, compiled_cache_gives_the_same_matches);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
