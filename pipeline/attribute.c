/* attribute.c: stage 5. Reads `quotes`, `mentions`, `entities`, `tokens`, `sentences`,
 * `paragraphs`; adds to each quote: speaker (canonical name), speaker_id, speaker_type,
 * speaker_start/end and speaker_raw_start/end (the mention the attribution hangs on),
 * cue, cue_start/end, attr_rule and confidence.
 * Cues come from rules/speech-verbs.txt, pronouns from rules/pronouns.txt. A cue next
 * to the quote (after it, or just before it) with a mention or pronoun beside it names
 * the speaker; a quote with no cue continues the speaker of the previous quote in the
 * same or the previous paragraph. */
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

struct nerq_attribute {
    nerq_tokenizer *tk;
    nerq_gazetteer *cues;     /* speech verbs as token sequences */
    nerq_gazetteer *pronouns; /* type in canonical: PERSON ORG ANY */
};

static nerq_gazetteer *load_list(nerq_tokenizer *tk, const nerq_config *c, const char *name,
                                 int typed, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, c->rules_dir, name, err) != 0) {
        nerq_rule_file_free(&f);
        return NULL;
    }
    nerq_gazetteer *g = nerq_gazetteer_new(tk);
    static const nerq_gaz_entry cue = {"CUE", NULL, "cue", "", "speech-verbs.txt", 0};
    static const nerq_gaz_entry person = {"PRONOUN", NULL, "PERSON", "", "pronouns.txt", 0};
    static const nerq_gaz_entry org = {"PRONOUN", NULL, "ORG", "", "pronouns.txt", 0};
    static const nerq_gaz_entry any = {"PRONOUN", NULL, "ANY", "", "pronouns.txt", 0};
    for (size_t i = 0; i < f.lines.n; i++) {
        char *s = f.lines.v[i].text;
        const nerq_gaz_entry *e = &cue;
        if (typed) {
            char *tab = strchr(s, '\t');
            if (!tab) {
                nerq_err_set(err, "%s:%d: expected WORD<TAB>PERSON|ORG|ANY", f.path, f.lines.v[i].lineno);
                goto fail;
            }
            *tab = '\0';
            const char *k = tab + 1;
            e = !strcmp(k, "PERSON") ? &person : !strcmp(k, "ORG") ? &org : !strcmp(k, "ANY") ? &any : NULL;
            if (!e) {
                nerq_err_set(err, "%s:%d: unknown kind \"%s\"", f.path, f.lines.v[i].lineno, k);
                goto fail;
            }
        }
        if (nerq_gazetteer_add(g, s, e, err) != 0)
            goto fail;
    }
    nerq_rule_file_free(&f);
    return g;
fail:
    nerq_rule_file_free(&f);
    nerq_gazetteer_free(g);
    return NULL;
}

nerq_attribute *nerq_attribute_new(const nerq_config *c, nerq_err *err)
{
    nerq_attribute *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    if (!(t->tk = nerq_tokenizer_new(c, err)) || !(t->cues = load_list(t->tk, c, "speech-verbs.txt", 0, err)) ||
        !(t->pronouns = load_list(t->tk, c, "pronouns.txt", 1, err))) {
        nerq_attribute_free(t);
        return NULL;
    }
    return t;
}

void nerq_attribute_free(nerq_attribute *t)
{
    if (!t)
        return;
    nerq_gazetteer_free(t->cues);
    nerq_gazetteer_free(t->pronouns);
    nerq_tokenizer_free(t->tk);
    free(t);
}

/* The mention covering token i, or -1. */
static long mention_at(const nerq_article *a, size_t i)
{
    for (size_t m = 0; m < a->mentions.n; m++)
        if (a->mentions.v[m].tok_start <= i && i < a->mentions.v[m].tok_end)
            return (long)m;
    return -1;
}

static int speaker_type_ok(const char *type) { return !strcmp(type, "PERSON") || !strcmp(type, "ORG"); }

/* The most recent PERSON (or ORG when want is ORG/ANY) mention before token i. */
static long antecedent(const nerq_article *a, size_t i, const char *want)
{
    long best = -1;
    for (size_t m = 0; m < a->mentions.n; m++) {
        const nerq_mention *x = &a->mentions.v[m];
        if (x->tok_end > i)
            break;
        if (!strcmp(x->type, "PERSON") || (strcmp(want, "PERSON") && !strcmp(x->type, "ORG")))
            best = (long)m;
    }
    return best;
}

static void set_speaker(nerq_article *a, nerq_quote *q, long m, uint32_t s, uint32_t e, const char *rule, double conf)
{
    const nerq_mention *x = &a->mentions.v[m];
    q->speaker = x->entity;
    q->speaker_id = x->id;
    q->speaker_type = !strcmp(x->type, "PERSON") ? "person" : "organisation";
    q->speaker_start = (int32_t)s;
    q->speaker_end = (int32_t)e;
    q->speaker_raw_start = (int32_t)nerq_offmap_raw(&a->offmap, s);
    q->speaker_raw_end = (int32_t)nerq_offmap_raw_end(&a->offmap, e);
    q->attr_rule = rule;
    q->confidence = conf;
}

/* Look for "CUE SPEAKER" or "SPEAKER CUE" in tokens [from, to). */
static int find_cue(nerq_attribute *t, nerq_article *a, nerq_quote *q, size_t from, size_t to, const char *rule)
{
    for (size_t i = from; i < to; i++) {
        const nerq_gaz_entry *ce;
        size_t k = nerq_gazetteer_match(t->cues, a, i, to, 0, &ce);
        if (!k)
            continue;
        uint32_t cs = a->tokens.v[i].start, ce_end = a->tokens.v[i + k - 1].end;
        /* speaker right after the cue, or right before it */
        size_t cand[2] = {i + k, i ? i - 1 : (size_t)-1};
        for (int c = 0; c < 2; c++) {
            size_t j = cand[c];
            if (j == (size_t)-1 || j >= a->tokens.n || j < from || j >= to)
                continue;
            long m = mention_at(a, j);
            if (m >= 0 && speaker_type_ok(a->mentions.v[m].type)) {
                set_speaker(a, q, m, a->mentions.v[m].start, a->mentions.v[m].end, rule, 0.9);
            } else {
                const nerq_gaz_entry *pe;
                size_t pk = nerq_gazetteer_match(t->pronouns, a, j, j + 1, 0, &pe);
                if (!pk)
                    continue;
                long ant = antecedent(a, from, pe->canonical);
                if (ant < 0)
                    continue;
                set_speaker(a, q, ant, a->tokens.v[j].start, a->tokens.v[j].end, "pronoun", 0.7);
            }
            q->cue = nerq_arena_strndup(a->arena, a->text + cs, ce_end - cs);
            q->cue_start = (int32_t)cs;
            q->cue_end = (int32_t)ce_end;
            return 1;
        }
    }
    return 0;
}

static const nerq_span *sentence_of(const nerq_article *a, uint32_t off)
{
    for (size_t s = 0; s < a->sentences.n; s++)
        if (a->sentences.v[s].start <= off && off < a->sentences.v[s].end)
            return &a->sentences.v[s];
    return NULL;
}

int nerq_attribute_run(nerq_attribute *t, nerq_article *a, nerq_err *err)
{
    (void)err;
    for (size_t i = 0; i < a->quotes.n; i++) {
        nerq_quote *q = &a->quotes.v[i];
        q->speaker = q->speaker_id = q->speaker_type = q->cue = NULL;
        q->speaker_start = q->speaker_end = q->speaker_raw_start = q->speaker_raw_end = -1;
        q->cue_start = q->cue_end = -1;
        q->attr_rule = "none";
        q->confidence = 0;
        if (!strcmp(q->kind, "scare") || !strcmp(q->kind, "title"))
            continue;
        uint32_t qs = nerq_article_token_at(a, q->start);
        uint32_t qe = nerq_article_token_at(a, q->end);
        uint32_t after = q->close >= 0 ? qe + 1 : qe;
        const nerq_span *s_end = sentence_of(a, q->end > 0 ? q->end - 1 : 0);
        const nerq_span *s_start = sentence_of(a, q->start);
        /* after the quote, to the end of its sentence */
        if (s_end && after < s_end->tok_end && find_cue(t, a, q, after, s_end->tok_end, "cue-after"))
            continue;
        /* before the quote, from the start of its sentence */
        if (s_start && qs > 0 && s_start->tok_start + 1 < qs &&
            find_cue(t, a, q, s_start->tok_start, qs - 1, "cue-before"))
            continue;
        /* carry on the previous quote's speaker when close by */
        if (i > 0 && a->quotes.v[i - 1].speaker && q->start - a->quotes.v[i - 1].end < 400) {
            const nerq_quote *p = &a->quotes.v[i - 1];
            q->speaker = p->speaker;
            q->speaker_id = p->speaker_id;
            q->speaker_type = p->speaker_type;
            q->speaker_start = p->speaker_start;
            q->speaker_end = p->speaker_end;
            q->speaker_raw_start = p->speaker_raw_start;
            q->speaker_raw_end = p->speaker_raw_end;
            q->attr_rule = "continues-previous";
            q->confidence = 0.5;
        }
    }
    return 0;
}

static void *at_create(const nerq_config *c, nerq_err *err) { return nerq_attribute_new(c, err); }
static int at_run(void *ctx, nerq_article *a, nerq_err *err) { return nerq_attribute_run(ctx, a, err); }
static void at_destroy(void *ctx) { nerq_attribute_free(ctx); }
const nerq_stage nerq_stage_attribute = {"attribute",
                                         NERQ_ST_INGEST | NERQ_ST_TOKENIZE | NERQ_ST_ENTITIES | NERQ_ST_QUOTES,
                                         NERQ_ST_ATTRIBUTE, at_create, at_run, at_destroy};
