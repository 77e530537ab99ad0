/* rules.c: loading line-based rule files (# comments, blank lines ignored) and word sets.
 * A word set from a large file (the dictionary of ingest's de-hyphenation: 100,000 words,
 * loaded by each worker that meets a hyphen at a line end) is kept compiled (compiled.h)
 * and mapped from there while the file is unchanged. */
#include "compiled.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path, size_t *len, nerq_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        nerq_err_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    nerq_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        nerq_buf_put(&b, tmp, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        nerq_err_set(err, "%s: read error", path);
        nerq_buf_free(&b);
        return NULL;
    }
    nerq_buf_grow(&b, 1);
    b.data[b.len] = '\0';
    *len = b.len;
    return b.data;
}

/* A line given twice (after comments and spacing are stripped) is an error: in a list it
 * is a slip, in a table it hides which entry was meant. An open-addressing table of line
 * indices (at most half full), one XXH3 per line: word lists run to 100,000 lines, and
 * every worker loads them. */
static int check_duplicates(nerq_rule_file *f, nerq_err *err)
{
    size_t cap = 16;
    while (cap < 2 * f->lines.n)
        cap *= 2;
    struct dslot {
        uint32_t hash, line; /* line: index + 1; 0 = empty */
    } *tab = calloc(cap, sizeof *tab);
    if (!tab)
        abort();
    int rc = 0;
    for (size_t i = 0; i < f->lines.n && rc == 0; i++) {
        const nerq_rule_line *l = &f->lines.v[i];
        size_t n = strlen(l->text);
        uint32_t h = (uint32_t)nerq_hash64(l->text, n);
        size_t j = h & (cap - 1);
        for (; tab[j].line; j = (j + 1) & (cap - 1)) {
            const nerq_rule_line *o = &f->lines.v[tab[j].line - 1];
            if (tab[j].hash == h && !strcmp(o->text, l->text)) {
                nerq_err_set(err, "%s:%d: duplicate entry (same as line %d)", f->path, l->lineno, o->lineno);
                rc = -1;
                break;
            }
        }
        tab[j].hash = h;
        tab[j].line = (uint32_t)i + 1;
    }
    free(tab);
    return rc;
}

int nerq_rule_file_load(nerq_rule_file *f, const char *dir, const char *name, nerq_err *err)
{
    memset(f, 0, sizeof *f);
    size_t pl = strlen(dir) + strlen(name) + 2;
    f->path = malloc(pl);
    if (!f->path)
        abort();
    snprintf(f->path, pl, "%s/%s", dir, name);
    size_t len;
    f->storage = read_all(f->path, &len, err);
    if (!f->storage)
        return -1;
    size_t bad = nerq_utf8_valid_prefix(f->storage, len);
    const char *nul = memchr(f->storage, 0, bad);
    if (nul || bad != len) {
        if (nul)
            bad = (size_t)(nul - f->storage);
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += f->storage[i] == '\n';
        nerq_err_set(err, "%s:%d: %s", f->path, line, nul ? "NUL byte" : "not valid UTF-8");
        return -1;
    }
    char *p = f->storage;
    int lineno = 0;
    while (*p) {
        char *nl = strchr(p, '\n');
        char *end = nl ? nl : p + strlen(p);
        lineno++;
        char *next = nl ? nl + 1 : end;
        *end = '\0';
        /* A '#' starts a comment at line start or after whitespace ("\#" is a literal #). */
        char *q = p;
        for (char *s = p; *s; s++)
            if (*s == '#' && (s == p || s[-1] == ' ' || s[-1] == '\t')) {
                *s = '\0';
                break;
            }
        size_t l = strlen(q);
        while (l && (q[l - 1] == ' ' || q[l - 1] == '\t' || q[l - 1] == '\r'))
            q[--l] = '\0';
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q) {
            nerq_rule_line *rl = NERQ_VEC_PUSH(f->lines);
            rl->text = q;
            rl->lineno = lineno;
        }
        p = next;
    }
    return check_duplicates(f, err);
}

void nerq_rule_file_free(nerq_rule_file *f)
{
    free(f->path);
    free(f->storage);
    free(f->lines.v);
    memset(f, 0, sizeof *f);
}

/* A word set: open addressing over offsets into one pool of bytes ("len:u32, bytes"),
 * with the hash beside each offset; one probe, usually one cache line, per look-up. */
struct nerq_wordset {
    struct wslot {
        uint32_t hash, off; /* off + 1 into pool; 0 = empty */
    } *slots;
    size_t cap, n; /* cap: power of two */
    nerq_buf pool;
    nerq_cc_map map; /* when slots and pool are in a mapped cache file */
};

static uint32_t wordhash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return (uint32_t)(h ^ (h >> 32));
}

nerq_wordset *nerq_wordset_new(void)
{
    nerq_wordset *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    return w;
}

static int word_eq(const nerq_wordset *w, uint32_t off, const char *s, size_t n)
{
    uint32_t len;
    memcpy(&len, w->pool.data + off, sizeof len);
    return len == n && !memcmp(w->pool.data + off + sizeof len, s, n);
}

int nerq_wordset_has(const nerq_wordset *w, const char *s, size_t n)
{
    if (!w->cap)
        return 0;
    uint32_t h = wordhash(s, n);
    for (size_t j = h & (w->cap - 1);; j = (j + 1) & (w->cap - 1)) {
        const struct wslot *sl = &w->slots[j];
        if (!sl->off)
            return 0;
        if (sl->hash == h && word_eq(w, sl->off - 1, s, n))
            return 1;
    }
}

void nerq_wordset_add(nerq_wordset *w, const char *s, size_t n)
{
    if (nerq_wordset_has(w, s, n) || n > UINT32_MAX / 2)
        return;
    if ((w->n + 1) * 2 > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        struct wslot *ns = calloc(cap, sizeof *ns);
        if (!ns)
            abort();
        for (size_t i = 0; i < w->cap; i++)
            if (w->slots[i].off) {
                size_t j = w->slots[i].hash & (cap - 1);
                while (ns[j].off)
                    j = (j + 1) & (cap - 1);
                ns[j] = w->slots[i];
            }
        free(w->slots);
        w->slots = ns;
        w->cap = cap;
    }
    uint32_t h = wordhash(s, n), len = (uint32_t)n, off = (uint32_t)w->pool.len;
    nerq_buf_put(&w->pool, &len, sizeof len);
    nerq_buf_put(&w->pool, s, n);
    size_t j = h & (w->cap - 1);
    while (w->slots[j].off)
        j = (j + 1) & (w->cap - 1);
    w->slots[j].hash = h;
    w->slots[j].off = off + 1;
    w->n++;
}

/* Files of this size or more are kept compiled; smaller ones parse in microseconds. */
#define WORDSET_CACHE_MIN ((size_t)64 << 10)
#define WORDSET_MAGIC "NERQWS01"

/* The cache file for dir/name as it is now, or NULL (a small file, caches turned off, no
 * cache folder, an unreadable file: loading reports it). */
static char *wordset_cache_path(const char *dir, const char *name, uint64_t *key)
{
    if (!nerq_cc_enabled())
        return NULL;
    nerq_buf buf = {0};
    int missing = 0;
    *key = nerq_cc_key(WORDSET_MAGIC);
    int bad = nerq_cc_hash_file(key, dir, name, &buf, &missing) != 0 || missing ||
              buf.len < WORDSET_CACHE_MIN;
    nerq_buf_free(&buf);
    return bad ? NULL : nerq_cc_path("words", *key);
}

/* The word set in cache file path, or NULL when it is missing or not valid for key. */
static nerq_wordset *wordset_map(const char *path, uint64_t key)
{
    nerq_cc_map m;
    nerq_cc_table t;
    if (nerq_cc_open(&m, path, WORDSET_MAGIC, key) != 0)
        return NULL;
    if (nerq_cc_table_load(&m, sizeof(struct wslot), &t) != 0) {
        nerq_cc_close(&m);
        return NULL;
    }
    nerq_wordset *w = nerq_wordset_new();
    w->slots = (struct wslot *)t.slots;
    w->cap = t.cap;
    w->n = t.n;
    w->pool.data = (char *)t.pool;
    w->pool.len = w->pool.cap = t.pool_len;
    w->map = m;
    return w;
}

nerq_wordset *nerq_wordset_load(const char *dir, const char *name, nerq_err *err)
{
    uint64_t key = 0;
    char *path = wordset_cache_path(dir, name, &key);
    nerq_wordset *w = path ? wordset_map(path, key) : NULL;
    if (w) {
        free(path);
        return w;
    }
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, name, err) != 0) {
        nerq_rule_file_free(&f);
        free(path);
        return NULL;
    }
    w = nerq_wordset_new();
    for (size_t i = 0; i < f.lines.n; i++)
        nerq_wordset_add(w, f.lines.v[i].text, strlen(f.lines.v[i].text));
    nerq_rule_file_free(&f);
    if (path) {
        nerq_buf b = {0};
        nerq_cc_table t = {w->slots, w->cap, w->n, sizeof *w->slots, w->pool.data, w->pool.len};
        nerq_cc_table_save(&b, &t);
        nerq_cc_write(path, WORDSET_MAGIC, key, b.data, b.len);
        nerq_buf_free(&b);
        free(path);
    }
    return w;
}

void nerq_wordset_free(nerq_wordset *w)
{
    if (!w)
        return;
    if (w->map.map) {
        nerq_cc_close(&w->map);
    } else {
        free(w->slots);
        nerq_buf_free(&w->pool);
    }
    free(w);
}
