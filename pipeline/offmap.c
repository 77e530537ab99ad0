/* offmap.c: the map from normalised-text offsets back to the original file's bytes
 * (see nerq.h for the model: pieces, anchors at starts and at non-contiguous ends). */
#include "nerq.h"

void nerq_offmap_add(nerq_offmap *m, uint32_t norm, uint32_t raw)
{
    nerq_anchor *a = NERQ_VEC_PUSH(m->a);
    a->norm = norm;
    a->raw = raw;
}

static int last_is(const nerq_offmap *m, uint32_t norm, uint32_t raw)
{
    return m->a.n && m->a.v[m->a.n - 1].norm == norm && m->a.v[m->a.n - 1].raw == raw;
}

void nerq_offmap_piece(nerq_offmap *m, uint32_t norm, uint32_t raw, uint32_t norm_len,
                       uint32_t raw_len)
{
    int linear = norm_len == raw_len;
    if (m->a.n && norm == m->end_norm && raw == m->end_raw && linear && m->end_linear) {
        m->end_norm += norm_len; /* extends the current copy run */
        m->end_raw += raw_len;
        return;
    }
    if (m->a.n && (raw != m->end_raw || !m->end_linear || !linear) &&
        !last_is(m, m->end_norm, m->end_raw))
        nerq_offmap_add(m, m->end_norm, m->end_raw);
    if (!last_is(m, norm, raw))
        nerq_offmap_add(m, norm, raw);
    m->end_norm = norm + norm_len;
    m->end_raw = raw + raw_len;
    m->end_linear = linear;
}

void nerq_offmap_finish(nerq_offmap *m)
{
    if (m->a.n && !last_is(m, m->end_norm, m->end_raw))
        nerq_offmap_add(m, m->end_norm, m->end_raw);
}

/* Index of the last anchor with norm <= n (strict: norm < n); -1 if none. */
static long last_le(const nerq_offmap *m, uint32_t n, int strict)
{
    long lo = -1, hi = (long)m->a.n;
    while (hi - lo > 1) {
        long mid = (lo + hi) / 2;
        uint32_t v = m->a.v[mid].norm;
        if (strict ? v < n : v <= n)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t nerq_offmap_raw(const nerq_offmap *m, uint32_t n)
{
    long i = last_le(m, n, 0);
    if (i < 0)
        return m->a.n ? m->a.v[0].raw : n;
    const nerq_anchor *a = &m->a.v[i];
    uint32_t raw = a->raw + (n - a->norm);
    if ((size_t)i + 1 < m->a.n && raw > m->a.v[i + 1].raw)
        raw = m->a.v[i + 1].raw;
    return raw;
}

uint32_t nerq_offmap_raw_end(const nerq_offmap *m, uint32_t n)
{
    long i = last_le(m, n, 1);
    if (i < 0)
        return nerq_offmap_raw(m, n);
    const nerq_anchor *a = &m->a.v[i];
    if ((size_t)i + 1 < m->a.n) {
        const nerq_anchor *next = &m->a.v[i + 1];
        if (next->norm == n)
            return next->raw;
        uint32_t raw = a->raw + (n - a->norm);
        return raw > next->raw ? next->raw : raw;
    }
    return a->raw + (n - a->norm);
}
