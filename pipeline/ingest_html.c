/* ingest_html.c: the ingest stage's HTML pass (format "html"). Reads the decoded page and
 * writes its text for the layout pass, each byte a copy of the input or a replacement:
 * - tags are left out; block elements (rules/html.txt "block") end a paragraph ("\n\n"),
 *   <br> ends a line (for HTML every line break is a paragraph break: hints.hard_lines);
 * - elements of rules/html.txt "drop" (head, script, style, nav, ...) go with their
 *   content and are listed in `removed` as html-NAME; comments and <!...> go unlisted;
 * - character references (&amp; &#8220; &#x201C;) are decoded (names from
 *   rules/html-entities.txt; &#128;-&#159; read as Windows-1252, as browsers do);
 * - line breaks inside text become spaces (outside <pre>);
 * - the first <h1> is the title hint.
 * Broken markup never stops it: a '<' that opens no tag is text, an unclosed tag or
 * dropped element runs to the end of the file. */
#include "ingest_internal.h"

#include <string.h>
#include <strings.h>

typedef struct {
    const nerq_ing_rules *r;
    const nerq_ing_layer *in;
    nerq_ing_layer *out;
    int brk;               /* pending break: 0 none, 1 line, 2 paragraph */
    uint32_t brk_s, brk_e; /* the input it replaces */
} html;

static void put_break(html *h)
{
    nerq_buf *o = &h->out->text;
    if (h->brk && o->len) {
        int have = 0; /* newlines already at the end of the output */
        while (have < 2 && (size_t)have < o->len && o->data[o->len - 1 - have] == '\n')
            have++;
        if (have < h->brk)
            nerq_ing_replace(o, &h->out->map, h->in, h->brk_s, h->brk_e - h->brk_s, "\n\n",
                             (uint32_t)(h->brk - have));
    }
    h->brk = 0;
}

static void want_break(html *h, int kind, uint32_t s, uint32_t e)
{
    if (kind > h->brk) {
        h->brk = kind;
        h->brk_s = s;
        h->brk_e = e;
    }
}

/* End of the tag starting at '<' at i (index after '>'), quotes respected; n if none. */
static uint32_t tag_end(const char *t, uint32_t i, uint32_t n)
{
    char q = 0, prev = 0;
    for (uint32_t j = i + 1; j < n; j++) {
        char c = t[j];
        if (q) {
            if (c == q)
                q = 0;
        } else if ((c == '"' || c == '\'') && prev == '=') {
            q = c;
        } else if (c == '>') {
            return j + 1;
        }
        if (c != ' ' && c != '\n')
            prev = c;
    }
    return n;
}

/* Offset just past the end of the element `name` whose content starts at i: after its
 * closing tag, or n. */
static uint32_t element_end(const char *t, uint32_t i, uint32_t n, const char *name, size_t nl)
{
    for (uint32_t j = i; j + 2 + nl <= n; j++) {
        const char *lt = memchr(t + j, '<', n - j);
        if (!lt)
            break;
        j = (uint32_t)(lt - t);
        if (j + 2 + nl <= n && t[j + 1] == '/' && !strncasecmp(t + j + 2, name, nl) &&
            !((t[j + 2 + nl] | 0x20) >= 'a' && (t[j + 2 + nl] | 0x20) <= 'z'))
            return tag_end(t, j, n);
    }
    return n;
}

/* Decode the character reference at '&' at i; returns its length, 0 if none. */
static uint32_t char_ref(const nerq_ing_rules *r, const char *t, uint32_t i, uint32_t n,
                         uint32_t *cp)
{
    uint32_t j = i + 1, v = 0;
    if (j < n && t[j] == '#') {
        int hex = j + 1 < n && (t[j + 1] | 0x20) == 'x';
        j += 1 + hex;
        uint32_t ds = j;
        for (; j < n && j - ds < 8; j++) {
            char c = t[j];
            int d = c >= '0' && c <= '9' ? c - '0'
                  : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (j == ds || j >= n || t[j] != ';')
            return 0;
        if (v >= 0x80 && v < 0xA0)
            v = nerq_cp1252_decode((unsigned char)v);
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
            v = 0xFFFD;
        *cp = v;
        return j + 1 - i;
    }
    while (j < n && j - i < 33 && (((t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z') ||
                                   (t[j] >= '0' && t[j] <= '9')))
        j++;
    if (j >= n || t[j] != ';' || !(v = nerq_ing_entity(r, t + i + 1, j - i - 1)))
        return 0;
    *cp = v;
    return j + 1 - i;
}

void nerq_ing_html(const nerq_ing_rules *r, nerq_article *a, const nerq_ing_layer *in,
                   nerq_ing_layer *out, nerq_ing_hints *hints)
{
    html h = {r, in, out, 0, 0, 0};
    const char *t = in->text.data ? in->text.data : "";
    uint32_t n = (uint32_t)in->text.len, i = 0;
    int pre = 0, in_h1 = 0;
    nerq_ing_layer_clear(out);
    hints->hard_lines = 1;
    while (i < n) {
        char c = t[i];
        if (c == '<' && i + 1 < n) {
            char d = t[i + 1];
            int close = d == '/';
            uint32_t ns = i + 1 + (uint32_t)close, ne = ns;
            while (ne < n && ne - ns < 31 && (((t[ne] | 0x20) >= 'a' && (t[ne] | 0x20) <= 'z') ||
                                              (t[ne] >= '0' && t[ne] <= '9' && ne > ns)))
                ne++;
            if (d == '!' || d == '?') { /* comment, doctype, processing instruction */
                uint32_t e = tag_end(t, i, n);
                if (d == '!' && i + 3 < n && !strncmp(t + i, "<!--", 4)) {
                    e = n;
                    for (uint32_t j = i + 4; j + 3 <= n; j++)
                        if (!strncmp(t + j, "-->", 3)) {
                            e = j + 3;
                            break;
                        }
                }
                i = e;
                continue;
            }
            if (ne == ns) { /* not a tag: a literal '<' */
                put_break(&h);
                nerq_ing_copy(&out->text, &out->map, in, i, 1);
                i++;
                continue;
            }
            char name[32];
            size_t nl = ne - ns;
            for (size_t k = 0; k < nl; k++)
                name[k] = (char)(t[ns + k] | 0x20);
            name[nl] = '\0';
            uint32_t te = tag_end(t, i, n);
            int self = te >= 2 && t[te - 2] == '/';
            if (!close && !self && nerq_wordset_has(r->html_drop, name, nl)) {
                uint32_t ee = element_end(t, te, n, name, nl);
                char rule[40];
                snprintf(rule, sizeof rule, "html-%s", name);
                nerq_ing_removed(a, in, i, ee, rule);
                want_break(&h, 2, ee, ee);
                i = ee;
                continue;
            }
            if (!strcmp(name, "br"))
                want_break(&h, 1, i, te);
            else if (nerq_wordset_has(r->html_block, name, nl))
                want_break(&h, 2, i, te);
            if (!strcmp(name, "pre"))
                pre = !close;
            if (!strcmp(name, "h1") && !hints->title_e) {
                if (!close && !in_h1) {
                    in_h1 = 1;
                    put_break(&h);
                    hints->title_s = (uint32_t)out->text.len;
                } else if (close && in_h1) {
                    in_h1 = 0;
                    hints->title_e = (uint32_t)out->text.len;
                }
            }
            i = te;
            continue;
        }
        if (c == '\n' && !pre) {
            if (out->text.len && out->text.data[out->text.len - 1] != '\n' && !h.brk)
                nerq_ing_replace(&out->text, &out->map, in, i, 1, " ", 1);
            i++;
            continue;
        }
        if (c == '\n') {
            want_break(&h, 1, i, i + 1);
            i++;
            continue;
        }
        if (c == ' ' && (h.brk || !out->text.len)) {
            i++; /* spaces before a break or at the start are not text */
            continue;
        }
        put_break(&h);
        if (c == '&') {
            uint32_t cp, k = char_ref(r, t, i, n, &cp);
            if (k) {
                char enc[4];
                int el = nerq_utf8_encode(cp, enc);
                nerq_ing_replace(&out->text, &out->map, in, i, k, enc, (uint32_t)el);
                i += k;
                continue;
            }
        }
        uint32_t j = i + 1;
        while (j < n && t[j] != '<' && t[j] != '&' && t[j] != '\n')
            j++;
        nerq_ing_copy(&out->text, &out->map, in, i, j - i);
        i = j;
    }
    if (in_h1)
        hints->title_e = (uint32_t)out->text.len;
    nerq_offmap_finish(&out->map);
}
