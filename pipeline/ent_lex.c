/* ent_lex.c: part of the entities stage: the word lists of rules/ and gazetteers/ in one
 * table, word -> bit set of the lists that hold it, and the per-article token features
 * (e->feat) looked up once per word token, so that the rules test bits instead of hashing
 * the same token again and again. Reads `tokens`; adds nothing to the record. The table
 * is flat (slots of offsets into one pool), so its compiled form (nerq_ent_lex_save) is
 * the same arrays, mapped from a cache file and used in place (nerq_ent_lex_adopt). */
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

/* A small direct-mapped memo of recent look-ups in front of the table. The table holds
 * some 70,000 words (megabytes: a cache miss per look-up once the other stages have had
 * the cache), while a news article's tokens are mostly a few thousand frequent words.
 * Entries keep the word itself, so a hit is exact. One memo per context: each worker
 * thread has its own entities context, so the memo needs no lock. */
#define MEMO_SIZE 4096
#define MEMO_WORD 19
typedef struct {
    uint64_t h;
    uint32_t mask;
    uint8_t len; /* 0: empty */
    char word[MEMO_WORD];
} memo;

struct nerq_ent_lex {
    slot *slots;
    size_t cap, n; /* cap: a power of two */
    nerq_buf pool;
    memo *memo;
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
    x->memo = calloc(MEMO_SIZE, sizeof *x->memo);
    if ((cap && !x->slots) || !x->memo)
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
    x->memo[(h >> 17) & (MEMO_SIZE - 1)].len = 0; /* the word's mask may change */
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
    uint64_t h = hash(s, n);
    if (n > MEMO_WORD)
        return find_slot(x, s, n, h)->mask;
    memo *m = &x->memo[(h >> 17) & (MEMO_SIZE - 1)];
    if (m->len == n && m->h == h && !memcmp(m->word, s, n))
        return m->mask;
    uint32_t mask = find_slot(x, s, n, h)->mask;
    m->h = h;
    m->len = (uint8_t)n;
    memcpy(m->word, s, n);
    m->mask = mask;
    return mask;
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
    free(x->memo);
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

void nerq_ent_features(nerq_entities *e, const nerq_article *a)
{
    e->feat.n = 0;
    NERQ_VEC_RESERVE(e->feat, a->tokens.n + 1);
    char buf[64];
    for (size_t i = 0; i < a->tokens.n; i++) {
        const nerq_token *t = &a->tokens.v[i];
        nerq_ent_feat *f = &e->feat.v[i];
        memset(f, 0, sizeof *f);
        if (t->cls != NERQ_T_WORD && t->cls != NERQ_T_SYM && t->cls != NERQ_T_PUNCT)
            continue;
        const char *s = a->text + t->start;
        size_t n = t->end - t->start;
        f->exact = nerq_ent_lex_get(e->lex, s, n);
        f->lower = f->exact;
        if (t->cls != NERQ_T_WORD || t->shape == NERQ_SH_LOWER || n >= sizeof buf)
            continue;
        /* the lower-case form: the first letter ("Police"), or all ("POLICE"); ASCII
         * only, the dictionary is ASCII */
        int all = t->shape == NERQ_SH_UPPER;
        for (size_t k = 0; k < n; k++) {
            char c = s[k];
            buf[k] = (all || k == 0) && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
        f->lower = nerq_ent_lex_get(e->lex, buf, n);
    }
    e->feat.n = a->tokens.n;
}
