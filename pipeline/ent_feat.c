/* ent_feat.c: part of the entities stage: the per-token features (e->feat) the rules
 * test instead of looking words up again and again: the word lists a token is in (as
 * written and in lower case, ent_lex.c), the gazetteer forms it can start, whether it
 * can follow a form's first word and whether it is a one-token form (gazetteer.c), and
 * the word properties behind nerq_ent_name_tok. All of these depend on the token's bytes,
 * class and shape only (and, for the name bits, whether it is an abbreviation), so they
 * are worked out once per distinct word and kept in a table of the context (one per
 * worker thread: nothing shared is written); an article's tokens are mostly words seen
 * before. The table's memory is taken when the context is made (some 3.5 MB); when it
 * fills up it starts again empty (what it holds is derived, never new: the output does
 * not depend on it). Reads `tokens`. */
#include "ent.h"

#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define WORDS_CAP (1u << 17)         /* slots (24 bytes each), a power of two */
#define WORDS_MAX (WORDS_CAP / 2)    /* words kept before the table starts again */
#define WORD_MAX_LEN 48              /* longer tokens are worked out each time */
#define POOL_SIZE (WORDS_MAX * 16u)  /* bytes of the longer words kept */

/* A word of up to 8 bytes is its own key (no hash of the bytes, no memcmp); a longer one
 * is kept in the pool. */
typedef struct {
    uint64_t key; /* short: the word's bytes, zeros after; long: hash >> 32 << 32 | offset in the pool */
    uint32_t tag; /* len | cls << 8 | shape << 16 (0: empty slot) | the ENT_W_NAME, _START
                     and _ANY bits of a token with NERQ_TF_ABBREV << 24 */
    nerq_ent_feat f; /* for a token without NERQ_TF_ABBREV */
} wslot;

#define ABBREV_BITS (ENT_W_NAME | ENT_W_START | ENT_W_ANY)

/* Those bits of a word, packed into the tag's high byte, and back. */
static uint32_t abbrev_pack(uint16_t w)
{
    return ((w & ENT_W_NAME) ? 1u << 24 : 0) | ((w & ENT_W_START) ? 2u << 24 : 0) | ((w & ENT_W_ANY) ? 4u << 24 : 0);
}
static uint16_t abbrev_unpack(uint32_t tag)
{
    return (uint16_t)(((tag >> 24) & 1 ? ENT_W_NAME : 0) | ((tag >> 24) & 2 ? ENT_W_START : 0) |
                      ((tag >> 24) & 4 ? ENT_W_ANY : 0));
}

struct nerq_ent_words {
    wslot *slots;
    size_t n;
    char *pool;
    size_t pool_len;
    uint64_t mask[9]; /* mask[n]: the first n bytes of a uint64_t in memory */
};

nerq_ent_words *nerq_ent_words_new(void)
{
    nerq_ent_words *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    w->slots = calloc(WORDS_CAP, sizeof *w->slots);
    w->pool = malloc(POOL_SIZE);
    if (!w->slots || !w->pool)
        abort();
    for (size_t n = 0; n <= 8; n++)
        memset(&w->mask[n], 0xFF, n);
    return w;
}

void nerq_ent_words_free(nerq_ent_words *w)
{
    if (!w)
        return;
    free(w->slots);
    free(w->pool);
    free(w);
}

static int has_digit(const char *w, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (w[k] >= '0' && w[k] <= '9')
            return 1;
    return 0;
}

/* "Nablus-based": an ordinary word after a hyphen (followed by at least 3 bytes). */
static int hyphen_common(const nerq_ent_lex *lex, const char *w, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (w[k] == '-' && k + 3 < n && w[k + 1] >= 'a' && w[k + 1] <= 'z' &&
            (nerq_ent_lex_get(lex, w + k + 1, n - k - 1) & ENT_COMMON))
            return 1;
    return 0;
}

/* The features of token i worked out from the lists (ENT_W_NAME left out). */
static void compute(const nerq_entities *e, const nerq_article *a, size_t i, nerq_ent_feat *f)
{
    const nerq_token *t = &a->tokens.v[i];
    const char *s = a->text + t->start;
    size_t n = t->end - t->start;
    memset(f, 0, sizeof *f);
    if (t->cls == NERQ_T_WORD || t->cls == NERQ_T_SYM || t->cls == NERQ_T_PUNCT) {
        f->exact = nerq_ent_lex_get(e->lex, s, n);
        f->lower = f->exact;
        char buf[64];
        if (t->cls == NERQ_T_WORD && t->shape != NERQ_SH_LOWER && n < sizeof buf) {
            /* the lower-case form: the first letter ("Police"), or all ("POLICE"); ASCII
             * only, the dictionary is ASCII */
            int all = t->shape == NERQ_SH_UPPER;
            for (size_t k = 0; k < n; k++) {
                char c = s[k];
                buf[k] = (all || k == 0) && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            }
            f->lower = nerq_ent_lex_get(e->lex, buf, n);
        }
    }
    int later, later_fold;
    f->gaz[0] = (uint8_t)nerq_gazetteer_first_later(e->gaz, a, i, 0, &later);
    f->gaz[1] = (uint8_t)nerq_gazetteer_first_later(e->gaz, a, i, 1, &later_fold);
    if (later)
        f->word |= ENT_W_LATER;
    if (later_fold)
        f->word |= ENT_W_LATER_FOLD;
    nerq_gaz_hits h;
    if (f->gaz[0] && nerq_gazetteer_match_from(e->gaz, a, i, i + 1, 0, f->gaz, &h)) {
        f->word |= ENT_W_ONE;
        /* "West African", "Griqualand West": a word some list knows as no person */
        if (strcmp(nerq_gaz_hit(&h, 0)->type, "PERSON"))
            f->word |= ENT_W_LISTED;
    }
    const uint8_t folded_only[2] = {0, f->gaz[1]};
    if (f->gaz[1] && nerq_gazetteer_match_from(e->gaz, a, i, i + 1, 1, folded_only, &h))
        f->word |= ENT_W_ONE_FOLD;
    if (t->cls != NERQ_T_WORD)
        return;
    if (f->exact & ENT_SPORTS)
        f->word |= ENT_W_SPORTS;
    /* a name word by its shape: capitalised, no digits ("W145"), no ordinary word after a
     * hyphen ("Nablus-based"), not in rules/not-names.txt */
    if ((t->shape == NERQ_SH_CAP || t->shape == NERQ_SH_MIXED || (t->shape == NERQ_SH_UPPER && n > 1)) &&
        !has_digit(s, n) && !hyphen_common(e->lex, s, n) && !(f->exact & ENT_NOT_NAMES))
        f->word |= ENT_W_NAME_SHAPE;
    /* as an abbreviation ("Mr.", "Inc."): only organisation words, dotted capitals
     * ("U.N.") and single initials ("P.") continue a name */
    if (n > 2 && !(f->exact & ENT_ORG_WORDS) && !(t->shape == NERQ_SH_UPPER && memchr(s, '.', n - 1)))
        f->word |= ENT_W_ABBREV_BAD;
    /* "Third-seeded", "Left-back": after the first hyphen an ordinary word */
    const char *hy = memchr(s, '-', n);
    if (hy && hy + 1 < s + n && (nerq_ent_lex_get(e->lex, hy + 1, (size_t)(s + n - hy - 1)) & ENT_COMMON))
        f->word |= ENT_W_HYPHEN_COMMON;
}

/* f->word with the bits that depend on the token being an abbreviation ("Mr.") or not. */
static uint16_t token_bits(const nerq_ent_feat *f, int abbrev)
{
    uint16_t w = f->word;
    if ((w & ENT_W_NAME_SHAPE) && !(abbrev && (w & ENT_W_ABBREV_BAD)))
        w |= ENT_W_NAME;
    if ((w & ENT_W_NAME) || (f->exact & ENT_TITLE_START) || f->gaz[0])
        w |= ENT_W_START;
    if ((w & ENT_W_START) || f->gaz[1])
        w |= ENT_W_ANY;
    return w;
}

/* A word not in the table: worked out and kept in slot j (the empty slot its probe
 * ended at). Out of line, as is long_word: the common case, a short word found, is left
 * a small loop. */
static __attribute__((noinline)) void add_word(nerq_entities *e, const nerq_article *a, size_t i, nerq_ent_feat *f,
                                                uint64_t key, uint64_t h, uint32_t tag, size_t j)
{
    const nerq_token *t = &a->tokens.v[i];
    size_t n = t->end - t->start, m = WORDS_CAP - 1;
    nerq_ent_words *w = e->words;
    compute(e, a, i, f);
    uint16_t plain = token_bits(f, 0), abbr = token_bits(f, 1);
    if (w->n + 1 > WORDS_MAX || (n > 8 && w->pool_len + n > POOL_SIZE)) {
        /* full: start again */
        memset(w->slots, 0, WORDS_CAP * sizeof *w->slots);
        w->n = w->pool_len = 0;
        for (j = h & m; w->slots[j].tag; j = (j + 1) & m)
            ;
    }
    wslot *sl = &w->slots[j];
    if (n > 8) {
        key |= w->pool_len;
        memcpy(w->pool + w->pool_len, a->text + t->start, n);
        w->pool_len += n;
    }
    sl->key = key;
    sl->tag = tag | abbrev_pack(abbr);
    sl->f = *f;
    sl->f.word = plain;
    f->word = (t->flags & NERQ_TF_ABBREV) ? abbr : plain;
    w->n++;
}

/* A slot's features for token t. */
static inline void from_slot(const wslot *sl, const nerq_token *t, nerq_ent_feat *f)
{
    *f = sl->f;
    if (t->flags & NERQ_TF_ABBREV)
        f->word = (uint16_t)((f->word & ~ABBREV_BITS) | abbrev_unpack(sl->tag));
}

/* Token i of more than 8 bytes (or none): hashed, compared with memcmp; beyond
 * WORD_MAX_LEN not kept. */
static __attribute__((noinline)) void long_word(nerq_entities *e, const nerq_article *a, size_t i, nerq_ent_feat *f)
{
    const nerq_token *t = &a->tokens.v[i];
    const char *s = a->text + t->start;
    size_t n = t->end - t->start;
    if (!n || n > WORD_MAX_LEN) {
        compute(e, a, i, f);
        f->word = token_bits(f, (t->flags & NERQ_TF_ABBREV) != 0);
        return;
    }
    const nerq_ent_words *w = e->words;
    uint32_t tag = (uint32_t)n | (uint32_t)t->cls << 8 | (uint32_t)t->shape << 16;
    uint64_t h = XXH3_64bits(s, n), key = h >> 32 << 32;
    size_t m = WORDS_CAP - 1, j = h & m;
    for (;; j = (j + 1) & m) {
        const wslot *sl = &w->slots[j];
        if (!sl->tag)
            break;
        if ((sl->tag & 0xFFFFFF) == tag && sl->key >> 32 == key >> 32 &&
            !memcmp(w->pool + (uint32_t)sl->key, s, n)) {
            from_slot(sl, t, f);
            return;
        }
    }
    add_word(e, a, i, f, key, h, tag, j);
}

/* The features of token i, from the table or worked out and kept. */
static inline void word_features(nerq_entities *e, const nerq_article *a, size_t i, nerq_ent_feat *f)
{
    const nerq_token *t = &a->tokens.v[i];
    size_t n = t->end - t->start;
    if (n - 1 >= 8) { /* none or more than 8 bytes */
        long_word(e, a, i, f);
        return;
    }
    const nerq_ent_words *w = e->words;
    uint32_t tag = (uint32_t)n | (uint32_t)t->cls << 8 | (uint32_t)t->shape << 16;
    uint64_t key = 0;
    if ((size_t)t->start + 8 <= a->text_len) { /* one load (within the text), then the word's bytes */
        memcpy(&key, a->text + t->start, 8);
        key &= w->mask[n];
    } else {
        memcpy(&key, a->text + t->start, n);
    }
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    size_t m = WORDS_CAP - 1, j = h & m;
    for (;; j = (j + 1) & m) {
        const wslot *sl = &w->slots[j];
        if (!sl->tag)
            break;
        if ((sl->tag & 0xFFFFFF) == tag && sl->key == key) {
            from_slot(sl, t, f);
            return;
        }
    }
    add_word(e, a, i, f, key, h, tag, j);
}

void nerq_ent_features(nerq_entities *e, const nerq_article *a)
{
    e->feat.n = 0;
    NERQ_VEC_RESERVE(e->feat, a->tokens.n + 1);
    size_t first_end = a->sentences.n ? a->sentences.v[0].tok_end : 0;
    size_t sports = 0;
    for (size_t i = 0; i < a->tokens.n; i++) {
        nerq_ent_feat *f = &e->feat.v[i];
        word_features(e, a, i, f);
        if (f->word & ENT_W_SPORTS)
            sports += i < first_end ? 2 : 1;
    }
    e->feat.n = a->tokens.n;
    e->in_sports = sports >= 2;
}
