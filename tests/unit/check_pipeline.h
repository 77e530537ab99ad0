/* check_pipeline.h: run the stages up to quotes or attribute on a test sentence, and find
 * quotes by their text. Shared by check_quotes.c and check_attribute.c. */
#ifndef NERQ_CHECK_PIPELINE_H
#define NERQ_CHECK_PIPELINE_H

#include "check_util.h"

/* Ingest, tokenize, entities, quotes and (if attribute) attribute text; caller frees. */
static inline nerq_article *nerq_test_quotes(const char *text, int attribute)
{
    static nerq_entities *en;
    static nerq_quotes *qs;
    static nerq_attribute *at;
    nerq_config c;
    nerq_config_default(&c);
    nerq_err err = {{0}};
    if (!en)
        en = nerq_entities_new(&c, &err);
    if (!qs)
        qs = nerq_quotes_new(&c, &err);
    if (!at)
        at = nerq_attribute_new(&c, &err);
    ck_assert_msg(en && qs && at, "setup: %s", err.msg);
    nerq_article *a = nerq_test_article(text, "t.txt");
    ck_assert_int_eq(nerq_entities_run(en, a, &err), 0);
    ck_assert_int_eq(nerq_quotes_run(qs, a, &err), 0);
    if (attribute)
        ck_assert_int_eq(nerq_attribute_run(at, a, &err), 0);
    return a;
}

/* The quote whose content is exactly s, or NULL. */
static inline const nerq_quote *nerq_test_quote(const nerq_article *a, const char *s)
{
    for (size_t i = 0; i < a->quotes.n; i++) {
        const nerq_quote *q = &a->quotes.v[i];
        if (q->end - q->start == strlen(s) && !memcmp(a->text + q->start, s, strlen(s)))
            return q;
    }
    return NULL;
}

/* Text of a span of a->text, for messages and comparisons (static buffer). */
static inline const char *nerq_test_span(const nerq_article *a, int32_t s, int32_t e)
{
    static char buf[256];
    size_t n = s < 0 || e < s ? 0 : (size_t)(e - s) < sizeof buf - 1 ? (size_t)(e - s) : sizeof buf - 1;
    memcpy(buf, s < 0 ? "" : a->text + s, n);
    buf[n] = '\0';
    return buf;
}

#define NERQ_ASSERT_QUOTE(a, content) ck_assert_msg(nerq_test_quote(a, content), "no quote \"%s\"", content)

#endif
