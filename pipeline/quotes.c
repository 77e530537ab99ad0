/* quotes.c: stage 4. Reads `text`, `tokens`, `paragraphs`; adds `quotes`: each with the
 * content span (start, end, raw_start, raw_end, marks excluded), the marks' offsets (open,
 * close), its kind (full, partial, title, scare) and the rule that found it.
 * Marks pair within a paragraph: “ with ”, ‘ with ’, " with " (a straight mark may also
 * pair with a curly one: "...”). A mark never closed ends its quote at the paragraph end
 * (rule "open-to-paragraph-end"), so one stray mark cannot shift the pairings of the rest
 * of the article; a straight opening mark after a finished sentence, while a straight
 * quote is open, starts a new quote and ends the open one there ("open-to-next-open":
 * text that runs paragraphs together). A straight pair right after "=" is markup
 * (href="..."), not a quote. A quote right after a word of rules/title-cues.txt
 * ("titled") is a title. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>

struct nerq_quotes {
    nerq_wordset *title_cues, *intros;
};

nerq_quotes *nerq_quotes_new(const nerq_config *c, nerq_err *err)
{
    nerq_quotes *q = calloc(1, sizeof *q);
    if (!q)
        abort();
    if (!(q->title_cues = nerq_wordset_load(c->rules_dir, "title-cues.txt", err)) ||
        !(q->intros = nerq_wordset_load(c->rules_dir, "quote-intros.txt", err))) {
        nerq_quotes_free(q);
        return NULL;
    }
    return q;
}

void nerq_quotes_free(nerq_quotes *q)
{
    if (!q)
        return;
    nerq_wordset_free(q->title_cues);
    nerq_wordset_free(q->intros);
    free(q);
}

enum { FAM_NONE, FAM_DOUBLE_CURLY, FAM_SINGLE_CURLY, FAM_STRAIGHT };

static int family(const nerq_article *a, const nerq_token *t)
{
    const unsigned char *p = (const unsigned char *)a->text + t->start;
    if (t->end - t->start == 1 && p[0] == '"')
        return FAM_STRAIGHT;
    if (t->end - t->start == 3 && p[0] == 0xE2 && p[1] == 0x80) {
        if (p[2] == 0x9C || p[2] == 0x9D)
            return FAM_DOUBLE_CURLY;
        if (p[2] == 0x98 || p[2] == 0x99)
            return FAM_SINGLE_CURLY;
    }
    return FAM_NONE;
}

/* full: a sentence or more; partial: a fragment built into the writer's sentence; scare:
 * three words or fewer after a word, with no sentence end. A quote in lower case is a
 * fragment unless a word of rules/quote-intros.txt ("that", "saying") or a colon or comma
 * introduces it, or a second sentence follows inside it. */
static const char *kind_of(const nerq_quotes *qs, const nerq_article *a, uint32_t open_tok, uint32_t ts, uint32_t te,
                           int preceded_by_word)
{
    size_t words = 0, caps_first = 0, inner = 0;
    int terminal = 0;
    for (uint32_t i = ts; i < te; i++) {
        const nerq_token *t = &a->tokens.v[i];
        if (t->cls == NERQ_T_WORD || t->cls == NERQ_T_NUM) {
            if (!words)
                caps_first = t->shape == NERQ_SH_CAP || t->shape == NERQ_SH_UPPER;
            words++;
            if (terminal && (t->shape == NERQ_SH_CAP || t->shape == NERQ_SH_UPPER))
                inner = 1; /* "... stalled. We will ..." */
        }
        if (t->cls == NERQ_T_PUNCT && (a->text[t->start] == '.' || a->text[t->start] == '?' || a->text[t->start] == '!'))
            terminal = 1;
    }
    if (words <= 3 && !terminal)
        return preceded_by_word ? "scare" : "partial";
    if (caps_first || inner)
        return "full";
    if (!terminal)
        return "partial";
    if (open_tok == 0 || (a->tokens.v[open_tok].flags & NERQ_TF_PARA_START))
        return "full";
    const nerq_token *p = &a->tokens.v[open_tok - 1];
    const char *ps = a->text + p->start;
    size_t pn = p->end - p->start;
    if ((pn == 1 && (*ps == ':' || *ps == ',')) || nerq_wordset_has(qs->intros, ps, pn))
        return "full";
    return "partial";
}

static void add_quote(const nerq_quotes *qs, nerq_article *a, uint32_t open_tok, uint32_t ts, uint32_t te, int32_t close_off,
                      const char *rule)
{
    if (ts >= te)
        return;
    nerq_quote *q = NERQ_VEC_PUSH(a->quotes);
    memset(q, 0, sizeof *q);
    q->start = a->tokens.v[ts].start;
    q->end = a->tokens.v[te - 1].end;
    q->raw_start = nerq_offmap_raw(&a->offmap, q->start);
    q->raw_end = nerq_offmap_raw_end(&a->offmap, q->end);
    q->open = (int32_t)a->tokens.v[open_tok].start;
    q->close = close_off;
    int prev_word = open_tok > 0 && a->tokens.v[open_tok - 1].cls == NERQ_T_WORD &&
                    !(a->tokens.v[open_tok].flags & NERQ_TF_PARA_START);
    q->kind = kind_of(qs, a, open_tok, ts, te, prev_word);
    for (uint32_t k = open_tok; k > 0 && open_tok - k < 2; k--) {
        const nerq_token *w = &a->tokens.v[k - 1];
        if (w->cls == NERQ_T_WORD && nerq_wordset_has(qs->title_cues, a->text + w->start, w->end - w->start))
            q->kind = "title";
    }
    q->rule = rule;
    q->speaker_start = q->speaker_end = q->speaker_raw_start = q->speaker_raw_end = -1;
    q->cue_start = q->cue_end = -1;
}

static int is_char(const nerq_article *a, uint32_t i, char c)
{
    return a->tokens.v[i].end - a->tokens.v[i].start == 1 && a->text[a->tokens.v[i].start] == c;
}

/* Does paragraph p end mid-sentence (no closing punctuation) and the next one go on in
 * lower case? Then the break is a page or column break, not a paragraph. */
static int broken_mid_sentence(const nerq_article *a, size_t p)
{
    if (p + 1 >= a->paragraphs.n)
        return 0;
    const nerq_span *cur = &a->paragraphs.v[p], *next = &a->paragraphs.v[p + 1];
    if (cur->tok_end <= cur->tok_start || next->tok_end <= next->tok_start)
        return 0;
    const nerq_token *last = &a->tokens.v[cur->tok_end - 1], *first = &a->tokens.v[next->tok_start];
    return last->cls == NERQ_T_WORD && first->cls == NERQ_T_WORD && first->shape == NERQ_SH_LOWER;
}

/* Does the mark at token j close a quote opened by a mark of family fam at token i? */
static int closes(const nerq_article *a, int fam, uint32_t i, uint32_t j)
{
    const nerq_token *c = &a->tokens.v[j];
    int cf = family(a, c);
    if (fam == FAM_STRAIGHT) {
        if (cf == FAM_DOUBLE_CURLY)
            return c->cls == NERQ_T_QCLOSE;
        return cf == FAM_STRAIGHT && (c->cls != NERQ_T_QOPEN || (j > i + 1 && !(c->flags & NERQ_TF_SPACE_BEFORE)));
    }
    if (fam == FAM_DOUBLE_CURLY && cf == FAM_STRAIGHT)
        return c->cls == NERQ_T_QCLOSE;
    return cf == fam && c->cls == NERQ_T_QCLOSE;
}

/* A straight opening mark at token j, after a finished sentence, while a straight quote
 * opened at token i is still open: a new quote starts there. */
static int reopens(const nerq_article *a, int fam, uint32_t i, uint32_t j)
{
    const nerq_token *c = &a->tokens.v[j];
    return fam == FAM_STRAIGHT && family(a, c) == FAM_STRAIGHT && c->cls == NERQ_T_QOPEN && j > i + 2 &&
           (c->flags & NERQ_TF_SPACE_BEFORE) && (is_char(a, j - 1, '.') || is_char(a, j - 1, '?') || is_char(a, j - 1, '!'));
}

int nerq_quotes_run(nerq_quotes *qs, nerq_article *a, nerq_err *err)
{
    (void)err;
    a->quotes.n = 0;
    for (size_t p = 0; p < a->paragraphs.n; p++) {
        const nerq_span *para = &a->paragraphs.v[p];
        uint32_t i = para->tok_start;
        while (i < para->tok_end) {
            const nerq_token *t = &a->tokens.v[i];
            int fam = family(a, t);
            int opens = fam != FAM_NONE && (t->cls == NERQ_T_QOPEN || (fam == FAM_STRAIGHT && t->cls == NERQ_T_QAMBIG));
            if (!opens) {
                i++;
                continue;
            }
            uint32_t j = i + 1, end = para->tok_end;
            while (j < end && !closes(a, fam, i, j) && !reopens(a, fam, i, j))
                j++;
            if (j == end && broken_mid_sentence(a, p)) {
                /* a page break inside a sentence: look for the close in the next paragraph */
                uint32_t k = a->paragraphs.v[p + 1].tok_start, e2 = a->paragraphs.v[p + 1].tok_end;
                while (k < e2 && !closes(a, fam, i, k) && family(a, &a->tokens.v[k]) != fam)
                    k++;
                if (k < e2 && closes(a, fam, i, k)) {
                    add_quote(qs, a, i, i + 1, k, (int32_t)a->tokens.v[k].start, "across-break");
                    p++;
                    para = &a->paragraphs.v[p];
                    i = k + 1;
                    continue;
                }
            }
            if (fam == FAM_STRAIGHT && i > para->tok_start && is_char(a, i - 1, '=') &&
                !(t->flags & NERQ_TF_SPACE_BEFORE)) {
                i = j + 1; /* markup: attr="value" */
                continue;
            }
            if (j < end && reopens(a, fam, i, j)) {
                add_quote(qs, a, i, i + 1, j, -1, "open-to-next-open");
                i = j;
            } else if (j < para->tok_end) {
                add_quote(qs, a, i, i + 1, j, (int32_t)a->tokens.v[j].start, "paired");
                i = j + 1;
            } else {
                add_quote(qs, a, i, i + 1, para->tok_end, -1, "open-to-paragraph-end");
                i = para->tok_end;
            }
        }
    }
    return 0;
}

static void *q_create(const nerq_config *c, nerq_err *err) { return nerq_quotes_new(c, err); }
static int q_run(void *ctx, nerq_article *a, nerq_err *err) { return nerq_quotes_run(ctx, a, err); }
static void q_destroy(void *ctx) { nerq_quotes_free(ctx); }
const nerq_stage nerq_stage_quotes = {"quotes", NERQ_ST_INGEST | NERQ_ST_TOKENIZE | NERQ_ST_ENTITIES,
                                      NERQ_ST_QUOTES, q_create, q_run, q_destroy};
