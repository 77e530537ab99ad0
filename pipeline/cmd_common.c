/* cmd_common.c: what the export, stats and report commands share: reading a run's records
 * one by one with `nerq-CMD: FILE:LINE: problem` reports, and writing files. */
#include "commands.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *nerq_cmd_cat(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = malloc(la + lb + lc + 1);
    if (!p)
        abort();
    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    memcpy(p + la + lb, c, lc + 1);
    return p;
}

char *nerq_cmd_records_path(const char *path)
{
    struct stat st;
    int dir = strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    return nerq_cmd_cat(path, dir ? "/articles.jsonl" : "", "");
}

typedef struct {
    const char *prog;
    nerq_article *a;
    nerq_cmd_record_fn fn;
    void *ctx;
} record_ctx;

static int each_record(void *vctx, const char *line, size_t len, const char *name, long lineno, int complete)
{
    record_ctx *x = vctx;
    nerq_err err = {{0}};
    if (nerq_record_read(x->a, line, len, &err) != 0) {
        fprintf(stderr, "%s: %s:%ld: %s%s, record skipped\n", x->prog, name, lineno, err.msg,
                complete ? "" : " (truncated last line)");
        return 1;
    }
    return x->fn(x->ctx, x->a, name, lineno) != 0;
}

static int each_in_file(const char *prog, char *file, nerq_cmd_record_fn fn, void *ctx);

int nerq_cmd_each_record(const char *prog, const char *path, nerq_cmd_record_fn fn, void *ctx)
{
    char *file = nerq_cmd_records_path(path);
    int rc = each_in_file(prog, file, fn, ctx);
    /* nerq run keeps a run's error records apart, in OUTDIR/errors.jsonl */
    struct stat st;
    if (rc != 2 && strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        char *errors = nerq_cmd_cat(path, "/errors.jsonl", "");
        if (stat(errors, &st) == 0) {
            int rc2 = each_in_file(prog, errors, fn, ctx);
            rc = rc2 > rc ? rc2 : rc;
        } else {
            free(errors);
        }
    }
    return rc;
}

/* The records of one file (takes file and frees it). */
static int each_in_file(const char *prog, char *file, nerq_cmd_record_fn fn, void *ctx)
{
    FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, file, strerror(errno));
        free(file);
        return 2;
    }
    const char *name = f == stdin ? "<stdin>" : file;
    record_ctx rc = {prog, nerq_article_new(), fn, ctx};
    int failed = nerq_cli_each_line(f, name, prog, each_record, &rc) != 0;
    if (f != stdin)
        fclose(f);
    nerq_article_free(rc.a);
    free(file);
    return failed;
}

int nerq_cmd_mkdirs(const char *path, nerq_err *err)
{
    size_t n = strlen(path);
    char *p = malloc(n + 1);
    if (!p)
        abort();
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            nerq_err_set(err, "%s: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        p[i] = c;
    }
    free(p);
    return 0;
}

int nerq_cmd_write_file(const char *path, const nerq_buf *b, nerq_err *err)
{
    char *tmp = nerq_cmd_cat(path, ".tmp", "");
    FILE *f = fopen(tmp, "wb");
    int rc = 0, bad = !f;
    if (f) {
        bad = b->len && fwrite(b->data, 1, b->len, f) != b->len;
        bad |= fclose(f) != 0;
    }
    if (bad) {
        nerq_err_set(err, "%s: %s", tmp, strerror(errno));
        if (f)
            remove(tmp);
        rc = -1;
    } else if (rename(tmp, path) != 0) {
        nerq_err_set(err, "%s: %s", path, strerror(errno));
        remove(tmp);
        rc = -1;
    }
    free(tmp);
    return rc;
}

int nerq_cmd_safe_id(const char *id)
{
    if (!id[0] || id[0] == '/')
        return 0;
    for (const char *p = id; *p;) {
        const char *e = strchr(p, '/');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == 0 || (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += l + (e != NULL);
        if (e && !*p)
            return 0;
    }
    return 1;
}
