/* ent.h: internals of the entities stage, shared by its files:
 *   entities.c   the stage: loading the lists, running the passes, grouping entities
 *   ent_rules.c  finding mentions: gazetteer matches and capitalised sequences typed by cues
 *   ent_ambig.c  decisions on words that may or may not be names (sentence starts,
 *                headlines in capitals, gazetteer entries with several readings)
 *   ent_alias.c  in-article aliasing: surnames, acronyms, fullest names
 *   ent_lex.c    the word lists (word -> list bits)
 *   ent_feat.c   the per-token features, kept per distinct word
 * Not part of the public interface (nerq.h). */
#ifndef NERQ_ENT_H
#define NERQ_ENT_H

#include "gazetteer.h"

/* A capitalised sequence that no rule typed; the alias pass decides (ent_alias.c). */
typedef struct {
    uint32_t tok_start, tok_end;
    uint8_t headline; /* in a sentence written in capitals */
    uint8_t team;     /* stands where a team's name does in a sports report */
} nerq_ent_cand;

typedef struct nerq_ent_name nerq_ent_name; /* alias table node (ent_alias.c) */
typedef struct nerq_ent_lex nerq_ent_lex;   /* the word lists (ent_lex.c) */

enum { /* the lists a word is in (bits of nerq_ent_feat) */
    ENT_GIVEN = 1u << 0,
    ENT_COMMON = 1u << 1,
    ENT_ORG_WORDS = 1u << 2,
    ENT_ORG_HEADS = 1u << 3,
    ENT_LOC_WORDS = 1u << 4,
    ENT_MISC_WORDS = 1u << 5,
    ENT_NOT_NAMES = 1u << 6,
    ENT_STARTERS = 1u << 7,
    ENT_CONNECTORS = 1u << 8,
    ENT_PARTICLES = 1u << 9,
    ENT_SPEECH = 1u << 10,
    ENT_ROLES = 1u << 11,
    ENT_SPORTS = 1u << 12,
    ENT_TEAM_AFTER = 1u << 13,
    ENT_TEAM_BEFORE = 1u << 14,
    ENT_PERSON_ORGS = 1u << 15,
    ENT_NOT_ORG_NOUNS = 1u << 16,
    ENT_NOT_ACRONYMS = 1u << 17,
    ENT_TITLE_START = 1u << 18, /* the first word of a title in person-titles.txt */
};

/* Per token: the lists its text is in, those its lower-case form is in, the gazetteer
 * forms it can start and what kind of word it is (ENT_W_*). */
typedef struct {
    uint32_t exact, lower;
    uint8_t gaz[2]; /* nerq_gazetteer_first of e->gaz at the token: as written, folded */
    uint16_t word;  /* ENT_W_* */
} nerq_ent_feat;

enum { /* bits of nerq_ent_feat.word */
    ENT_W_NAME = 1u << 0,          /* nerq_ent_name_tok */
    ENT_W_NAME_SHAPE = 1u << 1,    /* a name word by its shape and characters, not in not-names */
    ENT_W_ABBREV_BAD = 1u << 2,    /* as an abbreviation ("Mr.") it continues no name */
    ENT_W_HYPHEN_COMMON = 1u << 3, /* an ordinary word after its first hyphen ("Third-seeded") */
    ENT_W_LISTED = 1u << 4,        /* a one-token gazetteer form whose first entry is no PERSON */
    ENT_W_LATER = 1u << 5,         /* nerq_gazetteer_later of e->gaz, as written ... */
    ENT_W_LATER_FOLD = 1u << 6,    /* ... and folded */
    ENT_W_START = 1u << 7,         /* ENT_W_NAME, a title's first word or gaz[0]: may open a mention */
    ENT_W_ANY = 1u << 8,           /* ENT_W_START or gaz[1] */
    ENT_W_SPORTS = 1u << 9,        /* a word in rules/sports-words.txt */
    ENT_W_ONE = 1u << 10,          /* a one-token gazetteer form, as written ... */
    ENT_W_ONE_FOLD = 1u << 11,     /* ... and folded */
};

typedef struct nerq_ent_words nerq_ent_words; /* features per distinct word (ent_feat.c) */

struct nerq_entities {
    nerq_tokenizer *tk;
    nerq_gazetteer *gaz;    /* gazetteers/ *.tsv */
    nerq_gazetteer *titles; /* rules/person-titles.txt: token sequences before a name */
    nerq_ent_lex *lex; /* every word list, word -> ENT_* bits:
 * ENT_GIVEN gazetteers/given-names.txt, learned-given-names.txt; ENT_COMMON
 * rules/common-words.txt (lower-case dictionary words); ENT_ORG_WORDS org-words.txt (end an
 * organisation's name); ENT_ORG_HEADS org-heads.txt ("University" of ...); ENT_LOC_WORDS
 * loc-words.txt; ENT_MISC_WORDS misc-words.txt ("Cup"); ENT_NOT_NAMES not-names.txt;
 * ENT_STARTERS sentence-starters.txt; ENT_CONNECTORS, ENT_PARTICLES name-connectors.txt;
 * ENT_SPEECH speech-verbs.txt; ENT_ROLES person-roles.txt; ENT_SPORTS sports-words.txt;
 * ENT_TEAM_AFTER, ENT_TEAM_BEFORE team-cues.txt; ENT_PERSON_ORGS person-org-nouns.txt;
 * ENT_NOT_ORG_NOUNS not-org-nouns.txt; ENT_NOT_ACRONYMS not-acronyms.txt ("GDP", "DEM") */
    /* scratch, reused from article to article */
    NERQ_VEC(nerq_ent_cand) cands;
    NERQ_VEC(uint8_t) headline; /* per sentence: written in capitals */
    NERQ_VEC(nerq_ent_name) names;
    NERQ_VEC(char) fold;
    NERQ_VEC(nerq_ent_feat) feat; /* per token of the article being read */
    nerq_ent_words *words;        /* the features of the words seen so far */
    int headline_now; /* the sentence being scanned is a headline */
    int in_sports;    /* the article is a sports report (nerq_ent_features) */
};

/* ent_lex.c */
nerq_ent_lex *nerq_ent_lex_new(void);
void nerq_ent_lex_add(nerq_ent_lex *x, const char *s, size_t n, uint32_t bits);
uint32_t nerq_ent_lex_get(const nerq_ent_lex *x, const char *s, size_t n);
/* Add every line of dir/name with `bits`; a missing optional file is no error. */
int nerq_ent_lex_load(nerq_ent_lex *x, const char *dir, const char *name, uint32_t bits, int optional,
                      nerq_err *err);
void nerq_ent_lex_free(nerq_ent_lex *x);
/* The compiled form of the table, for a cache file (compiled.h), replacing out's bytes. */
void nerq_ent_lex_save(const nerq_ent_lex *x, nerq_buf *out);
/* A table over the compiled form in mapped cache file m, which it takes over (m is
 * cleared); NULL, m untouched, when the payload is malformed. Read-only: no _add. */
struct nerq_cc_map;
nerq_ent_lex *nerq_ent_lex_adopt(struct nerq_cc_map *m);

/* ent_feat.c */
nerq_ent_words *nerq_ent_words_new(void);
void nerq_ent_words_free(nerq_ent_words *w);
/* Fill e->feat for the tokens of a, and e->in_sports: whether a is a sports report (two
 * sports words, one if in the first sentence). */
void nerq_ent_features(nerq_entities *e, const nerq_article *a);

/* Length in tokens of the title or role cue at token i ("Foreign Minister"), 0 if none. */
size_t nerq_ent_title(const nerq_entities *e, const nerq_article *a, size_t i, size_t lim, int *plural);

/* ent_ambig.c */
/* Mark the sentences written in capitals (headlines) in e->headline. */
void nerq_ent_mark_headlines(nerq_entities *e, const nerq_article *a);
/* Token i is a capitalised word that may start or continue a name (see ent_feat.c). */
static inline int nerq_ent_name_tok(const nerq_entities *e, const nerq_article *a, size_t i)
{
    (void)a;
    return (e->feat.v[i].word & ENT_W_NAME) != 0;
}
/* Token i, capitalised, is an ordinary word here (sentence start "The", "Police"; a
 * common word in a headline). */
int nerq_ent_common_here(const nerq_entities *e, const nerq_article *a, size_t i, int headline);
/* In a sports report, tokens [i, i+k) stand where a team's name does ("Essex beat
 * Kent", "Leeds 2 Everton 1", "CHICAGO 67 58"). */
int nerq_ent_team_context(const nerq_entities *e, const nerq_article *a, size_t i, size_t k);
/* A generic organisation name no list ties to a country ("Foreign Ministry",
 * "Communist Party") takes the reading "<country>'s ..." or "... of <country>" of the
 * country the article names most, when the gazetteer holds that form. */
void nerq_ent_generic_orgs(nerq_entities *e, nerq_article *a);
/* The lower-case form of token i is a dictionary word (anywhere in a sentence). */
int nerq_ent_common_word(const nerq_entities *e, const nerq_article *a, size_t i);
/* Of the entries h matched at tokens [i, i+k), the one the context supports, or
 * NULL when the match should be dropped; *rule names the decision. */
const nerq_gaz_entry *nerq_ent_choose(const nerq_entities *e, const nerq_article *a, size_t i,
                                      size_t k, const nerq_gaz_hits *h, const char **rule);
/* Token i's text is in the lists `bits` (case-sensitive). */
static inline int nerq_ent_is(const nerq_entities *e, uint32_t bits, size_t i)
{
    return (e->feat.v[i].exact & bits) != 0;
}

/* ent_rules.c */
/* Append mention [ts, te) (a leading "the" is left out of the span). */
void nerq_ent_add(nerq_article *a, size_t ts, size_t te, const char *type, const char *entity,
                  const char *id, const char *rule);
/* The left-to-right pass: gazetteer matches and typed capitalised sequences become
 * mentions; untyped ones go to e->cands. */
void nerq_ent_find(nerq_entities *e, nerq_article *a);

/* After nerq_ent_find: "Joe Biden's administration" -> ORG "Biden administration" on
 * the noun (rules/person-org-nouns.txt). */
void nerq_ent_person_orgs(nerq_entities *e, nerq_article *a);

/* ent_alias.c */
/* Resolve short names to the fullest the article gives, acronyms to their long forms,
 * and type the candidates left by nerq_ent_find. */
void nerq_ent_alias(nerq_entities *e, nerq_article *a);
/* Fill a->entities: one per (type, canonical name), in order of first mention. */
void nerq_ent_group(nerq_entities *e, nerq_article *a);
void nerq_ent_alias_free(nerq_entities *e);

#endif
