/* record_write.c: an article as one JSON line. Fields appear in a fixed order, only for
 * the stages that have run (a->stages), so the same article always gives the same bytes.
 * Hand-written rather than built with Jansson: records are large (every token), and a
 * direct writer avoids building and sorting a tree per article. Format: doc/record.md. */
#include "nerq.h"

#include <string.h>

/* n bytes of a literal: a copy of known size, inlined */
static inline void lit(nerq_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap)
        nerq_buf_grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* ,"k": as one literal copy (every key is a string literal) */
#define key(b, k) lit((b), ",\"" k "\":", sizeof(",\"" k "\":") - 1)

static void str_or_null(nerq_buf *b, const char *s)
{
    if (s)
        nerq_buf_put_jstr(b, s, strlen(s));
    else
        lit(b, "null", 4);
}

static void int_or_null(nerq_buf *b, int64_t v)
{
    if (v < 0)
        lit(b, "null", 4);
    else
        nerq_buf_put_i64(b, v);
}

#define kstr(b, k, s) (key(b, k), str_or_null((b), (s)))
#define kint(b, k, v) (key(b, k), int_or_null((b), (v)))

/* What follows a token's end offset in "tokens": ,"CODE"] (its code, nerq.h), in 8 bytes
 * that are copied whole, of which n count. */
typedef struct {
    char s[8];
    uint8_t n;
} tail;
#define TAIL(code) {",\"" code "\"]", sizeof code + 3}
static const tail word_tails[] = {
    [NERQ_SH_NONE] = TAIL("Wm"), [NERQ_SH_CAP] = TAIL("Wc"), [NERQ_SH_UPPER] = TAIL("Wu"),
    [NERQ_SH_LOWER] = TAIL("Wl"), [NERQ_SH_MIXED] = TAIL("Wm")};
static const tail cls_tails[] = {
    [0] = TAIL("P"), [NERQ_T_NUM] = TAIL("N"), /* a word's code is in word_tails */
    [NERQ_T_PUNCT] = TAIL("P"), [NERQ_T_QOPEN] = TAIL("Qo"), [NERQ_T_QCLOSE] = TAIL("Qc"),
    [NERQ_T_QAMBIG] = TAIL("Qa"), [NERQ_T_APOS] = TAIL("A"), [NERQ_T_DASH] = TAIL("D"),
    [NERQ_T_SYM] = TAIL("S")};
#define NTAILS(v) (sizeof v / sizeof v[0])

static const tail *tok_tail(const nerq_token *t)
{
    if (t->cls == NERQ_T_WORD)
        return &word_tails[t->shape < NTAILS(word_tails) ? t->shape : NERQ_SH_MIXED];
    return &cls_tails[t->cls < NTAILS(cls_tails) ? t->cls : 0];
}

/* The hot loops below reserve room first and write numbers through a pointer
 * (nerq_put_u64): one capacity check per item instead of one per character. */

static void spans(nerq_buf *b, const nerq_span *v, size_t n)
{
    nerq_buf_grow(b, n * 24 + 2);
    char *p = b->data + b->len;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        *p++ = '[';
        p = nerq_put_u64(p, v[i].start);
        *p++ = ',';
        p = nerq_put_u64(p, v[i].end);
        *p++ = ']';
    }
    *p++ = ']';
    b->len = (size_t)(p - b->data);
    b->data[b->len] = '\0';
}

/* The flat row of the array element just written to b (its fields from body on, up to
 * the end of b): {"article":ID,"index":K,FIELDS}, with ID the bytes of the record's id. */
static void row(nerq_buf *out, const nerq_buf *b, size_t id0, size_t id1, size_t k, size_t body)
{
    size_t idn = id1 - id0, n = b->len - body;
    nerq_buf_grow(out, 11 + idn + 9 + 10 + 1 + n + 1);
    char *p = out->data + out->len;
    memcpy(p, "{\"article\":", 11);
    p += 11;
    memcpy(p, b->data + id0, idn);
    p += idn;
    memcpy(p, ",\"index\":", 9);
    p = nerq_put_u64(p + 9, (uint32_t)k);
    if (b->data[body] != '}')
        *p++ = ',';
    memcpy(p, b->data + body, n);
    p += n;
    *p++ = '\n';
    out->len = (size_t)(p - out->data);
    out->data[out->len] = '\0';
}

/* The record, and when mrows/qrows are given the flat rows of its mentions and quotes. */
static void write_record(nerq_buf *b, const nerq_article *a, nerq_buf *mrows, nerq_buf *qrows)
{
    nerq_buf_put(b, "{\"id\":", 6);
    size_t id0 = b->len;
    str_or_null(b, a->id);
    size_t id1 = b->len;
    if (a->error) {
        kstr(b, "error", a->error);
        kstr(b, "stage", a->error_stage);
        nerq_buf_put(b, "}\n", 2);
        return;
    }
    if (a->stages & NERQ_ST_INGEST) {
        kstr(b, "format", a->format);
        kstr(b, "encoding", a->encoding);
        kint(b, "bytes", a->raw_bytes);
        kint(b, "repairs", a->repairs);
        kstr(b, "title", a->title);
        kstr(b, "date", a->date);
        kstr(b, "author", a->author);
        key(b, "text");
        nerq_buf_put_jstr(b, a->text ? a->text : "", a->text_len);
        key(b, "offmap");
        nerq_buf_grow(b, a->offmap.a.n * 24 + 2);
        char *p = b->data + b->len;
        *p++ = '[';
        for (size_t i = 0; i < a->offmap.a.n; i++) {
            if (i)
                *p++ = ',';
            p = nerq_put_u64(p, a->offmap.a.v[i].norm);
            *p++ = ',';
            p = nerq_put_u64(p, a->offmap.a.v[i].raw);
        }
        *p++ = ']';
        b->len = (size_t)(p - b->data);
        b->data[b->len] = '\0';
        key(b, "removed");
        nerq_buf_putc(b, '[');
        for (size_t i = 0; i < a->removed.n; i++) {
            const nerq_removed *r = &a->removed.v[i];
            if (i)
                nerq_buf_putc(b, ',');
            nerq_buf_putc(b, '[');
            nerq_buf_put_u64(b, r->raw_start);
            nerq_buf_putc(b, ',');
            nerq_buf_put_u64(b, r->raw_end);
            nerq_buf_putc(b, ',');
            str_or_null(b, r->rule);
            nerq_buf_putc(b, ']');
        }
        nerq_buf_putc(b, ']');
    }
    if (a->stages & NERQ_ST_TOKENIZE) {
        key(b, "tokens");
        nerq_buf_grow(b, a->tokens.n * 32 + 2);
        char *p = b->data + b->len;
        *p++ = '[';
        for (size_t i = 0; i < a->tokens.n; i++) {
            const nerq_token *t = &a->tokens.v[i];
            if (i)
                *p++ = ',';
            *p++ = '[';
            p = nerq_put_u64(p, t->start);
            *p++ = ',';
            p = nerq_put_u64(p, t->end);
            const tail *tl = tok_tail(t);
            memcpy(p, tl->s, sizeof tl->s); /* room reserved above; only n bytes count */
            p += tl->n;
        }
        *p++ = ']';
        b->len = (size_t)(p - b->data);
        b->data[b->len] = '\0';
        key(b, "sentences");
        spans(b, a->sentences.v, a->sentences.n);
        key(b, "paragraphs");
        spans(b, a->paragraphs.v, a->paragraphs.n);
    }
    if (a->stages & NERQ_ST_ENTITIES) {
        key(b, "mentions");
        nerq_buf_putc(b, '[');
        for (size_t i = 0; i < a->mentions.n; i++) {
            const nerq_mention *m = &a->mentions.v[i];
            nerq_buf_put(b, i ? ",{\"start\":" : "{\"start\":", i ? 10 : 9);
            size_t body = b->len - 8;
            nerq_buf_put_u64(b, m->start);
            kint(b, "end", m->end);
            kint(b, "raw_start", m->raw_start);
            kint(b, "raw_end", m->raw_end);
            kstr(b, "type", m->type);
            kstr(b, "text", m->text);
            kstr(b, "entity", m->entity);
            kstr(b, "id", m->id);
            kstr(b, "rule", m->rule);
            nerq_buf_putc(b, '}');
            if (mrows)
                row(mrows, b, id0, id1, i, body);
        }
        nerq_buf_putc(b, ']');
        key(b, "entities");
        nerq_buf_putc(b, '[');
        for (size_t i = 0; i < a->entities.n; i++) {
            const nerq_entity *e = &a->entities.v[i];
            nerq_buf_put(b, i ? ",{\"entity\":" : "{\"entity\":", i ? 11 : 10);
            str_or_null(b, e->name);
            kstr(b, "type", e->type);
            kstr(b, "id", e->id);
            key(b, "mentions");
            nerq_buf_putc(b, '[');
            for (uint32_t k = 0; k < e->n_mentions; k++) {
                if (k)
                    nerq_buf_putc(b, ',');
                nerq_buf_put_u64(b, e->mentions[k]);
            }
            nerq_buf_put(b, "]}", 2);
        }
        nerq_buf_putc(b, ']');
    }
    if (a->stages & NERQ_ST_QUOTES) {
        key(b, "quotes");
        nerq_buf_putc(b, '[');
        for (size_t i = 0; i < a->quotes.n; i++) {
            const nerq_quote *q = &a->quotes.v[i];
            nerq_buf_put(b, i ? ",{\"start\":" : "{\"start\":", i ? 10 : 9);
            size_t body = b->len - 8;
            nerq_buf_put_u64(b, q->start);
            kint(b, "end", q->end);
            kint(b, "raw_start", q->raw_start);
            kint(b, "raw_end", q->raw_end);
            kint(b, "open", q->open);
            kint(b, "close", q->close);
            kstr(b, "kind", q->kind);
            kstr(b, "rule", q->rule);
            if (a->stages & NERQ_ST_ATTRIBUTE) {
                kstr(b, "speaker", q->speaker);
                kstr(b, "speaker_id", q->speaker_id);
                kstr(b, "speaker_type", q->speaker_type);
                kint(b, "speaker_start", q->speaker_start);
                kint(b, "speaker_end", q->speaker_end);
                kint(b, "speaker_raw_start", q->speaker_raw_start);
                kint(b, "speaker_raw_end", q->speaker_raw_end);
                kstr(b, "cue", q->cue);
                kint(b, "cue_start", q->cue_start);
                kint(b, "cue_end", q->cue_end);
                kstr(b, "attr_rule", q->attr_rule);
                key(b, "confidence");
                nerq_buf_put_fixed2(b, q->confidence);
            }
            nerq_buf_putc(b, '}');
            if (qrows)
                row(qrows, b, id0, id1, i, body);
        }
        nerq_buf_putc(b, ']');
    }
    nerq_buf_put(b, "}\n", 2);
}

void nerq_record_write(nerq_buf *b, const nerq_article *a)
{
    write_record(b, a, NULL, NULL);
}

void nerq_record_write_rows(nerq_buf *b, nerq_buf *mentions, nerq_buf *quotes,
                            const nerq_article *a)
{
    write_record(b, a, mentions, quotes);
}
