/* regex.h: PCRE2 patterns for the stages (ingest boilerplate rules, entity patterns).
 * Patterns are compiled once, with JIT when available, and shared read-only (also between
 * threads). Matching goes through a nerq_rx_matcher, one per thread: its match context
 * sets match, depth and heap limits and a bounded JIT stack, so that no pattern and no
 * text can hang or crash a run: hitting a limit is an error (-1 and a message), never a
 * wait. Internal to libnerq. */
#ifndef NERQ_REGEX_H
#define NERQ_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "nerq.h"

/* Default limits of a matcher. */
#define NERQ_RX_MATCH_LIMIT 1000000u /* backtracking steps (pcre2_set_match_limit) */
#define NERQ_RX_DEPTH_LIMIT 10000u   /* nested backtracking (interpreter only) */
#define NERQ_RX_HEAP_LIMIT 65536u    /* KiB of backtracking memory (interpreter only) */
#define NERQ_RX_JIT_STACK (1u << 20) /* bytes of JIT stack */

typedef struct {
    pcre2_code *code;
    const char *name; /* the rule's name (the line's first field), or "FILE:LINE" */
    int line;         /* line in the rule file, 0 if compiled from a string */
    int jit;          /* JIT-compiled: matched through pcre2_jit_match */
    uint32_t minlen;  /* no text shorter than this (in characters) can match */
    /* What a match can start with, from PCRE2's study: NERQ_RX_ANY (anything),
     * NERQ_RX_AT_START (anchored: only at the start offset, on a byte set in `first`) or
     * NERQ_RX_BYTE (anywhere, on the byte `byte`). Lets most failing calls be skipped. */
    uint8_t start_kind, byte;
    uint8_t first[32]; /* bitmap of bytes */
} nerq_regex;
enum { NERQ_RX_ANY, NERQ_RX_AT_START, NERQ_RX_BYTE };

/* Compile pattern (UTF-8; subjects may hold invalid UTF-8, which never matches a
 * character) with PCRE2 flags added to PCRE2_UTF | PCRE2_MATCH_INVALID_UTF. The error
 * names the offset in the pattern. 0 or -1. */
int nerq_regex_compile(nerq_regex *r, const char *pattern, uint32_t flags, nerq_err *err);
/* The same, giving PCRE2's message and the offset apart, for callers with their own wording. */
int nerq_regex_compile_parts(nerq_regex *r, const char *pattern, uint32_t flags, char *msg, size_t size,
                             size_t *offset);
void nerq_regex_free(nerq_regex *r);

/* The patterns of a rule file: one a line, "NAME<TAB>PATTERN" or a bare PATTERN (named
 * FILE:LINE). A bad pattern or a name given twice is an error naming FILE:LINE. */
typedef struct {
    char *path;
    NERQ_VEC(nerq_regex) rx;
    nerq_arena *arena; /* names */
} nerq_regex_set;
nerq_regex_set *nerq_regex_set_load(const char *dir, const char *name, uint32_t flags, nerq_err *err);
void nerq_regex_set_free(nerq_regex_set *s);

typedef struct nerq_rx_matcher nerq_rx_matcher;
/* Limits 0 take the defaults above. */
nerq_rx_matcher *nerq_rx_matcher_new(uint32_t match_limit, uint32_t depth_limit);
void nerq_rx_matcher_free(nerq_rx_matcher *m);

/* Find r in s[0..n) from byte offset start. 1 with the match in [*ms, *me); 0 if none;
 * -1 when a limit was hit or matching failed (message in err, naming the rule). */
int nerq_regex_match(nerq_rx_matcher *m, const nerq_regex *r, const char *s, size_t n, size_t start,
                     size_t *ms, size_t *me, nerq_err *err);
/* The ovector of the last successful match (pairs of offsets), and its pair count. */
const size_t *nerq_rx_ovector(const nerq_rx_matcher *m, uint32_t *pairs);

#endif
