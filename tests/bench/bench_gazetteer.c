/* bench_gazetteer: load and match times of a gazetteer folder.
 *   bench_gazetteer GAZDIR CORPUS_DIR [BASE_GAZDIR]
 * Prints the load time (wall clock), then the CPU time of the entities stage over the
 * corpus (tokenised in memory first) with that folder's lists, best of 9. With
 * BASE_GAZDIR, the stage with those lists runs too, in turn with the other (so that both
 * meet the same spells of a busy host), and the line ends with how much slower GAZDIR's
 * lists match, the median over the rounds: the figure the gazetteer bar is about. */
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: bench_gazetteer GAZDIR CORPUS_DIR [BASE_GAZDIR]\n", stderr);
        return 2;
    }
    nerq_config cfg;
    nerq_config_default(&cfg);
    cfg.gazetteers_dir = argv[1];
    nerq_err err = {{0}};
    nerq_tokenizer *tk = nerq_tokenizer_new(&cfg, &err);
    double t = now();
    nerq_gazetteer *g = tk ? nerq_gazetteer_load(argv[1], tk, &err) : NULL;
    double load = now() - t;
    if (!g) {
        fprintf(stderr, "bench_gazetteer: %s\n", err.msg);
        return 2;
    }
    size_t n = nerq_gazetteer_size(g);
    nerq_gazetteer_free(g);
    /* the entities stage as a whole (it loads the lists again: timed apart) */
    t = now();
    nerq_entities *e = nerq_entities_new(&cfg, &err);
    double setup = now() - t;
    nerq_ingest *in = nerq_ingest_new(&cfg, &err);
    nerq_filelist fl;
    if (!e || !in || nerq_walk(argv[2], &fl, NULL, &err) != 0) {
        fprintf(stderr, "bench_gazetteer: %s\n", err.msg);
        return 2;
    }
    nerq_article **arts = calloc(fl.n + 1, sizeof *arts);
    size_t bytes = 0;
    for (size_t i = 0; i < fl.n; i++) {
        arts[i] = nerq_article_new();
        nerq_ingest_file(in, arts[i], argv[2], fl.paths[i], &err);
        nerq_tokenize(tk, arts[i], &err);
        arts[i]->stages |= NERQ_ST_TOKENIZE;
        bytes += arts[i]->raw_bytes;
    }
    nerq_entities *base = NULL;
    if (argc > 3) {
        nerq_config bcfg = cfg;
        bcfg.gazetteers_dir = argv[3];
        if (!(base = nerq_entities_new(&bcfg, &err))) {
            fprintf(stderr, "bench_gazetteer: %s\n", err.msg);
            return 2;
        }
    }
    /* ROUNDS rounds; with a base, each round times both (in alternating order) and keeps
     * their ratio: the two runs of a round meet the same spell of the host, so the
     * median ratio is steadier than the ratio of the two best times */
    enum { ROUNDS = 9 };
    double best = 1e9, best_base = 1e9, ratio[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        double d[2] = {0, 0};
        for (int j = 0; j < (base ? 2 : 1); j++) {
            int k = base ? (j + r) % 2 : 0;
            nerq_entities *x = k ? base : e;
            t = cpu();
            for (size_t i = 0; i < fl.n; i++)
                nerq_entities_run(x, arts[i], &err);
            d[k] = cpu() - t;
        }
        if (d[0] < best)
            best = d[0];
        if (base && d[1] < best_base)
            best_base = d[1];
        ratio[r] = base ? d[0] / d[1] : 1;
    }
    qsort(ratio, ROUNDS, sizeof *ratio, by_value);
    printf("%9zu entries: load %.3f s (entities stage set-up %.3f s), match %.3f s = %.1f MB/s", n, load, setup,
           best, (double)bytes / 1e6 / best);
    if (base)
        printf(", %+.0f%% against %s/ (%.3f s; median of %d rounds run in turn)", (ratio[ROUNDS / 2] - 1) * 100,
               argv[3], best_base, ROUNDS);
    putchar('\n');
    nerq_entities_free(base);
    for (size_t i = 0; i < fl.n; i++)
        nerq_article_free(arts[i]);
    free(arts);
    nerq_filelist_free(&fl);
    nerq_entities_free(e);
    nerq_ingest_free(in);
    nerq_tokenizer_free(tk);
    return 0;
}
