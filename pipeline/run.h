/* run.h: the batch driver behind `nerq run` (program side, like cli.h: these functions may
 * print to stderr; the stage library never calls them).
 *
 * One concern a file:
 *   inputs.c   the list of articles (a folder walked, or --files-from), sorted, unique
 *   file.c     FNV-1a 64 and XXH3-64 hashing (reading and writing whole files: walk.c)
 *   cache.c    OUTDIR/.cache: an entry per article, reused when nothing changed
 *   outputs.c  the output files: written under OUTDIR/.tmp, fsynced, renamed into place
 *   manifest.c the configuration hash and OUTDIR/manifest.json
 *   progress.c the progress bar and the one-line summary
 *   run.c      the worker pool and the in-order writer
 */
#ifndef NERQ_RUN_H
#define NERQ_RUN_H

#include "nerq.h"

/* ---- hashing and files ---------------------------------------------------------------- */
#define NERQ_FNV_INIT 0xcbf29ce484222325ULL
/* FNV-1a 64 of s[0..n), continuing from h (start with NERQ_FNV_INIT). */
uint64_t nerq_fnv1a(uint64_t h, const void *s, size_t n);
/* nerq_hash64 (XXH3-64, for bulk bytes): nerq.h. */

/* ---- inputs ------------------------------------------------------------------------------ */
typedef struct {
    const char *root; /* folder the ids are relative to, or NULL (ids are paths) */
    nerq_filelist ids; /* sorted bytewise, no duplicates */
} nerq_inputs;
/* Articles under dir (files_from NULL), or those listed in files_from (one path a line,
 * "-" = stdin; relative to dir when dir is given). Notes on stderr. 0 or -1 (err set). */
int nerq_inputs_load(nerq_inputs *in, const char *dir, const char *files_from, nerq_err *err);
/* The path of article i (owned by the caller). */
char *nerq_inputs_path(const nerq_inputs *in, size_t i);
/* Ingest article i from its file, the way nerq-ingest does. */
int nerq_inputs_ingest(const nerq_inputs *in, size_t i, nerq_ingest *g, nerq_article *a,
                       nerq_err *err);
void nerq_inputs_free(nerq_inputs *in);

/* ---- what one article gives: sections of output lines -------------------------------------- */
enum {
    NERQ_SEC_RECORD,   /* the full record, or the error record */
    NERQ_SEC_MENTIONS, /* flat rows */
    NERQ_SEC_QUOTES,
    NERQ_SEC_MESSAGE,  /* the error message for stderr (no newline), empty if none */
    NERQ_SEC_INGEST,   /* --keep-stages: the record after each earlier stage */
    NERQ_SEC_TOKENIZE,
    NERQ_SEC_ENTITIES,
    NERQ_SEC_QUOTESTAGE,
    NERQ_NSEC
};
#define NERQ_SEC_FIRST_STAGE NERQ_SEC_INGEST
typedef struct {
    nerq_buf sec[NERQ_NSEC];
    int failed;     /* the record is an error record */
    int has_stages; /* the stage sections are filled */
    int reused;     /* came from the cache */
    int cacheable;  /* the article's bytes were read and hashed */
    uint64_t bytes; /* size of the article's file */
    uint64_t hash;  /* FNV-1a 64 of its bytes */
    int hashed;     /* sec_hash is set */
    uint64_t sec_hash[NERQ_NSEC]; /* XXH3-64 of the sections kept in files (cache.c) */
    uint64_t out_off[NERQ_NSEC]; /* where nerq_outputs_add put each section in its file */
    uint64_t old_off[NERQ_NSEC]; /* reused from the committed outputs: where each section
                                    is in them (NERQ_OFF_NONE: not there, or not reused) */
} nerq_result;
#define NERQ_OFF_NONE UINT64_MAX /* a section not written (to its file: nerq_outputs_file) */
void nerq_result_clear(nerq_result *r);
void nerq_result_free(nerq_result *r);

/* ---- the cache ------------------------------------------------------------------------------ */
/* Entries are keyed by the article id, the hash of its bytes and the configuration hash,
 * and reused only when all three match (and they carry stage sections when those are
 * wanted). An entry refers to the article's lines in the output files, which are read
 * back and checked against their hash. Layout and guarantees: cache.c. */
typedef struct nerq_cache nerq_cache; /* NULL: no cache (every call a no-op or a miss) */
/* After nerq_outputs_open (which has moved a killed run's outputs to OUTDIR/.unfinished). */
nerq_cache *nerq_cache_open(const char *outdir, uint64_t config, nerq_err *err);
/* 1 when an entry for id with this content hash exists and its lines are intact: r's
 * sections are then filled. Safe to call from several threads at once. */
int nerq_cache_load(const nerq_cache *c, const char *id, uint64_t hash, int want_stages,
                    nerq_result *r, nerq_buf *scratch);
/* The writer tells the cache about each result once nerq_outputs_add has placed it, in
 * output order; the entry is kept until nerq_cache_flush, to be called once the outputs
 * are flushed (an entry never refers to lines not yet written). -1 when the segment could
 * not be written (the run goes on without the cache). When the run reads no entry
 * (--force: nerq_cache_reads_none, or none for this configuration), nerq_cache_flush also
 * drops the files the commit will replace from the page cache, a few MB a batch, so that
 * this does not all fall on the end of the run. */
int nerq_cache_written(nerq_cache *c, const char *id, nerq_result *r);
int nerq_cache_flush(nerq_cache *c);
/* After the outputs are committed: keep this run's entries only. */
void nerq_cache_finish(nerq_cache *c);
/* The run will not read the cache (--force). */
void nerq_cache_reads_none(nerq_cache *c);
/* The committed output file k (NERQ_OUT_*) as the cache opened it: a descriptor the cache
 * owns, or -1 (no cache, no such file). */
int nerq_cache_committed_fd(const nerq_cache *c, int k);
void nerq_cache_close(nerq_cache *c);

/* ---- outputs --------------------------------------------------------------------------------- */
enum {
    NERQ_OUT_ARTICLES, /* articles.jsonl */
    NERQ_OUT_ERRORS,   /* errors.jsonl */
    NERQ_OUT_MENTIONS, /* mentions.jsonl */
    NERQ_OUT_QUOTES,   /* quotes.jsonl */
    NERQ_OUT_STAGE0,   /* stages/ingest.jsonl .. stages/attribute.jsonl (--keep-stages) */
    NERQ_NOUT = NERQ_OUT_STAGE0 + 5
};
/* The output file section sec of a result goes to (failed: an error record), or -1. */
int nerq_outputs_file(int sec, int failed);
/* The path of output file k in dir, laid out as in OUTDIR (dir/stages/ingest.jsonl), or
 * flat, as in OUTDIR/.tmp (dir/stages-ingest.jsonl). Owned by the caller. */
char *nerq_outputs_path(const char *dir, int k, int flat);
/* Delete the files of dir, then dir. */
void nerq_remove_flat_dir(const char *dir);

typedef struct nerq_outputs nerq_outputs;
/* Lock OUTDIR (one run at a time) and open the temporary output files. A killed run's
 * OUTDIR/.tmp is first moved to OUTDIR/.unfinished (for nerq_cache_open). */
nerq_outputs *nerq_outputs_open(const char *outdir, int keep_stages, nerq_err *err);
/* The committed outputs (descriptors from nerq_cache_committed_fd, owned by the caller and
 * kept open until nerq_outputs_close): while the results added are the committed lines in
 * the same places (r->old_off), articles.jsonl, errors.jsonl, mentions.jsonl and
 * quotes.jsonl are not written. At the first result that differs, what was skipped is
 * copied from the committed file (copy_file_range); a file unchanged to the end is not
 * replaced by the commit at all. Without this call every byte is written. */
void nerq_outputs_base(nerq_outputs *o, const int fd[NERQ_NOUT]);
/* Queue r's sections for their files, setting r->out_off. They are not copied: r must stay
 * as it is until nerq_outputs_flush. */
void nerq_outputs_add(nerq_outputs *o, nerq_result *r);
/* Write everything queued (one writev per file). */
int nerq_outputs_flush(nerq_outputs *o, nerq_err *err);
/* The temporary path of the manifest, to be written before commit. */
const char *nerq_outputs_manifest_tmp(const nerq_outputs *o);
/* fsync and rename every output into place (manifest last). */
int nerq_outputs_commit(nerq_outputs *o, nerq_err *err);
/* Close; temporary files not committed are removed. */
void nerq_outputs_close(nerq_outputs *o);

/* ---- manifest ------------------------------------------------------------------------------- */
typedef struct {
    size_t files, records, errors, processed, reused, mentions, quotes;
    uint64_t bytes;
    double seconds;
} nerq_counts;
typedef struct nerq_manifest nerq_manifest;
/* Hash the program, the rule and gazetteer files; config_hash keys the cache. */
nerq_manifest *nerq_manifest_new(const nerq_config *cfg, nerq_err *err);
uint64_t nerq_manifest_config_hash(const nerq_manifest *m);
int nerq_manifest_write(const nerq_manifest *m, const char *path, const char *input, int jobs,
                        int keep_stages, int force, const nerq_counts *c, nerq_err *err);
void nerq_manifest_free(nerq_manifest *m);

/* ---- progress ------------------------------------------------------------------------------- */
typedef struct {
    int on;
    size_t total;
    double t0, last;
} nerq_progress;
double nerq_now(void);
void nerq_progress_start(nerq_progress *p, size_t total, int on);
void nerq_progress_update(nerq_progress *p, size_t done, uint64_t bytes);
/* Erase the bar (before another message, and at the end). */
void nerq_progress_clear(nerq_progress *p);
void nerq_summary_print(const nerq_counts *c, int jobs, const char *outdir);

/* ---- the run ------------------------------------------------------------------------------- */
typedef struct {
    nerq_config cfg;
    const char *dir, *files_from, *outdir;
    int jobs, quiet, force, keep_stages, no_cache;
} nerq_run_opts;
/* The whole run; returns the exit status (0 ok, 1 some articles failed, 2 set-up error). */
int nerq_run(const nerq_run_opts *o);

#endif
