/* gazetteer.h: name lists (gazetteers/NAME.tsv) matched as token sequences.
 * Internal to libnerq; the file format is documented in gazetteers/README.md. */
#ifndef NERQ_GAZETTEER_H
#define NERQ_GAZETTEER_H

#include "nerq.h"

typedef struct nerq_gaz_entry {
    const char *type, *id, *canonical, *attrs;
    const char *file;
    int line;
} nerq_gaz_entry;

/* All entries sharing one surface form, in load order (file order decides priority):
 * entry k is nerq_gaz_hit(&hits, k). */
typedef struct {
    const nerq_gaz_entry *base;
    const uint32_t *idx;
    size_t n;
} nerq_gaz_hits;
static inline const nerq_gaz_entry *nerq_gaz_hit(const nerq_gaz_hits *h, size_t k)
{
    return &h->base[h->idx[k]];
}

/* Names longer than this many tokens are refused. */
#define NERQ_GAZ_MAX_TOKENS 32

typedef struct nerq_gazetteer nerq_gazetteer;

/* Load every *.tsv file of dir (sorted by name); tokenizer splits the names exactly as it
 * splits article text, so a name matches the tokens it would become. */
nerq_gazetteer *nerq_gazetteer_load(const char *dir, nerq_tokenizer *tk, nerq_err *err);
void nerq_gazetteer_free(nerq_gazetteer *g);
size_t nerq_gazetteer_size(const nerq_gazetteer *g);
/* Add one name form of an entry (used by the loader and by tests); e is copied. Matching
 * never writes to the gazetteer: one loaded gazetteer serves many threads. */
int nerq_gazetteer_add(nerq_gazetteer *g, const char *form, const nerq_gaz_entry *e, nerq_err *err);
nerq_gazetteer *nerq_gazetteer_new(nerq_tokenizer *tk);
/* Longest match starting at token i of a (not beyond token limit). Returns the number of
 * tokens matched (0: none) and the first entry of that form. fold: also try a
 * case-insensitive match (for text in capitals). */
size_t nerq_gazetteer_match(const nerq_gazetteer *g, const nerq_article *a, size_t i,
                            size_t limit, int fold, const nerq_gaz_entry **out);
/* The same, giving every entry that has the matched form. */
size_t nerq_gazetteer_match_all(const nerq_gazetteer *g, const nerq_article *a, size_t i,
                                size_t limit, int fold, nerq_gaz_hits *out);
/* The most tokens a form starting with token i can have (0: no form starts with it):
 * fold 0 the forms as written, 1 the case-folded forms match_all tries for capitals.
 * Depends only on the token's bytes, so a caller may keep it per word. */
size_t nerq_gazetteer_first(const nerq_gazetteer *g, const nerq_article *a, size_t i, int fold);
/* Whether token i may stand after the first token of a form (fold 0: as written; 1:
 * folded); 0 means certainly not. Depends only on the token's bytes. */
int nerq_gazetteer_later(const nerq_gazetteer *g, const nerq_article *a, size_t i, int fold);
/* Both at once (one hash of the token): returns nerq_gazetteer_first, sets *later. */
size_t nerq_gazetteer_first_later(const nerq_gazetteer *g, const nerq_article *a, size_t i, int fold, int *later);
/* match_all given first[f] = nerq_gazetteer_first(g, a, i, f) for f 0 and (if fold) 1:
 * the same result without the first-token look-ups. first[f] may be lowered to any bound
 * the caller knows, at least 1 when it was not 0 (such as: tokens i+1 .. i+first[f]-1
 * have nerq_gazetteer_later and the next does not). */
size_t nerq_gazetteer_match_from(const nerq_gazetteer *g, const nerq_article *a, size_t i, size_t limit,
                                 int fold, const uint8_t first[2], nerq_gaz_hits *out);
/* Exact lookup of a key (tokens joined by single spaces); NULL if absent. */
const nerq_gaz_entry *nerq_gazetteer_lookup(const nerq_gazetteer *g, const char *key, size_t n);
/* Attribute value of key in an entry's attrs ("k=v;k2=v2"), copied into buf. */
const char *nerq_gaz_attr(const nerq_gaz_entry *e, const char *key, char *buf, size_t size);

#endif
