/* ingest_internal.h: what the files of the ingest stage share; not part of libnerq's
 * interface. The stage works in passes, each producing a text with a map back to the raw
 * file bytes (nerq_offmap_copy/_replace compose the maps):
 *   decode  (ingest.c)         raw bytes -> UTF-8 with LF line ends
 *   format  (ingest_html.c,    HTML or Markdown -> plain lines; blank line = block break
 *            ingest_md.c)
 *   layout  (ingest_layout.c)  lines -> paragraphs: boilerplate, metadata, re-wrapping,
 *                              de-hyphenation, typography -> the record's `text`
 * Rule files (boilerplate.c): rules/boilerplate.txt, rules/metadata.txt, rules/html.txt,
 * rules/html-entities.txt, rules/hyphen-prefixes.txt. */
#ifndef NERQ_INGEST_INTERNAL_H
#define NERQ_INGEST_INTERNAL_H

#include "nerq.h"

#include "regex.h"

/* A text built by one pass, with its map to the raw file. */
typedef struct {
    nerq_buf text;
    nerq_offmap map;
} nerq_ing_layer;

void nerq_ing_layer_clear(nerq_ing_layer *l);
/* Copy src's text [s, s+n) to the end of text t (map m). */
void nerq_ing_copy(nerq_buf *t, nerq_offmap *m, const nerq_ing_layer *src, uint32_t s,
                   uint32_t n);
/* Append the n bytes at str to t as the replacement of src's [s, s+sl). */
void nerq_ing_replace(nerq_buf *t, nerq_offmap *m, const nerq_ing_layer *src, uint32_t s,
                      uint32_t sl, const char *str, uint32_t n);
/* The code point of Windows-1252 byte c. */
/* Record src's [s, e) as removed from the article by `rule`. */
void nerq_ing_removed(nerq_article *a, const nerq_ing_layer *src, uint32_t s, uint32_t e,
                      const char *rule);

/* ---- rules (boilerplate.c) ---------------------------------------------------------- */
enum { NERQ_BP_LINE, NERQ_BP_SPAN, NERQ_BP_LIST };         /* boilerplate kinds */
enum { NERQ_META_TITLE, NERQ_META_DATE, NERQ_META_AUTHOR }; /* metadata fields */
typedef struct {
    int kind;          /* NERQ_BP_* or NERQ_META_* */
    int head_only;     /* metadata: 0 any line, 1 the first lines but the first, 2 the
                          first lines */
    char *name;
    nerq_regex rx;
} nerq_ing_rule;

typedef NERQ_VEC(nerq_ing_rule) nerq_ing_rule_vec;

typedef struct {
    nerq_ing_rule_vec boiler, meta;
    nerq_rx_matcher *m; /* matches under the limits of regex.h: no rule can hang ingest */
    nerq_wordset *words;      /* the dictionary, for de-hyphenation (NULL: none) */
    int words_tried;          /* nerq_ing_words() has tried to load it */
    nerq_wordset *prefixes;   /* rules/hyphen-prefixes.txt */
    nerq_wordset *html_drop;  /* HTML elements dropped with their content */
    nerq_wordset *html_block; /* HTML elements that break paragraphs */
    struct nerq_ing_entity *entities; /* sorted by name */
    size_t n_entities;
} nerq_ing_rules;

int nerq_ing_rules_load(nerq_ing_rules *r, const nerq_config *c, nerq_err *err);
void nerq_ing_rules_free(nerq_ing_rules *r);
/* Match rule rx against s[0..n); on success *ms, *me hold group 1 if set, else group 0.
 * A rule that hits a match limit counts as not matching: the text is kept. */
int nerq_ing_match(const nerq_ing_rules *r, const nerq_regex *rx, const char *s, size_t n,
                   size_t from, size_t *ms, size_t *me);
/* The dictionary, loaded on first use; NULL if there is none. */
const nerq_wordset *nerq_ing_words(nerq_ing_rules *r);
/* Code point of the HTML entity name[0..n) (without & and ;), 0 if unknown. */
uint32_t nerq_ing_entity(const nerq_ing_rules *r, const char *name, size_t n);

/* ---- passes ------------------------------------------------------------------------- */
/* Hints a format pass leaves for layout: the title's range in its output. */
typedef struct {
    uint32_t title_s, title_e; /* title_e == 0: none */
    int hard_lines;            /* every line break is a paragraph break (HTML) */
    NERQ_VEC(uint32_t) starts; /* offsets where a paragraph starts (list items), sorted */
} nerq_ing_hints;

void nerq_ing_html(const nerq_ing_rules *r, nerq_article *a, const nerq_ing_layer *in,
                   nerq_ing_layer *out, nerq_ing_hints *h);
void nerq_ing_md(nerq_article *a, const nerq_ing_layer *in, nerq_ing_layer *out,
                 nerq_ing_hints *h);
/* Does this plain text file use Markdown (an ATX heading in its first lines, a link)? */
int nerq_ing_md_sniff(const nerq_ing_layer *in);

typedef struct nerq_ing_layout nerq_ing_layout;
nerq_ing_layout *nerq_ing_layout_new(void);
void nerq_ing_layout_free(nerq_ing_layout *l);
/* Build a's text, offmap, removed, title, date and author from in. */
void nerq_ing_layout_run(nerq_ing_layout *l, nerq_ing_rules *r, nerq_article *a,
                         const nerq_ing_layer *in, const nerq_ing_hints *h);

#endif
