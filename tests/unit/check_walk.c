/* check_walk.c: walking and reading article files that misbehave: a file that vanishes
 * between the walk and its reading, a FIFO (must not block), dangling and looping links,
 * a tree deeper than PATH_MAX, a symlink loop between folders. */
#include "check_util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void put(const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void rm_tree(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    ck_assert_int_eq(system(cmd), 0);
}

static long find(const nerq_filelist *l, const char *prefix)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strncmp(l->paths[i], prefix, strlen(prefix)))
            return (long)i;
    return -1;
}

START_TEST(walk_and_read_faults)
{
    snprintf(root, sizeof root, "/tmp/nerq-walk-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    char p[256];
    put("a.txt", "Alpha said \xE2\x80\x9Cyes.\xE2\x80\x9D\n");
    put("vanish.txt", "Here now.\n");
    snprintf(p, sizeof p, "%s/fifo.txt", root);
    ck_assert_int_eq(mkfifo(p, 0600), 0);
    snprintf(p, sizeof p, "%s/dangling.txt", root);
    ck_assert_int_eq(symlink("nowhere.txt", p), 0);
    snprintf(p, sizeof p, "%s/loop.txt", root);
    ck_assert_int_eq(symlink("loop.txt", p), 0);
    snprintf(p, sizeof p, "%s/sub", root);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sub/back", root);
    ck_assert_int_eq(symlink("..", p), 0);
    /* 30 folders of 200 bytes: a path of over 6,000 bytes, past PATH_MAX */
    int fd = open(root, O_RDONLY | O_DIRECTORY);
    char name[201];
    memset(name, 'd', 200);
    name[200] = '\0';
    for (int i = 0; i < 30; i++) {
        ck_assert_int_eq(mkdirat(fd, name, 0700), 0);
        int sub = openat(fd, name, O_RDONLY | O_DIRECTORY);
        ck_assert_int_ge(sub, 0);
        close(fd);
        fd = sub;
    }
    int f = openat(fd, "deep.txt", O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(f, 0);
    ck_assert_int_eq(write(f, "Deep.\n", 6), 6);
    close(f);
    close(fd);

    nerq_filelist l;
    nerq_err err = {{0}};
    FILE *notes = tmpfile();
    ck_assert_int_eq(nerq_walk(root, &l, notes, &err), 0);
    ck_assert_uint_eq(l.n, 6); /* a dangling dddd.../deep fifo loop vanish */
    ck_assert_int_ge(find(&l, "dddd"), 0);
    ck_assert_uint_gt(strlen(l.paths[find(&l, "dddd")]), PATH_MAX);
    ck_assert_int_lt(find(&l, "sub/"), 0); /* sub/back/... not walked again */

    snprintf(p, sizeof p, "%s/vanish.txt", root);
    ck_assert_int_eq(unlink(p), 0); /* gone between the walk and the reading */

    nerq_config c;
    nerq_config_default(&c);
    nerq_ingest *g = nerq_ingest_new(&c, &err);
    nerq_article *a = nerq_article_new();
    struct {
        const char *prefix, *error;
    } want[] = {
        {"a.txt", NULL},
        {"dangling.txt", "cannot open: No such file"},
        {"dddd", "cannot open: File name too long"},
        {"fifo.txt", "not a regular file (a FIFO)"},
        {"loop.txt", "cannot open: Too many levels of symbolic links"},
        {"vanish.txt", "cannot open: No such file"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long k = find(&l, want[i].prefix);
        ck_assert_int_ge(k, 0);
        err.msg[0] = '\0';
        int rc = nerq_ingest_file(g, a, root, l.paths[k], &err);
        if (!want[i].error) {
            ck_assert_msg(rc == 0 && !a->error, "%s: %s", want[i].prefix, err.msg);
            ck_assert_uint_gt(a->text_len, 0);
        } else {
            ck_assert_int_eq(rc, -1);
            ck_assert_ptr_nonnull(a->error);
            ck_assert_msg(strstr(a->error, want[i].error), "%s: %s", want[i].prefix, a->error);
            ck_assert_str_eq(a->error_stage, "ingest");
            ck_assert_str_eq(a->id, l.paths[k]);
        }
    }
    nerq_article_free(a);
    nerq_ingest_free(g);
    nerq_filelist_free(&l);
    fclose(notes);
    rm_tree(root);
}
END_TEST

START_TEST(walk_not_a_folder)
{
    nerq_filelist l;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_walk("/nonexistent/nerq", &l, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "No such file"), "%s", err.msg);
    ck_assert_int_eq(nerq_walk("/dev/null", &l, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "not a folder"), "%s", err.msg);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("walk");
    TCase *tc = tcase_create("walk");
    tcase_set_timeout(tc, 30); /* a FIFO that blocked would hit this */
    tcase_add_test(tc, walk_and_read_faults);
    tcase_add_test(tc, walk_not_a_folder);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
