/* ent_alias.c: part of the entities stage. Reads `mentions` as ent_rules.c found them;
 * sets their canonical `entity` to the fullest name the article gives, adds mentions for
 * the capitalised words that are short forms of names found elsewhere in the article, and
 * fills `entities`:
 *   alias-surname   "Ladki", "Mr. Kirby" -> "Nadim Ladki", "John Kirby" (last word of a
 *                   fuller name; also the first, for family-name-first names: "Xi")
 *   alias-acronym   "European Council on Foreign Relations (ECFR)" ... "ECFR"
 *   alias-org-word  "Leicestershire" after "Leicestershire County Cricket Club"
 *   alias-same      the same words in other capitals ("SIMMONS" in a headline)
 * Look-ups go through one hash table per article (nodes in a reused vector), so the
 * cost grows with the number of mentions, not its square. */
#include "ent.h"

#include <stdlib.h>
#include <string.h>
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
        if (w->cls != NERQ_T_WORD || nerq_ent_tok_in(e->connectors, a, i))
            continue;
        if (k < n && a->text[w->start] == s[k])
            k++;
        else if (w->shape != NERQ_SH_LOWER)
            return 0;
    }
    return k == n && n >= 2;
}

static void build_table(nerq_entities *e, nerq_article *a, nerq_ent_name **tab)
{
    for (size_t x = 0; x < a->mentions.n; x++) {
        nerq_mention *m = &a->mentions.v[x];
        size_t nt = m->tok_end - m->tok_start;
        /* the whole surface, in any capitals (a one-word mention ranks below the fuller
         * names whose word it is) */
        put(e, tab, folded(a, m->start, m->end), m->end - m->start, m, m->type, "alias-same",
            nt >= 2 ? 300 : 50);
        if (!strcmp(m->type, "PERSON") && nt >= 2) {
            put_tok(e, tab, a, m->tok_end - 1, m, "PERSON", "alias-surname", 200 + (int)nt);
            if (!nerq_ent_tok_in(e->given, a, m->tok_start))
                put_tok(e, tab, a, m->tok_start, m, "PERSON", "alias-surname", 150 + (int)nt);
        } else if (!strcmp(m->type, "ORG") && nt >= 2) {
            /* "the Journal" after "the Wall Street Journal" */
            put_tok(e, tab, a, m->tok_end - 1, m, "ORG", "alias-org-word", 100 + (int)nt);
            for (size_t i = m->tok_start; i < m->tok_end; i++)
                if (!nerq_ent_tok_in(e->org_words, a, i) && !nerq_ent_tok_in(e->connectors, a, i) &&
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
        }
    }
    /* capitalised sequences no rule typed */
    for (size_t c = 0; c < e->cands.n; c++) {
        const nerq_ent_cand *cd = &e->cands.v[c];
        uint32_t s = a->tokens.v[cd->tok_start].start, t = a->tokens.v[cd->tok_end - 1].end;
        char *k = folded(a, s, t);
        nerq_ent_name *f;
        HASH_FIND(hh, tab, k, t - s, f);
        if (f)
            nerq_ent_add(a, cd->tok_start, cd->tok_end, f->type, f->entity, f->id, f->rule);
    }
    HASH_CLEAR(hh, tab);
}

void nerq_ent_group(nerq_entities *e, nerq_article *a)
{
    e->names.n = 0;
    NERQ_VEC_RESERVE(e->names, a->mentions.n + 1);
    nerq_ent_name *tab = NULL;
    for (size_t i = 0; i < a->mentions.n; i++) {
        nerq_mention *m = &a->mentions.v[i];
        nerq_ent_name *f, *g;
        HASH_FIND(hh, tab, m->entity, strlen(m->entity), f);
        for (g = f; g && strcmp(g->type, m->type); g = g->next)
            ;
        if (!g) {
            g = &e->names.v[e->names.n++];
            memset(g, 0, sizeof *g);
            g->key = m->entity;
            g->klen = strlen(m->entity);
            g->type = m->type;
            g->ent = (int32_t)a->entities.n;
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
    }
    HASH_CLEAR(hh, tab);
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
