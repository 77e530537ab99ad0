/* boilerplate.c: the ingest stage's rule files, loaded once per nerq_ingest:
 *   rules/boilerplate.txt    KIND NAME PATTERN    (KIND: line, span, list)
 *   rules/metadata.txt       FIELD NAME WHERE PATTERN (FIELD: title, date, author;
 *                                                  WHERE: top, head or any)
 *   rules/html.txt           drop NAME... / block NAME...
 *   rules/html-entities.txt  NAME HEXCODEPOINT
 *   rules/hyphen-prefixes.txt one prefix a line
 * and the dictionary for de-hyphenation ($NERQ_WORDS, else /usr/share/dict/words), read
 * the first time an article needs it (missing: hyphens at line ends are kept). Patterns are PCRE2 (UTF, UCP),
 * JIT-compiled here; one match data block serves every match. */
#include "ingest_internal.h"

#include <stdlib.h>
#include <string.h>

struct nerq_ing_entity {
    char name[32];
    uint32_t cp;
};

static char *next_field(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s;
    while (*e && *e != ' ' && *e != '\t')
        e++;
    *p = *e ? e + 1 : e;
    *e = '\0';
    return s;
}

static int compile(nerq_regex *rx, const char *pat, const nerq_rule_file *f, int lineno, nerq_err *err)
{
    char msg[256];
    size_t off;
    if (nerq_regex_compile_parts(rx, pat, PCRE2_UCP, msg, sizeof msg, &off) != 0) {
        nerq_err_set(err, "%s:%d: bad pattern at offset %zu: %s", f->path, lineno, off, msg);
        return -1;
    }
    return 0;
}

/* rules/boilerplate.txt (meta = 0: KIND NAME PATTERN) or rules/metadata.txt (meta = 1:
 * FIELD NAME WHERE PATTERN) into v. */
static int load_patterns(nerq_ing_rule_vec *v, const char *dir, int meta, nerq_err *err)
{
    static const char *kinds[2][3] = {{"line", "span", "list"}, {"title", "date", "author"}};
    static const char *usage[2] = {"KIND NAME PATTERN (KIND: line, span, list)",
                                   "FIELD NAME WHERE PATTERN (FIELD: title, date, author; "
                                   "WHERE: top, head, any)"};
    nerq_rule_file f;
    int rc = nerq_rule_file_load(&f, dir, meta ? "metadata.txt" : "boilerplate.txt", err);
    for (size_t i = 0; rc == 0 && i < f.lines.n; i++) {
        char *p = f.lines.v[i].text;
        char *kind = next_field(&p), *name = next_field(&p), *where = meta ? next_field(&p) : "any";
        int k = -1, head = !strcmp(where, "head") ? 1 : !strcmp(where, "top") ? 2
                         : !strcmp(where, "any") ? 0 : -1;
        for (int j = 0; j < 3; j++)
            if (!strcmp(kind, kinds[meta][j]))
                k = j;
        nerq_regex rx;
        if (k < 0 || head < 0 || !*name || !*p) {
            nerq_err_set(err, "%s:%d: expected %s", f.path, f.lines.v[i].lineno, usage[meta]);
            rc = -1;
        } else if (compile(&rx, p, &f, f.lines.v[i].lineno, err) != 0) {
            rc = -1;
        } else {
            nerq_ing_rule *ru = NERQ_VEC_PUSH(*v);
            ru->kind = k;
            ru->head_only = head;
            ru->name = strdup(name);
            ru->rx = rx;
            ru->rx.name = ru->name;
            ru->rx.line = f.lines.v[i].lineno;
        }
    }
    nerq_rule_file_free(&f);
    return rc;
}

static int load_html(nerq_ing_rules *r, const char *dir, nerq_err *err)
{
    nerq_rule_file f;
    int rc = nerq_rule_file_load(&f, dir, "html.txt", err);
    r->html_drop = nerq_wordset_new();
    r->html_block = nerq_wordset_new();
    for (size_t i = 0; rc == 0 && i < f.lines.n; i++) {
        char *p = f.lines.v[i].text;
        char *kind = next_field(&p);
        nerq_wordset *set = !strcmp(kind, "drop") ? r->html_drop
                          : !strcmp(kind, "block") ? r->html_block : NULL;
        if (!set) {
            nerq_err_set(err, "%s:%d: expected drop NAME... or block NAME...", f.path,
                         f.lines.v[i].lineno);
            rc = -1;
            break;
        }
        for (char *w = next_field(&p); *w; w = next_field(&p))
            nerq_wordset_add(set, w, strlen(w));
    }
    nerq_rule_file_free(&f);
    return rc;
}

static int cmp_entity(const void *x, const void *y)
{
    return strcmp(((const struct nerq_ing_entity *)x)->name,
                  ((const struct nerq_ing_entity *)y)->name);
}

static int load_entities(nerq_ing_rules *r, const char *dir, nerq_err *err)
{
    nerq_rule_file f;
    int rc = nerq_rule_file_load(&f, dir, "html-entities.txt", err);
    if (rc == 0) {
        r->entities = calloc(f.lines.n ? f.lines.n : 1, sizeof *r->entities);
        if (!r->entities)
            abort();
    }
    for (size_t i = 0; rc == 0 && i < f.lines.n; i++) {
        char *p = f.lines.v[i].text;
        char *name = next_field(&p), *hex = next_field(&p), *end;
        unsigned long cp = strtoul(hex, &end, 16);
        if (strlen(name) >= sizeof r->entities[0].name || !*hex || *end || !cp || cp > 0x10FFFF) {
            nerq_err_set(err, "%s:%d: expected NAME HEXCODEPOINT", f.path, f.lines.v[i].lineno);
            rc = -1;
            break;
        }
        strcpy(r->entities[r->n_entities].name, name);
        r->entities[r->n_entities++].cp = (uint32_t)cp;
    }
    if (rc == 0)
        qsort(r->entities, r->n_entities, sizeof *r->entities, cmp_entity);
    nerq_rule_file_free(&f);
    return rc;
}

int nerq_ing_rules_load(nerq_ing_rules *r, const nerq_config *c, nerq_err *err)
{
    memset(r, 0, sizeof *r);
    const char *dir = c->rules_dir;
    if (load_patterns(&r->boiler, dir, 0, err) || load_patterns(&r->meta, dir, 1, err) ||
        load_html(r, dir, err) ||
        load_entities(r, dir, err))
        return -1;
    r->prefixes = nerq_wordset_load(dir, "hyphen-prefixes.txt", err);
    if (!r->prefixes)
        return -1;
    r->m = nerq_rx_matcher_new(0, 0);
    return 0;
}

const nerq_wordset *nerq_ing_words(nerq_ing_rules *r)
{
    if (r->words_tried)
        return r->words;
    r->words_tried = 1;
    const char *words = getenv("NERQ_WORDS");
    if (!words || !*words)
        words = "/usr/share/dict/words";
    const char *slash = strrchr(words, '/');
    char wdir[4096];
    snprintf(wdir, sizeof wdir, "%.*s", slash ? (int)(slash - words) : 1, slash ? words : ".");
    nerq_err ignored;
    r->words = nerq_wordset_load(wdir, slash ? slash + 1 : words, &ignored);
    return r->words;
}

static void free_rules(nerq_ing_rule *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        nerq_regex_free(&v[i].rx);
    }
    free(v);
}

void nerq_ing_rules_free(nerq_ing_rules *r)
{
    free_rules(r->boiler.v, r->boiler.n);
    free_rules(r->meta.v, r->meta.n);
    nerq_rx_matcher_free(r->m);
    nerq_wordset_free(r->words);
    nerq_wordset_free(r->prefixes);
    nerq_wordset_free(r->html_drop);
    nerq_wordset_free(r->html_block);
    free(r->entities);
    memset(r, 0, sizeof *r);
}

int nerq_ing_match(const nerq_ing_rules *r, const nerq_regex *rx, const char *s, size_t n,
                   size_t from, size_t *ms, size_t *me)
{
    nerq_err ignored;
    size_t s0, e0;
    if (nerq_regex_match(r->m, rx, s, n, from, &s0, &e0, &ignored) != 1)
        return 0; /* no match, or a limit hit: the text is kept */
    uint32_t pairs;
    const size_t *ov = nerq_rx_ovector(r->m, &pairs);
    int g = pairs >= 2 && ov[2] != PCRE2_UNSET ? 1 : 0;
    *ms = ov[2 * g];
    *me = ov[2 * g + 1];
    return 1;
}

uint32_t nerq_ing_entity(const nerq_ing_rules *r, const char *name, size_t n)
{
    struct nerq_ing_entity key;
    if (n == 0 || n >= sizeof key.name)
        return 0;
    memcpy(key.name, name, n);
    key.name[n] = '\0';
    const struct nerq_ing_entity *e =
        bsearch(&key, r->entities, r->n_entities, sizeof *r->entities, cmp_entity);
    return e ? e->cp : 0;
}
