/* cmd_stats.c: `nerq stats OUTDIR`: prints the run's summary tables (stats.c) and writes
 * each as CSV, by default into OUTDIR/stats/. */
#include "commands.h"
#include "export.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: nerq stats OUTDIR|RECORDS [-o CSVDIR] [--top N]\n"
    "\n"
    "Counts over a run's records (OUTDIR/articles.jsonl, or a records file, or - for stdin):\n"
    "the most quoted speakers, the most mentioned people, countries and organisations,\n"
    "quotes per article, and speaker x countries mentioned in the quote's paragraph.\n"
    "Prints the first N rows of each (default 10) and writes every row as CSV to CSVDIR\n"
    "(default: the records' folder/stats): speakers.csv people.csv countries.csv\n"
    "organisations.csv articles.csv speaker_countries.csv.\n";

static const char *prog = "nerq-stats";

static int add(void *ctx, nerq_article *a, const char *file, long line)
{
    (void)file;
    (void)line;
    nerq_stats_add(ctx, a);
    return 0;
}

/* The default CSV folder: next to the records file. */
static char *default_dir(const char *input)
{
    char *rec = nerq_cmd_records_path(input);
    char *slash = strrchr(rec, '/');
    size_t n = strlen(rec) + 16;
    char *d = malloc(n);
    if (!d)
        abort();
    if (!strcmp(rec, "-") || !slash)
        snprintf(d, n, "stats");
    else
        snprintf(d, n, "%.*s/stats", (int)(slash - rec), rec);
    free(rec);
    return d;
}

int nerq_cmd_stats(int argc, char **argv)
{
    const char *input = NULL, *outdir = NULL;
    long top = 10;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            outdir = argv[++i];
        } else if (!strcmp(argv[i], "--top") && i + 1 < argc) {
            char *end;
            top = strtol(argv[++i], &end, 10);
            if (*end || top < 0) {
                fprintf(stderr, "%s: --top wants a number, not %s\n", prog, argv[i]);
                return 2;
            }
        } else if ((argv[i][0] == '-' && argv[i][1]) || input) {
            fprintf(stderr, "%s: unexpected argument %s (see nerq stats --help)\n", prog, argv[i]);
            return 2;
        } else {
            input = argv[i];
        }
    }
    if (!input) {
        fputs(usage, stderr);
        return 2;
    }
    nerq_stats *s = nerq_stats_new();
    int rc = nerq_cmd_each_record(prog, input, add, s);
    if (rc == 2) {
        nerq_stats_free(s);
        return 2;
    }
    char *dir = outdir ? NULL : default_dir(input);
    const char *csvdir = outdir ? outdir : dir;
    nerq_err err = {{0}};
    if (nerq_cmd_mkdirs(csvdir, &err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        rc = 2;
    }
    uint32_t t[5];
    nerq_stats_totals(s, t);
    printf("%u articles (%u error records), %u mentions, %u quotes (%u attributed)\n\n", t[0], t[1], t[2],
           t[3], t[4]);
    nerq_buf b = {0};
    for (int k = 0; k < NERQ_TAB_COUNT && rc != 2; k++) {
        const nerq_stat_table *tab = nerq_stats_table(s, k);
        b.len = 0;
        nerq_stats_text(&b, tab, (size_t)top);
        fwrite(b.data, 1, b.len, stdout);
        b.len = 0;
        nerq_stats_csv(&b, tab);
        char *dirslash = nerq_cmd_cat(csvdir, "/", ""), *path = nerq_cmd_cat(dirslash, tab->name, ".csv");
        free(dirslash);
        if (nerq_cmd_write_file(path, &b, &err) != 0) {
            fprintf(stderr, "%s: %s\n", prog, err.msg);
            rc = 1;
        }
        free(path);
    }
    if (rc != 2)
        printf("CSV files: %s/\n", csvdir);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: stdout: write error\n", prog);
        rc = rc ? rc : 1;
    }
    nerq_buf_free(&b);
    free(dir);
    nerq_stats_free(s);
    return rc;
}
