/* nerq: the driver program. `nerq run` parses its options and hands over to nerq_run
 * (run.c), which chains the stage functions in worker threads and writes OUTDIR; its
 * records are byte-identical to the filter chain
 * nerq-ingest DIR | nerq-tokenize | nerq-entities | nerq-quotes | nerq-attribute.
 * `nerq export`, `nerq stats` and `nerq report` live in cmd_*.c (commands.h). */

#include "cli.h"
#include "commands.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: nerq run [DIR] [-o OUTDIR] [-j N] [--files-from FILE] [--force] [--no-cache]\n"
    "                [--keep-stages] [--quiet] [--rules DIR] [--gazetteers DIR]\n"
    "       nerq export --format F RECORDS -o DEST   (nerq export --help)\n"
    "       nerq stats OUTDIR                        (nerq stats --help)\n"
    "       nerq report OUTDIR -o DIR                (nerq report --help)\n"
    "       nerq --help | --version\n"
    "\n"
    "run   annotates every article under DIR (.txt .md .html, recursively) with all stages.\n"
    "  -o OUTDIR          output folder (default: out):\n"
    "                       articles.jsonl  full records, sorted by id\n"
    "                       errors.jsonl    one error record per article that failed\n"
    "                       mentions.jsonl, quotes.jsonl  one row per mention / quote\n"
    "                       manifest.json   version, rule and gazetteer hashes, counts, timings\n"
    "  -j N, --jobs N     worker threads (default: the number of cores); same output for any N\n"
    "  --files-from FILE  read the articles listed in FILE, one path a line (- = stdin),\n"
    "                     relative to DIR when DIR is given\n"
    "  --force            process every article again (default: reuse OUTDIR/.cache for\n"
    "                     articles whose bytes, rules, gazetteers and program are unchanged)\n"
    "  --no-cache         neither read nor write OUTDIR/.cache (one-off runs)\n"
    "  --keep-stages      also write OUTDIR/stages/STAGE.jsonl, each stage's records\n"
    "  -q, --quiet        no progress bar, no summary line\n"
    "  --rules DIR, --gazetteers DIR   (default: $NERQ_RULES, $NERQ_GAZETTEERS, else built in)\n"
    "\n"
    "Exit status: 0 all articles annotated, 1 some failed (see errors.jsonl), 2 usage or\n"
    "set-up error (outputs left as they were).\n";

static int cmd_run(int argc, char **argv)
{
    nerq_run_opts o = {.outdir = "out"};
    nerq_config_default(&o.cfg);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int has_arg = i + 1 < argc;
        if (!strcmp(a, "-o") && has_arg)
            o.outdir = argv[++i];
        else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && has_arg)
            o.jobs = atoi(argv[++i]);
        else if (!strncmp(a, "-j", 2) && a[2])
            o.jobs = atoi(a + 2);
        else if (!strcmp(a, "--files-from") && has_arg)
            o.files_from = argv[++i];
        else if (!strcmp(a, "--force"))
            o.force = 1;
        else if (!strcmp(a, "--no-cache"))
            o.no_cache = 1;
        else if (!strcmp(a, "--keep-stages"))
            o.keep_stages = 1;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            o.quiet = 1;
        else if (nerq_cli_config_opt(argc, argv, &i, &o.cfg))
            continue;
        else if (a[0] == '-' || o.dir) {
            fprintf(stderr, "nerq run: unexpected argument %s (see nerq --help)\n", a);
            return 2;
        } else
            o.dir = a;
        if (o.jobs < 0 || (o.jobs == 0 && (!strncmp(a, "-j", 2) || !strcmp(a, "--jobs")))) {
            fprintf(stderr, "nerq run: -j wants a number of workers, at least 1\n");
            return 2;
        }
    }
    if (!o.dir && !o.files_from) {
        fputs(usage, stderr);
        return 2;
    }
    return nerq_run(&o);
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
