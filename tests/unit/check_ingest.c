/* check_ingest.c: the ingest stage. A property test over every fixture and example (each
 * character of `text` maps back to its own bytes in the file, or to the bytes it
 * replaces; no character maps into a removed span), then focused cases: de-hyphenation,
 * HTML, Markdown, metadata, boilerplate, CoNLL-style wire text, hostile input. */
#include "check_util.h"

#include <stdlib.h>

#define DATA NERQ_DATADIR

static nerq_ingest *ingester(void)
{
    static nerq_ingest *g;
    if (!g) {
        nerq_config c;
        nerq_config_default(&c);
        nerq_err err = {{0}};
        g = nerq_ingest_new(&c, &err);
        ck_assert_msg(g != NULL, "setup: %s", err.msg);
    }
    return g;
}

static char *slurp(const char *path, size_t *len)
{
    nerq_buf b = {0};
    nerq_err err = {{0}};
    ck_assert_msg(nerq_file_read(path, &b, (size_t)1 << 30, &err) == 0, "%s: %s", path, err.msg);
    nerq_buf_grow(&b, 1); /* a NUL-terminated buffer even for an empty file */
    *len = b.len;
    return b.data;
}

static nerq_article *ingest_file(const char *dir, const char *rel, char **raw, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    *raw = slurp(path, len);
    nerq_article *a = nerq_article_new();
    nerq_err err = {{0}};
    ck_assert_msg(nerq_ingest_bytes(ingester(), a, rel, *raw, *len, &err) == 0, "%s: %s", rel,
                  err.msg);
    return a;
}

static nerq_article *ingest_str(const char *id, const char *s)
{
    nerq_article *a = nerq_article_new();
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_ingest_bytes(ingester(), a, id, s, strlen(s), &err), 0);
    return a;
}

static int is_dash(const char *s, size_t n)
{
    static const char *d[] = {"\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92", "\xE2\x81\x83",
                              "\xE2\x88\x92", "\xE2\x80\x95"};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (n == 3 && !memcmp(s, d[i], 3))
            return 1;
    return 0;
}

/* The property: every character of text that is not a space or a line break is a copy
 * of its raw bytes, or an allowed replacement (character reference, Windows-1252 byte,
 * U+FFFD, an odd dash); raw spans go forward and never touch a removed span. */
static void check_map(const nerq_article *a, const char *raw, size_t len)
{
    uint32_t prev_end = 0;
    for (uint32_t i = 0; i < a->text_len;) {
        int k = nerq_utf8_seq((const unsigned char *)a->text + i, a->text_len - i);
        ck_assert_msg(k > 0, "%s: text not UTF-8 at %u", a->id, i);
        char c = a->text[i];
        if (c == ' ' || c == '\n') {
            i += (uint32_t)k;
            continue;
        }
        uint32_t rs = nerq_offmap_raw(&a->offmap, i), re = nerq_offmap_raw_end(&a->offmap, i + (uint32_t)k);
        ck_assert_msg(rs < re && re <= len, "%s: text %u maps to [%u, %u)", a->id, i, rs, re);
        ck_assert_msg(rs >= prev_end, "%s: text %u maps back before the previous character",
                      a->id, i);
        int same = re - rs == (uint32_t)k && !memcmp(raw + rs, a->text + i, (size_t)k);
        int ok = same || (raw[rs] == '&' && raw[re - 1] == ';') ||
                 (!strcmp(a->encoding, "windows-1252") && re - rs == 1) ||
                 (k == 3 && !memcmp(a->text + i, "\xEF\xBF\xBD", 3)) ||
                 ((c == '-' || (k == 3 && !memcmp(a->text + i, "\xE2\x80\x94", 3))) &&
                  is_dash(raw + rs, re - rs));
        ck_assert_msg(ok, "%s: text %u '%.*s' maps to raw '%.*s'", a->id, i, k, a->text + i,
                      (int)(re - rs), raw + rs);
        for (size_t r = 0; r < a->removed.n; r++)
            ck_assert_msg(re <= a->removed.v[r].raw_start || rs >= a->removed.v[r].raw_end,
                          "%s: text %u maps into removed span %zu", a->id, i, r);
        prev_end = re;
        i += (uint32_t)k;
    }
    for (size_t r = 0; r < a->removed.n; r++) {
        ck_assert(a->removed.v[r].raw_start < a->removed.v[r].raw_end);
        ck_assert(a->removed.v[r].raw_end <= len);
        ck_assert(!r || a->removed.v[r - 1].raw_start <= a->removed.v[r].raw_start);
    }
}

static void check_dir(const char *dir)
{
    nerq_filelist files;
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_walk(dir, &files, NULL, &err), 0);
    ck_assert(files.n > 0);
    for (size_t f = 0; f < files.n; f++) {
        char *raw;
        size_t len;
        nerq_article *a = ingest_file(dir, files.paths[f], &raw, &len);
        check_map(a, raw, len);
        nerq_test_round_trip(a); /* the record reads back to the same bytes */
        nerq_article_free(a);
        free(raw);
    }
    nerq_filelist_free(&files);
}

START_TEST(map_back_fixtures) { check_dir(DATA "/tests/fixtures/articles"); }
END_TEST

START_TEST(map_back_examples) { check_dir(DATA "/examples"); }
END_TEST

/* Raw bytes of the first occurrence of s in a's text. */
static int raw_of(const nerq_article *a, const char *raw, const char *s, char *out, size_t cap)
{
    const char *p = strstr(a->text, s);
    if (!p)
        return 0;
    uint32_t i = (uint32_t)(p - a->text);
    uint32_t rs = nerq_offmap_raw(&a->offmap, i);
    uint32_t re = nerq_offmap_raw_end(&a->offmap, i + (uint32_t)strlen(s));
    snprintf(out, cap, "%.*s", (int)(re - rs), raw + rs);
    return 1;
}

START_TEST(dehyphenation)
{
    char *raw, got[256];
    size_t len;
    nerq_article *a = ingest_file(DATA "/tests/fixtures/articles", "hyphenation.txt", &raw, &len);
    ck_assert(raw_of(a, raw, "ratification", got, sizeof got)); /* not a word split: joined */
    ck_assert_str_eq(got, "ratifi-\ncation");
    ck_assert(raw_of(a, raw, "negotiations,", got, sizeof got));
    ck_assert_str_eq(got, "negoti-\nations,");
    ck_assert(raw_of(a, raw, "well-known", got, sizeof got)); /* "wellknown": no word */
    ck_assert_str_eq(got, "well-\nknown");
    ck_assert(raw_of(a, raw, "co-operation", got, sizeof got)); /* prefix before a vowel */
    ck_assert(raw_of(a, raw, "Border talks edge forward as envoys agree to meet again", got, sizeof got));
    ck_assert_str_eq(a->title, "Border talks edge forward as envoys agree to meet again");
    nerq_article_free(a);
    free(raw);
    a = ingest_file(DATA "/examples", "pdf-wrapped.txt", &raw, &len);
    ck_assert(raw_of(a, raw, "de-escalate the standoff", got, sizeof got));
    ck_assert_str_eq(got, "de-\nescalate the standoff");
    ck_assert_ptr_null(strstr(a->text, "\n ")); /* no indentation left */
    nerq_article_free(a);
    free(raw);
}
END_TEST

START_TEST(pdf_layout)
{
    char *raw, got[256];
    size_t len;
    nerq_article *a = ingest_file(DATA "/tests/fixtures/articles", "pdf-indented.txt", &raw, &len);
    /* four paragraphs after the two-line title; the page break inside one is joined */
    int paras = 1;
    for (const char *p = a->text; (p = strstr(p, "\n\n")); p += 2)
        paras++;
    ck_assert_int_eq(paras, 5);
    ck_assert(raw_of(a, raw, "approval from both parliaments", got, sizeof got));
    ck_assert_str_eq(got, "approval from\n\nboth parliaments");
    ck_assert(raw_of(a, raw, "closer than the headlines suggest", got, sizeof got));
    ck_assert_str_eq(got, "closer than the headlines\nsuggest");
    ck_assert(strstr(a->text, "a renegotiated share"));
    ck_assert_str_eq(a->title, "Fishing fleets return to port as quota talks stall in Reykjavik");
    nerq_article_free(a);
    free(raw);
}
END_TEST

START_TEST(html_page)
{
    char *raw, got[256];
    size_t len;
    nerq_article *a = ingest_file(DATA "/tests/fixtures/articles", "page-entities.html", &raw, &len);
    ck_assert_str_eq(a->title, "Caf\xC3\xA9 owners cheer new harbour bridge");
    ck_assert_str_eq(a->author, "Tom\xC3\xA1s Ruiz");
    ck_assert_str_eq(a->date, "2 May 2024");
    ck_assert_ptr_null(strstr(a->text, "nothing")); /* script, comment */
    ck_assert_ptr_null(strstr(a->text, "margin"));  /* style */
    ck_assert(raw_of(a, raw, "\xE2\x82\xAC" "40 million", got, sizeof got));
    ck_assert_str_eq(got, "&euro;40&nbsp;million");
    ck_assert(raw_of(a, raw, "a third more than planned", got, sizeof got));
    ck_assert_str_eq(got, "a <em>third</em> more than\nplanned");
    ck_assert(strstr(a->text, "\xE2\x80\x9C" "double the footfall" "\xE2\x80\x9D"));
    ck_assert(strstr(a->text, "The new bridge at dusk.")); /* the caption stays */
    ck_assert_ptr_null(strstr(a->text, "Ian Roe"));          /* its credit goes */
    ck_assert_ptr_null(strstr(a->text, "comment"));
    int script = 0;
    for (size_t r = 0; r < a->removed.n; r++)
        script += !strcmp(a->removed.v[r].rule, "html-script");
    ck_assert_int_eq(script, 1);
    nerq_article_free(a);
    free(raw);
}
END_TEST

START_TEST(markdown)
{
    char *raw, got[256];
    size_t len;
    nerq_article *a = ingest_file(DATA "/tests/fixtures/articles", "article.md", &raw, &len);
    ck_assert_str_eq(a->title, "Rail freight doubles on the Alpine corridor");
    ck_assert_str_eq(a->author, "Sara Lind");
    ck_assert_str_eq(a->date, "3 June 2024");
    ck_assert(strncmp(a->text, "Rail freight doubles on the Alpine corridor\n\nSara Lind\n\n3 June 2024\n\n", 68) == 0);
    ck_assert(raw_of(a, raw, "the Gotthard tunnel", got, sizeof got));
    ck_assert_str_eq(got, "the *Gotthard* tunnel");
    ck_assert(raw_of(a, raw, "SBB Cargo said", got, sizeof got));
    ck_assert_str_eq(got, "SBB Cargo](https://example.org/sbb) said");
    ck_assert(raw_of(a, raw, "$90", got, sizeof got));
    ck_assert_str_eq(got, "$90");
    ck_assert(strstr(a->text, "lower track fees,\n\na new timetable, and\n\nroad tolls"));
    ck_assert(strstr(a->text, "planner Jonas Meier of the operator."));
    ck_assert_ptr_null(strstr(a->text, "http"));
    ck_assert_ptr_null(strstr(a->text, "desk@"));
    nerq_article_free(a);
    free(raw);
}
END_TEST

START_TEST(boilerplate_and_metadata)
{
    char *raw;
    size_t len;
    nerq_article *a = ingest_file(DATA "/tests/fixtures/articles", "web-boilerplate.txt", &raw, &len);
    ck_assert_str_eq(a->author, "Marta Keller");
    ck_assert(strstr(a->text, "\n\nBy Marta Keller\n\n")); /* the byline stays in the text */
    ck_assert(strstr(a->text, "at the opening on Sunday.\n\n")); /* caption without credit */
    static const char *gone[] = {"Tom Berger", "Lena Frei", "Connect", "Facebook", "Instagram",
                                 "Write to", "rights reserved"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        ck_assert_msg(!strstr(a->text, gone[i]), "%s left in the text", gone[i]);
    ck_assert_uint_eq(a->removed.n, 7);
    nerq_article_free(a);
    free(raw);
}
END_TEST

START_TEST(wire_text_keeps_every_line)
{
    /* CoNLL-style: headline, byline, dateline stay in the text as paragraphs */
    const char *s = "RUGBY - LATE TRY SAVES HOSTS .\n\nAnna Berg\n\nCARDIFF 1996-08-30\n\n"
                    "A late try gave the hosts a draw on Friday .\n";
    nerq_article *a = ingest_str("doc.txt", s);
    ck_assert_str_eq(a->text, "RUGBY - LATE TRY SAVES HOSTS .\n\nAnna Berg\n\nCARDIFF 1996-08-30\n\n"
                              "A late try gave the hosts a draw on Friday .");
    ck_assert_str_eq(a->title, "RUGBY - LATE TRY SAVES HOSTS .");
    ck_assert_str_eq(a->author, "Anna Berg");
    ck_assert_str_eq(a->date, "1996-08-30");
    ck_assert_uint_eq(a->removed.n, 0);
    nerq_article_free(a);
}
END_TEST

START_TEST(date_inside_a_wrapped_sentence)
{
    /* a body line that holds a date sets `date` but is not cut out of its sentence */
    const char *s = " Ferry strike ends on the Baltic crossing\n"
                    "   Crews of the northern ferry line went back\n"
                    "to work on 3 May 2024 after a week of hard\n"
                    "talks with the owners, the union said today.\n"
                    "   The operator said that the timetable would\n"
                    "return to normal on Monday for all its routes.\n"
                    "   Fares will stay the same until the autumn,\n"
                    "when the new winter timetable comes in again.\n";
    nerq_article *a = ingest_str("f.txt", s);
    ck_assert_str_eq(a->date, "3 May 2024");
    ck_assert(strstr(a->text, "went back to work on 3 May 2024 after a week of hard talks with"));
    nerq_article_free(a);
}
END_TEST

START_TEST(typography)
{
    nerq_article *a = ingest_str("t.txt", "A\xC2\xA0\xC2\xA0" "b\xE2\x80\x8A" "c \xE2\x80\x91" "d\xC2\xAD" "e \xE2\x80\x94 \xE2\x80\x9Cq\xE2\x80\x9D\xE2\x80\xA8r");
    ck_assert_str_eq(a->text, "A b c -de \xE2\x80\x94 \xE2\x80\x9Cq\xE2\x80\x9D r");
    nerq_article_free(a);
}
END_TEST

START_TEST(hostile_input)
{
    static const char *ids[] = {"x.html", "x.md", "x.txt"};
    nerq_buf b = {0};
    for (int i = 0; i < 20000; i++)
        nerq_buf_puts(&b, i % 3 ? "<" : "[");
    nerq_buf_puts(&b, "<script>never closed &#99999999; &#x0; &bogus; **_`\\");
    for (int i = 0; i < 2000; i++)
        nerq_buf_puts(&b, "-\n\n");
    for (int i = 0; i < 100000; i++) /* one long line of brackets: stays linear */
        nerq_buf_puts(&b, i % 2 ? "[" : "![");
    nerq_buf_putc(&b, '\0');
    const char *cases[] = {"", "\n\n\n", "<", "&", "&#", "&#x;", "<!--", "<a href=\"x", "#",
                           "# ", "[a](", "![", "*", "a-\n", "-\nb", "\xC2\xA0\n\xC2\xA0", b.data};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (size_t k = 0; k < 3; k++) {
            nerq_article *a = ingest_str(ids[k], cases[c]);
            check_map(a, cases[c], strlen(cases[c]));
            nerq_article_free(a);
        }
    nerq_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("ingest");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, map_back_fixtures);
    tcase_add_test(tc, map_back_examples);
    tcase_add_test(tc, dehyphenation);
    tcase_add_test(tc, pdf_layout);
    tcase_add_test(tc, html_page);
    tcase_add_test(tc, markdown);
    tcase_add_test(tc, boilerplate_and_metadata);
    tcase_add_test(tc, wire_text_keeps_every_line);
    tcase_add_test(tc, date_inside_a_wrapped_sentence);
    tcase_add_test(tc, typography);
    tcase_add_test(tc, hostile_input);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
