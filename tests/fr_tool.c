/* fr_tool.c: ref/core/fmtread.c from the command line, for the tests of the
 * reading rule (tests/check_fmtread_printers.py) and its benchmark.
 *
 *   fr_tool read F      each line of stdin, read as format F (f64, f32, bf16,
 *                       f16): "=HEX" (the value, %a) or "!REASON" (the
 *                       one-line reason optref verify gives), one line each
 *   fr_tool bench F FILE  read every line of FILE as F, 5 times; prints the
 *                       best time per value in ns (and a checksum)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmtread.h"
#include "optref.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    const optref_format *F = argc >= 3 ? optref_format_from_name(argv[2]) : NULL;
    if (!F || !(strcmp(argv[1], "read") == 0 ? argc == 3 : strcmp(argv[1], "bench") == 0 && argc == 4)) {
        fprintf(stderr, "usage: fr_tool read F < LINES | fr_tool bench F FILE (F: f64, f32, bf16, f16)\n");
        return 2;
    }
    int D = optref_fr_digits(F);
    mpfr_t scratch;
    mpfr_init2(scratch, (mpfr_prec_t)F->prec);
    char *line = NULL, why[256];
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    if (argv[1][0] == 'r') {
        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (line[n - 1] == '\n')
                line[--n] = '\0';
            double v;
            optref_fr code = optref_fr_read(line, F, D, scratch, &v);
            if (code == OPTREF_FR_OK)
                printf("=%a\n", v);
            else {
                optref_fr_why(code, line, F, D, v, why, sizeof why);
                printf("!%s\n", why);
            }
        }
    } else {
        FILE *f = fopen(argv[3], "rb");
        if (!f)
            return perror(argv[3]), 2;
        size_t nv = 0, room = 0, bytes = 0;
        char **v = NULL;
        while ((n = getline(&line, &cap, f)) > 0) {
            if (line[n - 1] == '\n')
                line[--n] = '\0';
            if (nv == room && !(v = realloc(v, (room = 2 * room + 1024)* sizeof *v)))
                return 2;
            v[nv++] = strdup(line);
            bytes += (size_t)n;
        }
        fclose(f);
        double best = 1e300, sum = 0;
        size_t bad = 0;
        for (int r = 0; r < 5; r++) {
            double t0 = now();
            for (size_t i = 0; i < nv; i++) {
                double x;
                optref_fr code = optref_fr_read(v[i], F, D, scratch, &x);
                bad += code != OPTREF_FR_OK;
                sum += x;
            }
            double t = now() - t0;
            best = t < best ? t : best;
        }
        printf("%s: %zu values (%.1f MB) in %.3f s: %.1f ns/value, %.1f MB/s (refused %zu; checksum %g)\n",
               F->name, nv, (double)bytes / 1e6, best, 1e9 * best / (double)(nv ? nv : 1),
               (double)bytes / 1e6 / best, bad / 5, sum);
        for (size_t i = 0; i < nv; i++)
            free(v[i]);
        free(v);
    }
    free(line);
    mpfr_clear(scratch);
    return rc;
}
