/* gazetteer.c: loading the name lists and matching them over tokens. A name form is
 * stored under the key "tok1 tok2 ..." (its tokens joined by single spaces); a second
 * table gives, per first token, the longest form that starts with it, so matching at a
 * token costs a few hash look-ups whatever the size of the lists. The tables are flat
 * open-addressing arrays (not uthash): a million names load in a fraction of a second
 * because probes and growth touch one array, not a pointer per item. */

#include "gazetteer.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* A name form: its key and the entries that have it (most have one). */
typedef struct {
    uint64_t hash;
    const char *key;
    uint32_t klen;
    uint32_t n, cap;
    uint32_t max_tokens; /* in the first-token tables: the longest form starting here */
    const nerq_gaz_entry **v;  /* when n > 1 (arena) */
    const nerq_gaz_entry *one; /* when n == 1 (forms move as their vector grows) */
} form;

static const nerq_gaz_entry *const *form_entries(const form *f) { return f->n > 1 ? f->v : &f->one; }

/* Open addressing with linear probing over indices into a vector of forms; the table
 * holds the hash beside the index so probes and growth touch neither forms nor keys. */
typedef struct {
    struct slot {
        uint64_t hash;
        uint32_t idx; /* form index + 1; 0 = empty */
    } *slots;
    size_t cap; /* power of two */
    NERQ_VEC(form) forms;
} table;

struct nerq_gazetteer {
    nerq_arena *arena;
    table forms, folded, firsts, ffirsts;
    size_t n_entries;
    nerq_tokenizer *tk;
    nerq_article *scratch;
    nerq_buf key;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    /* FNV-1a, 64 bit, with a final mix so the low bits (the slot index) are well spread. */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}

static void table_grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    struct slot *s = calloc(cap, sizeof *s);
    if (!s)
        abort();
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].idx)
            continue;
        size_t j = t->slots[i].hash & (cap - 1);
        while (s[j].idx)
            j = (j + 1) & (cap - 1);
        s[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = s;
    t->cap = cap;
}

static form *table_find(const table *t, const char *key, size_t n, uint64_t h)
{
    if (!t->cap)
        return NULL;
    for (size_t j = h & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
        const struct slot *s = &t->slots[j];
        if (!s->idx)
            return NULL;
        if (s->hash == h) {
            form *f = &t->forms.v[s->idx - 1];
            if (f->klen == n && !memcmp(f->key, key, n))
                return f;
        }
    }
}

/* The form for key, created if absent. */
static form *table_get(nerq_gazetteer *g, table *t, const char *key, size_t n)
{
    uint64_t h = hash_bytes(key, n);
    form *f = table_find(t, key, n, h);
    if (f)
        return f;
    if ((t->forms.n + 1) * 2 > t->cap)
        table_grow(t);
    f = NERQ_VEC_PUSH(t->forms);
    memset(f, 0, sizeof *f);
    f->hash = h;
    f->key = nerq_arena_strndup(g->arena, key, n);
    f->klen = (uint32_t)n;
    size_t j = h & (t->cap - 1);
    while (t->slots[j].idx)
        j = (j + 1) & (t->cap - 1);
    t->slots[j].hash = h;
    t->slots[j].idx = (uint32_t)t->forms.n;
    return f;
}

static void table_free(table *t)
{
    free(t->slots);
    free(t->forms.v);
}

nerq_gazetteer *nerq_gazetteer_new(nerq_tokenizer *tk)
{
    nerq_gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        abort();
    g->arena = nerq_arena_new();
    g->tk = tk;
    g->scratch = nerq_article_new();
    return g;
}

static void fold_into(nerq_buf *b, const char *s, size_t n)
{
    /* ASCII case folding is enough for keys: capitals in headlines are the case to cover. */
    nerq_buf_grow(b, n);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        b->data[b->len++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    b->data[b->len] = '\0';
}

/* Build the key of tokens [i, i+k) of article a into b. */
static void make_key(nerq_buf *b, const nerq_article *a, size_t i, size_t k, int fold)
{
    b->len = 0;
    for (size_t j = i; j < i + k; j++) {
        const nerq_token *t = &a->tokens.v[j];
        if (j > i)
            nerq_buf_putc(b, ' ');
        if (fold)
            fold_into(b, a->text + t->start, t->end - t->start);
        else
            nerq_buf_put(b, a->text + t->start, t->end - t->start);
    }
    if (!b->data)
        nerq_buf_grow(b, 1);
}

static void add_form(nerq_gazetteer *g, table *forms, table *firsts, const char *key, size_t klen,
                     size_t first_len, uint32_t ntok, const nerq_gaz_entry *e)
{
    form *f = table_get(g, forms, key, klen);
    const nerq_gaz_entry *const *have = form_entries(f);
    for (uint32_t k = 0; k < f->n; k++)
        if (have[k] == e)
            return; /* an alias equal to the canonical name, say */
    if (f->n == 0) {
        f->one = e;
        f->n = f->cap = 1;
    } else {
        if (f->n == f->cap) {
            /* Grow rarely, in the arena (the old array is dropped). */
            uint32_t cap = f->cap * 2;
            const nerq_gaz_entry **v = nerq_arena_alloc(g->arena, cap * sizeof *v);
            memcpy(v, have, f->n * sizeof *v);
            f->v = v;
            f->cap = cap;
        }
        f->v[f->n++] = e;
    }
    form *fi = table_get(g, firsts, key, first_len);
    if (ntok > fi->max_tokens)
        fi->max_tokens = ntok;
}

int nerq_gazetteer_add(nerq_gazetteer *g, const char *formtext, const nerq_gaz_entry *e, nerq_err *err)
{
    nerq_article *a = g->scratch;
    nerq_article_reset(a);
    a->text = (char *)formtext;
    a->text_len = (uint32_t)strlen(formtext);
    if (nerq_tokenize(g->tk, a, err) != 0)
        return -1;
    if (!a->tokens.n)
        return 0;
    size_t ntok = a->tokens.n;
    make_key(&g->key, a, 0, ntok, 0);
    size_t first_len = a->tokens.v[0].end - a->tokens.v[0].start;
    add_form(g, &g->forms, &g->firsts, g->key.data, g->key.len, first_len, (uint32_t)ntok, e);
    /* A folded form for text in capitals; short forms (US, AP) are left out: in capitals
     * they are too often ordinary words. */
    if (a->text_len >= 4) {
        make_key(&g->key, a, 0, ntok, 1);
        add_form(g, &g->folded, &g->ffirsts, g->key.data, g->key.len, first_len, (uint32_t)ntok, e);
    }
    a->text = NULL;
    a->text_len = 0;
    return 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int load_file(nerq_gazetteer *g, const char *dir, const char *name, nerq_err *err)
{
    nerq_rule_file f;
    if (nerq_rule_file_load(&f, dir, name, err) != 0) {
        nerq_rule_file_free(&f);
        return -1;
    }
    const char *file = nerq_arena_strdup(g->arena, name);
    int rc = 0;
    for (size_t i = 0; i < f.lines.n && rc == 0; i++) {
        char *fields[5] = {0};
        char *s = f.lines.v[i].text;
        int nf = 0;
        fields[nf++] = s;
        for (char *p = s; *p && nf < 5; p++)
            if (*p == '\t') {
                *p = '\0';
                fields[nf++] = p + 1;
            }
        if (nf < 3 || !*fields[0] || !*fields[2]) {
            nerq_err_set(err, "%s:%d: expected TYPE<TAB>ID<TAB>CANONICAL[<TAB>ALIASES[<TAB>ATTRS]]",
                         f.path, f.lines.v[i].lineno);
            rc = -1;
            break;
        }
        nerq_gaz_entry *e = nerq_arena_alloc(g->arena, sizeof *e);
        memset(e, 0, sizeof *e);
        e->type = nerq_arena_strdup(g->arena, fields[0]);
        e->id = strcmp(fields[1], "-") ? nerq_arena_strdup(g->arena, fields[1]) : NULL;
        e->canonical = nerq_arena_strdup(g->arena, fields[2]);
        e->attrs = nf >= 5 && strcmp(fields[4], "-") ? nerq_arena_strdup(g->arena, fields[4]) : "";
        e->file = file;
        e->line = f.lines.v[i].lineno;
        g->n_entries++;
        rc = nerq_gazetteer_add(g, e->canonical, e, err);
        if (nf >= 4 && strcmp(fields[3], "-") != 0) {
            char *al = fields[3];
            while (rc == 0 && al) {
                char *bar = strchr(al, '|');
                if (bar)
                    *bar = '\0';
                if (*al)
                    rc = nerq_gazetteer_add(g, al, e, err);
                al = bar ? bar + 1 : NULL;
            }
        }
    }
    nerq_rule_file_free(&f);
    return rc;
}

nerq_gazetteer *nerq_gazetteer_load(const char *dir, nerq_tokenizer *tk, nerq_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        nerq_err_set(err, "%s: cannot open the gazetteer folder", dir);
        return NULL;
    }
    NERQ_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.' && ends_with(de->d_name, ".tsv"))
            *NERQ_VEC_PUSH(names) = strdup(de->d_name);
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmpstr);
    nerq_gazetteer *g = nerq_gazetteer_new(tk);
    int rc = 0;
    for (size_t i = 0; i < names.n; i++) {
        if (rc == 0)
            rc = load_file(g, dir, names.v[i], err);
        free(names.v[i]);
    }
    free(names.v);
    if (rc != 0) {
        nerq_gazetteer_free(g);
        return NULL;
    }
    return g;
}

void nerq_gazetteer_free(nerq_gazetteer *g)
{
    if (!g)
        return;
    table_free(&g->forms);
    table_free(&g->folded);
    table_free(&g->firsts);
    table_free(&g->ffirsts);
    nerq_arena_free(g->arena);
    nerq_article_free(g->scratch);
    nerq_buf_free(&g->key);
    free(g);
}

size_t nerq_gazetteer_size(const nerq_gazetteer *g) { return g->n_entries; }

size_t nerq_gazetteer_match_all(const nerq_gazetteer *g, const nerq_article *a, size_t i,
                                size_t limit, int fold, nerq_gaz_hits *out)
{
    nerq_gazetteer *gm = (nerq_gazetteer *)g; /* the key buffer is scratch space */
    const nerq_token *t = &a->tokens.v[i];
    for (int pass = 0; pass < (fold ? 2 : 1); pass++) {
        const form *fi;
        if (pass == 0) {
            size_t n = t->end - t->start;
            fi = table_find(&g->firsts, a->text + t->start, n, hash_bytes(a->text + t->start, n));
        } else {
            make_key(&gm->key, a, i, 1, 1);
            fi = table_find(&g->ffirsts, gm->key.data, gm->key.len, hash_bytes(gm->key.data, gm->key.len));
        }
        if (!fi)
            continue;
        size_t max = fi->max_tokens;
        if (i + max > limit)
            max = limit - i;
        for (size_t k = max; k >= 1; k--) {
            make_key(&gm->key, a, i, k, pass);
            const form *f = table_find(pass ? &g->folded : &g->forms, gm->key.data, gm->key.len,
                                       hash_bytes(gm->key.data, gm->key.len));
            if (f) {
                out->v = form_entries(f);
                out->n = f->n;
                return k;
            }
        }
    }
    return 0;
}

size_t nerq_gazetteer_match(const nerq_gazetteer *g, const nerq_article *a, size_t i, size_t limit,
                            int fold, const nerq_gaz_entry **out)
{
    nerq_gaz_hits h;
    size_t k = nerq_gazetteer_match_all(g, a, i, limit, fold, &h);
    if (k)
        *out = h.v[0];
    return k;
}

const nerq_gaz_entry *nerq_gazetteer_lookup(const nerq_gazetteer *g, const char *s, size_t n)
{
    const form *f = table_find(&g->forms, s, n, hash_bytes(s, n));
    return f ? form_entries(f)[0] : NULL;
}

const char *nerq_gaz_attr(const nerq_gaz_entry *e, const char *key, char *buf, size_t size)
{
    size_t kl = strlen(key);
    const char *p = e->attrs;
    while (p && *p) {
        const char *semi = strchr(p, ';');
        size_t l = semi ? (size_t)(semi - p) : strlen(p);
        if (l > kl && !strncmp(p, key, kl) && p[kl] == '=') {
            size_t vl = l - kl - 1;
            if (vl >= size)
                vl = size - 1;
            memcpy(buf, p + kl + 1, vl);
            buf[vl] = '\0';
            return buf;
        }
        p = semi ? semi + 1 : NULL;
    }
    return NULL;
}
