/* export_view.c: the exported view of an article (see export.h): which text the offsets
 * index (the normalised text or the original file), and the spans over it (mentions,
 * quotes, their cues and speakers) with byte and code-point offsets. Also the two small
 * output helpers the writers share (identifiers, JSON).
 * Reads: text, offmap, mentions, quotes (and their attribution when present). */
#include "export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void nerq_put_ident(nerq_buf *b, const char *s, const char *also)
{
    for (; *s; s++) {
        char c = *s;
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                 c == '-' || (also && strchr(also, c));
        nerq_buf_putc(b, ok ? c : '_');
    }
}

int nerq_put_json(nerq_buf *out, json_t *o, const char *end, nerq_err *err)
{
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s) {
        nerq_err_set(err, "cannot encode the article as JSON (invalid UTF-8?)");
        return -1;
    }
    nerq_buf_puts(out, s);
    nerq_buf_puts(out, end);
    free(s);
    return 0;
}

void nerq_xview_free(nerq_xview *v)
{
    nerq_buf_free(&v->decoded);
    free(v->cp.v);
    free(v->rmap.v);
    free(v->spans.v);
    memset(v, 0, sizeof *v);
}

/* The original file as UTF-8, with rmap from its bytes to the text's. */
static void view_original(nerq_xview *v, const char *raw, size_t n)
{
    NERQ_VEC_RESERVE(v->rmap, n + 1);
    v->rmap.n = n + 1;
    if (nerq_utf8_valid_prefix(raw, n) == n) {
        v->text = raw;
        v->len = n;
        for (size_t i = 0; i <= n; i++)
            v->rmap.v[i] = (uint32_t)i;
        return;
    }
    v->decoded_1252 = 1;
    v->decoded.len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw[i];
        v->rmap.v[i] = (uint32_t)v->decoded.len;
        uint32_t cp = nerq_cp1252_decode(c);
        char enc[4];
        nerq_buf_put(&v->decoded, enc, (size_t)nerq_utf8_encode(cp, enc));
    }
    v->rmap.v[n] = (uint32_t)v->decoded.len;
    nerq_buf_putc(&v->decoded, '\0');
    v->decoded.len--;
    v->text = v->decoded.data;
    v->len = v->decoded.len;
}

static void count_code_points(nerq_xview *v)
{
    NERQ_VEC_RESERVE(v->cp, v->len + 1);
    v->cp.n = v->len + 1;
    uint32_t c = 0;
    for (size_t i = 0; i < v->len; i++) {
        v->cp.v[i] = c;
        c += ((unsigned char)v->text[i] & 0xC0) != 0x80;
    }
    v->cp.v[v->len] = c;
}

typedef struct {
    nerq_xview *v;
    const nerq_article *a;
    size_t raw_len;
} builder;

/* Map a span given in record coordinates (norm start/end, raw start/end) to the view;
 * 0 when it is usable (non-empty, inside the text). */
static int place(builder *b, int64_t s, int64_t e, int64_t rs, int64_t re, uint32_t *os, uint32_t *oe)
{
    if (b->v->original) {
        s = rs;
        e = re;
        if (s < 0 || e > (int64_t)b->raw_len)
            return -1;
        s = b->v->rmap.v[s];
        e = b->v->rmap.v[e];
    }
    if (s < 0 || e <= s || e > (int64_t)b->v->len)
        return -1;
    *os = (uint32_t)s;
    *oe = (uint32_t)e;
    return 0;
}

static int32_t add_span(builder *b, uint8_t kind, const char *label, uint32_t s, uint32_t e)
{
    nerq_xspan *x = NERQ_VEC_PUSH(b->v->spans);
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->label = label;
    x->start = s;
    x->end = e;
    x->speaker = x->cue = -1;
    return (int32_t)(b->v->spans.n - 1);
}

/* The span with exactly these offsets and one of the kinds (mention or speaker), or -1. */
static int32_t find_span(const nerq_xview *v, uint32_t s, uint32_t e, size_t limit)
{
    for (size_t i = 0; i < limit; i++) {
        const nerq_xspan *x = &v->spans.v[i];
        if (x->start == s && x->end == e && (x->kind == NERQ_X_MENTION || x->kind == NERQ_X_SPEAKER))
            return (int32_t)i;
    }
    return -1;
}

static void add_quote(builder *b, const nerq_quote *q)
{
    const nerq_article *a = b->a;
    uint32_t s, e;
    if (place(b, q->start, q->end, q->raw_start, q->raw_end, &s, &e)) {
        b->v->dropped++;
        return;
    }
    int32_t qi = add_span(b, NERQ_X_QUOTE, NERQ_XL_QUOTE, s, e);
    b->v->spans.v[qi].entity = q->speaker;
    b->v->spans.v[qi].id = q->speaker_id;
    b->v->spans.v[qi].kind_name = q->kind;
    if (q->speaker_start >= 0 && q->speaker_end >= 0 &&
        !place(b, q->speaker_start, q->speaker_end, q->speaker_raw_start, q->speaker_raw_end, &s, &e)) {
        int32_t si = find_span(b->v, s, e, b->v->spans.n);
        if (si < 0) {
            si = add_span(b, NERQ_X_SPEAKER, NERQ_XL_SPEAKER, s, e);
            b->v->spans.v[si].entity = q->speaker;
            b->v->spans.v[si].id = q->speaker_id;
        }
        b->v->spans.v[qi].speaker = si;
    }
    if (q->cue_start >= 0 && q->cue_end >= 0 &&
        !place(b, q->cue_start, q->cue_end, nerq_offmap_raw(&a->offmap, (uint32_t)q->cue_start),
               nerq_offmap_raw_end(&a->offmap, (uint32_t)q->cue_end), &s, &e)) {
        int32_t ci = add_span(b, NERQ_X_CUE, NERQ_XL_CUE, s, e);
        b->v->spans.v[qi].cue = ci;
    }
}

/* qsort has no context argument: the spans being sorted (not thread-safe; export runs single-threaded). */
static const nerq_xspan *sort_base;
static int by_position(const void *x, const void *y)
{
    const nerq_xspan *p = &sort_base[*(const uint32_t *)x], *q = &sort_base[*(const uint32_t *)y];
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    if (p->end != q->end)
        return p->end > q->end ? -1 : 1;
    return *(const uint32_t *)x < *(const uint32_t *)y ? -1 : 1;
}

/* Sort spans by position, keeping the quote -> speaker/cue links. */
static void sort_spans(nerq_xview *v)
{
    size_t n = v->spans.n;
    if (n < 2)
        return;
    uint32_t *order = malloc(n * sizeof *order), *where = malloc(n * sizeof *where);
    nerq_xspan *copy = malloc(n * sizeof *copy);
    if (!order || !where || !copy)
        abort();
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    sort_base = v->spans.v;
    qsort(order, n, sizeof *order, by_position);
    for (size_t i = 0; i < n; i++)
        where[order[i]] = (uint32_t)i;
    for (size_t i = 0; i < n; i++) {
        copy[i] = v->spans.v[order[i]];
        if (copy[i].speaker >= 0)
            copy[i].speaker = (int32_t)where[copy[i].speaker];
        if (copy[i].cue >= 0)
            copy[i].cue = (int32_t)where[copy[i].cue];
    }
    memcpy(v->spans.v, copy, n * sizeof *copy);
    free(order);
    free(where);
    free(copy);
}

int nerq_xview_build(nerq_xview *v, const nerq_article *a, const char *raw, size_t raw_len,
                     int entities_only, nerq_err *err)
{
    v->spans.n = 0;
    v->dropped = 0;
    v->original = raw != NULL;
    v->decoded_1252 = 0;
    if (a->error || !(a->stages & NERQ_ST_ENTITIES)) {
        nerq_err_set(err, "%s", a->error ? "an error record" : "record has no mentions (run the entities stage)");
        return -1;
    }
    if (raw) {
        if (raw_len != a->raw_bytes) {
            nerq_err_set(err, "the source file has %zu bytes, the record says %u (changed since the run?)",
                         raw_len, a->raw_bytes);
            return -1;
        }
        view_original(v, raw, raw_len);
    } else {
        v->text = a->text;
        v->len = a->text_len;
    }
    count_code_points(v);
    builder b = {v, a, raw_len};
    for (size_t i = 0; i < a->mentions.n; i++) {
        const nerq_mention *m = &a->mentions.v[i];
        uint32_t s, e;
        if (place(&b, m->start, m->end, m->raw_start, m->raw_end, &s, &e)) {
            v->dropped++;
            continue;
        }
        int32_t k = add_span(&b, NERQ_X_MENTION, m->type, s, e);
        v->spans.v[k].entity = m->entity ? m->entity : m->text;
        v->spans.v[k].id = m->id;
    }
    if (!entities_only)
        for (size_t i = 0; i < a->quotes.n; i++)
            add_quote(&b, &a->quotes.v[i]);
    sort_spans(v);
    for (size_t i = 0; i < v->spans.n; i++) {
        v->spans.v[i].cstart = v->cp.v[v->spans.v[i].start];
        v->spans.v[i].cend = v->cp.v[v->spans.v[i].end];
    }
    return 0;
}
