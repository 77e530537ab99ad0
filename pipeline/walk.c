/* walk.c: recursive, sorted listing of the article files under a folder. Hidden entries
 * are skipped, each real folder is visited once (symlink loops cannot trap it), files of
 * other kinds are noted on `notes` and skipped. */

#include "nerq.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef NERQ_VEC(char *) strvec;
typedef struct {
    dev_t dev;
    ino_t ino;
} dirid;
typedef NERQ_VEC(dirid) dirvec;

static int is_article(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    static const char *ext[] = {".txt", ".md", ".markdown", ".html", ".htm", NULL};
    for (int i = 0; ext[i]; i++)
        if (strcasecmp(dot, ext[i]) == 0)
            return 1;
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (!p)
        abort();
    memcpy(p, a, la);
    size_t k = la;
    if (la && a[la - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, b, lb + 1);
    return p;
}

static void walk_dir(const char *root, const char *rel, strvec *out, dirvec *seen, FILE *notes)
{
    char *full = *rel ? join(root, rel) : strdup(root);
    struct stat st;
    if (stat(full, &st) != 0) {
        if (notes)
            fprintf(notes, "nerq: %s: %s\n", full, strerror(errno));
        free(full);
        return;
    }
    for (size_t i = 0; i < seen->n; i++)
        if (seen->v[i].dev == st.st_dev && seen->v[i].ino == st.st_ino) {
            if (notes)
                fprintf(notes, "nerq: %s: folder already visited (symlink loop?), skipped\n", full);
            free(full);
            return;
        }
    dirid *d = NERQ_VEC_PUSH(*seen);
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    DIR *dir = opendir(full);
    if (!dir) {
        if (notes)
            fprintf(notes, "nerq: %s: %s\n", full, strerror(errno));
        free(full);
        return;
    }
    strvec names = {0};
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden, . and .. */
        *NERQ_VEC_PUSH(names) = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names.v, names.n, sizeof *names.v, cmp);
    for (size_t i = 0; i < names.n; i++) {
        char *r = *rel ? join(rel, names.v[i]) : strdup(names.v[i]);
        char *f = join(root, r);
        struct stat s2;
        if (stat(f, &s2) != 0) {
            if (notes)
                fprintf(notes, "nerq: %s: %s\n", f, strerror(errno));
            free(r);
        } else if (S_ISDIR(s2.st_mode)) {
            walk_dir(root, r, out, seen, notes);
            free(r);
        } else if (S_ISREG(s2.st_mode) && is_article(names.v[i])) {
            *NERQ_VEC_PUSH(*out) = r;
        } else {
            if (notes)
                fprintf(notes, "nerq: %s: not an article file (.txt .md .html), skipped\n", f);
            free(r);
        }
        free(f);
        free(names.v[i]);
    }
    free(names.v);
    free(full);
}

int nerq_walk(const char *root, nerq_filelist *out, FILE *notes, nerq_err *err)
{
    struct stat st;
    memset(out, 0, sizeof *out);
    if (stat(root, &st) != 0) {
        nerq_err_set(err, "%s: %s", root, strerror(errno));
        return -1;
    }
    strvec v = {0};
    if (!S_ISDIR(st.st_mode)) {
        nerq_err_set(err, "%s: not a folder", root);
        return -1;
    }
    dirvec seen = {0};
    walk_dir(root, "", &v, &seen, notes);
    free(seen.v);
    /* Sorted per folder while walking; sort the whole list so order is bytewise on paths. */
    if (v.n)
        qsort(v.v, v.n, sizeof *v.v, cmp);
    out->paths = v.v;
    out->n = v.n;
    return 0;
}

void nerq_filelist_free(nerq_filelist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
