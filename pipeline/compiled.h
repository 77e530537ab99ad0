/* compiled.h: compiled caches, files that hold tables built from rule and gazetteer files
 * so that a process maps them instead of parsing the sources again (compiled.c). Used by
 * gazetteer_cache.c (the name lists) and entities.c (the entities lexicon). Internal to
 * libnerq. */
#ifndef NERQ_COMPILED_H
#define NERQ_COMPILED_H

#include "nerq.h"

/* A mapped cache file: its payload (8-byte aligned) and what to unmap. */
typedef struct nerq_cc_map {
    const char *data;
    size_t len;
    void *map;
    size_t map_len;
} nerq_cc_map;

/* 0 when the compiled caches are turned off (NERQ_GAZ_CACHE=0) or the program cannot
 * read its own bytes (/proc/self/exe), which every key covers. */
int nerq_cc_enabled(void);
/* XXH3-64 of the program's own file (/proc/self/exe), low bit set; worked out once a
 * process, by whichever thread asks first. 0 when the file cannot be read. */
uint64_t nerq_program_hash(void);
/* The start of a key: the program's bytes, magic (the format and its version), nerq's
 * version. Continue it with nerq_cc_hash and nerq_cc_hash_file over the sources. */
uint64_t nerq_cc_key(const char *magic);
/* Continue hash h over s[0..n) (XXH3-64 seeded with h). */
uint64_t nerq_cc_hash(uint64_t h, const void *s, size_t n);
/* Continue h over the name and the bytes of dir/name (a missing file hashes as such and
 * sets *missing when given). buf is scratch. -1 if the file exists but cannot be read. */
int nerq_cc_hash_file(uint64_t *h, const char *dir, const char *name, nerq_buf *buf, int *missing);
/* The cache file KIND-KEY.bin in $NERQ_CACHE_DIR, else $XDG_CACHE_HOME/nerq, else
 * $HOME/.cache/nerq (the folder is made if need be); NULL when there is none. Free it. */
char *nerq_cc_path(const char *kind, uint64_t key);
/* Map path and check it: magic (8 bytes, carries the format version), key, the file's
 * size and a checksum of the payload. 0, or -1 when the file is missing, truncated,
 * stale or corrupt (never trusted then: the caller builds from the sources). */
int nerq_cc_open(nerq_cc_map *m, const char *path, const char *magic, uint64_t key);
void nerq_cc_close(nerq_cc_map *m);
/* Write payload under path atomically (a unique temporary file in the same folder,
 * renamed), so that concurrent processes and threads only ever see whole files. Errors
 * are ignored: the cache is an optimisation. */
void nerq_cc_write(const char *path, const char *magic, uint64_t key, const void *payload, size_t len);
/* Append n bytes to b, then zeros up to a multiple of 8 (payloads are built this way). */
void nerq_cc_put(nerq_buf *b, const void *p, size_t n);
/* A flat hash table as it is compiled: cap slots of slot_size bytes (cap a power of two,
 * at most half of them used: n) and the pool of bytes they point into. */
typedef struct {
    const void *slots;
    size_t cap, n, slot_size;
    const char *pool;
    size_t pool_len;
} nerq_cc_table;
/* t as a payload, replacing out's bytes. */
void nerq_cc_table_save(nerq_buf *out, const nerq_cc_table *t);
/* t over a payload written by nerq_cc_table_save (pointing into m); -1 when its sizes do
 * not add up or its slots are not slot_size bytes. */
int nerq_cc_table_load(const nerq_cc_map *m, size_t slot_size, nerq_cc_table *t);
/* n rounded up to a multiple of 8. */
static inline size_t nerq_cc_align(size_t n) { return (n + 7) & ~(size_t)7; }

#endif
