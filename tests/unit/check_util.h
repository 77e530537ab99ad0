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
