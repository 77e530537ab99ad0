/* cmd_report.c: `nerq report OUTDIR -o DIR`: a static HTML site over a run: DIR/index.html
 * (summary tables, inline-SVG bar charts), one page per article, style.css (report.c). */
#include "commands.h"
#include "export.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: nerq report OUTDIR|RECORDS -o DIR\n"
    "\n"
    "Writes a static HTML site (no scripts, no network) over a run's records: DIR/index.html\n"
    "with the summary tables of nerq stats and bar charts, and one page per article with the\n"
    "text, mentions highlighted by type (hover: the canonical entity), quotes underlined\n"
    "and labelled with their speaker.\n";

static const char *prog = "nerq-report";

typedef struct {
    const char *dir;
    nerq_stats *stats;
    nerq_buf page, name, path;
    size_t n;
} reporter;

static int write_page(reporter *r, const char *name, const nerq_buf *b, const char *file, long line)
{
    nerq_err err = {{0}};
    r->path.len = 0;
    nerq_buf_printf(&r->path, "%s/%s", r->dir, name);
    if (nerq_cmd_write_file(r->path.data, b, &err) != 0) {
        if (file)
            fprintf(stderr, "%s: %s:%ld: %s\n", prog, file, line, err.msg);
        else
            fprintf(stderr, "%s: %s\n", prog, err.msg);
        return -1;
    }
    return 0;
}

static int one(void *ctx, nerq_article *a, const char *file, long line)
{
    reporter *r = ctx;
    nerq_stats_add(r->stats, a);
    r->page.len = r->name.len = 0;
    nerq_report_article(&r->page, a, r->n);
    nerq_report_page_name(&r->name, r->n, a->id);
    r->n++;
    return write_page(r, r->name.data, &r->page, file, line);
}

int nerq_cmd_report(int argc, char **argv)
{
    reporter r = {0};
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            r.dir = argv[++i];
        } else if ((argv[i][0] == '-' && argv[i][1]) || input) {
            fprintf(stderr, "%s: unexpected argument %s (see nerq report --help)\n", prog, argv[i]);
            return 2;
        } else {
            input = argv[i];
        }
    }
    if (!input || !r.dir) {
        fputs(usage, stderr);
        return 2;
    }
    nerq_err err = {{0}};
    if (nerq_cmd_mkdirs(r.dir, &err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return 2;
    }
    r.stats = nerq_stats_new();
    int rc = nerq_cmd_each_record(prog, input, one, &r);
    if (rc != 2) {
        nerq_buf css = {0};
        nerq_buf_puts(&css, nerq_report_css);
        r.page.len = 0;
        nerq_report_index(&r.page, r.stats);
        if (write_page(&r, "style.css", &css, NULL, 0) != 0 || write_page(&r, "index.html", &r.page, NULL, 0) != 0)
            rc = 1;
        nerq_buf_free(&css);
        fprintf(stderr, "%s: %zu article pages -> %s/index.html\n", prog, r.n, r.dir);
    }
    nerq_stats_free(r.stats);
    nerq_buf_free(&r.page);
    nerq_buf_free(&r.name);
    nerq_buf_free(&r.path);
    return rc;
}
