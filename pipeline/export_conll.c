/* export_conll.c: CoNLL-2003 style IOB2 tags over the record's tokens.
 * Reads: text, tokens, sentences, mentions. Output per article:
 *   -DOCSTART- -X- -X- O
 *   <blank>
 *   Richard _ _ B-PERSON
 *   Masters _ _ I-PERSON
 *   said _ _ O
 *   <blank line after each sentence>
 * A token is tagged when it lies wholly inside a mention; mentions are taken by start,
 * longer first, and one that would retag a tagged token is left out. Whitespace inside a
 * token (never produced by the tokenizer) would break the columns and becomes '_'. */
#include "export.h"

#include <stdlib.h>
#include <string.h>

int nerq_export_conll(nerq_buf *out, const nerq_article *a, nerq_err *err)
{
    if (a->error || !(a->stages & NERQ_ST_ENTITIES)) {
        nerq_err_set(err, "%s", a->error ? "an error record" : "record has no tokens and mentions");
        return -1;
    }
    size_t n = a->tokens.n;
    int32_t *tag = malloc((n + 1) * sizeof *tag); /* mention index, -1 = O */
    if (!tag)
        abort();
    for (size_t i = 0; i < n; i++)
        tag[i] = -1;
    /* mentions in order of start, longer first (the record lists them by start) */
    size_t nm = a->mentions.n;
    uint32_t *ord = malloc((nm + 1) * sizeof *ord);
    if (!ord)
        abort();
    for (size_t i = 0; i < nm; i++) {
        size_t j = i;
        const nerq_mention *m = &a->mentions.v[i];
        while (j > 0) {
            const nerq_mention *p = &a->mentions.v[ord[j - 1]];
            if (p->start < m->start || (p->start == m->start && p->end >= m->end))
                break;
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = (uint32_t)i;
    }
    for (size_t k = 0; k < nm; k++) {
        const nerq_mention *m = &a->mentions.v[ord[k]];
        size_t t0 = nerq_article_token_at(a, m->start), t1 = t0;
        while (t1 < n && a->tokens.v[t1].end <= m->end)
            t1++;
        if (t0 < n && a->tokens.v[t0].start < m->start)
            continue; /* starts inside a token */
        int clash = t1 == t0;
        for (size_t t = t0; t < t1 && !clash; t++)
            clash = tag[t] >= 0;
        for (size_t t = t0; t < t1 && !clash; t++)
            tag[t] = (int32_t)ord[k];
    }
    nerq_buf_puts(out, "-DOCSTART- -X- -X- O\n\n");
    for (size_t i = 0; i < n; i++) {
        const nerq_token *t = &a->tokens.v[i];
        if (i > 0 && (t->flags & NERQ_TF_SENT_START))
            nerq_buf_putc(out, '\n');
        for (uint32_t b = t->start; b < t->end; b++) {
            char c = a->text[b];
            nerq_buf_putc(out, c == ' ' || c == '\t' || c == '\n' || c == '\r' ? '_' : c);
        }
        nerq_buf_puts(out, " _ _ ");
        if (tag[i] < 0) {
            nerq_buf_putc(out, 'O');
        } else {
            nerq_buf_puts(out, i > 0 && tag[i - 1] == tag[i] ? "I-" : "B-");
            const char *ty = a->mentions.v[tag[i]].type;
            for (; *ty; ty++)
                nerq_buf_putc(out, *ty == ' ' ? '_' : *ty);
        }
        nerq_buf_putc(out, '\n');
    }
    if (n)
        nerq_buf_putc(out, '\n');
    free(ord);
    free(tag);
    return 0;
}
