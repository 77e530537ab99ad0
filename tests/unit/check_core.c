/* check_core.c: buffers, arena, UTF-8, offset map, record round trip. */
#include "check_util.h"

#include <math.h>
#include <xxhash.h> /* libxxhash itself, to check nerq_hash64 against */
#include <stdlib.h>
#include <string.h>

START_TEST(buf_json_escapes)
{
    nerq_buf b = {0};
    nerq_buf_put_jstr(&b, "a\"b\\c\n\x01\xff\xC3\xA9", 10);
    ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\xC3\xA9\"");
    nerq_buf_free(&b);
}
END_TEST

/* The byte-at-a-time writer the fast one must equal. */
static void jstr_reference(nerq_buf *b, const unsigned char *p, size_t n)
{
    nerq_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            int k = nerq_utf8_seq(p + i, n - i);
            if (k)
                nerq_buf_put(b, p + i, (size_t)k);
            else
                nerq_buf_put(b, "\xEF\xBF\xBD", 3);
            i += k ? (size_t)k : 1;
            continue;
        }
        const char *e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                      : c == '\t' ? "\\t" : c == '\r' ? "\\r" : c == '\b' ? "\\b"
                      : c == '\f' ? "\\f" : NULL;
        if (e)
            nerq_buf_puts(b, e);
        else if (c < 0x20)
            nerq_buf_printf(b, "\\u%04x", c);
        else
            nerq_buf_putc(b, (char)c);
        i++;
    }
    nerq_buf_putc(b, '"');
}

/* Every kind of byte at every position of words and tails: same bytes as the reference. */
START_TEST(buf_json_escapes_match_reference)
{
    static const unsigned char pool[] = {'a', 'Z', ' ', '~', 0x7f, '"', '\\', '\n', '\t', '\r',
                                         '\b', '\f', 0x00, 0x01, 0x1f, 0x20, 0x21, 0x5b, 0x5d,
                                         0xC3, 0xA9, 0xE2, 0x80, 0x9C, 0xF0, 0x9F, 0xFF, 0xC0};
    unsigned char s[80];
    nerq_buf got = {0}, want = {0};
    unsigned seed = 11;
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 70);
        int sparse = round % 3; /* mostly plain text, as in articles */
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16);
            s[i] = sparse && r % 8 ? (unsigned char)('a' + r % 26) : pool[r % sizeof pool];
        }
        got.len = want.len = 0;
        nerq_buf_puts(&got, "x");
        nerq_buf_puts(&want, "x");
        nerq_buf_put_jstr(&got, (const char *)s, n);
        jstr_reference(&want, s, n);
        ck_assert_uint_eq(got.len, want.len);
        ck_assert_mem_eq(got.data, want.data, want.len);
        ck_assert_int_eq(got.data[got.len], '\0');
    }
    got.len = 0;
    nerq_buf_put_jstr(&got, "", 0);
    ck_assert_str_eq(got.data, "\"\"");
    nerq_buf_free(&got);
    nerq_buf_free(&want);
}
END_TEST

START_TEST(buf_integers)
{
    static const uint64_t u[] = {0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 99999, 100000,
                                 4294967295ULL, 4294967296ULL, 10000000000000000000ULL,
                                 18446744073709551615ULL};
    char want[64];
    nerq_buf b = {0};
    for (size_t i = 0; i < sizeof u / sizeof *u; i++) {
        b.len = 0;
        nerq_buf_put_u64(&b, u[i]);
        snprintf(want, sizeof want, "%llu", (unsigned long long)u[i]);
        ck_assert_str_eq(b.data, want);
    }
    static const int64_t s[] = {0, -1, 7, -10, 123, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        b.len = 0;
        nerq_buf_put_i64(&b, s[i]);
        snprintf(want, sizeof want, "%lld", (long long)s[i]);
        ck_assert_str_eq(b.data, want);
    }
    for (uint64_t p10 = 1, k = 0; k < 20; k++, p10 *= 10) /* every digit count, both sides */
        for (uint64_t v = p10 - 1; v <= p10 + 1; v++) {
            b.len = 0;
            nerq_buf_put_u64(&b, v);
            snprintf(want, sizeof want, "%llu", (unsigned long long)v);
            ck_assert_str_eq(b.data, want);
            char raw[24];
            *nerq_put_u64(raw, v) = '\0';
            ck_assert_str_eq(raw, want);
        }
    for (uint64_t v = 0; v < 200000; v += 7) {
        b.len = 0;
        nerq_buf_put_u64(&b, v);
        snprintf(want, sizeof want, "%llu", (unsigned long long)v);
        ck_assert_str_eq(b.data, want);
    }
    nerq_buf_free(&b);
}
END_TEST

static void fixed2_is_printf(nerq_buf *b, double v)
{
    char want[400];
    snprintf(want, sizeof want, "%.2f", v);
    b->len = 0;
    nerq_buf_put_fixed2(b, v);
    if (strcmp(b->data, want))
        ck_abort_msg("%.17g: got %s, printf %s", v, b->data, want);
}

/* "%.2f" to the byte: ties (0.125, 0.375: half to even on the exact binary value), values
 * just either side of every half cent, zero signs, large, negative, not finite. */
START_TEST(buf_fixed2_is_printf)
{
    nerq_buf b = {0};
    static const double special[] = {0.0, -0.0, 0.005, 0.015, 0.025, 0.125, 0.375, 0.625, 0.875,
                                     1.005, 2.675, 0.994999, 0.995, 0.999, 1.0, 9.995, 99.995,
                                     1e14 + 0.125, 999999999999999.9, 1e15, 1e15 + 0.5, 1e300,
                                     -0.001, -0.005, -1.5, -2.675, 5e-324, 2.2250738585072014e-308,
                                     1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        fixed2_is_printf(&b, special[i]);
    for (int k = 0; k <= 30000; k++) {
        double half = (k + 0.5) / 100.0, whole = k / 100.0, eighth = k / 8.0;
        fixed2_is_printf(&b, half);
        fixed2_is_printf(&b, nextafter(half, 0));
        fixed2_is_printf(&b, nextafter(half, 1e300));
        fixed2_is_printf(&b, whole);
        fixed2_is_printf(&b, eighth);
        fixed2_is_printf(&b, k / 1000.0);
    }
    uint64_t seed = 3;
    for (int i = 0; i < 30000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double v = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
        fixed2_is_printf(&b, v);
        fixed2_is_printf(&b, v * 1e6);
    }
    nerq_buf_free(&b);
}
END_TEST

START_TEST(utf8_validation)
{
    ck_assert_uint_eq(nerq_utf8_valid_prefix("abc\xC3\xA9", 5), 5);
    ck_assert_uint_eq(nerq_utf8_valid_prefix("ab\xC3", 3), 2);           /* truncated */
    ck_assert_uint_eq(nerq_utf8_valid_prefix("\xC0\xAF", 2), 0);         /* overlong */
    ck_assert_uint_eq(nerq_utf8_valid_prefix("\xED\xA0\x80", 3), 0);     /* surrogate */
    ck_assert_uint_eq(nerq_utf8_valid_prefix("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    ck_assert_uint_eq(nerq_utf8_count("\xC5\xA0" "e\xC5\xA1", 5), 3);
}
END_TEST

/* The word-at-a-time scans agree with byte loops at every length and alignment. */
START_TEST(utf8_scans_match_byte_loops)
{
    char s[64];
    unsigned seed = 7;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 40);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 10;
            s[i] = r < 6 ? (char)('a' + r) : r < 8 ? (char)0xC3 : (char)0xA9;
        }
        for (size_t off = 0; off <= n; off++) {
            size_t ascii = off, count = 0;
            while (ascii < n && (unsigned char)s[ascii] < 0x80)
                ascii++;
            for (size_t i = off; i < n; i++)
                count += ((unsigned char)s[i] & 0xC0) != 0x80;
            ck_assert_uint_eq(nerq_ascii_prefix(s + off, n - off), ascii - off);
            ck_assert_uint_eq(nerq_utf8_count(s + off, n - off), count);
        }
    }
}
END_TEST

START_TEST(arena_many)
{
    nerq_arena *a = nerq_arena_new();
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < 10000; i++) {
            char *s = nerq_arena_strdup(a, "hello");
            ck_assert_str_eq(s, "hello");
        }
        char *big = nerq_arena_alloc(a, 1 << 20);
        memset(big, 1, 1 << 20);
        nerq_arena_reset(a);
    }
    nerq_arena_free(a);
}
END_TEST

/* Packed strings sit right after one another; an aligned allocation after them is
 * aligned again; strings larger than a chunk and many small ones all stay intact. */
START_TEST(arena_packed)
{
    nerq_arena *a = nerq_arena_new();
    char *x = nerq_arena_strndup_packed(a, "abc", 3), *y = nerq_arena_strndup_packed(a, "de", 2);
    ck_assert_ptr_eq(y, x + 4);
    void *al = nerq_arena_alloc(a, 5);
    ck_assert_uint_eq((uintptr_t)al % _Alignof(max_align_t), 0);
    static char big[100000];
    memset(big, 'z', sizeof big - 1);
    char *b = nerq_arena_strndup_packed(a, big, sizeof big - 1);
    char *keep[5000];
    for (int i = 0; i < 5000; i++) {
        char s[32];
        int n = snprintf(s, sizeof s, "folder/%d.txt", i);
        keep[i] = nerq_arena_strndup_packed(a, s, (size_t)n);
    }
    ck_assert_str_eq(x, "abc");
    ck_assert_str_eq(y, "de");
    ck_assert_uint_eq(strlen(b), sizeof big - 1);
    for (int i = 0; i < 5000; i++) {
        char s[32];
        snprintf(s, sizeof s, "folder/%d.txt", i);
        ck_assert_str_eq(keep[i], s);
    }
    nerq_arena_free(a);
}
END_TEST

START_TEST(hash64_is_libxxhash)
{
    /* nerq's own XXH3 builds (inline, and AVX2 where the CPU has it) give what Debian's
     * libxxhash gives: the cache and manifest hashes of earlier runs stay valid */
    size_t cap = 20000;
    unsigned char *b = malloc(cap + 16);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < cap + 16; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        b[i] = (unsigned char)x;
    }
    for (size_t n = 0; n <= cap; n += n < 600 ? 1 : 97) {
        size_t off = n % 13;
        uint64_t seed = n % 3 ? n * 0x9E3779B97F4A7C15ull : 0;
        ck_assert_uint_eq(nerq_hash64(b + off, n), XXH3_64bits(b + off, n));
        ck_assert_uint_eq(nerq_hash64_seed(b + off, n, seed), XXH3_64bits_withSeed(b + off, n, seed));
    }
    free(b);
}
END_TEST

START_TEST(offmap_pieces)
{
    /* raw "ab*cd*&amp;x": norm "abcd&x" with the stars removed and &amp; decoded */
    nerq_offmap m = {0};
    nerq_offmap_piece(&m, 0, 0, 2, 2);  /* ab  <- 0..2 */
    nerq_offmap_piece(&m, 2, 3, 2, 2);  /* cd  <- 3..5 */
    nerq_offmap_piece(&m, 4, 6, 1, 5);  /* &   <- 6..11 */
    nerq_offmap_piece(&m, 5, 11, 1, 1); /* x   <- 11..12 */
    nerq_offmap_finish(&m);
    ck_assert_uint_eq(nerq_offmap_raw(&m, 0), 0);
    ck_assert_uint_eq(nerq_offmap_raw_end(&m, 2), 2); /* "ab" does not take the star */
    ck_assert_uint_eq(nerq_offmap_raw(&m, 2), 3);
    ck_assert_uint_eq(nerq_offmap_raw_end(&m, 4), 5);
    ck_assert_uint_eq(nerq_offmap_raw(&m, 4), 6);
    ck_assert_uint_eq(nerq_offmap_raw_end(&m, 5), 11); /* "&" is all of "&amp;" */
    ck_assert_uint_eq(nerq_offmap_raw_end(&m, 6), 12);
    free(m.a.v);
}
END_TEST

START_TEST(record_round_trip)
{
    nerq_article *a = nerq_test_article("Title line\n\n\xE2\x80\x9CHello,\xE2\x80\x9D she said.\n", "x.txt");
    nerq_test_round_trip(a);
    nerq_article_free(a);
}
END_TEST

START_TEST(record_rejects_bad_fields)
{
    nerq_article *a = nerq_article_new();
    nerq_err err = {{0}};
    const char *bad[] = {
        "{\"id\":1}",
        "{\"id\":\"a\",\"text\":\"abc\",\"format\":\"txt\",\"encoding\":\"utf-8\",\"bytes\":3,\"repairs\":0,"
        "\"offmap\":[0,0,3,3],\"removed\":[],\"tokens\":[[0,9,\"Wl\"]],\"sentences\":[],\"paragraphs\":[]}",
        "{\"id\":\"a\",\"text\":\"abc\"",
        "[1,2]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.msg[0] = '\0';
        ck_assert_int_eq(nerq_record_read(a, bad[i], strlen(bad[i]), &err), -1);
        ck_assert_msg(err.msg[0], "no message for case %zu", i);
    }
    nerq_article_free(a);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, buf_json_escapes);
    tcase_add_test(tc, buf_json_escapes_match_reference);
    tcase_add_test(tc, buf_integers);
    tcase_add_test(tc, buf_fixed2_is_printf);
    tcase_add_test(tc, utf8_validation);
    tcase_add_test(tc, utf8_scans_match_byte_loops);
    tcase_add_test(tc, arena_many);
    tcase_add_test(tc, arena_packed);
    tcase_add_test(tc, hash64_is_libxxhash);
    tcase_add_test(tc, offmap_pieces);
    tcase_add_test(tc, record_round_trip);
    tcase_add_test(tc, record_rejects_bad_fields);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
