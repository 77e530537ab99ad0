/* ingest_layout.c: the ingest stage's last pass. Reads the lines a format pass left (or the
 * decoded text file) and writes the record's text, offmap, removed, title, date, author:
 * - boilerplate rules (rules/boilerplate.txt) drop whole lines or spans of a line;
 * - metadata rules (rules/metadata.txt) fill title, date and author; those lines stay in
 *   the text, each a paragraph of its own;
 * - line breaks become a space (the line was wrapped) or a paragraph break "\n\n";
 *   paragraphs are separated by exactly one blank line;
 * - a word hyphenated across a line end is re-joined (see dehyphenate());
 * - typography: runs of spaces (and NBSP, thin and other odd spaces, U+2028/U+2029 line
 *   and paragraph separators, NEL) become one space;
 *   soft hyphens and zero-width spaces are dropped; hyphen-like dashes (U+2010 U+2011
 *   U+2012 U+2212) become "-", U+2015 becomes an em dash; en and em dashes and every
 *   quotation mark are kept as written.
 * Every emitted byte is a copy of input bytes or a replacement of an input span, through
 * the input's map to the raw file, so each text offset maps back to its raw bytes. */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

enum { L_BLANK = 1, L_REMOVED = 2, L_META = 4, L_BULLET = 8, L_TITLE = 16 };

typedef struct {
    uint32_t ls, le;   /* the line, without its '\n' */
    uint32_t s0, e0;   /* its content: indentation and trailing spaces trimmed */
    uint32_t s, e;     /* the content left after span rules cut its ends */
    uint32_t chars;    /* code points in [s0, e0) */
    uint16_t indent;   /* leading spaces */
    uint16_t flags;
} line;

typedef struct {
    uint32_t s, e; /* a span removed inside a line */
} cut;

enum { J_HARD, J_SOFT, J_HYPH_JOIN, J_HYPH_KEEP };

struct nerq_ing_layout {
    NERQ_VEC(line) lines;
    NERQ_VEC(cut) cuts;
    nerq_buf out, word;
    /* emission state */
    nerq_offmap *map;
    const nerq_ing_layer *in;
    uint32_t pend_s, pend_e; /* pending whitespace in the input, pend_e > pend_s: some */
    int at_para_start;
    size_t cut_i;
};

nerq_ing_layout *nerq_ing_layout_new(void)
{
    nerq_ing_layout *l = calloc(1, sizeof *l);
    if (!l)
        abort();
    return l;
}

void nerq_ing_layout_free(nerq_ing_layout *l)
{
    if (!l)
        return;
    free(l->lines.v);
    free(l->cuts.v);
    nerq_buf_free(&l->out);
    nerq_buf_free(&l->word);
    free(l);
}

/* ---- characters --------------------------------------------------------------------- */

static uint32_t cp_at(const char *t, uint32_t i, uint32_t end, int *len)
{
    const unsigned char *p = (const unsigned char *)t + i;
    if (*p < 0x80) {
        *len = 1;
        return *p;
    }
    int k = nerq_utf8_seq(p, end - i);
    if (!k) {
        *len = 1;
        return 0xFFFD;
    }
    *len = k;
    return nerq_utf8_decode(p, k);
}

static int odd_space(uint32_t c)
{
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static int invisible(uint32_t c) { return c == 0xAD || c == 0x200B || c == 0x2060 || c == 0xFEFF; }

static int hyphen_like(uint32_t c)
{
    return c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2043 || c == 0x2212 ||
           c == 0xFE63 || c == 0xFF0D;
}

/* Length of the whitespace character at i (0 if none). */
static int ws_at(const char *t, uint32_t i, uint32_t end)
{
    if (t[i] == ' ')
        return 1;
    int k;
    uint32_t c = cp_at(t, i, end, &k);
    return (c >= 0x80 && (odd_space(c) || invisible(c))) ? k : 0;
}

static int is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

/* ---- lines ---------------------------------------------------------------------------- */

static int bullet_at(const char *t, uint32_t s, uint32_t e)
{
    static const char *marks[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94", "-", "*",
                                  "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x96\xA0", "\xE2\x96\xBA"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t n = strlen(marks[i]);
        if (e - s > n && !memcmp(t + s, marks[i], n) && t[s + n] == ' ')
            return 1;
    }
    uint32_t d = s; /* "1. " "12) " */
    while (d < e && d - s < 3 && t[d] >= '0' && t[d] <= '9')
        d++;
    return d > s && d + 1 < e && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ';
}

/* A headline in capitals: letters, none of them lower case (ASCII judgement). */
static int all_caps(const char *t, uint32_t s, uint32_t e)
{
    int upper = 0;
    for (uint32_t i = s; i < e; i++) {
        if (t[i] >= 'a' && t[i] <= 'z')
            return 0;
        upper += t[i] >= 'A' && t[i] <= 'Z';
    }
    return upper >= 2;
}

static void split_lines(nerq_ing_layout *l, const char *t, uint32_t n)
{
    l->lines.n = 0;
    uint32_t i = 0;
    while (i < n) {
        const char *nl = memchr(t + i, '\n', n - i);
        uint32_t le = nl ? (uint32_t)(nl - t) : n;
        line *L = NERQ_VEC_PUSH(l->lines);
        memset(L, 0, sizeof *L);
        L->ls = i;
        L->le = le;
        uint32_t s = i;
        int k;
        while (s < le && (k = ws_at(t, s, le)) > 0) {
            L->indent += t[s] == ' ';
            s += (uint32_t)k;
        }
        uint32_t e = le;
        while (e > s) {
            uint32_t b = e - 1;
            while (b > s && ((unsigned char)t[b] & 0xC0) == 0x80)
                b--;
            if (!ws_at(t, b, le))
                break;
            e = b;
        }
        L->s0 = L->s = s;
        L->e0 = L->e = e;
        if (s >= e)
            L->flags |= L_BLANK;
        else {
            L->chars = (uint32_t)nerq_utf8_count(t + s, e - s);
            if (bullet_at(t, s, e))
                L->flags |= L_BULLET;
        }
        i = le + 1;
        if (!nl)
            break;
    }
}

/* A line that may follow a "You might also like" heading: short, not a sentence. */
static int link_like(const char *t, const line *L)
{
    if (L->chars > 100)
        return 0;
    unsigned char c = (unsigned char)t[L->e - 1];
    if (c == '.' || c == '!' || c == '?')
        return 0;
    return !(L->e - L->s >= 4 && !memcmp(t + L->e - 4, ".\xE2\x80\x9D", 4));
}

/* Does a whole-line rule other than ru match line L? */
static int claimed(const nerq_ing_rules *r, const char *t, const line *L, const nerq_ing_rule *ru)
{
    size_t ms, me;
    for (size_t k = 0; k < r->boiler.n; k++)
        if (&r->boiler.v[k] != ru && r->boiler.v[k].kind != NERQ_BP_SPAN &&
            nerq_ing_match(r, &r->boiler.v[k].rx, t + L->s0, L->e0 - L->s0, 0, &ms, &me))
            return 1;
    return 0;
}

static int cmp_cut(const void *x, const void *y)
{
    const cut *a = x, *b = y;
    return a->s < b->s ? -1 : a->s > b->s ? 1 : (a->e > b->e) - (a->e < b->e);
}

/* Drop what rules/boilerplate.txt matches: whole lines (flag L_REMOVED) or spans (cuts). */
static void boilerplate(nerq_ing_layout *l, const nerq_ing_rules *r, nerq_article *a,
                        const nerq_ing_layer *in)
{
    const char *t = in->text.data;
    l->cuts.n = 0;
    for (size_t i = 0; i < l->lines.n; i++) {
        line *L = &l->lines.v[i];
        if (L->flags & (L_BLANK | L_REMOVED))
            continue;
        size_t first_cut = l->cuts.n;
        for (size_t k = 0; k < r->boiler.n && !(L->flags & L_REMOVED); k++) {
            const nerq_ing_rule *ru = &r->boiler.v[k];
            size_t ms, me, from = 0;
            if (ru->kind != NERQ_BP_SPAN) {
                if (!nerq_ing_match(r, &ru->rx, t + L->s0, L->e0 - L->s0, 0, &ms, &me))
                    continue;
                L->flags |= L_REMOVED;
                nerq_ing_removed(a, in, L->s0, L->e0, ru->name);
                for (size_t j = i + 1; ru->kind == NERQ_BP_LIST && j < l->lines.n; j++) {
                    line *M = &l->lines.v[j];
                    if (M->flags & (L_BLANK | L_REMOVED))
                        continue;
                    if (!link_like(t, M) || claimed(r, t, M, ru))
                        break;
                    M->flags |= L_REMOVED;
                    nerq_ing_removed(a, in, M->s0, M->e0, ru->name);
                }
                break;
            }
            while (from < L->e0 - L->s0 &&
                   nerq_ing_match(r, &ru->rx, t + L->s0, L->e0 - L->s0, from, &ms, &me) &&
                   me > ms) {
                int seen = 0; /* another span rule took it already */
                for (size_t c = first_cut; c < l->cuts.n && !seen; c++)
                    seen = l->cuts.v[c].s < L->s0 + me && l->cuts.v[c].e > L->s0 + ms;
                from = me;
                if (seen)
                    continue;
                cut *c = NERQ_VEC_PUSH(l->cuts);
                c->s = L->s0 + (uint32_t)ms;
                c->e = L->s0 + (uint32_t)me;
                nerq_ing_removed(a, in, c->s, c->e, ru->name);
            }
        }
        if (L->flags & L_REMOVED) {
            l->cuts.n = first_cut;
            continue;
        }
        /* Cuts at either end of the line shrink its content. */
        if (l->cuts.n > first_cut)
            qsort(l->cuts.v + first_cut, l->cuts.n - first_cut, sizeof *l->cuts.v, cmp_cut);
        for (size_t c = first_cut; c < l->cuts.n; c++) {
            const cut *C = &l->cuts.v[c];
            uint32_t p = L->s;
            int k;
            while (p < C->s && (k = ws_at(t, p, L->e)) > 0)
                p += (uint32_t)k;
            if (p >= C->s && C->e > L->s) {
                L->s = C->e;
                while (L->s < L->e && (k = ws_at(t, L->s, L->e)) > 0)
                    L->s += (uint32_t)k;
            }
        }
        for (size_t c = l->cuts.n; c-- > first_cut;) {
            const cut *C = &l->cuts.v[c];
            uint32_t p = C->e;
            int k;
            while (p < L->e && (k = ws_at(t, p, L->e)) > 0)
                p += (uint32_t)k;
            if (p >= L->e && C->s < L->e) {
                L->e = C->s > L->s ? C->s : L->s;
                while (L->e > L->s && t[L->e - 1] == ' ')
                    L->e--;
            }
        }
        if (L->s >= L->e)
            L->flags |= L_REMOVED; /* nothing left: its spans are listed already */
    }
}

/* Fill title, date and author from rules/metadata.txt; flag the lines that set them. */
static void metadata(nerq_ing_layout *l, const nerq_ing_rules *r, nerq_article *a,
                     const nerq_ing_layer *in)
{
    const char *t = in->text.data;
    const char **field[3] = {&a->title, &a->date, &a->author};
    size_t head_end = 0, seen = 0, first = l->lines.n;
    for (; head_end < l->lines.n && seen < 8; head_end++) {
        const line *L = &l->lines.v[head_end];
        if (L->flags & L_BLANK)
            continue;
        if (L->chars > 200)
            break;
        if (first == l->lines.n && !(L->flags & L_REMOVED))
            first = head_end;
        seen++;
    }
    for (size_t k = 0; k < r->meta.n; k++) {
        const nerq_ing_rule *ru = &r->meta.v[k];
        if (*field[ru->kind])
            continue;
        size_t end = ru->head_only ? head_end : l->lines.n;
        for (size_t i = 0; i < end; i++) {
            line *L = &l->lines.v[i];
            size_t ms, me;
            if ((L->flags & L_BLANK) || (ru->head_only == 1 && i == first) ||
                (L->flags & L_TITLE) ||
                !nerq_ing_match(r, &ru->rx, t + L->s0, L->e0 - L->s0, 0, &ms, &me) || me <= ms)
                continue;
            *field[ru->kind] = nerq_arena_strndup(a->arena, t + L->s0 + ms, me - ms);
            L->flags |= L_META;
            break;
        }
    }
}

/* ---- emission ------------------------------------------------------------------------ */

static void flush_space(nerq_ing_layout *l)
{
    if (l->pend_e > l->pend_s && !l->at_para_start) {
        const char *t = l->in->text.data;
        if (l->pend_e - l->pend_s == 1 && t[l->pend_s] == ' ')
            nerq_ing_copy(&l->out, l->map, l->in, l->pend_s, 1);
        else
            nerq_ing_replace(&l->out, l->map, l->in, l->pend_s, l->pend_e - l->pend_s, " ", 1);
    }
    l->pend_s = l->pend_e = 0;
}

static void pend_space(nerq_ing_layout *l, uint32_t s, uint32_t e)
{
    if (l->pend_e > l->pend_s && l->pend_e != s)
        return; /* keep the first run: a cut lies between */
    if (l->pend_e == l->pend_s)
        l->pend_s = s;
    l->pend_e = e;
}

/* The end of the run of ASCII from t[i] (not a space) without two spaces in a row: the
 * first non-ASCII byte, the first of two spaces, or e. Eight bytes at a time. */
static uint32_t plain_run(const char *t, uint32_t i, uint32_t e)
{
    const uint64_t high = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
    uint32_t k = i;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; k + 8 <= e; k += 8) {
        if (k > i && t[k - 1] == ' ' && t[k] == ' ')
            return k - 1;
        uint64_t w, x;
        memcpy(&w, t + k, 8);
        x = w ^ 0x2020202020202020ull;                    /* spaces become zero bytes */
        uint64_t sp = ~(((x & low7) + low7) | x) & high; /* exactly the zero bytes */
        uint64_t stop = (w & high) | (sp & (sp >> 8));    /* non-ASCII, or a space then a space */
        if (stop)
            return k + (uint32_t)__builtin_ctzll(stop) / 8;
    }
#endif
    for (; k < e; k++)
        if ((unsigned char)t[k] >= 0x80 || (t[k] == ' ' && k + 1 < e && t[k + 1] == ' '))
            return k;
    return e;
}

/* Emit input [s, e) with the typographic normalisation. */
static void emit_typo(nerq_ing_layout *l, uint32_t s, uint32_t e)
{
    const char *t = l->in->text.data;
    uint32_t i = s;
    while (i < e) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ') {
            pend_space(l, i, i + 1);
            i++;
            continue;
        }
        if (c < 0x80) {
            /* one copy for a run of ASCII words with single spaces between them */
            uint32_t j = plain_run(t, i, e);
            if (t[j - 1] == ' ')
                j--; /* a space before a non-ASCII character or the end waits (pend_space) */
            flush_space(l);
            nerq_ing_copy(&l->out, l->map, l->in, i, j - i);
            l->at_para_start = 0;
            i = j;
            continue;
        }
        int k;
        uint32_t cp = cp_at(t, i, e, &k);
        if (odd_space(cp)) {
            pend_space(l, i, i + (uint32_t)k);
        } else if (invisible(cp)) {
            /* dropped */
        } else {
            flush_space(l);
            if (hyphen_like(cp))
                nerq_ing_replace(&l->out, l->map, l->in, i, (uint32_t)k, "-", 1);
            else if (cp == 0x2015)
                nerq_ing_replace(&l->out, l->map, l->in, i, (uint32_t)k, "\xE2\x80\x94", 3);
            else
                nerq_ing_copy(&l->out, l->map, l->in, i, (uint32_t)k);
            l->at_para_start = 0;
        }
        i += (uint32_t)k;
    }
}

/* Emit the content [s, e) of a line, leaving out the cuts inside it. */
static void emit_content(nerq_ing_layout *l, uint32_t s, uint32_t e)
{
    while (l->cut_i < l->cuts.n && l->cuts.v[l->cut_i].e <= s)
        l->cut_i++;
    for (size_t c = l->cut_i; c < l->cuts.n && l->cuts.v[c].s < e; c++) {
        const cut *C = &l->cuts.v[c];
        if (C->s > s)
            emit_typo(l, s, C->s);
        if (C->e > s)
            s = C->e;
    }
    if (s < e)
        emit_typo(l, s, e);
}

/* ---- line joins ---------------------------------------------------------------------- */

typedef struct {
    int wrapped;  /* hard-wrapped text: most lines 40..100 characters */
    int indented; /* paragraphs start with indented lines (PDF text) */
    uint32_t width;
} doc_shape;

static void shape_of(const nerq_ing_layout *l, doc_shape *d)
{
    size_t mid = 0, lng = 0, ind = 0, lines = 0, prev_indent = 0;
    d->width = 0;
    for (size_t i = 0; i < l->lines.n; i++) {
        const line *L = &l->lines.v[i];
        if (L->flags & (L_BLANK | L_REMOVED))
            continue;
        lines++;
        if (L->chars > 100)
            lng++;
        else {
            mid += L->chars >= 40;
            if (L->chars > d->width)
                d->width = L->chars;
        }
        ind += L->indent >= 2 && L->indent > prev_indent && !(L->flags & L_BULLET);
        prev_indent = L->indent;
    }
    d->wrapped = mid >= 3 && mid > 2 * lng;
    d->indented = d->wrapped && ind >= 3 && ind * 2 <= lines;
}

static uint32_t first_word_chars(const char *t, const line *L)
{
    uint32_t i = L->s;
    while (i < L->e && t[i] != ' ')
        i++;
    return (uint32_t)nerq_utf8_count(t + L->s, i - L->s);
}

/* De-hyphenation, for "A-" at a line end followed by "B" on the next line: the hyphen
 * stays when B starts with a capital or a non-letter ("EU-China", "2023-24"), when A is a
 * prefix of rules/hyphen-prefixes.txt and B starts with a vowel ("de-escalate",
 * "co-operation"), or when the dictionary (wamerican) does not know the joined word AB
 * ("well-known"); otherwise it goes ("ratifi-cation" -> "ratification"). Without a
 * dictionary every hyphen stays. */
static int dehyphenate(nerq_ing_layout *l, nerq_ing_rules *r, const char *t,
                       const line *P, const line *N)
{
    uint32_t ae = P->e - 1, as = ae;
    while (as > P->s && is_alpha((unsigned char)t[as - 1]))
        as--;
    uint32_t bs = N->s, be = bs;
    while (be < N->e && is_alpha((unsigned char)t[be]))
        be++;
    const nerq_wordset *words = nerq_ing_words(r);
    if (as == ae || be == bs || !is_lower((unsigned char)t[bs]) || !words ||
        (as > P->s && ((unsigned char)t[as - 1] >= 0x80 || (t[as - 1] >= '0' && t[as - 1] <= '9'))) ||
        (be < N->e && (unsigned char)t[be] >= 0x80))
        return J_HYPH_KEEP;
    nerq_buf *w = &l->word;
    w->len = 0;
    for (uint32_t i = as; i < ae; i++)
        nerq_buf_putc(w, (char)((unsigned char)t[i] | 0x20));
    if (strchr("aeiou", t[bs]) && nerq_wordset_has(r->prefixes, w->data, w->len))
        return J_HYPH_KEEP;
    w->len = 0;
    nerq_buf_put(w, t + as, ae - as);
    nerq_buf_put(w, t + bs, be - bs);
    if (nerq_wordset_has(words, w->data, w->len))
        return J_HYPH_JOIN;
    w->data[0] = (char)((unsigned char)w->data[0] | 0x20);
    return nerq_wordset_has(words, w->data, w->len) ? J_HYPH_JOIN : J_HYPH_KEEP;
}

/* Does line L end with the end of a sentence (. ! ? : or an ellipsis, then maybe closing
 * quotes and brackets)? */
static int ends_sentence(const char *t, const line *L)
{
    uint32_t e = L->e;
    for (;;) {
        if (e > L->s && strchr(")]\"'", t[e - 1]))
            e--;
        else if (e - L->s >= 3 && (!memcmp(t + e - 3, "\xE2\x80\x9D", 3) ||
                                    !memcmp(t + e - 3, "\xE2\x80\x99", 3)))
            e -= 3;
        else
            break;
    }
    if (e > L->s && strchr(".!?:", t[e - 1]))
        return 1;
    return e - L->s >= 3 && !memcmp(t + e - 3, "\xE2\x80\xA6", 3);
}

static int join_kind(nerq_ing_layout *l, nerq_ing_rules *r, const nerq_ing_hints *h,
                     const doc_shape *d, const line *P, const line *N, int blank, int removed)
{
    const char *t = l->in->text.data;
    if (removed || h->hard_lines || (N->flags & L_BULLET))
        return J_HARD;
    unsigned char last = (unsigned char)t[P->e - 1], next = (unsigned char)t[N->s];
    int hyph = last == '-' && P->e - P->s >= 2 && is_alpha((unsigned char)t[P->e - 2]) &&
               is_alpha(next);
    int cont = hyph || (is_lower(next) && (is_alpha(last) || last == ',' || last == ';'));
    /* metadata and title lines stand alone, unless a sentence runs on through them (a
     * wrapped body line that happens to hold a date) */
    if (((P->flags | N->flags) & (L_META | L_TITLE)) && !cont)
        return J_HARD;
    int soft;
    if (blank)
        soft = (d->indented && N->indent < 2) || cont;
    else if (d->indented)
        soft = N->indent < 2;
    else if ((N->indent >= 2 && P->indent < 2) || (all_caps(t, P->s, P->e) && !all_caps(t, N->s, N->e)))
        soft = 0; /* an indented line starts a paragraph, a headline in capitals ends one */
    else if (cont || !ends_sentence(t, P))
        soft = 1;
    else if (P->chars > 100)
        soft = 0; /* a sentence ends a long line: one line a paragraph (web text) */
    else /* hard-wrapped text: a sentence ends a line that is not full */
        soft = !d->wrapped ||
               (P->chars + 1 + first_word_chars(t, N)) * 100 > d->width * 85;
    if (!soft)
        return J_HARD;
    return hyph ? dehyphenate(l, r, t, P, N) : J_SOFT;
}

static void para_break(nerq_ing_layout *l, const line *P)
{
    l->pend_s = l->pend_e = 0;
    nerq_ing_replace(&l->out, l->map, l->in, P->le, P->le < l->in->text.len ? 1 : 0, "\n\n", 2);
    l->at_para_start = 1;
}

void nerq_ing_layout_run(nerq_ing_layout *l, nerq_ing_rules *r, nerq_article *a,
                         const nerq_ing_layer *in, const nerq_ing_hints *h)
{
    const char *t = in->text.data ? in->text.data : "";
    uint32_t n = (uint32_t)in->text.len;
    split_lines(l, t, n);
    size_t st = 0;
    for (size_t i = 0; i < l->lines.n; i++) {
        line *L = &l->lines.v[i];
        if (h->title_e && L->le > h->title_s && L->ls < h->title_e)
            L->flags |= L_TITLE;
        while (st < h->starts.n && h->starts.v[st] < L->ls)
            st++;
        if (st < h->starts.n && h->starts.v[st] <= L->le)
            L->flags |= L_BULLET;
    }
    boilerplate(l, r, a, in);
    metadata(l, r, a, in);
    doc_shape d;
    shape_of(l, &d);

    l->out.len = 0;
    l->map = &a->offmap;
    l->in = in;
    l->pend_s = l->pend_e = 0;
    l->at_para_start = 1;
    l->cut_i = 0;
    const line *P = NULL;
    int blank = 0, removed = 0;
    uint32_t para_start = 0, title_s = 0, title_e = 0;
    int want_title = !a->title, title_from_hint = h->title_e > 0;
    for (size_t i = 0; i <= l->lines.n; i++) {
        const line *N = i < l->lines.n ? &l->lines.v[i] : NULL;
        if (N && (N->flags & L_BLANK)) {
            blank = 1;
            continue;
        }
        if (N && (N->flags & L_REMOVED)) {
            removed = 1;
            continue;
        }
        if (P) {
            int j = N ? join_kind(l, r, h, &d, P, N, blank, removed) : J_HARD;
            emit_content(l, P->s, j == J_HYPH_JOIN ? P->e - 1 : P->e);
            if (j == J_HARD) {
                /* the paragraph that ends here: is it the title? */
                if (want_title && !title_e &&
                    (title_from_hint ? (P->flags & L_TITLE) != 0 : !(P->flags & L_META))) {
                    title_s = para_start;
                    title_e = (uint32_t)l->out.len;
                }
                if (N)
                    para_break(l, P);
                para_start = (uint32_t)l->out.len;
            } else if (j == J_SOFT) {
                l->pend_s = l->pend_e = 0;
                nerq_ing_replace(&l->out, l->map, l->in, P->le, N->s0 - P->le, " ", 1);
            }
        }
        P = N;
        blank = removed = 0;
    }
    nerq_offmap_finish(&a->offmap);
    a->text = nerq_arena_strndup(a->arena, l->out.data ? l->out.data : "", l->out.len);
    a->text_len = (uint32_t)l->out.len;
    if (want_title && title_e > title_s) {
        uint32_t e = title_e;
        if (e - title_s > 300) {
            e = title_s + 300;
            while (e > title_s && ((unsigned char)a->text[e] & 0xC0) == 0x80)
                e--;
        }
        a->title = nerq_arena_strndup(a->arena, a->text + title_s, e - title_s);
    }
}
