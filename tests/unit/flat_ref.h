/* flat_ref.h: the flat tables (mentions.jsonl, quotes.jsonl) cut out of a written record
 * line: each element of a top-level array becomes one row with the article id in front.
 * Once the run's own way (it scanned every record it wrote); now the reference the rows
 * nerq_record_write_rows writes in the same pass as the record are checked against. */
#ifndef NERQ_FLAT_REF_H
#define NERQ_FLAT_REF_H
#include "nerq.h"

#include <string.h>

static size_t skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* s[i] is '"': the index after the closing quote, or n. memchr finds each candidate
 * quote; it closes the string unless an odd run of backslashes precedes it. */
static size_t skip_string(const char *s, size_t i, size_t n)
{
    for (i++; i < n;) {
        const char *q = memchr(s + i, '"', n - i);
        if (!q)
            return n;
        size_t k = (size_t)(q - s), bs = 0;
        while (k - bs > i && s[k - bs - 1] == '\\')
            bs++;
        if (bs % 2 == 0)
            return k + 1;
        i = k + 1;
    }
    return n;
}

/* The index after the value at s[i], or n when it does not end. */
static size_t skip_value(const char *s, size_t i, size_t n)
{
    if (i >= n)
        return n;
    if (s[i] == '"')
        return skip_string(s, i, n);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < n) {
            /* jump to the next character that matters: a tight loop, no branch per kind */
            static const unsigned char structural[256] = {['"'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1};
            while (i < n && !structural[(unsigned char)s[i]])
                i++;
            if (i >= n)
                break;
            char c = s[i];
            if (c == '"') {
                i = skip_string(s, i, n);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            i++;
        }
        return n;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ')
        i++;
    return i;
}

/* Rows of the top-level arrays keys[0..nkeys) into outs[k], in one pass over the record.
 * Returns the number of rows written, or -1 for a line that is not a record. */
static long rows_of(nerq_buf *const *outs, const char *const *keys, int nkeys, const char *s, size_t n)
{
    size_t i = skip_ws(s, 0, n);
    if (i >= n || s[i] != '{')
        return -1;
    const char *id = NULL;
    size_t id_len = 0;
    long total = 0;
    int left = nkeys;
    i++;
    while (1) {
        i = skip_ws(s, i, n);
        if (i >= n || s[i] != '"')
            return -1;
        size_t k0 = i + 1, k1 = skip_string(s, i, n) - 1;
        i = skip_ws(s, k1 + 1, n);
        if (i >= n || s[i] != ':')
            return -1;
        i = skip_ws(s, i + 1, n);
        size_t v0 = i, v1 = skip_value(s, i, n);
        if (v1 >= n)
            return -1;
        int which = -1;
        for (int k = 0; k < nkeys; k++)
            if (k1 - k0 == strlen(keys[k]) && !memcmp(s + k0, keys[k], k1 - k0))
                which = k;
        if (k1 - k0 == 2 && !memcmp(s + k0, "id", 2)) {
            id = s + v0;
            id_len = v1 - v0;
        } else if (which >= 0) {
            nerq_buf *out = outs[which];
            if (!id || s[v0] != '[')
                return -1;
            long rows = 0;
            size_t j = skip_ws(s, v0 + 1, v1);
            while (j < v1 && s[j] == '{') {
                size_t e = skip_value(s, j, v1);
                size_t body = skip_ws(s, j + 1, e);
                nerq_buf_put(out, "{\"article\":", 11);
                nerq_buf_put(out, id, id_len);
                nerq_buf_put(out, ",\"index\":", 9);
                nerq_buf_put_u64(out, (uint64_t)rows);
                if (s[body] != '}')
                    nerq_buf_putc(out, ',');
                nerq_buf_put(out, s + body, e - body);
                nerq_buf_putc(out, '\n');
                rows++;
                j = skip_ws(s, e, v1);
                if (j < v1 && s[j] == ',')
                    j = skip_ws(s, j + 1, v1);
            }
            if (j + 1 != v1)
                return -1;
            total += rows;
            if (--left == 0)
                return total; /* nothing after the last wanted key is read */
        }
        i = skip_ws(s, v1, n);
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        return i < n && s[i] == '}' ? total : -1;
    }
}

/* One row per element of the top-level array `key` of the record line:
 * {"article":ID,"index":K, ...the element's own fields}. The number of rows, or -1 when
 * the line is not a record of the expected shape. */
static inline long nerq_flat_rows(nerq_buf *out, const char *s, size_t n, const char *key)
{
    return rows_of(&out, &key, 1, s, n);
}

/* Both flat tables of a record line in one pass (rows appended to each buffer). */
static inline long nerq_flat_tables(nerq_buf *mentions, nerq_buf *quotes, const char *s, size_t n)
{
    nerq_buf *outs[2] = {mentions, quotes};
    static const char *const keys[2] = {"mentions", "quotes"};
    return rows_of(outs, keys, 2, s, n);
}

#endif
