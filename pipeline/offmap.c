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

/* Compose maps. src maps an intermediate text to raw offsets; the piece [s, s+n) of that
 * text is copied to dst at norm. Linear stretches of src stay copies in dst, replacements
 * in src stay replacements, removals in src stay removals. */
void nerq_offmap_copy(nerq_offmap *dst, uint32_t norm, const nerq_offmap *src, uint32_t s,
                      uint32_t n)
{
    uint32_t e = s + n;
    if (!src->a.n) {
        nerq_offmap_piece(dst, norm, s, n, n);
        return;
    }
    long i = last_le(src, s, 0);
    if (i < 0)
        i = 0;
    while (s < e && (size_t)i < src->a.n) {
        const nerq_anchor *a = &src->a.v[i];
        int last = (size_t)i + 1 >= src->a.n;
        uint32_t seg_end = last ? e : src->a.v[i + 1].norm;
        if (seg_end <= s) {
            i++;
            continue;
        }
        uint32_t te = e < seg_end ? e : seg_end;
        if (last || seg_end - a->norm == src->a.v[i + 1].raw - a->raw) {
            nerq_offmap_piece(dst, norm, a->raw + (s - a->norm), te - s, te - s);
        } else {
            uint32_t rs = s == a->norm ? a->raw : nerq_offmap_raw(src, s);
            uint32_t re = te == seg_end ? src->a.v[i + 1].raw : nerq_offmap_raw_end(src, te);
            nerq_offmap_piece(dst, norm, rs, te - s, re > rs ? re - rs : 0);
        }
        norm += te - s;
        s = te;
        i++;
    }
}

void nerq_offmap_replace(nerq_offmap *dst, uint32_t norm, const nerq_offmap *src, uint32_t s,
                         uint32_t sl, uint32_t n)
{
    uint32_t rs = nerq_offmap_raw(src, s);
    uint32_t re = sl ? nerq_offmap_raw_end(src, s + sl) : rs;
    nerq_offmap_piece(dst, norm, rs, n, re > rs ? re - rs : 0);
}

void nerq_offmap_clear(nerq_offmap *m)
{
    m->a.n = 0;
    m->end_norm = m->end_raw = 0;
    m->end_linear = 0;
}
