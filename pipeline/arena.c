/* arena.c: a chunked bump allocator; an article's strings live in one and are freed
 * together, so no stage frees (or leaks) a string of its own. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
} chunk;

struct nerq_arena {
    chunk *head;
};

nerq_arena *nerq_arena_new(void)
{
    nerq_arena *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    return a;
}

/* n bytes from the newest chunk, at its end rounded up to a multiple of align (a power
 * of two), or from a new chunk. */
static void *take(nerq_arena *a, size_t n, size_t align)
{
    chunk *c = a->head;
    size_t off = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || off > c->cap || c->cap - off < n) {
        size_t cap = 64 * 1024;
        if (n > cap / 4)
            cap = n;
        chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            abort();
        nc->used = 0;
        nc->cap = cap;
        if (c && n == cap && c->cap - c->used >= 4096) {
            /* A big one-off allocation goes behind the current chunk, which stays in use. */
            nc->next = c->next;
            c->next = nc;
            nc->used = n;
            return (char *)nc->data;
        }
        nc->next = c;
        a->head = c = nc;
        off = 0;
    }
    c->used = off + n;
    return (char *)c->data + off;
}

void *nerq_arena_alloc(nerq_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!n)
        n = sizeof(max_align_t);
    return take(a, n, sizeof(max_align_t));
}

char *nerq_arena_strndup_packed(nerq_arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nerq_arena_strndup(nerq_arena *a, const char *s, size_t n)
{
    char *p = nerq_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nerq_arena_strdup(nerq_arena *a, const char *s)
{
    return s ? nerq_arena_strndup(a, s, strlen(s)) : NULL;
}

void nerq_arena_reset(nerq_arena *a)
{
    /* Keep the newest standard-size chunk for reuse; free the rest. */
    chunk *keep = NULL;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        if (!keep && c->cap == 64 * 1024) {
            keep = c;
            continue;
        }
        free(c);
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

void nerq_arena_free(nerq_arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}
