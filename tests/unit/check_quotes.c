/* check_quotes.c: the quotes stage on each layout news uses, and every unbalanced-mark
 * case: pairs, apostrophes, headline single marks, nesting, multi-paragraph quotes,
 * interrupted quotes, stray and missing marks, run-together paragraphs, mixed pairs,
 * markup, kinds. All sentences are written for these tests. */
#include "check_pipeline.h"

#include <stdlib.h>

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */
#define LS "\xE2\x80\x98" /* ‘ */
#define RS "\xE2\x80\x99" /* ’ and the apostrophe */

/* One layout: text holds exactly n quotes, among them `first` (with rule `rule` and a
 * closing mark unless `unclosed`) and `second`. */
typedef struct {
    const char *text;
    size_t n;
    const char *first, *rule;
    int unclosed;
    const char *second;
} layout;

static const layout layouts[] = {
    {"Town news\n\n\"We will finish the road by June,\" the engineer said.\n", 1,
     "We will finish the road by June,", "paired", 0, NULL},
    /* apostrophes and possessives are not marks */
    {"Port news\n\nThe harbour" RS "s owners don" RS "t expect delays, and the workers' union agrees. " LQ "It" RS
     "s fine," RQ " she said.\n",
     1, "It" RS "s fine,", "paired", 0, NULL},
    /* single marks as the outer marks of a headline */
    {"Minister " LS "sees room for a deal" RS " on fishing\n\nTalks went on.\n", 1, "sees room for a deal", "paired", 0,
     NULL},
    /* a quote inside a quote: only the outer one */
    {"Choir news\n\n" LQ "My teacher told me " LS "sing louder" RS " every week," RQ " the singer said.\n", 1,
     "My teacher told me " LS "sing louder" RS " every week,", "paired", 0, NULL},
    /* over two paragraphs: the first opens and never closes, the second closes */
    {"Club news\n\nThe coach spoke.\n\n" LQ "We lost the ball too often in the first half.\n\n" LQ
     "In the second half we were better," RQ " he said.\n",
     2, "We lost the ball too often in the first half.", "open-to-paragraph-end", 1,
     "In the second half we were better,"},
    /* interrupted by its attribution: two quotes */
    {"Farm news\n\n" LQ "The rain came late," RQ " the farmer said, " LQ "but the wheat survived." RQ "\n", 2,
     "The rain came late,", "paired", 0, "but the wheat survived."},
    /* a stray second opening mark stays inside the one quote */
    {"School news\n\nThe head said " LQ "we can open if " LQ "the heating works by then." RQ " Parents agreed.\n\n" LQ
     "Good," RQ " one said.\n",
     2, "we can open if " LQ "the heating works by then.", "paired", 0, "Good,"},
    /* a quote never closed ends at its paragraph and does not shift the next pairing */
    {"Ferry news\n\nThe captain called the sea " LQ "the roughest in years and stayed in port.\n\n" LQ
     "We sail tomorrow," RQ " she said. Crews waited.\n",
     2, "the roughest in years and stayed in port.", "open-to-paragraph-end", 1, "We sail tomorrow,"},
    /* a stray closing mark is ignored */
    {"Market news\n\nPrices rose" RQ " again. " LQ "It will pass," RQ " a trader said.\n", 1, "It will pass,", "paired",
     0, NULL},
    /* run-together paragraphs: a straight opening mark after a finished sentence starts anew */
    {"Rail news\n\n\"The line is late. \"We will add trains next year,\" the operator said.\n", 2, "The line is late.",
     "open-to-next-open", 1, "We will add trains next year,"},
    /* a straight mark closed by a curly one */
    {"Trade news\n\nThe envoy said \"the door remains open." RQ " Talks ended.\n", 1, "the door remains open.", "paired",
     0, NULL},
    /* markup attribute values are not quotes */
    {"Web news\n\nSee <a href=\"page.html\">this page</a> where the mayor promised \"more buses soon\" for the town.\n",
     1, "more buses soon", "paired", 0, NULL},
    /* a page break inside a sentence does not end the quote (ingest joins the two parts) */
    {"Port news\n\nShe called it " LQ "a plan that will\n\nchange the port for good" RQ " and left.\n", 1,
     "a plan that will change the port for good", "paired", 0, NULL},
    /* an empty pair and a lone mark at the very end: nothing */
    {"Short\n\nShe said " LQ RQ " and then " LQ, 0, NULL, NULL, 0, NULL},
};

START_TEST(layout_paired)
{
    const layout *l = &layouts[_i];
    nerq_article *a = nerq_test_quotes(l->text, 0);
    ck_assert_msg(a->quotes.n == l->n, "case %d: %zu quotes, want %zu", _i, a->quotes.n, l->n);
    if (l->first) {
        const nerq_quote *q = nerq_test_quote(a, l->first);
        ck_assert_msg(q != NULL, "case %d: no quote \"%s\"", _i, l->first);
        ck_assert_str_eq(q->rule, l->rule);
        ck_assert_int_eq(q->close < 0, l->unclosed);
    }
    if (l->second)
        ck_assert_msg(nerq_test_quote(a, l->second) != NULL, "case %d: no quote \"%s\"", _i, l->second);
    nerq_article_free(a);
}
END_TEST

START_TEST(offsets_exclude_marks)
{
    nerq_article *a = nerq_test_quotes("Town news\n\n" LQ "The bridge opens in May," RQ " the mayor said.\n", 0);
    ck_assert_uint_eq(a->quotes.n, 1);
    const nerq_quote *q = &a->quotes.v[0];
    ck_assert_str_eq(nerq_test_span(a, (int32_t)q->start, (int32_t)q->end), "The bridge opens in May,");
    ck_assert_int_eq(q->open, (int32_t)q->start - 3);
    ck_assert_int_eq(q->close, (int32_t)q->end);
    ck_assert_uint_eq(q->raw_start, q->start); /* plain text: raw = normalised */
    ck_assert_uint_eq(q->raw_end, q->end);
    ck_assert_str_eq(q->kind, "full");
    nerq_article_free(a);
}
END_TEST

START_TEST(kinds)
{
    nerq_article *a = nerq_test_quotes("Book news\n\nShe wrote a column titled " LQ "Why the river matters" RQ
                                       " last week. Critics called the plan a " LQ "green" RQ " idea. He said the "
                                       "budget was " LQ "a careful and honest plan for the coming decade" RQ " and left.\n",
                                       0);
    ck_assert_uint_eq(a->quotes.n, 3);
    ck_assert_str_eq(nerq_test_quote(a, "Why the river matters")->kind, "title");
    ck_assert_str_eq(nerq_test_quote(a, "green")->kind, "scare");
    ck_assert_str_eq(nerq_test_quote(a, "a careful and honest plan for the coming decade")->kind, "partial");
    nerq_article_free(a);
    /* lower case with a full stop inside: a fragment, unless "that" or a colon opens it */
    a = nerq_test_quotes("Port news\n\nHe called the deal " LQ "a loss for the whole town." RQ " She said that " LQ
                         "the talks failed." RQ " Then: " LQ "we will try again." RQ "\n",
                         0);
    ck_assert_str_eq(nerq_test_quote(a, "a loss for the whole town.")->kind, "partial");
    ck_assert_str_eq(nerq_test_quote(a, "the talks failed.")->kind, "full");
    ck_assert_str_eq(nerq_test_quote(a, "we will try again.")->kind, "full");
    nerq_article_free(a);
}
END_TEST

START_TEST(pathological_many_marks)
{
    /* many unbalanced marks in one paragraph: no crash, bounded output */
    size_t n = 20000;
    char *s = malloc(n * 3 + 16);
    memcpy(s, "Marks\n\n", 7);
    size_t k = 7;
    for (size_t i = 0; i < n; i++) {
        memcpy(s + k, i % 3 ? LQ : "a\"", 3);
        k += 3;
    }
    s[k] = '\0';
    nerq_article *a = nerq_test_quotes(s, 1);
    ck_assert_uint_le(a->quotes.n, n);
    nerq_article_free(a);
    free(s);
}
END_TEST

static Suite *quotes_suite(void)
{
    Suite *s = suite_create("quotes");
    TCase *tc = tcase_create("layouts");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, layout_paired, 0, (int)(sizeof layouts / sizeof *layouts));
    tcase_add_test(tc, offsets_exclude_marks);
    tcase_add_test(tc, kinds);
    tcase_add_test(tc, pathological_many_marks);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(quotes_suite)
