/* lines.c: reading JSONL (or any line-based input) with a length limit. Reads in
 * 64 KiB blocks, keeps at most `max` bytes of a line and skips the rest of a longer one
 * (reported as too long), so a 1 GB line or a stream without newlines costs bounded
 * memory. Every program that reads records uses it. */
#include "nerq.h"

#include <stdlib.h>
#include <string.h>

struct nerq_lines {
    FILE *in;
    char block[65536];
    size_t pos, end;
    int eof;
};

nerq_lines *nerq_lines_new(FILE *in)
{
    nerq_lines *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->in = in;
    return r;
}

void nerq_lines_free(nerq_lines *r) { free(r); }

int nerq_lines_next(nerq_lines *r, nerq_buf *line, size_t max, int *complete, uint64_t *total)
{
    line->len = 0;
    *complete = 0;
    *total = 0;
    int any = 0;
    for (;;) {
        if (r->pos == r->end) {
            if (r->eof)
                break;
            r->pos = 0;
            r->end = fread(r->block, 1, sizeof r->block, r->in);
            if (r->end == 0) {
                r->eof = 1;
                break;
            }
        }
        any = 1;
        const char *s = r->block + r->pos;
        size_t avail = r->end - r->pos;
        const char *nl = memchr(s, '\n', avail);
        size_t take = nl ? (size_t)(nl - s) : avail;
        if (*total < max) /* keep at most max bytes: a too long line keeps its start */
            nerq_buf_put(line, s, take < max - *total ? take : (size_t)(max - *total));
        *total += take;
        r->pos += take;
        if (nl) {
            r->pos++;
            *complete = 1;
            break;
        }
    }
    if (!any)
        return NERQ_LINE_EOF;
    if (!line->data)
        nerq_buf_grow(line, 1);
    return *total > max ? NERQ_LINE_TOO_LONG : NERQ_LINE_OK;
}
