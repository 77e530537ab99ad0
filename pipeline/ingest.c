/* ingest.c: stage 1. Reads an article file and adds the record's first fields:
 *   id, format (txt md html), encoding (utf-8, windows-1252, utf-8+repaired), bytes,
 *   repairs, title, date, author, text (normalised), offmap (text -> raw offsets),
 *   removed (raw spans dropped from the body, with the rule that dropped them).
 * Normalisation here: BOM dropped, CRLF/CR to LF, NUL bytes dropped, invalid UTF-8
 * decoded as Windows-1252 (or U+FFFD when that fails too). */
#include "nerq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define NERQ_MAX_ARTICLE (256u * 1024 * 1024) /* offsets are 32-bit; keep well inside */

struct nerq_ingest {
    nerq_buf text; /* reused between articles */
    nerq_buf file;
};

nerq_ingest *nerq_ingest_new(const nerq_config *c, nerq_err *err)
{
    (void)c;
    (void)err;
    nerq_ingest *g = calloc(1, sizeof *g);
    if (!g)
        abort();
    return g;
}

void nerq_ingest_free(nerq_ingest *g)
{
    if (!g)
        return;
    nerq_buf_free(&g->text);
    nerq_buf_free(&g->file);
    free(g);
}

/* Windows-1252 bytes 0x80-0x9F; other bytes map to the same code point (Latin-1). */
static const uint16_t cp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0xFFFD};

static const char *format_of(const char *id)
{
    const char *dot = strrchr(id, '.');
    if (dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown")))
        return "md";
    if (dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm")))
        return "html";
    return "txt";
}

/* Emit normalised bytes for raw [r, r+rl). */
static void emit(nerq_buf *t, nerq_offmap *m, uint32_t r, uint32_t rl, const char *s, uint32_t n)
{
    nerq_offmap_piece(m, (uint32_t)t->len, r, n, rl);
    nerq_buf_put(t, s, n);
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
    const unsigned char *p = (const unsigned char *)data;
    int utf8 = nerq_utf8_valid_prefix(data, len) == len;
    a->encoding = utf8 ? "utf-8" : "windows-1252";
    nerq_buf *t = &g->text;
    t->len = 0;
    nerq_offmap *m = &a->offmap;
    size_t i = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3; /* byte-order mark */
    while (i < len) {
        /* Copy the longest plain run in one piece. */
        size_t j = i;
        while (j < len && p[j] >= 0x20 && p[j] < 0x80)
            j++;
        if (j < len && p[j] == '\n')
            j++;
        if (j > i) {
            emit(t, m, (uint32_t)i, (uint32_t)(j - i), data + i, (uint32_t)(j - i));
            i = j;
            continue;
        }
        unsigned char c = p[i];
        if (c == '\r') {
            size_t rl = (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
            emit(t, m, (uint32_t)i, (uint32_t)rl, "\n", 1);
            i += rl;
        } else if (c == 0) {
            a->repairs++; /* NUL bytes dropped */
            i++;
        } else if (c < 0x80) {
            /* other control characters: tab and form feed become spaces */
            emit(t, m, (uint32_t)i, 1, c == '\t' || c == '\f' || c == '\v' ? " " : "\xEF\xBF\xBD",
                 c == '\t' || c == '\f' || c == '\v' ? 1 : 3);
            if (!(c == '\t' || c == '\f' || c == '\v'))
                a->repairs++;
            i++;
        } else if (utf8) {
            int k = nerq_utf8_seq(p + i, len - i);
            emit(t, m, (uint32_t)i, (uint32_t)k, data + i, (uint32_t)k);
            i += (size_t)k;
        } else {
            uint32_t cp = c >= 0xA0 ? c : cp1252[c - 0x80];
            char enc[4];
            int k = nerq_utf8_encode(cp, enc);
            if (cp == 0xFFFD)
                a->repairs++;
            emit(t, m, (uint32_t)i, 1, enc, (uint32_t)k);
            i++;
        }
    }
    nerq_offmap_finish(m);
    if (a->repairs && utf8)
        a->encoding = "utf-8+repaired";
    a->text = nerq_arena_strndup(a->arena, t->data ? t->data : "", t->len);
    a->text_len = (uint32_t)t->len;
    /* Title: the first non-blank line. */
    const char *s = a->text, *e = a->text + a->text_len;
    while (s < e && (*s == '\n' || *s == ' '))
        s++;
    const char *nl = memchr(s, '\n', (size_t)(e - s));
    if (s < e) {
        const char *le = nl ? nl : e;
        while (le > s && le[-1] == ' ')
            le--;
        a->title = nerq_arena_strndup(a->arena, s, (size_t)(le - s));
    }
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
