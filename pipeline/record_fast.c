/* record_fast.c: the fast path of nerq_record_read. A pull parser for records laid out
 * as nerq_record_write writes them (known fields, in that order). Jansson builds a node for every number of
 * every token (four per token): on long articles that made reading ten times slower
 * than everything a stage does. Whatever this parser does not take (another field
 * order, an exotic number, a malformed record) goes to the Jansson reader in
 * record_read.c, which accepts it or explains what is wrong; the checks here are the same
 * ones, so both accept exactly the same records. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p, *end;
    nerq_article *a;
} cur;

#define FAIL() return -1
#define TRY(x)                                                                                               \
    do {                                                                                                     \
        if ((x) != 0)                                                                                        \
            return -1;                                                                                       \
    } while (0)

static inline void ws(cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static inline int lit(cur *c, char ch)
{
    ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 0;
    }
    return -1;
}

static inline int peek(cur *c, char ch)
{
    ws(c);
    return c->p < c->end && *c->p == ch;
}

static int is_null(cur *c)
{
    ws(c);
    if (c->end - c->p >= 4 && !memcmp(c->p, "null", 4)) {
        c->p += 4;
        return 1;
    }
    return 0;
}

static int hex4(const char *p, uint32_t *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char h = p[i];
        *v <<= 4;
        if (h >= '0' && h <= '9')
            *v |= (uint32_t)(h - '0');
        else if (h >= 'a' && h <= 'f')
            *v |= (uint32_t)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
            *v |= (uint32_t)(h - 'A' + 10);
        else
            return -1;
    }
    return 0;
}

/* A JSON string into the arena (NUL-terminated); *n gets its length. */
static int str(cur *c, const char **out, uint32_t *n)
{
    if (lit(c, '"'))
        FAIL();
    const char *s = c->p;
    /* fast scan: no escapes, ASCII or valid UTF-8 */
    const char *q = s;
    while (q < c->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
        q++;
    if (q < c->end && *q == '"') {
        size_t len = (size_t)(q - s);
        if (nerq_utf8_valid_prefix(s, len) != len)
            FAIL();
        *out = nerq_arena_strndup(c->a->arena, s, len);
        if (n)
            *n = (uint32_t)len;
        c->p = q + 1;
        return 0;
    }
    /* slow path: escapes */
    nerq_buf b = {0};
    q = s;
    int rc = -1;
    while (q < c->end) {
        unsigned char ch = (unsigned char)*q;
        if (ch == '"') {
            rc = 0;
            break;
        }
        if (ch < 0x20)
            break;
        if (ch != '\\') {
            int k = ch < 0x80 ? 1 : nerq_utf8_seq((const unsigned char *)q, (size_t)(c->end - q));
            if (!k)
                break;
            nerq_buf_put(&b, q, (size_t)k);
            q += k;
            continue;
        }
        if (q + 1 >= c->end)
            break;
        char e = q[1];
        q += 2;
        char lit1 = 0;
        switch (e) {
        case '"': lit1 = '"'; break;
        case '\\': lit1 = '\\'; break;
        case '/': lit1 = '/'; break;
        case 'b': lit1 = '\b'; break;
        case 'f': lit1 = '\f'; break;
        case 'n': lit1 = '\n'; break;
        case 'r': lit1 = '\r'; break;
        case 't': lit1 = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (c->end - q < 4 || hex4(q, &cp))
                goto out;
            q += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (c->end - q < 6 || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    goto out;
                q += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                goto out;
            }
            char enc[4];
            nerq_buf_put(&b, enc, (size_t)nerq_utf8_encode(cp, enc));
            continue;
        }
        default:
            goto out;
        }
        nerq_buf_putc(&b, lit1);
    }
out:
    if (rc == 0) {
        *out = nerq_arena_strndup(c->a->arena, b.data ? b.data : "", b.len);
        if (n)
            *n = (uint32_t)b.len;
        c->p = q + 1;
    }
    nerq_buf_free(&b);
    return rc;
}

static int str_or_null(cur *c, const char **out)
{
    if (is_null(c)) {
        *out = NULL;
        return 0;
    }
    return str(c, out, NULL);
}

/* A non-negative integer no greater than hi (plain digits; anything else falls back). */
static int uint_le(cur *c, int64_t hi, uint32_t *v)
{
    ws(c);
    const char *p = c->p;
    if (p >= c->end || *p < '0' || *p > '9')
        FAIL();
    if (*p == '0' && p + 1 < c->end && p[1] >= '0' && p[1] <= '9')
        FAIL();
    int64_t x = 0;
    while (p < c->end && *p >= '0' && *p <= '9') {
        x = x * 10 + (*p - '0');
        if (x > hi)
            FAIL();
        p++;
    }
    if (p < c->end && (*p == '.' || *p == 'e' || *p == 'E'))
        FAIL();
    c->p = p;
    *v = (uint32_t)x;
    return 0;
}

/* An integer in [0, hi], or null (-1). */
static int int_or_null(cur *c, int64_t hi, int32_t *v)
{
    if (is_null(c)) {
        *v = -1;
        return 0;
    }
    uint32_t u;
    TRY(uint_le(c, hi, &u));
    *v = (int32_t)u;
    return 0;
}

/* s[0..n) is a number as JSON writes them: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * (strtod alone also takes "0490", "+1", ".5", "1.": the full reader refuses those). */
static int json_number(const char *s, size_t n)
{
    size_t i = 0;
#define DIGITS(min)                                                                                          \
    do {                                                                                                     \
        size_t d0 = i;                                                                                       \
        while (i < n && s[i] >= '0' && s[i] <= '9')                                                          \
            i++;                                                                                             \
        if (i - d0 < (min))                                                                                  \
            return 0;                                                                                        \
    } while (0)
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0')
        i++;
    else
        DIGITS(1);
    if (i < n && s[i] == '.') {
        i++;
        DIGITS(1);
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        DIGITS(1);
    }
#undef DIGITS
    return i == n;
}

static int number(cur *c, double *v)
{
    ws(c);
    char tmp[64];
    size_t n = 0;
    while (c->p + n < c->end && n < sizeof tmp - 1 && c->p[n] && strchr("0123456789+-.eE", c->p[n]))
        n++;
    if (!n || n == sizeof tmp - 1 || !json_number(c->p, n))
        FAIL();
    memcpy(tmp, c->p, n);
    tmp[n] = '\0';
    char *e;
    *v = strtod(tmp, &e);
    if (*e)
        FAIL();
    c->p += n;
    return 0;
}

static __attribute__((unused)) int skip(cur *c, int depth)
{
    ws(c);
    if (c->p >= c->end || depth > 64)
        FAIL();
    char ch = *c->p;
    if (ch == '"') {
        const char *s;
        return str(c, &s, NULL);
    }
    if (ch == '{' || ch == '[') {
        char close = ch == '{' ? '}' : ']';
        c->p++;
        if (peek(c, close)) {
            c->p++;
            return 0;
        }
        for (;;) {
            if (ch == '{') {
                const char *k;
                TRY(str(c, &k, NULL));
                TRY(lit(c, ':'));
            }
            TRY(skip(c, depth + 1));
            if (peek(c, ',')) {
                c->p++;
                continue;
            }
            return lit(c, close);
        }
    }
    while (c->p < c->end && strchr("0123456789+-.eEtruefalsn", *c->p))
        c->p++;
    return 0;
}

/* Keys of an object in the writer's order; `fn` parses the value of key number i. Any
 * other key, or a key out of order, fails: the full reader takes the record. */
typedef int (*field_fn)(cur *c, int i, void *ctx);
static int object(cur *c, const char *const *keys, int nkeys, field_fn fn, void *ctx, unsigned *seen)
{
    TRY(lit(c, '{'));
    int pos = 0;
    *seen = 0;
    if (peek(c, '}')) {
        c->p++;
        return 0;
    }
    for (;;) {
        const char *k;
        uint32_t kl;
        TRY(str(c, &k, &kl));
        TRY(lit(c, ':'));
        int i;
        for (i = pos; i < nkeys; i++)
            if (!strcmp(keys[i], k))
                break;
        if (i == nkeys) {
            FAIL(); /* unknown, out of order or a duplicate: the full reader decides */
        } else {
            TRY(fn(c, i, ctx));
            *seen |= 1u << i;
            pos = i + 1;
        }
        if (peek(c, ',')) {
            c->p++;
            continue;
        }
        return lit(c, '}');
    }
}

/* Calls fn for each element of an array. */
typedef int (*elem_fn)(cur *c, size_t i, void *ctx);
static int array(cur *c, elem_fn fn, void *ctx)
{
    TRY(lit(c, '['));
    if (peek(c, ']')) {
        c->p++;
        return 0;
    }
    for (size_t i = 0;; i++) {
        TRY(fn(c, i, ctx));
        if (peek(c, ',')) {
            c->p++;
            continue;
        }
        return lit(c, ']');
    }
}

/* ---- fields ---------------------------------------------------------------------- */

typedef struct {
    uint32_t prev_norm, prev_raw, pending_norm;
    int half;
} offctx;

static int offmap_elem(cur *c, size_t i, void *vctx)
{
    offctx *o = vctx;
    nerq_article *a = c->a;
    uint32_t v;
    if (i % 2 == 0) {
        TRY(uint_le(c, a->text_len, &v));
        if (v < o->prev_norm)
            FAIL();
        o->pending_norm = v;
        o->half = 1;
    } else {
        TRY(uint_le(c, a->raw_bytes, &v));
        if (v < o->prev_raw)
            FAIL();
        nerq_offmap_add(&a->offmap, o->pending_norm, v);
        o->prev_norm = o->pending_norm;
        o->prev_raw = v;
        o->half = 0;
    }
    return 0;
}

static int removed_elem(cur *c, size_t i, void *ctx)
{
    (void)i;
    (void)ctx;
    nerq_article *a = c->a;
    nerq_removed *r = NERQ_VEC_PUSH(a->removed);
    TRY(lit(c, '['));
    TRY(uint_le(c, a->raw_bytes, &r->raw_start));
    TRY(lit(c, ','));
    TRY(uint_le(c, a->raw_bytes, &r->raw_end));
    TRY(lit(c, ','));
    TRY(str(c, &r->rule, NULL));
    return lit(c, ']');
}

static int tok_class(const char *s, nerq_token *t)
{
    t->shape = NERQ_SH_NONE;
    switch (s[0]) {
    case 'W':
        t->cls = NERQ_T_WORD;
        if (!s[1] || s[2])
            return -1;
        t->shape = s[1] == 'c' ? NERQ_SH_CAP : s[1] == 'u' ? NERQ_SH_UPPER : s[1] == 'l' ? NERQ_SH_LOWER
                                                                                          : s[1] == 'm' ? NERQ_SH_MIXED : 0;
        return t->shape ? 0 : -1;
    case 'N': t->cls = NERQ_T_NUM; return s[1] ? -1 : 0;
    case 'P': t->cls = NERQ_T_PUNCT; return s[1] ? -1 : 0;
    case 'A': t->cls = NERQ_T_APOS; return s[1] ? -1 : 0;
    case 'D': t->cls = NERQ_T_DASH; return s[1] ? -1 : 0;
    case 'S': t->cls = NERQ_T_SYM; return s[1] ? -1 : 0;
    case 'Q':
        t->cls = s[1] == 'o' ? NERQ_T_QOPEN : s[1] == 'c' ? NERQ_T_QCLOSE : s[1] == 'a' ? NERQ_T_QAMBIG : 0;
        return t->cls && !s[2] ? 0 : -1;
    }
    return -1;
}

static int token_elem(cur *c, size_t i, void *ctx)
{
    (void)i;
    (void)ctx;
    nerq_article *a = c->a;
    nerq_token *t = NERQ_VEC_PUSH(a->tokens);
    uint32_t prev_end = a->tokens.n > 1 ? t[-1].end : 0;
    TRY(lit(c, '['));
    TRY(uint_le(c, a->text_len, &t->start));
    TRY(lit(c, ','));
    TRY(uint_le(c, a->text_len, &t->end));
    TRY(lit(c, ','));
    /* the class: a short string, read in place */
    TRY(lit(c, '"'));
    char code[3] = {0};
    int n = 0;
    while (c->p < c->end && *c->p != '"' && n < 3) {
        char ch = *c->p++;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')))
            FAIL(); /* a class code is letters only; anything else is for the full reader */
        code[n++] = ch;
    }
    if (n == 3 || lit(c, '"') || tok_class(code, t))
        FAIL();
    if (t->end <= t->start || t->start < prev_end)
        FAIL();
    return lit(c, ']');
}

static int span_elem(cur *c, size_t i, void *vec)
{
    (void)i;
    NERQ_VEC(nerq_span) *v = vec;
    nerq_article *a = c->a;
    nerq_span *s = NERQ_VEC_PUSH(*v);
    TRY(lit(c, '['));
    TRY(uint_le(c, a->text_len, &s->start));
    TRY(lit(c, ','));
    TRY(uint_le(c, a->text_len, &s->end));
    if (s->end < s->start || (v->n > 1 && s->start < s[-1].end)) /* sorted and disjoint */
        FAIL();
    s->tok_start = nerq_article_token_at(a, s->start);
    s->tok_end = nerq_article_token_at(a, s->end);
    return lit(c, ']');
}

static const char *const mention_keys[] = {"start", "end", "raw_start", "raw_end", "type", "text", "entity", "id", "rule"};

static int mention_field(cur *c, int k, void *ctx)
{
    nerq_mention *m = ctx;
    nerq_article *a = c->a;
    int32_t v;
    switch (k) {
    case 0: return uint_le(c, a->text_len, &m->start);
    case 1:
        TRY(uint_le(c, a->text_len, &m->end));
        return m->end < m->start ? -1 : 0;
    case 2: return uint_le(c, a->raw_bytes, &m->raw_start);
    case 3: return uint_le(c, a->raw_bytes, &m->raw_end);
    case 4: return str(c, &m->type, NULL);
    case 5: return str(c, &m->text, NULL);
    case 6: return str_or_null(c, &m->entity);
    case 7: return str_or_null(c, &m->id);
    case 8: return str_or_null(c, &m->rule);
    }
    (void)v;
    return -1;
}

static int mention_elem(cur *c, size_t i, void *ctx)
{
    (void)i;
    (void)ctx;
    nerq_article *a = c->a;
    nerq_mention *m = NERQ_VEC_PUSH(a->mentions);
    memset(m, 0, sizeof *m);
    unsigned seen;
    TRY(object(c, mention_keys, 9, mention_field, m, &seen));
    if ((seen & 0x3F) != 0x3F || m->end < m->start)
        FAIL(); /* start..text are required */
    if (a->mentions.n > 1 && m->start < m[-1].start)
        FAIL(); /* in text order */
    m->ent = -1;
    m->tok_start = nerq_article_token_at(a, m->start);
    m->tok_end = nerq_article_token_at(a, m->end);
    return 0;
}

typedef struct {
    nerq_entity *e;
    NERQ_VEC(uint32_t) idx;
} entctx;

static int ent_mention_elem(cur *c, size_t i, void *ctx)
{
    (void)i;
    entctx *x = ctx;
    uint32_t v;
    if (!c->a->mentions.n)
        FAIL();
    TRY(uint_le(c, (int64_t)c->a->mentions.n - 1, &v));
    *NERQ_VEC_PUSH(x->idx) = v;
    return 0;
}

static const char *const entity_keys[] = {"entity", "type", "id", "mentions"};

static int entity_field(cur *c, int k, void *ctx)
{
    entctx *x = ctx;
    switch (k) {
    case 0: return str_or_null(c, &x->e->name);
    case 1: return str(c, &x->e->type, NULL);
    case 2: return str_or_null(c, &x->e->id);
    case 3: return array(c, ent_mention_elem, x);
    }
    return -1;
}

static int entity_elem(cur *c, size_t i, void *ctx)
{
    (void)i;
    entctx *x = ctx;
    nerq_article *a = c->a;
    x->e = NERQ_VEC_PUSH(a->entities);
    memset(x->e, 0, sizeof *x->e);
    x->idx.n = 0;
    unsigned seen;
    TRY(object(c, entity_keys, 4, entity_field, x, &seen));
    if ((seen & 0xA) != 0xA) /* type and mentions */
        FAIL();
    x->e->n_mentions = (uint32_t)x->idx.n;
    x->e->mentions = nerq_arena_alloc(a->arena, sizeof(uint32_t) * (x->idx.n + 1));
    for (size_t k = 0; k < x->idx.n; k++) {
        x->e->mentions[k] = x->idx.v[k];
        a->mentions.v[x->idx.v[k]].ent = (int32_t)(a->entities.n - 1);
    }
    return 0;
}

static const char *const quote_keys[] = {"start", "end", "raw_start", "raw_end", "open", "close", "kind", "rule",
                                          "speaker", "speaker_id", "speaker_type", "speaker_start", "speaker_end",
                                          "speaker_raw_start", "speaker_raw_end", "cue", "cue_start", "cue_end",
                                          "attr_rule", "confidence"};

static int quote_field(cur *c, int k, void *ctx)
{
    nerq_quote *q = ctx;
    nerq_article *a = c->a;
    switch (k) {
    case 0: return uint_le(c, a->text_len, &q->start);
    case 1:
        TRY(uint_le(c, a->text_len, &q->end));
        return q->end < q->start ? -1 : 0;
    case 2: return uint_le(c, a->raw_bytes, &q->raw_start);
    case 3: return uint_le(c, a->raw_bytes, &q->raw_end);
    case 4: return int_or_null(c, a->text_len, &q->open);
    case 5: return int_or_null(c, a->text_len, &q->close);
    case 6: return str(c, &q->kind, NULL);
    case 7: return str_or_null(c, &q->rule);
    case 8: return str_or_null(c, &q->speaker);
    case 9: return str_or_null(c, &q->speaker_id);
    case 10: return str_or_null(c, &q->speaker_type);
    case 11: return int_or_null(c, a->text_len, &q->speaker_start);
    case 12: return int_or_null(c, a->text_len, &q->speaker_end);
    case 13: return int_or_null(c, a->raw_bytes, &q->speaker_raw_start);
    case 14: return int_or_null(c, a->raw_bytes, &q->speaker_raw_end);
    case 15: return str_or_null(c, &q->cue);
    case 16: return int_or_null(c, a->text_len, &q->cue_start);
    case 17: return int_or_null(c, a->text_len, &q->cue_end);
    case 18: return str_or_null(c, &q->attr_rule);
    case 19: return number(c, &q->confidence);
    }
    return -1;
}

static int quote_elem(cur *c, size_t i, void *ctx)
{
    int *attributed = ctx;
    nerq_article *a = c->a;
    nerq_quote *q = NERQ_VEC_PUSH(a->quotes);
    memset(q, 0, sizeof *q);
    q->open = q->close = -1;
    q->speaker_start = q->speaker_end = q->speaker_raw_start = q->speaker_raw_end = -1;
    q->cue_start = q->cue_end = -1;
    unsigned seen;
    TRY(object(c, quote_keys, 20, quote_field, q, &seen));
    if ((seen & 0x4F) != 0x4F) /* start end raw_start raw_end kind */
        FAIL();
    int has = (seen >> 18) & 1;
    if (has && !((seen >> 19) & 1))
        FAIL(); /* confidence is required with the attribution */
    if (i > 0 && has != *attributed)
        FAIL();
    *attributed = has;
    return 0;
}

static const char *const top_keys[] = {"id",      "error",     "stage",      "format",   "encoding", "bytes",
                                        "repairs", "title",     "date",       "author",   "text",     "offmap",
                                        "removed", "tokens",    "sentences",  "paragraphs", "mentions", "entities",
                                        "quotes"};
enum { K_ID, K_ERROR, K_STAGE, K_FORMAT, K_ENCODING, K_BYTES, K_REPAIRS, K_TITLE, K_DATE, K_AUTHOR, K_TEXT,
       K_OFFMAP, K_REMOVED, K_TOKENS, K_SENTENCES, K_PARAGRAPHS, K_MENTIONS, K_ENTITIES, K_QUOTES, K_N };

typedef struct {
    int attributed;
    entctx ent;
} topctx;

static int top_field(cur *c, int k, void *vctx)
{
    topctx *x = vctx;
    nerq_article *a = c->a;
    switch (k) {
    case K_ID: return str(c, &a->id, NULL);
    case K_ERROR: return str(c, &a->error, NULL);
    case K_STAGE: return str_or_null(c, &a->error_stage);
    case K_FORMAT: return str(c, &a->format, NULL);
    case K_ENCODING: return str(c, &a->encoding, NULL);
    case K_BYTES: return uint_le(c, UINT32_MAX, &a->raw_bytes);
    case K_REPAIRS: return uint_le(c, UINT32_MAX, &a->repairs);
    case K_TITLE: return str_or_null(c, &a->title);
    case K_DATE: return str_or_null(c, &a->date);
    case K_AUTHOR: return str_or_null(c, &a->author);
    case K_TEXT: {
        const char *t;
        uint32_t n;
        TRY(str(c, &t, &n));
        if (n > UINT32_MAX / 2)
            FAIL();
        a->text = (char *)t;
        a->text_len = n;
        return 0;
    }
    case K_OFFMAP: {
        offctx o = {0, 0, 0, 0};
        TRY(array(c, offmap_elem, &o));
        /* as record_read.c: the map ends at the text's end */
        if (a->offmap.a.n ? a->offmap.a.v[a->offmap.a.n - 1].norm != a->text_len : a->text_len != 0)
            FAIL();
        return o.half ? -1 : 0;
    }
    case K_REMOVED: return array(c, removed_elem, NULL);
    case K_TOKENS: return array(c, token_elem, NULL);
    case K_SENTENCES: return array(c, span_elem, &a->sentences);
    case K_PARAGRAPHS: return array(c, span_elem, &a->paragraphs);
    case K_MENTIONS: return array(c, mention_elem, NULL);
    case K_ENTITIES: return array(c, entity_elem, &x->ent);
    case K_QUOTES: return array(c, quote_elem, &x->attributed);
    }
    return -1;
}

/* 0 when the record was read; -1 when the full reader should have a look. */
int nerq_record_read_fast(nerq_article *a, const char *line, size_t len)
{
    nerq_article_reset(a);
    cur c = {line, line + len, a};
    topctx x;
    memset(&x, 0, sizeof x);
    unsigned seen;
    int rc = object(&c, top_keys, K_N, top_field, &x, &seen);
    free(x.ent.idx.v);
    if (rc != 0)
        return -1;
    ws(&c);
    if (c.p != c.end || !(seen & (1u << K_ID)))
        return -1;
    if (seen & (1u << K_ERROR))
        return seen == ((1u << K_ID) | (1u << K_ERROR) | (1u << K_STAGE)) ||
                       seen == ((1u << K_ID) | (1u << K_ERROR))
                   ? 0
                   : -1;
    unsigned ingest = (1u << K_FORMAT) | (1u << K_ENCODING) | (1u << K_BYTES) | (1u << K_REPAIRS) |
                      (1u << K_TEXT) | (1u << K_OFFMAP) | (1u << K_REMOVED);
    unsigned tok = (1u << K_TOKENS) | (1u << K_SENTENCES) | (1u << K_PARAGRAPHS);
    unsigned ent = (1u << K_MENTIONS) | (1u << K_ENTITIES);
    unsigned all = ingest | tok | ent | (1u << K_QUOTES);
    if (seen & all) {
        if ((seen & ingest) != ingest)
            return -1;
        a->stages |= NERQ_ST_INGEST;
    }
    if (seen & (tok | ent | (1u << K_QUOTES))) {
        if ((seen & tok) != tok)
            return -1;
        a->stages |= NERQ_ST_TOKENIZE;
        nerq_article_token_flags(a);
    }
    if (seen & (ent | (1u << K_QUOTES))) {
        if ((seen & ent) != ent)
            return -1;
        a->stages |= NERQ_ST_ENTITIES;
    }
    if (seen & (1u << K_QUOTES)) {
        a->stages |= NERQ_ST_QUOTES;
        if (x.attributed)
            a->stages |= NERQ_ST_ATTRIBUTE;
    }
    return 0;
}
