/* vstep_mixed_api.c: the plain C entry point of verify-step with mixed
 * precision, for the Python module (python/optref, through ctypes): as
 * optref_verify_step_json, plus the math format, the storage, the rounding on
 * store and the statistic's significance (vstep_mixed.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "vstep.h"

char *optref_verify_step_mixed_json(const char *algorithm, const char *const *items, size_t nitems,
                                    const char *before, const char *after, const char *dtype, long t, double tol,
                                    int round_hp, size_t max_report, const char *math, const char *storage,
                                    const char *rounding, double alpha, char *err, size_t errlen)
{
    optref_vsopts o = { .algorithm = algorithm, .items = items, .nitems = nitems, .before = before,
                        .after = after, .dtype = dtype && *dtype ? dtype : NULL, .t = t, .tol = tol,
                        .round_hp = round_hp, .max_report = max_report, .math = math, .storage = storage,
                        .store_rounding = rounding, .sr_alpha = alpha };
    optref_vsreport r;
    char *json = NULL;
    if (optref_verify_step(&o, &r, err, errlen) == OPTREF_SUCCESS && !(json = optref_vsreport_json(&r)))
        snprintf(err, errlen, "out of memory");
    optref_vsreport_free(&r);
    return json;
}
