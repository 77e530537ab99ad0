/* fuzz_record: one JSONL record (any bytes) through nerq_record_read, then each stage whose
 * input fields are present, then nerq_record_write; what is written must read back. The
 * two readers must agree: a record the fast pull parser takes, the Jansson reader takes
 * too, with the same result. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_setup();
    nerq_err err = {{0}};
    if (nerq_record_read_fast(fz.a, (const char *)data, n) == 0) {
        if (nerq_record_read_full(fz.b, (const char *)data, n, &err) != 0) {
            fprintf(stderr, "the fast reader took a record the full reader refuses: %s\n", err.msg);
            abort();
        }
        fz.out1.len = fz.out2.len = 0;
        nerq_record_write(&fz.out1, fz.a);
        nerq_record_write(&fz.out2, fz.b);
        if (fz.out1.len != fz.out2.len || memcmp(fz.out1.data, fz.out2.data, fz.out1.len) != 0) {
            fprintf(stderr, "the two readers read the record differently:\n%.3000s\n%.3000s\n", fz.out1.data,
                    fz.out2.data);
            abort();
        }
    }
    if (nerq_record_read(fz.a, (const char *)data, n, &err) != 0) {
        if (!err.msg[0]) {
            fprintf(stderr, "record rejected without a message\n");
            abort();
        }
        return 0;
    }
    fuzz_reread(fz.a);
    /* Run again every stage the record has the input for, then the later ones. */
    for (size_t s = 0; s < FUZZ_NSTAGES; s++) {
        if ((fz.a->stages & fz.stages[s]->needs) != fz.stages[s]->needs)
            continue;
        nerq_stage_apply(fz.stages[s], fz.ctx[s], fz.a);
        fuzz_reread(fz.a);
    }
    return 0;
}
