/* article.c: the article record's life cycle and the default configuration. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>

#ifndef NERQ_DATADIR
#define NERQ_DATADIR "."
#endif

nerq_article *nerq_article_new(void)
{
    nerq_article *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    a->arena = nerq_arena_new();
    return a;
}

void nerq_article_reset(nerq_article *a)
{
    nerq_arena_reset(a->arena);
    a->stages = 0;
    a->id = a->error = a->error_stage = NULL;
    a->format = a->encoding = NULL;
    a->raw_bytes = a->repairs = 0;
    a->title = a->date = a->author = NULL;
    a->text = NULL;
    a->text_len = 0;
    a->offmap.a.n = 0;
    a->offmap.end_norm = a->offmap.end_raw = 0;
    a->offmap.end_linear = 0;
    a->removed.n = 0;
    a->tokens.n = a->sentences.n = a->paragraphs.n = 0;
    a->mentions.n = a->entities.n = 0;
    a->quotes.n = 0;
}

void nerq_article_free(nerq_article *a)
{
    if (!a)
        return;
    nerq_arena_free(a->arena);
    free(a->offmap.a.v);
    free(a->removed.v);
    free(a->tokens.v);
    free(a->sentences.v);
    free(a->paragraphs.v);
    free(a->mentions.v);
    free(a->entities.v);
    free(a->quotes.v);
    free(a);
}

void nerq_article_set_error(nerq_article *a, const char *stage, const char *msg)
{
    const char *id = a->id ? nerq_arena_strdup(a->arena, a->id) : NULL;
    const char *m = nerq_arena_strdup(a->arena, msg);
    const char *s = nerq_arena_strdup(a->arena, stage);
    /* Drop everything else but keep the arena's content (id, msg live there). */
    a->stages = 0;
    a->format = a->encoding = NULL;
    a->raw_bytes = a->repairs = 0;
    a->title = a->date = a->author = NULL;
    a->text = NULL;
    a->text_len = 0;
    a->offmap.a.n = 0;
    a->removed.n = 0;
    a->tokens.n = a->sentences.n = a->paragraphs.n = 0;
    a->mentions.n = a->entities.n = 0;
    a->quotes.n = 0;
    a->id = id;
    a->error = m;
    a->error_stage = s;
}

uint32_t nerq_article_token_at(const nerq_article *a, uint32_t off)
{
    size_t lo = 0, hi = a->tokens.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a->tokens.v[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

long nerq_span_find(const nerq_span *v, size_t n, uint32_t x, int by_token)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((by_token ? v[mid].tok_start : v[mid].start) <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo && x < (by_token ? v[lo - 1].tok_end : v[lo - 1].end))
        return (long)(lo - 1);
    return -1;
}

void nerq_config_default(nerq_config *c)
{
    const char *r = getenv("NERQ_RULES"), *g = getenv("NERQ_GAZETTEERS");
    c->rules_dir = r && *r ? r : NERQ_DATADIR "/rules";
    c->gazetteers_dir = g && *g ? g : NERQ_DATADIR "/gazetteers";
}

int nerq_stage_apply(const nerq_stage *s, void *ctx, nerq_article *a)
{
    if (a->error)
        return 0; /* error records pass through untouched */
    if ((a->stages & s->needs) != s->needs) {
        char msg[160];
        snprintf(msg, sizeof msg, "record lacks the fields %s needs (run the earlier stages first)",
                 s->name);
        nerq_article_set_error(a, s->name, msg);
        return -1;
    }
    nerq_err err = {{0}};
    if (s->run(ctx, a, &err) != 0) {
        nerq_article_set_error(a, s->name, err.msg[0] ? err.msg : "stage failed");
        return -1;
    }
    a->stages |= s->adds;
    return 0;
}

void nerq_article_token_flags(nerq_article *a)
{
    for (size_t i = 0; i < a->tokens.n; i++) {
        nerq_token *t = &a->tokens.v[i];
        t->flags = 0;
        if (t->start == 0 || a->text[t->start - 1] == ' ' || a->text[t->start - 1] == '\n' ||
            a->text[t->start - 1] == '\t')
            t->flags |= NERQ_TF_SPACE_BEFORE;
        if (t->cls == NERQ_T_WORD && a->text[t->end - 1] == '.')
            t->flags |= NERQ_TF_ABBREV;
    }
    for (size_t s = 0; s < a->sentences.n; s++)
        if (a->sentences.v[s].tok_start < a->tokens.n)
            a->tokens.v[a->sentences.v[s].tok_start].flags |= NERQ_TF_SENT_START;
    for (size_t s = 0; s < a->paragraphs.n; s++)
        if (a->paragraphs.v[s].tok_start < a->tokens.n)
            a->tokens.v[a->paragraphs.v[s].tok_start].flags |= NERQ_TF_PARA_START;
}
