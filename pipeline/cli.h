/* cli.h: what the programs share (option parsing for rules/gazetteer folders, the
 * record-filter loop, checked output). Library code never calls these. */
#ifndef NERQ_CLI_H
#define NERQ_CLI_H

#include "nerq.h"

/* Run stage s as a JSONL filter over stdin (or the files named in argv). */
int nerq_filter_main(int argc, char **argv, const nerq_stage *s, const char *usage);
/* Parse --rules DIR / --gazetteers DIR at argv[*i]; returns 1 if consumed. */
int nerq_cli_config_opt(int argc, char **argv, int *i, nerq_config *c);
/* Write all of b to f; 0 or -1. */
int nerq_cli_write(FILE *f, const nerq_buf *b);
/* Flush and close stdout; report a failure as prog: stdout: error. Returns 0 or -1. */
int nerq_cli_close_stdout(const char *prog);

#endif
