/* cache.c: OUTDIR/.cache, what makes runs incremental and resumable.
 *
 * The cache is a few append-only segment files, .cache/NNNNNN.seg. Each entry is
 *   NERQC2 CONFIG HASH IDHASH BYTES FLAGS IDLEN LEN0 .. LEN7\n   (hashes hex, rest decimal)
 *   the id, the sections of its nerq_result, then the FNV-1a 64 of all before, in hex, \n.
 * A run appends an entry for each article it processes to a new segment as the writer
 * emits it, flushed at least every quarter second, so a killed run leaves a segment of
 * finished articles (and perhaps a torn last entry, which fails its checksum). Opening
 * reads only the entry headers, building a sorted index (id hash -> where); a lookup reads
 * one entry with pread, so workers share the index without locks. After a complete run,
 * segments holding nothing the run used are deleted, and when more than half of the cache
 * is dead the live entries are copied into one new segment.
 * No fsync: a killed process loses nothing the kernel holds, and after a power cut a torn
 * entry is only a miss. */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NERQC2 "
#define HEAD_MAX 512
#define FLUSH_SECONDS 0.25

typedef struct {
    uint64_t idhash, hash;
    uint32_t seg;
    uint64_t off, len;
} entry;

typedef struct {
    unsigned num;
    int fd;
    FILE *f; /* a segment this run writes, else NULL */
    char *vbuf; /* f's buffer */
    uint64_t size, live;
} segment;

struct nerq_cache {
    char *dir;
    uint64_t config;
    NERQ_VEC(segment) segs;
    NERQ_VEC(entry) index; /* sorted by idhash, newest first */
    NERQ_VEC(entry) live;  /* where each article of this run has its entry, in id order */
    FILE *out;             /* the segment this run appends to (the last of segs) */
    int broken;            /* a write failed: append nothing more, delete nothing */
    double flushed;
};

static uint64_t id_hash(const char *id)
{
    return nerq_fnv1a(NERQ_FNV_INIT, id, strlen(id));
}

static char *seg_path(const nerq_cache *c, unsigned num)
{
    size_t n = strlen(c->dir) + 20;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%06u.seg", c->dir, num);
    return p;
}

/* Parse the header at h (n bytes, NUL-terminated): fields into f, header length into
 * *hl. 0, or -1 when it is not a whole header. */
enum { CONFIG, HASH, IDHASH, BYTES, FLAGS, IDLEN, LEN0, NF = LEN0 + NERQ_NSEC };
static int parse_header(const char *h, size_t n, uint64_t f[NF], size_t *hl)
{
    const char *nl = memchr(h, '\n', n);
    if (!nl || strncmp(h, MAGIC, sizeof MAGIC - 1))
        return -1;
    const char *p = h + sizeof MAGIC - 1;
    for (int k = 0; k < NF; k++) {
        char *e;
        errno = 0;
        f[k] = strtoull(p, &e, k <= IDHASH ? 16 : 10);
        if (e == p || errno || e > nl)
            return -1;
        p = e;
    }
    *hl = (size_t)(nl + 1 - h);
    return 0;
}

static uint64_t entry_len(const uint64_t f[NF], size_t hl)
{
    uint64_t n = hl + f[IDLEN] + 17;
    for (int k = 0; k < NERQ_NSEC; k++)
        n += f[LEN0 + k];
    return n;
}

/* Index the entries of segment s that were made with this configuration; a torn or
 * damaged tail ends the scan. */
static void scan(nerq_cache *c, uint32_t s)
{
    segment *g = &c->segs.v[s];
    char h[HEAD_MAX + 1];
    uint64_t off = 0;
    while (off < g->size) {
        ssize_t n = pread(g->fd, h, HEAD_MAX, (off_t)off);
        uint64_t f[NF];
        size_t hl;
        if (n <= 0)
            break;
        h[n] = '\0';
        if (parse_header(h, (size_t)n, f, &hl) != 0)
            break;
        uint64_t len = entry_len(f, hl);
        if (off + len > g->size)
            break;
        if (f[CONFIG] == c->config)
            *NERQ_VEC_PUSH(c->index) = (entry){f[IDHASH], f[HASH], s, off, len};
        off += len;
    }
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

nerq_cache *nerq_cache_open(const char *outdir, uint64_t config, nerq_err *err)
{
    nerq_cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    size_t n = strlen(outdir) + 8;
    c->dir = malloc(n);
    if (!c->dir)
        abort();
    snprintf(c->dir, n, "%s/.cache", outdir);
    c->config = config;
    if (mkdir(c->dir, 0777) != 0 && errno != EEXIST) {
        nerq_err_set(err, "%s: %s", c->dir, strerror(errno));
        nerq_cache_close(c);
        return NULL;
    }
    DIR *d = opendir(c->dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strspn(e->d_name, "0123456789") != 6 || strcmp(e->d_name + 6, ".seg"))
            continue;
        unsigned num = (unsigned)strtoul(e->d_name, NULL, 10);
        char *p = seg_path(c, num);
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        struct stat st;
        free(p);
        if (fd < 0 || fstat(fd, &st) != 0) {
            if (fd >= 0)
                close(fd);
            continue;
        }
        *NERQ_VEC_PUSH(c->segs) = (segment){num, fd, NULL, NULL, (uint64_t)st.st_size, 0};
    }
    if (d)
        closedir(d);
    if (c->segs.n)
        qsort(c->segs.v, c->segs.n, sizeof *c->segs.v, by_num);
    for (uint32_t s = 0; s < c->segs.n; s++)
        scan(c, s);
    /* Room for this run's segments: workers read segs while the writer adds one. */
    NERQ_VEC_RESERVE(c->segs, c->segs.n + 2);
    if (c->index.n)
        qsort(c->index.v, c->index.n, sizeof *c->index.v, by_idhash_newest);
    return c;
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
        nerq_buf_grow(scratch, x->len);
        if (pread(c->segs.v[x->seg].fd, scratch->data, x->len, (off_t)x->off) != (ssize_t)x->len)
            continue;
        const char *s = scratch->data;
        size_t body = x->len - 17;
        uint64_t f[NF];
        size_t hl;
        if (s[x->len - 1] != '\n' || strtoull(s + body, NULL, 16) != nerq_hash64(s, body) ||
            parse_header(s, body, f, &hl) != 0 || f[IDLEN] != strlen(id) ||
            memcmp(s + hl, id, f[IDLEN]) || (want_stages && !(f[FLAGS] & 2)))
            continue;
        const char *q = s + hl + f[IDLEN];
        for (int k = 0; k < NERQ_NSEC; k++) {
            r->sec[k].len = 0;
            nerq_buf_put(&r->sec[k], q, f[LEN0 + k]);
            q += f[LEN0 + k];
        }
        r->bytes = f[BYTES];
        r->failed = (f[FLAGS] & 1) != 0;
        r->has_stages = (f[FLAGS] & 2) != 0;
        r->hash = hash;
        r->reused = 1;
        r->cache_seg = x->seg;
        r->cache_off = x->off;
        r->cache_len = x->len;
        return 1;
    }
    return 0;
}

/* Open a new segment, numbered after the others, for this run's entries. */
static int new_segment(nerq_cache *c)
{
    unsigned num = c->segs.n ? c->segs.v[c->segs.n - 1].num + 1 : 1;
    char *p = seg_path(c, num);
    c->out = fopen(p, "w+be");
    free(p);
    if (!c->out)
        return -1;
    char *vbuf = malloc(1 << 20);
    if (vbuf)
        setvbuf(c->out, vbuf, _IOFBF, 1 << 20);
    *NERQ_VEC_PUSH(c->segs) = (segment){num, fileno(c->out), c->out, vbuf, 0, 0};
    c->flushed = nerq_now();
    return 0;
}

int nerq_cache_written(nerq_cache *c, const char *id, nerq_result *r, nerq_buf *b)
{
    if (!c)
        return 0;
    if (!r->reused) {
        if (!r->cacheable || c->broken)
            return 0;
        if (!c->out && new_segment(c) != 0) {
            c->broken = 1;
            return -1;
        }
        b->len = 0;
        nerq_buf_printf(b, MAGIC "%016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %" PRIu64 " %d %zu",
                        c->config, r->hash, id_hash(id), r->bytes,
                        (r->failed ? 1 : 0) | (r->has_stages ? 2 : 0), strlen(id));
        for (int k = 0; k < NERQ_NSEC; k++)
            nerq_buf_printf(b, " %zu", r->sec[k].len);
        nerq_buf_putc(b, '\n');
        nerq_buf_puts(b, id);
        for (int k = 0; k < NERQ_NSEC; k++)
            nerq_buf_put(b, r->sec[k].data, r->sec[k].len);
        nerq_buf_printf(b, "%016" PRIx64 "\n", nerq_hash64(b->data, b->len));
        segment *g = &c->segs.v[c->segs.n - 1];
        if (fwrite(b->data, 1, b->len, c->out) != b->len) {
            c->broken = 1;
            return -1;
        }
        r->cache_seg = (uint32_t)(c->segs.n - 1);
        r->cache_off = g->size;
        r->cache_len = b->len;
        g->size += b->len;
        double now = nerq_now();
        if (now - c->flushed >= FLUSH_SECONDS) {
            fflush(c->out);
            c->flushed = now;
        }
    }
    c->segs.v[r->cache_seg].live += r->cache_len;
    *NERQ_VEC_PUSH(c->live) = (entry){0, 0, r->cache_seg, r->cache_off, r->cache_len};
    return 0;
}

static void remove_segment(nerq_cache *c, segment *g)
{
    char *p = seg_path(c, g->num);
    unlink(p);
    free(p);
}

/* Copy the live entries, in id order, into one new segment; then drop all the others. */
static int compact(nerq_cache *c, nerq_buf *b)
{
    size_t old = c->segs.n;
    if (new_segment(c) != 0)
        return -1;
    for (size_t i = 0; i < c->live.n; i++) {
        const entry *x = &c->live.v[i];
        nerq_buf_grow(b, x->len);
        if (pread(c->segs.v[x->seg].fd, b->data, x->len, (off_t)x->off) != (ssize_t)x->len ||
            fwrite(b->data, 1, x->len, c->out) != x->len)
            return -1;
    }
    if (fflush(c->out) != 0)
        return -1;
    for (size_t s = 0; s < old; s++)
        remove_segment(c, &c->segs.v[s]);
    return 0;
}

void nerq_cache_finish(nerq_cache *c, nerq_buf *scratch)
{
    if (!c || c->broken || (c->out && fflush(c->out) != 0))
        return;
    uint64_t live = 0, dead = 0;
    for (size_t s = 0; s < c->segs.n; s++) {
        live += c->segs.v[s].live;
        dead += c->segs.v[s].size - c->segs.v[s].live;
    }
    if (dead > live) {
        compact(c, scratch);
        return;
    }
    for (size_t s = 0; s < c->segs.n; s++)
        if (!c->segs.v[s].live)
            remove_segment(c, &c->segs.v[s]);
}

void nerq_cache_close(nerq_cache *c)
{
    if (!c)
        return;
    for (size_t s = 0; s < c->segs.n; s++) {
        if (c->segs.v[s].f) {
            fclose(c->segs.v[s].f);
            free(c->segs.v[s].vbuf);
        } else
            close(c->segs.v[s].fd);
    }
    free(c->segs.v);
    free(c->index.v);
    free(c->live.v);
    free(c->dir);
    free(c);
}
