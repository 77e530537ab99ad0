/* ingest_md.c: the ingest stage's Markdown pass (format "md"). Reads the decoded text and
 * writes plain lines for the layout pass, each byte a copy of the input or a replacement:
 * - headings (# Title, Title + ===) become a block of their own; the first is the title;
 * - emphasis and code markers (* ** _ __ `) and backslash escapes are dropped;
 * - links [text](url) and [text][ref] keep their text; <https://...> keeps the address;
 *   images ![alt](url) and link definitions [ref]: url are removed (md-image, md-linkdef);
 * - list and block quote markers are dropped, each list item is a block of its own;
 * - a hard line break (two trailing spaces or a backslash) becomes a block break;
 * - thematic breaks (---, ***) and code fences are dropped, fenced code kept as text.
 * Soft line breaks stay line breaks: the layout pass decides, as for plain text. */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t s, e;
} range;

typedef struct {
    nerq_article *a;
    const nerq_ing_layer *in;
    nerq_ing_layer *out;
    const char *t;
    NERQ_VEC(range) skip; /* input ranges of the current line left out */
} md;

static void skip(md *m, uint32_t s, uint32_t e)
{
    if (e > s)
        *NERQ_VEC_PUSH(m->skip) = (range){s, e};
}

static int is_punct(unsigned char c)
{
    return c > 0x20 && c < 0x7F && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9');
}

static int is_alnum(unsigned char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Index of the bracket closing the one at i (same line, within 1000 bytes), or 0. */
static uint32_t match_close(const char *t, uint32_t i, uint32_t e, char open, char close)
{
    int depth = 0;
    if (e - i > 1000)
        e = i + 1000; /* no link is that long; keeps a line of brackets linear */
    for (uint32_t j = i; j < e; j++) {
        if (t[j] == '\\') {
            j++;
            continue;
        }
        if (t[j] == open)
            depth++;
        else if (t[j] == close && --depth == 0)
            return j;
    }
    return 0;
}

/* Find the markup of the line content [s, e): fill m->skip. */
static void inline_markup(md *m, uint32_t s, uint32_t e)
{
    const char *t = m->t;
    for (uint32_t i = s; i < e; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\\' && i + 1 < e && is_punct((unsigned char)t[i + 1])) {
            skip(m, i, i + 1);
            i++;
        } else if (c == '`') {
            uint32_t j = i;
            while (j < e && t[j] == '`')
                j++;
            skip(m, i, j);
            i = j - 1;
        } else if (c == '!' && i + 1 < e && t[i + 1] == '[') {
            uint32_t cb = match_close(t, i + 1, e, '[', ']'), cp;
            if (cb && cb + 1 < e && t[cb + 1] == '(' && (cp = match_close(t, cb + 1, e, '(', ')'))) {
                nerq_ing_removed(m->a, m->in, i, cp + 1, "md-image");
                skip(m, i, cp + 1);
                i = cp;
            }
        } else if (c == '[') {
            uint32_t cb = match_close(t, i, e, '[', ']'), ce = 0;
            if (cb && cb + 1 < e && t[cb + 1] == '(')
                ce = match_close(t, cb + 1, e, '(', ')');
            else if (cb && cb + 1 < e && t[cb + 1] == '[')
                ce = match_close(t, cb + 1, e, '[', ']');
            if (ce) {
                skip(m, i, i + 1);
                inline_markup(m, i + 1, cb);
                skip(m, cb, ce + 1);
                i = ce;
            }
        } else if (c == '<' && i + 1 < e && (!strncmp(t + i + 1, "http", 4) || !strncmp(t + i + 1, "mailto:", 7))) {
            const char *gt = memchr(t + i, '>', e - i);
            if (gt && !memchr(t + i, ' ', (size_t)(gt - (t + i)))) {
                skip(m, i, i + 1);
                skip(m, (uint32_t)(gt - t), (uint32_t)(gt - t) + 1);
                i = (uint32_t)(gt - t);
            }
        } else if (c == '*' || c == '_') {
            uint32_t j = i;
            while (j < e && t[j] == (char)c)
                j++;
            int before = i > s && t[i - 1] != ' ', after = j < e && t[j] != ' ';
            int intraword = i > s && j < e && is_alnum((unsigned char)t[i - 1]) &&
                            is_alnum((unsigned char)t[j]);
            if (j - i <= 3 && (before || after) && !(c == '_' && intraword))
                skip(m, i, j);
            i = j - 1;
        }
    }
}

static int cmp_skip(const void *x, const void *y)
{
    const range *a = x, *b = y;
    return (a->s > b->s) - (a->s < b->s);
}

/* Emit [s, e) minus the skipped ranges. */
static void emit_line(md *m, uint32_t s, uint32_t e)
{
    if (m->skip.n > 1)
        qsort(m->skip.v, m->skip.n, sizeof *m->skip.v, cmp_skip);
    for (size_t k = 0; k < m->skip.n; k++) {
        if (m->skip.v[k].s > s)
            nerq_ing_copy(&m->out->text, &m->out->map, m->in, s, m->skip.v[k].s - s);
        if (m->skip.v[k].e > s)
            s = m->skip.v[k].e;
    }
    if (e > s)
        nerq_ing_copy(&m->out->text, &m->out->map, m->in, s, e - s);
    m->skip.n = 0;
}

static int only_of(const char *t, uint32_t s, uint32_t e, const char *set, int min)
{
    int n = 0;
    char ch = 0;
    for (uint32_t i = s; i < e; i++) {
        if (t[i] == ' ')
            continue;
        if (!strchr(set, t[i]) || (ch && t[i] != ch))
            return 0;
        ch = t[i];
        n++;
    }
    return n >= min;
}

/* Make sure the output ends with a block break before new content at input offset at. */
static void block_before(md *m, uint32_t at)
{
    const nerq_buf *o = &m->out->text;
    if (o->len && !(o->len >= 2 && o->data[o->len - 1] == '\n' && o->data[o->len - 2] == '\n'))
        nerq_ing_replace(&m->out->text, &m->out->map, m->in, at, 0, "\n", 1);
}

void nerq_ing_md(nerq_article *a, const nerq_ing_layer *in, nerq_ing_layer *out,
                 nerq_ing_hints *h)
{
    md m = {a, in, out, in->text.data ? in->text.data : "", {NULL, 0, 0}};
    const char *t = m.t;
    uint32_t n = (uint32_t)in->text.len, i = 0;
    int fence = 0;
    nerq_ing_layer_clear(out);
    while (i < n) {
        const char *nl = memchr(t + i, '\n', n - i);
        uint32_t le = nl ? (uint32_t)(nl - t) : n, s = i, e = le;
        while (s < e && t[s] == ' ')
            s++;
        uint32_t indent = s - i;
        int end_break = 0; /* the line ends a block */
        int done = 0;      /* the line's text is out (or dropped) */
        if (e - s >= 3 && (!strncmp(t + s, "```", 3) || !strncmp(t + s, "~~~", 3))) {
            fence = !fence;
            done = 1; /* the fence line goes */
        } else if (fence) {
            /* code: kept as it is */
        } else if (indent < 4 && only_of(t, s, e, "-*_=", 3)) {
            done = 1; /* thematic break or setext underline */
        } else if (indent < 4 && t[s] == '[' && match_close(t, s, e, '[', ']') &&
                   match_close(t, s, e, '[', ']') + 1 < e &&
                   t[match_close(t, s, e, '[', ']') + 1] == ':') {
            nerq_ing_removed(a, in, s, e, "md-linkdef");
            done = 1;
        } else {
            while (s < e && t[s] == '>') { /* block quote markers */
                skip(&m, s, s + 1);
                s++;
                while (s < e && t[s] == ' ')
                    s++;
            }
            uint32_t h_end = s;
            while (h_end < e && t[h_end] == '#')
                h_end++;
            uint32_t hashes = h_end - s;
            if (hashes >= 1 && hashes <= 6 && (h_end == e || t[h_end] == ' ')) {
                block_before(&m, s);
                uint32_t cs = h_end, ce = e;
                while (cs < ce && t[cs] == ' ')
                    cs++;
                while (ce > cs && (t[ce - 1] == ' ' || t[ce - 1] == '#'))
                    ce--;
                if (!h->title_e && ce > cs) {
                    h->title_s = (uint32_t)out->text.len;
                    inline_markup(&m, cs, ce);
                    emit_line(&m, cs, ce);
                    h->title_e = (uint32_t)out->text.len;
                } else {
                    inline_markup(&m, cs, ce);
                    emit_line(&m, cs, ce);
                }
                done = end_break = 1;
            } else {
                uint32_t k = s;
                if (k + 1 < e && strchr("-*+", t[k]) && t[k + 1] == ' ')
                    k += 2;
                else {
                    while (k < e && k - s < 9 && t[k] >= '0' && t[k] <= '9')
                        k++;
                    k = (k > s && k + 1 < e && (t[k] == '.' || t[k] == ')') && t[k + 1] == ' ') ? k + 2 : s;
                }
                if (k > s) { /* a list item */
                    block_before(&m, s);
                    *NERQ_VEC_PUSH(h->starts) = (uint32_t)out->text.len;
                    skip(&m, s, k);
                }
                if (e - s >= 2 && t[e - 1] == ' ' && t[e - 2] == ' ')
                    end_break = 1;
                else if (e > s && t[e - 1] == '\\') {
                    end_break = 1;
                    skip(&m, e - 1, e);
                }
                inline_markup(&m, k, e);
            }
        }
        if (!done)
            emit_line(&m, i, e);
        m.skip.n = 0;
        if (nl)
            nerq_ing_replace(&out->text, &out->map, in, le, 1, "\n\n", end_break ? 2 : 1);
        i = le + 1;
    }
    nerq_offmap_finish(&out->map);
    free(m.skip.v);
}

int nerq_ing_md_sniff(const nerq_ing_layer *in)
{
    const char *t = in->text.data ? in->text.data : "";
    size_t n = in->text.len, lines = 0;
    for (size_t i = 0; i < n && lines < 5;) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t le = nl ? (size_t)(nl - t) : n, h = i;
        while (h < le && t[h] == '#')
            h++;
        if (h > i && h - i <= 6 && h + 1 < le && t[h] == ' ' && t[h + 1] != ' ')
            return 1;
        lines += le > i;
        i = le + 1;
    }
    for (size_t i = 0; i + 6 < n; i++) {
        const char *p = memchr(t + i, ']', n - i - 6);
        if (!p)
            break;
        i = (size_t)(p - t);
        if (!strncmp(p, "](http", 6))
            return 1;
    }
    return 0;
}
