/* file.c: the hashes the driver keys its cache and manifest with:
 * XXH3-64 for bulk bytes (articles, cache entries, rule files: it runs at memory speed,
 * where byte-at-a-time FNV cost a tenth of a run), FNV-1a 64 for short keys. Neither is a
 * defence against tampering, only a check that bytes changed.
 * XXH3 is built into nerq from Debian's xxhash.h (XXH_INLINE_ALL), not called in
 * libxxhash: that is built for any x86-64 and hashed 8 MB at 8.7 GB/s here, the inline
 * build at 15 GB/s, and the AVX2 build (xxh3_avx2.c), used when the CPU has AVX2, at
 * 31 GB/s. The hash values are the same whichever runs. */
#include "run.h"

#define XXH_INLINE_ALL
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

uint64_t nerq_hash64_seed(const void *s, size_t n, uint64_t seed)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (n > 240 && __builtin_cpu_supports("avx2")) /* shorter: no vector loop to speed up */
        return nerq_xxh3_avx2(s, n, seed);
#endif
    return XXH3_64bits_withSeed(s, n, seed);
}

uint64_t nerq_hash64(const void *s, size_t n) { return nerq_hash64_seed(s, n, 0); }

