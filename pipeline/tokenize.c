/* tokenize.c: stage 2. Reads `text`; adds `tokens` ([start, end, class]), `sentences` and
 * `paragraphs` ([start, end] byte spans). Classes: words with their shape (Wc Wu Wl Wm),
 * numbers, punctuation, opening/closing/ambiguous quotation marks, apostrophes (and the
 * possessive 's / ’s as its own token), dashes, symbols. Paragraphs are separated by
 * blank lines. Abbreviations (rules/abbreviations.txt) keep their period and do not end
 * sentences. Tokens live in the article's one growing array: no allocation per token.
 *
 * Token conventions (news, Penn-Treebank-like): contractions split ("do" + "n't", "I" +
 * "'m", "China" + "’s", all class A); hyphenated words and numbers stay whole
 * ("well-known", "20-year-old", "2-1", "1996-08-30", "3.5bn"); "US$" is one symbol; a
 * leading "+" or "." belongs to a number after white space ("+0.45", ".38"); "3." at the
 * start of a line is a list enumerator (one N token). Dotted acronyms ("U.S.", "a.m."),
 * listed abbreviations and single capital initials take their period.
 *
 * Flags: SPACE_BEFORE, ABBREV, SENT_START and PARA_START are set exactly as record_read.c
 * recomputes them from a record; a few more bits (line breaks, indents) live in the token
 * flags while segmenting and are cleared before the stage returns. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- character classes ------------------------------------------------------------ */
/* Ordered so that letters, then digits, come first: is_letter(c) is c <= C_LETTER. */
enum { C_UPPER, C_LOWER, C_LETTER, C_DIGIT, C_SPACE, C_NL, C_PUNCT, C_DQ, C_SQ, C_OPENQ,
       C_CLOSEQ, C_OPENSQ, C_CLOSESQ, C_DASH, C_HYPHEN, C_SYM, C_ELLIPSIS, C_END };

#define is_letter(c) ((c) <= C_LETTER)
#define is_alnum(c) ((c) <= C_DIGIT)
#define is_space(c) ((c) == C_SPACE || (c) == C_NL || (c) == C_END)
#define is_apos(c) ((c) == C_SQ || (c) == C_CLOSESQ)

/* ASCII: one table look-up per byte (rows of 16 bytes, 0x00 to 0x7F). */
enum { SP = C_SPACE, NL = C_NL, UP = C_UPPER, LO = C_LOWER, DI = C_DIGIT, DQ = C_DQ, SQ = C_SQ,
       OS = C_OPENSQ, HY = C_HYPHEN, SY = C_SYM, PU = C_PUNCT };
static const uint8_t ascii_class[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, NL, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, PU, DQ, SY, SY, SY, SY, SQ, PU, PU, PU, SY, PU, HY, PU, PU,
    DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, PU, PU, SY, SY, SY, PU,
    SY, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, PU, PU, SY, PU,
    OS, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, SY, PU, SY, SP,
};

/* Shape bits: the cased letters of a word. */
enum { SB_UP = 1, SB_LOW = 2 };
static const uint8_t shape_bit[C_END + 1] = {[C_UPPER] = SB_UP, [C_LOWER] = SB_LOW};

enum { AB_PLAIN = 1, AB_TITLE = 2, AB_NUM = 4, AB_END = 8 };

typedef struct {
    UT_hash_handle hh;
    int flags;
    char key[];
} abbrev;

struct nerq_tokenizer {
    /* bytes that continue a word in the fast path: ASCII letters and digits, as 4 | their
     * shape bit (SB_UP, SB_LOW); everything else 0 */
    uint8_t word_byte[256];
    abbrev *abbrevs;
    /* a cheap filter before the hash look-up: the longest abbreviation, and which bytes
     * (folded to lower case) start one */
    size_t abbrev_max;
    uint8_t abbrev_first[256];
    nerq_wordset *starters;
    uint64_t fingerprint; /* of the rules that decide token boundaries, and this code's revision */
};

/* Bump when a code change moves token boundaries or classes: caches keyed on the
 * fingerprint (tokenised gazetteer names) are then rebuilt. */
#define TOKENIZER_REVISION 2u

uint64_t nerq_tokenizer_fingerprint(const nerq_tokenizer *t)
{
    return (t->fingerprint ^ TOKENIZER_REVISION) * 1099511628211ULL;
}

nerq_tokenizer *nerq_tokenizer_new(const nerq_config *c, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, c->rules_dir, "abbreviations.txt", err) != 0) {
        nerq_rule_file_free(&f);
        return NULL;
    }
    nerq_tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    for (int b = 0; b < 128; b++)
        if (ascii_class[b] <= C_DIGIT)
            t->word_byte[b] = (uint8_t)(4 | shape_bit[ascii_class[b]]);
    for (size_t i = 0; i < f.lines.n; i++) {
        char *s = f.lines.v[i].text;
        char *tab = strpbrk(s, " \t");
        int flags = AB_PLAIN;
        if (tab) {
            *tab = '\0';
            char *fl = tab + 1;
            while (*fl == ' ' || *fl == '\t')
                fl++;
            if (!strcmp(fl, "title"))
                flags |= AB_TITLE;
            else if (!strcmp(fl, "num"))
                flags |= AB_NUM;
            else if (!strcmp(fl, "end"))
                flags |= AB_END;
            else {
                nerq_err_set(err, "%s:%d: unknown flag \"%s\" (title, num or end)", f.path,
                             f.lines.v[i].lineno, fl);
                nerq_rule_file_free(&f);
                nerq_tokenizer_free(t);
                return NULL;
            }
        }
        size_t n = strlen(s);
        if (!n || s[n - 1] != '.') {
            nerq_err_set(err, "%s:%d: an abbreviation ends with a period", f.path, f.lines.v[i].lineno);
            nerq_rule_file_free(&f);
            nerq_tokenizer_free(t);
            return NULL;
        }
        for (size_t k = 0; k <= n; k++) /* FNV-1a over the lines and their flags */
            t->fingerprint = (t->fingerprint ^ (unsigned char)(k < n ? s[k] : '0' + flags)) * 1099511628211ULL;
        abbrev *e;
        HASH_FIND(hh, t->abbrevs, s, n, e);
        if (e)
            continue;
        e = malloc(sizeof *e + n + 1);
        if (!e)
            abort();
        memcpy(e->key, s, n + 1);
        e->flags = flags;
        HASH_ADD_KEYPTR(hh, t->abbrevs, e->key, n, e);
        t->abbrev_max = n > t->abbrev_max ? n : t->abbrev_max;
        t->abbrev_first[(unsigned char)s[0] | 0x20] = 1;
    }
    nerq_rule_file_free(&f);
    t->starters = nerq_wordset_load(c->rules_dir, "sentence-starters.txt", err);
    if (!t->starters) {
        nerq_tokenizer_free(t);
        return NULL;
    }
    return t;
}

void nerq_tokenizer_free(nerq_tokenizer *t)
{
    if (!t)
        return;
    abbrev *e, *tmp;
    HASH_ITER(hh, t->abbrevs, e, tmp)
    {
        HASH_DEL(t->abbrevs, e);
        free(e);
    }
    nerq_wordset_free(t->starters);
    free(t);
}

/* Class of a code point outside ASCII. */
static int cp_class(uint32_t c)
{
    switch (c) {
    case 0xA0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
    case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF: case 0x200B:
        return C_SPACE;
    case 0x2028: case 0x2029: case 0x85:
        return C_NL;
    case 0x201C: case 0x201E: case 0xAB:
        return C_OPENQ;
    case 0x201D: case 0xBB: case 0x201F:
        return C_CLOSEQ;
    case 0x2018: case 0x201A: case 0x2039:
        return C_OPENSQ;
    case 0x2019: case 0x203A:
        return C_CLOSESQ;
    case 0x2010: case 0x2011:
        return C_HYPHEN;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        return C_DASH;
    case 0x2026:
        return C_ELLIPSIS;
    case 0xA3: case 0xA5: case 0x20AC: case 0xA2: case 0xA7: case 0xA9: case 0xAE: case 0xB0:
    case 0xB1: case 0x2122: case 0xD7: case 0xF7:
        return C_SYM;
    }
    if (c < 0xA0)
        return C_SPACE; /* C1 controls */
    if ((c >= 0xA1 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F))
        return C_PUNCT;
    if ((c >= 0xC0 && c <= 0xDE) || (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F))
        return C_UPPER;
    if ((c >= 0xDF && c <= 0xFF) || (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x430 && c <= 0x45F))
        return C_LOWER;
    if (c >= 0x100 && c <= 0x17F) {
        /* Latin Extended-A alternates upper/lower, with a phase shift in 0x139-0x148 and
         * 0x179-0x17E. */
        int odd = c & 1;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return odd ? C_UPPER : C_LOWER;
        if (c == 0x138 || c == 0x149 || c == 0x17F)
            return C_LOWER;
        return odd ? C_LOWER : C_UPPER;
    }
    return C_LETTER;
}

typedef struct {
    const char *s;
    size_t n;
} text;

/* Class of the character at i (C_END past the end); *len gets its byte length. */
static inline int cls_at(const text *t, size_t i, int *len)
{
    if (i >= t->n) {
        *len = 0;
        return C_END;
    }
    unsigned char b = (unsigned char)t->s[i];
    if (b < 0x80) {
        *len = 1;
        return ascii_class[b];
    }
    int k = nerq_utf8_seq((const unsigned char *)t->s + i, t->n - i);
    if (!k) {
        *len = 1;
        return C_SYM;
    }
    *len = k;
    return cp_class(nerq_utf8_decode((const unsigned char *)t->s + i, k));
}

static inline int ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* ---- tokens ------------------------------------------------------------------------ */
/* Flags used while tokenizing only (cleared before the stage returns). */
#define TF_NL 0x4000u    /* a line break precedes the token */
#define TF_BLANK 0x8000u /* a blank line precedes the token */
#define TF_WS 0x2000u    /* any white space (NBSP too) precedes the token */
#define TF_INDENT 0x1000u /* the token starts a line indented by two spaces or more, and
                            * more than the line before */
#define TF_INTERNAL (TF_NL | TF_BLANK | TF_WS | TF_INDENT)

static inline nerq_token *push(nerq_article *a, size_t s, size_t e, int cls)
{
    nerq_token *t = NERQ_VEC_PUSH(a->tokens);
    t->start = (uint32_t)s;
    t->end = (uint32_t)e;
    t->cls = (uint8_t)cls;
    t->shape = NERQ_SH_NONE;
    t->flags = 0;
    return t;
}

/* Shape of a word, gathered while scanning it: the class of its first character and the
 * cased letters seen after it. */
typedef struct {
    int first;
    unsigned rest; /* SB_UP | SB_LOW */
} shape_acc;

static int shape_of(const shape_acc *h)
{
    int first_up = h->first == C_UPPER;
    if (!first_up && !(h->rest & SB_UP))
        return NERQ_SH_LOWER;
    if (first_up && !(h->rest & SB_UP))
        return NERQ_SH_CAP;
    if (h->first != C_LOWER && !(h->rest & SB_LOW))
        return NERQ_SH_UPPER;
    return NERQ_SH_MIXED;
}

/* The cased letters of [i, e). */
static unsigned shape_rest(const text *t, size_t i, size_t e)
{
    unsigned bits = 0;
    int len;
    for (; i < e; i += (size_t)len)
        bits |= shape_bit[cls_at(t, i, &len)];
    return bits;
}

/* The contraction or possessive suffix after an apostrophe ending at k ('s 'd 'm 're 've
 * 'll, any case), followed by no letter: its length, else 0. */
static size_t suffix_len(const text *t, size_t k)
{
    size_t wl = 0;
    while (k + wl < t->n && wl < 3 && ascii_alpha(t->s[k + wl]))
        wl++;
    int l;
    if (wl == 0 || wl == 3 || is_letter(cls_at(t, k + wl, &l)))
        return 0;
    char a = (char)(t->s[k] | 0x20), b = wl == 2 ? (char)(t->s[k + 1] | 0x20) : 0;
    if (wl == 1)
        return a == 's' || a == 'd' || a == 'm' ? 1 : 0;
    return (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l') ? 2 : 0;
}

/* "n't" at j: n, an apostrophe, t, then no letter. Its length, else 0. */
static size_t nt_len(const text *t, size_t j)
{
    if (j + 2 >= t->n || (t->s[j] | 0x20) != 'n')
        return 0;
    int l, l2, c = cls_at(t, j + 1, &l);
    if (!is_apos(c) || (t->s[j + 1 + l] | 0x20) != 't' || is_letter(cls_at(t, j + 2 + l, &l2)))
        return 0;
    return (size_t)l + 2;
}

/* The common case: a run of ASCII letters and digits from j. Adds their shape bits.
 * With SSE2, 16 bytes at a time: the run's end is found without a branch per byte. */
static size_t word_run(const uint8_t *word_byte, const unsigned char *p, size_t j, size_t n,
                       unsigned *rest)
{
    unsigned r = 0, x;
#ifdef __SSE2__
    /* signed byte compares: bytes >= 0x80 are negative, so never in an ASCII range */
    const __m128i a0 = _mm_set1_epi8('A' - 1), a1 = _mm_set1_epi8('Z' + 1);
    const __m128i l0 = _mm_set1_epi8('a' - 1), l1 = _mm_set1_epi8('z' + 1);
    const __m128i d0 = _mm_set1_epi8('0' - 1), d1 = _mm_set1_epi8('9' + 1);
    while (j + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
        unsigned up = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, a0), _mm_cmplt_epi8(v, a1)));
        unsigned low = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, l0), _mm_cmplt_epi8(v, l1)));
        unsigned dig = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, d0), _mm_cmplt_epi8(v, d1)));
        unsigned stop = ~(up | low | dig) & 0xFFFFu;
        unsigned keep = stop ? (1u << __builtin_ctz(stop)) - 1 : 0xFFFFu;
        r |= (up & keep ? SB_UP : 0) | (low & keep ? SB_LOW : 0);
        if (stop) {
            *rest |= r;
            return j + (size_t)__builtin_ctz(stop);
        }
        j += 16;
    }
#endif
    while (j < n && (x = word_byte[p[j]]) != 0) {
        r |= x;
        j++;
    }
    *rest |= r & (SB_UP | SB_LOW);
    return j;
}

/* End of a word starting at i: letters, digits, inner hyphens, inner apostrophes that do
 * not start a contraction or possessive suffix. *sfx gets the end of a following suffix
 * token ('s, n't ...), or 0; when it is n't, the word ends before the n. */
static size_t scan_word(const nerq_tokenizer *tk, const text *t, size_t i, shape_acc *h, size_t *sfx)
{
    const uint8_t *word_byte = tk->word_byte;
    const unsigned char *p = (const unsigned char *)t->s;
    size_t j = i, n = t->n;
    unsigned rest = 0;
    *sfx = 0;
    for (;;) {
        /* the common case: a run of ASCII letters and digits */
        j = word_run(word_byte, p, j, n, &rest);
        if (j >= n || p[j] == ' ')
            break;
        int len, c = cls_at(t, j, &len);
        if (is_alnum(c)) {
            rest |= shape_bit[c];
            j += (size_t)len;
            continue;
        }
        if (c == C_HYPHEN || is_apos(c)) {
            int l2, c2 = cls_at(t, j + (size_t)len, &l2);
            if (c == C_HYPHEN ? is_alnum(c2) : is_letter(c2)) {
                if (c != C_HYPHEN) {
                    size_t k = suffix_len(t, j + (size_t)len);
                    if (k) {
                        *sfx = j + (size_t)len + k;
                        break;
                    }
                    if (j > i && nt_len(t, j - 1)) {
                        *sfx = j - 1 + nt_len(t, j - 1);
                        j--; /* n't: "don't" is "do" + "n't" */
                        rest = shape_rest(t, i, j);
                        break;
                    }
                }
                j += (size_t)len;
                continue;
            }
        }
        break;
    }
    h->rest = rest;
    return j;
}

static int abbrev_flags(const nerq_tokenizer *tk, const char *s, size_t n)
{
    if (n > tk->abbrev_max || !tk->abbrev_first[(unsigned char)s[0] | 0x20])
        return 0;
    abbrev *e;
    HASH_FIND(hh, tk->abbrevs, s, n, e);
    return e ? e->flags : 0;
}

/* Flags of the abbreviation s[0..n) (with its period); an ALL-CAPS form ("ST.", "GOV.") is
 * looked up in its capitalised spelling too. */
static int abbrev_lookup(const nerq_tokenizer *tk, const char *s, size_t n)
{
    int fl = abbrev_flags(tk, s, n);
    if (fl || n < 3 || n > 16 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'A' && s[1] <= 'Z'))
        return fl;
    char low[16];
    low[0] = s[0];
    for (size_t k = 1; k < n; k++)
        low[k] = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] | 0x20) : s[k];
    return abbrev_flags(tk, low, n);
}

/* Does the period at e (after the word [s, e)) belong to the word? Returns the token end. */
static size_t word_period(const nerq_tokenizer *tk, const text *t, size_t s, size_t e,
                          shape_acc *h)
{
    size_t e2 = e + 1;
    unsigned rest = h->rest;
    /* dotted acronyms: U.S., a.m., Ph.D. */
    if (e - s <= 3)
        while (e2 + 1 < t->n && ascii_alpha(t->s[e2]) && t->s[e2 + 1] == '.') {
            rest |= t->s[e2] <= 'Z' ? SB_UP : SB_LOW;
            e2 += 2;
        }
    int fl = abbrev_lookup(tk, t->s + s, e2 - s);
    if (fl & AB_NUM) {
        size_t k = e2;
        while (k < t->n && t->s[k] == ' ')
            k++;
        if (!(k < t->n && t->s[k] >= '0' && t->s[k] <= '9'))
            fl = 0;
    }
    int dotted = e2 > e + 1;
    int l, initial = h->first == C_UPPER && e2 == e + 1 && (cls_at(t, s, &l), s + (size_t)l == e);
    if (!fl && !dotted && !initial)
        return e;
    h->rest = rest;
    return e2;
}

/* End of a number starting at i: digits and letters ("3.5bn", "1990s"), inner . , : /
 * before a digit, inner hyphens before a letter or digit ("2-1", "1996-08-30", "20-year-old"). */
static size_t scan_number(const text *t, size_t i)
{
    size_t e = i;
    for (;;) {
        int l, k = cls_at(t, e, &l);
        if (is_alnum(k)) {
            e += (size_t)l;
            continue;
        }
        int l2, k2 = cls_at(t, e + (size_t)l, &l2);
        char b = t->s[e];
        if (((b == '.' || b == ',' || b == ':' || b == '/') && k2 == C_DIGIT) ||
            (k == C_HYPHEN && is_alnum(k2))) {
            e += (size_t)l;
            continue;
        }
        break;
    }
    return e;
}

/* A list enumerator "3." at the start of a line: the number's period, when a space follows. */
static size_t enumerator_end(const text *t, size_t s, size_t e, int line_start)
{
    if (!line_start || e - s > 2 || e + 1 >= t->n || t->s[e] != '.' ||
        (t->s[e + 1] != ' ' && t->s[e + 1] != '\n'))
        return e;
    for (size_t k = s; k < e; k++)
        if (t->s[k] < '0' || t->s[k] > '9')
            return e;
    return e + 1;
}

/* Class of a quotation mark or apostrophe c at i, by what surrounds it. */
static int quote_class(const nerq_article *a, const text *t, size_t i, int len, int c, int ws)
{
    int l2, next = cls_at(t, i + (size_t)len, &l2);
    const nerq_token *pv = a->tokens.n ? &a->tokens.v[a->tokens.n - 1] : NULL;
    int glued = pv && !ws;
    if (c == C_OPENQ || c == C_OPENSQ)
        return NERQ_T_QOPEN;
    if (c == C_CLOSEQ)
        return NERQ_T_QCLOSE;
    if (is_apos(c)) {
        if (ws && next == C_DIGIT)
            return NERQ_T_APOS; /* the ’90s */
        if (glued && pv->cls == NERQ_T_WORD && i > 0 && (t->s[i - 1] | 0x20) == 's' &&
            (is_space(next) || next == C_PUNCT))
            return NERQ_T_APOS; /* players’ union: a plural possessive (or a close quote) */
        if (c == C_CLOSESQ)
            return NERQ_T_QCLOSE;
    }
    /* after white space, an opening bracket, a dash or an opening mark: opens */
    int open_ctx = !pv || ws || pv->cls == NERQ_T_QOPEN || pv->cls == NERQ_T_DASH ||
                   (pv->cls == NERQ_T_PUNCT && (a->text[pv->start] == '(' || a->text[pv->start] == '['));
    if (open_ctx && !is_space(next))
        return NERQ_T_QOPEN;
    if (!open_ctx && (is_space(next) || next == C_PUNCT))
        return NERQ_T_QCLOSE;
    return NERQ_T_QAMBIG;
}

static int all_caps_ascii(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] < 'A' || s[k] > 'Z')
            return 0;
    return 1;
}

/* Word at s: the word token, then a possessive or contraction suffix token, "US$"-style
 * currency, or a period that belongs to the word. Returns where the next token starts. */
static size_t word_token(const nerq_tokenizer *tk, nerq_article *a, const text *t, size_t s)
{
    shape_acc h;
    int l0;
    h.first = cls_at(t, s, &l0);
    size_t sfx, e = scan_word(tk, t, s + (size_t)l0, &h, &sfx);
    if (sfx) {
        nerq_token *w = push(a, s, e, NERQ_T_WORD);
        w->shape = (uint8_t)shape_of(&h);
        push(a, e, sfx, NERQ_T_APOS);
        return sfx;
    }
    int cls = NERQ_T_WORD;
    if (e < t->n && t->s[e] == '$' && e - s <= 3 && all_caps_ascii(t->s + s, e - s)) {
        cls = NERQ_T_SYM; /* US$, C$, HK$ */
        e++;
    } else if (e < t->n && t->s[e] == '.') {
        e = word_period(tk, t, s, e, &h);
    }
    nerq_token *w = push(a, s, e, cls);
    if (cls == NERQ_T_WORD) {
        w->shape = (uint8_t)shape_of(&h);
        if (t->s[e - 1] == '.')
            w->flags |= NERQ_TF_ABBREV;
    }
    return e;
}

static void tokenize_text(const nerq_tokenizer *tk, nerq_article *a)
{
    text t = {a->text, a->text_len};
    size_t i = 0;
    /* flags for the next token, gathered from the white space before it. SPACE_BEFORE as
     * record_read.c recomputes it: after ' ', '\n', '\t' or at the text start. */
    unsigned pend = NERQ_TF_SPACE_BEFORE | TF_WS;
    int nl = 0, line_start = 1, indent = 0, last_indent = 0;
    while (i < t.n) {
        unsigned char b = (unsigned char)t.s[i];
        if (b == ' ') {
            i++;
            pend = NERQ_TF_SPACE_BEFORE | TF_WS;
            indent++;
            continue;
        }
        int len = 1, c = b < 0x80 ? ascii_class[b] : cls_at(&t, i, &len);
        if (c == C_SPACE || c == C_NL) {
            if (c == C_NL) {
                nl++;
                line_start = 1;
                indent = 0;
            } else {
                indent++;
            }
            i += (size_t)len;
            pend = b == '\n' || b == '\t' ? NERQ_TF_SPACE_BEFORE | TF_WS : TF_WS;
            continue;
        }
        int ws = pend & TF_WS;
        size_t s = i;
        nerq_token *tok;
        if (is_letter(c)) {
            size_t first = a->tokens.n; /* flags go on the first token pushed at s */
            i = word_token(tk, a, &t, s);
            tok = &a->tokens.v[first];
        } else if (c == C_DIGIT || ((b == '.' || b == '+') && ws && i + 1 < t.n && t.s[i + 1] >= '0' &&
                                    t.s[i + 1] <= '9')) {
            /* numbers; a leading sign or decimal point after white space belongs to them */
            size_t e = scan_number(&t, c == C_DIGIT ? i : i + 1);
            e = enumerator_end(&t, s, e, line_start);
            tok = push(a, s, e, NERQ_T_NUM);
            i = e;
        } else if (c == C_DQ || c == C_SQ || c == C_OPENQ || c == C_CLOSEQ || c == C_OPENSQ ||
                   c == C_CLOSESQ) {
            int cls = quote_class(a, &t, i, len, c, ws);
            size_t e = i + (size_t)len, k;
            if (!ws && a->tokens.n && is_apos(c) && (k = suffix_len(&t, e)) != 0)
                cls = NERQ_T_APOS, e += k; /* 1990's, ’s after a non-word */
            tok = push(a, s, e, cls);
            i = e;
        } else if (c == C_DASH || c == C_HYPHEN) {
            size_t e = i + (size_t)len;
            for (;;) {
                int l2, k = cls_at(&t, e, &l2);
                if (k != C_HYPHEN && k != C_DASH)
                    break;
                e += (size_t)l2;
            }
            tok = push(a, s, e, NERQ_T_DASH);
            i = e;
        } else if (b == '.' && i + 2 < t.n && t.s[i + 1] == '.' && t.s[i + 2] == '.') {
            size_t e = i;
            while (e < t.n && (t.s[e] == '.' || (t.s[e] == ' ' && e + 1 < t.n && t.s[e + 1] == '.')))
                e++;
            tok = push(a, s, e, NERQ_T_PUNCT);
            i = e;
        } else {
            tok = push(a, s, i + (size_t)len, c == C_SYM ? NERQ_T_SYM : NERQ_T_PUNCT);
            i += (size_t)len;
        }
        if (nl)
            pend |= (nl >= 2 ? TF_NL | TF_BLANK : TF_NL) | (indent >= 2 && indent > last_indent ? TF_INDENT : 0);
        if (line_start)
            last_indent = indent;
        tok->flags |= (uint16_t)pend;
        pend = 0;
        nl = line_start = indent = 0;
    }
}

/* ---- sentences and paragraphs ------------------------------------------------------- */
static int tok_is(const nerq_article *a, const nerq_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->end - t->start == n && !memcmp(a->text + t->start, s, n);
}

static int is_terminal(const nerq_article *a, const nerq_token *t)
{
    if (t->cls != NERQ_T_PUNCT)
        return 0;
    char c = a->text[t->start];
    return c == '.' || c == '!' || c == '?' || tok_is(a, t, "\xE2\x80\xA6");
}

static int is_word_shape(const nerq_token *t, int shape)
{
    return t->cls == NERQ_T_WORD && t->shape == shape;
}

static int is_starter(const nerq_tokenizer *tk, const nerq_article *a, const nerq_token *t)
{
    return t->cls == NERQ_T_WORD && nerq_wordset_has(tk->starters, a->text + t->start, t->end - t->start);
}

static int opens_sentence(const nerq_article *a, const nerq_token *t)
{
    if (t->cls == NERQ_T_WORD)
        return t->shape != NERQ_SH_LOWER;
    return t->cls == NERQ_T_NUM || t->cls == NERQ_T_QOPEN || t->cls == NERQ_T_QAMBIG ||
           t->cls == NERQ_T_DASH || (t->cls == NERQ_T_PUNCT && (a->text[t->start] == '(' || a->text[t->start] == '['));
}

/* "results 2. Ludmila Engquist ...": a short bare number, its period, then a capitalised
 * word that is not a usual sentence opener, and another one or a number before: a list
 * enumerator, not a sentence end. */
static int enumerator_period(const nerq_tokenizer *tk, const nerq_article *a, size_t i)
{
    const nerq_token *v = a->tokens.v;
    if (i == 0 || i + 2 >= a->tokens.n || v[i - 1].cls != NERQ_T_NUM || v[i].start != v[i - 1].end ||
        v[i - 1].end - v[i - 1].start > 2 || !(v[i - 1].flags & TF_WS))
        return 0;
    for (uint32_t k = v[i - 1].start; k < v[i - 1].end; k++)
        if (a->text[k] < '0' || a->text[k] > '9')
            return 0;
    int after_number = i >= 2 && v[i - 2].cls == NERQ_T_NUM; /* "13.35 3. Florian" */
    return (is_word_shape(&v[i + 1], NERQ_SH_CAP) || is_word_shape(&v[i + 1], NERQ_SH_MIXED)) &&
           !is_starter(tk, a, &v[i + 1]) &&
           !(v[i + 1].flags & NERQ_TF_ABBREV) &&
           (after_number || (v[i + 2].cls == NERQ_T_WORD && v[i + 2].shape != NERQ_SH_LOWER));
}

/* A closing quotation mark or bracket, which stays with the sentence before it. */
static int is_closer(const nerq_article *a, const nerq_token *c)
{
    return c->cls == NERQ_T_QCLOSE || c->cls == NERQ_T_QAMBIG ||
           (c->cls == NERQ_T_PUNCT && (a->text[c->start] == ')' || a->text[c->start] == ']'));
}

/* Does the sentence end at token i (before any closing marks)? */
static int ends_sentence(const nerq_tokenizer *tk, const nerq_article *a, size_t i)
{
    const nerq_token *t = &a->tokens.v[i];
    if (is_terminal(a, t))
        return !(a->text[t->start] == '.' && enumerator_period(tk, a, i));
    if (t->flags & NERQ_TF_ABBREV) {
        /* "in the U.S. The ...": the abbreviation's period may end the sentence too */
        int fl = abbrev_lookup(tk, a->text + t->start, t->end - t->start);
        if ((fl & AB_END) || (!fl && t->end - t->start > 2 && t->shape == NERQ_SH_UPPER)) {
            size_t j = i + 1; /* past closing marks: "... & Co.\u201d It ..." */
            while (j + 1 < a->tokens.n && is_closer(a, &a->tokens.v[j]))
                j++;
            return is_starter(tk, a, &a->tokens.v[j]);
        }
    }
    return 0;
}


/* A date number: digits with two - or / separators (1996-08-30, 30/08/1996). */
static int is_date(const nerq_article *a, const nerq_token *t)
{
    if (t->cls != NERQ_T_NUM)
        return 0;
    int seps = 0;
    for (uint32_t k = t->start; k < t->end; k++) {
        char c = a->text[k];
        if (c == '-' || c == '/')
            seps++;
        else if (c < '0' || c > '9')
            return 0;
    }
    return seps == 2;
}

/* A list enumerator token ("2." at a line start). */
static int is_enumerator(const nerq_article *a, const nerq_token *t)
{
    return t->cls == NERQ_T_NUM && a->text[t->end - 1] == '.';
}

/* Tokens [s, i] are a heading line or a dateline: an ALL-CAPS line, "PLACE 1996-08-30",
 * "PLACE, Region —", a byline "By Jane Doe". Without a full stop, they end where the line
 * (or, for a dated dateline, the date) does. */
static int heading(const nerq_article *a, size_t s, size_t i)
{
    const nerq_token *v = a->tokens.v;
    size_t words = 0, caps = 0, upper = 0, n = i + 1 - s;
    for (size_t k = s; k <= i; k++) {
        if (v[k].cls == NERQ_T_WORD) {
            words++;
            caps += v[k].shape != NERQ_SH_LOWER;
            upper += v[k].shape == NERQ_SH_UPPER && v[k].end - v[k].start > 1;
        }
    }
    if (!words)
        return 0;
    if (upper && caps == words && upper * 2 >= words && !is_word_shape(&v[s], NERQ_SH_LOWER))
        return 1; /* ALL CAPS (with the odd capitalised word) */
    if (n <= 8 && (v[i].cls == NERQ_T_DASH || is_date(a, &v[i])) && v[s].cls == NERQ_T_WORD &&
        v[s].shape != NERQ_SH_LOWER && caps + 1 >= words)
        return 1; /* dateline */
    if (n <= 8 && tok_is(a, &v[s], "By") && caps + 1 >= words && v[i].cls == NERQ_T_WORD)
        return 1; /* byline */
    return 0;
}

/* "LONDON 1996-08-30", "NEW YORK, N.Y. 1996-08-30" leading a sentence: only ALL-CAPS or
 * capitalised words and commas before the date. */
static int dateline(const nerq_article *a, size_t s, size_t i)
{
    const nerq_token *v = a->tokens.v;
    if (!is_date(a, &v[i]) || i == s || i - s > 6 || !is_word_shape(&v[s], NERQ_SH_UPPER))
        return 0;
    for (size_t k = s; k < i; k++)
        if (!(v[k].cls == NERQ_T_WORD && v[k].shape != NERQ_SH_LOWER) && !tok_is(a, &v[k], ","))
            return 0;
    return 1;
}

/* Paragraphs: runs of tokens not separated by a blank line. Sentences: split inside
 * paragraphs after terminal punctuation (plus closing quotes and brackets) followed by a
 * token that can open a sentence, after headings and datelines, and before an indented
 * line (a paragraph indent in text from PDF) or a list item. A plain line break is not a
 * boundary. */
static void segment(const nerq_tokenizer *tk, nerq_article *a)
{
    size_t n = a->tokens.n;
    size_t para_start = 0, sent_start = 0, line_start = 0;
    nerq_token *v = a->tokens.v;
    for (size_t i = 0; i < n; i++) {
        if (v[i].flags & TF_NL)
            line_start = i;
        if (i + 1 < n && !(v[i + 1].flags & (TF_NL | TF_BLANK | TF_INDENT)) &&
            v[i].cls == NERQ_T_WORD && !(v[i].flags & NERQ_TF_ABBREV))
            continue; /* after a plain word inside a line: no boundary */
        int para_break = i + 1 >= n || (v[i + 1].flags & TF_BLANK);
        int sent_break = para_break;
        if (!sent_break && ends_sentence(tk, a, i)) {
            /* closing quotes and brackets stay with the sentence */
            size_t j = i;
            while (j + 1 < n && !(v[j + 1].flags & TF_BLANK)) {
                if (!is_closer(a, &v[j + 1]))
                    break;
                j++;
            }
            if (j + 1 < n && (v[j + 1].flags & TF_WS) && opens_sentence(a, &v[j + 1])) {
                i = j;
                sent_break = 1;
                para_break = i + 1 >= n || (v[i + 1].flags & TF_BLANK);
            }
        }
        if (!sent_break && i + 1 < n && opens_sentence(a, &v[i + 1]) &&
            ((v[i + 1].flags & TF_INDENT) || ((v[i + 1].flags & TF_NL) && is_enumerator(a, &v[i + 1])) ||
             ((v[i + 1].flags & TF_NL) && heading(a, line_start > sent_start ? line_start : sent_start, i)) ||
             dateline(a, sent_start, i)))
            sent_break = 1;
        if (sent_break) {
            nerq_span *s = NERQ_VEC_PUSH(a->sentences);
            s->tok_start = (uint32_t)sent_start;
            s->tok_end = (uint32_t)(i + 1);
            s->start = v[sent_start].start;
            s->end = v[i].end;
            v[sent_start].flags |= NERQ_TF_SENT_START;
            sent_start = i + 1;
        }
        if (para_break) {
            nerq_span *p = NERQ_VEC_PUSH(a->paragraphs);
            p->tok_start = (uint32_t)para_start;
            p->tok_end = (uint32_t)(i + 1);
            p->start = v[para_start].start;
            p->end = v[i].end;
            v[para_start].flags |= NERQ_TF_PARA_START;
            para_start = i + 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        v[i].flags &= (uint16_t)~TF_INTERNAL;
}

int nerq_tokenize(nerq_tokenizer *tk, nerq_article *a, nerq_err *err)
{
    (void)err;
    a->tokens.n = a->sentences.n = a->paragraphs.n = 0;
    tokenize_text(tk, a);
    segment(tk, a);
    return 0;
}

static void *tok_create(const nerq_config *c, nerq_err *err) { return nerq_tokenizer_new(c, err); }
static int tok_run(void *ctx, nerq_article *a, nerq_err *err) { return nerq_tokenize(ctx, a, err); }
static void tok_destroy(void *ctx) { nerq_tokenizer_free(ctx); }
const nerq_stage nerq_stage_tokenize = {"tokenize", NERQ_ST_INGEST, NERQ_ST_TOKENIZE, tok_create,
                                        tok_run, tok_destroy};
