/* cache.c: OUTDIR/.cache, what makes runs incremental and resumable.
 *
 * An entry holds no output: it says where an article's lines are in the output files of
 * the run that wrote it (offset, length and XXH3-64 of each section), and a reuse reads
 * them back and checks their hash, so an entry that no longer matches its file is only a
 * miss. Entries are lines of append-only segment files:
 *   NERQC3 CONFIG HASH IDHASH BYTES FLAGS IDLEN MSGLEN REF*7\n   (hashes hex, rest decimal)
 *   the id, the error message, then the XXH3-64 of all before, in hex, \n.
 * REF is " OFF LEN XXH" or " -" for each section kept in a file (record, mentions, quotes,
 * the four stage records), the file given by the section (nerq_outputs_file).
 * Where the files are:
 *   .cache/NNNNNN.run   the segment of the run going on; its lines are in OUTDIR/.tmp.
 *                       The writer appends an entry once the article's lines are written.
 *   .cache/NNNNNN.seg   a finished segment: its lines are in the committed OUTDIR files,
 *   .cache/NNNNNN/      or, when this folder exists, in it: the outputs of a killed run.
 * A run killed before its commit leaves NNNNNN.run and OUTDIR/.tmp; the next run's
 * nerq_outputs_open moves .tmp to OUTDIR/.unfinished and nerq_cache_open (which must come
 * after it) moves that to .cache/NNNNNN/ and the segment to NNNNNN.seg. A complete run has
 * an entry for every article it wrote in its own segment (the reused ones too, pointing at
 * their new place), so once it has committed every other segment and folder is dead and is
 * deleted. (A run killed while its commit renamed the files leaves a folder missing some:
 * those are the committed ones.) A run without the cache (--no-cache) replaces the files
 * the entries point into: the next run reuses only what it finds unchanged there.
 * Opening reads only the entry headers, building a sorted index (id hash ->
 * where); a lookup reads with pread, so workers share the index and files without locks.
 * No fsync: a killed process loses nothing the kernel holds, and after a power cut a torn
 * entry or line is only a miss. */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NERQC3 "
#define HEAD_MAX 1024

/* The sections kept in a file, in entry order. */
static const int file_secs[] = {NERQ_SEC_RECORD,   NERQ_SEC_MENTIONS, NERQ_SEC_QUOTES,
                                NERQ_SEC_INGEST,   NERQ_SEC_TOKENIZE, NERQ_SEC_ENTITIES,
                                NERQ_SEC_QUOTESTAGE};
#define NREF (int)(sizeof file_secs / sizeof *file_secs)

typedef struct {
    uint64_t idhash, hash;
    uint32_t seg;
    uint64_t off, len;
} entry;

typedef struct {
    unsigned num;
    int fd;
    int loc; /* where its lines are: the index in nerq_cache.locs */
    uint64_t size;
} segment;

typedef struct {
    int fd[NERQ_NOUT]; /* -1: no such file */
    uint64_t size[NERQ_NOUT];
    uint64_t dropped[NERQ_NOUT]; /* dropped from the page cache up to here (drop_old) */
} location;

/* What drop_old drops of each file a batch. */
#define DROP_STEP ((uint64_t)4 << 20)

struct nerq_cache {
    char *outdir, *dir;
    uint64_t config;
    NERQ_VEC(segment) segs;
    NERQ_VEC(location) locs; /* [0]: the committed outputs */
    NERQ_VEC(entry) index;   /* sorted by idhash, newest first */
    int out;                 /* this run's segment (.run), or -1 */
    unsigned out_num;
    uint64_t out_size;
    nerq_buf pend; /* entries not yet written */
    int broken;    /* a write failed: append nothing more */
    int finished;
    int reads_none; /* no entry will be read: drop the old files as the run goes */
};

/* sep (if not 0), then v as 16 hex digits */
static void put_hex(nerq_buf *b, char sep, uint64_t v)
{
    nerq_buf_grow(b, 17);
    char *p = b->data + b->len;
    if (sep)
        *p++ = sep;
    b->len = (size_t)(nerq_put_hex16(p, v) - b->data);
    b->data[b->len] = '\0';
}

static uint64_t id_hash(const char *id)
{
    return nerq_fnv1a(NERQ_FNV_INIT, id, strlen(id));
}

/* dir/NNNNNN + ext (ext "" for the folder of a killed run's outputs) */
static char *seg_path(const nerq_cache *c, unsigned num, const char *ext)
{
    size_t n = strlen(c->dir) + 20;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%06u%s", c->dir, num, ext);
    return p;
}

/* Parse the header at h (n bytes, NUL-terminated): fields into f, references into ref
 * (off, len, hash; len 0 for none), header length into *hl. 0, or -1 when it is not a
 * whole header. */
enum { CONFIG, HASH, IDHASH, BYTES, FLAGS, IDLEN, MSGLEN, NF };
static int parse_header(const char *h, size_t n, uint64_t f[NF], uint64_t ref[NREF][3], size_t *hl)
{
    const char *nl = memchr(h, '\n', n);
    if (!nl || strncmp(h, MAGIC, sizeof MAGIC - 1))
        return -1;
    const char *p = h + sizeof MAGIC - 2; /* at the space before each field */
    for (int k = 0; k < NF + 3 * NREF; k++) {
        if (k >= NF && (k - NF) % 3 == 0 && p + 2 <= nl && p[0] == ' ' && p[1] == '-') {
            ref[(k - NF) / 3][0] = ref[(k - NF) / 3][1] = ref[(k - NF) / 3][2] = 0;
            p += 2;
            k += 2;
            continue;
        }
        char *e;
        errno = 0;
        int hex = k <= IDHASH || (k >= NF && (k - NF) % 3 == 2);
        uint64_t v = strtoull(p, &e, hex ? 16 : 10);
        if (e == p || errno || e > nl || *p != ' ')
            return -1;
        if (k < NF)
            f[k] = v;
        else
            ref[(k - NF) / 3][(k - NF) % 3] = v;
        p = e;
    }
    if (p != nl)
        return -1;
    *hl = (size_t)(nl + 1 - h);
    return 0;
}

static uint64_t entry_len(const uint64_t f[NF], size_t hl)
{
    return hl + f[IDLEN] + f[MSGLEN] + 17;
}

/* Index the entries of segment s that were made with this configuration; a torn or
 * damaged tail ends the scan. The headers are parsed out of 64 KB reads. */
static void scan(nerq_cache *c, uint32_t s)
{
    enum { BLOCK = 64 << 10 };
    segment *g = &c->segs.v[s];
    char *buf = malloc(BLOCK + 1);
    if (!buf)
        abort();
    uint64_t off = 0, b0 = 0, b1 = 0; /* buf holds the segment's bytes [b0, b1) */
    while (off < g->size) {
        if (off + HEAD_MAX > b1 && b1 < g->size) {
            ssize_t n = pread(g->fd, buf, BLOCK, (off_t)off);
            if (n <= 0)
                break;
            b0 = off;
            b1 = off + (uint64_t)n;
        }
        char *h = buf + (off - b0);
        size_t avail = (size_t)(b1 - off);
        char save = h[avail < HEAD_MAX ? avail : HEAD_MAX];
        h[avail < HEAD_MAX ? avail : HEAD_MAX] = '\0';
        uint64_t f[NF], ref[NREF][3];
        size_t hl;
        int bad = parse_header(h, avail < HEAD_MAX ? avail : HEAD_MAX, f, ref, &hl) != 0;
        h[avail < HEAD_MAX ? avail : HEAD_MAX] = save;
        if (bad)
            break;
        uint64_t len = entry_len(f, hl);
        if (off + len > g->size)
            break;
        if (f[CONFIG] == c->config)
            *NERQ_VEC_PUSH(c->index) = (entry){f[IDHASH], f[HASH], s, off, len};
        off += len;
    }
    free(buf);
}

static int by_idhash_newest(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->idhash != y->idhash)
        return x->idhash < y->idhash ? -1 : 1;
    if (x->seg != y->seg)
        return x->seg > y->seg ? -1 : 1;
    return x->off > y->off ? -1 : x->off < y->off;
}

static int by_num(const void *a, const void *b)
{
    unsigned x = ((const segment *)a)->num, y = ((const segment *)b)->num;
    return x < y ? -1 : x > y;
}

/* Open the output files in dir (committed layout, or flat: a killed run's .tmp). A file
 * missing from a killed run's folder is the committed one: the run was killed while its
 * commit renamed the files into place. */
static int add_location(nerq_cache *c, const char *dir, int flat)
{
    location *l = NERQ_VEC_PUSH(c->locs);
    memset(l, 0, sizeof *l);
    for (int k = 0; k < NERQ_NOUT; k++) {
        char *p = nerq_outputs_path(dir, k, flat);
        l->fd[k] = open(p, O_RDONLY | O_CLOEXEC);
        if (l->fd[k] < 0 && errno == ENOENT && c->locs.n > 1 && c->locs.v[0].fd[k] >= 0)
            l->fd[k] = fcntl(c->locs.v[0].fd[k], F_DUPFD_CLOEXEC, 0);
        struct stat st;
        if (l->fd[k] >= 0 && fstat(l->fd[k], &st) == 0)
            l->size[k] = (uint64_t)st.st_size;
        free(p);
    }
    return (int)c->locs.n - 1;
}

/* NNNNNN.seg or NNNNNN.run: the number, else -1. */
static long seg_name(const char *name, const char *ext)
{
    if (strspn(name, "0123456789") != 6 || strcmp(name + 6, ext))
        return -1;
    return strtol(name, NULL, 10);
}

/* A killed run's segment (NNNNNN.run) becomes NNNNNN.seg, its outputs (OUTDIR/.unfinished)
 * the folder NNNNNN/. An .unfinished no segment claims is deleted. */
static void adopt_unfinished(nerq_cache *c)
{
    char *ud = malloc(strlen(c->outdir) + 14);
    if (!ud)
        abort();
    sprintf(ud, "%s/.unfinished", c->outdir);
    DIR *d = opendir(c->dir);
    struct dirent *e;
    long last = -1;
    while (d && (e = readdir(d)) != NULL) {
        long num = seg_name(e->d_name, ".run");
        if (num < 0)
            continue;
        char *from = seg_path(c, (unsigned)num, ".run"), *to = seg_path(c, (unsigned)num, ".seg");
        if (rename(from, to) == 0 && num > last)
            last = num;
        free(from);
        free(to);
    }
    if (d)
        closedir(d);
    struct stat st;
    if (stat(ud, &st) == 0) {
        char *to = last >= 0 ? seg_path(c, (unsigned)last, "") : NULL;
        if (!to || (nerq_remove_flat_dir(to), rename(ud, to) != 0))
            nerq_remove_flat_dir(ud);
        free(to);
    }
    free(ud);
}

nerq_cache *nerq_cache_open(const char *outdir, uint64_t config, nerq_err *err)
{
    nerq_cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->out = -1;
    c->outdir = strdup(outdir);
    size_t n = strlen(outdir) + 8;
    c->dir = malloc(n);
    if (!c->dir || !c->outdir)
        abort();
    snprintf(c->dir, n, "%s/.cache", outdir);
    c->config = config;
    if (mkdir(c->dir, 0777) != 0 && errno != EEXIST) {
        nerq_err_set(err, "%s: %s", c->dir, strerror(errno));
        nerq_cache_close(c);
        return NULL;
    }
    adopt_unfinished(c);
    add_location(c, outdir, 0);
    DIR *d = opendir(c->dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        long num = seg_name(e->d_name, ".seg");
        if (num < 0)
            continue;
        char *p = seg_path(c, (unsigned)num, ".seg");
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        struct stat st;
        free(p);
        if (fd < 0 || fstat(fd, &st) != 0) {
            if (fd >= 0)
                close(fd);
            continue;
        }
        *NERQ_VEC_PUSH(c->segs) = (segment){(unsigned)num, fd, 0, (uint64_t)st.st_size};
    }
    if (d)
        closedir(d);
    if (c->segs.n)
        qsort(c->segs.v, c->segs.n, sizeof *c->segs.v, by_num);
    for (uint32_t s = 0; s < c->segs.n; s++) {
        char *p = seg_path(c, c->segs.v[s].num, "");
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            c->segs.v[s].loc = add_location(c, p, 1);
        free(p);
        scan(c, s);
    }
    if (c->index.n)
        qsort(c->index.v, c->index.n, sizeof *c->index.v, by_idhash_newest);
    /* This run's segment, from the start: a killed run leaves it next to its .tmp. */
    c->out_num = c->segs.n ? c->segs.v[c->segs.n - 1].num + 1 : 1;
    char *p = seg_path(c, c->out_num, ".run");
    c->out = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    free(p);
    c->broken = c->out < 0;
    return c;
}

/* Hash r's sections for its entry (done by the writer: with one job, the worker's thread
 * is the one to spare). */
static void hash_sections(nerq_result *r)
{
    for (int i = 0; i < NREF; i++) {
        const nerq_buf *b = &r->sec[file_secs[i]];
        r->sec_hash[file_secs[i]] = b->len ? nerq_hash64(b->data, b->len) : 0;
    }
    r->hashed = 1;
}

/* Read the sections an entry refers to into r: 0, or -1 when one does not match (r's
 * sections then empty). */
static int load_sections(const nerq_cache *c, const segment *g, int failed, int want_stages,
                         uint64_t ref[NREF][3], nerq_result *r)
{
    const location *l = &c->locs.v[g->loc];
    for (int i = 0; i < NREF; i++) {
        int s = file_secs[i];
        nerq_buf *b = &r->sec[s];
        b->len = 0;
        r->sec_hash[s] = 0;
        r->old_off[s] = NERQ_OFF_NONE;
        if (s >= NERQ_SEC_FIRST_STAGE && !want_stages)
            continue;
        uint64_t off = ref[i][0], len = ref[i][1];
        if (!len)
            continue;
        int k = nerq_outputs_file(s, failed);
        if (k < 0 || l->fd[k] < 0)
            return -1;
        nerq_buf_grow(b, len);
        if (pread(l->fd[k], b->data, len, (off_t)off) != (ssize_t)len ||
            nerq_hash64(b->data, len) != ref[i][2]) {
            for (int j = 0; j < NREF; j++) {
                r->sec[file_secs[j]].len = 0;
                r->old_off[file_secs[j]] = NERQ_OFF_NONE;
            }
            return -1;
        }
        b->len = len;
        b->data[len] = '\0';
        r->sec_hash[s] = ref[i][2];
        r->old_off[s] = g->loc == 0 ? off : NERQ_OFF_NONE; /* [0]: the committed outputs */
    }
    return 0;
}

int nerq_cache_load(const nerq_cache *c, const char *id, uint64_t hash, int want_stages,
                    nerq_result *r, nerq_buf *scratch)
{
    if (!c)
        return 0;
    uint64_t ih = id_hash(id);
    size_t lo = 0, hi = c->index.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->index.v[mid].idhash < ih)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < c->index.n && c->index.v[lo].idhash == ih; lo++) {
        const entry *x = &c->index.v[lo];
        if (x->hash != hash)
            continue;
        const segment *g = &c->segs.v[x->seg];
        nerq_buf_grow(scratch, x->len);
        if (pread(g->fd, scratch->data, x->len, (off_t)x->off) != (ssize_t)x->len)
            continue;
        scratch->data[x->len] = '\0';
        const char *s = scratch->data;
        size_t body = x->len - 17;
        uint64_t f[NF], ref[NREF][3];
        size_t hl;
        if (s[x->len - 1] != '\n' || strtoull(s + body, NULL, 16) != nerq_hash64(s, body) ||
            parse_header(s, body, f, ref, &hl) != 0 || f[IDLEN] != strlen(id) ||
            memcmp(s + hl, id, f[IDLEN]) || (want_stages && !(f[FLAGS] & 2)))
            continue;
        int failed = (f[FLAGS] & 1) != 0;
        if (load_sections(c, g, failed, want_stages, ref, r) != 0)
            continue;
        nerq_buf *msg = &r->sec[NERQ_SEC_MESSAGE];
        msg->len = 0;
        nerq_buf_put(msg, s + hl + f[IDLEN], f[MSGLEN]);
        r->bytes = f[BYTES];
        r->failed = failed;
        r->has_stages = want_stages;
        r->hash = hash;
        r->hashed = 1;
        r->reused = 1;
        return 1;
    }
    return 0;
}

int nerq_cache_written(nerq_cache *c, const char *id, nerq_result *r)
{
    if (!c || !(r->cacheable || r->reused) || c->broken)
        return 0;
    if (!r->hashed)
        hash_sections(r);
    int stages = 0;
    for (int i = 0; i < NREF; i++) {
        int s = file_secs[i];
        if (r->sec[s].len && r->out_off[s] == NERQ_OFF_NONE)
            return 0; /* a section not in the outputs: nothing to refer to */
        stages |= s >= NERQ_SEC_FIRST_STAGE && r->sec[s].len;
    }
    nerq_buf *b = &c->pend;
    size_t start = b->len;
    const nerq_buf *msg = &r->sec[NERQ_SEC_MESSAGE];
    nerq_buf_put(b, MAGIC, sizeof MAGIC - 2); /* the space comes with each field */
    put_hex(b, ' ', c->config);
    put_hex(b, ' ', r->hash);
    put_hex(b, ' ', id_hash(id));
    uint64_t num[4] = {r->bytes, (r->failed ? 1 : 0) | (r->has_stages && stages ? 2 : 0),
                       strlen(id), msg->len};
    for (int i = 0; i < 4; i++) {
        nerq_buf_putc(b, ' ');
        nerq_buf_put_u64(b, num[i]);
    }
    for (int i = 0; i < NREF; i++) {
        int s = file_secs[i];
        if (!r->sec[s].len) {
            nerq_buf_put(b, " -", 2);
            continue;
        }
        nerq_buf_putc(b, ' ');
        nerq_buf_put_u64(b, r->out_off[s]);
        nerq_buf_putc(b, ' ');
        nerq_buf_put_u64(b, r->sec[s].len);
        put_hex(b, ' ', r->sec_hash[s]);
    }
    nerq_buf_putc(b, '\n');
    nerq_buf_puts(b, id);
    nerq_buf_put(b, msg->data, msg->len);
    put_hex(b, 0, nerq_hash64(b->data + start, b->len - start));
    nerq_buf_putc(b, '\n');
    return 0;
}

void nerq_cache_reads_none(nerq_cache *c)
{
    if (c)
        c->reads_none = 1;
}

/* When no entry is read, the files the commit replaces are dead: drop the next few MB of
 * each from the page cache (on the writer's thread, a batch at a time). Otherwise their
 * pages all go as the run ends, on its critical path (BBC --force -j1, interleaved
 * medians: 0.34 and 0.39 s without this, 0.30 and 0.36 s with; -j2 the same). The
 * blocks themselves are freed when the last descriptor closes, after the commit. */
static void drop_old(nerq_cache *c)
{
    if (!c->reads_none && c->index.n)
        return;
    for (size_t i = 0; i < c->locs.n; i++) {
        location *l = &c->locs.v[i];
        for (int k = 0; k < NERQ_NOUT; k++) {
            if (l->fd[k] < 0 || l->dropped[k] >= l->size[k])
                continue;
            uint64_t n = l->size[k] - l->dropped[k] < DROP_STEP ? l->size[k] - l->dropped[k] : DROP_STEP;
            posix_fadvise(l->fd[k], (off_t)l->dropped[k], (off_t)n, POSIX_FADV_DONTNEED);
            l->dropped[k] += n;
        }
    }
}

int nerq_cache_flush(nerq_cache *c)
{
    if (c)
        drop_old(c);
    if (!c || c->broken || !c->pend.len)
        return 0;
    if (nerq_write_all(c->out, c->pend.data, c->pend.len) != 0) {
        c->broken = 1;
        return -1;
    }
    c->out_size += c->pend.len;
    c->pend.len = 0;
    return 0;
}

void nerq_cache_finish(nerq_cache *c)
{
    if (!c || nerq_cache_flush(c) != 0 || c->broken)
        return;
    /* The outputs are committed: this run's segment refers to them, no other is of use. */
    char *from = seg_path(c, c->out_num, ".run"), *to = seg_path(c, c->out_num, ".seg");
    int ok = rename(from, to) == 0;
    free(from);
    free(to);
    if (!ok)
        return;
    c->finished = 1;
    for (size_t s = 0; s < c->segs.n; s++) {
        char *p = seg_path(c, c->segs.v[s].num, ".seg");
        unlink(p);
        free(p);
        p = seg_path(c, c->segs.v[s].num, "");
        nerq_remove_flat_dir(p);
        free(p);
    }
}

int nerq_cache_committed_fd(const nerq_cache *c, int k)
{
    return c && c->locs.n && k >= 0 && k < NERQ_NOUT ? c->locs.v[0].fd[k] : -1;
}

void nerq_cache_close(nerq_cache *c)
{
    if (!c)
        return;
    if (c->out >= 0) {
        close(c->out);
        if (!c->finished) { /* a run that stopped: its outputs are gone */
            char *p = seg_path(c, c->out_num, ".run");
            unlink(p);
            free(p);
        }
    }
    for (size_t s = 0; s < c->segs.n; s++)
        close(c->segs.v[s].fd);
    for (size_t l = 0; l < c->locs.n; l++)
        for (int k = 0; k < NERQ_NOUT; k++)
            if (c->locs.v[l].fd[k] >= 0)
                close(c->locs.v[l].fd[k]);
    free(c->segs.v);
    free(c->locs.v);
    free(c->index.v);
    nerq_buf_free(&c->pend);
    free(c->outdir);
    free(c->dir);
    free(c);
}
