/* quotes.c: stage 4. Reads `text`, `tokens`, `paragraphs`, `mentions`; adds `quotes`:
 * each with the content span (start, end, raw_start, raw_end, marks excluded), the marks'
 * offsets (open, close), its kind (full, partial, title, scare) and the rule that found it.
 * Marks pair within a paragraph: “ with ”, ‘ with ’, " with ". A mark never closed ends
 * its quote at the paragraph end (rule "open-to-paragraph-end"), so one stray mark cannot
 * shift the pairings of the rest of the article. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>

struct nerq_quotes {
    int unused;
};

nerq_quotes *nerq_quotes_new(const nerq_config *c, nerq_err *err)
{
    (void)c;
    (void)err;
    nerq_quotes *q = calloc(1, sizeof *q);
    if (!q)
        abort();
    return q;
}

void nerq_quotes_free(nerq_quotes *q) { free(q); }

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

static const char *kind_of(const nerq_article *a, uint32_t ts, uint32_t te, int preceded_by_word)
{
    size_t words = 0, caps_first = 0;
    int terminal = 0;
    for (uint32_t i = ts; i < te; i++) {
        const nerq_token *t = &a->tokens.v[i];
        if (t->cls == NERQ_T_WORD || t->cls == NERQ_T_NUM) {
            if (!words)
                caps_first = t->shape == NERQ_SH_CAP || t->shape == NERQ_SH_UPPER;
            words++;
        }
        if (t->cls == NERQ_T_PUNCT && (a->text[t->start] == '.' || a->text[t->start] == '?' || a->text[t->start] == '!'))
            terminal = 1;
    }
    if (words <= 3 && !terminal)
        return preceded_by_word ? "scare" : "partial";
    if (caps_first || terminal)
        return "full";
    return "partial";
}

static void add_quote(nerq_article *a, uint32_t open_tok, uint32_t ts, uint32_t te, int32_t close_off,
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
    q->kind = kind_of(a, ts, te, prev_word);
    q->rule = rule;
    q->speaker_start = q->speaker_end = q->speaker_raw_start = q->speaker_raw_end = -1;
    q->cue_start = q->cue_end = -1;
}

int nerq_quotes_run(nerq_quotes *qs, nerq_article *a, nerq_err *err)
{
    (void)qs;
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
            uint32_t j = i + 1;
            while (j < para->tok_end) {
                const nerq_token *c = &a->tokens.v[j];
                int cf = family(a, c);
                if (fam == FAM_STRAIGHT && cf == FAM_STRAIGHT && c->cls != NERQ_T_QOPEN)
                    break;
                if (fam == FAM_STRAIGHT && cf == FAM_STRAIGHT && c->cls == NERQ_T_QOPEN &&
                    j > i + 1 && !(c->flags & NERQ_TF_SPACE_BEFORE))
                    break;
                if (fam != FAM_STRAIGHT && cf == fam && c->cls == NERQ_T_QCLOSE)
                    break;
                j++;
            }
            if (j < para->tok_end) {
                add_quote(a, i, i + 1, j, (int32_t)a->tokens.v[j].start, "paired");
                i = j + 1;
            } else {
                add_quote(a, i, i + 1, para->tok_end, -1, "open-to-paragraph-end");
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
