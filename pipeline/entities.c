/* entities.c: stage 3. Reads `text`, `tokens`, `sentences`; adds `mentions` (start, end,
 * raw_start, raw_end, type, text, entity, id, rule) and `entities` (one per distinct
 * entity with the indices of its mentions).
 * This file loads the lists and runs the passes:
 *   ent_rules.c  gazetteer matches and capitalised sequences typed by their cues
 *   ent_ambig.c  (used by the above) ordinary words, headlines, readings of a name
 *   ent_alias.c  short names, acronyms, fullest names; then one entity per name
 * Data: gazetteers/ *.tsv, gazetteers/given-names.txt and learned-given-names.txt,
 * rules/person-titles.txt, person-roles.txt, org-words.txt, org-heads.txt, loc-words.txt,
 * not-names.txt, name-connectors.txt, speech-verbs.txt, common-words.txt, sports-words.txt,
 * team-cues.txt, person-org-nouns.txt. */
#include "ent.h"

#include <stdlib.h>
#include <string.h>

/* Optional word lists: a missing file is an empty list. */
static nerq_wordset *load_words_opt(const char *dir, const char *name)
{
    nerq_err dummy;
    nerq_wordset *w = nerq_wordset_load(dir, name, &dummy);
    return w ? w : nerq_wordset_new();
}

static void add_words_opt(nerq_wordset *w, const char *dir, const char *name)
{
    nerq_err dummy;
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, name, &dummy) == 0)
        for (size_t i = 0; i < f.lines.n; i++)
            nerq_wordset_add(w, f.lines.v[i].text, strlen(f.lines.v[i].text));
    nerq_rule_file_free(&f);
}

static const nerq_gaz_entry title_entry = {"TITLE", NULL, "title", "", "person-titles.txt", 0};
static const nerq_gaz_entry plural_entry = {"TITLE", NULL, "plural", "", "person-titles.txt", 0};

/* rules/person-titles.txt: one form a line, optionally TAB `plural` ("Messrs."). */
static int load_titles(nerq_entities *e, const char *dir, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, "person-titles.txt", err) != 0) {
        nerq_rule_file_free(&f);
        return -1;
    }
    e->titles = nerq_gazetteer_new(e->tk);
    int rc = 0;
    for (size_t i = 0; i < f.lines.n && rc == 0; i++) {
        char *s = f.lines.v[i].text, *tab = strchr(s, '\t');
        const nerq_gaz_entry *te = &title_entry;
        if (tab) {
            *tab = '\0';
            if (strcmp(tab + 1, "plural") != 0) {
                nerq_err_set(err, "%s:%d: unknown flag '%s' (expected: plural)", f.path, f.lines.v[i].lineno, tab + 1);
                rc = -1;
                break;
            }
            te = &plural_entry;
        }
        rc = nerq_gazetteer_add(e->titles, s, te, err);
    }
    nerq_rule_file_free(&f);
    return rc;
}

/* rules/name-connectors.txt: WORD [TAB person]; `person` marks a particle of people's
 * names ("von", "bin"), the others join organisation names ("of", "for"). */
static int load_connectors(nerq_entities *e, const char *dir, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, "name-connectors.txt", err) != 0) {
        nerq_rule_file_free(&f);
        return -1;
    }
    e->connectors = nerq_wordset_new();
    e->particles = nerq_wordset_new();
    int rc = 0;
    for (size_t i = 0; i < f.lines.n; i++) {
        char *s = f.lines.v[i].text, *tab = strchr(s, '\t');
        if (tab) {
            *tab = '\0';
            if (strcmp(tab + 1, "person") != 0) {
                nerq_err_set(err, "%s:%d: unknown flag '%s' (expected: person)", f.path, f.lines.v[i].lineno, tab + 1);
                rc = -1;
                break;
            }
            nerq_wordset_add(e->particles, s, strlen(s));
        }
        nerq_wordset_add(e->connectors, s, strlen(s));
    }
    nerq_rule_file_free(&f);
    return rc;
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
    if (load_titles(e, c->rules_dir, err) != 0 || load_connectors(e, c->rules_dir, err) != 0)
        goto fail;
    e->given = load_words_opt(c->gazetteers_dir, "given-names.txt");
    add_words_opt(e->given, c->gazetteers_dir, "learned-given-names.txt");
    e->common = load_words_opt(c->rules_dir, "common-words.txt");
    e->org_words = load_words_opt(c->rules_dir, "org-words.txt");
    e->org_heads = load_words_opt(c->rules_dir, "org-heads.txt");
    e->loc_words = load_words_opt(c->rules_dir, "loc-words.txt");
    e->not_names = load_words_opt(c->rules_dir, "not-names.txt");
    e->speech = load_words_opt(c->rules_dir, "speech-verbs.txt");
    e->roles = load_words_opt(c->rules_dir, "person-roles.txt");
    e->sports = load_words_opt(c->rules_dir, "sports-words.txt");
    e->team_cues = load_words_opt(c->rules_dir, "team-cues.txt");
    e->person_orgs = load_words_opt(c->rules_dir, "person-org-nouns.txt");
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
    nerq_wordset *sets[] = {e->given,     e->common,     e->org_words, e->org_heads, e->loc_words,
                            e->not_names, e->connectors, e->particles, e->speech,    e->roles, e->sports, e->team_cues, e->person_orgs};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
        nerq_wordset_free(sets[i]);
    nerq_tokenizer_free(e->tk);
    free(e->cands.v);
    free(e->headline.v);
    free(e->fold.v);
    nerq_ent_alias_free(e);
    free(e);
}

static int by_start(const void *x, const void *y)
{
    const nerq_mention *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start ? 1 : (a->end > b->end) - (a->end < b->end);
}

int nerq_entities_run(nerq_entities *e, nerq_article *a, nerq_err *err)
{
    (void)err;
    a->mentions.n = a->entities.n = 0;
    nerq_ent_find(e, a);
    nerq_ent_person_orgs(e, a);
    nerq_ent_alias(e, a);
    nerq_ent_generic_orgs(e, a);
    if (a->mentions.n > 1)
        qsort(a->mentions.v, a->mentions.n, sizeof *a->mentions.v, by_start);
    nerq_ent_group(e, a);
    return 0;
}

static void *ent_create(const nerq_config *c, nerq_err *err) { return nerq_entities_new(c, err); }
static int ent_run(void *ctx, nerq_article *a, nerq_err *err) { return nerq_entities_run(ctx, a, err); }
static void ent_destroy(void *ctx) { nerq_entities_free(ctx); }
const nerq_stage nerq_stage_entities = {"entities", NERQ_ST_INGEST | NERQ_ST_TOKENIZE, NERQ_ST_ENTITIES,
                                        ent_create, ent_run, ent_destroy};
