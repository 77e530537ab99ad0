/* ingest.c: stage 1. Reads an article file and adds the record's first fields:
 *   id, format (txt md html), encoding (utf-8, windows-1252, utf-8+repaired), bytes,
 *   repairs, title, date, author, text (normalised), offmap (text -> raw offsets),
 *   removed (raw spans dropped from the body, with the rule that dropped them).
 * This file: the stage object, file reading and the decode pass (BOM dropped, CRLF/CR to
 * LF, NUL bytes dropped, tabs to spaces, invalid UTF-8 decoded as Windows-1252); then the
 * format pass (ingest_html.c, ingest_md.c) and the layout pass (ingest_layout.c). */
#include "ingest_internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define NERQ_MAX_ARTICLE (256u * 1024 * 1024) /* offsets are 32-bit; keep well inside */

struct nerq_ingest {
    nerq_ing_layer dec, fmt; /* decode and format pass outputs, reused between articles */
    nerq_buf file;
    nerq_ing_rules rules;
    nerq_ing_layout *layout;
    nerq_ing_hints hints;
};

nerq_ingest *nerq_ingest_new(const nerq_config *c, nerq_err *err)
{
    nerq_ingest *g = calloc(1, sizeof *g);
    if (!g)
        abort();
    if (nerq_ing_rules_load(&g->rules, c, err) != 0) {
        nerq_ingest_free(g);
        return NULL;
    }
    g->layout = nerq_ing_layout_new();
    return g;
}

void nerq_ingest_free(nerq_ingest *g)
{
    if (!g)
        return;
    nerq_buf_free(&g->dec.text);
    free(g->dec.map.a.v);
    nerq_buf_free(&g->fmt.text);
    free(g->fmt.map.a.v);
    nerq_buf_free(&g->file);
    nerq_ing_rules_free(&g->rules);
    nerq_ing_layout_free(g->layout);
    free(g->hints.starts.v);
    free(g);
}

void nerq_ing_layer_clear(nerq_ing_layer *l)
{
    l->text.len = 0;
    nerq_offmap_clear(&l->map);
}

void nerq_ing_copy(nerq_buf *t, nerq_offmap *m, const nerq_ing_layer *src, uint32_t s,
                   uint32_t n)
{
    if (!n)
        return;
    nerq_offmap_copy(m, (uint32_t)t->len, &src->map, s, n);
    nerq_buf_put(t, src->text.data + s, n);
}

void nerq_ing_replace(nerq_buf *t, nerq_offmap *m, const nerq_ing_layer *src, uint32_t s,
                      uint32_t sl, const char *str, uint32_t n)
{
    nerq_offmap_replace(m, (uint32_t)t->len, &src->map, s, sl, n);
    nerq_buf_put(t, str, n);
}

void nerq_ing_removed(nerq_article *a, const nerq_ing_layer *src, uint32_t s, uint32_t e,
                      const char *rule)
{
    if (e <= s)
        return;
    nerq_removed *r = NERQ_VEC_PUSH(a->removed);
    r->raw_start = nerq_offmap_raw(&src->map, s);
    r->raw_end = nerq_offmap_raw_end(&src->map, e);
    r->rule = nerq_arena_strdup(a->arena, rule);
}


static const char *format_of(const char *id)
{
    const char *dot = strrchr(id, '.');
    if (dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown")))
        return "md";
    if (dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm")))
        return "html";
    return "txt";
}

/* Emit decoded bytes for raw [r, r+rl). */
static void emit(nerq_ing_layer *l, uint32_t r, uint32_t rl, const char *s, uint32_t n)
{
    nerq_offmap_piece(&l->map, (uint32_t)l->text.len, r, n, rl);
    nerq_buf_put(&l->text, s, n);
}

/* The end of the run of bytes from p[i] that decode to themselves: line feeds and
 * characters from U+0020 up, ASCII only unless the text is valid UTF-8 (utf8). Eight
 * bytes at a time. */
static size_t plain_end(const unsigned char *p, size_t i, size_t len, int utf8)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const uint64_t keep_high = utf8 ? 0 : high;
    for (;;) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        for (; i + 8 <= len; i += 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            /* bytes below 0x20 (exact for the first one), and non-ASCII unless utf8 */
            uint64_t stop = ((w - 0x20 * ones) & ~w & high) | (w & keep_high);
            if (stop) {
                i += (size_t)__builtin_ctzll(stop) / 8;
                break;
            }
        }
#endif
        while (i < len && p[i] >= 0x20 && (utf8 || p[i] < 0x80))
            i++;
        if (i < len && p[i] == '\n')
            i++;
        else
            return i;
    }
}

/* The decode pass: raw bytes -> valid UTF-8 with LF line ends, in l. */
static void decode(nerq_article *a, nerq_ing_layer *l, const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    int utf8 = nerq_utf8_valid_prefix(data, len) == len;
    a->encoding = utf8 ? "utf-8" : "windows-1252";
    nerq_ing_layer_clear(l);
    size_t i = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3; /* byte-order mark */
    while (i < len) {
        /* Copy the longest plain run in one piece. */
        size_t j = plain_end(p, i, len, utf8);
        if (j > i) {
            emit(l, (uint32_t)i, (uint32_t)(j - i), data + i, (uint32_t)(j - i));
            i = j;
            continue;
        }
        unsigned char c = p[i];
        int space = c == '\t' || c == '\f' || c == '\v';
        if (c == '\r') {
            size_t rl = (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
            emit(l, (uint32_t)i, (uint32_t)rl, "\n", 1);
            i += rl;
        } else if (c == 0) {
            a->repairs++; /* NUL bytes dropped */
            i++;
        } else if (c < 0x80) {
            /* other control characters: tab and form feed become spaces */
            emit(l, (uint32_t)i, 1, space ? " " : "\xEF\xBF\xBD", space ? 1 : 3);
            a->repairs += !space;
            i++;
        } else if (utf8) {
            int k = nerq_utf8_seq(p + i, len - i);
            emit(l, (uint32_t)i, (uint32_t)k, data + i, (uint32_t)k);
            i += (size_t)k;
        } else {
            uint32_t cp = nerq_cp1252_decode(c);
            char enc[4];
            int k = nerq_utf8_encode(cp, enc);
            a->repairs += cp == 0xFFFD;
            emit(l, (uint32_t)i, 1, enc, (uint32_t)k);
            i++;
        }
    }
    nerq_offmap_finish(&l->map);
    if (a->repairs && utf8)
        a->encoding = "utf-8+repaired";
}

static int cmp_removed(const void *x, const void *y)
{
    const nerq_removed *a = x, *b = y;
    if (a->raw_start != b->raw_start)
        return a->raw_start < b->raw_start ? -1 : 1;
    if (a->raw_end != b->raw_end)
        return a->raw_end < b->raw_end ? -1 : 1;
    return strcmp(a->rule, b->rule);
}

int nerq_ingest_bytes(nerq_ingest *g, nerq_article *a, const char *id, const char *data,
                      size_t len, nerq_err *err)
{
    nerq_article_reset(a);
    a->id = nerq_arena_strdup(a->arena, id);
    if (len > NERQ_MAX_ARTICLE) {
        nerq_err_set(err, "file too large (%zu bytes; the limit is %u)", len, NERQ_MAX_ARTICLE);
        nerq_article_set_error(a, "ingest", err->msg);
        return -1;
    }
    const char *wide = nerq_wide_bom(data, len);
    if (wide) {
        nerq_err_set(err, "%s text (byte-order mark) is not supported: convert the file to UTF-8", wide);
        nerq_article_set_error(a, "ingest", err->msg);
        return -1;
    }
    a->format = format_of(id);
    a->raw_bytes = (uint32_t)len;
    decode(a, &g->dec, data, len);
    nerq_ing_hints *hints = &g->hints;
    hints->title_s = hints->title_e = 0;
    hints->hard_lines = 0;
    hints->starts.n = 0;
    const nerq_ing_layer *in = &g->dec;
    if (!strcmp(a->format, "html")) {
        nerq_ing_html(&g->rules, a, &g->dec, &g->fmt, hints);
        in = &g->fmt;
    } else if (!strcmp(a->format, "md") || nerq_ing_md_sniff(&g->dec)) {
        nerq_ing_md(a, &g->dec, &g->fmt, hints);
        in = &g->fmt;
    }
    nerq_ing_layout_run(g->layout, &g->rules, a, in, hints);
    if (a->removed.n > 1)
        qsort(a->removed.v, a->removed.n, sizeof *a->removed.v, cmp_removed);
    a->stages |= NERQ_ST_INGEST;
    return 0;
}

int nerq_ingest_file(nerq_ingest *g, nerq_article *a, const char *root, const char *rel,
                     nerq_err *err)
{
    if (nerq_read_file(root, rel, &g->file, NERQ_MAX_ARTICLE, err) != 0) {
        nerq_article_reset(a);
        a->id = nerq_arena_strdup(a->arena, rel);
        nerq_article_set_error(a, "ingest", err->msg);
        return -1;
    }
    return nerq_ingest_bytes(g, a, rel, g->file.data ? g->file.data : "", g->file.len, err);
}
