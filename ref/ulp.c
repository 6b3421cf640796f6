/* ulp.c: distance in ULPs of the expected value, as glibc's ULPDIFF
 * (math/libm-test-support.c): |got − expected| / ulp(expected), where
 * ulp(x) = 2^(max(e, emin_normal) − prec) for x = m·2^e, 1/2 <= |m| < 1.
 * The difference is formed exactly in MPFR, so no rounding enters. */
#include <math.h>

#include "optref.h"

double optref_ulp_distance(double got, double expected, const optref_format *fmt)
{
    if (isnan(got) || isnan(expected))
        return isnan(got) && isnan(expected) ? 0.0 : INFINITY;
    if (isinf(got) || isinf(expected))
        return got == expected ? 0.0 : INFINITY;
    if (got == expected)
        return 0.0;

    mpfr_t d;
    mpfr_init2(d, 2200); /* holds the exact difference of any two doubles */
    mpfr_set_d(d, got, MPFR_RNDN);
    mpfr_sub_d(d, d, expected, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);

    int e; /* expected = m·2^e, 1/2 <= |m| < 1 */
    if (expected == 0.0)
        e = -100000; /* below any emin: ulp(0) is the subnormal ulp */
    else
        (void)frexp(expected, &e);
    long emin_normal = (long)fmt->emin + (long)fmt->prec - 1;
    long ue = (e < emin_normal ? emin_normal : e) - (long)fmt->prec;
    mpfr_div_2si(d, d, ue, MPFR_RNDN);
    double r = mpfr_get_d(d, MPFR_RNDN);
    mpfr_clear(d);
    return r;
}
