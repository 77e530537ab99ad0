/* record_read.c: one JSON record back into an article, with every field checked: a
 * record of the wrong shape is an error naming the field, never a crash. */
#include "nerq.h"

#include <jansson.h>
#include <string.h>

typedef struct {
    nerq_article *a;
    nerq_err *err;
} rd;

static const char *str_field(rd *r, json_t *o, const char *k, int required, int *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) {
        if (required) {
            nerq_err_set(r->err, "field \"%s\" missing", k);
            *bad = 1;
        }
        return NULL;
    }
    if (!json_is_string(v)) {
        nerq_err_set(r->err, "field \"%s\" is not a string", k);
        *bad = 1;
        return NULL;
    }
    return nerq_arena_strndup(r->a->arena, json_string_value(v), json_string_length(v));
}

/* An integer in [lo, hi], or -1 when null/absent and allowed. */
static int64_t int_field(rd *r, json_t *o, const char *k, int64_t lo, int64_t hi, int nullable,
                         int *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) {
        if (!nullable) {
            nerq_err_set(r->err, "field \"%s\" missing", k);
            *bad = 1;
        }
        return -1;
    }
    if (!json_is_integer(v)) {
        nerq_err_set(r->err, "field \"%s\" is not an integer", k);
        *bad = 1;
        return -1;
    }
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) {
        nerq_err_set(r->err, "field \"%s\" = %lld out of range [%lld, %lld]", k, (long long)x,
                     (long long)lo, (long long)hi);
        *bad = 1;
        return -1;
    }
    return x;
}

static json_t *array_field(rd *r, json_t *o, const char *k, int *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || !json_is_array(v)) {
        nerq_err_set(r->err, "field \"%s\" %s", k, v ? "is not an array" : "missing");
        *bad = 1;
        return NULL;
    }
    return v;
}

/* Element i of a fixed-size integer tuple. */
static int64_t tuple_int(rd *r, json_t *t, size_t i, const char *what, int64_t hi, int *bad)
{
    json_t *v = json_array_get(t, i);
    if (!v || !json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > hi) {
        nerq_err_set(r->err, "bad %s entry (integer %zu missing or out of range)", what, i);
        *bad = 1;
        return 0;
    }
    return json_integer_value(v);
}

static int read_spans(rd *r, json_t *o, const char *k, void *vecp)
{
    NERQ_VEC(nerq_span) *vec = vecp;
    int bad = 0;
    json_t *arr = array_field(r, o, k, &bad);
    if (bad)
        return -1;
    size_t i;
    json_t *t;
    uint32_t prev_end = 0;
    json_array_foreach(arr, i, t)
    {
        if (!json_is_array(t) || json_array_size(t) != 2) {
            nerq_err_set(r->err, "%s[%zu] is not [start, end]", k, i);
            return -1;
        }
        nerq_span *s = NERQ_VEC_PUSH(*vec);
        s->start = (uint32_t)tuple_int(r, t, 0, k, r->a->text_len, &bad);
        s->end = (uint32_t)tuple_int(r, t, 1, k, r->a->text_len, &bad);
        /* sorted and disjoint: the stages binary-search them */
        if (bad || s->end < s->start || s->start < prev_end) {
            nerq_err_set(r->err, "%s[%zu] is not an ordered span inside the text", k, i);
            return -1;
        }
        prev_end = s->end;
        s->tok_start = nerq_article_token_at(r->a, s->start);
        s->tok_end = nerq_article_token_at(r->a, s->end);
    }
    return 0;
}

static int tok_class(const char *c, nerq_token *t)
{
    t->shape = NERQ_SH_NONE;
    if (c[0] == 'W') {
        t->cls = NERQ_T_WORD;
        switch (c[1]) {
        case 'c': t->shape = NERQ_SH_CAP; break;
        case 'u': t->shape = NERQ_SH_UPPER; break;
        case 'l': t->shape = NERQ_SH_LOWER; break;
        case 'm': t->shape = NERQ_SH_MIXED; break;
        default: return -1;
        }
        return c[2] ? -1 : 0;
    }
    static const struct {
        const char *code;
        uint8_t cls;
    } tab[] = {{"N", NERQ_T_NUM},   {"P", NERQ_T_PUNCT},  {"Qo", NERQ_T_QOPEN},
               {"Qc", NERQ_T_QCLOSE}, {"Qa", NERQ_T_QAMBIG}, {"A", NERQ_T_APOS},
               {"D", NERQ_T_DASH},  {"S", NERQ_T_SYM}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(c, tab[i].code) == 0) {
            t->cls = tab[i].cls;
            return 0;
        }
    return -1;
}

static int read_ingest(rd *r, json_t *o)
{
    nerq_article *a = r->a;
    int bad = 0;
    json_t *text = json_object_get(o, "text");
    if (!text || !json_is_string(text)) {
        nerq_err_set(r->err, "field \"text\" %s", text ? "is not a string" : "missing");
        return -1;
    }
    if (json_string_length(text) > UINT32_MAX / 2) {
        nerq_err_set(r->err, "field \"text\" too long");
        return -1;
    }
    a->text_len = (uint32_t)json_string_length(text);
    a->text = nerq_arena_strndup(a->arena, json_string_value(text), a->text_len);
    a->format = str_field(r, o, "format", 1, &bad);
    a->encoding = str_field(r, o, "encoding", 1, &bad);
    a->raw_bytes = (uint32_t)int_field(r, o, "bytes", 0, UINT32_MAX, 0, &bad);
    a->repairs = (uint32_t)int_field(r, o, "repairs", 0, UINT32_MAX, 0, &bad);
    a->title = str_field(r, o, "title", 0, &bad);
    a->date = str_field(r, o, "date", 0, &bad);
    a->author = str_field(r, o, "author", 0, &bad);
    if (bad)
        return -1;
    json_t *om = array_field(r, o, "offmap", &bad);
    if (bad)
        return -1;
    size_t n = json_array_size(om);
    if (n % 2) {
        nerq_err_set(r->err, "field \"offmap\" has an odd number of entries");
        return -1;
    }
    uint32_t pn = 0, pr = 0;
    for (size_t i = 0; i < n; i += 2) {
        uint32_t nn = (uint32_t)tuple_int(r, om, i, "offmap", a->text_len, &bad);
        uint32_t rr = (uint32_t)tuple_int(r, om, i + 1, "offmap", a->raw_bytes, &bad);
        if (bad || nn < pn || rr < pr) {
            nerq_err_set(r->err, "field \"offmap\" is not a sorted list of offsets in range");
            return -1;
        }
        nerq_offmap_add(&a->offmap, nn, rr);
        pn = nn;
        pr = rr;
    }
    /* The map must cover the text (ingest closes it with an anchor at the text's end),
     * or a stage would map an offset past the last anchor to raw offsets beyond the file. */
    if (n ? a->offmap.a.v[a->offmap.a.n - 1].norm != a->text_len : a->text_len != 0) {
        nerq_err_set(r->err, "field \"offmap\" does not end at the end of the text");
        return -1;
    }
    json_t *rem = array_field(r, o, "removed", &bad);
    if (bad)
        return -1;
    size_t i;
    json_t *t;
    json_array_foreach(rem, i, t)
    {
        json_t *rule = json_array_get(t, 2);
        if (!json_is_array(t) || json_array_size(t) != 3 || !json_is_string(rule)) {
            nerq_err_set(r->err, "removed[%zu] is not [raw_start, raw_end, rule]", i);
            return -1;
        }
        nerq_removed *x = NERQ_VEC_PUSH(a->removed);
        x->raw_start = (uint32_t)tuple_int(r, t, 0, "removed", a->raw_bytes, &bad);
        x->raw_end = (uint32_t)tuple_int(r, t, 1, "removed", a->raw_bytes, &bad);
        x->rule = nerq_arena_strdup(a->arena, json_string_value(rule));
        if (bad)
            return -1;
    }
    return 0;
}

static int read_tokens(rd *r, json_t *o)
{
    nerq_article *a = r->a;
    int bad = 0;
    json_t *arr = array_field(r, o, "tokens", &bad);
    if (bad)
        return -1;
    NERQ_VEC_RESERVE(a->tokens, json_array_size(arr));
    size_t i;
    json_t *t;
    uint32_t prev_end = 0;
    json_array_foreach(arr, i, t)
    {
        json_t *c = json_array_get(t, 2);
        if (!json_is_array(t) || json_array_size(t) != 3 || !json_is_string(c)) {
            nerq_err_set(r->err, "tokens[%zu] is not [start, end, class]", i);
            return -1;
        }
        nerq_token *k = NERQ_VEC_PUSH(a->tokens);
        k->start = (uint32_t)tuple_int(r, t, 0, "tokens", a->text_len, &bad);
        k->end = (uint32_t)tuple_int(r, t, 1, "tokens", a->text_len, &bad);
        k->flags = 0;
        if (bad || k->end <= k->start || k->start < prev_end) {
            nerq_err_set(r->err, "tokens[%zu] is not an ordered span inside the text", i);
            return -1;
        }
        if (tok_class(json_string_value(c), k) != 0) {
            nerq_err_set(r->err, "tokens[%zu] has an unknown class \"%s\"", i, json_string_value(c));
            return -1;
        }
        prev_end = k->end;
    }
    if (read_spans(r, o, "sentences", &a->sentences) || read_spans(r, o, "paragraphs", &a->paragraphs))
        return -1;
    nerq_article_token_flags(a);
    return 0;
}

static int read_entities(rd *r, json_t *o)
{
    nerq_article *a = r->a;
    int bad = 0;
    json_t *arr = array_field(r, o, "mentions", &bad);
    if (bad)
        return -1;
    size_t i;
    json_t *m;
    json_array_foreach(arr, i, m)
    {
        if (!json_is_object(m)) {
            nerq_err_set(r->err, "mentions[%zu] is not an object", i);
            return -1;
        }
        nerq_mention *x = NERQ_VEC_PUSH(a->mentions);
        x->start = (uint32_t)int_field(r, m, "start", 0, a->text_len, 0, &bad);
        x->end = (uint32_t)int_field(r, m, "end", x->start, a->text_len, 0, &bad);
        x->raw_start = (uint32_t)int_field(r, m, "raw_start", 0, a->raw_bytes, 0, &bad);
        x->raw_end = (uint32_t)int_field(r, m, "raw_end", 0, a->raw_bytes, 0, &bad);
        x->type = str_field(r, m, "type", 1, &bad);
        x->text = str_field(r, m, "text", 1, &bad);
        x->entity = str_field(r, m, "entity", 0, &bad);
        x->id = str_field(r, m, "id", 0, &bad);
        x->rule = str_field(r, m, "rule", 0, &bad);
        x->ent = -1;
        if (bad) {
            char tmp[sizeof r->err->msg];
            memcpy(tmp, r->err->msg, sizeof tmp);
            nerq_err_set(r->err, "mentions[%zu]: %.400s", i, tmp);
            return -1;
        }
        if (i && x->start < a->mentions.v[i - 1].start) {
            nerq_err_set(r->err, "mentions[%zu] is out of text order", i);
            return -1;
        }
        x->tok_start = nerq_article_token_at(a, x->start);
        x->tok_end = nerq_article_token_at(a, x->end);
    }
    arr = array_field(r, o, "entities", &bad);
    if (bad)
        return -1;
    json_array_foreach(arr, i, m)
    {
        json_t *ms = json_object_get(m, "mentions");
        if (!json_is_object(m) || !json_is_array(ms)) {
            nerq_err_set(r->err, "entities[%zu] is not an object with a mentions array", i);
            return -1;
        }
        nerq_entity *e = NERQ_VEC_PUSH(a->entities);
        e->name = str_field(r, m, "entity", 0, &bad);
        e->type = str_field(r, m, "type", 1, &bad);
        e->id = str_field(r, m, "id", 0, &bad);
        e->n_mentions = (uint32_t)json_array_size(ms);
        if (e->n_mentions && !a->mentions.n) {
            nerq_err_set(r->err, "entities[%zu] refers to mentions, but there are none", i);
            return -1;
        }
        e->mentions = nerq_arena_alloc(a->arena, sizeof(uint32_t) * (e->n_mentions + 1));
        for (uint32_t k = 0; k < e->n_mentions; k++) {
            e->mentions[k] = (uint32_t)tuple_int(r, ms, k, "entities mentions", (int64_t)a->mentions.n - 1, &bad);
            if (!bad)
                a->mentions.v[e->mentions[k]].ent = (int32_t)(a->entities.n - 1);
        }
        if (bad) {
            nerq_err_set(r->err, "entities[%zu] is malformed", i);
            return -1;
        }
    }
    return 0;
}

static int read_quotes(rd *r, json_t *o)
{
    nerq_article *a = r->a;
    int bad = 0;
    json_t *arr = array_field(r, o, "quotes", &bad);
    if (bad)
        return -1;
    int attributed = -1;
    size_t i;
    json_t *m;
    json_array_foreach(arr, i, m)
    {
        if (!json_is_object(m)) {
            nerq_err_set(r->err, "quotes[%zu] is not an object", i);
            return -1;
        }
        nerq_quote *q = NERQ_VEC_PUSH(a->quotes);
        memset(q, 0, sizeof *q);
        q->start = (uint32_t)int_field(r, m, "start", 0, a->text_len, 0, &bad);
        q->end = (uint32_t)int_field(r, m, "end", q->start, a->text_len, 0, &bad);
        q->raw_start = (uint32_t)int_field(r, m, "raw_start", 0, a->raw_bytes, 0, &bad);
        q->raw_end = (uint32_t)int_field(r, m, "raw_end", 0, a->raw_bytes, 0, &bad);
        q->open = (int32_t)int_field(r, m, "open", 0, a->text_len, 1, &bad);
        q->close = (int32_t)int_field(r, m, "close", 0, a->text_len, 1, &bad);
        q->kind = str_field(r, m, "kind", 1, &bad);
        q->rule = str_field(r, m, "rule", 0, &bad);
        int has = json_object_get(m, "attr_rule") != NULL;
        if (attributed >= 0 && has != attributed) {
            nerq_err_set(r->err, "quotes[%zu]: some quotes are attributed and some not", i);
            return -1;
        }
        attributed = has;
        q->speaker_start = q->speaker_end = q->speaker_raw_start = q->speaker_raw_end = -1;
        q->cue_start = q->cue_end = -1;
        if (has) {
            q->speaker = str_field(r, m, "speaker", 0, &bad);
            q->speaker_id = str_field(r, m, "speaker_id", 0, &bad);
            q->speaker_type = str_field(r, m, "speaker_type", 0, &bad);
            q->speaker_start = (int32_t)int_field(r, m, "speaker_start", 0, a->text_len, 1, &bad);
            q->speaker_end = (int32_t)int_field(r, m, "speaker_end", 0, a->text_len, 1, &bad);
            q->speaker_raw_start = (int32_t)int_field(r, m, "speaker_raw_start", 0, a->raw_bytes, 1, &bad);
            q->speaker_raw_end = (int32_t)int_field(r, m, "speaker_raw_end", 0, a->raw_bytes, 1, &bad);
            q->cue = str_field(r, m, "cue", 0, &bad);
            q->cue_start = (int32_t)int_field(r, m, "cue_start", 0, a->text_len, 1, &bad);
            q->cue_end = (int32_t)int_field(r, m, "cue_end", 0, a->text_len, 1, &bad);
            q->attr_rule = str_field(r, m, "attr_rule", 0, &bad);
            json_t *c = json_object_get(m, "confidence");
            if (!json_is_number(c)) {
                nerq_err_set(r->err, "field \"confidence\" is not a number");
                bad = 1;
            } else {
                q->confidence = json_number_value(c);
            }
        }
        if (bad) {
            char tmp[sizeof r->err->msg];
            memcpy(tmp, r->err->msg, sizeof tmp);
            nerq_err_set(r->err, "quotes[%zu]: %.400s", i, tmp);
            return -1;
        }
    }
    if (attributed == 1)
        a->stages |= NERQ_ST_ATTRIBUTE;
    return 0;
}

int nerq_record_read(nerq_article *a, const char *line, size_t len, nerq_err *err)
{
    if (nerq_record_read_fast(a, line, len) == 0)
        return 0;
    return nerq_record_read_full(a, line, len, err);
}

int nerq_record_read_full(nerq_article *a, const char *line, size_t len, nerq_err *err)
{
    nerq_article_reset(a);
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!o) {
        nerq_err_set(err, "not a JSON record: %s (column %d)", je.text, je.column);
        return -1;
    }
    rd r = {a, err};
    int rc = -1, bad = 0;
    if (!json_is_object(o)) {
        nerq_err_set(err, "record is not a JSON object");
        goto out;
    }
    a->id = str_field(&r, o, "id", 1, &bad);
    if (bad)
        goto out;
    json_t *e = json_object_get(o, "error");
    if (e) {
        a->error = str_field(&r, o, "error", 1, &bad);
        a->error_stage = str_field(&r, o, "stage", 0, &bad);
        rc = bad ? -1 : 0;
        goto out;
    }
    if (json_object_get(o, "text")) {
        if (read_ingest(&r, o))
            goto out;
        a->stages |= NERQ_ST_INGEST;
    }
    if (json_object_get(o, "tokens")) {
        if (!(a->stages & NERQ_ST_INGEST) || read_tokens(&r, o))
            goto fail_order;
        a->stages |= NERQ_ST_TOKENIZE;
    }
    if (json_object_get(o, "mentions")) {
        if (!(a->stages & NERQ_ST_TOKENIZE) || read_entities(&r, o))
            goto fail_order;
        a->stages |= NERQ_ST_ENTITIES;
    }
    if (json_object_get(o, "quotes")) {
        if (!(a->stages & NERQ_ST_ENTITIES) || read_quotes(&r, o))
            goto fail_order;
        a->stages |= NERQ_ST_QUOTES;
    }
    rc = 0;
    goto out;
fail_order:
    if (!err->msg[0] || !(a->stages & NERQ_ST_INGEST))
        nerq_err_set(err, "record has later-stage fields without the earlier ones");
out:
    json_decref(o);
    return rc;
}
