/* outputs.c: the files of OUTDIR. A run writes them under OUTDIR/.tmp and, only when it
 * has finished, fsyncs them and renames each into place (manifest.json last), so a run
 * killed at any moment leaves the previous outputs whole. OUTDIR/.lock (flock) keeps a
 * second run from writing into the same folder at the same time. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFSZ ((size_t)1 << 20)

enum { O_ARTICLES, O_ERRORS, O_MENTIONS, O_QUOTES, O_STAGE0, NOUT = O_STAGE0 + 5 };
static const char *const names[NOUT] = {
    "articles.jsonl", "errors.jsonl", "mentions.jsonl", "quotes.jsonl", "stages/ingest.jsonl",
    "stages/tokenize.jsonl", "stages/entities.jsonl", "stages/quotes.jsonl",
    "stages/attribute.jsonl"};

struct nerq_outputs {
    char *outdir;
    int lock, keep, committed;
    FILE *f[NOUT];
    char *vbuf[NOUT]; /* stdio buffers: glibc ignores the size given without one */
    char *tmp[NOUT + 1], *final[NOUT + 1]; /* [NOUT]: manifest.json */
};

static char *path2(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s%s", a, b, c);
    return p;
}

/* "stages/ingest.jsonl" -> "stages-ingest.jsonl" under .tmp */
static char *tmp_name(const char *outdir, const char *name)
{
    char *p = path2(outdir, ".tmp/", name);
    char *slash = strrchr(p, '/');
    if (slash > p + strlen(outdir) + 5)
        *slash = '-';
    return p;
}

static int mkdir_ok(const char *d, nerq_err *err)
{
    if (mkdir(d, 0777) != 0 && errno != EEXIST) {
        nerq_err_set(err, "%s: %s", d, strerror(errno));
        return -1;
    }
    return 0;
}

nerq_outputs *nerq_outputs_open(const char *outdir, int keep_stages, nerq_err *err)
{
    if (mkdir_ok(outdir, err) != 0)
        return NULL;
    nerq_outputs *o = calloc(1, sizeof *o);
    if (!o)
        abort();
    o->outdir = strdup(outdir);
    o->keep = keep_stages;
    char *lp = path2(outdir, ".lock", "");
    o->lock = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(lp);
    if (o->lock < 0 || flock(o->lock, LOCK_EX | LOCK_NB) != 0) {
        nerq_err_set(err, "%s: %s", outdir,
                     o->lock >= 0 && errno == EWOULDBLOCK ? "in use by another nerq run"
                                                          : strerror(errno));
        nerq_outputs_close(o);
        return NULL;
    }
    char *td = path2(outdir, ".tmp", "");
    int bad = mkdir_ok(td, err);
    free(td);
    for (int k = 0; k <= NOUT && !bad; k++) {
        const char *name = k == NOUT ? "manifest.json" : names[k];
        o->tmp[k] = tmp_name(outdir, name);
        o->final[k] = path2(outdir, name, "");
        if (k == NOUT || (k >= O_STAGE0 && !keep_stages))
            continue;
        o->f[k] = fopen(o->tmp[k], "wb");
        if (!o->f[k]) {
            nerq_err_set(err, "%s: %s", o->tmp[k], strerror(errno));
            bad = 1;
        } else {
            if ((o->vbuf[k] = malloc(BUFSZ)) != NULL)
                setvbuf(o->f[k], o->vbuf[k], _IOFBF, BUFSZ);
        }
    }
    if (bad) {
        nerq_outputs_close(o);
        return NULL;
    }
    return o;
}

static int put(nerq_outputs *o, int k, const nerq_buf *b, nerq_err *err)
{
    if (b->len && fwrite(b->data, 1, b->len, o->f[k]) != b->len) {
        nerq_err_set(err, "%s: %s", o->tmp[k], strerror(errno));
        return -1;
    }
    return 0;
}

int nerq_outputs_write(nerq_outputs *o, const nerq_result *r, nerq_err *err)
{
    int bad = put(o, r->failed ? O_ERRORS : O_ARTICLES, &r->sec[NERQ_SEC_RECORD], err);
    if (!bad && !r->failed)
        bad = put(o, O_MENTIONS, &r->sec[NERQ_SEC_MENTIONS], err) ||
              put(o, O_QUOTES, &r->sec[NERQ_SEC_QUOTES], err);
    for (int s = 0; o->keep && s < 4 && !bad; s++)
        bad = put(o, O_STAGE0 + s, &r->sec[NERQ_SEC_FIRST_STAGE + s], err);
    if (o->keep && !bad)
        bad = put(o, O_STAGE0 + 4, &r->sec[NERQ_SEC_RECORD], err);
    return bad ? -1 : 0;
}

const char *nerq_outputs_manifest_tmp(const nerq_outputs *o)
{
    return o->tmp[NOUT];
}

static int sync_path(const char *p, int dir)
{
    int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int nerq_outputs_commit(nerq_outputs *o, nerq_err *err)
{
    for (int k = 0; k < NOUT; k++) {
        if (!o->f[k])
            continue;
        int bad = fflush(o->f[k]) != 0 || fsync(fileno(o->f[k])) != 0;
        bad |= fclose(o->f[k]) != 0;
        o->f[k] = NULL;
        if (bad) {
            nerq_err_set(err, "%s: %s", o->tmp[k], strerror(errno));
            return -1;
        }
    }
    if (sync_path(o->tmp[NOUT], 0) != 0) {
        nerq_err_set(err, "%s: %s", o->tmp[NOUT], strerror(errno));
        return -1;
    }
    char *sd = path2(o->outdir, "stages", "");
    if (o->keep && mkdir_ok(sd, err) != 0) {
        free(sd);
        return -1;
    }
    for (int k = 0; k <= NOUT; k++) {
        if (k >= O_STAGE0 && k < NOUT && !o->keep) {
            unlink(o->final[k]); /* stale stage files of an earlier run */
            continue;
        }
        if (rename(o->tmp[k], o->final[k]) != 0) {
            nerq_err_set(err, "%s: %s", o->final[k], strerror(errno));
            free(sd);
            return -1;
        }
    }
    if (!o->keep)
        rmdir(sd);
    else
        sync_path(sd, 1);
    free(sd);
    sync_path(o->outdir, 1);
    o->committed = 1;
    return 0;
}

void nerq_outputs_close(nerq_outputs *o)
{
    if (!o)
        return;
    for (int k = 0; k <= NOUT; k++) {
        if (k < NOUT && o->f[k])
            fclose(o->f[k]);
        if (k < NOUT)
            free(o->vbuf[k]);
        if (o->tmp[k] && !o->committed)
            unlink(o->tmp[k]);
        free(o->tmp[k]);
        free(o->final[k]);
    }
    char *td = path2(o->outdir, ".tmp", "");
    rmdir(td);
    free(td);
    if (o->lock >= 0)
        close(o->lock);
    free(o->outdir);
    free(o);
}
