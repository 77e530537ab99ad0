/* check_tokenize.c: tokens, classes, sentence and paragraph boundaries (issue 4). Every
 * sentence here is written for these tests. */
#include "check_util.h"

#include <stdio.h>
#include <stdlib.h>

/* The record's class code of token i ("Wc", "N", "Qo", ...). */
static const char *code(const nerq_article *a, size_t i)
{
    static const char *cls[] = {"?", "W", "N", "P", "Qo", "Qc", "Qa", "A", "D", "S"};
    static const char *shape[] = {"W", "Wc", "Wu", "Wl", "Wm"};
    ck_assert_uint_lt(i, a->tokens.n);
    const nerq_token *t = &a->tokens.v[i];
    return t->cls == NERQ_T_WORD ? shape[t->shape] : cls[t->cls];
}

/* Class codes of all tokens joined with '|'. */
static const char *codes(const nerq_article *a)
{
    static char buf[4096];
    size_t k = 0;
    for (size_t i = 0; i < a->tokens.n && k + 8 < sizeof buf; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? "|" : "", code(a, i));
    return buf;
}

/* Write a's record and read it back (record_read.c recomputes the token flags). */
static nerq_article *reread(const nerq_article *a)
{
    nerq_buf b = {0};
    nerq_record_write(&b, a);
    nerq_article *c = nerq_article_new();
    nerq_err err = {{0}};
    ck_assert_msg(nerq_record_read(c, b.data, b.len - 1, &err) == 0, "%s", err.msg);
    nerq_buf_free(&b);
    ck_assert_uint_eq(c->tokens.n, a->tokens.n);
    for (size_t i = 0; i < a->tokens.n; i++)
        ck_assert_msg(c->tokens.v[i].flags == a->tokens.v[i].flags, "token %zu: flags %u vs %u", i,
                      c->tokens.v[i].flags, a->tokens.v[i].flags);
    return c;
}

/* Index of the token whose text is s (the n-th such, from 0); fails if absent. */
static size_t find_tok(const nerq_article *a, const char *s, int nth)
{
    for (size_t i = 0; i < a->tokens.n; i++)
        if (nerq_test_tok_is(a, i, s) && nth-- == 0)
            return i;
    ck_abort_msg("no token \"%s\"", s);
    return 0;
}

/* The texts of n spans joined with '|' (a line break shown as '/'). v points at an array of
 * tokens or spans, stride bytes apart; each starts with its uint32_t start and end. */
static const char *join(const nerq_article *a, const void *v, size_t n, size_t stride)
{
    static char buf[4096];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 2 < sizeof buf; i++) {
        uint32_t se[2];
        memcpy(se, (const char *)v + i * stride, sizeof se);
        if (i)
            buf[k++] = '|';
        for (uint32_t p = se[0]; p < se[1] && k + 2 < sizeof buf; p++)
            buf[k++] = a->text[p] == '\n' ? '/' : a->text[p];
    }
    buf[k] = '\0';
    return buf;
}
#define joined(a) join(a, (a)->tokens.v, (a)->tokens.n, sizeof *(a)->tokens.v)
#define sentences(a) join(a, (a)->sentences.v, (a)->sentences.n, sizeof *(a)->sentences.v)

/* Tokenize text; its token texts and (unless NULL) class codes must be as given. */
static void check_tokens(const char *text, const char *toks, const char *cls)
{
    nerq_article *a = nerq_test_article(text, NULL);
    ck_assert_str_eq(joined(a), toks);
    if (cls)
        ck_assert_str_eq(codes(a), cls);
    nerq_article_free(a);
}
#define TOKENS_ARE(text, expect) check_tokens(text, expect, NULL)

#define SENTENCES_ARE(text, expect)                                                                \
    do {                                                                                           \
        nerq_article *a_ = nerq_test_article(text, NULL);                                          \
        ck_assert_str_eq(sentences(a_), expect);                                                   \
        nerq_article_free(a_);                                                                     \
    } while (0)

/* ---- UTF-8 and token classes ---------------------------------------------------------- */
START_TEST(diacritics_stay_in_words)
{
    check_tokens("Minister Rūta Šešelgytė greeted Adomėnas in Šiauliai.",
                 "Minister|Rūta|Šešelgytė|greeted|Adomėnas|in|Šiauliai|.", "Wc|Wc|Wc|Wl|Wc|Wl|Wc|P");
}
END_TEST

START_TEST(word_shapes)
{
    check_tokens("NATO and McDonald sold iPhone kits in Oslo, I think.",
                 "NATO|and|McDonald|sold|iPhone|kits|in|Oslo|,|I|think|.", "Wu|Wl|Wm|Wl|Wm|Wl|Wl|Wc|P|Wc|Wl|P");
}
END_TEST

START_TEST(long_word_shapes)
{
    /* words longer than 16 bytes, and cased letters on either side of a 16-byte boundary */
    check_tokens("Antidisestablishmentarianism NORTHATLANTICTREATYORG abcdefghijklmnopQ "
                 "Abcdefghijklmnop1234x 0123456789abcdefGhij Šešelgytėsšešelgytėsšešelgytė end",
                 "Antidisestablishmentarianism|NORTHATLANTICTREATYORG|abcdefghijklmnopQ|"
                 "Abcdefghijklmnop1234x|0123456789abcdefGhij|Šešelgytėsšešelgytėsšešelgytė|end",
                 "Wc|Wu|Wm|Wc|N|Wc|Wl");
}
END_TEST

START_TEST(curly_quotes_and_possessives)
{
    /* the names stay clean tokens; "players’" is a plural possessive */
    check_tokens("\xE2\x80\x9CWe are ready,\xE2\x80\x9D Baerbock\xE2\x80\x99s aide said of China's plan and the "
                 "players\xE2\x80\x99 union\xE2\x80\x99s \xE2\x80\x98" "final\xE2\x80\x99 offer.",
                 "“|We|are|ready|,|”|Baerbock|’s|aide|said|of|China|'s|plan|and|the|players|’|union|’s|‘|final|’|offer|.",
                 "Qo|Wc|Wl|Wl|P|Qc|Wc|A|Wl|Wl|Wl|Wc|A|Wl|Wl|Wl|Wl|A|Wl|A|Qo|Wl|Qc|Wl|P");
}
END_TEST

START_TEST(straight_quotes)
{
    /* the third " opens after an opening bracket */
    check_tokens("He called it \"a start\" and 'fair' (\"mostly\").",
                 "He|called|it|\"|a|start|\"|and|'|fair|'|(|\"|mostly|\"|)|.",
                 "Wc|Wl|Wl|Qo|Wl|Wl|Qc|Wl|Qo|Wl|Qc|P|Qo|Wl|Qc|P|P");
}
END_TEST

START_TEST(contractions)
{
    TOKENS_ARE("They don't know, we won\xE2\x80\x99t say and I'm sure she'd agree.",
               "They|do|n't|know|,|we|wo|n’t|say|and|I|'m|sure|she|'d|agree|.");
    TOKENS_ARE("O'Neill and rock'n'roll fans met in the '90s.",
               "O'Neill|and|rock'n'roll|fans|met|in|the|'|90s|.");
    nerq_article *a = nerq_test_article("It isn't late.", NULL);
    ck_assert_str_eq(code(a, 2), "A");
    nerq_article_free(a);
}
END_TEST

START_TEST(dashes_and_spaces)
{
    /* em dash, en dash, a no-break space and a narrow no-break space */
    check_tokens("Kyiv \xE2\x80\x94 the capital \xE2\x80\x93 lies 10\xC2\xA0km away, a\xE2\x80\xAF"
                 "well-known fact -- really.",
                 "Kyiv|—|the|capital|–|lies|10|km|away|,|a|well-known|fact|--|really|.",
                 "Wc|D|Wl|Wl|D|Wl|N|Wl|Wl|P|Wl|Wl|Wl|D|Wl|P");
}
END_TEST

START_TEST(numbers_money_dates)
{
    nerq_article *a = nerq_test_article(
        "The \xC2\xA3" "3.5bn deal, US$2.4 million and C$ 12 came on 2024-03-15 after a 2-1 win, "
        "a 20-year-old striker, 1,250 fans, 3:45 pm, 12/05/2023, +0.45 and .38 calibre.",
        NULL);
    ck_assert_str_eq(joined(a), "The|£|3.5bn|deal|,|US$|2.4|million|and|C$|12|came|on|2024-03-15|after|a|"
                                "2-1|win|,|a|20-year-old|striker|,|1,250|fans|,|3:45|pm|,|12/05/2023|,|"
                                "+0.45|and|.38|calibre|.");
    ck_assert_str_eq(code(a, 1), "S");
    ck_assert_str_eq(code(a, 5), "S");
    const char *nums[] = {"3.5bn", "2.4", "2024-03-15", "2-1", "20-year-old", "+0.45", ".38", "12/05/2023"};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        ck_assert_str_eq(code(a, find_tok(a, nums[k], 0)), "N");
    nerq_article_free(a);
}
END_TEST

/* ---- flags ------------------------------------------------------------------------ */
START_TEST(flags_and_round_trip)
{
    nerq_article *a = nerq_test_article("Dr. Vance spoke (briefly).\n\nMs. Ode replied.\n", NULL);
    size_t dr = find_tok(a, "Dr.", 0), ms = find_tok(a, "Ms.", 0), br = find_tok(a, "briefly", 0);
    ck_assert(a->tokens.v[dr].flags & NERQ_TF_ABBREV);
    ck_assert(a->tokens.v[dr].flags & NERQ_TF_SENT_START);
    ck_assert(a->tokens.v[dr].flags & NERQ_TF_PARA_START);
    ck_assert(a->tokens.v[ms].flags & NERQ_TF_PARA_START);
    ck_assert(a->tokens.v[dr].flags & NERQ_TF_SPACE_BEFORE);
    ck_assert(!(a->tokens.v[br].flags & NERQ_TF_SPACE_BEFORE));
    ck_assert(!(a->tokens.v[br].flags & NERQ_TF_SENT_START));
    ck_assert_uint_eq(a->paragraphs.n, 2);
    ck_assert_uint_eq(a->sentences.n, 2);
    nerq_article_free(reread(a)); /* the flags come back the same */
    nerq_article_free(a);
}
END_TEST

START_TEST(flags_survive_nbsp)
{
    nerq_article *a = nerq_test_article("Cost:\xC2\xA0\xE2\x80\x9C" "fine\xE2\x80\x9D.\n", NULL);
    nerq_article_free(reread(a));
    ck_assert_str_eq(code(a, 2), "Qo");
    nerq_article_free(a);
}
END_TEST

/* ---- sentences ---------------------------------------------------------------------- */
START_TEST(titles_do_not_end_sentences)
{
    SENTENCES_ARE("Mr. Hale met Mrs. Ames, Dr. Roy, Gen. Ito and Prof. Lund. Messrs. Hale and Roy left. "
                  "MM. Dufour and Blanc stayed.",
                  "Mr. Hale met Mrs. Ames, Dr. Roy, Gen. Ito and Prof. Lund.|Messrs. Hale and Roy left.|"
                  "MM. Dufour and Blanc stayed.");
    nerq_article *a = nerq_test_article("Ask Gen. Ito.", NULL);
    ck_assert(a->tokens.v[1].flags & NERQ_TF_ABBREV);
    ck_assert(nerq_test_tok_is(a, 1, "Gen."));
    nerq_article_free(a);
}
END_TEST

START_TEST(acronyms_months_numbers)
{
    SENTENCES_ARE("The U.S. and U.K. envoys met on Jan. 9 at No. 10 Downing Street. They left at 4 p.m. on Sept. 3.",
                  "The U.S. and U.K. envoys met on Jan. 9 at No. 10 Downing Street.|They left at 4 p.m. on Sept. 3.");
    /* an abbreviation flagged `end` ends the sentence before a usual opener */
    SENTENCES_ARE("Prices rose in the U.S. The rise was small.", "Prices rose in the U.S.|The rise was small.");
    SENTENCES_ARE("She joined Acme Corp. The firm grew.", "She joined Acme Corp.|The firm grew.");
    SENTENCES_ARE("\"She joined Acme Corp.\" The firm grew.", "\"She joined Acme Corp.\"|The firm grew.");
    SENTENCES_ARE("Acme Corp. Chief Executive Ann Roe spoke.", "Acme Corp. Chief Executive Ann Roe spoke.");
    /* "No." only before a number */
    TOKENS_ARE("The answer was No. Then silence.", "The|answer|was|No|.|Then|silence|.");
    SENTENCES_ARE("The answer was No. Then silence.", "The answer was No.|Then silence.");
    /* ALL-CAPS spelling of a listed abbreviation */
    TOKENS_ARE("ST. LOUIS crowds", "ST.|LOUIS|crowds");
}
END_TEST

START_TEST(initials_and_decimals)
{
    SENTENCES_ARE("The report by P. Simmons and J. R. Ortiz found a 3.5 percent rise. It was 0.5 more than forecast.",
                  "The report by P. Simmons and J. R. Ortiz found a 3.5 percent rise.|It was 0.5 more than forecast.");
    nerq_article *a = nerq_test_article("P. Simmons won.", NULL);
    ck_assert(nerq_test_tok_is(a, 0, "P."));
    ck_assert(a->tokens.v[0].flags & NERQ_TF_ABBREV);
    nerq_article_free(a);
}
END_TEST

START_TEST(ellipses)
{
    SENTENCES_ARE("He paused... and went on. She waited \xE2\x80\xA6 then left.",
                  "He paused... and went on.|She waited … then left.");
    SENTENCES_ARE("We tried. . . Nothing worked.", "We tried. . .|Nothing worked.");
    TOKENS_ARE("Wait... what?", "Wait|...|what|?");
}
END_TEST

START_TEST(quotes_and_sentences)
{
    /* a sentence ending inside the closing mark */
    SENTENCES_ARE("\xE2\x80\x9CWe won.\xE2\x80\x9D The crowd cheered.", "“We won.”|The crowd cheered.");
    SENTENCES_ARE("\"We won!\" The crowd cheered. (It was late.) Then rain came.",
                  "\"We won!\"|The crowd cheered.|(It was late.)|Then rain came.");
    /* a quote that continues after "he said," */
    SENTENCES_ARE("\xE2\x80\x9CWe will stay,\xE2\x80\x9D he said, \xE2\x80\x9C" "and we will win.\xE2\x80\x9D Nobody argued.",
                  "“We will stay,” he said, “and we will win.”|Nobody argued.");
    /* a question inside a quote, then the attribution */
    SENTENCES_ARE("\xE2\x80\x9CWhy now?\xE2\x80\x9D she asked. He shrugged.", "“Why now?” she asked.|He shrugged.");
    /* a straight mark with spaces on both sides after a full stop stays with that sentence */
    SENTENCES_ARE("\"It is over, \" he said. \" Then we left.", "\"It is over, \" he said. \"|Then we left.");
}
END_TEST

START_TEST(lowercase_does_not_start)
{
    SENTENCES_ARE("Use a tool, e.g. a hammer, or i.e. a mallet.", "Use a tool, e.g. a hammer, or i.e. a mallet.");
    SENTENCES_ARE("It ended at 5. then we ate.", "It ended at 5. then we ate.");
}
END_TEST

START_TEST(headlines_datelines_bylines)
{
    SENTENCES_ARE("FLOODS CUT OFF NORTHERN VILLAGES\nRescue teams worked through the night.",
                  "FLOODS CUT OFF NORTHERN VILLAGES|Rescue teams worked through the night.");
    SENTENCES_ARE("By Jane Roe and Tom Hill\nThe council voted on Monday.",
                  "By Jane Roe and Tom Hill|The council voted on Monday.");
    SENTENCES_ARE("OSLO \xE2\x80\x94\nThe central bank held rates.", "OSLO —|The central bank held rates.");
    SENTENCES_ARE("LONDON 2024-08-30\nShares fell.", "LONDON 2024-08-30|Shares fell.");
    /* a dateline inside a line, before the first sentence */
    SENTENCES_ARE("NEW YORK, Texas 2024-08-30 Shares fell.", "NEW YORK, Texas 2024-08-30|Shares fell.");
    /* an indented line opens a new sentence (paragraph indent of PDF text) */
    SENTENCES_ARE("Tram line reopens\n   The city said so.", "Tram line reopens|The city said so.");
    /* text indented as a whole is not a run of paragraph indents (ingest joins the lines) */
    SENTENCES_ARE("    The minister said the\n    Government would act.", "The minister said the Government would act.");
}
END_TEST

START_TEST(wrapped_lines_are_not_boundaries)
{
    /* PDF-style hard wrapping: a line break alone, even before a capital, is no boundary
     * (ingest joins the wrapped lines with a space) */
    SENTENCES_ARE("The minister said the\nGovernment would act, and\nParliament agreed.",
                  "The minister said the Government would act, and Parliament agreed.");
    SENTENCES_ARE("Talks with the\nUN and\nEU went on.", "Talks with the UN and EU went on.");
}
END_TEST

START_TEST(list_enumerators)
{
    nerq_article *a = nerq_test_article("Results:\n1. Anna Berg (Sweden) 12.71\n2. Mia Lind (Norway) 12.80\n", NULL);
    ck_assert_str_eq(code(a, find_tok(a, "1.", 0)), "N");
    ck_assert_str_eq(code(a, find_tok(a, "2.", 0)), "N");
    /* each list line is a sentence of its own */
    ck_assert_str_eq(sentences(a), "Results:|1. Anna Berg (Sweden) 12.71|2. Mia Lind (Norway) 12.80");
    nerq_article_free(a);
    SENTENCES_ARE("Results: 12.71 seconds 2. Mia Lind (Norway) 12.80 3. Eva Holm 12.9",
                  "Results: 12.71 seconds 2. Mia Lind (Norway) 12.80 3. Eva Holm 12.9");
    SENTENCES_ARE("The toll rose to 15. Police said more were missing.",
                  "The toll rose to 15.|Police said more were missing.");
}
END_TEST

/* ---- paragraphs and odd input -------------------------------------------------------- */
START_TEST(paragraphs)
{
    nerq_article *a = nerq_test_article("First line.\nStill first.\n\n\nSecond one.\n  \nThird.", NULL);
    ck_assert_uint_eq(a->paragraphs.n, 3);
    ck_assert_uint_eq(a->sentences.n, 4);
    ck_assert(a->tokens.v[find_tok(a, "Second", 0)].flags & NERQ_TF_PARA_START);
    ck_assert(a->tokens.v[find_tok(a, "Third", 0)].flags & NERQ_TF_PARA_START);
    ck_assert(!(a->tokens.v[find_tok(a, "Still", 0)].flags & NERQ_TF_PARA_START));
    /* a sentence never crosses a paragraph */
    for (size_t s = 0; s < a->sentences.n; s++) {
        int inside = 0;
        for (size_t p = 0; p < a->paragraphs.n; p++)
            inside |= a->sentences.v[s].start >= a->paragraphs.v[p].start &&
                      a->sentences.v[s].end <= a->paragraphs.v[p].end;
        ck_assert(inside);
    }
    nerq_article_free(a);
}
END_TEST

START_TEST(odd_input)
{
    const char *cases[] = {"", "   \n\n  ", "\"", "'", "...", "-", "A.", "U.S.", "n't", "'s", "\xE2\x80\x99",
                           "Mr.", "1.", ".5", "+", "$", "\xC2\xA0", "x\n\n\n\ny", "\"\"\"''' \xE2\x80\x9C\xE2\x80\x9D"};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        nerq_article *a = nerq_test_article(cases[k], NULL);
        uint32_t prev = 0;
        for (size_t i = 0; i < a->tokens.n; i++) {
            ck_assert_uint_lt(a->tokens.v[i].start, a->tokens.v[i].end);
            ck_assert_uint_ge(a->tokens.v[i].start, prev);
            ck_assert_uint_le(a->tokens.v[i].end, a->text_len);
            prev = a->tokens.v[i].end;
        }
        ck_assert(a->tokens.n == 0 || a->sentences.n > 0);
        nerq_article_free(a);
    }
}
END_TEST

/* Random strings over the characters the tokenizer treats specially: invariants hold and
 * nothing is read out of bounds (run under ASan by make asan). */
START_TEST(random_input)
{
    static const char *parts[] = {"a", "Z", "9", ".", ".", " ", "\n", "\n\n", "'", "\"", "-", "$", "+",
                                  ",", "(", ")", "n't", "'s", "U.S.", "Mr.", "\xE2\x80\x99", "\xE2\x80\x9C",
                                  "\xE2\x80\x94", "\xC2\xA0", "\xC5\xA0", "\xE2\x80\xA6", "  ", "1.", "By"};
    unsigned seed = 12345;
    char buf[256];
    for (int round = 0; round < 3000; round++) {
        size_t k = 0;
        int n = (int)(seed % 40);
        for (int j = 0; j < n; j++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 16) % (sizeof parts / sizeof parts[0])];
            size_t l = strlen(p);
            if (k + l >= sizeof buf)
                break;
            memcpy(buf + k, p, l);
            k += l;
        }
        buf[k] = '\0';
        seed = seed * 1103515245u + 12345u;
        nerq_article *a = nerq_test_article(buf, NULL);
        uint32_t prev = 0;
        for (size_t i = 0; i < a->tokens.n; i++) {
            ck_assert_uint_lt(a->tokens.v[i].start, a->tokens.v[i].end);
            ck_assert_uint_ge(a->tokens.v[i].start, prev);
            prev = a->tokens.v[i].end;
        }
        ck_assert_uint_le(prev, a->text_len);
        size_t covered = 0;
        for (size_t i = 0; i < a->sentences.n; i++)
            covered += a->sentences.v[i].tok_end - a->sentences.v[i].tok_start;
        ck_assert_uint_eq(covered, a->tokens.n);
        nerq_article_free(reread(a));
        nerq_article_free(a);
    }
}
END_TEST

START_TEST(long_input_is_linear)
{
    /* a 4 MB article of short sentences, quotes and one very long word: no blow-up */
    size_t n = 4u << 20;
    char *s = malloc(n + 1);
    const char *unit = "\xE2\x80\x9CYes,\xE2\x80\x9D said Dr. Ode. It's 3.5% of U.S. output... ";
    size_t ul = strlen(unit), k = 0;
    while (k + ul < n / 2) {
        memcpy(s + k, unit, ul);
        k += ul;
    }
    memset(s + k, 'a', n - k);
    s[n] = '\0';
    nerq_article *a = nerq_test_article(s, NULL);
    ck_assert_uint_gt(a->tokens.n, 100000);
    ck_assert(nerq_test_tok_is(a, 0, "\xE2\x80\x9C"));
    nerq_article_free(a);
    free(s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("tokenize");
    TCase *tc = tcase_create("tokens");
    tcase_add_test(tc, diacritics_stay_in_words);
    tcase_add_test(tc, word_shapes);
    tcase_add_test(tc, long_word_shapes);
    tcase_add_test(tc, curly_quotes_and_possessives);
    tcase_add_test(tc, straight_quotes);
    tcase_add_test(tc, contractions);
    tcase_add_test(tc, dashes_and_spaces);
    tcase_add_test(tc, numbers_money_dates);
    tcase_add_test(tc, flags_and_round_trip);
    tcase_add_test(tc, flags_survive_nbsp);
    suite_add_tcase(s, tc);
    tc = tcase_create("sentences");
    tcase_add_test(tc, titles_do_not_end_sentences);
    tcase_add_test(tc, acronyms_months_numbers);
    tcase_add_test(tc, initials_and_decimals);
    tcase_add_test(tc, ellipses);
    tcase_add_test(tc, quotes_and_sentences);
    tcase_add_test(tc, lowercase_does_not_start);
    tcase_add_test(tc, headlines_datelines_bylines);
    tcase_add_test(tc, wrapped_lines_are_not_boundaries);
    tcase_add_test(tc, list_enumerators);
    suite_add_tcase(s, tc);
    tc = tcase_create("paragraphs");
    tcase_add_test(tc, paragraphs);
    tcase_add_test(tc, odd_input);
    tcase_add_test(tc, random_input);
    tcase_add_test(tc, long_input_is_linear);
    tcase_set_timeout(tc, 20);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
