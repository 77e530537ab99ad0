/* gazetteer_int.h: the gazetteer's tables, shared by gazetteer.c (building, matching)
 * and gazetteer_cache.c (the compiled form written to and mapped from a file). */
#ifndef NERQ_GAZETTEER_INT_H
#define NERQ_GAZETTEER_INT_H

#include "gazetteer.h"

/* A name form: its key (in the key pool) and its entries (in the hit array). */
typedef struct {
    uint64_t hash;
    uint32_t key_off, klen;
    uint32_t hit_off, n;
    uint32_t max_tokens; /* first-token tables: the longest form starting with this token */
    uint32_t pad;
} gform;

typedef struct {
    uint64_t hash;
    uint32_t idx; /* form index + 1; 0 = empty */
    uint32_t pad;
} gslot;

/* Open addressing with linear probing; load factor at most 1/2. */
typedef struct {
    gslot *slots;
    size_t cap; /* power of two, or 0 */
    NERQ_VEC(gform) forms;
    uint64_t *filter; /* cap * 4 bits, one per form hash: most tokens start no name, and
                         one bit test answers that without touching the table */
    uint64_t lower[64]; /* 4096 bits for the forms whose key starts with a lower-case
                           ASCII letter ("the", "al-"): few, so lower-case tokens, most of a
                           text, are turned away by 512 bytes that stay in cache */
} gtable;

/* Set form hash h in t's filter; rebuild the whole filter from t's forms. */
static inline void nerq_gaz_filter_set(gtable *t, uint64_t h)
{
    size_t bits = t->cap * 4, b = (size_t)(h >> 40) & (bits - 1);
    t->filter[b >> 6] |= 1ULL << (b & 63);
}
static inline int nerq_gaz_filter_has(const gtable *t, uint64_t h)
{
    size_t bits = t->cap * 4, b = (size_t)(h >> 40) & (bits - 1);
    return (t->filter[b >> 6] >> (b & 63)) & 1;
}
static inline void nerq_gaz_lower_set(gtable *t, uint64_t h)
{
    size_t b = (size_t)(h >> 40) & 4095;
    t->lower[b >> 6] |= 1ULL << (b & 63);
}
static inline int nerq_gaz_lower_has(const gtable *t, uint64_t h)
{
    size_t b = (size_t)(h >> 40) & 4095;
    return (t->lower[b >> 6] >> (b & 63)) & 1;
}
/* Rebuild t's filters from its forms (keys: the key pool). */
void nerq_gaz_filter_build(gtable *t, const char *keys);

struct nerq_gazetteer {
    nerq_arena *arena;
    NERQ_VEC(nerq_gaz_entry) entries;
    nerq_buf keys;
    NERQ_VEC(uint32_t) hits;
    gtable forms, folded, firsts, ffirsts;
    nerq_tokenizer *tk;
    nerq_article *scratch;
    nerq_buf key;                  /* build-time scratch */
    const nerq_gaz_entry *last_ext; /* the last external entry copied in, and its index */
    uint32_t last_ext_idx;
    /* The words that stand after the first in some form (as written or folded), one bit
     * per word hash (nerq_gaz_later_bit): a form of k tokens can match at token i only if
     * tokens i+1 .. i+k-1 all have their bit (nerq_gazetteer_later). NULL: no such word. */
    uint64_t *later;
    size_t later_bits; /* a power of two */
    size_t later_n;    /* words added (with repeats): the bits are at least 16 times more */
    void *map; /* a compiled cache mapped in: the arrays point into it (see gazetteer_cache.c) */
    size_t map_len;
};


static inline size_t nerq_gaz_later_bit(uint64_t h, size_t bits) { return (size_t)(h ^ (h >> 32)) & (bits - 1); }

/* FNV-1a 64 with a final mix: the hash every table uses. */
uint64_t nerq_gaz_hash_bytes(const char *s, size_t n);
/* Release a mapped cache (the arrays that point into it). */
void nerq_gaz_unmap(nerq_gazetteer *g);
/* Build from every *.tsv file of dir (no cache). */
nerq_gazetteer *nerq_gazetteer_build(const char *dir, nerq_tokenizer *tk, nerq_err *err);

#endif
