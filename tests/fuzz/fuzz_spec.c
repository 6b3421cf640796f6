/* fuzz_spec.c: case specs (golden/cases.in), through the bounded line reader. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"
#include "golden.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *guard = fuzz_string(data, size, 2), err[2048];
    if (!guard)
        return 0;
    free(guard);
    FILE *f = fuzz_stream(data, size);
    optref_lines rd;
    optref_case *cases;
    size_t n;
    optref_lines_from(&rd, f, "fuzz", OPTREF_LINE_MAX);
    if (optref_cases_read_lines(&rd, &cases, &n, err, sizeof err) == OPTREF_SUCCESS)
        optref_cases_free(cases, n);
    else if (!strchr(err, ':') || strchr(err, '\n'))
        abort(); /* every error is one line naming the input and position */
    optref_lines_close(&rd);
    fclose(f);
    return 0;
}
