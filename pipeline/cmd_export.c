/* cmd_export.c: `nerq export --format F RECORDS -o DEST`: a run's records in the formats
 * annotation tools read (export_*.c). File formats stream to DEST (or stdout); brat
 * writes a folder: DEST/ID.txt and DEST/ID.ann per article, annotation.conf, visual.conf. */
#include "cli.h"
#include "commands.h"
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: nerq export --format conll|brat|spacy|doccano|label-studio RECORDS -o DEST\n"
    "                   [--source DIR] [--entities-only] [--quiet]\n"
    "\n"
    "RECORDS  a run's OUTDIR/articles.jsonl (or OUTDIR itself, or - for stdin)\n"
    "DEST     a file for conll, spacy (JSONL), doccano (JSONL), label-studio (JSON); - is\n"
    "         stdout; a folder for brat (ID.txt + ID.ann per article, annotation.conf)\n"
    "--source DIR     the folder the run read: offsets index the original files (raw\n"
    "                 offsets) and brat's .txt is the original file; without it, the\n"
    "                 record's normalised text. conll always uses the record's tokens.\n"
    "--entities-only  mentions only: no QUOTE, CUE, SPEAKER spans, no relations\n"
    "Offsets are Unicode code points. Error records are skipped with a note; a record that\n"
    "cannot be exported is reported as nerq-export: FILE:LINE: problem and the exit status\n"
    "is 1. See doc/export.md.\n";

enum fmt { F_CONLL, F_BRAT, F_SPACY, F_DOCCANO, F_LABELSTUDIO };
static const char *const fmt_names[] = {"conll", "brat", "spacy", "doccano", "label-studio"};

typedef struct {
    enum fmt fmt;
    const char *dest, *source;
    int entities_only;
    FILE *out;
    nerq_buf buf, txt, raw;
    nerq_xview view;
    NERQ_VEC(char *) labels; /* mention types seen (brat's annotation.conf) */
    size_t exported, skipped;
} exporter;

static const char *prog = "nerq-export";

static int read_source(exporter *x, const char *id, nerq_err *err)
{
    char *path = nerq_cmd_cat(x->source, "/", id);
    FILE *f = fopen(path, "rb");
    if (!f) {
        nerq_err_set(err, "%s: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    x->raw.len = 0;
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        nerq_buf_put(&x->raw, tmp, k);
    int bad = ferror(f);
    if (bad)
        nerq_err_set(err, "%s: read error", path);
    fclose(f);
    free(path);
    return bad ? -1 : 0;
}

static void note_labels(exporter *x)
{
    for (size_t i = 0; i < x->view.spans.n; i++) {
        const nerq_xspan *s = &x->view.spans.v[i];
        if (s->kind != NERQ_X_MENTION)
            continue;
        int seen = 0;
        for (size_t j = 0; j < x->labels.n && !seen; j++)
            seen = !strcmp(x->labels.v[j], s->label);
        if (!seen) {
            char *l = strdup(s->label);
            if (!l)
                abort();
            *NERQ_VEC_PUSH(x->labels) = l;
        }
    }
}

static int write_brat(exporter *x, const char *id, nerq_err *err)
{
    char *path = nerq_cmd_cat(x->dest, "/", id);
    *strrchr(path, '/') = '\0';
    int rc = nerq_cmd_mkdirs(path, err);
    free(path);
    x->txt.len = x->buf.len = 0;
    nerq_export_brat(&x->txt, &x->buf, &x->view);
    for (int k = 0; k < 2 && rc == 0; k++) {
        path = nerq_cmd_cat(x->dest, "/", id);
        char *file = nerq_cmd_cat(path, k ? ".ann" : ".txt", "");
        rc = nerq_cmd_write_file(file, k ? &x->buf : &x->txt, err);
        free(file);
        free(path);
    }
    return rc;
}

static int export_one(void *ctx, nerq_article *a, const char *file, long line)
{
    exporter *x = ctx;
    if (a->error) {
        fprintf(stderr, "%s: %s:%ld: %s is an error record (%s), skipped\n", prog, file, line, a->id, a->error);
        x->skipped++;
        return 0;
    }
    nerq_err err = {{0}};
    int rc = 0;
    x->buf.len = 0;
    if (x->fmt == F_CONLL) {
        rc = nerq_export_conll(&x->buf, a, &err);
    } else {
        if (x->source && !nerq_cmd_safe_id(a->id)) {
            nerq_err_set(&err, "id \"%s\" is not a relative path inside the source folder", a->id);
            rc = -1;
        } else if (x->source) {
            rc = read_source(x, a->id, &err);
        }
        if (rc == 0)
            rc = nerq_xview_build(&x->view, a, x->source ? x->raw.data ? x->raw.data : "" : NULL, x->raw.len,
                                  x->entities_only, &err);
        if (rc == 0 && x->fmt == F_BRAT) {
            if (!nerq_cmd_safe_id(a->id)) {
                nerq_err_set(&err, "id \"%s\" is not a relative path (would write outside %s)", a->id, x->dest);
                rc = -1;
            } else {
                note_labels(x);
                rc = write_brat(x, a->id, &err);
            }
        } else if (rc == 0 && x->fmt == F_SPACY) {
            rc = nerq_export_spacy(&x->buf, a, &x->view, &err);
        } else if (rc == 0 && x->fmt == F_DOCCANO) {
            rc = nerq_export_doccano(&x->buf, a, &x->view, &err);
        } else if (rc == 0 && x->fmt == F_LABELSTUDIO) {
            nerq_buf_puts(&x->buf, x->exported ? ",\n" : "[\n");
            rc = nerq_export_labelstudio(&x->buf, a, &x->view, &err);
        }
    }
    if (rc != 0) {
        fprintf(stderr, "%s: %s:%ld: %s: %s\n", prog, file, line, a->id, err.msg);
        return -1;
    }
    if (x->out && nerq_cli_write(x->out, &x->buf) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, x->dest, strerror(errno));
        return -1;
    }
    x->exported++;
    return 0;
}

static int finish(exporter *x)
{
    nerq_err err = {{0}};
    if (x->fmt == F_LABELSTUDIO) {
        x->buf.len = 0;
        nerq_buf_puts(&x->buf, x->exported ? "\n]\n" : "[]\n");
        if (nerq_cli_write(x->out, &x->buf) != 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, x->dest, strerror(errno));
            return -1;
        }
    }
    if (x->fmt != F_BRAT)
        return 0;
    x->buf.len = x->txt.len = 0;
    nerq_export_brat_conf(&x->buf, &x->txt, (const char *const *)x->labels.v, x->labels.n);
    char *conf = nerq_cmd_cat(x->dest, "/annotation.conf", ""), *visual = nerq_cmd_cat(x->dest, "/visual.conf", "");
    int rc = nerq_cmd_write_file(conf, &x->buf, &err);
    if (rc == 0)
        rc = nerq_cmd_write_file(visual, &x->txt, &err);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", prog, err.msg);
    free(conf);
    free(visual);
    return rc;
}

int nerq_cmd_export(int argc, char **argv)
{
    exporter x = {0};
    const char *input = NULL, *format = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            x.dest = argv[++i];
        else if (!strcmp(argv[i], "--source") && i + 1 < argc)
            x.source = argv[++i];
        else if (!strcmp(argv[i], "--entities-only"))
            x.entities_only = 1;
        else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
            quiet = 1;
        else if ((argv[i][0] == '-' && argv[i][1]) || input) {
            fprintf(stderr, "%s: unexpected argument %s (see nerq export --help)\n", prog, argv[i]);
            return 2;
        } else
            input = argv[i];
    }
    int f = -1;
    for (int k = 0; format && k < (int)(sizeof fmt_names / sizeof *fmt_names); k++)
        if (!strcmp(format, fmt_names[k]))
            f = k;
    if (!input || !x.dest || f < 0) {
        if (format && f < 0)
            fprintf(stderr, "%s: unknown format %s\n", prog, format);
        fputs(usage, stderr);
        return 2;
    }
    x.fmt = (enum fmt)f;
    nerq_err err = {{0}};
    char *tmp = NULL;
    if (x.fmt == F_BRAT) {
        if (nerq_cmd_mkdirs(x.dest, &err) != 0) {
            fprintf(stderr, "%s: %s\n", prog, err.msg);
            return 2;
        }
    } else if (!strcmp(x.dest, "-")) {
        x.out = stdout;
    } else {
        tmp = nerq_cmd_cat(x.dest, ".tmp", "");
        x.out = fopen(tmp, "wb");
        if (!x.out) {
            fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
            free(tmp);
            return 2;
        }
    }
    int rc = nerq_cmd_each_record(prog, input, export_one, &x);
    if (rc != 2 && finish(&x) != 0)
        rc = 1;
    if (x.out == stdout && nerq_cli_close_stdout(prog) != 0)
        rc = 1;
    if (x.out && x.out != stdout) {
        if (fclose(x.out) != 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
            rc = 1;
        }
        if (rc == 2 || rename(tmp, x.dest) != 0) {
            if (rc != 2)
                fprintf(stderr, "%s: %s: %s\n", prog, x.dest, strerror(errno));
            remove(tmp);
            rc = rc ? rc : 1;
        }
    }
    if (!quiet && rc != 2)
        fprintf(stderr, "%s: %zu articles exported as %s (%zu error records skipped) -> %s\n", prog, x.exported,
                fmt_names[x.fmt], x.skipped, x.dest);
    free(tmp);
    for (size_t i = 0; i < x.labels.n; i++)
        free(x.labels.v[i]);
    free(x.labels.v);
    nerq_xview_free(&x.view);
    nerq_buf_free(&x.buf);
    nerq_buf_free(&x.txt);
    nerq_buf_free(&x.raw);
    return rc;
}
