/* fuzz_ingest: raw article bytes through ingest and every stage, two ways: in one process
 * (as `nerq run` does) and through a JSONL record between each pair of stages (as the
 * filter chain does). Both must give the same bytes, and every record written must read
 * back. The first input byte picks the format (txt, md, html). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_setup();
    static const char *ids[] = {"f/a.txt", "f/a.md", "f/a.html"};
    const char *id = ids[n ? data[0] % 3 : 0];
    nerq_err err = {{0}};
    /* in one process */
    nerq_ingest_bytes(fz.ingest, fz.a, id, (const char *)data, n, &err);
    for (size_t s = 0; s < FUZZ_NSTAGES; s++)
        nerq_stage_apply(fz.stages[s], fz.ctx[s], fz.a);
    fz.out1.len = 0;
    nerq_record_write(&fz.out1, fz.a);
    /* through a record after each stage */
    nerq_ingest_bytes(fz.ingest, fz.b, id, (const char *)data, n, &err);
    for (size_t s = 0; s < FUZZ_NSTAGES; s++) {
        fuzz_reread(fz.b);
        nerq_stage_apply(fz.stages[s], fz.ctx[s], fz.b);
    }
    fz.out2.len = 0;
    nerq_record_write(&fz.out2, fz.b);
    fuzz_reread(fz.b);
    if (fz.out1.len != fz.out2.len || memcmp(fz.out1.data, fz.out2.data, fz.out1.len) != 0) {
        fprintf(stderr, "nerq run and the filter chain differ:\n%.2000s\n%.2000s\n", fz.out1.data, fz.out2.data);
        abort();
    }
    return 0;
}
