/* attribute.c: stage 5. Reads `text`, `tokens` (with their sentence and paragraph flags),
 * `mentions`, `entities` and `quotes`; adds to each quote: speaker (canonical name),
 * speaker_id, speaker_type, speaker_start/end and speaker_raw_start/end (the words the
 * attribution hangs on: "Kirby", "he", "the spokesman"), cue, cue_start/end, attr_rule and
 * confidence. A scare quote that an explicit cue attributes becomes `partial`; titles
 * are never attributed.
 *
 * Data, all loaded once: rules/speech-verbs.txt (one-word cues, every inflection),
 * rules/quote-cues.txt (multiword cues; "<TAB>after" marks a cue whose speaker follows
 * it: "according to X"), rules/pronouns.txt, rules/speaker-nouns.txt ("the spokesman"),
 * rules/cue-skip.txt (words between a speaker and its verb: "also", "has", weekdays),
 * rules/clause-openers.txt (", while ..." after a quote is no attribution),
 * rules/determiners.txt ("the spokesman", "an aide"),
 * rules/person-titles.txt, rules/sentence-starters.txt, gazetteers/surname-particles.txt.
 *
 * Rules, in order, for each quote (attr_rule names the one that fired):
 *   cue-after[-inverted]   the words after the closing mark, to the sentence end:
 *                          "..., Kirby said", "..., said Kirby", "..., Jeff Weaver, the
 *                          campaign manager, said", "...?" asked Kirby
 *   cue-before[-inverted]  the nearest cue before the opening mark in its sentence, its
 *                          subject next to it, else the sentence subject ("Kirby said:",
 *                          "according to Kirby,", "quoted Xi as saying"); a participle cue
 *                          ("released a statement saying") takes the sentence subject; a
 *                          cue inside a that-clause yields to the outer cue
 *   name-colon             "Sen. X (R-Ohio): ..."
 *   colon-paragraph        a paragraph ending "Kirby said:" introduces the quote opening
 *                          the next paragraph
 *   same-sentence          a later quote of a sentence whose first quote had a cue before
 *   sentence-subject       a fragment inside a sentence with no cue: its subject, if named
 *   continues-next         a quote left open at its paragraph end, whose next paragraph
 *                          opens with a quote: that quote's speaker
 *   continues-previous     a quote-only paragraph (or a quote after one in its paragraph
 *                          with only its attribution between): the previous speaker
 * Speakers: a pronoun resolves to the subject of the nearest sentence before it with a
 * named subject, or the last named speaker if more recent; "it" takes organisations only.
 * A nominal speaker ("the spokesman") takes the name the article gave next to the same
 * noun earlier, else its fullest description ("unnamed senior EU official"). Names are
 * stripped of titles and resolved to the fullest person name of the article ("Kirby" ->
 * "John Kirby", family name first too). Mentions are indexed by token once per article;
 * each quote looks at its own sentence, so an article costs O(tokens + quotes x sentence),
 * plus a scan of the article when a bare surname must be completed. */
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

struct nerq_attribute {
    nerq_tokenizer *tk;
    nerq_gazetteer *cues;   /* speech verbs and cue phrases; canonical "after" = speaker follows */
    nerq_gazetteer *titles; /* person titles, skipped when naming the speaker */
    nerq_wordset *pron_person, *pron_org, *pron_any, *nouns, *skip, *starters, *particles, *openers, *dets;
    NERQ_VEC(int32_t) tok_mention; /* token -> mention index, -1 */
    NERQ_VEC(uint8_t) in_quote;    /* token -> inside a quote's content or a mark */
};

enum { SP_NONE, SP_NAME, SP_PRON, SP_NOUN };

typedef struct {
    int kind;
    uint32_t ts, te; /* tokens of the speaker words */
} speaker;

/* ---- loading ----------------------------------------------------------------------- */

static int load_cues(nerq_gazetteer *g, const nerq_config *c, const char *name, nerq_err *err)
{
    static const nerq_gaz_entry before = {"CUE", NULL, "before", "", "cues", 0};
    static const nerq_gaz_entry after = {"CUE", NULL, "after", "", "cues", 0};
    nerq_rule_file f;
    int rc = -1;
    if (nerq_rule_file_load(&f, c->rules_dir, name, err) != 0)
        goto out;
    for (size_t i = 0; i < f.lines.n; i++) {
        char *s = f.lines.v[i].text;
        char *tab = strchr(s, '\t');
        const nerq_gaz_entry *e = &before;
        if (tab) {
            *tab = '\0';
            if (strcmp(tab + 1, "after") != 0) {
                nerq_err_set(err, "%s:%d: expected CUE or CUE<TAB>after", f.path, f.lines.v[i].lineno);
                goto out;
            }
            e = &after;
        }
        if (nerq_gazetteer_add(g, s, e, err) != 0)
            goto out;
    }
    rc = 0;
out:
    nerq_rule_file_free(&f);
    return rc;
}

static int load_pronouns(nerq_attribute *t, const nerq_config *c, nerq_err *err)
{
    nerq_rule_file f;
    int rc = -1;
    if (nerq_rule_file_load(&f, c->rules_dir, "pronouns.txt", err) != 0)
        goto out;
    for (size_t i = 0; i < f.lines.n; i++) {
        char *s = f.lines.v[i].text;
        char *tab = strchr(s, '\t');
        if (!tab || (strcmp(tab + 1, "PERSON") && strcmp(tab + 1, "ORG") && strcmp(tab + 1, "ANY"))) {
            nerq_err_set(err, "%s:%d: expected WORD<TAB>PERSON|ORG|ANY", f.path, f.lines.v[i].lineno);
            goto out;
        }
        nerq_wordset_add(!strcmp(tab + 1, "PERSON") ? t->pron_person : !strcmp(tab + 1, "ORG") ? t->pron_org : t->pron_any,
                         s, (size_t)(tab - s));
    }
    rc = 0;
out:
    nerq_rule_file_free(&f);
    return rc;
}

static int load_titles(nerq_attribute *t, const nerq_config *c, nerq_err *err)
{
    static const nerq_gaz_entry title = {"TITLE", NULL, "", "", "person-titles.txt", 0};
    nerq_rule_file f;
    int rc = -1;
    if (nerq_rule_file_load(&f, c->rules_dir, "person-titles.txt", err) != 0)
        goto out;
    for (size_t i = 0; i < f.lines.n; i++)
        if (nerq_gazetteer_add(t->titles, f.lines.v[i].text, &title, err) != 0)
            goto out;
    rc = 0;
out:
    nerq_rule_file_free(&f);
    return rc;
}

nerq_attribute *nerq_attribute_new(const nerq_config *c, nerq_err *err)
{
    nerq_attribute *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    if (!(t->tk = nerq_tokenizer_new(c, err)))
        goto fail;
    t->cues = nerq_gazetteer_new(t->tk);
    t->titles = nerq_gazetteer_new(t->tk);
    t->pron_person = nerq_wordset_new();
    t->pron_any = nerq_wordset_new();
    t->pron_org = nerq_wordset_new();
    if (load_cues(t->cues, c, "speech-verbs.txt", err) || load_cues(t->cues, c, "quote-cues.txt", err) ||
        load_pronouns(t, c, err) || load_titles(t, c, err) ||
        !(t->nouns = nerq_wordset_load(c->rules_dir, "speaker-nouns.txt", err)) ||
        !(t->skip = nerq_wordset_load(c->rules_dir, "cue-skip.txt", err)) ||
        !(t->starters = nerq_wordset_load(c->rules_dir, "sentence-starters.txt", err)) ||
        !(t->particles = nerq_wordset_load(c->gazetteers_dir, "surname-particles.txt", err)) ||
        !(t->openers = nerq_wordset_load(c->rules_dir, "clause-openers.txt", err)) ||
        !(t->dets = nerq_wordset_load(c->rules_dir, "determiners.txt", err)))
        goto fail;
    return t;
fail:
    nerq_attribute_free(t);
    return NULL;
}

void nerq_attribute_free(nerq_attribute *t)
{
    if (!t)
        return;
    nerq_gazetteer_free(t->cues);
    nerq_gazetteer_free(t->titles);
    nerq_wordset_free(t->pron_person);
    nerq_wordset_free(t->pron_any);
    nerq_wordset_free(t->pron_org);
    nerq_wordset_free(t->nouns);
    nerq_wordset_free(t->skip);
    nerq_wordset_free(t->starters);
    nerq_wordset_free(t->particles);
    nerq_wordset_free(t->openers);
    nerq_wordset_free(t->dets);
    nerq_tokenizer_free(t->tk);
    free(t->tok_mention.v);
    free(t->in_quote.v);
    free(t);
}

/* ---- token tests ------------------------------------------------------------------- */

static const nerq_token *tok(const nerq_article *a, size_t i) { return &a->tokens.v[i]; }

/* Is token i in set w, as written or with its first letter lowered ("He" -> "he")? */
static int in_set(const nerq_wordset *w, const nerq_article *a, size_t i)
{
    const nerq_token *t = tok(a, i);
    size_t n = t->end - t->start;
    const char *s = a->text + t->start;
    if (nerq_wordset_has(w, s, n))
        return 1;
    char low[64];
    if (n >= sizeof low || !(s[0] >= 'A' && s[0] <= 'Z'))
        return 0;
    memcpy(low, s, n);
    low[0] = (char)(low[0] - 'A' + 'a');
    return nerq_wordset_has(w, low, n);
}

static int is_word(const nerq_article *a, size_t i) { return tok(a, i)->cls == NERQ_T_WORD; }
static int is_cap(const nerq_article *a, size_t i)
{
    return is_word(a, i) && (tok(a, i)->shape == NERQ_SH_CAP || tok(a, i)->shape == NERQ_SH_UPPER ||
                             tok(a, i)->shape == NERQ_SH_MIXED);
}
static int is_lower(const nerq_article *a, size_t i) { return is_word(a, i) && tok(a, i)->shape == NERQ_SH_LOWER; }
static int is_char(const nerq_article *a, size_t i, char c)
{
    return tok(a, i)->end - tok(a, i)->start == 1 && a->text[tok(a, i)->start] == c;
}
static int is_mark(const nerq_article *a, size_t i)
{
    unsigned c = tok(a, i)->cls;
    return c == NERQ_T_QOPEN || c == NERQ_T_QCLOSE || c == NERQ_T_QAMBIG;
}
/* A word that can be part of a name: in a mention, or capitalised and no function word
 * ("The", "But", "When": rules/sentence-starters.txt). */
static int is_det(const nerq_attribute *t, const nerq_article *a, size_t i);
static int is_namey(const nerq_attribute *t, const nerq_article *a, size_t i)
{
    long m = t->tok_mention.v[i];
    if (in_set(t->starters, a, i) || is_det(t, a, i))
        return m >= 0 && a->mentions.v[m].tok_end - a->mentions.v[m].tok_start > 1; /* "The Hague" */
    return m >= 0 || is_cap(a, i);
}
static int is_pron(const nerq_attribute *t, const nerq_article *a, size_t i)
{
    return is_word(a, i) && (in_set(t->pron_person, a, i) || in_set(t->pron_any, a, i) || in_set(t->pron_org, a, i));
}
static int tok_is(const nerq_article *a, size_t i, const char *s)
{
    size_t n = strlen(s);
    return tok(a, i)->end - tok(a, i)->start == n && !memcmp(a->text + tok(a, i)->start, s, n);
}
/* Inside a name run: "of" or a surname particle between two name words ("Secretary of
 * State Antony Blinken", "Ursula von der Leyen"). */
static int name_glue(const nerq_attribute *t, const nerq_article *a, size_t i)
{
    return is_lower(a, i) && (tok_is(a, i, "of") || in_set(t->particles, a, i));
}
static int is_det(const nerq_attribute *t, const nerq_article *a, size_t i)
{
    return (is_word(a, i) && in_set(t->dets, a, i)) || tok(a, i)->cls == NERQ_T_APOS; /* "Trump's spokesman" */
}
/* A "?" standing for a character lost in conversion, inside or at the end of a word
 * ("Adom?nas", "Šešelgyt?"): token i is such a mark, written without spaces around. */
static int lost_char(const nerq_article *a, size_t i)
{
    return is_char(a, i, '?') && !(tok(a, i)->flags & NERQ_TF_SPACE_BEFORE) && i > 0 && is_word(a, i - 1) &&
           i + 1 < a->tokens.n && (!(tok(a, i + 1)->flags & NERQ_TF_SPACE_BEFORE) || is_char(a, i + 1, ','));
}
static int speaker_mention(const nerq_article *a, long m)
{
    return m >= 0 && (!strcmp(a->mentions.v[m].type, "PERSON") || !strcmp(a->mentions.v[m].type, "ORG"));
}

/* ---- the speaker next to a cue ------------------------------------------------------- */

/* The mention inside the speaker words, preferring the last one (the head). */
static long mention_in(const nerq_attribute *t, const nerq_article *a, const speaker *s)
{
    for (uint32_t i = s->te; i-- > s->ts;)
        if (speaker_mention(a, t->tok_mention.v[i]))
            return t->tok_mention.v[i];
    return -1;
}

/* The speaker words ending at token i (inclusive), not before lo. */
static speaker np_before(const nerq_attribute *t, const nerq_article *a, size_t i, size_t lo)
{
    speaker s = {SP_NONE, 0, 0};
    if (i < lo || i >= a->tokens.n)
        return s;
    if (is_pron(t, a, i)) {
        s = (speaker){SP_PRON, (uint32_t)i, (uint32_t)i + 1};
        return s;
    }
    size_t i0 = i;
    while (i0 > lo && (lost_char(a, i0 - 1) || (lost_char(a, i0) && is_word(a, i0 - 1))))
        i0--; /* "Adom?nas": one word */
    if (i0 < i && is_namey(t, a, i0)) {
        s = np_before(t, a, i0, lo);
        s.te = (uint32_t)i + 1;
        return s;
    }
    if (is_namey(t, a, i)) {
        size_t j = i;
        for (;;) {
            if (j > lo && is_namey(t, a, j - 1) && !(tok(a, j)->flags & NERQ_TF_PARA_START))
                j--;
            else if (j > lo + 1 && name_glue(t, a, j - 1) && is_namey(t, a, j - 2))
                j -= 2;
            else
                break;
        }
        s = (speaker){SP_NAME, (uint32_t)j, (uint32_t)i + 1};
        return s;
    }
    if (is_lower(a, i) && in_set(t->nouns, a, i)) {
        size_t j = i;
        for (size_t k = i; k >= lo && i - k < 6; k--) {
            if (!(is_word(a, k) || tok(a, k)->cls == NERQ_T_APOS || is_char(a, k, '-')))
                break;
            j = k;
            if (is_det(t, a, k))
                break;
            if (k == 0)
                break;
        }
        if (!is_det(t, a, j) && j != i)
            j = i; /* no determiner in reach: the noun alone ("officials said") */
        while (j > lo && tok(a, j)->cls == NERQ_T_APOS && is_namey(t, a, j - 1))
            j--; /* "Merkel's office": the owner too */
        while (j > lo && is_namey(t, a, j) && is_namey(t, a, j - 1))
            j--;
        s = (speaker){SP_NOUN, (uint32_t)j, (uint32_t)i + 1};
    }
    return s;
}

/* The speaker words starting at token i, not reaching hi. */
static speaker np_after(const nerq_attribute *t, const nerq_article *a, size_t i, size_t hi)
{
    speaker s = {SP_NONE, 0, 0};
    while (i < hi && in_set(t->skip, a, i))
        i++; /* "said on Tuesday Kirby" */
    if (i >= hi)
        return s;
    if (is_pron(t, a, i) && !in_set(t->pron_org, a, i)) { /* "said it would": no speaker */
        s = (speaker){SP_PRON, (uint32_t)i, (uint32_t)i + 1};
        return s;
    }
    if (is_namey(t, a, i)) {
        size_t j = i;
        for (;;) {
            if (j < hi && (is_namey(t, a, j) || lost_char(a, j) || (j > i && lost_char(a, j - 1) && is_word(a, j))))
                j++;
            else if (j + 1 < hi && name_glue(t, a, j) && is_namey(t, a, j + 1))
                j += 2;
            else
                break;
        }
        s = (speaker){SP_NAME, (uint32_t)i, (uint32_t)j};
        return s;
    }
    size_t j = i;
    if (is_det(t, a, j))
        j++;
    size_t end = j;
    int noun = 0;
    while (end < hi && end - i < 8 && (is_word(a, end) || is_char(a, end, '-'))) {
        if (in_set(t->nouns, a, end))
            noun = 1;
        else if (noun && is_lower(a, end))
            break; /* "the spokesman in his ..." */
        end++;
    }
    if (!noun && j > i && end > j && end - j <= 4 && (end >= hi || tok(a, end)->cls == NERQ_T_PUNCT)) {
        s = (speaker){SP_NOUN, (uint32_t)i, (uint32_t)end}; /* "asked the boy," */
        return s;
    }
    if (noun) {
        while (end > j && !in_set(t->nouns, a, end - 1) && !is_namey(t, a, end - 1))
            end--;
        s = (speaker){SP_NOUN, (uint32_t)i, (uint32_t)end};
        if (mention_in(t, a, &s) >= 0 && !in_set(t->nouns, a, end - 1))
            s.kind = SP_NAME;
    }
    return s;
}

/* Skip words like "also", "has", "then", -ly adverbs and a parenthesis ("(D-Wash.)") going
 * left from i. */
static size_t skip_left(const nerq_attribute *t, const nerq_article *a, size_t i, size_t lo)
{
    size_t n = 0;
    if (i > lo && is_char(a, i, ')')) {
        size_t k = i;
        while (k > lo && i - k < 10 && !is_char(a, k, '('))
            k--;
        if (is_char(a, k, '(') && k > lo)
            i = k - 1;
    }
    while (i > lo && n < 3) {
        const nerq_token *x = tok(a, i);
        size_t len = x->end - x->start;
        int ly = is_lower(a, i) && len > 4 && !memcmp(a->text + x->end - 2, "ly", 2);
        if (!(is_lower(a, i) && (in_set(t->skip, a, i) || ly)))
            break;
        i--;
        n++;
    }
    return i;
}

/* "Clinton, who spoke in Iowa, said": the name before the relative clause ending at the
 * comma at token i. */
static speaker relative_subject(const nerq_attribute *t, const nerq_article *a, size_t i, size_t lo)
{
    speaker none = {SP_NONE, 0, 0};
    for (size_t k = i; k > lo + 1 && i - k < 25; k--) {
        if (is_char(a, k - 1, ',') && (tok_is(a, k, "who") || tok_is(a, k, "which")))
            return np_before(t, a, k - 2, lo);
    }
    return none;
}

typedef struct {
    speaker sp;
    uint32_t cue_ts, cue_te;
    int inverted;
} attribution;

/* The first cue (scanning forward) in tokens [lo, hi) with a speaker beside it. Near the
 * quote the speaker stands next to the cue; further on only an apposition reaches it:
 * "..., Jeff Weaver, the campaign manager, said". */
static int cue_after(const nerq_attribute *t, const nerq_article *a, size_t lo, size_t hi, attribution *at)
{
    size_t lim = hi < lo + 30 ? hi : lo + 30;
    size_t start = lo;
    while (start < hi && tok(a, start)->cls == NERQ_T_PUNCT)
        start++;
    if (start < hi && in_set(t->openers, a, start))
        return 0; /* another clause follows the quote: ", while ...", " and ..." */
    for (size_t i = lo; i < lim; i++) {
        const nerq_gaz_entry *ce;
        size_t k = nerq_gazetteer_match(t->cues, a, i, hi, 0, &ce);
        if (!k || !is_lower(a, i))
            continue;
        at->cue_ts = (uint32_t)i;
        at->cue_te = (uint32_t)(i + k);
        size_t b = i > lo ? skip_left(t, a, i - 1, lo) : lo;
        if (i > lo && b >= lo && i < lo + 10) {
            at->sp = np_before(t, a, b, lo);
            if (at->sp.kind == SP_NONE && is_char(a, b, ','))
                at->sp = relative_subject(t, a, b, lo);
            if (at->sp.kind == SP_NONE && start <= b && b < start + 8 && (is_det(t, a, start) || is_namey(t, a, start))) {
                size_t w = start; /* "the Lincoln actor says" */
                while (w <= b && (is_word(a, w) || tok(a, w)->cls == NERQ_T_APOS || is_char(a, w, '-')))
                    w++;
                if (w > b)
                    at->sp = (speaker){SP_NOUN, (uint32_t)start, (uint32_t)b + 1};
            }
            if (at->sp.kind != SP_NONE) {
                at->inverted = 0;
                return 1;
            }
        }
        if (i > start && is_char(a, b, ',')) {
            at->sp = np_after(t, a, start, hi);
            if (at->sp.kind != SP_NONE && at->sp.te < hi && is_char(a, at->sp.te, ',')) {
                at->inverted = 0;
                return 1;
            }
        }
        if (i >= lo + 10)
            return 0;
        at->sp = np_after(t, a, i + k, hi);
        if (at->sp.kind != SP_NONE && (i == start || is_char(a, i - 1, ','))) {
            at->inverted = 1;
            return 1;
        }
        if (i > lo && !is_char(a, lo, ','))
            return 0; /* some other clause follows the quote */
    }
    return 0;
}

/* The subject at the start of a sentence (tokens [lo, hi)): a name, a pronoun or a noun
 * phrase with its determiner ("The ad", "An Israeli official"), followed by a verb or by a
 * comma that opens an aside. */
static speaker sentence_subject(const nerq_attribute *t, const nerq_article *a, size_t lo, size_t hi)
{
    speaker none = {SP_NONE, 0, 0};
    size_t i = lo;
    while (i < hi && (tok(a, i)->cls == NERQ_T_PUNCT || in_set(t->skip, a, i) || in_set(t->openers, a, i)))
        i++; /* "But ...", "And then ..." */
    if (i >= hi)
        return none;
    if ((in_set(t->starters, a, i) && !is_det(t, a, i) && !is_pron(t, a, i)) ||
        nerq_gazetteer_match(t->cues, a, i, hi, 0, &(const nerq_gaz_entry *){0})) {
        size_t c = i + 1; /* an opening phrase: "In his commentary, Ignatius ..." */
        while (c < hi && c < i + 8 && !is_char(a, c, ',') && is_word(a, c))
            c++;
        if (c < hi && is_char(a, c, ','))
            i = c + 1;
    }
    if (i >= hi)
        return none;
    speaker s = np_after(t, a, i, hi);
    if (s.kind == SP_NONE && is_det(t, a, i)) {
        size_t e = i + 1;
        while (e < hi && e - i < 6 && is_word(a, e) && !in_set(t->skip, a, e) &&
               !nerq_gazetteer_match(t->cues, a, e, hi, 0, &(const nerq_gaz_entry *){0}))
            e++;
        if (e > i + 1)
            s = (speaker){SP_NOUN, (uint32_t)i, (uint32_t)e};
    }
    if (s.kind == SP_NONE || s.te >= hi || !(is_lower(a, s.te) || is_char(a, s.te, ',') || is_char(a, s.te, '(')))
        return none;
    if (is_char(a, s.te, ',') && s.te + 2 < hi && !is_lower(a, s.te + 1)) {
        speaker y = np_after(t, a, s.te + 1, hi); /* "Like Corker, Menendez also rejected" */
        if ((y.kind == SP_NAME || y.kind == SP_PRON) && y.te < hi && is_lower(a, y.te) && !in_set(t->openers, a, y.te))
            return y;
    }
    return s;
}

/* Is the speaker s, found after a cue, followed by what closes an inverted attribution
 * ("said Trump: ...", "according to Kirby, ...")? */
static int inversion_ends(const nerq_article *a, const speaker *s, size_t hi)
{
    return s->te >= hi || is_char(a, s->te, ',') || is_char(a, s->te, ':');
}

/* The cue nearest the quote (scanning backward) in tokens [lo, hi). */
static int cue_before(const nerq_attribute *t, const nerq_article *a, size_t lo, size_t hi, attribution *at)
{
    for (size_t i = hi; i-- > lo;) {
        const nerq_gaz_entry *ce;
        size_t k = nerq_gazetteer_match(t->cues, a, i, hi, 0, &ce);
        if (!k)
            continue;
        for (size_t j = i > lo + 2 ? i - 2 : lo; j < i; j++) {
            const nerq_gaz_entry *ce2;
            size_t k2 = nerq_gazetteer_match(t->cues, a, j, hi, 0, &ce2);
            if (k2 && j + k2 > i) { /* "as saying" rather than "saying" */
                ce = ce2;
                i = j;
                k = k2;
                break;
            }
        }
        int initial = i == lo || (tok(a, i)->flags & NERQ_TF_SENT_START);
        if (!(is_lower(a, i) || initial))
            continue;
        at->cue_ts = (uint32_t)i;
        at->cue_te = (uint32_t)(i + k);
        size_t f = i + k;
        int follows = !strcmp(ce->canonical, "after");
        if (!follows && i > lo) {
            size_t b = skip_left(t, a, i - 1, lo);
            const nerq_token *ct = tok(a, at->cue_te - 1);
            int participle = at->cue_te - at->cue_ts == 1 && ct->end - ct->start > 4 && !memcmp(a->text + ct->end - 3, "ing", 3);
            at->sp = participle ? sentence_subject(t, a, lo, i) : (speaker){SP_NONE, 0, 0};
            if (at->sp.kind == SP_NONE) /* "she released a statement saying": the subject */
                at->sp = np_before(t, a, b, lo);
            if (at->sp.kind == SP_NONE && is_char(a, b, ','))
                at->sp = relative_subject(t, a, b, lo);
            if (at->sp.kind == SP_NONE)
                at->sp = sentence_subject(t, a, lo, i);
            attribution outer;
            size_t inner = at->sp.ts; /* "said that X maintained", "said he believes" */
            if (inner > lo + 1 && tok_is(a, inner - 1, "that"))
                inner--;
            else if (!(at->sp.kind == SP_PRON && inner > lo + 1 &&
                       nerq_gazetteer_match(t->cues, a, inner - 1, inner, 0, &(const nerq_gaz_entry *){0})))
                inner = lo;
            if (at->sp.kind != SP_NONE && inner > lo + 1 && cue_before(t, a, lo, inner, &outer) && !outer.inverted) {
                *at = outer; /* "Wang said that China maintained ...": the outer speaker */
                return 1;
            }
            if (at->sp.kind != SP_NONE) {
                at->inverted = 0;
                return 1;
            }
        }
        at->sp = np_after(t, a, f, hi);
        if (at->sp.kind != SP_NONE && (follows || inversion_ends(a, &at->sp, hi))) {
            at->inverted = 1;
            return 1;
        }
    }
    return 0;
}

/* ---- naming the speaker -------------------------------------------------------------- */

/* The fullest person name in the article ending with the word at token w: a PERSON entity
 * first, else the longest run of capitalised words ending with it. */
static int name_prefix(const nerq_attribute *t, const nerq_article *a, size_t i);

static const char *fullest_name_of(const nerq_attribute *t, nerq_article *a, const char *s, size_t n, int scan);

static const char *fullest_name(const nerq_attribute *t, nerq_article *a, size_t w)
{
    return fullest_name_of(t, a, a->text + tok(a, w)->start, tok(a, w)->end - tok(a, w)->start, 1);
}

/* The same for a name word given as text (s, n); scan: also look through the tokens. */
static const char *fullest_name_of(const nerq_attribute *t, nerq_article *a, const char *s, size_t n, int scan)
{
    const char *best = NULL, *first = NULL;
    size_t best_len = n, first_len = n;
    for (size_t e = 0; e < a->entities.n; e++) {
        const nerq_entity *x = &a->entities.v[e];
        size_t len = strlen(x->name);
        if (strcmp(x->type, "PERSON") || len <= n)
            continue;
        if (len > best_len && x->name[len - n - 1] == ' ' && !memcmp(x->name + len - n, s, n)) {
            best = x->name;
            best_len = len;
        }
        if (len > first_len && x->name[n] == ' ' && !memcmp(x->name, s, n)) {
            first = x->name; /* family name first: "Liu" for "Liu Pengyu" */
            first_len = len;
        }
    }
    if (best || first || !scan)
        return best ? best : first;
    size_t bs = 0, be = 0;
    for (size_t i = 1; i < a->tokens.n; i++) {
        if (tok(a, i)->end - tok(a, i)->start != n || memcmp(a->text + tok(a, i)->start, s, n) ||
            t->in_quote.v[i])
            continue;
        size_t j = i;
        while (j > 0 && i - j < 3 && is_cap(a, j - 1) && !(tok(a, j)->flags & NERQ_TF_SENT_START) &&
               !t->in_quote.v[j - 1] && !name_prefix(t, a, j - 1) &&
               !nerq_gazetteer_match(t->titles, a, j - 1, j, 0, &(const nerq_gaz_entry *){0}))
            j--;
        if (i - j > be - bs) {
            bs = j;
            be = i;
        }
    }
    if (be > bs)
        return nerq_arena_strndup(a->arena, a->text + tok(a, bs)->start, tok(a, be)->end - tok(a, bs)->start);
    return NULL;
}

static void name_speaker(const nerq_attribute *t, nerq_article *a, nerq_quote *q, const speaker *s);

/* Is token i a word a speaker's name does not start with: a title ("Secretary of State"
 * is matched whole by the caller), an abbreviation, an acronym, a role noun, "of", or a
 * place, country or organisation? */
static int name_prefix(const nerq_attribute *t, const nerq_article *a, size_t i)
{
    long m = t->tok_mention.v[i];
    if (lost_char(a, i) || (i > 0 && lost_char(a, i - 1)))
        return 0;
    return (tok(a, i)->flags & NERQ_TF_ABBREV) || tok(a, i)->shape == NERQ_SH_UPPER || in_set(t->nouns, a, i) ||
           in_set(t->starters, a, i) || tok_is(a, i, "of") || tok(a, i)->cls != NERQ_T_WORD ||
           (m >= 0 && strcmp(a->mentions.v[m].type, "PERSON"));
}

/* Does a title end at token j ("State" of "Secretary of State", when the speaker words
 * start after "of")? */
static int title_ends_at(const nerq_attribute *t, const nerq_article *a, uint32_t j)
{
    const nerq_gaz_entry *ge;
    for (uint32_t s = j > 4 ? j - 4 : 0; s < j; s++)
        if (s + nerq_gazetteer_match(t->titles, a, s, j + 1, 0, &ge) == j + 1)
            return 1;
    return 0;
}

/* The name inside the speaker words [ts, te): titles and roles stripped from the left
 * ("US Secretary of State Antony Blinken" -> "Antony Blinken"), at most three words. */
static uint32_t name_start(const nerq_attribute *t, const nerq_article *a, uint32_t ts, uint32_t te)
{
    uint32_t b = ts;
    for (uint32_t j = ts; j + 1 < te;) {
        const nerq_gaz_entry *ge;
        size_t k = nerq_gazetteer_match(t->titles, a, j, te - 1, 0, &ge);
        if (!k && (name_prefix(t, a, j) || title_ends_at(t, a, j)))
            k = 1;
        if (k)
            b = j + (uint32_t)k;
        j += k ? (uint32_t)k : 1;
    }
    size_t words = 0; /* at most three capitalised words ("Ursula von der Leyen", "Adom?nas") */
    for (uint32_t j = te; j-- > b;)
        if ((tok(a, j)->flags & NERQ_TF_SPACE_BEFORE) && !name_glue(t, a, j) && ++words == 3) {
            b = j;
            break;
        }
    return b;
}

/* A nominal speaker ("the spokesman") named where the article introduced it: an earlier
 * use of the same noun next to a name ("embassy spokesman Liu Pengyu", "Liu Pengyu, the
 * spokesman") or inside an organisation's name ("the Chinese Embassy"). Else the fullest
 * description the article gave ("an unnamed senior EU official"), without its
 * determiner. Returns 1 if it set the speaker. */
static int resolve_nominal(const nerq_attribute *t, nerq_article *a, nerq_quote *q, const speaker *s)
{
    size_t h = s->te - 1;
    const nerq_token *ht = tok(a, h);
    size_t hn = ht->end - ht->start;
    const char *hs = a->text + ht->start;
    size_t floor = h > 3000 ? h - 3000 : 0;
    speaker best = *s;
    for (size_t k = h + 1; k-- > floor;) {
        const nerq_token *x = tok(a, k);
        if (x->end - x->start != hn || t->in_quote.v[k] || (k != h && k >= s->ts && k < s->te))
            continue;
        const char *xs = a->text + x->start;
        if ((xs[0] | 0x20) != (hs[0] | 0x20) || memcmp(xs + 1, hs + 1, hn - 1))
            continue;
        long m = t->tok_mention.v[k];
        if (m >= 0 && speaker_mention(a, m)) {
            speaker ms = {SP_NAME, a->mentions.v[m].tok_start, a->mentions.v[m].tok_end};
            name_speaker(t, a, q, &ms);
            return 1;
        }
        size_t n = a->tokens.n;
        if (k + 2 < n && (tok_is(a, k + 1, "in") || tok_is(a, k + 1, "of") || tok_is(a, k + 1, "for") ||
                          tok_is(a, k + 1, "at") || tok_is(a, k + 1, "from") || tok_is(a, k + 1, "by"))) {
            size_t o = k + 2 + (is_det(t, a, k + 2) && k + 3 < n);
            long om = t->tok_mention.v[o];
            if (om >= 0 && !strcmp(a->mentions.v[om].type, "ORG")) {
                speaker ms = {SP_NAME, a->mentions.v[om].tok_start, a->mentions.v[om].tok_end};
                name_speaker(t, a, q, &ms);
                return 1;
            }
        }
        size_t f = k + 1 < n && is_char(a, k + 1, ',') ? k + 2 : k + 1;
        if (f < n && is_namey(t, a, f) && !name_prefix(t, a, f)) {
            size_t e = f;
            while (e < n && is_namey(t, a, e))
                e++;
            speaker ns = {SP_NAME, (uint32_t)f, (uint32_t)e};
            name_speaker(t, a, q, &ns);
            return 1;
        }
        for (size_t c = k; c > floor && k - c < 6; c--) {
            if (!is_char(a, c, ','))
                continue;
            if (c > 0 && is_namey(t, a, c - 1)) {
                speaker ns = np_before(t, a, c - 1, c > 6 ? c - 6 : 0);
                if (ns.kind == SP_NAME) {
                    name_speaker(t, a, q, &ns);
                    return 1;
                }
            }
            break;
        }
        speaker d = np_before(t, a, k, k > 6 ? k - 6 : 0);
        if (d.kind == SP_NOUN && d.te - d.ts > best.te - best.ts)
            best = d;
    }
    uint32_t b = best.ts;
    if (b + 1 < best.te && is_det(t, a, b))
        b++;
    q->speaker = nerq_arena_strndup(a->arena, a->text + tok(a, b)->start, tok(a, best.te - 1)->end - tok(a, b)->start);
    q->speaker_type = "unnamed";
    return 1;
}

/* Canonical name, id and type of the speaker words. */
static void name_speaker(const nerq_attribute *t, nerq_article *a, nerq_quote *q, const speaker *s)
{
    long m = s->kind == SP_NOUN ? t->tok_mention.v[s->te - 1] : mention_in(t, a, s);
    if (m >= 0 && !speaker_mention(a, m))
        m = -1;
    long pm = m >= 0 && a->mentions.v[m].tok_start > s->ts ? t->tok_mention.v[a->mentions.v[m].tok_start - 1] : -1;
    int national = pm >= 0 && (!strcmp(a->mentions.v[pm].type, "COUNTRY") || !strcmp(a->mentions.v[pm].type, "NORP")) &&
                   !strcmp(a->mentions.v[m].entity, a->mentions.v[m].text); /* "US" + "National Security Strategy" */
    if (m >= 0 && s->kind == SP_NAME && !strcmp(a->mentions.v[m].type, "ORG") &&
        (a->mentions.v[m].tok_end < s->te || national)) {
        uint32_t b = s->ts + (is_det(t, a, s->ts) && s->ts + 1 < s->te); /* "the US National Security Strategy" */
        q->speaker = nerq_arena_strndup(a->arena, a->text + tok(a, b)->start, tok(a, s->te - 1)->end - tok(a, b)->start);
        q->speaker_type = "organisation";
        return;
    }
    if (m >= 0 && s->kind == SP_NAME && !strcmp(a->mentions.v[m].type, "PERSON")) {
        /* the entity stage may have taken part of the name only, or a title with it:
         * name the speaker from its words when they hold the entity's name and more */
        uint32_t b = name_start(t, a, s->ts, s->te);
        const nerq_mention *x = &a->mentions.v[m];
        size_t n = tok(a, s->te - 1)->end - tok(a, b)->start, en = strlen(x->entity);
        const char *nm = a->text + tok(a, b)->start;
        int holds = 0;
        for (size_t k = 0; k + en <= n && !holds; k++)
            holds = !memcmp(nm + k, x->entity, en);
        if (!memchr(nm, '\n', n) && ((n > en && holds) || (n < en && b > x->tok_start && !strcmp(x->entity, x->text))))
            m = -1;
    }
    if (m >= 0) {
        const nerq_mention *x = &a->mentions.v[m];
        q->speaker = x->entity;
        q->speaker_id = x->id;
        q->speaker_type = !strcmp(x->type, "PERSON") ? "person" : "organisation";
        if (!strcmp(x->type, "PERSON") && !strchr(x->entity, ' ')) {
            const char *full = x->tok_end - x->tok_start == 1 ? fullest_name(t, a, x->tok_start)
                                                              : fullest_name_of(t, a, x->entity, strlen(x->entity), 0);
            if (full && strlen(full) > strlen(q->speaker))
                q->speaker = full;
        }
        uint32_t j = x->tok_end; /* the mention stopped at a lost character: "Adom" of "Adom?nas" */
        while (j < a->tokens.n && (lost_char(a, j) || (lost_char(a, j - 1) && is_word(a, j))))
            j++;
        if (j > x->tok_end) {
            const char *rest = a->text + tok(a, x->tok_end)->start;
            size_t sn = strlen(q->speaker), rn = tok(a, j - 1)->end - tok(a, x->tok_end)->start;
            char *full = nerq_arena_alloc(a->arena, sn + rn + 1);
            memcpy(full, q->speaker, sn);
            memcpy(full + sn, rest, rn);
            full[sn + rn] = '\0';
            q->speaker = full;
        }
        return;
    }
    long fm = t->tok_mention.v[s->ts];
    if (s->kind == SP_NAME && fm >= 0 && a->mentions.v[fm].tok_end < s->te &&
        (!strcmp(a->mentions.v[fm].type, "COUNTRY") || !strcmp(a->mentions.v[fm].type, "NORP")) &&
        name_start(t, a, s->ts, s->te) == a->mentions.v[fm].tok_end) {
        /* a country, then capitalised words with no title or person: an institution
         * ("US National Security Strategy") */
        q->speaker = nerq_arena_strndup(a->arena, a->text + tok(a, s->ts)->start, tok(a, s->te - 1)->end - tok(a, s->ts)->start);
        q->speaker_type = "organisation";
        return;
    }
    if (s->kind == SP_NAME) {
        uint32_t b = name_start(t, a, s->ts, s->te);
        q->speaker = nerq_arena_strndup(a->arena, a->text + tok(a, b)->start, tok(a, s->te - 1)->end - tok(a, b)->start);
        q->speaker_type = "person";
        if (!strchr(q->speaker, ' ')) { /* one word: "Kirby", "Adom?nas" */
            const char *full = s->te - b == 1 ? fullest_name(t, a, b)
                                              : fullest_name_of(t, a, q->speaker, strlen(q->speaker), 0);
            if (full)
                q->speaker = full;
        }
        return;
    }
    if (s->kind == SP_NOUN && resolve_nominal(t, a, q, s))
        return;
    q->speaker = nerq_arena_strndup(a->arena, a->text + tok(a, s->ts)->start,
                                    tok(a, s->te - 1)->end - tok(a, s->ts)->start);
    q->speaker_type = "unnamed";
}

/* The person (or, for "it"/"they", organisation) a pronoun at token p refers to: the
 * subject of the nearest sentence before it that has a name for subject, unless a named
 * speaker was attributed since; else the nearest speaker-able mention. */
static int resolve_pronoun(const nerq_attribute *t, nerq_article *a, nerq_quote *q, size_t p, const nerq_quote *last)
{
    int want = in_set(t->pron_person, a, p) ? 'P' : in_set(t->pron_org, a, p) ? 'O' : 'A';
    size_t floor = p > 400 ? p - 400 : 0;
    long near = -1;
    speaker subj = {SP_NONE, 0, 0};
    for (size_t i = p; i-- > floor;) {
        if (t->in_quote.v[i])
            continue;
        long m = t->tok_mention.v[i];
        const char *mt = m >= 0 ? a->mentions.v[m].type : "";
        if (near < 0 && ((want != 'O' && !strcmp(mt, "PERSON")) || (want != 'P' && !strcmp(mt, "ORG"))))
            near = m;
        if (!(tok(a, i)->flags & (NERQ_TF_SENT_START | NERQ_TF_PARA_START)) && i > 0)
            continue;
        size_t hi = i + 15 < p ? i + 15 : p;
        speaker s = sentence_subject(t, a, i, hi);
        if (s.kind == SP_NONE || s.te >= p || tok_is(a, s.te, "of") || tok_is(a, s.te, "in") ||
            tok_is(a, s.te, "and") || tok_is(a, s.te, "for"))
            continue;
        long sm = -1;
        for (uint32_t k = s.ts; k < s.te; k++)
            if (t->tok_mention.v[k] >= 0)
                sm = t->tok_mention.v[k];
        const char *ty = sm >= 0 ? a->mentions.v[sm].type : NULL;
        if (want == 'O' ? (s.kind == SP_NOUN || (ty && !strcmp(ty, "ORG")))
                        : s.kind == SP_NAME && (ty ? !strcmp(ty, "PERSON") || (want == 'A' && !strcmp(ty, "ORG"))
                                                   : s.te - s.ts >= 2 || fullest_name(t, a, s.ts))) {
            subj = s;
            break;
        }
    }
    uint32_t at = subj.kind != SP_NONE ? tok(a, subj.ts)->start : 0;
    if (want != 'O' && last && last->speaker && strcmp(last->speaker_type, "unnamed") &&
        last->speaker_start >= (int32_t)tok(a, floor)->start && (uint32_t)last->speaker_start >= at) {
        q->speaker = last->speaker;
        q->speaker_id = last->speaker_id;
        q->speaker_type = last->speaker_type;
        return 1;
    }
    if (subj.kind != SP_NONE) {
        name_speaker(t, a, q, &subj);
        return 1;
    }
    if (near >= 0) {
        speaker s = {SP_NAME, a->mentions.v[near].tok_start, a->mentions.v[near].tok_end};
        name_speaker(t, a, q, &s);
        return 1;
    }
    q->speaker = nerq_arena_strndup(a->arena, a->text + tok(a, p)->start, tok(a, p)->end - tok(a, p)->start);
    q->speaker_type = "unnamed";
    return 1;
}

/* ---- the stage --------------------------------------------------------------------- */

static void clear(nerq_quote *q)
{
    q->speaker = q->speaker_id = q->speaker_type = q->cue = NULL;
    q->speaker_start = q->speaker_end = q->speaker_raw_start = q->speaker_raw_end = -1;
    q->cue_start = q->cue_end = -1;
    q->attr_rule = "none";
    q->confidence = 0;
}

static void set_span(nerq_article *a, nerq_quote *q, const speaker *s)
{
    q->speaker_start = (int32_t)tok(a, s->ts)->start;
    q->speaker_end = (int32_t)tok(a, s->te - 1)->end;
    q->speaker_raw_start = (int32_t)nerq_offmap_raw(&a->offmap, (uint32_t)q->speaker_start);
    q->speaker_raw_end = (int32_t)nerq_offmap_raw_end(&a->offmap, (uint32_t)q->speaker_end);
}

static void copy_speaker(nerq_quote *q, const nerq_quote *p, const char *rule, double conf)
{
    q->speaker = p->speaker;
    q->speaker_id = p->speaker_id;
    q->speaker_type = p->speaker_type;
    q->speaker_start = p->speaker_start;
    q->speaker_end = p->speaker_end;
    q->speaker_raw_start = p->speaker_raw_start;
    q->speaker_raw_end = p->speaker_raw_end;
    q->attr_rule = rule;
    q->confidence = conf;
}

static void attribute_with(const nerq_attribute *t, nerq_article *a, nerq_quote *q, const attribution *at,
                           const char *rule, double conf, const nerq_quote *last)
{
    set_span(a, q, &at->sp);
    if (at->sp.kind == SP_PRON)
        resolve_pronoun(t, a, q, at->sp.ts, last);
    else
        name_speaker(t, a, q, &at->sp);
    if (at->cue_te > at->cue_ts) {
        q->cue_start = (int32_t)tok(a, at->cue_ts)->start;
        q->cue_end = (int32_t)tok(a, at->cue_te - 1)->end;
        q->cue = nerq_arena_strndup(a->arena, a->text + q->cue_start, (size_t)(q->cue_end - q->cue_start));
    }
    q->attr_rule = rule;
    q->confidence = conf;
}

/* Token range of a quote: [first content token, one past the closing mark or content). */
static void quote_tokens(const nerq_article *a, const nerq_quote *q, size_t *open, size_t *after)
{
    size_t o = nerq_article_token_at(a, q->open >= 0 ? (uint32_t)q->open : q->start);
    size_t e;
    if (q->close >= 0) {
        e = nerq_article_token_at(a, (uint32_t)q->close) + 1;
    } else {
        e = nerq_article_token_at(a, q->start);
        while (e < a->tokens.n && tok(a, e)->start < q->end)
            e++;
    }
    *open = o;
    *after = e;
}

static int para_start(const nerq_article *a, size_t i) { return i == 0 || (tok(a, i)->flags & NERQ_TF_PARA_START); }

/* A fragment quoted inside a sentence with no cue: the sentence subject, when it is a
 * name, a pronoun or an entity. */
static int subject(const nerq_attribute *t, const nerq_article *a, size_t lo, size_t hi, attribution *at)
{
    speaker s = sentence_subject(t, a, lo, hi);
    if (s.kind == SP_NONE || s.kind == SP_NOUN)
        return 0;
    at->sp = s;
    at->cue_ts = at->cue_te = 0;
    return 1;
}

/* A paragraph ending in a colon at token c introduces the quote that opens the next one:
 * its last sentence's cue ("Dr. Ward stated:", "Stated Stone:") or subject names the
 * speaker. */
static int colon_paragraph(const nerq_attribute *t, const nerq_article *a, size_t c, attribution *at)
{
    size_t lo = c;
    while (lo > 0 && !is_mark(a, lo - 1) && !para_start(a, lo) && !(tok(a, lo)->flags & NERQ_TF_SENT_START))
        lo--;
    if (lo >= c || t->in_quote.v[lo])
        return 0;
    if (cue_before(t, a, lo, c, at))
        return 1;
    at->sp = np_before(t, a, skip_left(t, a, c - 1, lo), lo);
    at->cue_ts = at->cue_te = 0;
    return at->sp.kind != SP_NONE && at->sp.ts == lo; /* "Rep. Trey Gowdy (R-S.C.):" */
}

/* Was quote p, whose closing mark is token m, attributed by the words before it in its
 * sentence? A later quote of that sentence, with no cue of its own, shares it. */
static int same_sentence_attribution(const nerq_article *a, const nerq_quote *p, size_t m)
{
    return p->speaker && p->close >= 0 && tok(a, m)->start == (uint32_t)p->close &&
           (!strncmp(p->attr_rule, "cue-before", 10) || !strcmp(p->attr_rule, "same-sentence") ||
            !strcmp(p->attr_rule, "sentence-subject"));
}

int nerq_attribute_run(nerq_attribute *t, nerq_article *a, nerq_err *err)
{
    (void)err;
    size_t n = a->tokens.n;
    NERQ_VEC_RESERVE(t->tok_mention, n + 1);
    NERQ_VEC_RESERVE(t->in_quote, n + 1);
    for (size_t i = 0; i < n; i++) {
        t->tok_mention.v[i] = -1;
        t->in_quote.v[i] = 0;
    }
    for (size_t m = 0; m < a->mentions.n; m++)
        for (uint32_t i = a->mentions.v[m].tok_start; i < a->mentions.v[m].tok_end && i < n; i++)
            t->tok_mention.v[i] = (int32_t)m;
    for (size_t k = 0; k < a->quotes.n; k++) {
        size_t o, e;
        quote_tokens(a, &a->quotes.v[k], &o, &e);
        for (size_t i = o; i < e && i < n; i++)
            t->in_quote.v[i] = 1;
    }
    /* pass 1: explicit cues in the quote's frame */
    const nerq_quote *last = NULL;
    for (size_t k = 0; k < a->quotes.n; k++) {
        nerq_quote *q = &a->quotes.v[k];
        clear(q);
        if (!strcmp(q->kind, "title"))
            continue;
        size_t o, e;
        quote_tokens(a, q, &o, &e);
        /* after: to the sentence, paragraph or next quote */
        size_t hi = e;
        int runs_on = e > o + 1 && q->close >= 0 && !is_char(a, e - 2, '.');
        while (hi < n && !is_mark(a, hi) && !(tok(a, hi)->flags & NERQ_TF_PARA_START) &&
               !((tok(a, hi)->flags & NERQ_TF_SENT_START) && !(hi == e && runs_on)) &&
               !(hi > e && (is_char(a, hi - 1, '.') || (is_char(a, hi - 1, '?') && !lost_char(a, hi - 1)) ||
                            is_char(a, hi - 1, '!'))))
            hi++;
        /* before: from the sentence (or paragraph, or last quote) start */
        size_t lo = o;
        while (lo > 0 && !is_mark(a, lo - 1) && !para_start(a, lo) && !(tok(a, lo)->flags & NERQ_TF_SENT_START))
            lo--;
        if (lo < o && is_mark(a, lo))
            lo++;
        attribution at = {{SP_NONE, 0, 0}, 0, 0, 0};
        int found = 0;
        if (q->close >= 0 && e < hi)
            found = cue_after(t, a, e, hi, &at);
        if (found)
            attribute_with(t, a, q, &at, at.inverted ? "cue-after-inverted" : "cue-after", 0.9, last);
        else if (lo < o && (found = cue_before(t, a, lo, o, &at)))
            attribute_with(t, a, q, &at, at.inverted ? "cue-before-inverted" : "cue-before", 0.85, last);
        else if (o > lo + 1 && is_char(a, o - 1, ':') && (at.sp = np_before(t, a, skip_left(t, a, o - 2, lo), lo)).kind != SP_NONE &&
                 at.sp.ts == lo) {
            at.cue_ts = at.cue_te = 0; /* "Rep. Trey Gowdy (R-S.C.): ..." */
            attribute_with(t, a, q, &at, "name-colon", 0.6, last);
            found = 1;
        } else if (para_start(a, o) && o > 1 && is_char(a, o - 1, ':') && colon_paragraph(t, a, o - 1, &at)) {
            attribute_with(t, a, q, &at, "colon-paragraph", 0.7, last); /* "He declared:" then the quote */
            found = 1;
        } else if (k > 0 && lo > 0 && is_mark(a, lo - 1) && same_sentence_attribution(a, &a->quotes.v[k - 1], lo - 1)) {
            const nerq_quote *p = &a->quotes.v[k - 1];
            copy_speaker(q, p, "same-sentence", 0.7);
            q->cue = p->cue;
            q->cue_start = p->cue_start;
            q->cue_end = p->cue_end;
            found = 1;
        } else if (!strcmp(q->kind, "partial") && !para_start(a, o) && subject(t, a, lo, o, &at)) {
            attribute_with(t, a, q, &at, "sentence-subject", 0.5, last);
            found = 1;
        }
        if (found) {
            if (!strcmp(q->kind, "scare"))
                q->kind = "partial";
            if (q->speaker_type && strcmp(q->speaker_type, "unnamed"))
                last = q;
        }
    }
    /* pass 2: a quote left open at its paragraph end continues into the next paragraph's
     * quote, which may carry the attribution */
    for (size_t k = a->quotes.n; k-- > 1;) {
        nerq_quote *q = &a->quotes.v[k - 1], *nx = &a->quotes.v[k];
        size_t o, e, no, ne;
        quote_tokens(a, q, &o, &e);
        quote_tokens(a, nx, &no, &ne);
        if (q->speaker || q->close >= 0 || !nx->speaker || !para_start(a, o) || !para_start(a, no) ||
            !strcmp(q->kind, "scare") || !strcmp(q->kind, "title") ||
            (strncmp(nx->attr_rule, "cue-after", 9) && strcmp(nx->attr_rule, "continues-next")))
            continue; /* only an attribution after the last paragraph covers the quote */
        copy_speaker(q, nx, "continues-next", 0.6);
    }
    /* pass 3: a quote opening its paragraph (or following a quote in its paragraph) with no
     * cue continues the previous speaker */
    for (size_t k = 1; k < a->quotes.n; k++) {
        nerq_quote *q = &a->quotes.v[k];
        const nerq_quote *p = &a->quotes.v[k - 1];
        if (q->speaker || !p->speaker || !strcmp(q->kind, "scare") || !strcmp(q->kind, "title"))
            continue;
        size_t o, e, po, pe;
        quote_tokens(a, q, &o, &e);
        quote_tokens(a, p, &po, &pe);
        /* paragraphs between the two quotes */
        size_t paras = 0;
        for (size_t i = pe; i <= o && i < n; i++)
            paras += para_start(a, i) && i > po;
        if (paras > 1 || (!para_start(a, o) && paras == 1))
            continue;
        if (!para_start(a, o)) {
            int between = 0; /* a quote after a previous one in its paragraph: only marks and cues between */
            for (size_t i = pe; i < o; i++)
                between += is_word(a, i);
            if (between > 8 && !(p->cue_start >= 0 && (uint32_t)p->cue_start >= tok(a, pe - 1)->start &&
                                 (uint32_t)p->cue_start < tok(a, o)->start))
                continue;
        }
        copy_speaker(q, p, "continues-previous", 0.5);
    }
    return 0;
}

static void *at_create(const nerq_config *c, nerq_err *err) { return nerq_attribute_new(c, err); }
static int at_run(void *ctx, nerq_article *a, nerq_err *err) { return nerq_attribute_run(ctx, a, err); }
static void at_destroy(void *ctx) { nerq_attribute_free(ctx); }
const nerq_stage nerq_stage_attribute = {"attribute",
                                         NERQ_ST_INGEST | NERQ_ST_TOKENIZE | NERQ_ST_ENTITIES | NERQ_ST_QUOTES,
                                         NERQ_ST_ATTRIBUTE, at_create, at_run, at_destroy};
