/* bench_tokenize: tokenizer-only throughput. Ingests every article under DIR into memory
 * first, then times nerq_tokenize alone over all of them, ROUNDS times, on one core.
 *
 *   build/bench/bench_tokenize DIR [ROUNDS]
 *
 * Prints the text bytes, token count and the best and median round in MB/s (1 MB = 1e6
 * bytes of normalised text), by CPU time of this thread (robust when the machine is shared)
 * and, for the best round, by wall-clock time. */
#define _POSIX_C_SOURCE 200809L
#include "nerq.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_tokenize DIR [ROUNDS]\n");
        return 2;
    }
    int rounds = argc == 3 ? atoi(argv[2]) : 10;
    if (rounds < 1 || rounds > 1000)
        rounds = 10;
    nerq_config c;
    nerq_config_default(&c);
    nerq_err err = {{0}};
    nerq_filelist fl = {0};
    if (nerq_walk(argv[1], &fl, NULL, &err) != 0) {
        fprintf(stderr, "bench_tokenize: %s: %s\n", argv[1], err.msg);
        return 1;
    }
    nerq_ingest *g = nerq_ingest_new(&c, &err);
    nerq_tokenizer *tk = nerq_tokenizer_new(&c, &err);
    if (!g || !tk) {
        fprintf(stderr, "bench_tokenize: %s\n", err.msg);
        return 1;
    }
    nerq_article **arts = calloc(fl.n ? fl.n : 1, sizeof *arts);
    size_t n = 0, bytes = 0;
    for (size_t i = 0; i < fl.n; i++) {
        nerq_article *a = nerq_article_new();
        if (nerq_ingest_file(g, a, argv[1], fl.paths[i], &err) != 0) {
            fprintf(stderr, "bench_tokenize: %s: %s\n", fl.paths[i], err.msg);
            nerq_article_free(a);
            continue;
        }
        bytes += a->text_len;
        arts[n++] = a;
    }
    double *secs = calloc((size_t)rounds, sizeof *secs), wall = 1e9;
    size_t tokens = 0;
    for (int r = 0; r < rounds; r++) {
        tokens = 0;
        double w0 = now(CLOCK_MONOTONIC), t0 = now(CLOCK_THREAD_CPUTIME_ID);
        for (size_t i = 0; i < n; i++) {
            nerq_tokenize(tk, arts[i], &err);
            tokens += arts[i]->tokens.n;
        }
        secs[r] = now(CLOCK_THREAD_CPUTIME_ID) - t0;
        double w = now(CLOCK_MONOTONIC) - w0;
        wall = w < wall ? w : wall;
    }
    qsort(secs, (size_t)rounds, sizeof *secs, cmp_double);
    printf("tokenize: %zu articles, %zu bytes, %zu tokens, %d rounds: best %.1f MB/s, median %.1f MB/s "
           "(CPU time); best %.1f MB/s wall-clock\n",
           n, bytes, tokens, rounds, (double)bytes / 1e6 / secs[0],
           (double)bytes / 1e6 / secs[rounds / 2], (double)bytes / 1e6 / wall);
    for (size_t i = 0; i < n; i++)
        nerq_article_free(arts[i]);
    free(arts);
    free(secs);
    nerq_tokenizer_free(tk);
    nerq_ingest_free(g);
    nerq_filelist_free(&fl);
    return 0;
}
