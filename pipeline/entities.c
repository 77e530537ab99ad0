/* entities.c: stage 3. Reads `text`, `tokens`, `sentences`; adds `mentions` (start, end,
 * raw_start, raw_end, type, text, entity, id, rule) and `entities` (one per distinct
 * entity with the indices of its mentions).
 * Rules, in order: gazetteer longest match (gazetteers/NAME.tsv); a title or role cue before
 * capitalised words (rules/person-titles.txt); a known given name before a capitalised
 * word (gazetteers/given-names.txt); then in-article aliasing: a capitalised word equal
 * to the last name of a person found earlier is that person. */
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

struct nerq_entities {
    nerq_tokenizer *tk;
    nerq_gazetteer *gaz;
    nerq_gazetteer *titles; /* reuses the matcher: forms only */
    nerq_wordset *given;
};

static nerq_wordset *load_words_opt(const char *dir, const char *name, nerq_err *err)
{
    nerq_wordset *w = nerq_wordset_load(dir, name, err);
    return w ? w : nerq_wordset_new();
}

nerq_entities *nerq_entities_new(const nerq_config *c, nerq_err *err)
{
    nerq_entities *e = calloc(1, sizeof *e);
    if (!e)
        abort();
    e->tk = nerq_tokenizer_new(c, err);
    if (!e->tk)
        goto fail;
    e->gaz = nerq_gazetteer_load(c->gazetteers_dir, e->tk, err);
    if (!e->gaz)
        goto fail;
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, c->rules_dir, "person-titles.txt", err) != 0) {
        nerq_rule_file_free(&f);
        goto fail;
    }
    e->titles = nerq_gazetteer_new(e->tk);
    static const nerq_gaz_entry title_entry = {"TITLE", NULL, "title", "", "person-titles.txt", 0};
    for (size_t i = 0; i < f.lines.n; i++)
        if (nerq_gazetteer_add(e->titles, f.lines.v[i].text, &title_entry, err) != 0) {
            nerq_rule_file_free(&f);
            goto fail;
        }
    nerq_rule_file_free(&f);
    nerq_err dummy;
    e->given = load_words_opt(c->gazetteers_dir, "given-names.txt", &dummy);
    return e;
fail:
    nerq_entities_free(e);
    return NULL;
}

void nerq_entities_free(nerq_entities *e)
{
    if (!e)
        return;
    nerq_gazetteer_free(e->gaz);
    nerq_gazetteer_free(e->titles);
    nerq_wordset_free(e->given);
    nerq_tokenizer_free(e->tk);
    free(e);
}

static int is_cap(const nerq_token *t)
{
    return t->cls == NERQ_T_WORD && (t->shape == NERQ_SH_CAP || t->shape == NERQ_SH_MIXED ||
                                     (t->shape == NERQ_SH_UPPER && t->end - t->start > 1));
}

static void add_mention(nerq_article *a, size_t ts, size_t te, const char *type, const char *entity,
                        const char *id, const char *rule)
{
    nerq_mention *m = NERQ_VEC_PUSH(a->mentions);
    m->tok_start = (uint32_t)ts;
    m->tok_end = (uint32_t)te;
    m->start = a->tokens.v[ts].start;
    m->end = a->tokens.v[te - 1].end;
    m->raw_start = nerq_offmap_raw(&a->offmap, m->start);
    m->raw_end = nerq_offmap_raw_end(&a->offmap, m->end);
    m->type = type;
    m->text = nerq_arena_strndup(a->arena, a->text + m->start, m->end - m->start);
    m->entity = entity ? entity : m->text;
    m->id = id;
    m->rule = rule;
    m->ent = -1;
}

/* Capitalised words from token i on (names continue over particles like "von der"). */
static size_t name_run(const nerq_article *a, size_t i, size_t limit)
{
    size_t j = i;
    while (j < limit && is_cap(&a->tokens.v[j]) && !(a->tokens.v[j].flags & NERQ_TF_ABBREV &&
                                                     a->tokens.v[j].end - a->tokens.v[j].start > 2))
        j++;
    return j;
}

static size_t sentence_end(const nerq_article *a, size_t i)
{
    for (size_t s = 0; s < a->sentences.n; s++)
        if (a->sentences.v[s].tok_start <= i && i < a->sentences.v[s].tok_end)
            return a->sentences.v[s].tok_end;
    return a->tokens.n;
}

static void group_entities(nerq_article *a)
{
    /* One entity per (type, canonical name), in order of first mention. */
    for (size_t i = 0; i < a->mentions.n; i++) {
        nerq_mention *m = &a->mentions.v[i];
        size_t k;
        for (k = 0; k < a->entities.n; k++)
            if (!strcmp(a->entities.v[k].type, m->type) && !strcmp(a->entities.v[k].name, m->entity))
                break;
        if (k == a->entities.n) {
            nerq_entity *e = NERQ_VEC_PUSH(a->entities);
            e->name = m->entity;
            e->type = m->type;
            e->id = m->id;
            e->n_mentions = 0;
            e->mentions = NULL;
        }
        m->ent = (int32_t)k;
        a->entities.v[k].n_mentions++;
    }
    for (size_t k = 0; k < a->entities.n; k++) {
        a->entities.v[k].mentions = nerq_arena_alloc(a->arena, sizeof(uint32_t) * a->entities.v[k].n_mentions);
        a->entities.v[k].n_mentions = 0;
    }
    for (size_t i = 0; i < a->mentions.n; i++) {
        nerq_entity *e = &a->entities.v[a->mentions.v[i].ent];
        e->mentions[e->n_mentions++] = (uint32_t)i;
        if (!e->id && a->mentions.v[i].id)
            e->id = a->mentions.v[i].id;
    }
}

int nerq_entities_run(nerq_entities *e, nerq_article *a, nerq_err *err)
{
    (void)err;
    a->mentions.n = a->entities.n = 0;
    size_t n = a->tokens.n;
    size_t i = 0;
    while (i < n) {
        const nerq_token *t = &a->tokens.v[i];
        if (t->cls != NERQ_T_WORD) {
            i++;
            continue;
        }
        size_t lim = sentence_end(a, i);
        const nerq_gaz_entry *ge = NULL;
        int caps = t->shape == NERQ_SH_UPPER;
        size_t k = nerq_gazetteer_match(e->gaz, a, i, lim, caps, &ge);
        if (k) {
            add_mention(a, i, i + k, ge->type, ge->canonical, ge->id, "gazetteer");
            i += k;
            continue;
        }
        const nerq_gaz_entry *te = NULL;
        size_t tk = nerq_gazetteer_match(e->titles, a, i, lim, 0, &te);
        if (tk && i + tk < lim && is_cap(&a->tokens.v[i + tk])) {
            size_t j = name_run(a, i + tk, lim);
            if (j > i + tk) {
                add_mention(a, i + tk, j, "PERSON", NULL, NULL, "title");
                i = j;
                continue;
            }
        }
        if (is_cap(t) && nerq_wordset_has(e->given, a->text + t->start, t->end - t->start) &&
            i + 1 < lim && is_cap(&a->tokens.v[i + 1])) {
            size_t j = name_run(a, i + 1, lim);
            add_mention(a, i, j, "PERSON", NULL, NULL, "given-name");
            i = j;
            continue;
        }
        i++;
    }
    /* In-article aliasing: a lone capitalised word that is the last word of a person's
     * fuller name earlier in the article refers to that person. */
    size_t nm = a->mentions.n;
    for (size_t m = 0; m < nm; m++) {
        nerq_mention *pm = &a->mentions.v[m];
        if (strcmp(pm->type, "PERSON") != 0 || pm->tok_end - pm->tok_start < 2)
            continue;
        const nerq_token *last = &a->tokens.v[pm->tok_end - 1];
        for (size_t j = pm->tok_end; j < n; j++) {
            const nerq_token *t = &a->tokens.v[j];
            if (t->cls != NERQ_T_WORD || t->end - t->start != last->end - last->start ||
                memcmp(a->text + t->start, a->text + last->start, t->end - t->start))
                continue;
            /* not already inside a mention */
            int inside = 0;
            for (size_t q = 0; q < a->mentions.n && !inside; q++)
                inside = a->mentions.v[q].tok_start <= j && j < a->mentions.v[q].tok_end;
            if (!inside) {
                add_mention(a, j, j + 1, "PERSON", pm->entity, pm->id, "alias-surname");
                pm = &a->mentions.v[m]; /* the vector may have moved */
                last = &a->tokens.v[pm->tok_end - 1];
            }
        }
    }
    /* keep mentions in text order */
    for (size_t x = 1; x < a->mentions.n; x++) {
        nerq_mention tmp = a->mentions.v[x];
        size_t y = x;
        while (y > 0 && a->mentions.v[y - 1].start > tmp.start) {
            a->mentions.v[y] = a->mentions.v[y - 1];
            y--;
        }
        a->mentions.v[y] = tmp;
    }
    group_entities(a);
    return 0;
}

static void *ent_create(const nerq_config *c, nerq_err *err) { return nerq_entities_new(c, err); }
static int ent_run(void *ctx, nerq_article *a, nerq_err *err) { return nerq_entities_run(ctx, a, err); }
static void ent_destroy(void *ctx) { nerq_entities_free(ctx); }
const nerq_stage nerq_stage_entities = {"entities", NERQ_ST_INGEST | NERQ_ST_TOKENIZE, NERQ_ST_ENTITIES,
                                        ent_create, ent_run, ent_destroy};
