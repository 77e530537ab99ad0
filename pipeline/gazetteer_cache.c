/* gazetteer_cache.c: the compiled form of the gazetteers. nerq_gazetteer_load builds the
 * tables from the *.tsv files once, writes them to a cache file (compiled.c) and, next
 * time, maps that file instead of re-parsing: the shipped lists load in about a
 * millisecond instead of 15, a million names in milliseconds. The cache file's name is a
 * hash of the format, the program (nerq_cc_key), the tokenizer's rules and the name and
 * bytes of every *.tsv file, so any edit or rebuild makes a new one. Cache folder: $NERQ_CACHE_DIR, else
 * $XDG_CACHE_HOME/nerq, else $HOME/.cache/nerq. NERQ_GAZ_CACHE=0 turns it off;
 * NERQ_GAZ_CACHE_MIN=BYTES leaves lists smaller than that uncached. A cache that is
 * missing, unreadable or malformed is rebuilt; one that cannot be written is skipped. */
#include "compiled.h"
#include "gazetteer_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NERQGZ04"

/* The payload starts with this; the arrays follow, each 8-byte aligned. */
typedef struct {
    uint64_t n_entries, strings_len, keys_len, n_hits;
    uint64_t cap[4], n_forms[4];
    uint64_t later_bits; /* 0: no later-word filter */
} header;

typedef struct {
    uint32_t type, id, canonical, attrs, file, line;
} fentry;

#define NO_STR 0xFFFFFFFFu

#define align8 nerq_cc_align

static gtable *tables(nerq_gazetteer *g, int i)
{
    gtable *t[4] = {&g->forms, &g->folded, &g->firsts, &g->ffirsts};
    return t[i];
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Hash of everything the tables depend on; total bytes of the lists in *bytes. 0; 1 when
 * a list cannot be read (building from the sources reports it); -1 and a message when
 * the folder cannot be opened. */
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
    uint64_t h = nerq_cc_key(MAGIC);
    uint64_t fp = nerq_tokenizer_fingerprint(tk);
    h = nerq_cc_hash(h, &fp, sizeof fp);
    *bytes = 0;
    int rc = 0;
    nerq_buf buf = {0};
    for (size_t i = 0; i < names.n; i++) {
        int missing = 0;
        if (rc == 0 && (nerq_cc_hash_file(&h, dir, names.v[i], &buf, &missing) != 0 || missing))
            rc = 1;
        *bytes += buf.len;
        free(names.v[i]);
    }
    nerq_buf_free(&buf);
    free(names.v);
    *key = h;
    return rc;
}

/* The gazetteer in a mapped cache file; NULL if absent or not valid for key. */
static nerq_gazetteer *map_cache(const char *path, uint64_t key, nerq_tokenizer *tk)
{
    nerq_cc_map m;
    if (nerq_cc_open(&m, path, MAGIC, key) != 0)
        return NULL;
    const header *h = (const header *)m.data;
    const char *base = m.data;
    if (m.len < sizeof *h)
        goto bad;
    size_t off = align8(sizeof *h);
    size_t need = off + align8(h->strings_len) + align8(h->n_entries * sizeof(fentry)) + align8(h->keys_len) +
                  align8(h->n_hits * 4);
    for (int i = 0; i < 4; i++) {
        if (h->cap[i] & (h->cap[i] - 1) || h->n_forms[i] * 2 > h->cap[i] + 1)
            goto bad;
        need += align8(h->cap[i] * sizeof(gslot)) + align8(h->n_forms[i] * sizeof(gform));
    }
    if (h->later_bits & (h->later_bits - 1) || (h->later_bits && h->later_bits < 64))
        goto bad;
    need += align8(h->later_bits / 8);
    if (need != m.len)
        goto bad;
    nerq_gazetteer *g = nerq_gazetteer_new(tk);
    g->map = m.map;
    g->map_len = m.map_len;
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
    if (h->later_bits) {
        g->later = (uint64_t *)(base + off);
        g->later_bits = h->later_bits;
    }
    return g;
bad:
    nerq_cc_close(&m);
    return NULL;
}

void nerq_gaz_unmap(nerq_gazetteer *g)
{
    nerq_cc_map m = {.map = g->map, .map_len = g->map_len};
    nerq_cc_close(&m);
    g->map = NULL;
}

/* Write g's tables to path (see nerq_cc_write). */
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
    h.n_entries = g->entries.n;
    h.strings_len = strings.len;
    h.keys_len = g->keys.len;
    h.n_hits = g->hits.n;
    for (int i = 0; i < 4; i++) {
        const gtable *t = tables((nerq_gazetteer *)g, i);
        h.cap[i] = t->cap;
        h.n_forms[i] = t->forms.n;
    }
    h.later_bits = g->later ? g->later_bits : 0;
    nerq_cc_put(&out, &h, sizeof h);
    nerq_cc_put(&out, strings.data, strings.len);
    nerq_cc_put(&out, fes.v, fes.n * sizeof *fes.v);
    nerq_cc_put(&out, g->keys.data, g->keys.len);
    nerq_cc_put(&out, g->hits.v, g->hits.n * 4);
    for (int i = 0; i < 4; i++) {
        const gtable *t = tables((nerq_gazetteer *)g, i);
        nerq_cc_put(&out, t->slots, t->cap * sizeof(gslot));
        nerq_cc_put(&out, t->forms.v, t->forms.n * sizeof(gform));
    }
    if (h.later_bits)
        nerq_cc_put(&out, g->later, h.later_bits / 8);
    nerq_cc_write(path, MAGIC, key, out.data, out.len);
    free(fes.v);
    nerq_buf_free(&strings);
    nerq_buf_free(&out);
}

nerq_gazetteer *nerq_gazetteer_load(const char *dir, nerq_tokenizer *tk, nerq_err *err)
{
    const char *mode = getenv("NERQ_GAZ_CACHE"), *min = getenv("NERQ_GAZ_CACHE_MIN");
    if (!nerq_cc_enabled())
        return nerq_gazetteer_build(dir, tk, err);
    uint64_t key;
    size_t bytes;
    int rc = source_key(dir, tk, &key, &bytes, err);
    if (rc < 0)
        return NULL;
    if (rc > 0)
        return nerq_gazetteer_build(dir, tk, err); /* which says what is wrong */
    size_t threshold = min && *min ? (size_t)strtoull(min, NULL, 10) : 0;
    if (bytes < threshold && !(mode && !strcmp(mode, "1")))
        return nerq_gazetteer_build(dir, tk, err);
    char *path = nerq_cc_path("gaz", key);
    nerq_gazetteer *g = path ? map_cache(path, key, tk) : NULL;
    if (!g) {
        g = nerq_gazetteer_build(dir, tk, err);
        if (g && path)
            write_cache(g, path, key);
    }
    free(path);
    return g;
}
