/* nerq.h: the public interface of libnerq, the news annotation pipeline.
 *
 * An article (nerq_article) is the in-memory record every stage reads and extends:
 *   ingest    -> id, format, encoding, bytes, title, date, author, text, offmap, removed
 *   tokenize  -> tokens, sentences, paragraphs
 *   entities  -> mentions, entities
 *   quotes    -> quotes (spans, kind)
 *   attribute -> quotes[].speaker, cue, confidence ...
 * The JSONL form of the record is documented in doc/record.md.
 *
 * Conventions, stated once:
 * - Offsets are byte offsets, spans half-open [start, end). "start"/"end" point into the
 *   normalised `text`; "raw_start"/"raw_end" into the original file's bytes.
 * - Library functions never exit and never print: they return 0 on success and -1 on
 *   failure, with a message in the caller's nerq_err.
 * - Strings hanging off an article live in its arena and die with nerq_article_reset/free.
 * - Every _new has its _free; _free(NULL) is a no-op.
 */
#ifndef NERQ_H
#define NERQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NERQ_VERSION "0.1.0"

/* ---- errors ---------------------------------------------------------------------- */
typedef struct {
    char msg[512];
} nerq_err;
void nerq_err_set(nerq_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- growable byte buffer (owned) -------------------------------------------------- */
typedef struct {
    char *data;
    size_t len, cap;
} nerq_buf;
void nerq_buf_grow(nerq_buf *b, size_t extra);
void nerq_buf_put(nerq_buf *b, const void *s, size_t n);
void nerq_buf_puts(nerq_buf *b, const char *s);
void nerq_buf_putc(nerq_buf *b, char c);
void nerq_buf_printf(nerq_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nerq_buf_put_u64(nerq_buf *b, uint64_t v);
/* The decimal digits of v at p (room for 20); returns the end. No NUL. */
char *nerq_put_u64(char *p, uint64_t v);
/* v as 16 lower-case hex digits at p; returns the end. No NUL. */
char *nerq_put_hex16(char *p, uint64_t v);
/* "00" .. "99": the digits of n < 100 are nerq_digits2[2 * n], nerq_digits2[2 * n + 1]. */
extern const char nerq_digits2[200];
void nerq_buf_put_i64(nerq_buf *b, int64_t v);
/* v as printf "%.2f" writes it (same bytes, without printf for 0 <= v < 1e15). */
void nerq_buf_put_fixed2(nerq_buf *b, double v);
/* JSON string literal (with quotes); invalid UTF-8 bytes become U+FFFD. */
void nerq_buf_put_jstr(nerq_buf *b, const char *s, size_t n);
void nerq_buf_free(nerq_buf *b);

/* Growable array helper: NERQ_VEC(T) declares {T *v; size_t n, cap;}. */
#define NERQ_VEC(T) struct { T *v; size_t n, cap; }
void *nerq_vec_grow_(void *v, size_t *cap, size_t need, size_t elem);
#define NERQ_VEC_RESERVE(vec, need) \
    ((need) > (vec).cap ? (void)((vec).v = nerq_vec_grow_((vec).v, &(vec).cap, (need), sizeof *(vec).v)) : (void)0)
#define NERQ_VEC_PUSH(vec) (NERQ_VEC_RESERVE(vec, (vec).n + 1), &(vec).v[(vec).n++])

/* ---- arena: many small allocations, freed at once --------------------------------- */
typedef struct nerq_arena nerq_arena;
nerq_arena *nerq_arena_new(void);
void *nerq_arena_alloc(nerq_arena *a, size_t n);
char *nerq_arena_strndup(nerq_arena *a, const char *s, size_t n);
/* The same, right after the previous string (no alignment): many short strings kept
 * together, as a file list's paths. */
char *nerq_arena_strndup_packed(nerq_arena *a, const char *s, size_t n);
char *nerq_arena_strdup(nerq_arena *a, const char *s);
void nerq_arena_reset(nerq_arena *a);
void nerq_arena_free(nerq_arena *a);

/* XXH3-64 of s[0..n) (file.c): for bulk bytes (rule files, caches, articles); seeded
 * (XXH3_64bits_withSeed: seed 0 is the same as none). */
uint64_t nerq_hash64(const void *s, size_t n);
uint64_t nerq_hash64_seed(const void *s, size_t n, uint64_t seed);
/* The same built for AVX2 (xxh3_avx2.c): only for a CPU that has it (file.c asks). */
uint64_t nerq_xxh3_avx2(const void *s, size_t n, uint64_t seed);

/* ---- UTF-8 ------------------------------------------------------------------------ */
/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid/truncated. */
int nerq_utf8_seq(const unsigned char *s, size_t n);
/* Decode one code point at s (valid sequence assumed length len). */
uint32_t nerq_utf8_decode(const unsigned char *s, int len);
int nerq_utf8_encode(uint32_t cp, char out[4]);
/* Length of the leading run of ASCII bytes (< 0x80) of s[0..n). */
size_t nerq_ascii_prefix(const char *s, size_t n);
/* Number of code points in s[0..n). */
size_t nerq_utf8_count(const char *s, size_t n);
/* Offset of the first invalid byte, or n if s is valid UTF-8. */
size_t nerq_utf8_valid_prefix(const char *s, size_t n);
/* The code point of byte c in Windows-1252 (0x80-0x9F; Latin-1 elsewhere). */
uint32_t nerq_cp1252_decode(unsigned char c);
/* "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE" when s starts with that byte-order
 * mark, else NULL. Ingest turns such files into error records (doc/record.md). */
const char *nerq_wide_bom(const char *s, size_t n);

/* ---- offset map: normalised text offsets -> raw file offsets ----------------------- */
/* The normalised text is built from pieces: a run copied from the raw bytes, or a
 * replacement (raw bytes [r, r+rl) become nl other bytes). Anchors (norm, raw) mark piece
 * starts, and piece ends wherever the next piece does not start where this one ended (a
 * removal) or where the piece is not a plain copy. Anchors are sorted; two may share a
 * norm offset (the end of one piece, then the start of the next after a removal).
 * Start offsets map through the last anchor at or before them, end offsets through the
 * piece they end, so a span never gains removed bytes at either end. */
typedef struct {
    uint32_t norm, raw;
} nerq_anchor;
typedef struct {
    NERQ_VEC(nerq_anchor) a;
    uint32_t end_norm, end_raw; /* where the last piece ended (while building) */
    int end_linear;             /* the last piece was a copy */
} nerq_offmap;
/* Append a piece: norm_len bytes of text at norm come from raw_len bytes at raw. */
void nerq_offmap_piece(nerq_offmap *m, uint32_t norm, uint32_t raw, uint32_t norm_len,
                       uint32_t raw_len);
/* Close the map after the last piece. */
void nerq_offmap_finish(nerq_offmap *m);
/* Add a raw anchor as read back from a record. */
void nerq_offmap_add(nerq_offmap *m, uint32_t norm, uint32_t raw);
uint32_t nerq_offmap_raw(const nerq_offmap *m, uint32_t norm);     /* a start offset */
uint32_t nerq_offmap_raw_end(const nerq_offmap *m, uint32_t norm); /* an end offset */
/* Composition, for texts built in several passes: src maps an intermediate text to raw
 * offsets. Copy src's [s, s+n) to dst at norm (src's copies, replacements and removals
 * carry over), or replace src's [s, s+sl) by n other bytes at norm. */
void nerq_offmap_copy(nerq_offmap *dst, uint32_t norm, const nerq_offmap *src, uint32_t s,
                      uint32_t n);
void nerq_offmap_replace(nerq_offmap *dst, uint32_t norm, const nerq_offmap *src, uint32_t s,
                         uint32_t sl, uint32_t n);
/* Empty m, keeping its memory. */
void nerq_offmap_clear(nerq_offmap *m);

/* ---- the article ------------------------------------------------------------------ */
enum {
    NERQ_ST_INGEST = 1 << 0,
    NERQ_ST_TOKENIZE = 1 << 1,
    NERQ_ST_ENTITIES = 1 << 2,
    NERQ_ST_QUOTES = 1 << 3,
    NERQ_ST_ATTRIBUTE = 1 << 4,
};

/* Token classes (JSON code in brackets). */
enum nerq_tok_class {
    NERQ_T_WORD = 1, /* "W" + shape letter: Wc Wu Wl Wm */
    NERQ_T_NUM,      /* "N"  */
    NERQ_T_PUNCT,    /* "P"  */
    NERQ_T_QOPEN,    /* "Qo" opening quotation mark */
    NERQ_T_QCLOSE,   /* "Qc" closing quotation mark */
    NERQ_T_QAMBIG,   /* "Qa" straight " or ' that may open or close */
    NERQ_T_APOS,     /* "A"  apostrophe, including possessive 's / ’s */
    NERQ_T_DASH,     /* "D"  */
    NERQ_T_SYM,      /* "S"  currency and other symbols */
};
enum nerq_tok_shape { NERQ_SH_NONE = 0, NERQ_SH_CAP, NERQ_SH_UPPER, NERQ_SH_LOWER, NERQ_SH_MIXED };

typedef struct {
    uint32_t start, end;
    uint8_t cls, shape;
    uint16_t flags; /* NERQ_TF_* */
} nerq_token;
#define NERQ_TF_SENT_START 1u /* first token of a sentence */
#define NERQ_TF_PARA_START 2u /* first token of a paragraph */
#define NERQ_TF_SPACE_BEFORE 4u /* whitespace (or text start) precedes the token */
#define NERQ_TF_ABBREV 8u     /* word followed by its abbreviation period ("Mr.") */

typedef struct {
    uint32_t start, end;         /* bytes */
    uint32_t tok_start, tok_end; /* token indices */
} nerq_span;

typedef struct {
    uint32_t start, end, raw_start, raw_end;
    uint32_t tok_start, tok_end;
    const char *type;   /* PERSON COUNTRY ORG NORP LOC ... */
    const char *text;   /* surface text */
    const char *entity; /* canonical name */
    const char *id;     /* gazetteer id or NULL */
    const char *rule;   /* what produced it */
    int32_t ent;        /* index into entities, -1 if none */
} nerq_mention;

typedef struct {
    const char *name, *type, *id;
    uint32_t *mentions; /* indices into mentions (arena) */
    uint32_t n_mentions;
} nerq_entity;

typedef struct {
    uint32_t start, end, raw_start, raw_end; /* content without the marks */
    int32_t open, close; /* byte offsets of the marks in text, -1 if none */
    const char *kind;    /* full partial title scare */
    const char *rule;    /* quote rule */
    /* attribution */
    const char *speaker, *speaker_id, *speaker_type;
    int32_t speaker_start, speaker_end, speaker_raw_start, speaker_raw_end; /* -1 = null */
    const char *cue;
    int32_t cue_start, cue_end;
    const char *attr_rule;
    double confidence;
} nerq_quote;

typedef struct {
    uint32_t raw_start, raw_end;
    const char *rule;
} nerq_removed;

typedef struct nerq_article {
    nerq_arena *arena;
    unsigned stages;   /* NERQ_ST_* bits for the stages whose fields are present */
    const char *id;    /* path relative to the input folder */
    const char *error; /* non-NULL: an error record, passed through by later stages */
    const char *error_stage;
    /* ingest */
    const char *format, *encoding;
    uint32_t raw_bytes, repairs;
    const char *title, *date, *author;
    char *text;
    uint32_t text_len;
    nerq_offmap offmap;
    NERQ_VEC(nerq_removed) removed;
    /* tokenize */
    NERQ_VEC(nerq_token) tokens;
    NERQ_VEC(nerq_span) sentences;
    NERQ_VEC(nerq_span) paragraphs;
    /* entities */
    NERQ_VEC(nerq_mention) mentions;
    NERQ_VEC(nerq_entity) entities;
    /* quotes, attribute */
    NERQ_VEC(nerq_quote) quotes;
} nerq_article;

nerq_article *nerq_article_new(void);
/* Forget the content, keep the allocated capacity for the next article. */
void nerq_article_reset(nerq_article *a);
void nerq_article_free(nerq_article *a);
/* Turn a into an error record for id (keeps only id and the error). */
void nerq_article_set_error(nerq_article *a, const char *stage, const char *msg);
/* The token flags a record does not carry, derived from text, tokens, sentences and
 * paragraphs exactly as the tokenizer sets them (both record readers call this). */
void nerq_article_token_flags(nerq_article *a);
/* Index of the first token whose end > off (binary search); tokens.n if none. */
uint32_t nerq_article_token_at(const nerq_article *a, uint32_t off);
/* Index of the span of v[0..n) (sorted, disjoint: sentences, paragraphs) that holds byte
 * offset x (by_token: token index x); -1 if none. Binary search. */
long nerq_span_find(const nerq_span *v, size_t n, uint32_t x, int by_token);

/* ---- JSONL records ----------------------------------------------------------------- */
/* Append a's record as one JSON line (with '\n'). Field order is fixed: deterministic. */
void nerq_record_write(nerq_buf *out, const nerq_article *a);
/* The same record, and in the same pass the flat rows of its mentions and of its quotes
 * (mentions.jsonl, quotes.jsonl: {"article":ID,"index":K, ...the element's own fields}, a
 * line each), appended to mentions and quotes. */
void nerq_record_write_rows(nerq_buf *out, nerq_buf *mentions, nerq_buf *quotes,
                            const nerq_article *a);
/* Parse one JSON record into a (reset first). Checks types and offset ranges. */
int nerq_record_read(nerq_article *a, const char *line, size_t len, nerq_err *err);
/* The two readers nerq_record_read combines: a fast pull parser for records laid out as
 * the writer lays them (0, or -1 to say "not mine"), and the full Jansson-based reader
 * that takes any field order and explains what is wrong with a bad record. */
int nerq_record_read_fast(nerq_article *a, const char *line, size_t len);
int nerq_record_read_full(nerq_article *a, const char *line, size_t len, nerq_err *err);

/* ---- line input with a length limit (JSONL readers) --------------------------------- */
enum { NERQ_LINE_OK, NERQ_LINE_TOO_LONG, NERQ_LINE_EOF };
typedef struct nerq_lines nerq_lines;
nerq_lines *nerq_lines_new(FILE *in);
/* The next line into `line` (without its '\n'); *complete: it ended with '\n'; *total: its
 * full length. A line longer than max keeps its first max bytes and gives
 * NERQ_LINE_TOO_LONG; the rest of it is skipped, never held in memory. */
int nerq_lines_next(nerq_lines *r, nerq_buf *line, size_t max, int *complete, uint64_t *total);
void nerq_lines_free(nerq_lines *r);

/* ---- configuration: where rules and gazetteers live -------------------------------- */
typedef struct {
    const char *rules_dir;      /* default: $NERQ_RULES or the build's rules/ */
    const char *gazetteers_dir; /* default: $NERQ_GAZETTEERS or the build's gazetteers/ */
} nerq_config;
void nerq_config_default(nerq_config *c);

/* ---- rule files: line-based text with # comments ----------------------------------- */
typedef struct {
    char *text;   /* the line, comment and trailing space stripped */
    int lineno;   /* 1-based line number in the file */
} nerq_rule_line;
typedef struct {
    char *path;
    NERQ_VEC(nerq_rule_line) lines;
    char *storage;
} nerq_rule_file;
/* Load dir/name; lines that are blank or comments are skipped. */
int nerq_rule_file_load(nerq_rule_file *f, const char *dir, const char *name, nerq_err *err);
void nerq_rule_file_free(nerq_rule_file *f);

/* A set of words (exact, case-sensitive) loaded from a rule file. A loaded set is
 * read-only (a large one is mapped from a compiled cache); _add is for sets from _new. */
typedef struct nerq_wordset nerq_wordset;
nerq_wordset *nerq_wordset_load(const char *dir, const char *name, nerq_err *err);
nerq_wordset *nerq_wordset_new(void);
void nerq_wordset_add(nerq_wordset *w, const char *s, size_t n);
int nerq_wordset_has(const nerq_wordset *w, const char *s, size_t n);
void nerq_wordset_free(nerq_wordset *w);

/* ---- folder walking ----------------------------------------------------------------- */
typedef struct {
    char **paths; /* relative to the root, sorted bytewise */
    size_t n;
    nerq_arena *pool; /* the paths, packed one after another (not a malloc each) */
} nerq_filelist;
/* A copy of s[0..n) with a NUL, kept in l's pool until nerq_filelist_free. */
char *nerq_filelist_keep(nerq_filelist *l, const char *s, size_t n);
/* Recursively list article files (.txt .md .markdown .html .htm) under root; hidden
 * entries skipped, symlinked folders not followed twice. Notes go to `notes` (may be NULL). */
int nerq_walk(const char *root, nerq_filelist *out, FILE *notes, nerq_err *err);
void nerq_filelist_free(nerq_filelist *l);
/* Read the regular file root/rel into out (replacing its content), refusing anything else
 * (a FIFO, a device: without blocking) and files over max bytes. 0 or -1. */
int nerq_read_file(const char *root, const char *rel, nerq_buf *out, size_t max, nerq_err *err);
/* The same for a whole path: a regular file of at most max bytes, or -1 and a message. */
int nerq_file_read(const char *path, nerq_buf *out, size_t max, nerq_err *err);
/* Write all n bytes to fd (again after a short write or EINTR): 0, or -1 (errno set). */
int nerq_write_all(int fd, const void *p, size_t n);

/* ---- stages ------------------------------------------------------------------------ */
typedef struct nerq_ingest nerq_ingest;
nerq_ingest *nerq_ingest_new(const nerq_config *c, nerq_err *err);
/* Build the ingest fields of a from raw bytes. `id` names the article, `name` its file
 * name (the extension chooses the format). Returns -1 and an error record on failure. */
int nerq_ingest_bytes(nerq_ingest *g, nerq_article *a, const char *id, const char *data,
                      size_t len, nerq_err *err);
/* Read root/rel and ingest it; on failure a holds an error record. */
int nerq_ingest_file(nerq_ingest *g, nerq_article *a, const char *root, const char *rel,
                     nerq_err *err);
void nerq_ingest_free(nerq_ingest *g);

typedef struct nerq_tokenizer nerq_tokenizer;
nerq_tokenizer *nerq_tokenizer_new(const nerq_config *c, nerq_err *err);
int nerq_tokenize(nerq_tokenizer *t, nerq_article *a, nerq_err *err);
/* A hash of the rules that decide token boundaries (for caches of tokenised names). */
uint64_t nerq_tokenizer_fingerprint(const nerq_tokenizer *t);
void nerq_tokenizer_free(nerq_tokenizer *t);

typedef struct nerq_entities nerq_entities;
nerq_entities *nerq_entities_new(const nerq_config *c, nerq_err *err);
int nerq_entities_run(nerq_entities *e, nerq_article *a, nerq_err *err);
void nerq_entities_free(nerq_entities *e);

typedef struct nerq_quotes nerq_quotes;
nerq_quotes *nerq_quotes_new(const nerq_config *c, nerq_err *err);
int nerq_quotes_run(nerq_quotes *q, nerq_article *a, nerq_err *err);
void nerq_quotes_free(nerq_quotes *q);

typedef struct nerq_attribute nerq_attribute;
nerq_attribute *nerq_attribute_new(const nerq_config *c, nerq_err *err);
int nerq_attribute_run(nerq_attribute *t, nerq_article *a, nerq_err *err);
void nerq_attribute_free(nerq_attribute *t);

/* A uniform view of the four record-to-record stages, for the filter programs and the
 * driver: the same functions run in both. */
typedef struct {
    const char *name;     /* "tokenize" */
    unsigned needs;       /* NERQ_ST_* bits the input must carry */
    unsigned adds;        /* the bit this stage sets */
    void *(*create)(const nerq_config *c, nerq_err *err);
    int (*run)(void *ctx, nerq_article *a, nerq_err *err);
    void (*destroy)(void *ctx);
} nerq_stage;
extern const nerq_stage nerq_stage_tokenize, nerq_stage_entities, nerq_stage_quotes,
    nerq_stage_attribute;
/* Run stage s on a, turning a into an error record when it fails. Returns 0 or -1. */
int nerq_stage_apply(const nerq_stage *s, void *ctx, nerq_article *a);

#endif
