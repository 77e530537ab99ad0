/* run.c: `nerq run`, the batch. Worker threads take articles in id order and each runs the
 * whole chain (the same stage functions as the filter programs) on its own article and
 * stage contexts; the calling thread writes the results strictly in id order. A result
 * waits in a window of slots until its turn, and a worker may not run more than `window`
 * articles ahead of the writer, so memory stays bounded whatever the corpus size, and the
 * output is the same bytes for any number of workers. While it waits for the next batch,
 * the calling thread reads the files of articles no worker has taken yet into their
 * slots (a few MB ahead at most), so that reading and writing are off the workers: with
 * one job, one thread annotates and the calling thread does the file I/O. The first
 * worker's stage contexts are built while the calling thread hashes the rules and lists
 * the inputs; the others each on its own thread once the first is at work, from the
 * compiled caches it has left (gazetteers, word lists). */
#include "run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files larger than this are left to nerq_ingest_file, which reports them the way
 * nerq-ingest does (its limit is the same). */
#define MAX_READ ((size_t)256 << 20)
/* A slot's buffer that grew larger than this is freed once written, so that what the
 * slots keep is the size of a typical article's, not of the largest seen so far (that
 * grows with the corpus: BBC 20 times over, -j1, peak RSS 30.3 MB with 4 MB here, 25.4
 * with 32 KB, against 22 MB on BBC once). */
#define KEEP_CAP ((size_t)32 << 10)
/* The writer's thread reads files ahead for the workers until this much waits for them. */
#define AHEAD_MAX ((uint64_t)4 << 20)

static const nerq_stage *const stages[] = {&nerq_stage_tokenize, &nerq_stage_entities,
                                           &nerq_stage_quotes, &nerq_stage_attribute};
#define NSTAGES (sizeof stages / sizeof stages[0])

/* A slot's file read ahead by the writer's thread (fetch, under the pool's mutex). */
enum { FETCH_NONE, FETCH_BUSY, FETCH_DONE };

typedef struct {
    nerq_result r;
    int ready;
    int fetch;       /* FETCH_*: of article fetch_id, into file */
    size_t fetch_id;
    nerq_buf file;
} slot;

typedef struct {
    const nerq_run_opts *o;
    const nerq_inputs *in;
    nerq_cache *cache; /* workers only look up; the writer appends */
    slot *slots;
    size_t window, next, written;
    int stop;
    int writer_waits, workers_wait; /* signal only whoever is waiting */
    size_t wait_for;                /* the article the writer waits for */
    size_t fetch_next;              /* the writer reads ahead from max(next, fetch_next) */
    uint64_t ahead;                 /* bytes read ahead, not yet taken by a worker */
    int fetch_waits;                /* workers waiting for a read in progress */
    pthread_mutex_t mu;
    pthread_cond_t space, ready, fetched;
} pool;

typedef struct {
    pool *p;
    pthread_t thread;
    nerq_ingest *g;
    void *ctx[NSTAGES];
    nerq_article *a;
    nerq_buf file, scratch;
    nerq_err err; /* of the set-up, when !ok */
    int ok;
} worker;

void nerq_result_clear(nerq_result *r)
{
    for (int k = 0; k < NERQ_NSEC; k++)
        r->sec[k].len = 0;
    r->failed = r->has_stages = r->reused = r->cacheable = r->hashed = 0;
    r->bytes = r->hash = 0;
    for (int k = 0; k < NERQ_NSEC; k++)
        r->old_off[k] = NERQ_OFF_NONE;
}

void nerq_result_free(nerq_result *r)
{
    for (int k = 0; k < NERQ_NSEC; k++)
        nerq_buf_free(&r->sec[k]);
}

/* Run the stages on w->a (already ingested) and fill r. */
static void annotate(worker *w, nerq_result *r, int keep)
{
    nerq_article *a = w->a;
    if (keep)
        nerq_record_write(&r->sec[NERQ_SEC_INGEST], a);
    for (size_t s = 0; s < NSTAGES; s++) {
        nerq_stage_apply(stages[s], w->ctx[s], a);
        if (keep && s + 1 < NSTAGES)
            nerq_record_write(&r->sec[NERQ_SEC_INGEST + 1 + s], a);
    }
    r->has_stages = keep;
    nerq_record_write_rows(&r->sec[NERQ_SEC_RECORD], &r->sec[NERQ_SEC_MENTIONS],
                           &r->sec[NERQ_SEC_QUOTES], a);
    if (a->error) {
        r->failed = 1;
        nerq_buf_printf(&r->sec[NERQ_SEC_MESSAGE], "%s (stage %s)", a->error,
                        a->error_stage ? a->error_stage : "?");
        return;
    }
}

/* Process article i into r; file holds its bytes when the writer's thread has read them
 * ahead, else (NULL) the worker reads the file. */
static void process(worker *w, size_t i, nerq_result *r, const nerq_buf *file)
{
    const pool *p = w->p;
    const char *id = p->in->ids.paths[i];
    nerq_err err = {{0}};
    nerq_result_clear(r);
    if (!file) {
        char *path = nerq_inputs_path(p->in, i);
        if (nerq_file_read(path, &w->file, MAX_READ, &err) == 0)
            file = &w->file;
        free(path);
    }
    if (file) {
        r->cacheable = 1;
        r->bytes = file->len;
        r->hash = nerq_hash64(file->data, file->len);
        if (!p->o->force &&
            nerq_cache_load(p->cache, id, r->hash, p->o->keep_stages, r, &w->scratch))
            return;
        nerq_ingest_bytes(w->g, w->a, id, file->data, file->len, &err);
    } else {
        /* Unreadable, vanished, too large: let ingest say so, as nerq-ingest would. */
        nerq_inputs_ingest(p->in, i, w->g, w->a, &err);
        r->bytes = w->a->raw_bytes;
    }
    annotate(w, r, p->o->keep_stages);
}

static void *work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next < p->in->ids.n && p->next >= p->written + p->window) {
            p->workers_wait++;
            pthread_cond_wait(&p->space, &p->mu);
            p->workers_wait--;
        }
        if (p->stop || p->next >= p->in->ids.n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        size_t i = p->next++;
        slot *s = &p->slots[i % p->window];
        while (s->fetch == FETCH_BUSY && s->fetch_id == i) {
            p->fetch_waits++;
            pthread_cond_wait(&p->fetched, &p->mu);
            p->fetch_waits--;
        }
        int have = s->fetch == FETCH_DONE && s->fetch_id == i;
        if (have)
            p->ahead -= s->file.len;
        s->fetch = FETCH_NONE;
        pthread_mutex_unlock(&p->mu);
        process(w, i, &s->r, have ? &s->file : NULL);
        pthread_mutex_lock(&p->mu);
        s->ready = 1;
        if (p->writer_waits && i == p->wait_for)
            pthread_cond_signal(&p->ready);
        pthread_mutex_unlock(&p->mu);
    }
}

static size_t count_lines(const nerq_buf *b)
{
    size_t n = 0;
    for (const char *s = b->data, *e = b->data + b->len; s && s < e; s++) {
        s = memchr(s, '\n', (size_t)(e - s));
        if (!s)
            break;
        n++;
    }
    return n;
}

/* What the writer keeps between batches. */
typedef struct {
    nerq_progress bar;
    int cache_ok;
} writer;

static void writer_start(writer *wr, const pool *p)
{
    wr->cache_ok = 1;
    nerq_progress_start(&wr->bar, p->in->ids.n, !p->o->quiet && isatty(2));
}

/* Write the results of articles [i, end), in order, and count them; 0, or -1 when an
 * output cannot be written. */
static int emit_batch(pool *p, writer *wr, nerq_outputs *out, nerq_counts *c, size_t i,
                      size_t end)
{
    for (size_t j = i; j < end; j++) {
        nerq_result *r = &p->slots[j % p->window].r;
        if (r->failed) {
            char *path = nerq_inputs_path(p->in, j);
            nerq_progress_clear(&wr->bar);
            fprintf(stderr, "nerq: %s: %.*s\n", path, (int)r->sec[NERQ_SEC_MESSAGE].len,
                    r->sec[NERQ_SEC_MESSAGE].data ? r->sec[NERQ_SEC_MESSAGE].data : "");
            free(path);
        }
        nerq_outputs_add(out, r);
        nerq_cache_written(p->cache, p->in->ids.paths[j], r);
        c->records += !r->failed;
        c->errors += r->failed != 0;
        c->reused += r->reused != 0;
        c->processed += !r->reused;
        c->bytes += r->bytes;
        if (!r->failed) {
            c->mentions += count_lines(&r->sec[NERQ_SEC_MENTIONS]);
            c->quotes += count_lines(&r->sec[NERQ_SEC_QUOTES]);
        }
    }
    int rc = 0;
    nerq_err err = {{0}};
    if (nerq_outputs_flush(out, &err) != 0) {
        nerq_progress_clear(&wr->bar);
        fprintf(stderr, "nerq: %s\n", err.msg);
        rc = -1;
    } else if (nerq_cache_flush(p->cache) != 0 && wr->cache_ok) {
        nerq_progress_clear(&wr->bar);
        fprintf(stderr, "nerq: cannot write the cache in %s/.cache; the run goes on\n",
                p->o->outdir);
        wr->cache_ok = 0;
    }
    for (size_t j = i; j < end; j++) {
        slot *s = &p->slots[j % p->window];
        for (int k = 0; k < NERQ_NSEC; k++)
            if (s->r.sec[k].cap > KEEP_CAP)
                nerq_buf_free(&s->r.sec[k]);
        if (s->file.cap > KEEP_CAP)
            nerq_buf_free(&s->file);
    }
    nerq_progress_update(&wr->bar, end, c->bytes);
    return rc;
}

/* With the mutex held: read the file of the next article no worker has taken yet into
 * its slot, if its slot is free and not too much is read ahead already; 1 when one was
 * read (or could not be: the worker then reads it and reports the error). */
static int read_ahead(pool *p)
{
    size_t k = p->next > p->fetch_next ? p->next : p->fetch_next;
    if (k >= p->in->ids.n || k >= p->written + p->window || p->ahead >= AHEAD_MAX)
        return 0;
    slot *s = &p->slots[k % p->window];
    s->fetch = FETCH_BUSY;
    s->fetch_id = k;
    p->fetch_next = k + 1;
    pthread_mutex_unlock(&p->mu);
    char *path = nerq_inputs_path(p->in, k);
    nerq_err err = {{0}};
    int ok = nerq_file_read(path, &s->file, MAX_READ, &err) == 0;
    free(path);
    pthread_mutex_lock(&p->mu);
    s->fetch = ok ? FETCH_DONE : FETCH_NONE;
    if (ok)
        p->ahead += s->file.len;
    if (p->fetch_waits)
        pthread_cond_broadcast(&p->fetched);
    return 1;
}

/* Wait until articles [i, end) are all processed: for the last first, so that the writer
 * mostly wakes once a batch; meanwhile, read files ahead for the workers. */
static void wait_batch(pool *p, size_t i, size_t end)
{
    pthread_mutex_lock(&p->mu);
    for (size_t j = end; j > i;) {
        if (p->slots[(j - 1) % p->window].ready) {
            j--;
            continue;
        }
        if (read_ahead(p))
            continue;
        p->wait_for = j - 1;
        p->writer_waits = 1;
        pthread_cond_wait(&p->ready, &p->mu);
        p->writer_waits = 0;
    }
    pthread_mutex_unlock(&p->mu);
}

/* Write every result in order, half a window at a time, as the workers fill the slots; 0,
 * or -1 when an output cannot be written. */
static int write_all(pool *p, nerq_outputs *out, nerq_counts *c)
{
    writer wr;
    writer_start(&wr, p);
    int rc = 0;
    size_t half = p->window / 2 ? p->window / 2 : 1;
    for (size_t i = 0, end; i < p->in->ids.n && !rc; i = end) {
        end = i + half < p->in->ids.n ? i + half : p->in->ids.n;
        wait_batch(p, i, end);
        rc = emit_batch(p, &wr, out, c, i, end);
        pthread_mutex_lock(&p->mu);
        for (size_t j = i; j < end; j++)
            p->slots[j % p->window].ready = 0;
        p->written = end;
        p->stop |= rc != 0;
        if (p->workers_wait)
            pthread_cond_broadcast(&p->space);
        pthread_mutex_unlock(&p->mu);
    }
    nerq_progress_clear(&wr.bar);
    return rc;
}

static void workers_free(worker *w, int n)
{
    for (int k = 0; k < n; k++) {
        nerq_ingest_free(w[k].g);
        for (size_t s = 0; s < NSTAGES; s++)
            if (w[k].ctx[s])
                stages[s]->destroy(w[k].ctx[s]);
        nerq_article_free(w[k].a);
        nerq_buf_free(&w[k].file);
        nerq_buf_free(&w[k].scratch);
    }
    free(w);
}

/* Build w's stage contexts (w->ok, else w->err). */
static void *worker_setup(void *arg)
{
    worker *w = arg;
    const nerq_config *cfg = &w->p->o->cfg;
    w->a = nerq_article_new();
    w->ok = (w->g = nerq_ingest_new(cfg, &w->err)) != NULL;
    for (size_t s = 0; s < NSTAGES && w->ok; s++)
        w->ok = (w->ctx[s] = stages[s]->create(cfg, &w->err)) != NULL;
    return NULL;
}

/* The workers being set up: workers_begin, then workers_end. */
typedef struct {
    worker *w;
    int n; /* allocated (workers_free them all) */
    pthread_t t;
    int started;
} crew;

/* Allocate n workers and build worker 0's stage contexts on a thread of its own, so that
 * this overlaps what the caller does next (hashing the rules, listing the inputs). */
static void workers_begin(crew *c, pool *p, int n)
{
    c->n = n;
    c->w = calloc((size_t)n, sizeof *c->w);
    if (!c->w)
        abort();
    for (int k = 0; k < n; k++)
        c->w[k].p = p;
    c->started = pthread_create(&c->t, NULL, worker_setup, &c->w[0]) == 0;
}

/* Wait for worker 0: a bad rule file stops the run here, before any article. The others
 * are set up on their own threads once the run starts (run_pool), mapping the compiled
 * caches worker 0 has left. The workers, or NULL and the error. */
static worker *workers_end(crew *c, nerq_err *err)
{
    if (c->started)
        pthread_join(c->t, NULL);
    else
        worker_setup(&c->w[0]);
    if (!c->w[0].ok) {
        *err = c->w[0].err;
        workers_free(c->w, c->n);
        return NULL;
    }
    return c->w;
}

/* A worker other than the first: set up, then work (while the first is already at it).
 * One that cannot be set up (out of memory, a file gone since) leaves the articles to
 * the others. */
static void *late_work(void *arg)
{
    worker *w = arg;
    worker_setup(w);
    if (!w->ok) {
        fprintf(stderr, "nerq: a worker could not start (%s); the others go on\n", w->err.msg);
        return NULL;
    }
    return work(w);
}

static int run_pool(pool *p, worker *w, int jobs, nerq_outputs *out, nerq_counts *c)
{
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&w[started].thread, NULL, started ? late_work : work, &w[started]) != 0)
            break;
    int rc = -1;
    if (started) {
        rc = write_all(p, out, c);
    } else {
        fprintf(stderr, "nerq: cannot start worker threads\n");
    }
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->space);
    pthread_mutex_unlock(&p->mu);
    for (int k = 0; k < started; k++)
        pthread_join(w[k].thread, NULL);
    return rc;
}

/* Process and write every article, then the manifest, then put the outputs in place. */
static int batch(pool *p, worker *w, int jobs, nerq_outputs *out, const nerq_manifest *m,
                 double t0)
{
    const nerq_run_opts *o = p->o;
    nerq_counts c = {.files = p->in->ids.n};
    nerq_err err = {{0}};
    /* A wide window keeps workers from waiting on the writer when it is late (3 threads on
     * 2 cores: BBC -j2 about 6% faster than 16 a worker); one worker, whose files the
     * writer's thread reads ahead, gains nothing measurable beyond 32. */
    p->window = jobs > 1 ? 64 * (size_t)jobs : 32;
    p->slots = calloc(p->window, sizeof *p->slots);
    if (!p->slots)
        abort();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->space, NULL);
    pthread_cond_init(&p->ready, NULL);
    pthread_cond_init(&p->fetched, NULL);
    int bad = run_pool(p, w, jobs, out, &c) != 0;
    for (size_t k = 0; k < p->window; k++) {
        nerq_result_free(&p->slots[k].r);
        nerq_buf_free(&p->slots[k].file);
    }
    free(p->slots);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->space);
    pthread_cond_destroy(&p->ready);
    pthread_cond_destroy(&p->fetched);
    c.seconds = nerq_now() - t0;
    if (!bad && c.records + c.errors != c.files) {
        fprintf(stderr, "nerq: accounting error: %zu files found, %zu records + %zu errors\n",
                c.files, c.records, c.errors);
        bad = 1;
    }
    const char *input = o->files_from ? o->files_from : o->dir;
    if (!bad && (nerq_manifest_write(m, nerq_outputs_manifest_tmp(out), input, jobs,
                                     o->keep_stages, o->force, &c, &err) != 0 ||
                 nerq_outputs_commit(out, &err) != 0)) {
        fprintf(stderr, "nerq: %s\n", err.msg);
        bad = 1;
    }
    if (bad)
        return 2;
    nerq_cache_finish(p->cache);
    if (!o->quiet)
        nerq_summary_print(&c, jobs, o->outdir);
    return c.errors ? 1 : 0;
}

int nerq_run(const nerq_run_opts *o)
{
    double t0 = nerq_now();
    nerq_err err = {{0}}, werr = {{0}};
    nerq_inputs in = {0};
    nerq_cache *cache = NULL;
    nerq_outputs *out = NULL;
    worker *w = NULL;
    pool p = {.o = o, .in = &in, .cache = NULL};
    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    crew crew;
    workers_begin(&crew, &p, jobs);
    nerq_manifest *m = nerq_manifest_new(&o->cfg, &err);
    int ok = m && nerq_inputs_load(&in, o->dir, o->files_from, &err) == 0;
    if (ok && in.ids.n && (size_t)jobs > in.ids.n)
        jobs = (int)in.ids.n;
    w = workers_end(&crew, &werr);
    if (ok && !w)
        err = werr;
    ok = ok && w && (out = nerq_outputs_open(o->outdir, o->keep_stages, &err)) &&
         (o->no_cache ||
          (p.cache = cache = nerq_cache_open(o->outdir, nerq_manifest_config_hash(m), &err)));
    if (o->force) {
        nerq_cache_reads_none(cache);
    } else if (ok && cache) {
        int fd[NERQ_NOUT];
        for (int k = 0; k < NERQ_NOUT; k++)
            fd[k] = nerq_cache_committed_fd(cache, k);
        nerq_outputs_base(out, fd);
    }
    int rc = 2;
    if (ok)
        rc = batch(&p, w, jobs, out, m, t0);
    else
        fprintf(stderr, "nerq: %s\n", err.msg);
    nerq_outputs_close(out);
    nerq_cache_close(cache);
    workers_free(w, w ? crew.n : 0);
    nerq_inputs_free(&in);
    nerq_manifest_free(m);
    return rc;
}
