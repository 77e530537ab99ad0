/* file.c: whole-file reads and the hashes the driver keys its cache and manifest with:
 * XXH3-64 (Debian's libxxhash) for bulk bytes (articles, cache entries, rule files: it runs
 * at memory speed, where byte-at-a-time FNV cost a tenth of a run), FNV-1a 64 for short
 * keys. Neither is a defence against tampering, only a check that bytes changed. */
#include "run.h"

#include <xxhash.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t nerq_fnv1a(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t nerq_hash64(const void *s, size_t n) { return XXH3_64bits(s, n); }

int nerq_file_read(const char *path, nerq_buf *b, size_t max, nerq_err *err)
{
    b->len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block */
    if (fd < 0) {
        nerq_err_set(err, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        nerq_err_set(err, "not a regular file");
        close(fd);
        return -1;
    }
    if ((uint64_t)st.st_size > max) {
        nerq_err_set(err, "file too large (%lld bytes)", (long long)st.st_size);
        close(fd);
        return -1;
    }
    nerq_buf_grow(b, (size_t)st.st_size + 1);
    for (;;) {
        if (b->cap - b->len < 4096)
            nerq_buf_grow(b, 65536);
        ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            nerq_err_set(err, "read error: %s", strerror(errno));
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        b->len += (size_t)n;
        if (b->len > max) {
            nerq_err_set(err, "file too large (over %zu bytes)", max);
            close(fd);
            return -1;
        }
    }
    b->data[b->len] = '\0';
    close(fd);
    return 0;
}
