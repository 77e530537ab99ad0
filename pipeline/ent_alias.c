/* ent_alias.c: part of the entities stage. Reads `mentions` as ent_rules.c found them;
 * sets their canonical `entity` to the fullest name the article gives, adds mentions for
 * the capitalised words that are short forms of names found elsewhere in the article, and
 * fills `entities`:
 *   alias-surname   "Ladki", "Mr. Kirby" -> "Nadim Ladki", "John Kirby" (last word of a
 *                   fuller name; also the first, for family-name-first names: "Xi")
 *   alias-acronym   "European Council on Foreign Relations (ECFR)" ... "ECFR"
 *   alias-org-word  "Leicestershire" after "Leicestershire County Cricket Club"
 *   alias-same      the same words in other capitals ("SIMMONS" in a headline)
 *   team            none of these, but a team's place in a sports report ("Lens 2")
 *   acronym         none of these, but a word in capitals in running text ("SPLA")
 * Look-ups go through one hash table per article (nodes in a reused vector), so the
 * cost grows with the number of mentions, not its square. */
#include "ent.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
/* XXH3 instead of uthash's Jenkins hash: faster on short keys (the tables' order of
 * iteration is insertion order, whatever the hash). */
#define HASH_FUNCTION(keyptr, keylen, hashv) ((hashv) = (unsigned)XXH3_64bits((keyptr), (keylen)))
#include <uthash.h>

struct nerq_ent_name {
    UT_hash_handle hh;
    const char *key;
    size_t klen;
    const char *entity, *type, *id, *rule;
    int rank;
    int32_t ent;               /* grouping: entity index */
    struct nerq_ent_name *next; /* grouping: same name, other type */
};

void nerq_ent_alias_free(nerq_entities *e) { free(e->names.v); }

/* ASCII lower-case copy of text[s, t) in the arena. */
static char *folded(nerq_article *a, size_t s, size_t t)
{
    char *k = nerq_arena_strndup(a->arena, a->text + s, t - s);
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return k;
}

static void put(nerq_entities *e, nerq_ent_name **tab, const char *key, size_t klen,
                const nerq_mention *m, const char *type, const char *rule, int rank)
{
    nerq_ent_name *f;
    HASH_FIND(hh, *tab, key, klen, f);
    if (f) {
        if (rank > f->rank) {
            f->entity = m->entity;
            f->type = type;
            f->id = m->id;
            f->rule = rule;
            f->rank = rank;
        }
        return;
    }
    if (e->names.n == e->names.cap)
        return; /* reserved up front: never moves while the table is live */
    f = &e->names.v[e->names.n++];
    memset(f, 0, sizeof *f);
    f->key = key;
    f->klen = klen;
    f->entity = m->entity;
    f->type = type;
    f->id = m->id;
    f->rule = rule;
    f->rank = rank;
    HASH_ADD_KEYPTR(hh, *tab, f->key, f->klen, f);
}

static void put_tok(nerq_entities *e, nerq_ent_name **tab, nerq_article *a, size_t i,
                    const nerq_mention *m, const char *type, const char *rule, int rank)
{
    const nerq_token *t = &a->tokens.v[i];
    if (t->cls != NERQ_T_WORD || t->end - t->start < 2)
        return;
    char *k = folded(a, t->start, t->end);
    put(e, tab, k, t->end - t->start, m, type, rule, rank);
}

/* "(ECFR)" after a name whose capitalised words give those initials. */
static int acronym_of(const nerq_entities *e, const nerq_article *a, const nerq_mention *m, size_t q)
{
    const nerq_token *t = &a->tokens.v[q];
    if (t->shape != NERQ_SH_UPPER)
        return 0;
    size_t n = t->end - t->start, k = 0;
    const char *s = a->text + t->start;
    for (size_t i = m->tok_start; i < m->tok_end; i++) {
        const nerq_token *w = &a->tokens.v[i];
        if (w->cls != NERQ_T_WORD || nerq_ent_is(e, ENT_CONNECTORS, i))
            continue;
        if (k < n && a->text[w->start] == s[k])
            k++;
        else if (w->shape != NERQ_SH_LOWER)
            return 0;
    }
    return k == n && n >= 2;
}

/* An unknown word in capitals in running text ("SPLA", "ICAC"): most are organisations.
 * Not ordinary words ("AIDS"), nor a dateline's place ("INDORE, India 1996-08-26"). */
static int acronym(const nerq_entities *e, const nerq_article *a, size_t i)
{
    const nerq_token *t = &a->tokens.v[i];
    if (t->shape != NERQ_SH_UPPER || t->end - t->start < 2 || t->end - t->start > 6)
        return 0;
    for (uint32_t p = t->start; p < t->end; p++)
        if (a->text[p] < 'A' || a->text[p] > 'Z')
            return 0;
    if (nerq_ent_common_word(e, a, i) || nerq_ent_is(e, ENT_NOT_ACRONYMS, i))
        return 0;
    if ((t->flags & NERQ_TF_PARA_START) && i + 1 < a->tokens.n &&
        (a->tokens.v[i + 1].cls == NERQ_T_NUM || a->text[a->tokens.v[i + 1].start] == ','))
        return 0;
    return 1;
}

static void build_table(nerq_entities *e, nerq_article *a, nerq_ent_name **tab)
{
    for (size_t x = 0; x < a->mentions.n; x++) {
        nerq_mention *m = &a->mentions.v[x];
        size_t nt = m->tok_end - m->tok_start;
        /* the whole surface, in any capitals (a one-word mention ranks below the fuller
         * names whose word it is); a person's name only when a list or a title found it */
        if (strcmp(m->type, "PERSON") != 0 || !strncmp(m->rule, "gazetteer", 9) || !strncmp(m->rule, "title", 5))
            put(e, tab, folded(a, m->start, m->end), m->end - m->start, m, m->type, "alias-same",
                nt >= 2 ? 300 : 50);
        if (!strcmp(m->type, "PERSON") && nt >= 2) {
            put_tok(e, tab, a, m->tok_end - 1, m, "PERSON", "alias-surname", 200 + (int)nt);
            if (!nerq_ent_is(e, ENT_GIVEN, m->tok_start))
                put_tok(e, tab, a, m->tok_start, m, "PERSON", "alias-surname", 150 + (int)nt);
        } else if (!strcmp(m->type, "ORG") && nt >= 2) {
            /* "the Journal" after "the Wall Street Journal" */
            put_tok(e, tab, a, m->tok_end - 1, m, "ORG", "alias-org-word", 100 + (int)nt);
            for (size_t i = m->tok_start; i < m->tok_end; i++)
                if (!nerq_ent_is(e, ENT_ORG_WORDS, i) && !nerq_ent_is(e, ENT_CONNECTORS, i) &&
                    a->tokens.v[i].shape != NERQ_SH_UPPER && !nerq_ent_common_word(e, a, i))
                    put_tok(e, tab, a, i, m, "ORG", "alias-org-word", 100 + (int)nt);
        }
        /* "Long Name (LN)" */
        size_t q = m->tok_end;
        if (nt >= 2 && q + 2 < a->tokens.n && a->text[a->tokens.v[q].start] == '(' &&
            a->text[a->tokens.v[q + 2].start] == ')' && acronym_of(e, a, m, q + 1))
            put_tok(e, tab, a, q + 1, m, m->type, "alias-acronym", 400);
    }
}

void nerq_ent_alias(nerq_entities *e, nerq_article *a)
{
    size_t need = a->mentions.n * 2 + e->cands.n + 8;
    for (size_t x = 0; x < a->mentions.n; x++)
        need += a->mentions.v[x].tok_end - a->mentions.v[x].tok_start;
    e->names.n = 0;
    NERQ_VEC_RESERVE(e->names, need);
    nerq_ent_name *tab = NULL;
    build_table(e, a, &tab);
    /* short names take the fullest name's canonical form (one-word organisation names
     * only when no hand-made list knows them) */
    for (size_t x = 0; x < a->mentions.n; x++) {
        nerq_mention *m = &a->mentions.v[x];
        if (m->tok_end - m->tok_start != 1)
            continue;
        if (strcmp(m->type, "PERSON") != 0 &&
            !(!strcmp(m->type, "ORG") && (!m->id || !strncmp(m->id, "nerq:conll", 10))))
            continue;
        const nerq_token *t = &a->tokens.v[m->tok_start];
        char *k = folded(a, t->start, t->end);
        nerq_ent_name *f;
        HASH_FIND(hh, tab, k, t->end - t->start, f);
        if (f && !strcmp(f->type, m->type) && f->rank >= 100 && f->rank < 300) {
            m->entity = f->entity;
            if (!m->id)
                m->id = f->id;
        } else if (f && !strcmp(f->type, "ORG") && f->rank >= 100 && f->rank < 300 &&
                   (!strcmp(m->rule, "speech-subject") || !strcmp(m->rule, "apposition"))) {
            /* "Amoco said" after "Amoco Corp": the organisation, not a person */
            m->type = "ORG";
            m->entity = f->entity;
            m->id = f->id;
            m->rule = f->rule;
        }
    }
    /* capitalised sequences no rule typed */
    for (size_t c = 0; c < e->cands.n; c++) {
        const nerq_ent_cand *cd = &e->cands.v[c];
        uint32_t s = a->tokens.v[cd->tok_start].start, t = a->tokens.v[cd->tok_end - 1].end;
        char *k = folded(a, s, t);
        nerq_ent_name *f;
        HASH_FIND(hh, tab, k, t - s, f);
        if (f && cd->headline && f->rank < 150)
            f = NULL; /* a headline's word in capitals is too often an ordinary one */
        if (f)
            nerq_ent_add(a, cd->tok_start, cd->tok_end, f->type, f->entity, f->id, f->rule);
        else if (cd->team)
            nerq_ent_add(a, cd->tok_start, cd->tok_end, "ORG", NULL, NULL, "team");
        else if (cd->tok_end - cd->tok_start == 1 && !cd->headline && acronym(e, a, cd->tok_start))
            nerq_ent_add(a, cd->tok_start, cd->tok_end, "ORG", NULL, NULL, "acronym");
    }
    HASH_CLEAR(hh, tab);
}

/* A node of the grouping tables (reserved up front, never moves while they live). */
static nerq_ent_name *group_node(nerq_entities *e, const char *key, const char *type, int32_t ent)
{
    nerq_ent_name *g = &e->names.v[e->names.n++];
    memset(g, 0, sizeof *g);
    g->key = key;
    g->klen = strlen(key);
    g->type = type;
    g->ent = ent;
    return g;
}

void nerq_ent_group(nerq_entities *e, nerq_article *a)
{
    e->names.n = 0;
    NERQ_VEC_RESERVE(e->names, 2 * a->mentions.n + 1);
    nerq_ent_name *tab = NULL, *ids = NULL;
    for (size_t i = 0; i < a->mentions.n; i++) {
        nerq_mention *m = &a->mentions.v[i];
        nerq_ent_name *f, *g;
        /* one gazetteer id, one entity: "CTS" and "Centre for Tidal Studies" */
        if (m->id) {
            HASH_FIND(hh, ids, m->id, strlen(m->id), f);
            if (f && !strcmp(f->type, m->type)) {
                m->entity = a->entities.v[f->ent].name;
                m->ent = f->ent;
                a->entities.v[f->ent].n_mentions++;
                continue;
            }
        }
        HASH_FIND(hh, tab, m->entity, strlen(m->entity), f);
        for (g = f; g && strcmp(g->type, m->type); g = g->next)
            ;
        if (!g) {
            g = group_node(e, m->entity, m->type, (int32_t)a->entities.n);
            if (f) {
                g->next = f->next;
                f->next = g;
            } else {
                HASH_ADD_KEYPTR(hh, tab, g->key, g->klen, g);
            }
            nerq_entity *en = NERQ_VEC_PUSH(a->entities);
            en->name = m->entity;
            en->type = m->type;
            en->id = m->id;
            en->n_mentions = 0;
            en->mentions = NULL;
        }
        m->ent = g->ent;
        a->entities.v[g->ent].n_mentions++;
        if (m->id) {
            HASH_FIND(hh, ids, m->id, strlen(m->id), f);
            if (!f) {
                f = group_node(e, m->id, m->type, g->ent);
                HASH_ADD_KEYPTR(hh, ids, f->key, f->klen, f);
            }
        }
    }
    HASH_CLEAR(hh, tab);
    HASH_CLEAR(hh, ids);
    for (size_t k = 0; k < a->entities.n; k++) {
        nerq_entity *en = &a->entities.v[k];
        en->mentions = nerq_arena_alloc(a->arena, sizeof(uint32_t) * (en->n_mentions ? en->n_mentions : 1));
        en->n_mentions = 0;
    }
    for (size_t i = 0; i < a->mentions.n; i++) {
        nerq_entity *en = &a->entities.v[a->mentions.v[i].ent];
        en->mentions[en->n_mentions++] = (uint32_t)i;
        if (!en->id && a->mentions.v[i].id)
            en->id = a->mentions.v[i].id;
    }
}
