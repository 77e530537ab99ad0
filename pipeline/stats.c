/* stats.c: counts over a run, for `nerq stats` and the report's index: the most quoted
 * speakers, the most mentioned people, countries and organisations, quotes per article,
 * and who is quoted about which country (a quote's speaker x the COUNTRY mentions in the
 * paragraphs the quote overlaps, once per quote).
 * Reads: id, title, paragraphs, mentions, quotes (speaker). */
#include "export.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>

typedef struct counter {
    char *key; /* table number, a, b, separated by \x1f */
    int table;
    char *a, *b;
    uint32_t n1, n2;
    size_t last; /* the article that last counted it (for n2 = articles) */
    UT_hash_handle hh;
} counter;

struct nerq_stats {
    counter *map;
    uint32_t totals[5]; /* articles, errors, mentions, quotes, attributed */
    nerq_stat_table tab[NERQ_TAB_COUNT];
    NERQ_VEC(char *) owned; /* strings of the article rows */
    int dirty;
    nerq_buf key;
};

static const nerq_stat_table shapes[NERQ_TAB_COUNT] = {
    [NERQ_TAB_SPEAKERS] = {"speakers", "Most quoted speakers", {"speaker", "speaker_id", "quotes", "articles"}, {0}},
    [NERQ_TAB_PEOPLE] = {"people", "Most mentioned people", {"person", "id", "mentions", "articles"}, {0}},
    [NERQ_TAB_COUNTRIES] = {"countries", "Most mentioned countries", {"country", "id", "mentions", "articles"}, {0}},
    [NERQ_TAB_ORGS] = {"organisations", "Most mentioned organisations", {"organisation", "id", "mentions", "articles"}, {0}},
    [NERQ_TAB_ARTICLES] = {"articles", "Quotes per article", {"article", "title", "quotes", "attributed"}, {0}},
    [NERQ_TAB_SPEAKER_COUNTRY] = {"speaker_countries", "Who is quoted about which country (same paragraph)",
                                  {"speaker", "country", "quotes", "articles"}, {0}},
};

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

nerq_stats *nerq_stats_new(void)
{
    nerq_stats *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    memcpy(s->tab, shapes, sizeof shapes);
    return s;
}

void nerq_stats_free(nerq_stats *s)
{
    if (!s)
        return;
    counter *c, *t;
    HASH_ITER(hh, s->map, c, t)
    {
        HASH_DEL(s->map, c);
        free(c->key);
        free(c->a);
        free(c->b);
        free(c);
    }
    for (size_t i = 0; i < NERQ_TAB_COUNT; i++)
        free(s->tab[i].rows.v);
    for (size_t i = 0; i < s->owned.n; i++)
        free(s->owned.v[i]);
    free(s->owned.v);
    nerq_buf_free(&s->key);
    free(s);
}

static void bump(nerq_stats *s, int table, const char *a, const char *b)
{
    s->key.len = 0;
    nerq_buf_printf(&s->key, "%d\x1f%s\x1f%s", table, a, b ? b : "");
    counter *c;
    HASH_FIND(hh, s->map, s->key.data, s->key.len, c);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            abort();
        c->key = xstrdup(s->key.data);
        c->table = table;
        c->a = xstrdup(a);
        c->b = b ? xstrdup(b) : NULL;
        HASH_ADD_KEYPTR(hh, s->map, c->key, s->key.len, c);
    }
    c->n1++;
    if (c->last != s->totals[0]) {
        c->last = s->totals[0];
        c->n2++;
    }
    s->dirty = 1;
}

static int table_of_type(const char *type)
{
    if (!strcmp(type, "PERSON"))
        return NERQ_TAB_PEOPLE;
    if (!strcmp(type, "COUNTRY"))
        return NERQ_TAB_COUNTRIES;
    if (!strcmp(type, "ORG"))
        return NERQ_TAB_ORGS;
    return -1;
}

/* Count (speaker, country) once per quote for the countries in its paragraphs. */
static void speaker_countries(nerq_stats *s, const nerq_article *a, const nerq_quote *q)
{
    const char *seen[64];
    size_t nseen = 0;
    for (size_t p = 0; p < a->paragraphs.n; p++) {
        const nerq_span *par = &a->paragraphs.v[p];
        if (par->end <= q->start || par->start >= q->end)
            continue;
        for (size_t m = 0; m < a->mentions.n; m++) {
            const nerq_mention *x = &a->mentions.v[m];
            if (strcmp(x->type, "COUNTRY") || x->start < par->start || x->start >= par->end)
                continue;
            const char *name = x->entity ? x->entity : x->text;
            int dup = 0;
            for (size_t k = 0; k < nseen && !dup; k++)
                dup = !strcmp(seen[k], name);
            if (dup || nseen == sizeof seen / sizeof *seen)
                continue;
            seen[nseen++] = name;
            bump(s, NERQ_TAB_SPEAKER_COUNTRY, q->speaker, name);
        }
    }
}

void nerq_stats_add(nerq_stats *s, const nerq_article *a)
{
    s->totals[0]++;
    s->dirty = 1;
    uint32_t attributed = 0;
    if (a->error) {
        s->totals[1]++;
    } else {
        for (size_t i = 0; i < a->mentions.n; i++) {
            const nerq_mention *m = &a->mentions.v[i];
            int t = table_of_type(m->type);
            if (t >= 0)
                bump(s, t, m->entity ? m->entity : m->text, m->id);
        }
        for (size_t i = 0; i < a->quotes.n; i++) {
            const nerq_quote *q = &a->quotes.v[i];
            if (!q->speaker)
                continue;
            attributed++;
            bump(s, NERQ_TAB_SPEAKERS, q->speaker, q->speaker_id);
            speaker_countries(s, a, q);
        }
        s->totals[2] += (uint32_t)a->mentions.n;
        s->totals[3] += (uint32_t)a->quotes.n;
        s->totals[4] += attributed;
    }
    char *id = xstrdup(a->id), *title = a->title ? xstrdup(a->title) : NULL;
    *NERQ_VEC_PUSH(s->owned) = id;
    if (title)
        *NERQ_VEC_PUSH(s->owned) = title;
    nerq_stat_row *r = NERQ_VEC_PUSH(s->tab[NERQ_TAB_ARTICLES].rows);
    r->a = id;
    r->b = title;
    r->n1 = a->error ? 0 : (uint32_t)a->quotes.n;
    r->n2 = attributed;
}

static int by_count(const void *x, const void *y)
{
    const nerq_stat_row *p = x, *q = y;
    if (p->n1 != q->n1)
        return p->n1 > q->n1 ? -1 : 1;
    if (p->n2 != q->n2)
        return p->n2 > q->n2 ? -1 : 1;
    int c = strcmp(p->a, q->a);
    if (c)
        return c;
    return strcmp(p->b ? p->b : "", q->b ? q->b : "");
}

const nerq_stat_table *nerq_stats_table(nerq_stats *s, int which)
{
    if (s->dirty) {
        for (int t = 0; t < NERQ_TAB_COUNT; t++)
            if (t != NERQ_TAB_ARTICLES)
                s->tab[t].rows.n = 0;
        for (counter *c = s->map; c; c = c->hh.next) {
            nerq_stat_row *r = NERQ_VEC_PUSH(s->tab[c->table].rows);
            r->a = c->a;
            r->b = c->b;
            r->n1 = c->n1;
            r->n2 = c->n2;
        }
        for (int t = 0; t < NERQ_TAB_COUNT; t++)
            if (t != NERQ_TAB_ARTICLES && s->tab[t].rows.n)
                qsort(s->tab[t].rows.v, s->tab[t].rows.n, sizeof *s->tab[t].rows.v, by_count);
        s->dirty = 0;
    }
    return &s->tab[which];
}

void nerq_stats_totals(const nerq_stats *s, uint32_t out[5]) { memcpy(out, s->totals, sizeof s->totals); }

static void csv_cell(nerq_buf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        nerq_buf_puts(b, s);
        return;
    }
    nerq_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            nerq_buf_putc(b, '"');
        nerq_buf_putc(b, *s);
    }
    nerq_buf_putc(b, '"');
}

void nerq_stats_csv(nerq_buf *out, const nerq_stat_table *t)
{
    for (int c = 0; c < 4; c++)
        if (t->cols[c]) {
            if (c)
                nerq_buf_putc(out, ',');
            csv_cell(out, t->cols[c]);
        }
    nerq_buf_putc(out, '\n');
    for (size_t i = 0; i < t->rows.n; i++) {
        const nerq_stat_row *r = &t->rows.v[i];
        csv_cell(out, r->a);
        nerq_buf_putc(out, ',');
        csv_cell(out, r->b);
        nerq_buf_printf(out, ",%u,%u\n", r->n1, r->n2);
    }
}

/* Cell text for the aligned listing: a missing value is "-", line breaks are spaces. */
static void text_cell(nerq_buf *b, const char *s, size_t width)
{
    s = s ? s : "-";
    size_t w = 0;
    for (const char *p = s; *p; p++) {
        nerq_buf_putc(b, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
        w += ((unsigned char)*p & 0xC0) != 0x80;
    }
    for (; w < width; w++)
        nerq_buf_putc(b, ' ');
}

void nerq_stats_text(nerq_buf *out, const nerq_stat_table *t, size_t top)
{
    size_t n = t->rows.n < top ? t->rows.n : top;
    size_t wa = strlen(t->cols[0]), wb = strlen(t->cols[1]);
    for (size_t i = 0; i < n; i++) {
        const char *a = t->rows.v[i].a, *b = t->rows.v[i].b ? t->rows.v[i].b : "-";
        size_t la = nerq_utf8_count(a, strlen(a)), lb = nerq_utf8_count(b, strlen(b));
        wa = la > wa ? la : wa;
        wb = lb > wb ? lb : wb;
    }
    nerq_buf_printf(out, "%s (%zu of %zu)\n  ", t->title, n, t->rows.n);
    text_cell(out, t->cols[0], wa + 2);
    text_cell(out, t->cols[1], wb + 2);
    nerq_buf_printf(out, "%8s %8s\n", t->cols[2], t->cols[3]);
    for (size_t i = 0; i < n; i++) {
        nerq_buf_puts(out, "  ");
        text_cell(out, t->rows.v[i].a, wa + 2);
        text_cell(out, t->rows.v[i].b, wb + 2);
        nerq_buf_printf(out, "%8u %8u\n", t->rows.v[i].n1, t->rows.v[i].n2);
    }
    nerq_buf_putc(out, '\n');
}
