/* regex.c: PCRE2 with JIT and limits (see regex.h). */
#include "regex.h"

#include <stdlib.h>
#include <string.h>

struct nerq_rx_matcher {
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    pcre2_match_data *md;
    uint32_t pairs; /* of the last match */
};

static void pcre_msg(int code, char *buf, size_t size)
{
    if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) < 0)
        snprintf(buf, size, "PCRE2 error %d", code);
}

int nerq_regex_compile(nerq_regex *r, const char *pattern, uint32_t flags, nerq_err *err)
{
    char msg[256];
    size_t off;
    if (nerq_regex_compile_parts(r, pattern, flags, msg, sizeof msg, &off) != 0) {
        nerq_err_set(err, "bad regular expression: %s at offset %zu", msg, off);
        return -1;
    }
    return 0;
}

/* Fill r->start_kind, byte and first from what PCRE2 knows about a match's first code unit:
 * a fixed one (FIRSTCODETYPE 1; PCRE2 does not say whether it is caseless, so a letter
 * stands for both cases and for any non-ASCII byte), or a bitmap of them. */
static void study_start(nerq_regex *r)
{
    uint32_t opts = 0, type = 0, unit = 0;
    const uint8_t *bitmap = NULL;
    r->start_kind = NERQ_RX_ANY;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_ALLOPTIONS, &opts) != 0 ||
        pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
        return;
    int letter = 0;
    if (type == 1) {
        if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) != 0 || unit > 0xff)
            return;
        letter = (unit | 0x20) >= 'a' && (unit | 0x20) <= 'z';
        if (!(opts & PCRE2_ANCHORED) && !letter && unit < 0x80) {
            r->start_kind = NERQ_RX_BYTE;
            r->byte = (uint8_t)unit;
            return;
        }
        r->first[unit >> 3] |= (uint8_t)(1u << (unit & 7));
    } else if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTBITMAP, &bitmap) != 0 || !bitmap) {
        return;
    } else {
        memcpy(r->first, bitmap, sizeof r->first);
    }
    if (!(opts & PCRE2_ANCHORED))
        return;
    if (letter) {
        unsigned other = unit ^ 0x20;
        r->first[other >> 3] |= (uint8_t)(1u << (other & 7));
        for (unsigned c = 0x80; c < 0x100; c += 8)
            r->first[c >> 3] = 0xff;
    }
    r->start_kind = NERQ_RX_AT_START;
}

int nerq_regex_compile_parts(nerq_regex *r, const char *pattern, uint32_t flags, char *msg, size_t size,
                             size_t *offset)
{
    int code;
    PCRE2_SIZE off;
    memset(r, 0, sizeof *r);
    r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | flags, &code, &off, NULL);
    if (!r->code) {
        pcre_msg(code, msg, size);
        *offset = (size_t)off;
        return -1;
    }
    /* Without JIT (unsupported platform, or NERQ_NO_JIT set: valgrind cannot follow JIT
     * code) the interpreter runs, under the same limits. */
    if (!getenv("NERQ_NO_JIT"))
        r->jit = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &r->minlen) != 0)
        r->minlen = 0;
    study_start(r);
    return 0;
}

void nerq_regex_free(nerq_regex *r)
{
    if (r)
        pcre2_code_free(r->code);
}

void nerq_regex_set_free(nerq_regex_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->rx.n; i++)
        nerq_regex_free(&s->rx.v[i]);
    free(s->rx.v);
    free(s->path);
    nerq_arena_free(s->arena);
    free(s);
}

nerq_regex_set *nerq_regex_set_load(const char *dir, const char *name, uint32_t flags, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, name, err) != 0) {
        nerq_rule_file_free(&f);
        return NULL;
    }
    nerq_regex_set *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->arena = nerq_arena_new();
    s->path = f.path;
    f.path = NULL;
    for (size_t i = 0; i < f.lines.n; i++) {
        char *text = f.lines.v[i].text, *tab = strchr(text, '\t');
        int line = f.lines.v[i].lineno;
        char where[64];
        snprintf(where, sizeof where, "%s:%d", name, line);
        const char *rname = where, *pat = text;
        if (tab) {
            *tab = '\0';
            rname = text;
            pat = tab + 1;
        }
        for (size_t k = 0; k < s->rx.n; k++)
            if (!strcmp(s->rx.v[k].name, rname)) {
                nerq_err_set(err, "%s:%d: rule \"%.100s\" defined twice (first on line %d)", s->path, line,
                             rname, s->rx.v[k].line);
                goto fail;
            }
        nerq_regex r;
        nerq_err e2 = {{0}};
        if (nerq_regex_compile(&r, pat, flags, &e2) != 0) {
            nerq_err_set(err, "%s:%d: %.400s", s->path, line, e2.msg);
            goto fail;
        }
        r.name = nerq_arena_strdup(s->arena, rname);
        r.line = line;
        *NERQ_VEC_PUSH(s->rx) = r;
    }
    nerq_rule_file_free(&f);
    return s;
fail:
    nerq_rule_file_free(&f);
    nerq_regex_set_free(s);
    return NULL;
}

nerq_rx_matcher *nerq_rx_matcher_new(uint32_t match_limit, uint32_t depth_limit)
{
    nerq_rx_matcher *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    m->mctx = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 * 1024, NERQ_RX_JIT_STACK, NULL);
    m->md = pcre2_match_data_create(32, NULL);
    if (!m->mctx || !m->md)
        abort();
    pcre2_set_match_limit(m->mctx, match_limit ? match_limit : NERQ_RX_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mctx, depth_limit ? depth_limit : NERQ_RX_DEPTH_LIMIT);
    pcre2_set_heap_limit(m->mctx, NERQ_RX_HEAP_LIMIT);
    if (m->jit)
        pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    return m;
}

void nerq_rx_matcher_free(nerq_rx_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_jit_stack_free(m->jit);
    pcre2_match_context_free(m->mctx);
    free(m);
}

int nerq_regex_match(nerq_rx_matcher *m, const nerq_regex *r, const char *s, size_t n, size_t start,
                     size_t *ms, size_t *me, nerq_err *err)
{
    m->pairs = 0;
    /* Most rules fail on most lines: the checks pcre2_match would make first are made
     * here, without the call (bytes >= characters, so a shorter text cannot match). */
    if (start > n || n - start < r->minlen)
        return 0;
    if (start < n) {
        unsigned char c = (unsigned char)s[start];
        if (r->start_kind == NERQ_RX_AT_START && !(r->first[c >> 3] & (1u << (c & 7))))
            return 0;
        if (r->start_kind == NERQ_RX_BYTE && !memchr(s + start, r->byte, n - start))
            return 0;
    }
    int rc = r->jit ? pcre2_jit_match(r->code, (PCRE2_SPTR)s, n, start, 0, m->md, m->mctx)
                    : pcre2_match(r->code, (PCRE2_SPTR)s, n, start, 0, m->md, m->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        char msg[256];
        pcre_msg(rc, msg, sizeof msg);
        nerq_err_set(err, "rule %s: %s (text of %zu bytes, from offset %zu)", r->name ? r->name : "?", msg, n,
                     start);
        return -1;
    }
    /* rc == 0: more groups than the match data holds; the whole match is still there. */
    m->pairs = rc ? (uint32_t)rc : pcre2_get_ovector_count(m->md);
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *ms = ov[0];
    *me = ov[1];
    return 1;
}

const size_t *nerq_rx_ovector(const nerq_rx_matcher *m, uint32_t *pairs)
{
    *pairs = m->pairs;
    return pcre2_get_ovector_pointer(m->md);
}
