/* nerq-ingest: starts the chain. Walks DIR (or reads the files listed) and writes one
 * ingest record per article to stdout: an error record for a file that cannot be read. */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: nerq-ingest [--rules DIR] DIR\n"
    "\n"
    "Walks DIR recursively (sorted, hidden entries skipped) and writes one JSONL record per\n"
    ".txt/.md/.html article to stdout: id, format, encoding, title, date, author, the\n"
    "normalised text and the offset map back to the file's bytes. A file that cannot be\n"
    "read gives an error record {\"id\", \"error\", \"stage\"}; the exit status is then 1.\n";

int main(int argc, char **argv)
{
    const char *prog = "nerq-ingest";
    nerq_config cfg;
    nerq_config_default(&cfg);
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("%s %s\n", prog, NERQ_VERSION);
            return 0;
        }
        if (nerq_cli_config_opt(argc, argv, &i, &cfg))
            continue;
        if (argv[i][0] == '-' || dir) {
            fprintf(stderr, "%s: unexpected argument %s (see --help)\n", prog, argv[i]);
            return 2;
        }
        dir = argv[i];
    }
    if (!dir) {
        fputs(usage, stderr);
        return 2;
    }
    nerq_err err = {{0}};
    nerq_ingest *g = nerq_ingest_new(&cfg, &err);
    if (!g) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 2;
    }
    nerq_filelist files;
    if (nerq_walk(dir, &files, stderr, &err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        nerq_ingest_free(g);
        return 2;
    }
    nerq_article *a = nerq_article_new();
    nerq_buf out = {0};
    int failed = 0;
    for (size_t i = 0; i < files.n; i++) {
        err.msg[0] = '\0';
        if (nerq_ingest_file(g, a, dir, files.paths[i], &err) != 0) {
            fprintf(stderr, "%s: %s/%s: %s\n", prog, dir, files.paths[i], err.msg);
            failed = 1;
        }
        out.len = 0;
        nerq_record_write(&out, a);
        if (nerq_cli_write(stdout, &out) != 0) {
            failed = 1;
            break;
        }
    }
    failed |= nerq_cli_close_stdout(prog) != 0;
    nerq_buf_free(&out);
    nerq_article_free(a);
    nerq_filelist_free(&files);
    nerq_ingest_free(g);
    return failed ? 1 : 0;
}
