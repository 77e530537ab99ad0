/* export_brat.c: brat standoff (the .txt, the .ann) and the collection's annotation.conf
 * and visual.conf, so the folder opens in brat and INCEpTION.
 * Reads: the exported view (export_view.c). Offsets are in code points, as brat counts.
 *   T  every span: mentions by type, QUOTE, CUE, SPEAKER (a speaker mention that is not an
 *      entity mention). A span running over a line break becomes fragments ("0 5;6 9"),
 *      as brat itself writes them, and its text is the fragments joined with a space.
 *   #  AnnotatorNotes: a mention's canonical entity (and id), a quote's speaker.
 *   A  Kind of a quote (full partial title scare).
 *   R  said_by (quote -> speaker span), has_cue (quote -> cue). */
#include "export.h"

#include <stdlib.h>
#include <string.h>

static const char *const base_labels[] = {"PERSON", "COUNTRY", "ORG", "NORP", "LOC"};
static const char *const quote_kinds[] = {"full", "partial", "title", "scare"};

/* A byte that ends a line for brat's readers (any control character but tab), or the
 * length of a Unicode line separator (U+0085, U+2028, U+2029) at s; 0 otherwise. */
static int line_break_at(const char *s, size_t left)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x20 && p[0] != '\t')
        return 1;
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0x85)
        return 2;
    if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    return 0;
}

/* Note text on one line: line breaks and tabs become spaces. */
static void put_note(nerq_buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int k = line_break_at(s + i, n - i);
        if (k || s[i] == '\t') {
            nerq_buf_putc(b, ' ');
            i += k ? (size_t)k : 1;
        } else {
            nerq_buf_putc(b, s[i++]);
        }
    }
}

/* Write "T<n>\tLABEL offsets\ttext\n" for span x; 0 when it has no text to mark. */
static int put_t(nerq_buf *ann, const nerq_xview *v, const nerq_xspan *x, unsigned n)
{
    size_t mark = ann->len;
    nerq_buf frags = {0}, text = {0};
    uint32_t i = x->start;
    while (i < x->end) {
        while (i < x->end && line_break_at(v->text + i, x->end - i))
            i += (uint32_t)line_break_at(v->text + i, x->end - i);
        uint32_t s = i;
        while (i < x->end && !line_break_at(v->text + i, x->end - i))
            i++;
        if (i > s) {
            if (frags.len) {
                nerq_buf_putc(&frags, ';');
                nerq_buf_putc(&text, ' ');
            }
            nerq_buf_printf(&frags, "%u %u", v->cp.v[s], v->cp.v[i]);
            nerq_buf_put(&text, v->text + s, i - s);
        }
    }
    if (frags.len) {
        nerq_buf_printf(ann, "T%u\t", n);
        nerq_put_ident(ann, x->label, NULL);
        nerq_buf_printf(ann, " %s\t", frags.data);
        nerq_buf_put(ann, text.data, text.len);
        nerq_buf_putc(ann, '\n');
    }
    nerq_buf_free(&frags);
    nerq_buf_free(&text);
    return ann->len > mark;
}

void nerq_export_brat(nerq_buf *txt, nerq_buf *ann, const nerq_xview *v)
{
    nerq_buf_put(txt, v->text, v->len);
    size_t n = v->spans.n;
    unsigned *tn = calloc(n + 1, sizeof *tn); /* T number of each span, 0 = not written */
    if (!tn)
        abort();
    unsigned next_t = 1, next_note = 1, next_a = 1, next_r = 1;
    for (size_t i = 0; i < n; i++)
        if (put_t(ann, v, &v->spans.v[i], next_t))
            tn[i] = next_t++;
    for (size_t i = 0; i < n; i++) {
        const nerq_xspan *x = &v->spans.v[i];
        if (!tn[i])
            continue;
        if (x->entity && (x->kind == NERQ_X_MENTION || x->kind == NERQ_X_QUOTE)) {
            nerq_buf_printf(ann, "#%u\tAnnotatorNotes T%u\t", next_note++, tn[i]);
            if (x->kind == NERQ_X_QUOTE)
                nerq_buf_puts(ann, "speaker: ");
            put_note(ann, x->entity);
            if (x->id) {
                nerq_buf_puts(ann, " (");
                put_note(ann, x->id);
                nerq_buf_putc(ann, ')');
            }
            nerq_buf_putc(ann, '\n');
        }
        if (x->kind == NERQ_X_QUOTE && x->kind_name)
            for (size_t k = 0; k < sizeof quote_kinds / sizeof *quote_kinds; k++)
                if (!strcmp(x->kind_name, quote_kinds[k]))
                    nerq_buf_printf(ann, "A%u\tKind T%u %s\n", next_a++, tn[i], quote_kinds[k]);
    }
    for (size_t i = 0; i < n; i++) {
        const nerq_xspan *x = &v->spans.v[i];
        if (!tn[i] || x->kind != NERQ_X_QUOTE)
            continue;
        if (x->speaker >= 0 && tn[x->speaker])
            nerq_buf_printf(ann, "R%u\t" NERQ_XR_SAID_BY " Arg1:T%u Arg2:T%u\n", next_r++, tn[i],
                            tn[x->speaker]);
        if (x->cue >= 0 && tn[x->cue])
            nerq_buf_printf(ann, "R%u\t" NERQ_XR_CUE " Arg1:T%u Arg2:T%u\n", next_r++, tn[i], tn[x->cue]);
    }
    free(tn);
}

/* The entity labels: the base ones, then the others given, each once. */
static void put_entity_list(nerq_buf *b, const char *const *labels, size_t n, const char *sep,
                            const char *suffix)
{
    size_t nb = sizeof base_labels / sizeof *base_labels;
    for (size_t i = 0; i < nb + n; i++) {
        const char *l = i < nb ? base_labels[i] : labels[i - nb];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(l, j < nb ? base_labels[j] : labels[j - nb]);
        if (seen)
            continue;
        if (i)
            nerq_buf_puts(b, sep);
        nerq_put_ident(b, l, NULL); /* brat type names */
        nerq_buf_puts(b, suffix);
    }
}

void nerq_export_brat_conf(nerq_buf *conf, nerq_buf *visual, const char *const *labels, size_t n)
{
    nerq_buf_puts(conf, "# nerq export: entity mentions, quotes, their cues and speakers\n[entities]\n");
    put_entity_list(conf, labels, n, "", "\n");
    nerq_buf_puts(conf, NERQ_XL_QUOTE "\n" NERQ_XL_CUE "\n" NERQ_XL_SPEAKER "\n\n[relations]\n");
    nerq_buf_puts(conf, NERQ_XR_SAID_BY " Arg1:" NERQ_XL_QUOTE ", Arg2:");
    put_entity_list(conf, labels, n, "|", "");
    nerq_buf_puts(conf, "|" NERQ_XL_SPEAKER "\n" NERQ_XR_CUE " Arg1:" NERQ_XL_QUOTE ", Arg2:" NERQ_XL_CUE "\n"
                        "<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n"
                        "[attributes]\nKind Arg:" NERQ_XL_QUOTE ", Value:full|partial|title|scare\n");
    static const char *const colours[] = {"#ffccaa", "#aaddff", "#ccffcc", "#eeccff", "#ffffaa"};
    nerq_buf_puts(visual, "[labels]\n\n[drawing]\n");
    size_t nb = sizeof base_labels / sizeof *base_labels;
    for (size_t i = 0; i < nb; i++)
        nerq_buf_printf(visual, "%s\tbgColor:%s\n", base_labels[i], colours[i]);
    nerq_buf_puts(visual, NERQ_XL_QUOTE "\tbgColor:#eeeeee\n" NERQ_XL_CUE "\tbgColor:#ffe0e0\n" NERQ_XL_SPEAKER
                          "\tbgColor:#ffccaa\n" NERQ_XR_SAID_BY "\tcolor:#aa3300\n");
}
