/* progress.c: what a run says on stderr. A bar (articles done / total, MB/s, ETA) redrawn
 * at most ten times a second when stderr is a terminal, and one summary line at the end
 * that accounts for every file found. */
#include "run.h"

#include <time.h>

double nerq_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void nerq_progress_start(nerq_progress *p, size_t total, int on)
{
    p->on = on;
    p->total = total;
    p->t0 = nerq_now();
    p->last = 0;
}

void nerq_progress_update(nerq_progress *p, size_t done, uint64_t bytes)
{
    if (!p->on)
        return;
    double now = nerq_now();
    if (done < p->total && now - p->last < 0.1)
        return;
    p->last = now;
    double el = now - p->t0;
    int width = 30, fill = p->total ? (int)((double)width * (double)done / (double)p->total) : width;
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    double eta = done ? el * (double)(p->total - done) / (double)done : 0;
    fprintf(stderr, "\r[%s] %zu/%zu articles  %.1f MB/s  ETA %d:%02d \033[K", bar, done, p->total,
            el > 0 ? (double)bytes / 1e6 / el : 0.0, (int)eta / 60, (int)eta % 60);
    fflush(stderr);
}

void nerq_progress_clear(nerq_progress *p)
{
    if (p->on && p->last > 0) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->last = 0;
    }
}

void nerq_summary_print(const nerq_counts *c, int jobs, const char *outdir)
{
    fprintf(stderr,
            "nerq: %zu files found = %zu records + %zu errors; %zu processed, %zu reused; "
            "%.1f MB in %.2f s (%.1f MB/s, %d worker%s) -> %s\n",
            c->files, c->records, c->errors, c->processed, c->reused, (double)c->bytes / 1e6,
            c->seconds, c->seconds > 0 ? (double)c->bytes / 1e6 / c->seconds : 0.0, jobs,
            jobs == 1 ? "" : "s", outdir);
}
