/* fuzz_tolerances.c: golden/TOLERANCES lines, through the bounded line reader. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>

#include "fuzz.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static optref_case c;
    char err[2048];
    if (!c.s) {
        char e[256];
        if (optref_case_parse("c adam standard square 20 alpha=0.1", &c, e, sizeof e) != OPTREF_SUCCESS)
            abort();
    }
    FILE *f = fuzz_stream(data, size);
    optref_lines rd;
    double u = -1;
    optref_lines_from(&rd, f, "fuzz", OPTREF_LINE_MAX);
    optref_status st = optref_tolerance_scan_q(&rd, &c, (size & 1) ? "f32" : "f64", (int)(size % 3 == 0), 20,
                                               (size & 2) ? "v" : NULL, &u, err, sizeof err); /* "adam.v" rows */
    if (st == OPTREF_SUCCESS && !(isfinite(u) && u >= 0))
        abort(); /* a budget is finite and >= 0 */
    if (st != OPTREF_SUCCESS && strchr(err, '\n'))
        abort();
    optref_lines_close(&rd);
    fclose(f);
    return 0;
}
