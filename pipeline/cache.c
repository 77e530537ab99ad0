/* cache.c: OUTDIR/.cache, what makes runs incremental and resumable. One file per article,
 * at .cache/XX/HHHHHHHHHHHHHHHH (H = FNV-1a 64 of the id, XX its first two digits):
 *   NERQC1 CONFIG HASH BYTES FLAGS IDLEN LEN0 .. LEN7\n  (hashes in hex, the rest decimal)
 *   the id, the sections (nerq_result), then the FNV-1a 64 of all before it, in hex, \n.
 * A worker writes the entry as soon as its article is done (temporary name, then rename),
 * so a run killed mid-way leaves every finished article reusable. No fsync: a killed
 * process loses nothing the kernel holds; after a power cut a torn entry fails its
 * checksum and the article is simply processed again. */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NERQC1"
#define MAX_ENTRY ((size_t)1 << 31)

int nerq_cache_open(nerq_cache *c, const char *outdir, uint64_t config, nerq_err *err)
{
    size_t n = strlen(outdir) + 8;
    c->dir = malloc(n);
    if (!c->dir)
        abort();
    snprintf(c->dir, n, "%s/.cache", outdir);
    c->config = config;
    if (mkdir(c->dir, 0777) != 0 && errno != EEXIST) {
        nerq_err_set(err, "%s: %s", c->dir, strerror(errno));
        free(c->dir);
        c->dir = NULL;
        return -1;
    }
    return 0;
}

void nerq_cache_close(nerq_cache *c)
{
    free(c->dir);
    c->dir = NULL;
}

/* dir/XX/HHHHHHHHHHHHHHHH into p (at least strlen(dir) + 24 bytes). */
static void entry_path(const nerq_cache *c, const char *id, char *p, size_t n, int shard_only)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016" PRIx64, nerq_fnv1a(NERQ_FNV_INIT, id, strlen(id)));
    if (shard_only)
        snprintf(p, n, "%s/%.2s", c->dir, hex);
    else
        snprintf(p, n, "%s/%.2s/%s", c->dir, hex, hex);
}

int nerq_cache_load(const nerq_cache *c, const char *id, uint64_t hash, int want_stages,
                    nerq_result *r, nerq_buf *scratch)
{
    size_t pl = strlen(c->dir) + 24;
    char path[pl];
    entry_path(c, id, path, pl, 0);
    nerq_err err;
    if (nerq_file_read(path, scratch, MAX_ENTRY, &err) != 0 || scratch->len < 17)
        return 0;
    const char *s = scratch->data;
    size_t body = scratch->len - 17;
    if (s[scratch->len - 1] != '\n' ||
        strtoull(s + body, NULL, 16) != nerq_fnv1a(NERQ_FNV_INIT, s, body))
        return 0;
    const char *nl = memchr(s, '\n', body);
    if (!nl || strncmp(s, MAGIC " ", sizeof MAGIC))
        return 0;
    char *p = (char *)s + sizeof MAGIC;
    enum { CONFIG, HASH, BYTES, FLAGS, IDLEN, LEN0, NF = LEN0 + NERQ_NSEC };
    uint64_t f[NF];
    for (size_t k = 0; k < NF; k++) {
        char *e;
        errno = 0;
        f[k] = strtoull(p, &e, k <= HASH ? 16 : 10);
        if (e == p || errno || e > nl)
            return 0;
        p = e;
    }
    size_t total = (size_t)(nl + 1 - s) + f[IDLEN];
    for (size_t k = 0; k < NERQ_NSEC; k++)
        total += f[LEN0 + k];
    if (f[CONFIG] != c->config || f[HASH] != hash || total != body || f[IDLEN] != strlen(id) ||
        memcmp(nl + 1, id, f[IDLEN]) || (want_stages && !(f[FLAGS] & 2)))
        return 0;
    const char *q = nl + 1 + f[IDLEN];
    for (size_t k = 0; k < NERQ_NSEC; k++) {
        r->sec[k].len = 0;
        nerq_buf_put(&r->sec[k], q, f[LEN0 + k]);
        q += f[LEN0 + k];
    }
    r->bytes = f[BYTES];
    r->failed = (f[FLAGS] & 1) != 0;
    r->has_stages = (f[FLAGS] & 2) != 0;
    r->hash = hash;
    r->reused = 1;
    return 1;
}

int nerq_cache_store(const nerq_cache *c, const char *id, const nerq_result *r, nerq_buf *scratch)
{
    nerq_buf *b = scratch;
    b->len = 0;
    nerq_buf_printf(b, MAGIC " %016" PRIx64 " %016" PRIx64 " %" PRIu64 " %d %zu", c->config,
                    r->hash, r->bytes, (r->failed ? 1 : 0) | (r->has_stages ? 2 : 0), strlen(id));
    for (size_t k = 0; k < NERQ_NSEC; k++)
        nerq_buf_printf(b, " %zu", r->sec[k].len);
    nerq_buf_putc(b, '\n');
    nerq_buf_puts(b, id);
    for (size_t k = 0; k < NERQ_NSEC; k++)
        nerq_buf_put(b, r->sec[k].data, r->sec[k].len);
    nerq_buf_printf(b, "%016" PRIx64 "\n", nerq_fnv1a(NERQ_FNV_INIT, b->data, b->len));

    size_t pl = strlen(c->dir) + 32;
    char path[pl], tmp[pl];
    entry_path(c, id, path, pl, 0);
    snprintf(tmp, pl, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f && errno == ENOENT) {
        char shard[pl];
        entry_path(c, id, shard, pl, 1);
        mkdir(shard, 0777);
        f = fopen(tmp, "wb");
    }
    if (!f)
        return -1;
    int bad = fwrite(b->data, 1, b->len, f) != b->len;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int is_entry_name(const char *s)
{
    size_t n = strspn(s, "0123456789abcdef");
    return n == 16 && !s[n];
}

void nerq_cache_prune(const nerq_cache *c, const nerq_filelist *ids)
{
    uint64_t *live = malloc((ids->n + 1) * sizeof *live);
    if (!live)
        abort();
    for (size_t i = 0; i < ids->n; i++)
        live[i] = nerq_fnv1a(NERQ_FNV_INIT, ids->paths[i], strlen(ids->paths[i]));
    qsort(live, ids->n, sizeof *live, cmp_u64);
    DIR *top = opendir(c->dir);
    struct dirent *d;
    size_t pl = strlen(c->dir) + 300;
    char *path = malloc(pl);
    if (!path)
        abort();
    while (top && (d = readdir(top)) != NULL) {
        if (d->d_name[0] == '.')
            continue;
        snprintf(path, pl, "%s/%s", c->dir, d->d_name);
        DIR *shard = opendir(path);
        struct dirent *e;
        while (shard && (e = readdir(shard)) != NULL) {
            if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
                continue;
            uint64_t h = is_entry_name(e->d_name) ? strtoull(e->d_name, NULL, 16) : 0;
            if (is_entry_name(e->d_name) && bsearch(&h, live, ids->n, sizeof *live, cmp_u64))
                continue;
            snprintf(path, pl, "%s/%s/%s", c->dir, d->d_name, e->d_name);
            unlink(path);
        }
        if (shard)
            closedir(shard);
    }
    if (top)
        closedir(top);
    free(path);
    free(live);
}
