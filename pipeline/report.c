/* report.c: the HTML report's pages: one per article (the text with mentions highlighted
 * by type, the canonical entity on hover, quotes underlined and labelled with their
 * speaker) and the index (totals, inline-SVG bar charts, tables). Static, no scripts, no
 * network: the pages share style.css (nerq_report_css) next to them.
 * Reads: id, title, text, mentions, quotes (and their attribution). */
#include "export.h"

#include <stdlib.h>
#include <string.h>

void nerq_html_escape(nerq_buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && p[j] >= 0x20 && p[j] < 0x80 && !strchr("&<>\"'", p[j]))
            j++;
        nerq_buf_put(out, s + i, j - i);
        if (j >= n)
            break;
        i = j;
        unsigned char c = p[i];
        int k = c >= 0x80 ? nerq_utf8_seq(p + i, n - i) : 1;
        switch (c) {
        case '&': nerq_buf_puts(out, "&amp;"); break;
        case '<': nerq_buf_puts(out, "&lt;"); break;
        case '>': nerq_buf_puts(out, "&gt;"); break;
        case '"': nerq_buf_puts(out, "&quot;"); break;
        case '\'': nerq_buf_puts(out, "&#39;"); break;
        case '\n':
        case '\t': nerq_buf_putc(out, (char)c); break;
        default:
            if (c >= 0x80 && k)
                nerq_buf_put(out, s + i, (size_t)k);
            else
                nerq_buf_puts(out, "\xEF\xBF\xBD"); /* control characters, invalid UTF-8 */
        }
        i += k ? (size_t)k : 1;
    }
}

static void esc(nerq_buf *out, const char *s)
{
    if (s)
        nerq_html_escape(out, s, strlen(s));
}

void nerq_report_page_name(nerq_buf *out, size_t i, const char *id)
{
    nerq_buf_printf(out, "a%04zu-", i + 1);
    nerq_put_ident(out, id, ".");
    nerq_buf_puts(out, ".html");
}

static void page_head(nerq_buf *out, const char *title)
{
    nerq_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(out, title);
    nerq_buf_puts(out, " \xE2\x80\x93 nerq report</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n");
}

/* ---- article page ------------------------------------------------------------------- */
typedef struct {
    uint32_t pos;
    uint8_t order; /* at one position: close mention, close quote, label, open quote, open mention */
    uint32_t idx;
} event;

static int by_event(const void *x, const void *y)
{
    const event *p = x, *q = y;
    if (p->pos != q->pos)
        return p->pos < q->pos ? -1 : 1;
    if (p->order != q->order)
        return p->order < q->order ? -1 : 1;
    return p->idx < q->idx ? -1 : p->idx > q->idx;
}

static void open_mention(nerq_buf *out, const nerq_article *a, int64_t i)
{
    const nerq_mention *m = &a->mentions.v[i];
    nerq_buf_puts(out, "<span class=\"m m-");
    nerq_put_ident(out, m->type, NULL); /* a CSS class */
    nerq_buf_printf(out, "\" data-m=\"%d\" data-type=\"", (int)i);
    esc(out, m->type);
    nerq_buf_puts(out, "\" data-entity=\"");
    esc(out, m->entity ? m->entity : m->text);
    nerq_buf_puts(out, "\" title=\"");
    esc(out, m->entity ? m->entity : m->text);
    nerq_buf_puts(out, " (");
    esc(out, m->type);
    if (m->id) {
        nerq_buf_puts(out, ", ");
        esc(out, m->id);
    }
    nerq_buf_puts(out, ")\">");
}

static void open_quote(nerq_buf *out, const nerq_quote *q, uint32_t n)
{
    nerq_buf_printf(out, "<span class=\"quote%s\" id=\"q%u\" data-speaker=\"", q->speaker ? "" : " unattributed", n);
    esc(out, q->speaker ? q->speaker : "");
    nerq_buf_puts(out, "\" title=\"");
    if (q->speaker) {
        nerq_buf_puts(out, "Quote by ");
        esc(out, q->speaker);
    } else {
        nerq_buf_puts(out, "Quote, speaker unknown");
    }
    if (q->cue) {
        nerq_buf_puts(out, " (cue: ");
        esc(out, q->cue);
        nerq_buf_putc(out, ')');
    }
    nerq_buf_puts(out, "\">");
}

static void speaker_label(nerq_buf *out, const nerq_quote *q)
{
    nerq_buf_puts(out, q->speaker ? "<span class=\"spk\">" : "<span class=\"spk none\">");
    esc(out, q->speaker ? q->speaker : "unattributed");
    nerq_buf_puts(out, "</span>");
}

/* Keep the spans of a list that do not overlap an earlier kept one; returns how many. */
static size_t keep_disjoint(event *ev, size_t n, const uint32_t *start, const uint32_t *end, uint8_t open,
                            uint8_t close, const uint32_t *label, uint32_t *kept)
{
    /* order the indices by start (insertion sort; lists are short and nearly sorted) */
    uint32_t count = 0, last_end = 0;
    for (uint32_t i = 0; kept[i] != UINT32_MAX; i++)
        count++;
    for (uint32_t i = 1; i < count; i++) {
        uint32_t x = kept[i], j = i;
        while (j > 0 && start[kept[j - 1]] > start[x]) {
            kept[j] = kept[j - 1];
            j--;
        }
        kept[j] = x;
    }
    for (uint32_t k = 0; k < count; k++) {
        uint32_t i = kept[k];
        if (end[i] <= start[i] || start[i] < last_end)
            continue;
        last_end = end[i];
        ev[n++] = (event){start[i], open, i};
        ev[n++] = (event){end[i], close, i};
        if (label)
            ev[n++] = (event){label[i], 2, i};
    }
    return n;
}

static void article_text(nerq_buf *out, const nerq_article *a)
{
    size_t nm = a->mentions.n, nq = a->quotes.n, nmax = nm > nq ? nm : nq;
    uint32_t *ms = malloc((nm + 1) * sizeof *ms), *me = malloc((nm + 1) * sizeof *me);
    uint32_t *qs = malloc((nq + 1) * sizeof *qs), *qe = malloc((nq + 1) * sizeof *qe);
    uint32_t *ql = malloc((nq + 1) * sizeof *ql), *idx = malloc((nmax + 1) * sizeof *idx);
    event *ev = malloc((2 * nm + 3 * nq + 1) * sizeof *ev);
    if (!ms || !me || !qs || !qe || !ql || !idx || !ev)
        abort();
    for (size_t i = 0; i < nm; i++) {
        ms[i] = a->mentions.v[i].start;
        me[i] = a->mentions.v[i].end;
        idx[i] = (uint32_t)i;
    }
    idx[nm] = UINT32_MAX;
    size_t n = keep_disjoint(ev, 0, ms, me, 4, 0, NULL, idx);
    for (size_t i = 0; i < nq; i++) {
        const nerq_quote *q = &a->quotes.v[i];
        qs[i] = q->start;
        qe[i] = q->end;
        ql[i] = q->end;
        if (q->close >= (int32_t)q->end && (uint32_t)q->close < a->text_len) {
            int k = nerq_utf8_seq((const unsigned char *)a->text + q->close, a->text_len - (uint32_t)q->close);
            ql[i] = (uint32_t)q->close + (uint32_t)(k ? k : 1);
        }
        idx[i] = (uint32_t)i;
    }
    idx[nq] = UINT32_MAX;
    n = keep_disjoint(ev, n, qs, qe, 3, 1, ql, idx);
    qsort(ev, n, sizeof *ev, by_event);
    nerq_buf_puts(out, "<div class=\"text\" id=\"text\">");
    uint32_t cur = 0;
    int64_t om = -1, oq = -1;
    for (size_t k = 0; k < n; k++) {
        const event *e = &ev[k];
        nerq_html_escape(out, a->text + cur, e->pos - cur);
        cur = e->pos;
        switch (e->order) {
        case 0: /* close mention */
            if (om == e->idx) {
                nerq_buf_puts(out, "</span>");
                om = -1;
            }
            break;
        case 1: /* close quote, keeping an open mention open */
        case 3: /* open quote, the same */
            if (om >= 0)
                nerq_buf_puts(out, "</span>");
            if (e->order == 1) {
                nerq_buf_puts(out, "</span>");
                oq = -1;
            } else {
                open_quote(out, &a->quotes.v[e->idx], e->idx + 1);
                oq = e->idx;
            }
            if (om >= 0)
                open_mention(out, a, om);
            break;
        case 2:
            speaker_label(out, &a->quotes.v[e->idx]);
            break;
        case 4:
            open_mention(out, a, e->idx);
            om = e->idx;
            break;
        }
    }
    nerq_html_escape(out, a->text + cur, a->text_len - cur);
    if (om >= 0)
        nerq_buf_puts(out, "</span>");
    if (oq >= 0)
        nerq_buf_puts(out, "</span>");
    nerq_buf_puts(out, "</div>\n");
    free(ms);
    free(me);
    free(qs);
    free(qe);
    free(ql);
    free(idx);
    free(ev);
}

static void quote_table(nerq_buf *out, const nerq_article *a)
{
    if (!a->quotes.n)
        return;
    nerq_buf_puts(out, "<h2>Quotes</h2>\n<table class=\"quotes\">\n<tr><th>#</th><th>speaker</th><th>cue</th>"
                       "<th>kind</th><th>confidence</th><th>quote</th></tr>\n");
    for (size_t i = 0; i < a->quotes.n; i++) {
        const nerq_quote *q = &a->quotes.v[i];
        nerq_buf_printf(out, "<tr><td><a href=\"#q%zu\">%zu</a></td><td>", i + 1, i + 1);
        esc(out, q->speaker ? q->speaker : "\xE2\x80\x94");
        nerq_buf_puts(out, "</td><td>");
        esc(out, q->cue ? q->cue : "\xE2\x80\x94");
        nerq_buf_puts(out, "</td><td>");
        esc(out, q->kind);
        nerq_buf_printf(out, "</td><td>%.2f</td><td class=\"qt\">", q->confidence);
        nerq_html_escape(out, a->text + q->start, q->end - q->start);
        nerq_buf_puts(out, "</td></tr>\n");
    }
    nerq_buf_puts(out, "</table>\n");
}

void nerq_report_article(nerq_buf *out, const nerq_article *a, size_t i)
{
    const char *title = a->title ? a->title : a->id;
    page_head(out, title);
    nerq_buf_printf(out, "<nav><a href=\"index.html\">\xE2\x86\x90 all articles</a> \xC2\xB7 article %zu</nav>\n<h1>",
                    i + 1);
    esc(out, title);
    nerq_buf_puts(out, "</h1>\n<p class=\"meta\"><code>");
    esc(out, a->id);
    nerq_buf_puts(out, "</code>");
    if (a->error) {
        nerq_buf_puts(out, "</p>\n<p class=\"error\">Not annotated: ");
        esc(out, a->error);
        nerq_buf_puts(out, "</p>\n</body>\n</html>\n");
        return;
    }
    size_t attributed = 0;
    for (size_t k = 0; k < a->quotes.n; k++)
        attributed += a->quotes.v[k].speaker != NULL;
    nerq_buf_printf(out, " \xC2\xB7 %zu mentions \xC2\xB7 %zu quotes (%zu attributed)", a->mentions.n, a->quotes.n,
                    attributed);
    if (a->date) {
        nerq_buf_puts(out, " \xC2\xB7 ");
        esc(out, a->date);
    }
    nerq_buf_puts(out, "</p>\n<p class=\"legend\">");
    static const char *const types[] = {"PERSON", "COUNTRY", "ORG", "NORP", "LOC"};
    for (size_t k = 0; k < sizeof types / sizeof *types; k++)
        nerq_buf_printf(out, "<span class=\"key m-%s\">%s</span> ", types[k], types[k]);
    nerq_buf_puts(out, "<span class=\"key quote\">quote</span> <span class=\"spk\">speaker</span></p>\n");
    article_text(out, a);
    quote_table(out, a);
    nerq_buf_puts(out, "</body>\n</html>\n");
}

/* ---- index page ----------------------------------------------------------------------- */
/* At most max code points of s, with an ellipsis when cut. */
static void esc_cut(nerq_buf *out, const char *s, size_t max)
{
    size_t n = strlen(s), cps = 0, i = 0;
    while (i < n && cps < max) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        cps++;
    }
    nerq_html_escape(out, s, i);
    if (i < n)
        nerq_buf_puts(out, "\xE2\x80\xA6");
}

static void bar_chart(nerq_buf *out, const nerq_stat_table *t, size_t top)
{
    size_t n = t->rows.n < top ? t->rows.n : top;
    if (!n)
        return;
    uint32_t max = 1;
    for (size_t i = 0; i < n; i++)
        max = t->rows.v[i].n1 > max ? t->rows.v[i].n1 : max;
    unsigned h = (unsigned)n * 22 + 4;
    nerq_buf_printf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"%u\" "
                         "viewBox=\"0 0 640 %u\" role=\"img\" aria-label=\"",
                    h, h);
    esc(out, t->title);
    nerq_buf_puts(out, "\">\n");
    for (size_t i = 0; i < n; i++) {
        const nerq_stat_row *r = &t->rows.v[i];
        unsigned y = (unsigned)i * 22, w = (unsigned)(360.0 * r->n1 / max + 0.5);
        nerq_buf_printf(out, "<text x=\"214\" y=\"%u\" text-anchor=\"end\">", y + 16);
        esc_cut(out, r->a, 22);
        if (r->b && !strcmp(t->cols[1], "country")) {
            nerq_buf_puts(out, " \xE2\x86\x92 ");
            esc_cut(out, r->b, 14);
        }
        nerq_buf_printf(out, "</text><rect class=\"bar\" x=\"220\" y=\"%u\" width=\"%u\" height=\"16\"/>"
                             "<text x=\"%u\" y=\"%u\">%u</text>\n",
                        y + 4, w, 226 + w, y + 16, r->n1);
    }
    nerq_buf_puts(out, "</svg>\n");
}

static void table(nerq_buf *out, const nerq_stat_table *t, size_t top, int links)
{
    size_t n = t->rows.n < top ? t->rows.n : top;
    nerq_buf_printf(out, "<table class=\"stats\" id=\"t-%s\">\n<tr>", t->name);
    for (int c = 0; c < 4; c++) {
        nerq_buf_puts(out, c >= 2 ? "<th class=\"n\">" : "<th>");
        esc(out, t->cols[c]);
        nerq_buf_puts(out, "</th>");
    }
    nerq_buf_puts(out, "</tr>\n");
    nerq_buf name = {0};
    for (size_t i = 0; i < n; i++) {
        const nerq_stat_row *r = &t->rows.v[i];
        nerq_buf_puts(out, "<tr><td>");
        if (links) {
            name.len = 0;
            nerq_report_page_name(&name, i, r->a);
            nerq_buf_puts(out, "<a href=\"");
            esc(out, name.data);
            nerq_buf_puts(out, "\">");
            esc(out, r->a);
            nerq_buf_puts(out, "</a>");
        } else {
            esc(out, r->a);
        }
        nerq_buf_puts(out, "</td><td>");
        esc(out, r->b ? r->b : "");
        nerq_buf_printf(out, "</td><td class=\"n\">%u</td><td class=\"n\">%u</td></tr>\n", r->n1, r->n2);
    }
    nerq_buf_free(&name);
    nerq_buf_puts(out, "</table>\n");
    if (n < t->rows.n)
        nerq_buf_printf(out, "<p class=\"more\">%zu more rows in the CSV files (<code>nerq stats</code>).</p>\n",
                        t->rows.n - n);
}

void nerq_report_index(nerq_buf *out, nerq_stats *s)
{
    uint32_t t[5];
    nerq_stats_totals(s, t);
    page_head(out, "Summary");
    nerq_buf_printf(out, "<h1>nerq report</h1>\n<p class=\"meta\">%u articles (%u not annotated) \xC2\xB7 %u mentions "
                         "\xC2\xB7 %u quotes (%u attributed)</p>\n",
                    t[0], t[1], t[2], t[3], t[4]);
    nerq_buf_puts(out, "<nav>Sections: <a href=\"#s-speakers\">speakers</a> \xC2\xB7 <a href=\"#s-people\">people</a> "
                       "\xC2\xB7 <a href=\"#s-countries\">countries</a> \xC2\xB7 <a href=\"#s-organisations\">"
                       "organisations</a> \xC2\xB7 <a href=\"#s-speaker_countries\">speakers \xC3\x97 countries</a> "
                       "\xC2\xB7 <a href=\"#s-articles\">articles</a></nav>\n");
    static const int charted[] = {NERQ_TAB_SPEAKERS, NERQ_TAB_PEOPLE, NERQ_TAB_COUNTRIES, NERQ_TAB_ORGS,
                                  NERQ_TAB_SPEAKER_COUNTRY};
    for (size_t k = 0; k < sizeof charted / sizeof *charted; k++) {
        const nerq_stat_table *tab = nerq_stats_table(s, charted[k]);
        nerq_buf_printf(out, "<section id=\"s-%s\">\n<h2>", tab->name);
        esc(out, tab->title);
        nerq_buf_puts(out, "</h2>\n");
        if (!tab->rows.n)
            nerq_buf_puts(out, "<p class=\"none\">None.</p>\n");
        else {
            bar_chart(out, tab, 10);
            table(out, tab, 25, 0);
        }
        nerq_buf_puts(out, "</section>\n");
    }
    const nerq_stat_table *arts = nerq_stats_table(s, NERQ_TAB_ARTICLES);
    nerq_buf_puts(out, "<section id=\"s-articles\">\n<h2>Articles</h2>\n");
    table(out, arts, arts->rows.n, 1);
    nerq_buf_puts(out, "</section>\n</body>\n</html>\n");
}

const char nerq_report_css[] =
    "body{font:16px/1.5 Georgia,'DejaVu Serif',serif;max-width:60em;margin:1em auto;padding:0 1em;color:#222}\n"
    "h1{font-size:1.5em;line-height:1.2}h2{font-size:1.15em;margin-top:1.5em}\n"
    "nav,.meta,.legend,table,svg{font-family:'DejaVu Sans',Arial,sans-serif;font-size:13px}\n"
    ".meta{color:#555}.error{color:#a00}\n"
    ".text{white-space:pre-wrap;line-height:1.9}\n"
    ".m{border-radius:3px;padding:1px 2px;cursor:help}\n"
    ".m-PERSON{background:#ffd8b0}.m-COUNTRY{background:#bfe3ff}.m-ORG{background:#c8f0c8}\n"
    ".m-NORP{background:#ead4ff}.m-LOC{background:#fff3a8}.m{box-shadow:inset 0 -1px #0002}\n"
    ".key{padding:1px 4px;border-radius:3px;margin-right:4px}\n"
    ".quote{text-decoration:underline;text-decoration-color:#c0392b;text-decoration-thickness:2px;"
    "text-underline-offset:3px}\n"
    ".quote.unattributed{text-decoration-style:dashed;text-decoration-color:#888}\n"
    ".spk{font:bold 11px 'DejaVu Sans',Arial,sans-serif;color:#fff;background:#c0392b;border-radius:3px;"
    "padding:0 4px;margin-left:3px;vertical-align:super;white-space:nowrap}\n"
    ".spk.none{background:#666}\n"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:2px 8px;"
    "text-align:left;vertical-align:top}\n"
    ".n{text-align:right}.qt{font-family:Georgia,serif;font-size:14px}\n"
    ".chart text{font:12px 'DejaVu Sans',Arial,sans-serif;fill:#222}.chart .bar{fill:#3a7bd5}\n"
    ".more,.none{color:#777;font-size:13px}\n";
