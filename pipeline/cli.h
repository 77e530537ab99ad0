/* cli.h: what the programs share (option parsing for rules/gazetteer folders, the
 * record-filter loop, checked output). Library code never calls these. */
#ifndef NERQ_CLI_H
#define NERQ_CLI_H

#include "nerq.h"

/* Default longest JSONL record a filter reads (--max-record). A longer line is read in
 * bounded blocks, never held whole, and reported as FILE:LINE; when its id can be read
 * from its start it becomes an error record, else it is skipped. 1 GiB: a record carries
 * the text plus ~25 bytes a token, so an article of 40 MB of short words needs ~250 MB. */
#define NERQ_MAX_RECORD ((size_t)1 << 30)

/* Run stage s as a JSONL filter over stdin (or the files named in argv). Options:
 * --rules DIR, --gazetteers DIR, --max-record BYTES, --help, --version. */
int nerq_filter_main(int argc, char **argv, const nerq_stage *s, const char *usage);
/* Parse --rules DIR / --gazetteers DIR at argv[*i]; returns 1 if consumed. */
int nerq_cli_config_opt(int argc, char **argv, int *i, nerq_config *c);
/* Write all of b to f; 0 or -1. */
int nerq_cli_write(FILE *f, const nerq_buf *b);
/* Calls fn for each non-blank line of f (a trailing CR removed); a line longer than
 * NERQ_MAX_RECORD is reported as `prog: name:LINE: ...` and skipped. fn returns 0 (fine),
 * 1 (this line failed, go on) or -1 (stop). Returns 0, 1 when anything failed or f had a
 * read error, -1 when fn stopped. */
typedef int (*nerq_cli_line_fn)(void *ctx, const char *line, size_t len, const char *name, long lineno,
                                int complete);
int nerq_cli_each_line(FILE *f, const char *name, const char *prog, nerq_cli_line_fn fn, void *ctx);
/* Flush and close stdout; report a failure as prog: stdout: error. Returns 0 or -1. */
int nerq_cli_close_stdout(const char *prog);

#endif
