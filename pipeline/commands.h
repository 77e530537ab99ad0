/* commands.h: the `nerq export`, `nerq stats` and `nerq report` subcommands (cmd_*.c) and
 * what they share. Each entry point takes the arguments after `nerq` (argv[0] is the
 * command name) and returns the exit status: 0 fine, 1 some records or articles failed
 * (reported as `nerq-CMD: FILE:LINE: problem`, the rest done), 2 usage or set-up error. */
#ifndef NERQ_COMMANDS_H
#define NERQ_COMMANDS_H

#include "nerq.h"

int nerq_cmd_export(int argc, char **argv);
int nerq_cmd_stats(int argc, char **argv);
int nerq_cmd_report(int argc, char **argv);

/* Called for each good record; `line` is its line number in `file`. Returns 0, or -1 when
 * the record failed (the callback has reported it). */
typedef int (*nerq_cmd_record_fn)(void *ctx, nerq_article *a, const char *file, long line);
/* Read the records in path (a run's OUTDIR means OUTDIR/articles.jsonl, then its
 * errors.jsonl; "-" is stdin) and call fn on each. Unreadable lines are reported and
 * skipped. Returns 0 when everything went through, 1 when something failed, 2 when the
 * input cannot be opened. */
int nerq_cmd_each_record(const char *prog, const char *path, nerq_cmd_record_fn fn, void *ctx);
/* The records file path names ("OUTDIR/articles.jsonl" for a folder); malloc'd. */
char *nerq_cmd_records_path(const char *path);
/* A new string a + b + c (b and c may be ""); the caller frees it. */
char *nerq_cmd_cat(const char *a, const char *b, const char *c);
/* mkdir -p; 0 or -1 with err set. */
int nerq_cmd_mkdirs(const char *path, nerq_err *err);
/* Write b to path (through path.tmp and a rename); 0 or -1 with err set. */
int nerq_cmd_write_file(const char *path, const nerq_buf *b, nerq_err *err);
/* 1 when id is a safe relative path (no "..", not absolute, no empty parts). */
int nerq_cmd_safe_id(const char *id);

#endif
