/* gazetteer.c: loading the name lists and matching them over tokens. A name form is
 * stored under the key "tok1 tok2 ..." (its tokens joined by single spaces); a second
 * table gives, per first token, the longest form that starts with it, so matching at a
 * token costs a few hash look-ups whatever the size of the lists. The tables are flat
 * open-addressing arrays of offsets (no pointers, no uthash): a million names load in a
 * fraction of a second, and the same arrays can be written to and mapped from a file.
 * Matching hashes the article's tokens in place: no key is built, nothing is written,
 * so one gazetteer is shared by every worker thread. */
#include "gazetteer_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t fnv_step(uint64_t h, unsigned char c) { return (h ^ c) * FNV_PRIME; }
static inline uint64_t mix(uint64_t h)
{
    /* FNV's low bits are weak; the slot index is taken from them. */
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}
static inline unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

uint64_t nerq_gaz_hash_bytes(const char *s, size_t n)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++)
        h = fnv_step(h, (unsigned char)s[i]);
    return mix(h);
}

void nerq_gaz_filter_build(gtable *t, const char *keys)
{
    free(t->filter);
    t->filter = calloc(t->cap * 4 / 64 + 1, sizeof *t->filter);
    if (!t->filter)
        abort();
    memset(t->lower, 0, sizeof t->lower);
    for (size_t i = 0; i < t->forms.n; i++) {
        nerq_gaz_filter_set(t, t->forms.v[i].hash);
        char c0 = keys[t->forms.v[i].key_off];
        if (c0 >= 'a' && c0 <= 'z')
            nerq_gaz_lower_set(t, t->forms.v[i].hash);
    }
}

static void table_grow(gtable *t, const char *keys)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    gslot *s = calloc(cap, sizeof *s);
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
    nerq_gaz_filter_build(t, keys);
}

/* The form whose key is exactly s[0..n) (hash h), or NULL. */
static const gform *find_key(const nerq_gazetteer *g, const gtable *t, const char *s, size_t n, uint64_t h)
{
    if (!t->cap)
        return NULL;
    for (size_t j = h & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
        const gslot *sl = &t->slots[j];
        if (!sl->idx)
            return NULL;
        if (sl->hash == h) {
            const gform *f = &t->forms.v[sl->idx - 1];
            if (f->klen == n && !memcmp(g->keys.data + f->key_off, s, n))
                return f;
        }
    }
}

/* Does key equal tokens [i, i+k) of a joined by single spaces (ASCII-folded if fold)? */
static int key_is_tokens(const char *key, uint32_t klen, const nerq_article *a, size_t i, size_t k, int fold)
{
    size_t p = 0;
    for (size_t j = i; j < i + k; j++) {
        if (j > i) {
            if (p >= klen || key[p] != ' ')
                return 0;
            p++;
        }
        const nerq_token *t = &a->tokens.v[j];
        size_t tl = t->end - t->start;
        if (p + tl > klen)
            return 0;
        const unsigned char *s = (const unsigned char *)a->text + t->start;
        if (fold) {
            for (size_t c = 0; c < tl; c++)
                if (lower(s[c]) != (unsigned char)key[p + c])
                    return 0;
        } else if (memcmp(s, key + p, tl)) {
            return 0;
        }
        p += tl;
    }
    return p == klen;
}

static const gform *find_tokens(const nerq_gazetteer *g, const gtable *t, const nerq_article *a, size_t i,
                                size_t k, int fold, uint64_t h)
{
    if (!t->cap || !nerq_gaz_filter_has(t, h))
        return NULL;
    for (size_t j = h & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
        const gslot *sl = &t->slots[j];
        if (!sl->idx)
            return NULL;
        if (sl->hash == h) {
            const gform *f = &t->forms.v[sl->idx - 1];
            if (key_is_tokens(g->keys.data + f->key_off, f->klen, a, i, k, fold))
                return f;
        }
    }
}

/* The form for key s[0..n), created if absent. */
static gform *table_get(nerq_gazetteer *g, gtable *t, const char *s, size_t n)
{
    uint64_t h = nerq_gaz_hash_bytes(s, n);
    const gform *found = find_key(g, t, s, n, h);
    if (found)
        return (gform *)found;
    if ((t->forms.n + 1) * 2 > t->cap)
        table_grow(t, g->keys.data);
    gform *f = NERQ_VEC_PUSH(t->forms);
    memset(f, 0, sizeof *f);
    f->hash = h;
    f->key_off = (uint32_t)g->keys.len;
    f->klen = (uint32_t)n;
    nerq_buf_put(&g->keys, s, n);
    size_t j = h & (t->cap - 1);
    while (t->slots[j].idx)
        j = (j + 1) & (t->cap - 1);
    t->slots[j].hash = h;
    t->slots[j].idx = (uint32_t)t->forms.n;
    nerq_gaz_filter_set(t, h);
    if (n && s[0] >= 'a' && s[0] <= 'z')
        nerq_gaz_lower_set(t, h);
    return f;
}

static void table_free(gtable *t)
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

/* Build the key of tokens [i, i+k) of article a into b. */
static void make_key(nerq_buf *b, const nerq_article *a, size_t i, size_t k, int fold)
{
    b->len = 0;
    for (size_t j = i; j < i + k; j++) {
        const nerq_token *t = &a->tokens.v[j];
        if (j > i)
            nerq_buf_putc(b, ' ');
        size_t n = t->end - t->start;
        nerq_buf_put(b, a->text + t->start, n);
        if (fold)
            for (size_t c = b->len - n; c < b->len; c++)
                b->data[c] = (char)lower((unsigned char)b->data[c]);
    }
    if (!b->data)
        nerq_buf_grow(b, 1);
}

/* Call fn(g, word) for each word but the first of key (words: between single spaces). */
static void later_words(nerq_gazetteer *g, const char *key, size_t klen, void (*fn)(nerq_gazetteer *, uint64_t))
{
    const char *end = key + klen, *p = memchr(key, ' ', klen);
    while (p) {
        const char *w = p + 1, *q = memchr(w, ' ', (size_t)(end - w));
        fn(g, nerq_gaz_hash_bytes(w, (size_t)((q ? q : end) - w)));
        p = q;
    }
}

static void later_set(nerq_gazetteer *g, uint64_t h)
{
    size_t b = nerq_gaz_later_bit(h, g->later_bits);
    g->later[b >> 6] |= 1ULL << (b & 63);
}

static void later_count(nerq_gazetteer *g, uint64_t h)
{
    (void)h;
    g->later_n++;
}

/* A new form's later words go into g->later, which is made anew (from every form) twice
 * as large when it gets too full to turn words away. */
static void later_add(nerq_gazetteer *g, const char *key, size_t klen)
{
    size_t n0 = g->later_n;
    later_words(g, key, klen, later_count);
    if (g->later_n == n0)
        return;
    if (g->later && g->later_n * 16 <= g->later_bits) {
        later_words(g, key, klen, later_set);
        return;
    }
    size_t bits = g->later_bits ? g->later_bits : 4096;
    while (bits < g->later_n * 16)
        bits *= 2;
    free(g->later);
    g->later = calloc(bits / 64, sizeof *g->later);
    if (!g->later)
        abort();
    g->later_bits = bits;
    const gtable *ts[2] = {&g->forms, &g->folded};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < ts[k]->forms.n; i++)
            later_words(g, g->keys.data + ts[k]->forms.v[i].key_off, ts[k]->forms.v[i].klen, later_set);
}

static void add_form(nerq_gazetteer *g, gtable *forms, gtable *firsts, const char *key, size_t klen,
                     size_t first_len, uint32_t ntok, uint32_t e)
{
    gform *f = table_get(g, forms, key, klen);
    if (!f->n) /* a new form (key is in g->keys now) */
        later_add(g, g->keys.data + f->key_off, klen);
    for (uint32_t k = 0; k < f->n; k++)
        if (g->hits.v[f->hit_off + k] == e)
            return; /* an alias equal to the canonical name, say */
    if (f->n && f->hit_off + f->n != g->hits.n) {
        /* Not at the end of the hit array: move the (short, rare) list there first. */
        uint32_t off = (uint32_t)g->hits.n;
        NERQ_VEC_RESERVE(g->hits, g->hits.n + f->n + 1);
        memcpy(g->hits.v + off, g->hits.v + f->hit_off, f->n * sizeof *g->hits.v);
        g->hits.n += f->n;
        f->hit_off = off;
    }
    if (!f->n)
        f->hit_off = (uint32_t)g->hits.n;
    *NERQ_VEC_PUSH(g->hits) = e;
    f->n++;
    gform *fi = table_get(g, firsts, key, first_len);
    if (ntok > fi->max_tokens)
        fi->max_tokens = ntok;
}

static int add_index(nerq_gazetteer *g, const char *text, uint32_t e, nerq_err *err)
{
    nerq_article *a = g->scratch;
    nerq_article_reset(a);
    a->text = (char *)text;
    a->text_len = (uint32_t)strlen(text);
    int rc = nerq_tokenize(g->tk, a, err);
    a->text = NULL;
    a->text_len = 0;
    if (rc != 0)
        return -1;
    if (!a->tokens.n)
        return 0;
    size_t ntok = a->tokens.n;
    if (ntok > NERQ_GAZ_MAX_TOKENS) {
        nerq_err_set(err, "name of %zu tokens (the limit is %d)", ntok, NERQ_GAZ_MAX_TOKENS);
        return -1;
    }
    a->text = (char *)text;
    make_key(&g->key, a, 0, ntok, 0);
    size_t first_len = a->tokens.v[0].end - a->tokens.v[0].start;
    add_form(g, &g->forms, &g->firsts, g->key.data, g->key.len, first_len, (uint32_t)ntok, e);
    /* A folded form for text in capitals; short forms (US, AP) are left out: in capitals
     * they are too often ordinary words. */
    if (strlen(text) >= 4) {
        make_key(&g->key, a, 0, ntok, 1);
        add_form(g, &g->folded, &g->ffirsts, g->key.data, g->key.len, first_len, (uint32_t)ntok, e);
    }
    a->text = NULL;
    return 0;
}

int nerq_gazetteer_add(nerq_gazetteer *g, const char *text, const nerq_gaz_entry *e, nerq_err *err)
{
    uint32_t idx;
    if (g->map) {
        nerq_err_set(err, "a compiled (cached) gazetteer cannot be extended");
        return -1;
    }
    if (g->entries.n && e >= g->entries.v && e < g->entries.v + g->entries.n) { /* no NULL + 0 */
        idx = (uint32_t)(e - g->entries.v);
    } else if (e == g->last_ext && g->entries.n) {
        idx = g->last_ext_idx;
    } else {
        idx = (uint32_t)g->entries.n;
        *NERQ_VEC_PUSH(g->entries) = *e;
        g->last_ext = e;
        g->last_ext_idx = idx;
    }
    return add_index(g, text, idx, err);
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
        uint32_t idx = (uint32_t)g->entries.n;
        nerq_gaz_entry *e = NERQ_VEC_PUSH(g->entries);
        memset(e, 0, sizeof *e);
        e->type = nerq_arena_strdup(g->arena, fields[0]);
        e->id = strcmp(fields[1], "-") ? nerq_arena_strdup(g->arena, fields[1]) : NULL;
        e->canonical = nerq_arena_strdup(g->arena, fields[2]);
        e->attrs = nf >= 5 && strcmp(fields[4], "-") ? nerq_arena_strdup(g->arena, fields[4]) : "";
        e->file = file;
        e->line = f.lines.v[i].lineno;
        rc = add_index(g, fields[2], idx, err);
        if (nf >= 4 && strcmp(fields[3], "-") != 0) {
            char *al = fields[3];
            while (rc == 0 && al) {
                char *bar = strchr(al, '|');
                if (bar)
                    *bar = '\0';
                if (*al)
                    rc = add_index(g, al, idx, err);
                al = bar ? bar + 1 : NULL;
            }
        }
        if (rc != 0) {
            char msg[sizeof err->msg];
            memcpy(msg, err->msg, sizeof msg);
            nerq_err_set(err, "%s:%d: %.400s", f.path, f.lines.v[i].lineno, msg);
        }
    }
    nerq_rule_file_free(&f);
    return rc;
}

nerq_gazetteer *nerq_gazetteer_build(const char *dir, nerq_tokenizer *tk, nerq_err *err)
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
    free(g->entries.v);
    free(g->forms.filter);
    free(g->folded.filter);
    free(g->firsts.filter);
    free(g->ffirsts.filter);
    if (g->map) {
        nerq_gaz_unmap(g);
    } else {
        free(g->later);
        free(g->hits.v);
        nerq_buf_free(&g->keys);
        table_free(&g->forms);
        table_free(&g->folded);
        table_free(&g->firsts);
        table_free(&g->ffirsts);
    }
    nerq_arena_free(g->arena);
    nerq_article_free(g->scratch);
    nerq_buf_free(&g->key);
    free(g);
}

size_t nerq_gazetteer_size(const nerq_gazetteer *g) { return g->entries.n; }

size_t nerq_gazetteer_first_later(const nerq_gazetteer *g, const nerq_article *a, size_t i, int fold, int *later)
{
    const gtable *firsts = fold ? &g->ffirsts : &g->firsts;
    const nerq_token *t = &a->tokens.v[i];
    const unsigned char *s = (const unsigned char *)a->text + t->start;
    uint64_t h = FNV_OFFSET;
    int space = 0;
    for (uint32_t c = 0; c < t->end - t->start; c++) {
        space |= s[c] == ' ';
        h = fnv_step(h, fold ? lower(s[c]) : s[c]);
    }
    uint64_t h1 = mix(h);
    *later = 0;
    if (g->later) {
        size_t b = nerq_gaz_later_bit(h1, g->later_bits);
        /* a token with a space is never split like this in a key: let the match decide */
        *later = space || ((g->later[b >> 6] >> (b & 63)) & 1);
    }
    if (!firsts->cap)
        return 0;
    if (!fold && s[0] >= 'a' && s[0] <= 'z' && !nerq_gaz_lower_has(firsts, h1))
        return 0; /* a lower-case word that starts no name */
    const gform *fi = find_tokens(g, firsts, a, i, 1, fold, h1);
    return fi ? fi->max_tokens : 0;
}

size_t nerq_gazetteer_first(const nerq_gazetteer *g, const nerq_article *a, size_t i, int fold)
{
    int later;
    return nerq_gazetteer_first_later(g, a, i, fold, &later);
}

int nerq_gazetteer_later(const nerq_gazetteer *g, const nerq_article *a, size_t i, int fold)
{
    int later;
    nerq_gazetteer_first_later(g, a, i, fold, &later);
    return later;
}

/* The longest form of pass `fold` at token i, of at most max tokens (the first-token
 * table's bound) and not beyond limit. */
static size_t match_pass(const nerq_gazetteer *g, const nerq_article *a, size_t i, size_t limit, int fold,
                         size_t max, nerq_gaz_hits *out)
{
    uint64_t hk[NERQ_GAZ_MAX_TOKENS + 1];
    const gtable *forms = fold ? &g->folded : &g->forms;
    /* FNV over the tokens joined by spaces, keeping the hash after each token. */
    uint64_t h = FNV_OFFSET;
    const nerq_token *t = &a->tokens.v[i];
    const unsigned char *s = (const unsigned char *)a->text + t->start;
    for (uint32_t c = 0; c < t->end - t->start; c++)
        h = fnv_step(h, fold ? lower(s[c]) : s[c]);
    if (max > NERQ_GAZ_MAX_TOKENS)
        max = NERQ_GAZ_MAX_TOKENS;
    if (i + max > limit)
        max = limit - i;
    hk[1] = h;
    for (size_t k = 2; k <= max; k++) {
        h = fnv_step(h, ' ');
        t = &a->tokens.v[i + k - 1];
        s = (const unsigned char *)a->text + t->start;
        for (uint32_t c = 0; c < t->end - t->start; c++)
            h = fnv_step(h, fold ? lower(s[c]) : s[c]);
        hk[k] = h;
    }
    for (size_t k = max; k >= 1; k--) {
        const gform *f = find_tokens(g, forms, a, i, k, fold, mix(hk[k]));
        if (f) {
            out->base = g->entries.v;
            out->idx = g->hits.v + f->hit_off;
            out->n = f->n;
            return k;
        }
    }
    return 0;
}

size_t nerq_gazetteer_match_from(const nerq_gazetteer *g, const nerq_article *a, size_t i, size_t limit,
                                 int fold, const uint8_t first[2], nerq_gaz_hits *out)
{
    for (int pass = 0; pass < (fold ? 2 : 1); pass++) {
        size_t k = first[pass] ? match_pass(g, a, i, limit, pass, first[pass], out) : 0;
        if (k)
            return k;
    }
    return 0;
}

size_t nerq_gazetteer_match_all(const nerq_gazetteer *g, const nerq_article *a, size_t i,
                                size_t limit, int fold, nerq_gaz_hits *out)
{
    for (int pass = 0; pass < (fold ? 2 : 1); pass++) {
        size_t max = nerq_gazetteer_first(g, a, i, pass);
        size_t k = max ? match_pass(g, a, i, limit, pass, max, out) : 0;
        if (k)
            return k;
    }
    return 0;
}

size_t nerq_gazetteer_match(const nerq_gazetteer *g, const nerq_article *a, size_t i, size_t limit,
                            int fold, const nerq_gaz_entry **out)
{
    nerq_gaz_hits h;
    size_t k = nerq_gazetteer_match_all(g, a, i, limit, fold, &h);
    if (k)
        *out = nerq_gaz_hit(&h, 0);
    return k;
}

const nerq_gaz_entry *nerq_gazetteer_lookup(const nerq_gazetteer *g, const char *s, size_t n)
{
    const gform *f = find_key(g, &g->forms, s, n, nerq_gaz_hash_bytes(s, n));
    return f ? &g->entries.v[g->hits.v[f->hit_off]] : NULL;
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
