/* outputs.c: the files of OUTDIR. A run writes them under OUTDIR/.tmp and, only when it
 * has finished, fsyncs them and renames each into place (manifest.json last), so a run
 * killed at any moment leaves the previous outputs whole. OUTDIR/.lock (flock) keeps a
 * second run from writing into the same folder at the same time.
 * The writer adds results (their sections are queued, not copied: they must stay put
 * until the flush) and flushes a batch with one writev per file; every MB a file has
 * grown, a thread of its own makes it durable so far (fdatasync: the writeback and, on
 * ext4, the journal commit of its block allocations, tens of ms that would otherwise all
 * fall on the commit, and none of it on the writer), so the fsync at commit has little
 * left to do. A killed run's OUTDIR/.tmp is moved to OUTDIR/.unfinished
 * when the next run opens, for the cache to take (cache.c).
 * An incremental run whose results are the committed lines in their places writes none of
 * them (nerq_outputs_base): a file that stays the same to the end is left as it is, one
 * that changes gets its unchanged first part copied within the kernel (copy_file_range;
 * NERQ_COPY_FILE_RANGE=0 copies with read and write instead, for a file system whose
 * copy_file_range is not to be trusted). */
#define _GNU_SOURCE /* copy_file_range */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* A background fdatasync once a file has this much written since the last: what is left
 * for the commit to flush (BBC -j1: commit 13-16 ms with 4 MB here, 4-6 ms with 1 MB,
 * the run itself no slower). */
#define BGSYNC ((uint64_t)1 << 20)
#ifndef IOV_MAX
#define IOV_MAX 1024
#endif

enum { O_ARTICLES = NERQ_OUT_ARTICLES, O_ERRORS = NERQ_OUT_ERRORS, O_MENTIONS = NERQ_OUT_MENTIONS,
       O_QUOTES = NERQ_OUT_QUOTES, O_STAGE0 = NERQ_OUT_STAGE0, NOUT = NERQ_NOUT };
static const char *const names[NOUT] = {
    "articles.jsonl", "errors.jsonl", "mentions.jsonl", "quotes.jsonl", "stages/ingest.jsonl",
    "stages/tokenize.jsonl", "stages/entities.jsonl", "stages/quotes.jsonl",
    "stages/attribute.jsonl"};

typedef NERQ_VEC(struct iovec) iovecs;

struct nerq_outputs {
    char *outdir;
    int lock, keep, committed;
    int fd[NOUT];
    uint64_t size[NOUT];    /* bytes added: the offset of the next section */
    uint64_t written[NOUT]; /* bytes written (size - written are queued or skipped) */
    /* nerq_outputs_base: the committed file k (-1: none), whether all added so far is its
     * own lines in their places (nothing written), and how much of it is to be copied
     * before what is queued */
    int base[NOUT];
    int same[NOUT];
    uint64_t copy[NOUT];
    int kept[NOUT]; /* the commit leaves the committed file k in place */
    int plain_copy; /* NERQ_COPY_FILE_RANGE=0 */
    iovecs q[NOUT];
    char *tmp[NOUT + 1], *final[NOUT + 1]; /* [NOUT]: manifest.json */
    /* the syncer thread: started at the first BGSYNC, stopped before the commit */
    int syncer_on, stop;
    pthread_t syncer;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t asked[NOUT]; /* bytes the syncer was asked to make durable (writer's) */
    int want[NOUT];       /* under mu */
    int bg_err[NOUT];     /* errno of a failed background fdatasync (the commit reports it:
                           * a later fsync of the same file would not) */
};

static void *sync_loop(void *arg)
{
    nerq_outputs *o = arg;
    pthread_mutex_lock(&o->mu);
    for (;;) {
        int k = 0;
        while (k < NOUT && !o->want[k])
            k++;
        if (k == NOUT) {
            if (o->stop)
                break;
            pthread_cond_wait(&o->cv, &o->mu);
            continue;
        }
        o->want[k] = 0;
        pthread_mutex_unlock(&o->mu);
        int bad = fdatasync(o->fd[k]) != 0 ? errno : 0;
        pthread_mutex_lock(&o->mu);
        if (bad && !o->bg_err[k])
            o->bg_err[k] = bad;
    }
    pthread_mutex_unlock(&o->mu);
    return NULL;
}

/* Ask the syncer to make file k durable so far (starting it the first time; without a
 * thread the commit does it all). */
static void ask_sync(nerq_outputs *o, int k)
{
    if (!o->syncer_on) {
        pthread_mutex_init(&o->mu, NULL);
        pthread_cond_init(&o->cv, NULL);
        if (pthread_create(&o->syncer, NULL, sync_loop, o) != 0) {
            pthread_mutex_destroy(&o->mu);
            pthread_cond_destroy(&o->cv);
            o->syncer_on = -1;
        } else {
            o->syncer_on = 1;
        }
    }
    if (o->syncer_on < 0)
        return;
    pthread_mutex_lock(&o->mu);
    o->want[k] = 1;
    pthread_cond_signal(&o->cv);
    pthread_mutex_unlock(&o->mu);
}

/* Wait for the syncer to finish what it was asked, and end it. */
static void syncer_stop(nerq_outputs *o)
{
    if (o->syncer_on <= 0)
        return;
    pthread_mutex_lock(&o->mu);
    o->stop = 1;
    pthread_cond_signal(&o->cv);
    pthread_mutex_unlock(&o->mu);
    pthread_join(o->syncer, NULL);
    pthread_mutex_destroy(&o->mu);
    pthread_cond_destroy(&o->cv);
    o->syncer_on = 0;
}

static char *path2(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s%s", a, b, c);
    return p;
}

char *nerq_outputs_path(const char *dir, int k, int flat)
{
    char *p = path2(dir, names[k], "");
    char *slash = strrchr(p, '/');
    if (flat && slash > p + strlen(dir)) /* "stages/ingest.jsonl" -> "stages-ingest.jsonl" */
        *slash = '-';
    return p;
}

int nerq_outputs_file(int sec, int failed)
{
    switch (sec) {
    case NERQ_SEC_RECORD: return failed ? O_ERRORS : O_ARTICLES;
    case NERQ_SEC_MENTIONS: return failed ? -1 : O_MENTIONS;
    case NERQ_SEC_QUOTES: return failed ? -1 : O_QUOTES;
    case NERQ_SEC_MESSAGE: return -1;
    default: return O_STAGE0 + (sec - NERQ_SEC_FIRST_STAGE);
    }
}

static int mkdir_ok(const char *d, nerq_err *err)
{
    if (mkdir(d, 0777) != 0 && errno != EEXIST) {
        nerq_err_set(err, "%s: %s", d, strerror(errno));
        return -1;
    }
    return 0;
}

void nerq_remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = path2(dir, e->d_name, "");
        unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* A killed run's .tmp becomes .unfinished (an older one is dropped). */
static void keep_unfinished(const char *outdir)
{
    char *td = path2(outdir, ".tmp", ""), *ud = path2(outdir, ".unfinished", "");
    struct stat st;
    if (stat(td, &st) == 0 && S_ISDIR(st.st_mode)) {
        nerq_remove_flat_dir(ud);
        if (rename(td, ud) != 0)
            nerq_remove_flat_dir(td);
    }
    free(td);
    free(ud);
}

nerq_outputs *nerq_outputs_open(const char *outdir, int keep_stages, nerq_err *err)
{
    if (mkdir_ok(outdir, err) != 0)
        return NULL;
    nerq_outputs *o = calloc(1, sizeof *o);
    if (!o)
        abort();
    for (int k = 0; k < NOUT; k++)
        o->fd[k] = o->base[k] = -1;
    o->outdir = strdup(outdir);
    o->keep = keep_stages;
    const char *cfr = getenv("NERQ_COPY_FILE_RANGE");
    o->plain_copy = cfr && !strcmp(cfr, "0");
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
    keep_unfinished(outdir);
    char *td = path2(outdir, ".tmp", "");
    int bad = mkdir_ok(td, err);
    for (int k = 0; k <= NOUT && !bad; k++) {
        o->tmp[k] = k == NOUT ? path2(td, "manifest.json", "") : nerq_outputs_path(td, k, 1);
        o->final[k] = k == NOUT ? path2(outdir, "manifest.json", "") : nerq_outputs_path(outdir, k, 0);
        if (k == NOUT || (k >= O_STAGE0 && !keep_stages))
            continue;
        o->fd[k] = open(o->tmp[k], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (o->fd[k] < 0) {
            nerq_err_set(err, "%s: %s", o->tmp[k], strerror(errno));
            bad = 1;
        }
    }
    free(td);
    if (bad) {
        nerq_outputs_close(o);
        return NULL;
    }
    return o;
}

void nerq_outputs_base(nerq_outputs *o, const int fd[NERQ_NOUT])
{
    /* the stage files are left out: the cache does not say where a record is in
     * stages/attribute.jsonl */
    for (int k = 0; k < O_STAGE0; k++)
        o->same[k] = (o->base[k] = fd[k]) >= 0 && o->fd[k] >= 0;
}

/* File k stops being the committed one from its current size on: what it has of it so
 * far is copied before anything queued. */
static void diverge(nerq_outputs *o, int k)
{
    o->same[k] = 0;
    o->copy[k] = o->size[k] - o->written[k];
}

static void queue(nerq_outputs *o, int k, const nerq_buf *b)
{
    if (!b->len)
        return;
    *NERQ_VEC_PUSH(o->q[k]) = (struct iovec){b->data, b->len};
    o->size[k] += b->len;
}

void nerq_outputs_add(nerq_outputs *o, nerq_result *r)
{
    for (int s = 0; s < NERQ_NSEC; s++) {
        int k = nerq_outputs_file(s, r->failed);
        r->out_off[s] = NERQ_OFF_NONE;
        if (k < 0 || (k >= O_STAGE0 && !o->keep))
            continue;
        r->out_off[s] = o->size[k];
        if (o->same[k] && r->sec[s].len) {
            /* the committed file's own bytes at the same offset (read and checked against
             * their hash by nerq_cache_load): nothing to write */
            if (r->reused && r->old_off[s] == o->size[k]) {
                o->size[k] += r->sec[s].len;
                continue;
            }
            diverge(o, k);
        }
        queue(o, k, &r->sec[s]);
    }
    if (o->keep)
        queue(o, O_STAGE0 + 4, &r->sec[NERQ_SEC_RECORD]);
}

/* Copy the first o->copy[k] bytes of the committed file k to the new one (in the kernel
 * where it can: copy_file_range; else read and write). */
static int copy_base(nerq_outputs *o, int k, nerq_err *err)
{
    uint64_t n = o->copy[k];
    off_t in = 0;
    int plain = o->plain_copy;
    char *buf = NULL;
    while ((uint64_t)in < n) {
        size_t want = n - (uint64_t)in < ((size_t)1 << 30) ? (size_t)(n - (uint64_t)in) : (size_t)1 << 30;
        ssize_t w;
        if (!plain) {
            w = copy_file_range(o->base[k], &in, o->fd[k], NULL, want, 0);
            if (w < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL ||
                          errno == EPERM)) {
                plain = 1; /* not on this file system, or not in this kernel */
                continue;
            }
        } else {
            if (!buf && !(buf = malloc(1 << 20)))
                abort();
            w = pread(o->base[k], buf, want < (1 << 20) ? want : (1 << 20), in);
            if (w > 0 && nerq_write_all(o->fd[k], buf, (size_t)w) != 0)
                w = -1;
            else if (w > 0)
                in += w;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            nerq_err_set(err, "%s: copying the unchanged part of %s: %s", o->tmp[k], o->final[k],
                         w < 0 ? strerror(errno) : "it got shorter");
            free(buf);
            return -1;
        }
    }
    free(buf);
    o->written[k] += n;
    o->copy[k] = 0;
    return 0;
}

/* Write what is queued for file k. */
static int flush_file(nerq_outputs *o, int k, nerq_err *err)
{
    if (o->copy[k] && copy_base(o, k, err) != 0)
        return -1;
    struct iovec *v = o->q[k].v;
    size_t n = o->q[k].n;
    while (n) {
        ssize_t w = writev(o->fd[k], v, n < IOV_MAX ? (int)n : IOV_MAX);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            nerq_err_set(err, "%s: %s", o->tmp[k], strerror(errno));
            return -1;
        }
        o->written[k] += (uint64_t)w;
        for (size_t left = (size_t)w; left;) { /* drop what went, maybe part of one */
            if (left >= v->iov_len) {
                left -= v->iov_len;
                v++;
                n--;
            } else {
                v->iov_base = (char *)v->iov_base + left;
                v->iov_len -= left;
                left = 0;
            }
        }
    }
    o->q[k].n = 0;
    if (o->written[k] - o->asked[k] >= BGSYNC) {
        o->asked[k] = o->written[k];
        ask_sync(o, k);
    }
    return 0;
}

int nerq_outputs_flush(nerq_outputs *o, nerq_err *err)
{
    for (int k = 0; k < NOUT; k++)
        if ((o->q[k].n || o->copy[k]) && flush_file(o, k, err) != 0)
            return -1;
    return 0;
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

/* A file still the committed one: kept as it is when it is all of it and still in its
 * place (the new one, empty, is dropped), else its first part is copied. */
static void keep_or_copy(nerq_outputs *o, int k)
{
    struct stat st, at;
    if (fstat(o->base[k], &st) == 0 && (uint64_t)st.st_size == o->size[k] && stat(o->final[k], &at) == 0 &&
        at.st_dev == st.st_dev && at.st_ino == st.st_ino) {
        o->kept[k] = 1;
        futimens(o->base[k], NULL); /* as new as the run, for tools that go by times */
        return;
    }
    diverge(o, k);
}

int nerq_outputs_commit(nerq_outputs *o, nerq_err *err)
{
    for (int k = 0; k < NOUT; k++)
        if (o->same[k])
            keep_or_copy(o, k);
    if (nerq_outputs_flush(o, err) != 0)
        return -1;
    syncer_stop(o);
    for (int k = 0; k < NOUT; k++) {
        if (o->fd[k] < 0)
            continue;
        errno = o->bg_err[k];
        int bad = errno != 0 || fsync(o->fd[k]) != 0;
        int e = errno;
        bad |= close(o->fd[k]) != 0;
        o->fd[k] = -1;
        if (bad) {
            nerq_err_set(err, "%s: %s", o->tmp[k], strerror(e ? e : errno));
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
        if (k < NOUT && o->kept[k]) {
            unlink(o->tmp[k]);
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
    syncer_stop(o);
    for (int k = 0; k <= NOUT; k++) {
        if (k < NOUT && o->fd[k] >= 0)
            close(o->fd[k]);
        if (k < NOUT)
            free(o->q[k].v);
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
