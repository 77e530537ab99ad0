/* inputs.c: which articles a run reads: the files under a folder (nerq_walk), or a list
 * of paths (--files-from FILE, "-" for stdin). Ids are sorted bytewise and unique, so the
 * output order never depends on how the list was given. */
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_list(nerq_filelist *l, const char *from, nerq_err *err)
{
    FILE *f = strcmp(from, "-") ? fopen(from, "rb") : stdin;
    if (!f) {
        nerq_err_set(err, "%s: %s", from, strerror(errno));
        return -1;
    }
    NERQ_VEC(char *) v = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) != -1) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        *NERQ_VEC_PUSH(v) = nerq_filelist_keep(l, line, (size_t)n);
    }
    free(line);
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    l->paths = v.v;
    l->n = v.n;
    if (bad) {
        nerq_err_set(err, "%s: read error", from);
        return -1;
    }
    return 0;
}

int nerq_inputs_load(nerq_inputs *in, const char *dir, const char *files_from, nerq_err *err)
{
    memset(in, 0, sizeof *in);
    in->root = dir;
    if (!files_from)
        return nerq_walk(dir, &in->ids, stderr, err);
    if (read_list(&in->ids, files_from, err) != 0)
        return -1;
    nerq_filelist *l = &in->ids;
    if (l->n)
        qsort(l->paths, l->n, sizeof *l->paths, cmp);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (k && !strcmp(l->paths[k - 1], l->paths[i])) {
            fprintf(stderr, "nerq: %s: %s: listed more than once, read once\n", files_from,
                    l->paths[i]);
            continue;
        }
        l->paths[k++] = l->paths[i];
    }
    l->n = k;
    return 0;
}

/* The folder nerq_ingest_file joins the id to: ids from a list are paths themselves. */
static const char *ingest_root(const nerq_inputs *in, size_t i)
{
    if (in->root)
        return in->root;
    return in->ids.paths[i][0] == '/' ? "" : ".";
}

char *nerq_inputs_path(const nerq_inputs *in, size_t i)
{
    const char *root = in->root, *id = in->ids.paths[i];
    if (!root) {
        char *p = strdup(id);
        if (!p)
            abort();
        return p;
    }
    size_t n = strlen(root) + strlen(id) + 2;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s", root, id);
    return p;
}

int nerq_inputs_ingest(const nerq_inputs *in, size_t i, nerq_ingest *g, nerq_article *a,
                       nerq_err *err)
{
    return nerq_ingest_file(g, a, ingest_root(in, i), in->ids.paths[i], err);
}

void nerq_inputs_free(nerq_inputs *in)
{
    nerq_filelist_free(&in->ids);
}
