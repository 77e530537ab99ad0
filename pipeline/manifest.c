/* manifest.c: what a run used and what it did. The configuration hash (program version,
 * the executable's own bytes, every file under the rules and gazetteers folders) keys the
 * cache: change any of them and every article is processed again. manifest.json records
 * those hashes with the counts and timings of the run. */
#include "run.h"
#include "compiled.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct nerq_manifest {
    json_t *rules, *gazetteers; /* file name -> hash */
    char *rules_dir, *gazetteers_dir;
    json_t *program_hash;       /* string, or null when /proc/self/exe cannot be read */
    uint64_t config;
    char started[32];
};

static char *hex(uint64_t h, char out[17])
{
    *nerq_put_hex16(out, h) = '\0';
    return out;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Hash every regular file under root/rel (sorted, hidden entries skipped) into obj and h. */
static int hash_tree(const char *root, const char *rel, json_t *obj, uint64_t *h, nerq_buf *b,
                     nerq_err *err)
{
    size_t pl = strlen(root) + strlen(rel) + 2;
    char dir[pl];
    snprintf(dir, pl, "%s%s%s", root, *rel ? "/" : "", rel);
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, by_name);
    if (n < 0) {
        nerq_err_set(err, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        size_t rl = strlen(rel) + strlen(name) + 2, fl = strlen(dir) + strlen(name) + 2;
        char r[rl], full[fl];
        snprintf(r, rl, "%s%s%s", rel, *rel ? "/" : "", name);
        snprintf(full, fl, "%s/%s", dir, name);
        struct stat st;
        if (rc || name[0] == '.' || stat(full, &st) != 0)
            ;
        else if (S_ISDIR(st.st_mode))
            rc = hash_tree(root, r, obj, h, b, err);
        else if (S_ISREG(st.st_mode)) {
            if (nerq_file_read(full, b, SIZE_MAX / 2, err) != 0) {
                char tmp[sizeof err->msg];
                memcpy(tmp, err->msg, sizeof tmp);
                nerq_err_set(err, "%s: %.400s", full, tmp);
                rc = -1;
            } else {
                char x[17];
                uint64_t fh = nerq_hash64(b->data, b->len);
                json_object_set_new(obj, r, json_string(hex(fh, x)));
                *h = nerq_fnv1a(*h, r, strlen(r) + 1);
                *h = nerq_fnv1a(*h, x, 17);
            }
        }
        free(ents[i]);
    }
    free(ents);
    return rc;
}

nerq_manifest *nerq_manifest_new(const nerq_config *cfg, nerq_err *err)
{
    nerq_manifest *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    m->rules = json_object();
    m->gazetteers = json_object();
    m->rules_dir = strdup(cfg->rules_dir);
    m->gazetteers_dir = strdup(cfg->gazetteers_dir);
    time_t now = time(NULL);
    struct tm tm;
    strftime(m->started, sizeof m->started, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    nerq_buf b = {0};
    uint64_t h = nerq_fnv1a(NERQ_FNV_INIT, "nerq " NERQ_VERSION, sizeof "nerq " NERQ_VERSION);
    char x[17];
    /* The program's own bytes: a rebuilt nerq does not trust what an older one cached. */
    uint64_t program = nerq_program_hash();
    if (program) {
        hex(program, x);
        m->program_hash = json_string(x);
        h = nerq_fnv1a(h, x, 17);
    } else {
        m->program_hash = json_null();
    }
    int rc = hash_tree(cfg->rules_dir, "", m->rules, &h, &b, err);
    h = nerq_fnv1a(h, "\0gazetteers", 11);
    if (rc == 0)
        rc = hash_tree(cfg->gazetteers_dir, "", m->gazetteers, &h, &b, err);
    nerq_buf_free(&b);
    m->config = h;
    if (rc != 0) {
        nerq_manifest_free(m);
        return NULL;
    }
    return m;
}

uint64_t nerq_manifest_config_hash(const nerq_manifest *m)
{
    return m->config;
}

int nerq_manifest_write(const nerq_manifest *m, const char *path, const char *input, int jobs,
                        int keep_stages, int force, const nerq_counts *c, nerq_err *err)
{
    char x[17];
    double mbs = c->seconds > 0 ? (double)c->bytes / 1e6 / c->seconds : 0.0;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:O, s:s, s:s?, s:s, s:O, s:s, s:O, s:{s:i, s:b, s:b},"
        " s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:s, s:f, s:f}}",
        "program", "nerq", "version", NERQ_VERSION, "hash", "xxh3-64", "program_hash",
        m->program_hash, "config_hash", hex(m->config, x), "input", input, "rules_dir",
        m->rules_dir, "rules", m->rules, "gazetteers_dir", m->gazetteers_dir, "gazetteers",
        m->gazetteers, "options", "jobs", jobs, "keep_stages", keep_stages, "force", force,
        "counts", "files", (json_int_t)c->files, "records", (json_int_t)c->records, "errors",
        (json_int_t)c->errors, "processed", (json_int_t)c->processed, "reused",
        (json_int_t)c->reused, "mentions", (json_int_t)c->mentions, "quotes",
        (json_int_t)c->quotes, "bytes", (json_int_t)c->bytes, "timings", "started", m->started,
        "seconds", c->seconds, "mb_per_s", mbs);
    if (!o) {
        nerq_err_set(err, "manifest: cannot build the JSON");
        return -1;
    }
    int rc = json_dump_file(o, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc != 0) {
        nerq_err_set(err, "%s: cannot write", path);
        return -1;
    }
    return 0;
}

void nerq_manifest_free(nerq_manifest *m)
{
    if (!m)
        return;
    json_decref(m->rules);
    json_decref(m->gazetteers);
    json_decref(m->program_hash);
    free(m->rules_dir);
    free(m->gazetteers_dir);
    free(m);
}
