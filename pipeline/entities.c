/* entities.c: stage 3. Reads `text`, `tokens`, `sentences`; adds `mentions` (start, end,
 * raw_start, raw_end, type, text, entity, id, rule) and `entities` (one per distinct
 * entity with the indices of its mentions).
 * This file loads the lists and runs the passes:
 *   ent_rules.c  gazetteer matches and capitalised sequences typed by their cues
 *   ent_ambig.c  (used by the above) ordinary words, headlines, readings of a name
 *   ent_alias.c  short names, acronyms, fullest names; then one entity per name
 *   ent_lex.c, ent_feat.c  the word lists, and each token's features from them
 * Data: gazetteers/ *.tsv, gazetteers/given-names.txt and learned-given-names.txt,
 * rules/person-titles.txt, person-roles.txt, org-words.txt, org-heads.txt, loc-words.txt, misc-words.txt,
 * not-names.txt, sentence-starters.txt, name-connectors.txt, speech-verbs.txt, common-words.txt, sports-words.txt,
 * team-cues.txt, person-org-nouns.txt, not-org-nouns.txt,
 * not-acronyms.txt. The word lists' table is kept compiled (entities_lex below). */
#include "compiled.h"
#include "ent.h"

#include <stdlib.h>
#include <string.h>

static const nerq_gaz_entry title_entry = {"TITLE", NULL, "title", "", "person-titles.txt", 0};
static const nerq_gaz_entry plural_entry = {"TITLE", NULL, "plural", "", "person-titles.txt", 0};

/* rules/person-titles.txt: one form a line, optionally TAB `plural` ("Messrs."). The first
 * word of each goes to lex unless it is NULL (a compiled table has it already). */
static int load_titles(nerq_entities *e, const char *dir, nerq_ent_lex *lex, nerq_err *err)
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
        if (lex)
            nerq_ent_lex_add(lex, s, strcspn(s, " "), ENT_TITLE_START);
    }
    nerq_rule_file_free(&f);
    return rc;
}

typedef struct {
    const char *flag;
    uint32_t bits;
} flag_bits;

/* A word list whose lines are WORD [TAB FLAG]: each flag gives bits (the first entry,
 * flag "", the bits of a line without one; 0: the flag is required). */
static int load_flagged(nerq_entities *e, const char *dir, const char *name, const flag_bits *map,
                        size_t nmap, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, name, err) != 0) {
        nerq_rule_file_free(&f);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < f.lines.n && rc == 0; i++) {
        char *s = f.lines.v[i].text, *tab = strchr(s, '\t');
        const char *flag = tab ? tab + 1 : "";
        if (tab)
            *tab = '\0';
        uint32_t bits = 0;
        for (size_t k = 0; k < nmap && !bits; k++)
            if (!strcmp(flag, map[k].flag))
                bits = map[k].bits;
        if (!bits) {
            nerq_buf want = {0};
            for (size_t k = 1; k < nmap; k++)
                nerq_buf_printf(&want, "%s%s", k > 1 ? "|" : "", map[k].flag);
            nerq_err_set(err, "%s:%d: expected WORD%s<TAB>%s%s", f.path, f.lines.v[i].lineno,
                         map[0].bits ? "[" : "", want.data, map[0].bits ? "]" : "");
            nerq_buf_free(&want);
            rc = -1;
        }
        nerq_ent_lex_add(e->lex, s, strlen(s), bits);
    }
    nerq_rule_file_free(&f);
    return rc;
}

static const flag_bits connector_flags[] = {
    {"", ENT_CONNECTORS}, {"person", ENT_CONNECTORS | ENT_PARTICLES}};
static const flag_bits team_flags[] = {
    {"", 0}, {"after", ENT_TEAM_AFTER}, {"before", ENT_TEAM_BEFORE}, {"both", ENT_TEAM_AFTER | ENT_TEAM_BEFORE}};

/* Plain word lists: a missing file is an empty list. */
static const struct {
    int gazetteers; /* in the gazetteers folder, else rules */
    const char *name;
    uint32_t bits;
} plain_lists[] = {
    {1, "given-names.txt", ENT_GIVEN},          {1, "learned-given-names.txt", ENT_GIVEN},
    {0, "common-words.txt", ENT_COMMON},        {0, "org-words.txt", ENT_ORG_WORDS},
    {0, "org-heads.txt", ENT_ORG_HEADS},        {0, "loc-words.txt", ENT_LOC_WORDS},
    {0, "misc-words.txt", ENT_MISC_WORDS},      {0, "not-names.txt", ENT_NOT_NAMES},
    {0, "sentence-starters.txt", ENT_STARTERS}, {0, "speech-verbs.txt", ENT_SPEECH},
    {0, "person-roles.txt", ENT_ROLES},         {0, "sports-words.txt", ENT_SPORTS},
    {0, "person-org-nouns.txt", ENT_PERSON_ORGS}, {0, "not-org-nouns.txt", ENT_NOT_ORG_NOUNS},
    {0, "not-acronyms.txt", ENT_NOT_ACRONYMS},
};

/* The compiled table of the word lists: "lex-KEY.bin", KEY a hash of the format, the
 * program (nerq_cc_key) and the name and bytes of every file the table is built from, so
 * an edit to any of them, or a rebuilt nerq, builds and writes another (compiled.h). */
#define LEX_MAGIC "NERQLX01"

/* The cache file for the lists as they are now, or NULL (no cache folder, caches turned
 * off, a file that cannot be read: building reports it). */
static char *lex_cache_path(const nerq_config *c, uint64_t *key)
{
    if (!nerq_cc_enabled())
        return NULL;
    static const char *const flagged[] = {"person-titles.txt", "name-connectors.txt", "team-cues.txt"};
    uint64_t h = nerq_cc_key(LEX_MAGIC);
    nerq_buf buf = {0};
    int bad = 0, missing = 0;
    for (size_t i = 0; i < sizeof flagged / sizeof *flagged && !bad; i++)
        bad = nerq_cc_hash_file(&h, c->rules_dir, flagged[i], &buf, &missing) != 0 || missing;
    for (size_t i = 0; i < sizeof plain_lists / sizeof *plain_lists && !bad; i++)
        bad = nerq_cc_hash_file(&h, plain_lists[i].gazetteers ? c->gazetteers_dir : c->rules_dir,
                                plain_lists[i].name, &buf, NULL) != 0;
    nerq_buf_free(&buf);
    *key = h;
    return bad ? NULL : nerq_cc_path("lex", h);
}

/* e->lex and e->titles: the table mapped from its cache when the lists are unchanged,
 * else built from them (and the cache written). */
static int entities_lex(nerq_entities *e, const nerq_config *c, nerq_err *err)
{
    uint64_t key = 0;
    char *path = lex_cache_path(c, &key);
    nerq_cc_map m;
    if (path && nerq_cc_open(&m, path, LEX_MAGIC, key) == 0 && !(e->lex = nerq_ent_lex_adopt(&m)))
        nerq_cc_close(&m);
    nerq_ent_lex *build = e->lex ? NULL : (e->lex = nerq_ent_lex_new());
    int rc = load_titles(e, c->rules_dir, build, err);
    if (build && rc == 0) {
        rc = load_flagged(e, c->rules_dir, "name-connectors.txt", connector_flags, 2, err) != 0 ||
                     load_flagged(e, c->rules_dir, "team-cues.txt", team_flags, 4, err) != 0
                 ? -1
                 : 0;
        for (size_t i = 0; i < sizeof plain_lists / sizeof *plain_lists && rc == 0; i++)
            nerq_ent_lex_load(e->lex, plain_lists[i].gazetteers ? c->gazetteers_dir : c->rules_dir,
                              plain_lists[i].name, plain_lists[i].bits, 1, err);
        if (rc == 0 && path) {
            nerq_buf b = {0};
            nerq_ent_lex_save(e->lex, &b);
            nerq_cc_write(path, LEX_MAGIC, key, b.data, b.len);
            nerq_buf_free(&b);
        }
    }
    free(path);
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
    if (!e->gaz || entities_lex(e, c, err) != 0)
        goto fail;
    e->words = nerq_ent_words_new();
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
    nerq_ent_lex_free(e->lex);
    nerq_tokenizer_free(e->tk);
    free(e->cands.v);
    free(e->headline.v);
    free(e->fold.v);
    free(e->feat.v);
    nerq_ent_words_free(e->words);
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
