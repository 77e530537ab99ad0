/* file.c: the hashes the driver keys its cache and manifest with:
 * XXH3-64 (Debian's libxxhash) for bulk bytes (articles, cache entries, rule files: it runs
 * at memory speed, where byte-at-a-time FNV cost a tenth of a run), FNV-1a 64 for short
 * keys. Neither is a defence against tampering, only a check that bytes changed. */
#include "run.h"

#include <xxhash.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t nerq_fnv1a(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t nerq_hash64(const void *s, size_t n) { return XXH3_64bits(s, n); }

