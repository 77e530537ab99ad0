/* bench_stages: MB/s of each stage alone, in one process, over a folder of articles.
 * All files are read into memory first; each stage then runs over every article, the
 * best of R rounds is kept. MB are megabytes of the original files. Times are the
 * thread's CPU time (one core's throughput, whatever else the machine is doing).
 *   bench_stages DIR [ROUNDS]   (gazetteers/rules from the usual defaults or env) */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct {
    char *id, *data;
    size_t len;
} file;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_stages DIR [ROUNDS]\n", stderr);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    nerq_config cfg;
    nerq_config_default(&cfg);
    nerq_err err = {{0}};
    nerq_filelist fl;
    if (nerq_walk(argv[1], &fl, NULL, &err) != 0) {
        fprintf(stderr, "bench_stages: %s\n", err.msg);
        return 2;
    }
    file *files = calloc(fl.n + 1, sizeof *files);
    size_t total = 0;
    for (size_t i = 0; i < fl.n; i++) {
        nerq_buf b = {0};
        if (nerq_read_file(argv[1], fl.paths[i], &b, (size_t)1 << 30, &err) != 0)
            continue;
        files[i].id = fl.paths[i];
        files[i].data = b.data ? b.data : calloc(1, 1);
        files[i].len = b.len;
        total += b.len;
    }
    double t0 = now();
    nerq_ingest *g = nerq_ingest_new(&cfg, &err);
    const nerq_stage *st[] = {&nerq_stage_tokenize, &nerq_stage_entities, &nerq_stage_quotes, &nerq_stage_attribute};
    void *ctx[4];
    for (int s = 0; s < 4; s++)
        if (!(ctx[s] = st[s]->create(&cfg, &err))) {
            fprintf(stderr, "bench_stages: %s\n", err.msg);
            return 2;
        }
    double setup = now() - t0;
    nerq_article **arts = calloc(fl.n + 1, sizeof *arts);
    for (size_t i = 0; i < fl.n; i++)
        arts[i] = nerq_article_new();
    double best[7] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9};
    nerq_buf out = {0};
    for (int r = 0; r < rounds; r++) {
        double t = now();
        for (size_t i = 0; i < fl.n; i++)
            nerq_ingest_bytes(g, arts[i], files[i].id, files[i].data, files[i].len, &err);
        double d = now() - t;
        if (d < best[0])
            best[0] = d;
        for (int s = 0; s < 4; s++) {
            t = now();
            for (size_t i = 0; i < fl.n; i++) {
                arts[i]->stages &= ~st[s]->adds;
                nerq_stage_apply(st[s], ctx[s], arts[i]);
            }
            d = now() - t;
            if (d < best[1 + s])
                best[1 + s] = d;
        }
        t = now();
        out.len = 0;
        for (size_t i = 0; i < fl.n; i++)
            nerq_record_write(&out, arts[i]);
        d = now() - t;
        if (d < best[5])
            best[5] = d;
        /* reading the records back, as a filter does */
        t = now();
        nerq_article *rd = nerq_article_new();
        const char *p = out.data;
        while (p < out.data + out.len) {
            const char *nl = memchr(p, '\n', (size_t)(out.data + out.len - p));
            nerq_record_read(rd, p, (size_t)(nl - p), &err);
            p = nl + 1;
        }
        nerq_article_free(rd);
        d = now() - t;
        if (d < best[6])
            best[6] = d;
    }
    static const char *names[] = {"ingest", "tokenize", "entities", "quotes", "attribute", "write JSONL", "read JSONL"};
    printf("stages alone over %zu files, %.1f MB (CPU time, best of %d; set-up %.3f s):\n", fl.n, (double)total / 1e6, rounds, setup);
    double sum = 0;
    for (int s = 0; s < 7; s++) {
        printf("  %-12s %8.1f MB/s  (%.3f s)\n", names[s], (double)total / 1e6 / best[s], best[s]);
        if (s < 6)
            sum += best[s];
    }
    printf("  %-12s %8.1f MB/s  (all stages and the writer, one core)\n", "together", (double)total / 1e6 / sum);
    for (size_t i = 0; i < fl.n; i++) {
        nerq_article_free(arts[i]);
        free(files[i].data);
    }
    free(arts);
    free(files);
    nerq_buf_free(&out);
    for (int s = 0; s < 4; s++)
        st[s]->destroy(ctx[s]);
    nerq_ingest_free(g);
    nerq_filelist_free(&fl);
    return 0;
}
