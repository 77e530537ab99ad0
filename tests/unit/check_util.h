/* check_util.h: helpers shared by the Check suites. */
#ifndef NERQ_CHECK_UTIL_H
#define NERQ_CHECK_UTIL_H

#include <check.h>
#include <string.h>

#include "nerq.h"

/* Ingest + tokenize a string into a fresh article (caller frees). */
static inline nerq_article *nerq_test_article(const char *text, const char *id)
{
    static nerq_ingest *g;
    static nerq_tokenizer *tk;
    nerq_config c;
    nerq_config_default(&c);
    nerq_err err = {{0}};
    if (!g)
        g = nerq_ingest_new(&c, &err);
    if (!tk)
        tk = nerq_tokenizer_new(&c, &err);
    ck_assert_msg(g && tk, "setup: %s", err.msg);
    nerq_article *a = nerq_article_new();
    ck_assert_int_eq(nerq_ingest_bytes(g, a, id ? id : "t.txt", text, strlen(text), &err), 0);
    ck_assert_int_eq(nerq_tokenize(tk, a, &err), 0);
    a->stages |= NERQ_ST_TOKENIZE;
    return a;
}

/* Write a's record, read it back, write again: the two lines must be equal. */
static inline void nerq_test_round_trip(const nerq_article *a)
{
    nerq_buf b1 = {0}, b2 = {0};
    nerq_record_write(&b1, a);
    nerq_article *c = nerq_article_new();
    nerq_err err = {{0}};
    ck_assert_msg(nerq_record_read(c, b1.data, b1.len - 1, &err) == 0, "%s", err.msg);
    nerq_record_write(&b2, c);
    ck_assert_str_eq(b1.data, b2.data);
    nerq_buf_free(&b1);
    nerq_buf_free(&b2);
    nerq_article_free(c);
}

/* Text of token i. */
static inline int nerq_test_tok_is(const nerq_article *a, size_t i, const char *s)
{
    return i < a->tokens.n && a->tokens.v[i].end - a->tokens.v[i].start == strlen(s) &&
           !memcmp(a->text + a->tokens.v[i].start, s, strlen(s));
}

#define NERQ_SUITE_MAIN(fn)                                                                      \
    int main(void)                                                                               \
    {                                                                                            \
        SRunner *sr = srunner_create(fn());                                                      \
        srunner_run_all(sr, CK_NORMAL);                                                          \
        int nf = srunner_ntests_failed(sr);                                                      \
        srunner_free(sr);                                                                        \
        return nf ? 1 : 0;                                                                       \
    }

#endif
