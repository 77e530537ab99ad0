/* xxh3_avx2.c: XXH3-64 built for AVX2. The Makefile compiles this file alone with
 * -mavx2 (on x86-64), and file.c calls it only when the CPU has AVX2: nothing else here
 * may run on a CPU without. Elsewhere (another compiler, another machine) it is the
 * plain build, which hashes the same. */
#include "nerq.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

uint64_t nerq_xxh3_avx2(const void *s, size_t n, uint64_t seed) { return XXH3_64bits_withSeed(s, n, seed); }
