/* fuzz_record: one JSONL record (any bytes) through nerq_record_read, then each stage whose
 * input fields are present, then nerq_record_write; what is written must read back. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_setup();
    nerq_err err = {{0}};
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
