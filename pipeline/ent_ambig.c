/* ent_ambig.c: part of the entities stage (reads `text`, `tokens`, `sentences`). Decides
 * whether a capitalised word is a name at all (sentence starts, headlines in capitals,
 * words listed in rules/not-names.txt) and which reading of a gazetteer form the context
 * supports ("Georgia" the country or the state, "Jordan" the country or a person). */
#include "ent.h"

#include <stdio.h>
#include <string.h>

void nerq_ent_mark_headlines(nerq_entities *e, const nerq_article *a)
{
    e->headline.n = 0;
    NERQ_VEC_RESERVE(e->headline, a->sentences.n + 1);
    for (size_t s = 0; s < a->sentences.n; s++) {
        size_t words = 0, upper = 0, lower = 0;
        for (size_t i = a->sentences.v[s].tok_start; i < a->sentences.v[s].tok_end; i++) {
            const nerq_token *t = &a->tokens.v[i];
            if (t->cls != NERQ_T_WORD)
                continue;
            words++;
            if (t->shape == NERQ_SH_UPPER && t->end - t->start > 1)
                upper++;
            else if (t->shape == NERQ_SH_LOWER)
                lower++;
        }
        e->headline.v[s] = upper >= 2 && upper * 10 >= words * 7 && lower * 5 <= words;
    }
    e->headline.n = a->sentences.n;
}

/* Token i opens a sentence, or a quotation, parenthesis or list item inside one. */
static int starts_clause(const nerq_article *a, size_t i)
{
    const nerq_token *t = &a->tokens.v[i];
    if (t->flags & (NERQ_TF_SENT_START | NERQ_TF_PARA_START))
        return 1;
    if (i == 0)
        return 1;
    const nerq_token *p = &a->tokens.v[i - 1];
    if (p->cls == NERQ_T_QOPEN || p->cls == NERQ_T_QAMBIG || p->cls == NERQ_T_DASH)
        return 1;
    if (p->cls == NERQ_T_PUNCT) {
        char c = a->text[p->start];
        return c == ':' || c == '(' || c == ';';
    }
    return 0;
}

int nerq_ent_common_here(const nerq_entities *e, const nerq_article *a, size_t i, int headline)
{
    const nerq_token *t = &a->tokens.v[i];
    if (t->cls != NERQ_T_WORD)
        return 0;
    uint32_t lower = e->feat.v[i].lower;
    if (t->shape == NERQ_SH_UPPER && (headline || t->end - t->start > 1))
        return (headline || starts_clause(a, i)) && (lower & ENT_COMMON);
    if (t->shape != NERQ_SH_CAP || !starts_clause(a, i))
        return 0;
    if (lower & (ENT_COMMON | ENT_ROLES))
        return 1;
    /* "Third-seeded", "Left-back": a hyphenated word ending in an ordinary word */
    return (e->feat.v[i].word & ENT_W_HYPHEN_COMMON) != 0;
}

int nerq_ent_common_word(const nerq_entities *e, const nerq_article *a, size_t i)
{
    (void)a;
    return (e->feat.v[i].lower & ENT_COMMON) != 0;
}

static int from_learned(const nerq_gaz_entry *g) { return !strncmp(g->file, "learned", 7); }

static const nerq_gaz_entry *of_type(const nerq_gaz_hits *h, const char *type)
{
    for (size_t k = 0; k < h->n; k++)
        if (!strcmp(nerq_gaz_hit(h, k)->type, type))
            return nerq_gaz_hit(h, k);
    return NULL;
}

const nerq_gaz_entry *nerq_ent_choose(const nerq_entities *e, const nerq_article *a, size_t i,
                                      size_t k, const nerq_gaz_hits *h, const char **rule)
{
    char buf[8];
    *rule = "gazetteer";
    /* a person's reading after a title or a given name ("Michael Jordan", "Mr. Jordan") */
    if (i > 0) {
        const nerq_gaz_entry *per = of_type(h, "PERSON");
        size_t p = i - 1;
        if (per && (nerq_ent_is(e, ENT_GIVEN, p) ||
                    (a->tokens.v[p].flags & NERQ_TF_ABBREV && nerq_ent_title(e, a, p, p + 1, NULL) == 1))) {
            *rule = "ambig-person-cue";
            return per;
        }
    }
    /* "Atlanta, Georgia": a place after a place and a comma */
    if (i >= 2 && a->tokens.v[i - 1].cls == NERQ_T_PUNCT && a->text[a->tokens.v[i - 1].start] == ',' &&
        a->tokens.v[i - 2].cls == NERQ_T_WORD && a->tokens.v[i - 2].shape == NERQ_SH_CAP) {
        const nerq_gaz_entry *loc = of_type(h, "LOC");
        if (loc && h->n > 1) {
            *rule = "ambig-place-after-place";
            return loc;
        }
    }
    /* "the Chinese government": an adjective and a common noun */
    if (k >= 2 && a->tokens.v[i + k - 1].shape == NERQ_SH_LOWER && nerq_ent_is(e, ENT_NOT_ORG_NOUNS, i + k - 1)) {
        *rule = "ambig-common-noun";
        return NULL;
    }
    /* a day or month name ("Wednesday" the club) */
    if (k == 1 && nerq_ent_is(e, ENT_NOT_NAMES, i)) {
        *rule = "ambig-not-name";
        return NULL;
    }
    /* hand-made lists before the learned ones */
    const nerq_gaz_entry *pick = nerq_gaz_hit(h, 0);
    for (size_t q = 0; q < h->n; q++)
        if (!from_learned(nerq_gaz_hit(h, q))) {
            pick = nerq_gaz_hit(h, q);
            break;
        }
    if (h->n > 1)
        *rule = "gazetteer-first-reading";
    /* a one-word form that is an ordinary word at the start of a sentence ("Chase",
     * "Bush said" stays: "bush" is common but the entry is not marked ambiguous) */
    if (k == 1 && from_learned(pick) && nerq_ent_is(e, ENT_STARTERS, i)) {
        *rule = "ambig-common-word";
        return NULL; /* a function word learned as a name ("The" of "The Hague") */
    }
    if (k == 1 && (nerq_gaz_attr(pick, "ambiguous", buf, sizeof buf) || from_learned(pick)) &&
        nerq_ent_common_here(e, a, i, e->headline_now)) {
        *rule = "ambig-common-word";
        return NULL;
    }
    return pick;
}

/* A score or a standing: "2", "79-2" (not a date "1996-08-30"). */
static int score(const nerq_article *a, size_t i)
{
    const nerq_token *t = &a->tokens.v[i];
    if (t->cls != NERQ_T_NUM)
        return 0;
    int hyphens = 0;
    for (uint32_t p = t->start; p < t->end; p++)
        if (a->text[p] == '-')
            hyphens++;
        else if (a->text[p] < '0' || a->text[p] > '9')
            return 0;
    return hyphens <= 1;
}

int nerq_ent_team_context(const nerq_entities *e, const nerq_article *a, size_t i, size_t k)
{
    if (!e->in_sports)
        return 0;
    size_t j = i + k, n = a->tokens.n;
    if (j < n && (score(a, j) || nerq_ent_is(e, ENT_TEAM_AFTER, j)))
        return 1;
    return i > 0 && nerq_ent_is(e, ENT_TEAM_BEFORE, i - 1);
}

/* e->fold = prefix + the tokens [s, t) of a joined by single spaces + suffix. */
static void token_key(nerq_entities *e, const nerq_article *a, const char *prefix, size_t s, size_t t,
                      const char *suffix)
{
    size_t pl = strlen(prefix), sl = strlen(suffix), need = pl + sl + 1;
    for (size_t k = s; k < t; k++)
        need += a->tokens.v[k].end - a->tokens.v[k].start + 1;
    e->fold.n = 0;
    NERQ_VEC_RESERVE(e->fold, need);
    memcpy(e->fold.v, prefix, pl);
    e->fold.n = pl;
    for (size_t k = s; k < t; k++) {
        const nerq_token *tk = &a->tokens.v[k];
        if (k > s)
            e->fold.v[e->fold.n++] = ' ';
        memcpy(e->fold.v + e->fold.n, a->text + tk->start, tk->end - tk->start);
        e->fold.n += tk->end - tk->start;
    }
    memcpy(e->fold.v + e->fold.n, suffix, sl);
    e->fold.n += sl;
    e->fold.v[e->fold.n] = '\0';
}

static int unlisted(const nerq_mention *m) { return !m->id || !strncmp(m->id, "nerq:conll", 10); }

void nerq_ent_generic_orgs(nerq_entities *e, nerq_article *a)
{
    /* the country the article names most often (first named wins a tie) */
    enum { MAXC = 32 };
    const char *name[MAXC];
    unsigned count[MAXC], nc = 0, best = 0;
    for (size_t x = 0; x < a->mentions.n; x++) {
        const nerq_mention *m = &a->mentions.v[x];
        if (strcmp(m->type, "COUNTRY") != 0)
            continue;
        unsigned c;
        for (c = 0; c < nc && strcmp(name[c], m->entity); c++)
            ;
        if (c == nc) {
            if (nc == MAXC)
                continue;
            name[nc] = m->entity;
            count[nc++] = 0;
        }
        count[c]++;
        if (count[c] > count[best])
            best = c;
    }
    if (!nc)
        return;
    char prefix[128], suffix[128];
    snprintf(prefix, sizeof prefix, "%s 's ", name[best]);
    snprintf(suffix, sizeof suffix, " of %s", name[best]);
    for (size_t x = 0; x < a->mentions.n; x++) {
        nerq_mention *m = &a->mentions.v[x];
        if (strcmp(m->type, "ORG") != 0 || !unlisted(m) || !strncmp(m->rule, "alias", 5))
            continue;
        /* "China's Communist Party", "Communist Party of China" */
        token_key(e, a, prefix, m->tok_start, m->tok_end, "");
        const nerq_gaz_entry *g = nerq_gazetteer_lookup(e->gaz, e->fold.v, e->fold.n);
        if (!g) {
            token_key(e, a, "", m->tok_start, m->tok_end, suffix);
            g = nerq_gazetteer_lookup(e->gaz, e->fold.v, e->fold.n);
        }
        if (g && !strcmp(g->type, "ORG")) {
            m->entity = g->canonical;
            m->id = g->id;
            m->rule = "ambig-dominant-country";
        }
    }
}
