/* gazetteer_cache.c: the compiled form of large gazetteers. nerq_gazetteer_load builds
 * the tables from the *.tsv files; when those are big (NERQ_GAZ_CACHE_MIN bytes, 2 MB by
 * default) it also writes the tables to a cache file and, next time, maps that file
 * instead of re-parsing: a million names load in milliseconds. The cache file's name is
 * a hash of the program version, the tokenizer's rules and every byte of every *.tsv
 * file, so any edit makes a new one. Cache folder: $NERQ_CACHE_DIR, else
 * $XDG_CACHE_HOME/nerq, else $HOME/.cache/nerq. NERQ_GAZ_CACHE=0 turns it off, =1 uses it
 * whatever the size. A cache that is missing, unreadable or malformed is rebuilt. */
#include "gazetteer_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NERQGZ02"

typedef struct {
    char magic[8];
    uint64_t key;
    uint64_t n_entries, strings_len, keys_len, n_hits;
    uint64_t cap[4], n_forms[4];
    uint64_t total; /* file size */
} header;

typedef struct {
    uint32_t type, id, canonical, attrs, file, line;
} fentry;

#define NO_STR 0xFFFFFFFFu

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static gtable *tables(nerq_gazetteer *g, int i)
{
    gtable *t[4] = {&g->forms, &g->folded, &g->firsts, &g->ffirsts};
    return t[i];
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

/* Hash of everything the tables depend on; total bytes of the lists in *bytes. */
static int source_key(const char *dir, const nerq_tokenizer *tk, uint64_t *key, size_t *bytes, nerq_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        nerq_err_set(err, "%s: cannot open the gazetteer folder: %s", dir, strerror(errno));
        return -1;
    }
    NERQ_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] != '.' && l > 4 && !strcmp(de->d_name + l - 4, ".tsv"))
            *NERQ_VEC_PUSH(names) = strdup(de->d_name);
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmpstr);
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, MAGIC NERQ_VERSION, sizeof MAGIC NERQ_VERSION);
    uint64_t fp = nerq_tokenizer_fingerprint(tk);
    h = fnv(h, &fp, sizeof fp);
    *bytes = 0;
    int rc = 0;
    char *buf = malloc(1 << 16);
    if (!buf)
        abort();
    for (size_t i = 0; i < names.n; i++) {
        if (rc == 0) {
            h = fnv(h, names.v[i], strlen(names.v[i]) + 1);
            size_t pl = strlen(dir) + strlen(names.v[i]) + 2;
            char *path = malloc(pl);
            if (!path)
                abort();
            snprintf(path, pl, "%s/%s", dir, names.v[i]);
            FILE *f = fopen(path, "rb");
            if (!f) {
                nerq_err_set(err, "%s: %s", path, strerror(errno));
                rc = -1;
            } else {
                size_t n;
                while ((n = fread(buf, 1, 1 << 16, f)) > 0) {
                    h = fnv(h, buf, n);
                    *bytes += n;
                }
                fclose(f);
            }
            free(path);
        }
        free(names.v[i]);
    }
    free(buf);
    free(names.v);
    *key = h;
    return rc;
}

static char *cache_path(uint64_t key)
{
    const char *d = getenv("NERQ_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[4096];
    if (d && *d)
        snprintf(dir, sizeof dir, "%s", d);
    else if (x && *x)
        snprintf(dir, sizeof dir, "%s/nerq", x);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.cache/nerq", home);
    else
        return NULL;
    /* make the folder and its parents (best effort) */
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0777);
            *p = '/';
        }
    mkdir(dir, 0777);
    size_t n = strlen(dir) + 40;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "%s/gaz-%016llx.bin", dir, (unsigned long long)key);
    return path;
}

/* Map a cache file; NULL if absent or not valid for key. */
static nerq_gazetteer *map_cache(const char *path, uint64_t key, nerq_tokenizer *tk)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(header)) {
        close(fd);
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    /* MAP_POPULATE: fault the pages in now (a sequential read) rather than one random
     * page at a time while matching. */
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return NULL;
    const header *h = map;
    const char *base = map;
    if (memcmp(h->magic, MAGIC, 8) || h->key != key || h->total != len)
        goto bad;
    size_t off = align8(sizeof *h);
    size_t need = off + align8(h->strings_len) + align8(h->n_entries * sizeof(fentry)) + align8(h->keys_len) +
                  align8(h->n_hits * 4);
    for (int i = 0; i < 4; i++) {
        if (h->cap[i] & (h->cap[i] - 1) || h->n_forms[i] * 2 > h->cap[i] + 1)
            goto bad;
        need += align8(h->cap[i] * sizeof(gslot)) + align8(h->n_forms[i] * sizeof(gform));
    }
    if (need != len)
        goto bad;
    nerq_gazetteer *g = nerq_gazetteer_new(tk);
    g->map = map;
    g->map_len = len;
    const char *strings = base + off;
    off += align8(h->strings_len);
    const fentry *fe = (const fentry *)(base + off);
    off += align8(h->n_entries * sizeof(fentry));
    g->entries.v = malloc((h->n_entries ? h->n_entries : 1) * sizeof *g->entries.v);
    if (!g->entries.v)
        abort();
    g->entries.n = g->entries.cap = h->n_entries;
    for (size_t i = 0; i < h->n_entries; i++) {
        nerq_gaz_entry *e = &g->entries.v[i];
        e->type = strings + fe[i].type;
        e->id = fe[i].id == NO_STR ? NULL : strings + fe[i].id;
        e->canonical = strings + fe[i].canonical;
        e->attrs = strings + fe[i].attrs;
        e->file = strings + fe[i].file;
        e->line = (int)fe[i].line;
    }
    g->keys.data = (char *)(base + off);
    g->keys.len = h->keys_len;
    off += align8(h->keys_len);
    g->hits.v = (uint32_t *)(base + off);
    g->hits.n = h->n_hits;
    off += align8(h->n_hits * 4);
    for (int i = 0; i < 4; i++) {
        gtable *t = tables(g, i);
        t->cap = h->cap[i];
        t->slots = (gslot *)(base + off);
        off += align8(h->cap[i] * sizeof(gslot));
        t->forms.v = (gform *)(base + off);
        t->forms.n = h->n_forms[i];
        off += align8(h->n_forms[i] * sizeof(gform));
        if (t->cap)
            nerq_gaz_filter_build(t, g->keys.data);
    }
    return g;
bad:
    munmap(map, len);
    return NULL;
}

void nerq_gaz_unmap(nerq_gazetteer *g)
{
    munmap(g->map, g->map_len);
    g->map = NULL;
}

static void put_aligned(nerq_buf *b, const void *p, size_t n)
{
    nerq_buf_put(b, p, n);
    static const char zero[8];
    nerq_buf_put(b, zero, align8(b->len) - b->len);
}

/* Write g's tables to path (atomically: a temporary file renamed). Errors are ignored:
 * the cache is an optimisation. */
static void write_cache(const nerq_gazetteer *g, const char *path, uint64_t key)
{
    nerq_buf strings = {0}, out = {0};
    NERQ_VEC(fentry) fes = {0};
    NERQ_VEC_RESERVE(fes, g->entries.n + 1);
    const char *last_type = NULL, *last_file = NULL;
    uint32_t type_off = 0, file_off = 0;
#define STR(s) ((uint32_t)(nerq_buf_put(&strings, (s), strlen(s) + 1), strings.len - strlen(s) - 1))
    for (size_t i = 0; i < g->entries.n; i++) {
        const nerq_gaz_entry *e = &g->entries.v[i];
        fentry *f = &fes.v[fes.n++];
        if (e->type != last_type) {
            type_off = STR(e->type);
            last_type = e->type;
        }
        if (e->file != last_file) {
            file_off = STR(e->file ? e->file : "");
            last_file = e->file;
        }
        f->type = type_off;
        f->file = file_off;
        f->id = e->id ? STR(e->id) : NO_STR;
        f->canonical = STR(e->canonical);
        f->attrs = STR(e->attrs ? e->attrs : "");
        f->line = (uint32_t)e->line;
    }
#undef STR
    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, 8);
    h.key = key;
    h.n_entries = g->entries.n;
    h.strings_len = strings.len;
    h.keys_len = g->keys.len;
    h.n_hits = g->hits.n;
    for (int i = 0; i < 4; i++) {
        const gtable *t = tables((nerq_gazetteer *)g, i);
        h.cap[i] = t->cap;
        h.n_forms[i] = t->forms.n;
    }
    put_aligned(&out, &h, sizeof h);
    put_aligned(&out, strings.data ? strings.data : "", strings.len);
    put_aligned(&out, fes.v, fes.n * sizeof *fes.v);
    put_aligned(&out, g->keys.data ? g->keys.data : "", g->keys.len);
    put_aligned(&out, g->hits.v ? (const void *)g->hits.v : "", g->hits.n * 4);
    for (int i = 0; i < 4; i++) {
        const gtable *t = tables((nerq_gazetteer *)g, i);
        put_aligned(&out, t->slots ? (const void *)t->slots : "", t->cap * sizeof(gslot));
        put_aligned(&out, t->forms.v ? (const void *)t->forms.v : "", t->forms.n * sizeof(gform));
    }
    ((header *)out.data)->total = out.len;
    size_t tl = strlen(path) + 32;
    char *tmp = malloc(tl);
    if (!tmp)
        abort();
    snprintf(tmp, tl, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f) {
        int ok = fwrite(out.data, 1, out.len, f) == out.len;
        ok &= fclose(f) == 0;
        if (!ok || rename(tmp, path) != 0)
            remove(tmp);
    }
    free(tmp);
    free(fes.v);
    nerq_buf_free(&strings);
    nerq_buf_free(&out);
}

nerq_gazetteer *nerq_gazetteer_load(const char *dir, nerq_tokenizer *tk, nerq_err *err)
{
    const char *mode = getenv("NERQ_GAZ_CACHE"), *min = getenv("NERQ_GAZ_CACHE_MIN");
    if (mode && !strcmp(mode, "0"))
        return nerq_gazetteer_build(dir, tk, err);
    uint64_t key;
    size_t bytes;
    if (source_key(dir, tk, &key, &bytes, err) != 0)
        return NULL;
    size_t threshold = min && *min ? (size_t)strtoull(min, NULL, 10) : (size_t)2 << 20;
    if (bytes < threshold && !(mode && !strcmp(mode, "1")))
        return nerq_gazetteer_build(dir, tk, err);
    char *path = cache_path(key);
    nerq_gazetteer *g = path ? map_cache(path, key, tk) : NULL;
    if (!g) {
        g = nerq_gazetteer_build(dir, tk, err);
        if (g && path)
            write_cache(g, path, key);
    }
    free(path);
    return g;
}
