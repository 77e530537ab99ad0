/* tokenize.c: stage 2. Reads `text`; adds `tokens` ([start, end, class]), `sentences` and
 * `paragraphs` ([start, end] byte spans). Classes: words with their shape (Wc Wu Wl Wm),
 * numbers, punctuation, opening/closing/ambiguous quotation marks, apostrophes (and the
 * possessive 's / ’s as its own token), dashes, symbols. Paragraphs are separated by
 * blank lines. Abbreviations (rules/abbreviations.txt) keep their period and do not end
 * sentences. Tokens live in the article's one growing array: no allocation per token. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>

enum { AB_PLAIN = 1, AB_TITLE = 2, AB_NUM = 4, AB_END = 8 };

typedef struct {
    UT_hash_handle hh;
    int flags;
    char key[];
} abbrev;

struct nerq_tokenizer {
    abbrev *abbrevs;
    nerq_wordset *starters;
    uint64_t fingerprint; /* of the rules that decide token boundaries */
};

uint64_t nerq_tokenizer_fingerprint(const nerq_tokenizer *t) { return t->fingerprint; }

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

/* ---- character classes ------------------------------------------------------------ */
enum { C_SPACE, C_NL, C_UPPER, C_LOWER, C_LETTER, C_DIGIT, C_PUNCT, C_DQ, C_SQ, C_OPENQ,
       C_CLOSEQ, C_OPENSQ, C_CLOSESQ, C_DASH, C_HYPHEN, C_SYM, C_ELLIPSIS };

static int cp_class(uint32_t c)
{
    if (c < 0x80) {
        if (c == '\n')
            return C_NL;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
            return C_SPACE;
        if (c >= 'A' && c <= 'Z')
            return C_UPPER;
        if (c >= 'a' && c <= 'z')
            return C_LOWER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        if (c == '"')
            return C_DQ;
        if (c == '\'')
            return C_SQ;
        if (c == '-')
            return C_HYPHEN;
        if (c == '$' || c == '%' || c == '&' || c == '+' || c == '=' || c == '<' || c == '>' ||
            c == '@' || c == '#' || c == '^' || c == '|' || c == '~')
            return C_SYM;
        return C_PUNCT;
    }
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
    if ((c >= 0xA1 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F))
        return C_PUNCT;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
        (c >= 0x400 && c <= 0x42F))
        return C_UPPER;
    if ((c >= 0xDF && c <= 0xFF && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9) ||
        (c >= 0x430 && c <= 0x45F))
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

/* Code point and its class at i; *len gets its byte length. */
static int cls_at(const text *t, size_t i, int *len)
{
    if (i >= t->n) {
        *len = 0;
        return C_NL;
    }
    const unsigned char *p = (const unsigned char *)t->s + i;
    if (*p < 0x80) {
        *len = 1;
        return cp_class(*p);
    }
    int k = nerq_utf8_seq(p, t->n - i);
    if (!k) {
        *len = 1;
        return C_SYM;
    }
    *len = k;
    return cp_class(nerq_utf8_decode(p, k));
}

static int is_letter(int c) { return c == C_UPPER || c == C_LOWER || c == C_LETTER; }
static int is_alnum(int c) { return is_letter(c) || c == C_DIGIT; }
static int is_space(int c) { return c == C_SPACE || c == C_NL; }

static nerq_token *push(nerq_article *a, size_t s, size_t e, int cls)
{
    nerq_token *t = NERQ_VEC_PUSH(a->tokens);
    t->start = (uint32_t)s;
    t->end = (uint32_t)e;
    t->cls = (uint8_t)cls;
    t->shape = NERQ_SH_NONE;
    t->flags = 0;
    return t;
}

static void set_shape(const text *tx, nerq_token *t)
{
    int up = 0, low = 0, first_up = -1, after_first_up = 0;
    size_t i = t->start;
    while (i < t->end) {
        int len, c = cls_at(tx, i, &len);
        if (c == C_UPPER) {
            up++;
            if (first_up < 0)
                first_up = 1;
            else
                after_first_up++;
        } else if (c == C_LOWER) {
            low++;
            if (first_up < 0)
                first_up = 0;
        }
        i += (size_t)len;
    }
    if (!up && !low)
        t->shape = NERQ_SH_LOWER;
    else if (!up)
        t->shape = NERQ_SH_LOWER;
    else if (!low)
        t->shape = up == 1 && first_up == 1 ? NERQ_SH_CAP : NERQ_SH_UPPER;
    else if (first_up == 1 && !after_first_up)
        t->shape = NERQ_SH_CAP;
    else
        t->shape = NERQ_SH_MIXED;
}

static int abbrev_flags(const nerq_tokenizer *tk, const char *s, size_t n)
{
    abbrev *e;
    HASH_FIND(hh, tk->abbrevs, s, n, e);
    return e ? e->flags : 0;
}

/* End of a word starting at i: letters, digits, inner hyphens, inner apostrophes that are
 * not a possessive or contraction suffix, and periods of dotted acronyms. */
static size_t scan_word(const text *t, size_t i)
{
    int len, c;
    size_t j = i;
    for (;;) {
        c = cls_at(t, j, &len);
        if (is_alnum(c)) {
            j += (size_t)len;
            continue;
        }
        int l2, c2 = cls_at(t, j + (size_t)len, &l2);
        if (c == C_HYPHEN && is_alnum(c2)) {
            j += (size_t)len;
            continue;
        }
        if ((c == C_SQ || c == C_CLOSESQ) && is_letter(c2)) {
            /* ’s ’re ’ve ’ll ’d ’m n’t are split off; O’Brien and rock’n’roll stay. */
            const char *q = t->s + j + len;
            size_t rest = t->n - (j + (size_t)len);
            size_t wl = 0;
            while (wl < rest && ((q[wl] >= 'a' && q[wl] <= 'z') || (q[wl] >= 'A' && q[wl] <= 'Z')))
                wl++;
            int suffix = (wl == 1 && (q[0] == 's' || q[0] == 'S' || q[0] == 'd' || q[0] == 'm')) ||
                         (wl == 2 && (!strncmp(q, "re", 2) || !strncmp(q, "ve", 2) || !strncmp(q, "ll", 2)));
            if (!suffix && j > i && t->s[j - 1] == 'n' && wl == 1 && q[0] == 't')
                suffix = 1;
            if (!suffix) {
                j += (size_t)len;
                continue;
            }
        }
        break;
    }
    return j;
}

static void tokenize_text(const nerq_tokenizer *tk, nerq_article *a)
{
    text t = {a->text, a->text_len};
    size_t i = 0;
    int space_before = 1;
    while (i < t.n) {
        int len, c = cls_at(&t, i, &len);
        if (is_space(c)) {
            i += (size_t)len;
            space_before = 1;
            continue;
        }
        size_t s = i;
        nerq_token *tok;
        if (is_letter(c)) {
            size_t e = scan_word(&t, i);
            /* n't: "don't" -> "do" + "n't" */
            if (e - s > 1 && t.s[e - 1] == 'n' && e < t.n) {
                int l2, c2 = cls_at(&t, e, &l2);
                if ((c2 == C_SQ || c2 == C_CLOSESQ) && e + l2 < t.n && t.s[e + l2] == 't' &&
                    (e + l2 + 1 >= t.n || !is_alnum(cls_at(&t, e + l2 + 1, &len))))
                    e--;
            }
            /* A period that belongs to the word: listed abbreviations, dotted acronyms
             * (U.S., a.m.), single capital initials. */
            if (e < t.n && t.s[e] == '.') {
                size_t e2 = e + 1;
                while (e2 + 1 < t.n && is_letter(cls_at(&t, e2, &len)) && len == 1 && t.s[e2 + 1] == '.')
                    e2 += 2;
                int fl = abbrev_flags(tk, t.s + s, e2 - s);
                int dotted = e2 > e + 1;
                int initial = e - s == 1 && c == C_UPPER;
                if (fl & AB_NUM) {
                    size_t k = e2;
                    while (k < t.n && t.s[k] == ' ')
                        k++;
                    if (!(k < t.n && t.s[k] >= '0' && t.s[k] <= '9'))
                        fl = 0;
                }
                if (fl || dotted || initial)
                    e = e2;
            }
            tok = push(a, s, e, NERQ_T_WORD);
            set_shape(&t, tok);
            if (t.s[e - 1] == '.')
                tok->flags |= NERQ_TF_ABBREV;
            i = e;
        } else if (c == C_DIGIT) {
            size_t e = i;
            for (;;) {
                int l, k = cls_at(&t, e, &l);
                if (is_alnum(k)) {
                    e += (size_t)l;
                    continue;
                }
                if ((t.s[e] == '.' || t.s[e] == ',' || t.s[e] == ':' || t.s[e] == '/' || k == C_HYPHEN) &&
                    e + (size_t)l < t.n && cls_at(&t, e + (size_t)l, &len) == C_DIGIT) {
                    e += (size_t)l;
                    continue;
                }
                break;
            }
            tok = push(a, s, e, NERQ_T_NUM);
            i = e;
        } else if (c == C_DQ || c == C_SQ || c == C_OPENQ || c == C_CLOSEQ || c == C_OPENSQ ||
                   c == C_CLOSESQ) {
            int l2, next = cls_at(&t, i + (size_t)len, &l2);
            int prev_word = a->tokens.n && !space_before;
            int cls;
            if (c == C_OPENQ || c == C_OPENSQ)
                cls = NERQ_T_QOPEN;
            else if (c == C_CLOSEQ)
                cls = NERQ_T_QCLOSE;
            else if ((c == C_CLOSESQ || c == C_SQ) && prev_word && (next == C_LOWER || next == C_UPPER) &&
                     i + (size_t)len < t.n) {
                cls = NERQ_T_APOS; /* possessive or contraction suffix follows */
            } else if ((c == C_CLOSESQ || c == C_SQ) && space_before && next == C_DIGIT) {
                cls = NERQ_T_APOS; /* the ’90s */
            } else if ((c == C_CLOSESQ || c == C_SQ) && prev_word && i > 0 && t.s[i - 1] == 's' &&
                       is_space(next) && !(a->tokens.n && a->tokens.v[a->tokens.n - 1].cls != NERQ_T_WORD)) {
                cls = NERQ_T_APOS; /* players’ union: a plural possessive (or a close quote) */
            } else if (c == C_CLOSESQ) {
                cls = NERQ_T_QCLOSE;
            } else if (space_before && !is_space(next)) {
                cls = NERQ_T_QOPEN;
            } else if (!space_before && (is_space(next) || next == C_PUNCT || i + (size_t)len >= t.n)) {
                cls = NERQ_T_QCLOSE;
            } else {
                cls = NERQ_T_QAMBIG;
            }
            size_t e = i + (size_t)len;
            if (cls == NERQ_T_APOS && prev_word) {
                /* attach the suffix: 's 're n't ... */
                while (e < t.n && is_letter(cls_at(&t, e, &l2)) && l2 == 1)
                    e++;
            }
            tok = push(a, s, e, cls);
            i = e;
        } else if (c == C_DASH || c == C_HYPHEN) {
            size_t e = i + (size_t)len;
            while (e < t.n) {
                int l2, k = cls_at(&t, e, &l2);
                if (k != C_HYPHEN && k != C_DASH)
                    break;
                e += (size_t)l2;
            }
            tok = push(a, s, e, NERQ_T_DASH);
            i = e;
        } else if (c == C_PUNCT && t.s[i] == '.' && i + 2 < t.n && t.s[i + 1] == '.' && t.s[i + 2] == '.') {
            size_t e = i;
            while (e < t.n && (t.s[e] == '.' || (t.s[e] == ' ' && e + 1 < t.n && t.s[e + 1] == '.')))
                e++;
            tok = push(a, s, e, NERQ_T_PUNCT);
            i = e;
        } else {
            /* US$ as one symbol token */
            tok = push(a, s, i + (size_t)len, c == C_SYM ? NERQ_T_SYM : NERQ_T_PUNCT);
            if (c == C_ELLIPSIS)
                tok->cls = NERQ_T_PUNCT;
            i += (size_t)len;
        }
        if (space_before)
            tok->flags |= NERQ_TF_SPACE_BEFORE;
        space_before = 0;
    }
}

static int is_terminal(const nerq_article *a, const nerq_token *t)
{
    if (t->cls != NERQ_T_PUNCT)
        return 0;
    char c = a->text[t->start];
    return c == '.' || c == '!' || c == '?' || (t->end - t->start == 3 && !memcmp(a->text + t->start, "\xE2\x80\xA6", 3)) ||
           (c == '.' && t->end - t->start >= 3);
}

static int opens_sentence(const nerq_article *a, const nerq_token *t)
{
    if (t->cls == NERQ_T_WORD)
        return t->shape == NERQ_SH_CAP || t->shape == NERQ_SH_UPPER || t->shape == NERQ_SH_MIXED;
    (void)a;
    return t->cls == NERQ_T_NUM || t->cls == NERQ_T_QOPEN || t->cls == NERQ_T_QAMBIG ||
           t->cls == NERQ_T_DASH || (t->cls == NERQ_T_PUNCT && (a->text[t->start] == '(' || a->text[t->start] == '['));
}

/* Paragraphs: runs of tokens not separated by a blank line. Sentences: split inside
 * paragraphs after terminal punctuation (plus closing quotes and brackets) followed by a
 * token that can open a sentence. */
static void segment(const nerq_tokenizer *tk, nerq_article *a)
{
    size_t n = a->tokens.n;
    size_t para_start = 0, sent_start = 0;
    for (size_t i = 0; i < n; i++) {
        int para_break = 0;
        if (i + 1 < n) {
            /* a blank line between tokens i and i+1? */
            const char *p = a->text + a->tokens.v[i].end, *e = a->text + a->tokens.v[i + 1].start;
            int nl = 0;
            for (; p < e; p++)
                if (*p == '\n' && ++nl >= 2)
                    break;
            para_break = nl >= 2;
        } else {
            para_break = 1;
        }
        int sent_break = para_break;
        if (!sent_break && i + 1 < n) {
            const nerq_token *t = &a->tokens.v[i];
            size_t j = i;
            int terminal = is_terminal(a, t);
            if (!terminal && (t->flags & NERQ_TF_ABBREV)) {
                int fl = abbrev_flags(tk, a->text + t->start, t->end - t->start);
                const nerq_token *nx = &a->tokens.v[i + 1];
                if ((fl & AB_END) || (!fl && t->end - t->start > 2 && t->shape == NERQ_SH_UPPER)) {
                    /* U.S. The ...: the period may end the sentence too */
                    terminal = nx->cls == NERQ_T_WORD &&
                               nerq_wordset_has(tk->starters, a->text + nx->start, nx->end - nx->start);
                }
            }
            if (terminal) {
                /* closing quotes and brackets stay with the sentence */
                while (j + 1 < n && (a->tokens.v[j + 1].cls == NERQ_T_QCLOSE ||
                                     (a->tokens.v[j + 1].cls == NERQ_T_QAMBIG && !(a->tokens.v[j + 1].flags & NERQ_TF_SPACE_BEFORE)) ||
                                     (a->tokens.v[j + 1].cls == NERQ_T_PUNCT && (a->text[a->tokens.v[j + 1].start] == ')' ||
                                                                                   a->text[a->tokens.v[j + 1].start] == ']'))))
                    j++;
                if (j + 1 < n && (a->tokens.v[j + 1].flags & NERQ_TF_SPACE_BEFORE) &&
                    opens_sentence(a, &a->tokens.v[j + 1])) {
                    /* is there a paragraph break inside the skipped closers? */
                    i = j;
                    sent_break = 1;
                    const char *p = a->text + a->tokens.v[i].end, *e = a->text + a->tokens.v[i + 1].start;
                    int nl = 0;
                    for (; p < e; p++)
                        nl += *p == '\n';
                    para_break = nl >= 2;
                }
            }
        }
        if (sent_break) {
            nerq_span *s = NERQ_VEC_PUSH(a->sentences);
            s->tok_start = (uint32_t)sent_start;
            s->tok_end = (uint32_t)(i + 1);
            s->start = a->tokens.v[sent_start].start;
            s->end = a->tokens.v[i].end;
            a->tokens.v[sent_start].flags |= NERQ_TF_SENT_START;
            sent_start = i + 1;
        }
        if (para_break) {
            nerq_span *p = NERQ_VEC_PUSH(a->paragraphs);
            p->tok_start = (uint32_t)para_start;
            p->tok_end = (uint32_t)(i + 1);
            p->start = a->tokens.v[para_start].start;
            p->end = a->tokens.v[i].end;
            a->tokens.v[para_start].flags |= NERQ_TF_PARA_START;
            para_start = i + 1;
        }
    }
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
