/* check_export.c: the exported view (code points, the original file), the brat, CoNLL and
 * spaCy writers, HTML escaping, CSV quoting, safe ids (issue 10). */
#include "check_util.h"
#include "commands.h"
#include "export.h"

#include <stdlib.h>

/* "£5 for Zoë Ndlovu\nof Kenya": £ and ë take two bytes, so bytes and code points differ. */
static const char rec_kenya[] =
    "{\"id\":\"k.txt\",\"format\":\"txt\",\"encoding\":\"utf-8\",\"bytes\":28,\"repairs\":0,\"title\":null,"
    "\"date\":null,\"author\":null,\"text\":\"\\u00a35 for Zo\\u00eb Ndlovu\\nof Kenya\",\"offmap\":[0,0,28,28],"
    "\"removed\":[],\"tokens\":[[0,2,\"S\"],[2,3,\"N\"],[4,7,\"Wl\"],[8,12,\"Wc\"],[13,19,\"Wc\"],[20,22,\"Wl\"],"
    "[23,28,\"Wc\"]],\"sentences\":[[0,19],[20,28]],\"paragraphs\":[[0,28]],\"mentions\":["
    "{\"start\":8,\"end\":19,\"raw_start\":8,\"raw_end\":19,\"type\":\"PERSON\",\"text\":\"Zo\\u00eb Ndlovu\","
    "\"entity\":\"Zo\\u00eb Ndlovu\",\"id\":null,\"rule\":\"t\"},"
    "{\"start\":13,\"end\":22,\"raw_start\":13,\"raw_end\":22,\"type\":\"LOC\",\"text\":\"Ndlovu\\nof\","
    "\"entity\":\"X\",\"id\":null,\"rule\":\"t\"},"
    "{\"start\":23,\"end\":28,\"raw_start\":23,\"raw_end\":28,\"type\":\"COUNTRY\",\"text\":\"Kenya\","
    "\"entity\":\"Kenya\",\"id\":\"Q114\",\"rule\":\"t\"}],\"entities\":[]}";

/* "café Zoë" from a Windows-1252 file: 8 raw bytes, 10 bytes of text. */
static const char rec_1252[] =
    "{\"id\":\"c.txt\",\"format\":\"txt\",\"encoding\":\"windows-1252\",\"bytes\":8,\"repairs\":0,\"title\":null,"
    "\"date\":null,\"author\":null,\"text\":\"caf\\u00e9 Zo\\u00eb\",\"offmap\":[0,0,10,8],\"removed\":[],"
    "\"tokens\":[[0,5,\"Wl\"],[6,10,\"Wc\"]],\"sentences\":[[0,10]],\"paragraphs\":[[0,10]],\"mentions\":["
    "{\"start\":6,\"end\":10,\"raw_start\":5,\"raw_end\":8,\"type\":\"PERSON\",\"text\":\"Zo\\u00eb\","
    "\"entity\":\"Zo\\u00eb\",\"id\":null,\"rule\":\"t\"}],\"entities\":[]}";

static nerq_article *load(const char *json)
{
    nerq_article *a = nerq_article_new();
    nerq_err err = {{0}};
    ck_assert_msg(nerq_record_read(a, json, strlen(json), &err) == 0, "record: %s", err.msg);
    return a;
}

START_TEST(view_code_points)
{
    nerq_article *a = load(rec_kenya);
    nerq_xview v = {0};
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_xview_build(&v, a, NULL, 0, 0, &err), 0);
    ck_assert_uint_eq(v.spans.n, 3);
    ck_assert_str_eq(v.spans.v[0].label, "PERSON");
    ck_assert_uint_eq(v.spans.v[0].cstart, 7);
    ck_assert_uint_eq(v.spans.v[0].cend, 17);
    ck_assert_str_eq(v.spans.v[1].label, "LOC");
    ck_assert_str_eq(v.spans.v[2].label, "COUNTRY");
    ck_assert_uint_eq(v.spans.v[2].cstart, 21);
    ck_assert_uint_eq(v.spans.v[2].cend, 26);
    nerq_buf out = {0};
    ck_assert_int_eq(nerq_export_spacy(&out, a, &v, &err), 0);
    ck_assert_ptr_nonnull(strstr(out.data, "{\"start\":7,\"end\":17,\"label\":\"PERSON\",\"entity\":\"Zo\xC3\xAB Ndlovu\"}"));
    ck_assert_ptr_nonnull(strstr(out.data, "\"kb_id\":\"Q114\""));
    nerq_buf_free(&out);
    nerq_xview_free(&v);
    nerq_article_free(a);
}
END_TEST

START_TEST(brat_fragments)
{
    nerq_article *a = load(rec_kenya);
    nerq_xview v = {0};
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_xview_build(&v, a, NULL, 0, 0, &err), 0);
    nerq_buf txt = {0}, ann = {0};
    nerq_export_brat(&txt, &ann, &v);
    ck_assert_uint_eq(txt.len, a->text_len);
    ck_assert_ptr_nonnull(strstr(ann.data, "T1\tPERSON 7 17\tZo\xC3\xAB Ndlovu\n"));
    /* a span over a line break is two fragments, its text joined with a space */
    ck_assert_ptr_nonnull(strstr(ann.data, "T2\tLOC 11 17;18 20\tNdlovu of\n"));
    ck_assert_ptr_nonnull(strstr(ann.data, "AnnotatorNotes T3\tKenya (Q114)\n"));
    nerq_buf conf = {0}, vis = {0};
    const char *labels[] = {"PERSON", "MISC thing"};
    nerq_export_brat_conf(&conf, &vis, labels, 2);
    ck_assert_ptr_nonnull(strstr(conf.data, "\nLOC\nMISC_thing\nQUOTE\n"));
    ck_assert_ptr_null(strstr(conf.data, "PERSON\nPERSON"));
    nerq_buf_free(&txt);
    nerq_buf_free(&ann);
    nerq_buf_free(&conf);
    nerq_buf_free(&vis);
    nerq_xview_free(&v);
    nerq_article_free(a);
}
END_TEST

START_TEST(conll_iob2)
{
    nerq_article *a = load(rec_kenya);
    nerq_buf out = {0};
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_export_conll(&out, a, &err), 0);
    /* the LOC mention would retag "Ndlovu": the earlier PERSON wins */
    ck_assert_str_eq(out.data, "-DOCSTART- -X- -X- O\n\n"
                               "\xC2\xA3 _ _ O\n5 _ _ O\nfor _ _ O\nZo\xC3\xAB _ _ B-PERSON\nNdlovu _ _ I-PERSON\n\n"
                               "of _ _ O\nKenya _ _ B-COUNTRY\n\n");
    nerq_buf_free(&out);
    nerq_article_free(a);
}
END_TEST

START_TEST(view_original_1252)
{
    nerq_article *a = load(rec_1252);
    nerq_xview v = {0};
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_xview_build(&v, a, "caf\xE9 Zo\xEB", 8, 0, &err), 0);
    ck_assert_int_eq(v.decoded_1252, 1);
    ck_assert_uint_eq(v.len, 10);
    ck_assert(!memcmp(v.text, "caf\xC3\xA9 Zo\xC3\xAB", 10));
    ck_assert_uint_eq(v.spans.n, 1);
    ck_assert_uint_eq(v.spans.v[0].start, 6);
    ck_assert_uint_eq(v.spans.v[0].cstart, 5);
    ck_assert_uint_eq(v.spans.v[0].cend, 8);
    /* a source file of another size is refused */
    ck_assert_int_eq(nerq_xview_build(&v, a, "caf\xE9", 4, 0, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "changed since the run"));
    nerq_xview_free(&v);
    nerq_article_free(a);
}
END_TEST

START_TEST(html_escape)
{
    nerq_buf b = {0};
    nerq_html_escape(&b, "<a href=\"x\">&'\x01\xff\xC3\xA9\n", 19);
    ck_assert_str_eq(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9\n");
    b.len = 0;
    nerq_report_page_name(&b, 11, "politics/a b.txt");
    ck_assert_str_eq(b.data, "a0012-politics_a_b.txt.html");
    nerq_buf_free(&b);
}
END_TEST

START_TEST(csv_quoting)
{
    nerq_stat_table t = {"x", "X", {"speaker", "id", "quotes", "articles"}, {0}};
    nerq_stat_row rows[] = {{"Smith, John", NULL, 3, 1}, {"The \"Boss\"", "Q1", 2, 2}};
    t.rows.v = rows;
    t.rows.n = 2;
    nerq_buf b = {0};
    nerq_stats_csv(&b, &t);
    ck_assert_str_eq(b.data, "speaker,id,quotes,articles\n\"Smith, John\",,3,1\n\"The \"\"Boss\"\"\",Q1,2,2\n");
    nerq_buf_free(&b);
}
END_TEST

START_TEST(stats_counts)
{
    nerq_article *a = load(rec_kenya);
    nerq_stats *s = nerq_stats_new();
    nerq_stats_add(s, a);
    nerq_stats_add(s, a);
    const nerq_stat_table *t = nerq_stats_table(s, NERQ_TAB_COUNTRIES);
    ck_assert_uint_eq(t->rows.n, 1);
    ck_assert_str_eq(t->rows.v[0].a, "Kenya");
    ck_assert_uint_eq(t->rows.v[0].n1, 2); /* mentions */
    ck_assert_uint_eq(t->rows.v[0].n2, 2); /* articles */
    ck_assert_uint_eq(nerq_stats_table(s, NERQ_TAB_ARTICLES)->rows.n, 2);
    nerq_stats_free(s);
    nerq_article_free(a);
}
END_TEST

START_TEST(safe_ids)
{
    ck_assert(nerq_cmd_safe_id("a.txt"));
    ck_assert(nerq_cmd_safe_id("politics/001.txt"));
    ck_assert(!nerq_cmd_safe_id("../a.txt"));
    ck_assert(!nerq_cmd_safe_id("a/../../b"));
    ck_assert(!nerq_cmd_safe_id("/etc/passwd"));
    ck_assert(!nerq_cmd_safe_id("a//b"));
    ck_assert(!nerq_cmd_safe_id(""));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("export");
    tcase_add_test(tc, view_code_points);
    tcase_add_test(tc, brat_fragments);
    tcase_add_test(tc, conll_iob2);
    tcase_add_test(tc, view_original_1252);
    tcase_add_test(tc, html_escape);
    tcase_add_test(tc, csv_quoting);
    tcase_add_test(tc, stats_counts);
    tcase_add_test(tc, safe_ids);
    suite_add_tcase(s, tc);
    return s;
}

NERQ_SUITE_MAIN(suite)
