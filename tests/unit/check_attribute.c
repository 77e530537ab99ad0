/* check_attribute.c: who said it. One case per attribution layout: speaker after the
 * quote (inverted or not), before it with a colon, with a title or an apposition, a cue
 * phrase ("according to", "quoted ... as saying", "told reporters"), pronouns, nominal
 * speakers, quote-only paragraphs, multi-paragraph and interrupted quotes, and quotes that
 * must stay unattributed. All sentences are written for these tests. */
#include "check_pipeline.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */

/* One layout: in text, the quote with content `quote` is attributed to `speaker` (NULL:
 * to nobody) through the words `mention`; rule, cue and kind are checked when given. */
typedef struct {
    const char *text, *quote, *speaker, *mention, *rule, *cue, *kind;
} layout;

static const layout layouts[] = {
    {"Port news\n\n" LQ "The cranes are working again," RQ " Maria Lopez said on Monday.\n",
     "The cranes are working again,", "Maria Lopez", "Maria Lopez", "cue-after", "said", "full"},
    /* inverted, with an apposition after the name */
    {"Port news\n\n" LQ "The cranes are working again," RQ " said Maria Lopez, a harbour analyst at a bank in Oslo.\n",
     "The cranes are working again,", "Maria Lopez", "Maria Lopez", "cue-after-inverted", "said", NULL},
    /* apposition between the name and its verb */
    {"Port news\n\n" LQ "The cranes are working again," RQ " Maria Lopez, the port director, said in a statement.\n",
     "The cranes are working again,", "Maria Lopez", "Maria Lopez", "cue-after", NULL, NULL},
    /* speaker before, colon, title stripped from the name */
    {"Port news\n\nHarbour Minister Peter Olsen told reporters: " LQ "We will reopen the north quay." RQ "\n",
     "We will reopen the north quay.", "Peter Olsen", NULL, "cue-before", NULL, NULL},
    /* "Mr. Olsen" is the Peter Olsen named before */
    {"Port news\n\nPeter Olsen visited the docks on Friday.\n\n" LQ "The quay is safe," RQ " Mr. Olsen said.\n",
     "The quay is safe,", "Peter Olsen", NULL, NULL, NULL, NULL},
    {"Port news\n\nAccording to Maria Lopez, the quay was " LQ "never in real danger." RQ "\n",
     "never in real danger.", "Maria Lopez", "Maria Lopez", NULL, "According to", NULL},
    {"Port news\n\nA local paper quoted Peter Olsen as saying " LQ "the work will take two more years." RQ "\n",
     "the work will take two more years.", "Peter Olsen", "Peter Olsen", NULL, "as saying", NULL},
    /* a pronoun: the person it refers to, the pronoun as the mention */
    {"Port news\n\nMaria Lopez toured the new terminal on Tuesday. " LQ "It is bigger than I expected," RQ " she said.\n",
     "It is bigger than I expected,", "Maria Lopez", "she", NULL, NULL, NULL},
    /* a nominal speaker named where the article introduced it */
    {"Port news\n\nThe company named harbour spokesman Peter Olsen to answer questions.\n\n" LQ "No ship was damaged," RQ
     " the spokesman said.\n",
     "No ship was damaged,", "Peter Olsen", "the spokesman", NULL, NULL, NULL},
    /* an unnamed source keeps its fullest description */
    {"Port news\n\nAn unnamed senior port official told the paper that " LQ "the new cranes were too slow." RQ "\n\n" LQ
     "We need faster ones," RQ " the official said.\n",
     "We need faster ones,", "unnamed senior port official", "the official", NULL, NULL, NULL},
    /* an interrupted quote: both parts, one speaker */
    {"Port news\n\n" LQ "The storm was short," RQ " Maria Lopez said, " LQ "but the repairs will be long." RQ "\n",
     "The storm was short,", "Maria Lopez", "Maria Lopez", NULL, NULL, NULL},
    {"Port news\n\n" LQ "The storm was short," RQ " Maria Lopez said, " LQ "but the repairs will be long." RQ "\n",
     "but the repairs will be long.", "Maria Lopez", "Maria Lopez", NULL, NULL, NULL},
    /* a quote over two paragraphs: the first takes the attribution of the second */
    {"Port news\n\nThe director gave a long answer.\n\n" LQ "We planned for one storm a year.\n\n" LQ
     "This year we had three," RQ " Peter Olsen said.\n",
     "We planned for one storm a year.", "Peter Olsen", "Peter Olsen", "continues-next", NULL, NULL},
    /* a quote-only paragraph continues the previous speaker, with no cue */
    {"Port news\n\n" LQ "The quay is safe," RQ " Maria Lopez said.\n\n" LQ "Ships can dock from Monday." RQ "\n",
     "Ships can dock from Monday.", "Maria Lopez", "Maria Lopez", "continues-previous", NULL, NULL},
    /* a question, then the inverted attribution in the same sentence */
    {"Port news\n\n" LQ "Who pays for the repairs?" RQ " asked Peter Olsen.\n", "Who pays for the repairs?",
     "Peter Olsen", "Peter Olsen", NULL, "asked", NULL},
    /* a fragment inside reported speech */
    {"Port news\n\nMaria Lopez said the repairs were " LQ "faster than anyone hoped" RQ " and thanked the crews.\n",
     "faster than anyone hoped", "Maria Lopez", "Maria Lopez", "cue-before", "said", "partial"},
    /* a second quote of the sentence shares the first one's cue */
    {"Port news\n\nMaria Lopez said the repairs were " LQ "fast" RQ " and the crews " LQ "tireless" RQ " all week.\n",
     "tireless", "Maria Lopez", "Maria Lopez", "same-sentence", "said", NULL},
    /* a name and a colon, no verb */
    {"Port news\n\nSenator Peter Olsen (Harbour Party): " LQ "We oppose the plan." RQ "\n", "We oppose the plan.",
     "Peter Olsen", NULL, "name-colon", NULL, NULL},
    /* a cue inside a that-clause yields to the outer one */
    {"Port news\n\nPeter Olsen said on Friday that the ministry maintained " LQ "close contact with the owners" RQ
     ".\n",
     "close contact with the owners", "Peter Olsen", "Peter Olsen", NULL, "said", NULL},
    /* a clause of the writer's own after the quote is no attribution */
    {"Port news\n\nPeter Olsen said the port offered " LQ "safe berths" RQ ", while in Oslo Maria Lopez said the "
     "opposite.\n",
     "safe berths", "Peter Olsen", "Peter Olsen", "cue-before", NULL, NULL},
    /* a participle cue takes the sentence subject, not the document */
    {"Port news\n\nMaria Lopez released a statement saying " LQ "the port will reopen soon." RQ "\n",
     "the port will reopen soon.", "Maria Lopez", "Maria Lopez", NULL, "saying", NULL},
    /* a name with a character lost in conversion stays whole */
    {"Port news\n\n" LQ "We are ready," RQ " Adam Kowal?ski told the radio.\n", "We are ready,", "Adam Kowal?ski",
     "Adam Kowal?ski", NULL, "told", NULL},
    /* a paragraph ending in a colon introduces the quote that opens the next one */
    {"Port news\n\nIn a letter to the council, Peter Olsen wrote:\n\n" LQ "The quay must be rebuilt before winter." RQ
     "\n",
     "The quay must be rebuilt before winter.", "Peter Olsen", "Peter Olsen", "colon-paragraph", "wrote", NULL},
    /* an inverted attribution after a comma further on */
    {"Port news\n\n" LQ "This will be hard" RQ " for the town, said Maria Lopez.\n", "This will be hard", "Maria Lopez",
     "Maria Lopez", "cue-after-inverted", NULL, NULL},
    /* "said she believes": the pronoun's own cue yields to the outer speaker */
    {"Port news\n\nMaria Lopez said she believes " LQ "the worst is over for the harbour." RQ "\n",
     "the worst is over for the harbour.", "Maria Lopez", "Maria Lopez", NULL, "said", NULL},
    /* an opening phrase with a name before the subject */
    {"Port news\n\nLike Olsen, Maria Lopez also rejected the plan as " LQ "a costly mistake for everyone" RQ ".\n",
     "a costly mistake for everyone", "Maria Lopez", "Maria Lopez", NULL, NULL, NULL},
    /* "it" is an organisation, not the person last named */
    {"Port news\n\nMaria Lopez met the European Commission on Monday. The European Commission opened talks. " LQ
     "We want a deal," RQ " it said.\n",
     "We want a deal,", "European Commission", "it", NULL, NULL, NULL},
    /* a scare quote and a title: nobody */
    {"Port news\n\nThe so-called " LQ "blue" RQ " plan went ahead.\n", "blue", NULL, NULL, "none", NULL, "scare"},
    {"Port news\n\nMaria Lopez wrote a report titled " LQ "The Quay After The Storm" RQ " in May.\n",
     "The Quay After The Storm", NULL, NULL, "none", NULL, "title"},
};

START_TEST(layout_attributed)
{
    const layout *l = &layouts[_i];
    nerq_article *a = nerq_test_quotes(l->text, 1);
    const nerq_quote *q = nerq_test_quote(a, l->quote);
    ck_assert_msg(q != NULL, "case %d: no quote \"%s\"", _i, l->quote);
    if (l->speaker) {
        ck_assert_msg(q->speaker != NULL, "case %d: no speaker (rule %s)", _i, q->attr_rule);
        ck_assert_str_eq(q->speaker, l->speaker);
        ck_assert_int_ge(q->speaker_raw_start, 0);
    } else {
        ck_assert_ptr_null(q->speaker);
        ck_assert_int_eq(q->speaker_raw_start, -1);
    }
    if (l->mention)
        ck_assert_str_eq(nerq_test_span(a, q->speaker_start, q->speaker_end), l->mention);
    if (l->rule)
        ck_assert_str_eq(q->attr_rule, l->rule);
    if (l->cue)
        ck_assert_str_eq(q->cue ? q->cue : "(none)", l->cue);
    if (l->kind)
        ck_assert_str_eq(q->kind, l->kind);
    nerq_article_free(a);
}
END_TEST

START_TEST(continuation_has_no_cue)
{
    const layout *l = &layouts[13];
    ck_assert_str_eq(l->rule, "continues-previous");
    nerq_article *a = nerq_test_quotes(l->text, 1);
    ck_assert_ptr_null(nerq_test_quote(a, l->quote)->cue);
    nerq_article_free(a);
}
END_TEST

START_TEST(organisation_speaker)
{
    nerq_article *a = nerq_test_quotes("Port news\n\n" LQ "The fleet is ready," RQ " the European Union said in a "
                                       "statement.\n",
                                       1);
    const nerq_quote *q = nerq_test_quote(a, "The fleet is ready,");
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_nonnull(q->speaker);
    ck_assert_str_eq(q->speaker_type, "organisation");
    nerq_article_free(a);
}
END_TEST

static Suite *attribute_suite(void)
{
    Suite *s = suite_create("attribute");
    TCase *tc = tcase_create("layouts");
    tcase_add_loop_test(tc, layout_attributed, 0, (int)(sizeof layouts / sizeof *layouts));
    tcase_add_test(tc, continuation_has_no_cue);
    tcase_add_test(tc, organisation_speaker);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(attribute_suite)
