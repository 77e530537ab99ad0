/* buf.c: nerq_buf, the owned growable byte buffer, its JSON string writer, the generic
 * vector growth used by NERQ_VEC, and nerq_err. */
#include "nerq.h"

#include <math.h>
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

/* Two decimal digits at a time: "00" .. "99". */
const char nerq_digits2[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The decimal digits of v, written backwards ending at end; returns where they start. */
static inline __attribute__((always_inline)) char *u64_digits(char *end, uint64_t v)
{
    while (v > UINT32_MAX) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        *--end = nerq_digits2[d + 1];
        *--end = nerq_digits2[d];
    }
    uint32_t w = (uint32_t)v; /* the rest in 32-bit arithmetic: cheaper divisions */
    while (w >= 100) {
        unsigned d = (w % 100) * 2;
        w /= 100;
        *--end = nerq_digits2[d + 1];
        *--end = nerq_digits2[d];
    }
    if (w >= 10) {
        *--end = nerq_digits2[w * 2 + 1];
        *--end = nerq_digits2[w * 2];
    } else {
        *--end = (char)('0' + w);
    }
    return end;
}

char *nerq_put_u64(char *p, uint64_t v)
{
    /* Offsets are mostly below a million: their digits two at a time, by the length,
     * with no loop. */
    if (v < 100) {
        if (v < 10) {
            *p = (char)('0' + v);
            return p + 1;
        }
        memcpy(p, nerq_digits2 + 2 * v, 2);
        return p + 2;
    }
    if (v < 10000) {
        uint32_t hi = (uint32_t)v / 100, lo = (uint32_t)v - hi * 100;
        if (hi < 10) {
            *p = (char)('0' + hi);
            memcpy(p + 1, nerq_digits2 + 2 * lo, 2);
            return p + 3;
        }
        memcpy(p, nerq_digits2 + 2 * hi, 2);
        memcpy(p + 2, nerq_digits2 + 2 * lo, 2);
        return p + 4;
    }
    if (v < 1000000) {
        uint32_t w = (uint32_t)v, hi = w / 10000, mid = w - hi * 10000, m1 = mid / 100, m2 = mid - m1 * 100;
        if (hi < 10) {
            *p++ = (char)('0' + hi);
        } else {
            memcpy(p, nerq_digits2 + 2 * hi, 2);
            p += 2;
        }
        memcpy(p, nerq_digits2 + 2 * m1, 2);
        memcpy(p + 2, nerq_digits2 + 2 * m2, 2);
        return p + 4;
    }
    static const uint32_t pow10[10] = {1,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};
    int n;
    if (v <= UINT32_MAX) { /* count from the bit length, no divisions */
        uint32_t w = (uint32_t)v;
        int t = ((32 - __builtin_clz(w)) * 1233) >> 12; /* 1233/4096 ~ log10(2) */
        n = t + 1 - (w < pow10[t]);
    } else {
        n = 10;
        for (uint64_t t = v / 10000000000ULL; t; t /= 10)
            n++;
    }
    u64_digits(p + n, v);
    return p + n;
}

char *nerq_put_hex16(char *p, uint64_t v)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, v >>= 4)
        p[i] = hex[v & 15];
    return p + 16;
}

void nerq_buf_put_u64(nerq_buf *b, uint64_t v)
{
    if (b->len + 21 > b->cap)
        nerq_buf_grow(b, 20);
    b->len = (size_t)(nerq_put_u64(b->data + b->len, v) - b->data);
    b->data[b->len] = '\0';
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

void nerq_buf_put_fixed2(nerq_buf *b, double v)
{
    if (v >= 0 && !signbit(v) && v < 1e15) {
        /* v is m / 2^s exactly (from its bits; s >= 3 below 1e15), so v * 100 is
         * m * 100 / 2^s with m * 100 < 2^60: its integer part, and whether the rest is
         * above, at or below a half, in integers. Ties round half to even on the exact
         * value, as printf does (no long double: valgrind's is only a double). */
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        unsigned ex = (unsigned)(bits >> 52) & 0x7FF;
        uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
        unsigned sh = ex ? 1075 - ex : 1074;
        if (ex)
            m |= UINT64_C(1) << 52;
        uint64_t k = 0;
        if (sh < 64) { /* else v < 2^-11: v * 100 < 0.05 */
            uint64_t p = m * 100, rest = p & ((UINT64_C(1) << sh) - 1), half = UINT64_C(1) << (sh - 1);
            k = p >> sh;
            if (rest > half || (rest == half && (k & 1)))
                k++;
        }
        char tmp[24];
        char *e = tmp + 24;
        unsigned c = (unsigned)(k % 100) * 2;
        *--e = nerq_digits2[c + 1];
        *--e = nerq_digits2[c];
        *--e = '.';
        char *s = u64_digits(e, k / 100);
        nerq_buf_put(b, s, (size_t)(tmp + 24 - s));
        return;
    }
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.2f", v);
    if (n > 0)
        nerq_buf_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A byte a JSON string holds as it is: printable ASCII but '"' and '\\'. */
static int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Whether none of the 8 bytes of w needs escaping: each is in 0x20..0x7F and neither '"'
 * nor '\\' (the classic "has a byte less than n" / "has a zero byte" word tricks). */
static int plain8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t ctl = w - ones * 0x20;           /* a byte < 0x20 borrows into its high bit */
    uint64_t quo = (w ^ (ones * '"')) - ones; /* a zero byte (a '"') does the same */
    uint64_t bsl = (w ^ (ones * '\\')) - ones;
    return ((ctl | quo | bsl | w) & high) == 0;
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
        /* A run of plain bytes, a word at a time (the word tricks are exact only when no
         * byte is >= 0x80, which the `| w` term ensures), then a byte at a time. */
        size_t j = i;
        while (j + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + j, 8);
            if (!plain8(w))
                break;
            j += 8;
        }
        while (j < n && plain(p[j]))
            j++;
        if (j > i) {
            memcpy(o, p + i, j - i);
            o += j - i;
            i = j;
            if (i >= n)
                break;
        }
        unsigned char c = p[i];
        if (c >= 0x80) {
            int k = nerq_utf8_seq(p + i, n - i);
            if (k) {
                for (int m = 0; m < k; m++)
                    *o++ = (char)p[i + m];
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
