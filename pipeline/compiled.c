/* compiled.c: compiled caches (compiled.h). A cache file is a 32-byte header (magic with
 * the format version, the key, the payload's length and its XXH3 checksum) and the
 * payload: flat arrays of offsets, mapped read-only and used in place. The key is a hash
 * of every source file's name and bytes, so an edited source gives another file name,
 * and of the program's own bytes: a rebuilt nerq (whose code may hash, lay out or fill
 * the tables otherwise) does not trust what an older one compiled. A file that is short,
 * long, of another format or whose bytes do not match the checksum is refused and the
 * caller rebuilds it. Files are written to a unique temporary name and renamed, so
 * readers (other processes, other worker threads) see old or new, whole. Each edit of a
 * source leaves a file behind; writing one prunes its kind to the KEEP newest (a process
 * that has an older one mapped keeps it until it exits). */
#include "compiled.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Cache files kept per kind; temporary files older than this are a dead writer's. */
#define KEEP 8
#define STALE_TMP_SECONDS 3600

typedef struct {
    char magic[8];
    uint64_t key, len, sum;
} header;

static uint64_t program_hash; /* 0: /proc/self/exe cannot be read (no caches then) */
static pthread_once_t program_once = PTHREAD_ONCE_INIT;

static void hash_program(void)
{
    nerq_buf b = {0};
    nerq_err ignored;
    if (nerq_file_read("/proc/self/exe", &b, SIZE_MAX / 2, &ignored) == 0 && b.len)
        program_hash = nerq_hash64(b.data, b.len) | 1;
    nerq_buf_free(&b);
}

uint64_t nerq_program_hash(void)
{
    pthread_once(&program_once, hash_program);
    return program_hash;
}

int nerq_cc_enabled(void)
{
    const char *mode = getenv("NERQ_GAZ_CACHE");
    if (mode && !strcmp(mode, "0"))
        return 0;
    return nerq_program_hash() != 0;
}

uint64_t nerq_cc_key(const char *magic)
{
    uint64_t h = nerq_cc_hash(nerq_program_hash(), magic, strlen(magic));
    return nerq_cc_hash(h, NERQ_VERSION, sizeof NERQ_VERSION);
}

uint64_t nerq_cc_hash(uint64_t h, const void *s, size_t n) { return nerq_hash64_seed(s, n, h); }

int nerq_cc_hash_file(uint64_t *h, const char *dir, const char *name, nerq_buf *buf, int *missing)
{
    size_t pl = strlen(dir) + strlen(name) + 2;
    char *path = malloc(pl);
    if (!path)
        abort();
    snprintf(path, pl, "%s/%s", dir, name);
    *h = nerq_cc_hash(*h, name, strlen(name) + 1);
    struct stat st;
    int rc = 0;
    nerq_err err;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        *h = nerq_cc_hash(*h, "missing", 8);
        if (missing)
            *missing = 1;
    } else if (nerq_file_read(path, buf, (size_t)1 << 30, &err) == 0) {
        *h = nerq_cc_hash(*h, buf->data ? buf->data : "", buf->len);
    } else {
        rc = -1;
    }
    free(path);
    return rc;
}

char *nerq_cc_path(const char *kind, uint64_t key)
{
    const char *d = getenv("NERQ_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[4096];
    if (d && *d)
        snprintf(dir, sizeof dir, "%s", d);
    else if (x && *x)
        snprintf(dir, sizeof dir, "%s/nerq", x);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.cache/nerq", home);
    else
        return NULL;
    struct stat st;
    if (stat(dir, &st) != 0) {
        /* make the folder and its parents (best effort) */
        for (char *p = dir + 1; *p; p++)
            if (*p == '/') {
                *p = '\0';
                mkdir(dir, 0777);
                *p = '/';
            }
        mkdir(dir, 0777);
    }
    size_t n = strlen(dir) + strlen(kind) + 24;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "%s/%s-%016llx.bin", dir, kind, (unsigned long long)key);
    return path;
}

int nerq_cc_open(nerq_cc_map *m, const char *path, const char *magic, uint64_t key)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < sizeof(header)) {
        close(fd);
        return -1;
    }
    size_t len = (size_t)st.st_size;
    /* MAP_POPULATE: fault the pages in now (a sequential read) rather than one random
     * page at a time while matching; the checksum reads them all anyway. */
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    const header *h = map;
    const char *payload = (const char *)map + sizeof *h;
    if (memcmp(h->magic, magic, 8) || h->key != key || h->len != len - sizeof *h ||
        nerq_hash64(payload, h->len) != h->sum) {
        munmap(map, len);
        return -1;
    }
    m->data = payload;
    m->len = h->len;
    m->map = map;
    m->map_len = len;
    return 0;
}

void nerq_cc_close(nerq_cc_map *m)
{
    if (m->map)
        munmap(m->map, m->map_len);
    memset(m, 0, sizeof *m);
}

typedef struct {
    char *name;
    struct timespec mtime;
} cfile;

static int newest_first(const void *a, const void *b)
{
    const struct timespec *x = &((const cfile *)a)->mtime, *y = &((const cfile *)b)->mtime;
    return x->tv_sec != y->tv_sec ? (x->tv_sec < y->tv_sec) - (x->tv_sec > y->tv_sec)
                                  : (x->tv_nsec < y->tv_nsec) - (x->tv_nsec > y->tv_nsec);
}

/* Remove the files of path's kind (KIND-*.bin in its folder) but the KEEP newest, and
 * temporary files of that kind left long ago. Best effort. */
static void prune(const char *path)
{
    const char *slash = strrchr(path, '/'), *dash = strrchr(path, '-');
    if (!slash || !dash || dash < slash)
        return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    size_t klen = (size_t)(dash - slash); /* "KIND-" */
    DIR *d = opendir(dir);
    if (!d)
        return;
    NERQ_VEC(cfile) files = {0};
    struct dirent *de;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, slash + 1, klen) != 0)
            continue;
        char full[4096 + 256];
        snprintf(full, sizeof full, "%s/%s", dir, de->d_name);
        struct stat st;
        const char *bin = strstr(de->d_name, ".bin");
        if (!bin || lstat(full, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (bin[4] == '.') { /* KIND-KEY.bin.XXXXXX: a temporary file */
            if (st.st_mtim.tv_sec + STALE_TMP_SECONDS < now.tv_sec)
                unlink(full);
        } else if (!bin[4]) {
            cfile *f = NERQ_VEC_PUSH(files);
            f->name = strdup(full);
            f->mtime = st.st_mtim;
        }
    }
    closedir(d);
    if (files.n > KEEP)
        qsort(files.v, files.n, sizeof *files.v, newest_first);
    for (size_t i = 0; i < files.n; i++) {
        if (i >= KEEP)
            unlink(files.v[i].name);
        free(files.v[i].name);
    }
    free(files.v);
}

void nerq_cc_write(const char *path, const char *magic, uint64_t key, const void *payload, size_t len)
{
    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, magic, 8);
    h.key = key;
    h.len = len;
    h.sum = nerq_hash64(payload, len);
    size_t tl = strlen(path) + 8;
    char *tmp = malloc(tl);
    if (!tmp)
        abort();
    snprintf(tmp, tl, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd >= 0) {
        int ok = fchmod(fd, 0644) == 0;
        ok = ok && nerq_write_all(fd, &h, sizeof h) == 0 && nerq_write_all(fd, payload, len) == 0;
        ok &= close(fd) == 0;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
        else
            prune(path);
    }
    free(tmp);
}

void nerq_cc_put(nerq_buf *b, const void *p, size_t n)
{
    static const char zero[8];
    if (n)
        nerq_buf_put(b, p, n);
    nerq_buf_put(b, zero, nerq_cc_align(b->len) - b->len);
}

typedef struct {
    uint64_t cap, n, pool_len, slot_size;
} table_header;

void nerq_cc_table_save(nerq_buf *out, const nerq_cc_table *t)
{
    table_header h = {t->cap, t->n, t->pool_len, t->slot_size};
    out->len = 0;
    nerq_cc_put(out, &h, sizeof h);
    nerq_cc_put(out, t->slots, t->cap * t->slot_size);
    nerq_cc_put(out, t->pool, t->pool_len);
}

int nerq_cc_table_load(const nerq_cc_map *m, size_t slot_size, nerq_cc_table *t)
{
    const table_header *h = (const table_header *)m->data;
    if (m->len < sizeof *h || h->slot_size != slot_size || !h->cap || (h->cap & (h->cap - 1)) ||
        h->cap > m->len / slot_size || h->n * 2 > h->cap || h->pool_len > UINT32_MAX ||
        m->len != sizeof *h + nerq_cc_align(h->cap * slot_size) + nerq_cc_align(h->pool_len))
        return -1;
    t->cap = h->cap;
    t->n = h->n;
    t->slot_size = slot_size;
    t->slots = m->data + sizeof *h;
    t->pool = m->data + sizeof *h + nerq_cc_align(h->cap * slot_size);
    t->pool_len = h->pool_len;
    return 0;
}
