/* standalone.c: a main for the fuzz targets without libFuzzer: runs the target once on each
 * file named (a crash or abort fails the run). tests/t_regress.sh replays tests/regress/
 * with it in the normal and the ASan build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 1 << 16, n = 0, k;
        uint8_t *buf = malloc(cap);
        while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0)
            if ((n += k) == cap)
                buf = realloc(buf, cap *= 2);
        fclose(f);
        if (!buf)
            return 2;
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    return 0;
}
