/* buf.c: nerq_buf, the owned growable byte buffer, its JSON string writer, the generic
 * vector growth used by NERQ_VEC, and nerq_err. */
#include "nerq.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void nerq_err_set(nerq_err *e, const char *fmt, ...)
{
    if (!e)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        /* Out of memory is not recoverable for a filter; fail loudly, never corrupt. */
        fputs("nerq: out of memory\n", stderr);
        abort();
    }
    return q;
}

void *nerq_vec_grow_(void *v, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    *cap = c;
    return xrealloc(v, c * elem);
}

void nerq_buf_grow(nerq_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t c = b->cap ? b->cap : 256;
    while (c < b->len + extra + 1)
        c *= 2;
    b->data = xrealloc(b->data, c);
    b->cap = c;
}

void nerq_buf_put(nerq_buf *b, const void *s, size_t n)
{
    nerq_buf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nerq_buf_puts(nerq_buf *b, const char *s) { nerq_buf_put(b, s, strlen(s)); }

void nerq_buf_putc(nerq_buf *b, char c)
{
    nerq_buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void nerq_buf_printf(nerq_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    nerq_buf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void nerq_buf_put_u64(nerq_buf *b, uint64_t v)
{
    char tmp[24];
    int i = 24;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    nerq_buf_put(b, tmp + i, (size_t)(24 - i));
}

void nerq_buf_put_i64(nerq_buf *b, int64_t v)
{
    if (v < 0) {
        nerq_buf_putc(b, '-');
        nerq_buf_put_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        nerq_buf_put_u64(b, (uint64_t)v);
    }
}

void nerq_buf_put_jstr(nerq_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    /* Reserve the worst case (every byte a \u00XX escape) once, then write through a
     * pointer: no capacity check per character. */
    nerq_buf_grow(b, n * 6 + 2);
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *o++ = (char)c;
            i++;
            continue;
        }
        if (c >= 0x80) {
            int k = nerq_utf8_seq(p + i, n - i);
            if (k) {
                for (int j = 0; j < k; j++)
                    *o++ = (char)p[i + j];
                i += (size_t)k;
            } else {
                *o++ = (char)0xEF; /* U+FFFD for a byte that is not UTF-8 */
                *o++ = (char)0xBF;
                *o++ = (char)0xBD;
                i++;
            }
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\t': *o++ = 't'; break;
        case '\r': *o++ = 'r'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
        i++;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

void nerq_buf_free(nerq_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
