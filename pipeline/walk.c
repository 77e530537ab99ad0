/* walk.c: recursive, sorted listing of the article files under a folder, and reading one
 * (writing one whole, too: nerq_write_all).
 * Hidden entries are skipped, each real folder is visited once (symlink loops cannot trap
 * it), files of other kinds are noted on `notes` and skipped. An article name that cannot
 * be read (dangling link, link loop, FIFO) is listed all the same: reading it fails, and
 * the article becomes an error record rather than disappearing. */

#include "nerq.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A folder entry: its name and readdir's type (DT_UNKNOWN when the file system gives none). */
typedef struct {
    char *name;
    unsigned char type;
} entry;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
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

/* Walk the folder open as fd (its path `rel` under the root, "" for the root itself; fd
 * is closed here). Entries are opened relative to their folder's descriptor, so a tree
 * deeper than PATH_MAX is still listed (reading such a file then gives an error record). */
static void walk_dir(int fd, const char *root, const char *rel, strvec *out, nerq_filelist *keep,
                     dirvec *seen, FILE *notes)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        if (notes)
            fprintf(notes, "nerq: %s/%s: %s\n", root, rel, strerror(errno));
        close(fd);
        return;
    }
    for (size_t i = 0; i < seen->n; i++)
        if (seen->v[i].dev == st.st_dev && seen->v[i].ino == st.st_ino) {
            if (notes)
                fprintf(notes, "nerq: %s/%s: folder already visited (symlink loop?), skipped\n", root, rel);
            close(fd);
            return;
        }
    dirid *d = NERQ_VEC_PUSH(*seen);
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        if (notes)
            fprintf(notes, "nerq: %s/%s: %s\n", root, rel, strerror(errno));
        close(fd);
        return;
    }
    NERQ_VEC(entry) names = {0};
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden, . and .. */
        entry *n = NERQ_VEC_PUSH(names);
        n->name = strdup(e->d_name);
        n->type = e->d_type;
    }
    if (names.n) /* qsort(NULL, 0) is undefined */
        qsort(names.v, names.n, sizeof *names.v, cmp_entry);
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.v[i].name;
        char *r = *rel ? join(rel, name) : strdup(name);
        struct stat s2;
        /* a regular file needs no stat (links, folders and unknown types do) */
        int ok = names.v[i].type == DT_REG ? (s2.st_mode = S_IFREG, 1)
                                            : fstatat(dirfd(dir), name, &s2, 0) == 0;
        int sub = -1;
        if (ok && S_ISDIR(s2.st_mode) &&
            (sub = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
            ok = 0;
        if (!ok && is_article(name)) {
            /* A dangling link, a link loop, a file gone: listed all the same, so that
             * reading it gives the article's error record instead of losing it. */
            *NERQ_VEC_PUSH(*out) = nerq_filelist_keep(keep, r, strlen(r));
            free(r);
        } else if (!ok) {
            if (notes)
                fprintf(notes, "nerq: %s/%s: %s\n", root, r, strerror(errno));
            free(r);
        } else if (S_ISDIR(s2.st_mode)) {
            walk_dir(sub, root, r, out, keep, seen, notes);
            free(r);
        } else if (is_article(name)) {
            /* regular or not (a FIFO, a device): ingest refuses what is not a file */
            *NERQ_VEC_PUSH(*out) = nerq_filelist_keep(keep, r, strlen(r));
            free(r);
        } else {
            if (notes)
                fprintf(notes, "nerq: %s/%s: not an article file (.txt .md .html), skipped\n", root, r);
            free(r);
        }
        free(names.v[i].name);
    }
    free(names.v);
    closedir(dir);
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
    int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        nerq_err_set(err, "%s: %s", root, strerror(errno));
        return -1;
    }
    dirvec seen = {0};
    walk_dir(fd, root, "", &v, out, &seen, notes);
    free(seen.v);
    /* Sorted per folder while walking; sort the whole list so order is bytewise on paths. */
    if (v.n)
        qsort(v.v, v.n, sizeof *v.v, cmp);
    out->paths = v.v;
    out->n = v.n;
    return 0;
}

int nerq_read_file(const char *root, const char *rel, nerq_buf *out, size_t max, nerq_err *err)
{
    size_t pl = strlen(root) + strlen(rel) + 2;
    char *path = malloc(pl);
    if (!path)
        abort();
    snprintf(path, pl, "%s/%s", root, rel);
    int rc = nerq_file_read(path, out, max, err);
    free(path);
    return rc;
}

int nerq_file_read(const char *path, nerq_buf *out, size_t max, nerq_err *err)
{
    out->len = 0;
    /* O_NONBLOCK: opening a FIFO named x.txt must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        nerq_err_set(err, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        nerq_err_set(err, "cannot open: %s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        nerq_err_set(err, "not a regular file (%s)", S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) ? "a device" :
                                                       S_ISSOCK(st.st_mode) ? "a socket" : "special");
        goto done;
    }
    if ((uint64_t)st.st_size > max) {
        nerq_err_set(err, "file too large (%llu bytes; the limit is %zu)", (unsigned long long)st.st_size, max);
        goto done;
    }
    /* The first read asks for one byte more than the size: getting exactly the size
     * means the end was reached, without the read that returns 0. */
    size_t want = (size_t)st.st_size + 1;
    nerq_buf_grow(out, want);
    for (;;) {
        nerq_buf_grow(out, want);
        ssize_t n = read(fd, out->data + out->len, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            nerq_err_set(err, "read error: %s", strerror(errno));
            goto done;
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
        if (out->len > max) { /* grew while being read */
            nerq_err_set(err, "file too large (over %zu bytes)", max);
            goto done;
        }
        if (out->len == (size_t)st.st_size && (size_t)n < want)
            break;
        want = 65536;
    }
    out->data[out->len] = '\0';
    rc = 0;
done:
    close(fd);
    return rc;
}

int nerq_write_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n) {
        ssize_t k = write(fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        s += k;
        n -= (size_t)k;
    }
    return 0;
}

char *nerq_filelist_keep(nerq_filelist *l, const char *s, size_t n)
{
    if (!l->pool)
        l->pool = nerq_arena_new();
    return nerq_arena_strndup_packed(l->pool, s, n);
}

void nerq_filelist_free(nerq_filelist *l)
{
    nerq_arena_free(l->pool);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
