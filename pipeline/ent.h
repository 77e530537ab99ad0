/* ent.h: internals of the entities stage, shared by its files:
 *   entities.c   the stage: loading the lists, running the passes, grouping entities
 *   ent_rules.c  finding mentions: gazetteer matches and capitalised sequences typed by cues
 *   ent_ambig.c  decisions on words that may or may not be names (sentence starts,
 *                headlines in capitals, gazetteer entries with several readings)
 *   ent_alias.c  in-article aliasing: surnames, acronyms, fullest names
 * Not part of the public interface (nerq.h). */
#ifndef NERQ_ENT_H
#define NERQ_ENT_H

#include "gazetteer.h"

/* A capitalised sequence that no rule typed; the alias pass decides (ent_alias.c). */
typedef struct {
    uint32_t tok_start, tok_end;
    uint8_t headline; /* in a sentence written in capitals */
    uint8_t common;   /* a single word that is also a common lower-case word */
} nerq_ent_cand;

typedef struct nerq_ent_name nerq_ent_name; /* alias table node (ent_alias.c) */

struct nerq_entities {
    nerq_tokenizer *tk;
    nerq_gazetteer *gaz;    /* gazetteers/ *.tsv */
    nerq_gazetteer *titles; /* rules/person-titles.txt: token sequences before a name */
    nerq_wordset *given;      /* gazetteers/given-names.txt, learned-given-names.txt */
    nerq_wordset *common;     /* rules/common-words.txt: lower-case dictionary words */
    nerq_wordset *org_words;  /* rules/org-words.txt: words that end an organisation name */
    nerq_wordset *org_heads;  /* rules/org-heads.txt: "University" (of ...) */
    nerq_wordset *loc_words;  /* rules/loc-words.txt: words that end a place name */
    nerq_wordset *not_names;  /* rules/not-names.txt: capitalised words that are no names */
    nerq_wordset *connectors; /* rules/name-connectors.txt: of, for, von, der, ... */
    nerq_wordset *particles;  /* rules/name-connectors.txt entries flagged `person` */
    nerq_wordset *speech;     /* rules/speech-verbs.txt */
    nerq_wordset *roles;      /* rules/person-roles.txt: nouns of an apposition */
    nerq_wordset *sports;     /* rules/sports-words.txt: words of a sports report */
    nerq_wordset *team_cues;  /* rules/team-cues.txt: "beat", "v", "drew" */
    nerq_wordset *person_orgs; /* rules/person-org-nouns.txt: "administration" */
    /* scratch, reused from article to article */
    NERQ_VEC(nerq_ent_cand) cands;
    NERQ_VEC(uint8_t) headline; /* per sentence: written in capitals */
    NERQ_VEC(nerq_ent_name) names;
    NERQ_VEC(char) fold;
    int headline_now; /* the sentence being scanned is a headline */
    int in_sports;    /* the article is a sports report */
};

/* ent_ambig.c */
/* Mark the sentences written in capitals (headlines) in e->headline. */
void nerq_ent_mark_headlines(nerq_entities *e, const nerq_article *a);
/* Token i is a capitalised word that may start or continue a name. */
int nerq_ent_name_tok(const nerq_entities *e, const nerq_article *a, size_t i);
/* Token i, capitalised, is an ordinary word here (sentence start "The", "Police"; a
 * common word in a headline). */
int nerq_ent_common_here(const nerq_entities *e, const nerq_article *a, size_t i, int headline);
/* Whether a is a sports report (sets e->in_sports). */
void nerq_ent_mark_sports(nerq_entities *e, const nerq_article *a);
/* In a sports report, tokens [i, i+k) stand where a team's name does ("Essex beat
 * Kent", "Leeds 2 Everton 1", "CHICAGO 67 58"). */
int nerq_ent_team_context(const nerq_entities *e, const nerq_article *a, size_t i, size_t k);
/* A generic organisation name no list ties to a country ("Foreign Ministry",
 * "Communist Party") takes the reading "<country>'s ..." of the country the article
 * names most, when the gazetteer holds that form. */
void nerq_ent_generic_orgs(nerq_entities *e, nerq_article *a);
/* The lower-case form of token i is a dictionary word (anywhere in a sentence). */
int nerq_ent_common_word(const nerq_entities *e, const nerq_article *a, size_t i);
/* Of the entries h matched at tokens [i, i+k), the one the context supports, or
 * NULL when the match should be dropped; *rule names the decision. */
const nerq_gaz_entry *nerq_ent_choose(const nerq_entities *e, const nerq_article *a, size_t i,
                                      size_t k, const nerq_gaz_hits *h, const char **rule);
/* Case-sensitive membership of token i's text. */
int nerq_ent_tok_in(const nerq_wordset *w, const nerq_article *a, size_t i);

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
