/* fuzz_problem.c: problem specs ("quad:a=0.1,2", presets, every family). */
#include "fuzz.h"
#include "optref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = fuzz_string(data, size, 2), err[1024];
    optref_problem *p;
    if (!spec)
        return 0;
    if (optref_problem_new(&p, spec, err, sizeof err) == OPTREF_SUCCESS)
        optref_problem_free(p);
    else if (strchr(err, '\n'))
        abort();
    free(spec);
    return 0;
}
