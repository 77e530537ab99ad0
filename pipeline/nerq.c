/* nerq: the driver. `nerq run DIR -o OUTDIR` chains the stage functions in one process
 * (no JSON between stages) and writes OUTDIR/articles.jsonl, byte-identical to the filter
 * chain nerq-ingest DIR | nerq-tokenize | nerq-entities | nerq-quotes | nerq-attribute. */

#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char usage[] =
    "usage: nerq run DIR [-o OUTDIR] [--rules DIR] [--gazetteers DIR] [--quiet]\n"
    "       nerq export --format F RECORDS -o DEST   (nerq export --help)\n"
    "       nerq stats OUTDIR                        (nerq stats --help)\n"
    "       nerq report OUTDIR -o DIR                (nerq report --help)\n"
    "       nerq --help | --version\n"
    "\n"
    "run   annotates every article under DIR (.txt .md .html, recursively) with all stages\n"
    "      and writes OUTDIR/articles.jsonl (default OUTDIR: out), one record per article\n"
    "      in path order; articles that fail become error records and the exit status is 1.\n"
    "      Exit status 2 on a usage or set-up error.\n";

static const nerq_stage *const stages[] = {&nerq_stage_tokenize, &nerq_stage_entities, &nerq_stage_quotes,
                                          &nerq_stage_attribute};
#define NSTAGES (sizeof stages / sizeof stages[0])

static int cmd_run(int argc, char **argv)
{
    const char *prog = "nerq run";
    nerq_config cfg;
    nerq_config_default(&cfg);
    const char *dir = NULL, *outdir = "out";
    int quiet = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            outdir = argv[++i];
        else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
            quiet = 1;
        else if (nerq_cli_config_opt(argc, argv, &i, &cfg))
            continue;
        else if (argv[i][0] == '-' || dir) {
            fprintf(stderr, "%s: unexpected argument %s (see nerq --help)\n", prog, argv[i]);
            return 2;
        } else
            dir = argv[i];
    }
    if (!dir) {
        fputs(usage, stderr);
        return 2;
    }
    nerq_err err = {{0}};
    nerq_ingest *g = nerq_ingest_new(&cfg, &err);
    void *ctx[NSTAGES] = {0};
    int setup_ok = g != NULL;
    for (size_t s = 0; s < NSTAGES && setup_ok; s++)
        setup_ok = (ctx[s] = stages[s]->create(&cfg, &err)) != NULL;
    nerq_filelist files = {0};
    if (setup_ok && nerq_walk(dir, &files, stderr, &err) != 0)
        setup_ok = 0;
    if (setup_ok && mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        nerq_err_set(&err, "%s: %s", outdir, strerror(errno));
        setup_ok = 0;
    }
    char *path = NULL, *tmp = NULL;
    FILE *out = NULL;
    if (setup_ok) {
        size_t pl = strlen(outdir) + 32;
        path = malloc(pl);
        tmp = malloc(pl);
        if (!path || !tmp)
            abort();
        snprintf(path, pl, "%s/articles.jsonl", outdir);
        snprintf(tmp, pl, "%s/articles.jsonl.tmp", outdir);
        out = fopen(tmp, "wb");
        if (!out) {
            nerq_err_set(&err, "%s: %s", tmp, strerror(errno));
            setup_ok = 0;
        }
    }
    int rc = 0;
    if (!setup_ok) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        rc = 2;
        goto done;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    nerq_article *a = nerq_article_new();
    nerq_buf buf = {0};
    size_t failed = 0, bytes = 0;
    for (size_t i = 0; i < files.n; i++) {
        err.msg[0] = '\0';
        int bad = nerq_ingest_file(g, a, dir, files.paths[i], &err) != 0;
        bytes += a->raw_bytes;
        for (size_t s = 0; s < NSTAGES && !bad; s++)
            bad = nerq_stage_apply(stages[s], ctx[s], a) != 0;
        if (bad) {
            fprintf(stderr, "%s: %s/%s: %s\n", prog, dir, files.paths[i], a->error);
            failed++;
        }
        buf.len = 0;
        nerq_record_write(&buf, a);
        if (nerq_cli_write(out, &buf) != 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
            rc = 2;
            break;
        }
    }
    if (fclose(out) != 0 && rc == 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
        rc = 2;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        rc = 2;
    }
    if (rc != 0)
        remove(tmp);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!quiet)
        fprintf(stderr, "nerq: %zu articles (%zu failed), %.1f MB in %.2f s (%.1f MB/s) -> %s\n", files.n,
                failed, (double)bytes / 1e6, secs, secs > 0 ? (double)bytes / 1e6 / secs : 0.0, path);
    if (rc == 0 && failed)
        rc = 1;
    nerq_buf_free(&buf);
    nerq_article_free(a);
done:
    free(path);
    free(tmp);
    nerq_filelist_free(&files);
    for (size_t s = 0; s < NSTAGES; s++)
        if (ctx[s])
            stages[s]->destroy(ctx[s]);
    nerq_ingest_free(g);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("nerq %s\n", NERQ_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc, argv);
    if (!strcmp(argv[1], "export"))
        return nerq_cmd_export(argc - 1, argv + 1);
    if (!strcmp(argv[1], "stats"))
        return nerq_cmd_stats(argc - 1, argv + 1);
    if (!strcmp(argv[1], "report"))
        return nerq_cmd_report(argc - 1, argv + 1);
    fprintf(stderr, "nerq: unknown command %s (see nerq --help)\n", argv[1]);
    return 2;
}
