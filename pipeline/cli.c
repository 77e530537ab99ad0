/* cli.c: the record-filter loop every stage program runs, and shared option parsing.
 * Errors are reported as `nerq-STAGE: FILE:LINE: message`; the bad record is skipped
 * (or becomes an error record when the stage fails on it), the next one goes on, and the
 * exit status is 1 when anything failed. */

#include "cli.h"

#include <errno.h>
#include <jansson.h>
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

int nerq_cli_each_line(FILE *f, const char *name, const char *prog, nerq_cli_line_fn fn, void *ctx)
{
    nerq_lines *r = nerq_lines_new(f);
    nerq_buf line = {0};
    long lineno = 0;
    int failed = 0, rc, complete;
    uint64_t total;
    while ((rc = nerq_lines_next(r, &line, NERQ_MAX_RECORD, &complete, &total)) != NERQ_LINE_EOF) {
        lineno++;
        if (rc == NERQ_LINE_TOO_LONG) {
            fprintf(stderr, "%s: %s:%ld: line of %llu bytes is longer than the limit of %zu, skipped\n", prog, name,
                    lineno, (unsigned long long)total, NERQ_MAX_RECORD);
            failed = 1;
            continue;
        }
        size_t len = line.len;
        while (len && line.data[len - 1] == '\r')
            len--;
        if (!len)
            continue;
        int k = fn(ctx, line.data, len, name, lineno, complete);
        if (k < 0) {
            failed = -1;
            break;
        }
        failed |= k;
    }
    if (failed >= 0 && ferror(f)) {
        fprintf(stderr, "%s: %s: read error: %s\n", prog, name, strerror(errno));
        failed = 1;
    }
    nerq_buf_free(&line);
    nerq_lines_free(r);
    return failed;
}

int nerq_cli_close_stdout(const char *prog)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: stdout: %s\n", prog, strerror(errno));
        return -1;
    }
    return 0;
}

/* The id of a record from the start of its line, when the line starts as nerq writes
 * records ({"id":"...); a reset with a->id set, or 0. */
static int record_id(nerq_article *a, const char *s, size_t n)
{
    static const char head[] = "{\"id\":\"";
    if (n < sizeof head - 1 || memcmp(s, head, sizeof head - 1) != 0)
        return 0;
    size_t i = sizeof head - 1;
    while (i < n && s[i] != '"')
        i += s[i] == '\\' ? 2 : 1;
    if (i >= n)
        return 0;
    json_t *v = json_loadb(s + 6, i - 5, JSON_DECODE_ANY, NULL);
    int ok = json_is_string(v);
    if (ok) {
        nerq_article_reset(a);
        a->id = nerq_arena_strndup(a->arena, json_string_value(v), json_string_length(v));
    }
    json_decref(v);
    return ok;
}

/* Write a's record to stdout; -1 (reported) when stdout fails. */
static int put_record(nerq_buf *out, const nerq_article *a, const char *prog)
{
    out->len = 0;
    nerq_record_write(out, a);
    if (nerq_cli_write(stdout, out) != 0) {
        fprintf(stderr, "%s: stdout: %s\n", prog, strerror(errno));
        return -1;
    }
    return 0;
}

static int filter_stream(FILE *in, const char *name, const nerq_stage *s, void *ctx, const char *prog,
                         size_t max_record, nerq_article *a, nerq_buf *out)
{
    nerq_lines *r = nerq_lines_new(in);
    nerq_buf line = {0};
    long lineno = 0;
    int failed = 0, rc, complete;
    uint64_t total;
    while ((rc = nerq_lines_next(r, &line, max_record, &complete, &total)) != NERQ_LINE_EOF) {
        lineno++;
        if (rc == NERQ_LINE_TOO_LONG) {
            char msg[160];
            snprintf(msg, sizeof msg, "record of %llu bytes is longer than the limit of %zu (--max-record)",
                     (unsigned long long)total, max_record);
            failed = 1;
            if (!record_id(a, line.data, line.len)) {
                fprintf(stderr, "%s: %s:%ld: %s, record skipped\n", prog, name, lineno, msg);
                continue;
            }
            /* The id is known: the article goes on as an error record, not lost. */
            fprintf(stderr, "%s: %s:%ld: %s: %s\n", prog, name, lineno, a->id, msg);
            nerq_article_set_error(a, s->name, msg);
            if (put_record(out, a, prog) != 0) {
                failed = -2;
                break;
            }
            continue;
        }
        size_t len = line.len;
        while (len && (line.data[len - 1] == '\n' || line.data[len - 1] == '\r'))
            len--;
        if (!len)
            continue;
        nerq_err err = {{0}};
        if (nerq_record_read(a, line.data, len, &err) != 0) {
            fprintf(stderr, "%s: %s:%ld: %s%s, record skipped\n", prog, name, lineno, err.msg,
                    complete ? "" : " (truncated last line)");
            failed = 1;
            continue;
        }
        if (nerq_stage_apply(s, ctx, a) != 0) {
            fprintf(stderr, "%s: %s:%ld: %s: %s\n", prog, name, lineno, a->id ? a->id : "?", a->error);
            failed = 1;
        }
        if (put_record(out, a, prog) != 0) {
            failed = -2;
            break;
        }
    }
    if (failed != -2 && ferror(in)) {
        fprintf(stderr, "%s: %s: read error: %s\n", prog, name, strerror(errno));
        failed = 1;
    }
    nerq_buf_free(&line);
    nerq_lines_free(r);
    return failed == -2 ? -2 : failed ? -1 : 0;
}

/* Parse a size with an optional K, M or G suffix (powers of 1024); 0 on error. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 0;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1ull << 10;
    else if (*end == 'M' || *end == 'm')
        mul = 1ull << 20;
    else if (*end == 'G' || *end == 'g')
        mul = 1ull << 30;
    if (mul != 1)
        end++;
    if (*end || v > SIZE_MAX / mul)
        return 0;
    return (size_t)(v * mul);
}

int nerq_filter_main(int argc, char **argv, const nerq_stage *s, const char *usage)
{
    char prog[64];
    snprintf(prog, sizeof prog, "nerq-%s", s->name);
    nerq_config cfg;
    nerq_config_default(&cfg);
    NERQ_VEC(const char *) files = {0};
    size_t max_record = NERQ_MAX_RECORD;
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
        if (!strcmp(argv[i], "--max-record") && i + 1 < argc) {
            if (!(max_record = parse_size(argv[++i]))) {
                fprintf(stderr, "%s: --max-record %s: expected a size in bytes (K, M, G suffixes)\n",
                        prog, argv[i]);
                free(files.v);
                return 2;
            }
            continue;
        }
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
        int rc = filter_stream(stdin, "<stdin>", s, ctx, prog, max_record, a, &out);
        failed |= rc != 0;
    }
    for (size_t i = 0; i < files.n; i++) {
        FILE *f = strcmp(files.v[i], "-") ? fopen(files.v[i], "rb") : stdin;
        if (!f) {
            fprintf(stderr, "%s: %s: %s\n", prog, files.v[i], strerror(errno));
            failed = 1;
            continue;
        }
        int rc = filter_stream(f, f == stdin ? "<stdin>" : files.v[i], s, ctx, prog, max_record, a, &out);
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
