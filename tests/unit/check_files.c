/* check_files.c: rule files (comments, line numbers, encoding), word sets, and the
 * folder walk (sorted, recursive, hidden entries and other files skipped, loops). */
#include "check_util.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/nerq-files-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(rule_file_comments_and_lines)
{
    put("r.txt", "# a comment\n\nalpha   # trailing comment\n  beta\t\nC\\#sharp\n");
    nerq_rule_file f;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_rule_file_load(&f, dir, "r.txt", &err), 0);
    ck_assert_uint_eq(f.lines.n, 3);
    ck_assert_str_eq(f.lines.v[0].text, "alpha");
    ck_assert_int_eq(f.lines.v[0].lineno, 3);
    ck_assert_str_eq(f.lines.v[1].text, "beta");
    ck_assert_str_eq(f.lines.v[2].text, "C\\#sharp"); /* a # inside a word is not a comment */
    nerq_rule_file_free(&f);
}
END_TEST

START_TEST(rule_file_bad_encoding)
{
    put("bad.txt", "fine\nca\xffmpaign\n");
    nerq_rule_file f;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_rule_file_load(&f, dir, "bad.txt", &err), -1);
    ck_assert_msg(strstr(err.msg, "bad.txt:2:") != NULL, "%s", err.msg);
    nerq_rule_file_free(&f);
    ck_assert_int_eq(nerq_rule_file_load(&f, dir, "missing.txt", &err), -1);
    ck_assert_msg(strstr(err.msg, "missing.txt") != NULL, "%s", err.msg);
    nerq_rule_file_free(&f);
}
END_TEST

START_TEST(wordset)
{
    put("w.txt", "Anna\nBoris # comment\n");
    nerq_err err = {{0}};
    nerq_wordset *w = nerq_wordset_load(dir, "w.txt", &err);
    ck_assert_ptr_nonnull(w);
    ck_assert(nerq_wordset_has(w, "Anna", 4));
    ck_assert(nerq_wordset_has(w, "Boris", 5));
    ck_assert(!nerq_wordset_has(w, "anna", 4));
    nerq_wordset_free(w);
}
END_TEST

START_TEST(walk_sorted_filtered)
{
    char sub[512];
    snprintf(sub, sizeof sub, "%s/b", dir);
    mkdir(sub, 0777);
    snprintf(sub, sizeof sub, "%s/.hidden", dir);
    mkdir(sub, 0777);
    put("z.txt", "z");
    put("a.md", "a");
    put("b/c.html", "c");
    put("b/notes.pdf", "p");
    put(".hidden/x.txt", "x");
    put(".dot.txt", "d");
    char link[512];
    snprintf(link, sizeof link, "%s/b/loop", dir);
    ck_assert_int_eq(symlink(dir, link), 0); /* a loop back to the top */
    nerq_filelist l;
    nerq_err err = {{0}};
    FILE *notes = tmpfile();
    ck_assert_int_eq(nerq_walk(dir, &l, notes, &err), 0);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_str_eq(l.paths[0], "a.md");
    ck_assert_str_eq(l.paths[1], "b/c.html");
    ck_assert_str_eq(l.paths[2], "z.txt");
    nerq_filelist_free(&l);
    fclose(notes);
    ck_assert_int_eq(nerq_walk("/nonexistent-nerq", &l, NULL, &err), -1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rule_file_comments_and_lines);
    tcase_add_test(tc, rule_file_bad_encoding);
    tcase_add_test(tc, wordset);
    tcase_add_test(tc, walk_sorted_filtered);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
