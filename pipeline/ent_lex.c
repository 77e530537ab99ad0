/* ent_lex.c: part of the entities stage: the word lists of rules/ and gazetteers/ in one
 * table, word -> bit set of the lists that hold it. Read-only once loaded (the per-token
 * features built from it, and kept per word, are in ent_feat.c). The table is flat
 * (slots of offsets into one pool), so its compiled form (nerq_ent_lex_save) is the same
 * arrays, mapped from a cache file and used in place (nerq_ent_lex_adopt). */
#include "compiled.h"
#include "ent.h"

#include <stdlib.h>
#include <string.h>

/* Open addressing, linear probing, at most half full: a look-up hashes the word once and
 * compares one or two keys. Keys live in one growing pool. */
typedef struct {
    uint32_t off, len; /* key in pool; len 0: empty slot */
    uint32_t mask;
    uint32_t fp; /* high bits of the hash: most mismatches end here, without memcmp */
} slot;

struct nerq_ent_lex {
    slot *slots;
    size_t cap, n; /* cap: a power of two */
    nerq_buf pool;
    nerq_cc_map map; /* when slots and pool are in a mapped cache file */
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static nerq_ent_lex *lex_alloc(size_t cap)
{
    nerq_ent_lex *x = calloc(1, sizeof *x);
    if (!x)
        abort();
    x->cap = cap;
    x->slots = cap ? calloc(x->cap, sizeof *x->slots) : NULL;
    if (cap && !x->slots)
        abort();
    return x;
}

nerq_ent_lex *nerq_ent_lex_new(void) { return lex_alloc(1024); }

static slot *find_slot(const nerq_ent_lex *x, const char *s, size_t n, uint64_t h)
{
    size_t m = x->cap - 1;
    uint32_t fp = (uint32_t)(h >> 32);
    for (size_t i = h & m;; i = (i + 1) & m) {
        slot *t = &x->slots[i];
        if (!t->len || (t->fp == fp && t->len == n && !memcmp(x->pool.data + t->off, s, n)))
            return t;
    }
}

static void grow(nerq_ent_lex *x)
{
    slot *old = x->slots;
    size_t oldcap = x->cap;
    x->cap *= 2;
    x->slots = calloc(x->cap, sizeof *x->slots);
    if (!x->slots)
        abort();
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].len) {
            const char *k = x->pool.data + old[i].off;
            *find_slot(x, k, old[i].len, hash(k, old[i].len)) = old[i];
        }
    free(old);
}

void nerq_ent_lex_add(nerq_ent_lex *x, const char *s, size_t n, uint32_t bits)
{
    if (!n || n > UINT32_MAX)
        return;
    uint64_t h = hash(s, n);
    slot *t = find_slot(x, s, n, h);
    if (!t->len) {
        if (2 * (x->n + 1) > x->cap) {
            grow(x);
            t = find_slot(x, s, n, h);
        }
        t->off = (uint32_t)x->pool.len;
        t->len = (uint32_t)n;
        t->fp = (uint32_t)(h >> 32);
        nerq_buf_put(&x->pool, s, n);
        x->n++;
    }
    t->mask |= bits;
}

uint32_t nerq_ent_lex_get(const nerq_ent_lex *x, const char *s, size_t n)
{
    if (!n)
        return 0;
    return find_slot(x, s, n, hash(s, n))->mask;
}

void nerq_ent_lex_free(nerq_ent_lex *x)
{
    if (!x)
        return;
    if (x->map.map) {
        nerq_cc_close(&x->map);
    } else {
        free(x->slots);
        nerq_buf_free(&x->pool);
    }
    free(x);
}

void nerq_ent_lex_save(const nerq_ent_lex *x, nerq_buf *out)
{
    nerq_cc_table t = {x->slots, x->cap, x->n, sizeof *x->slots, x->pool.data, x->pool.len};
    nerq_cc_table_save(out, &t);
}

nerq_ent_lex *nerq_ent_lex_adopt(nerq_cc_map *m)
{
    nerq_cc_table t;
    if (nerq_cc_table_load(m, sizeof(slot), &t) != 0)
        return NULL;
    nerq_ent_lex *x = lex_alloc(0);
    x->cap = t.cap;
    x->n = t.n;
    x->slots = (slot *)t.slots;
    x->pool.data = (char *)t.pool;
    x->pool.len = x->pool.cap = t.pool_len;
    x->map = *m;
    memset(m, 0, sizeof *m);
    return x;
}

int nerq_ent_lex_load(nerq_ent_lex *x, const char *dir, const char *name, uint32_t bits, int optional,
                      nerq_err *err)
{
    nerq_rule_file f;
    nerq_err dummy;
    if (nerq_rule_file_load(&f, dir, name, optional ? &dummy : err) != 0) {
        nerq_rule_file_free(&f);
        return optional ? 0 : -1;
    }
    for (size_t i = 0; i < f.lines.n; i++)
        nerq_ent_lex_add(x, f.lines.v[i].text, strlen(f.lines.v[i].text), bits);
    nerq_rule_file_free(&f);
    return 0;
}
