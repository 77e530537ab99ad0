/* export.h: the internal interface of the exporters (export_*.c), the run statistics
 * (stats.c) and the HTML report (report*.c). Not part of nerq.h: only the `nerq export`,
 * `nerq stats` and `nerq report` commands and their tests use it.
 *
 * Like the rest of libnerq, nothing here prints or exits: writers append to a nerq_buf,
 * the command front ends (cmd_*.c) do the file work and report errors. */
#ifndef NERQ_EXPORT_H
#define NERQ_EXPORT_H

#include "nerq.h"

/* ---- the exported view of an article ---------------------------------------------- */
/* Span labels besides the mention types (PERSON COUNTRY ORG NORP LOC ...). */
#define NERQ_XL_QUOTE "QUOTE"
#define NERQ_XL_CUE "CUE"
#define NERQ_XL_SPEAKER "SPEAKER" /* a speaker mention that is not an entity mention ("he") */
/* Relation labels, from a quote to its speaker span and to its cue. */
#define NERQ_XR_SAID_BY "said_by"
#define NERQ_XR_CUE "has_cue"

enum nerq_xkind { NERQ_X_MENTION, NERQ_X_QUOTE, NERQ_X_CUE, NERQ_X_SPEAKER };

typedef struct {
    uint32_t start, end;   /* bytes of the view's text */
    uint32_t cstart, cend; /* the same in Unicode code points */
    uint8_t kind;          /* nerq_xkind */
    const char *label;     /* the mention type, or one of NERQ_XL_* */
    const char *entity;    /* mentions: canonical name; quotes: speaker name (or NULL) */
    const char *id;        /* mentions: gazetteer id; quotes: speaker id (or NULL) */
    const char *kind_name; /* quotes: full partial title scare */
    int32_t speaker, cue;  /* quotes: index of the speaker / cue span in the view, -1 */
} nerq_xspan;

/* An article as the span formats see it: one text, and spans over it sorted by start
 * (longer first, then record order). Two texts are possible:
 *  - the record's normalised `text` and the `start`/`end` offsets (raw == NULL);
 *  - the original file (raw) and the `raw_*` offsets. The text is then the file itself when
 *    it is valid UTF-8 (untouched), else the file decoded as Windows-1252, as ingest does. */
typedef struct {
    const char *text; /* UTF-8, len bytes; points into the article, raw or `decoded` */
    size_t len;
    int original;  /* the text is the original file */
    int decoded_1252; /* ... decoded from Windows-1252 (not byte-identical) */
    nerq_buf decoded;
    NERQ_VEC(uint32_t) cp;   /* code point index of each byte offset (len + 1 entries) */
    NERQ_VEC(uint32_t) rmap; /* original view: raw byte offset -> text byte offset */
    NERQ_VEC(nerq_xspan) spans;
    uint32_t dropped; /* spans left out (empty, out of range, or their quote was) */
} nerq_xview;

/* Build v (zeroed or previously built) for a. entities_only leaves out quotes, cues and
 * speaker spans. Returns -1 when a lacks the entity fields or raw does not match it. */
int nerq_xview_build(nerq_xview *v, const nerq_article *a, const char *raw, size_t raw_len,
                     int entities_only, nerq_err *err);
void nerq_xview_free(nerq_xview *v);

/* ---- helpers the writers share ------------------------------------------------------ */
/* Append s with every byte outside [A-Za-z0-9_-] and `also` replaced by '_' (brat type
 * names, CSS classes, file names). */
void nerq_put_ident(nerq_buf *b, const char *s, const char *also);
struct json_t;
/* Append o as compact JSON, then `end`; takes over (decrefs) o. -1 if it cannot be
 * encoded. */
int nerq_put_json(nerq_buf *out, struct json_t *o, const char *end, nerq_err *err);

/* ---- the formats (each appends one article) --------------------------------------- */
/* CoNLL-2003 style: "-DOCSTART- -X- -X- O", then one "TOKEN _ _ TAG" line a token (IOB2
 * over the record's tokens; a token is tagged when it lies inside a mention, overlapping
 * mentions lose to the earlier, longer one), a blank line after each sentence. */
int nerq_export_conll(nerq_buf *out, const nerq_article *a, nerq_err *err);
/* brat standoff: the .txt (the view's text) and the .ann lines. */
void nerq_export_brat(nerq_buf *txt, nerq_buf *ann, const nerq_xview *v);
/* brat's annotation.conf for the given entity labels (plus the quote ones), and a
 * visual.conf colouring them. */
void nerq_export_brat_conf(nerq_buf *conf, nerq_buf *visual, const char *const *labels, size_t n);
/* spaCy / Prodigy: {"text", "spans": [{"start","end","label", ...}], "meta"} and '\n'. */
int nerq_export_spacy(nerq_buf *out, const nerq_article *a, const nerq_xview *v, nerq_err *err);
/* doccano (sequence labelling with relations): {"text", "entities", "relations", ...}
 * and '\n'. */
int nerq_export_doccano(nerq_buf *out, const nerq_article *a, const nerq_xview *v, nerq_err *err);
/* Label Studio: one task {"data", "predictions"} (no newline; the caller builds the array). */
int nerq_export_labelstudio(nerq_buf *out, const nerq_article *a, const nerq_xview *v,
                            nerq_err *err);

/* ---- run statistics ----------------------------------------------------------------- */
enum {
    NERQ_TAB_SPEAKERS,
    NERQ_TAB_PEOPLE,
    NERQ_TAB_COUNTRIES,
    NERQ_TAB_ORGS,
    NERQ_TAB_ARTICLES,
    NERQ_TAB_SPEAKER_COUNTRY,
    NERQ_TAB_COUNT
};
typedef struct {
    const char *a, *b; /* speaker / entity / article id; id / country (NULL when none) */
    uint32_t n1, n2;   /* counts, named by the table's columns */
} nerq_stat_row;
typedef struct {
    const char *name;    /* file stem: "speakers" */
    const char *title;   /* "Most quoted speakers" */
    const char *cols[4]; /* names of a, b, n1, n2; NULL = no such column */
    NERQ_VEC(nerq_stat_row) rows;
} nerq_stat_table;
typedef struct nerq_stats nerq_stats;
nerq_stats *nerq_stats_new(void);
/* Count one article (error records count as articles only). */
void nerq_stats_add(nerq_stats *s, const nerq_article *a);
/* The table, sorted (counts descending, then names); valid until the next add or free. */
const nerq_stat_table *nerq_stats_table(nerq_stats *s, int which);
/* Totals: articles, error records, mentions, quotes, attributed quotes. */
void nerq_stats_totals(const nerq_stats *s, uint32_t out[5]);
void nerq_stats_free(nerq_stats *s);
/* The table as CSV (RFC 4180, header line first). */
void nerq_stats_csv(nerq_buf *out, const nerq_stat_table *t);
/* The first `top` rows as aligned text under the title. */
void nerq_stats_text(nerq_buf *out, const nerq_stat_table *t, size_t top);

/* ---- HTML report ---------------------------------------------------------------------- */
void nerq_html_escape(nerq_buf *out, const char *s, size_t n);
/* File name of article number i's page ("a0001-politics_001.txt.html"). */
void nerq_report_page_name(nerq_buf *out, size_t i, const char *id);
/* The article page (self-contained but for style.css next to it). */
void nerq_report_article(nerq_buf *out, const nerq_article *a, size_t i);
/* The index page: totals, bar charts and tables, links to the article pages. */
void nerq_report_index(nerq_buf *out, nerq_stats *s);
extern const char nerq_report_css[];

#endif
