/* nerq-ingest: starts the chain. Walks DIR (or reads the files listed, or the articles of
 * a JSONL stream) and writes one ingest record per article to stdout: an error record for
 * a file that cannot be read. */
#include "cli.h"
#include "run.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: nerq-ingest [--rules DIR] DIR\n"
    "       nerq-ingest [--rules DIR] [DIR] --files-from FILE\n"
    "       nerq-ingest [--rules DIR] --jsonl FILE\n"
    "\n"
    "Walks DIR recursively (sorted, hidden entries skipped) and writes one JSONL record per\n"
    ".txt/.md/.html article to stdout: id, format, encoding, title, date, author, the\n"
    "normalised text and the offset map back to the file's bytes. A file that cannot be\n"
    "read gives an error record {\"id\", \"error\", \"stage\"}; the exit status is then 1.\n"
    "\n"
    "  --files-from FILE  the articles listed in FILE, one path a line (- = stdin), relative\n"
    "                     to DIR when DIR is given; written sorted by path\n"
    "  --jsonl FILE       articles stored elsewhere: JSONL of {\"id\": ..., \"text\": ...}\n"
    "                     (- = stdin), in the order given; the id's extension picks the\n"
    "                     format, raw offsets index the UTF-8 bytes of text. A bad line is\n"
    "                     reported as nerq-ingest: FILE:LINE: problem and skipped.\n";

static const char *prog = "nerq-ingest";

static int emit(nerq_article *a, nerq_buf *out)
{
    out->len = 0;
    nerq_record_write(out, a);
    return nerq_cli_write(stdout, out);
}

/* One {"id","text"} line into a; 0, or -1 with the problem in err. */
static int jsonl_article(nerq_ingest *g, nerq_article *a, const char *line, size_t len,
                         nerq_err *err)
{
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!o) {
        nerq_err_set(err, "not a JSON record: %s (column %d)", je.text, je.column);
        return -1;
    }
    json_t *id = json_object_get(o, "id"), *text = json_object_get(o, "text");
    int rc = -1;
    if (!json_is_string(id) || !json_is_string(text))
        nerq_err_set(err, "want an object with string fields \"id\" and \"text\"");
    else if (memchr(json_string_value(id), 0, json_string_length(id)))
        nerq_err_set(err, "field \"id\" contains a NUL byte");
    else {
        nerq_ingest_bytes(g, a, json_string_value(id), json_string_value(text),
                          json_string_length(text), err);
        rc = 0; /* an ingest failure is an error record, written like any other */
    }
    json_decref(o);
    return rc;
}

typedef struct {
    nerq_ingest *g;
    nerq_article *a;
    nerq_buf *out;
} jsonl_ctx;

static int jsonl_line(void *vctx, const char *line, size_t len, const char *name, long lineno, int complete)
{
    jsonl_ctx *x = vctx;
    nerq_err err = {{0}};
    if (jsonl_article(x->g, x->a, line, len, &err) != 0) {
        fprintf(stderr, "%s: %s:%ld: %s%s, record skipped\n", prog, name, lineno, err.msg,
                complete ? "" : " (truncated last line)");
        return 1;
    }
    int failed = 0;
    if (x->a->error) {
        fprintf(stderr, "%s: %s:%ld: %s: %s\n", prog, name, lineno, x->a->id, x->a->error);
        failed = 1;
    }
    return emit(x->a, x->out) != 0 ? -1 : failed;
}

static int from_jsonl(nerq_ingest *g, nerq_article *a, nerq_buf *out, const char *name)
{
    FILE *f = strcmp(name, "-") ? fopen(name, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
        return 2;
    }
    const char *shown = f == stdin ? "<stdin>" : name;
    jsonl_ctx x = {g, a, out};
    int rc = nerq_cli_each_line(f, shown, prog, jsonl_line, &x);
    if (f != stdin)
        fclose(f);
    return rc != 0;
}

static int from_files(nerq_ingest *g, nerq_article *a, nerq_buf *out, const char *dir,
                      const char *files_from)
{
    nerq_inputs in;
    nerq_err err = {{0}};
    if (nerq_inputs_load(&in, dir, files_from, &err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        nerq_inputs_free(&in);
        return 2;
    }
    int failed = 0;
    for (size_t i = 0; i < in.ids.n; i++) {
        err.msg[0] = '\0';
        if (nerq_inputs_ingest(&in, i, g, a, &err) != 0) {
            char *path = nerq_inputs_path(&in, i);
            fprintf(stderr, "%s: %s: %s\n", prog, path, err.msg);
            free(path);
            failed = 1;
        }
        if (emit(a, out) != 0) {
            failed = 1;
            break;
        }
    }
    nerq_inputs_free(&in);
    return failed;
}

int main(int argc, char **argv)
{
    nerq_config cfg;
    nerq_config_default(&cfg);
    const char *dir = NULL, *files_from = NULL, *jsonl = NULL;
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
        if (!strcmp(argv[i], "--files-from") && i + 1 < argc)
            files_from = argv[++i];
        else if (!strcmp(argv[i], "--jsonl") && i + 1 < argc)
            jsonl = argv[++i];
        else if (argv[i][0] == '-' || dir) {
            fprintf(stderr, "%s: unexpected argument %s (see --help)\n", prog, argv[i]);
            return 2;
        } else
            dir = argv[i];
    }
    if ((!dir && !files_from && !jsonl) || (jsonl && (dir || files_from))) {
        fputs(usage, stderr);
        return 2;
    }
    nerq_err err = {{0}};
    nerq_ingest *g = nerq_ingest_new(&cfg, &err);
    if (!g) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 2;
    }
    nerq_article *a = nerq_article_new();
    nerq_buf out = {0};
    int rc = jsonl ? from_jsonl(g, a, &out, jsonl) : from_files(g, a, &out, dir, files_from);
    if (nerq_cli_close_stdout(prog) != 0 && rc == 0)
        rc = 1;
    nerq_buf_free(&out);
    nerq_article_free(a);
    nerq_ingest_free(g);
    return rc;
}
