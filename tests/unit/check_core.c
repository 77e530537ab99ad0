/* check_core.c: buffers, arena, UTF-8, offset map, record round trip. */
#include "check_util.h"

#include <stdlib.h>

START_TEST(buf_json_escapes)
{
    nerq_buf b = {0};
    nerq_buf_put_jstr(&b, "a\"b\\c\n\x01\xff\xC3\xA9", 10);
    ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\xC3\xA9\"");
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
    tcase_add_test(tc, utf8_validation);
    tcase_add_test(tc, utf8_scans_match_byte_loops);
    tcase_add_test(tc, arena_many);
    tcase_add_test(tc, offmap_pieces);
    tcase_add_test(tc, record_round_trip);
    tcase_add_test(tc, record_rejects_bad_fields);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
