/* cli.c: the record-filter loop every stage program runs, and shared option parsing.
 * Errors are reported as `nerq-STAGE: FILE:LINE: message`; the bad record is skipped
 * (or becomes an error record when the stage fails on it), the next one goes on, and the
 * exit status is 1 when anything failed. */

#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int nerq_cli_config_opt(int argc, char **argv, int *i, nerq_config *c)
{
    if (!strcmp(argv[*i], "--rules") && *i + 1 < argc) {
        c->rules_dir = argv[++*i];
        return 1;
    }
    if (!strcmp(argv[*i], "--gazetteers") && *i + 1 < argc) {
        c->gazetteers_dir = argv[++*i];
        return 1;
    }
    return 0;
}

int nerq_cli_write(FILE *f, const nerq_buf *b)
{
    return b->len && fwrite(b->data, 1, b->len, f) != b->len ? -1 : 0;
}

int nerq_cli_close_stdout(const char *prog)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: stdout: %s\n", prog, strerror(errno));
        return -1;
    }
    return 0;
}

static int filter_stream(FILE *in, const char *name, const nerq_stage *s, void *ctx, const char *prog,
                         nerq_article *a, nerq_buf *out)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int failed = 0;
    while ((n = getline(&line, &cap, in)) != -1) {
        lineno++;
        int complete = n > 0 && line[n - 1] == '\n';
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (!len)
            continue;
        nerq_err err = {{0}};
        if (nerq_record_read(a, line, len, &err) != 0) {
            fprintf(stderr, "%s: %s:%ld: %s%s, record skipped\n", prog, name, lineno, err.msg,
                    complete ? "" : " (truncated last line)");
            failed = 1;
            continue;
        }
        if (nerq_stage_apply(s, ctx, a) != 0) {
            fprintf(stderr, "%s: %s:%ld: %s: %s\n", prog, name, lineno, a->id ? a->id : "?", a->error);
            failed = 1;
        }
        out->len = 0;
        nerq_record_write(out, a);
        if (nerq_cli_write(stdout, out) != 0) {
            fprintf(stderr, "%s: stdout: %s\n", prog, strerror(errno));
            free(line);
            return -2;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "%s: %s: read error: %s\n", prog, name, strerror(errno));
        failed = 1;
    }
    free(line);
    return failed ? -1 : 0;
}

int nerq_filter_main(int argc, char **argv, const nerq_stage *s, const char *usage)
{
    char prog[64];
    snprintf(prog, sizeof prog, "nerq-%s", s->name);
    nerq_config cfg;
    nerq_config_default(&cfg);
    NERQ_VEC(const char *) files = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            free(files.v);
            return 0;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("%s %s\n", prog, NERQ_VERSION);
            free(files.v);
            return 0;
        }
        if (nerq_cli_config_opt(argc, argv, &i, &cfg))
            continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "%s: unknown option %s (see --help)\n", prog, argv[i]);
            free(files.v);
            return 2;
        }
        *NERQ_VEC_PUSH(files) = argv[i];
    }
    nerq_err err = {{0}};
    void *ctx = s->create(&cfg, &err);
    if (!ctx) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        free(files.v);
        return 2;
    }
    nerq_article *a = nerq_article_new();
    nerq_buf out = {0};
    int failed = 0;
    if (!files.n) {
        int rc = filter_stream(stdin, "<stdin>", s, ctx, prog, a, &out);
        failed |= rc != 0;
    }
    for (size_t i = 0; i < files.n; i++) {
        FILE *f = strcmp(files.v[i], "-") ? fopen(files.v[i], "rb") : stdin;
        if (!f) {
            fprintf(stderr, "%s: %s: %s\n", prog, files.v[i], strerror(errno));
            failed = 1;
            continue;
        }
        int rc = filter_stream(f, f == stdin ? "<stdin>" : files.v[i], s, ctx, prog, a, &out);
        if (f != stdin)
            fclose(f);
        failed |= rc != 0;
        if (rc == -2)
            break;
    }
    failed |= nerq_cli_close_stdout(prog) != 0;
    nerq_buf_free(&out);
    nerq_article_free(a);
    s->destroy(ctx);
    free(files.v);
    return failed ? 1 : 0;
}
