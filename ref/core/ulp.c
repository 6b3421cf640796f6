/* ulp.c: distance in ULPs of the expected value, as glibc's ULPDIFF
 * (math/libm-test-support.c): |got − expected| / ulp(expected), where
 * ulp(x) = 2^(max(e, emin_normal) − prec) for x = m·2^e, 1/2 <= |m| < 1.
 * The difference is formed exactly (as a sum of two doubles), so the only
 * rounding is the last addition of the result. */
#include <math.h>
#include <stdint.h>

#include "optref_mpfr.h"

double optref_ulp_distance(double got, double expected, const optref_format *fmt)
{
    return optref_ulp_distance_floor(got, expected, 0.0, fmt);
}

double optref_ulp_distance_floor(double got, double expected, double floor,
                                 const optref_format *fmt)
{
    if (isnan(got) || isnan(expected))
        return isnan(got) && isnan(expected) ? 0.0 : INFINITY;
    if (isinf(got) || isinf(expected))
        return got == expected ? 0.0 : INFINITY;
    if (got == expected)
        return 0.0;

    double scale = fabs(expected) > floor ? expected : floor;
    int e; /* scale = m·2^e, 1/2 <= |m| < 1 */
    if (scale == 0.0)
        e = -100000; /* below any emin: ulp(0) is the subnormal ulp */
    else
        (void)frexp(scale, &e);
    long emin_normal = (long)fmt->emin + (long)fmt->prec - 1;
    long ue = (e < emin_normal ? emin_normal : e) - (long)fmt->prec;
    /* Scale both by 2^-ue first (exact, unless a value far below the ulp
     * underflows, which cannot matter), then form the difference exactly as
     * s + err (Knuth's TwoSum; needs -ffp-contract=off). */
    double a, b;
    if (ue >= -1022 && ue <= 1022) { /* 2^-ue from its bits: a libm call less, the same exact scaling */
        union { uint64_t u; double d; } p = { .u = (uint64_t)(1023 - ue) << 52 };
        a = got * p.d, b = -(expected * p.d);
    } else
        a = ldexp(got, (int)-ue), b = -ldexp(expected, (int)-ue);
    double s = a + b, bb = s - a;
    double err = (a - (s - bb)) + (b - bb);
    return fabs(s + err);
}

void optref_column_scale(double *colmax, double v)
{
    if (isfinite(v) && fabs(v) > *colmax)
        *colmax = fabs(v);
}

double optref_ulp_scaled(double got, double expected, double *colmax, const optref_format *fmt)
{
    optref_column_scale(colmax, expected);
    return optref_ulp_distance_floor(got, expected, *colmax, fmt);
}

double optref_round_to(mpfr_srcptr x, const optref_format *fmt)
{
    mpfr_t r;
    mpfr_init2(r, fmt->prec);
    double d = optref_round_to_scratch(r, x, fmt);
    mpfr_clear(r);
    return d;
}

double optref_round_to_scratch(mpfr_ptr r, mpfr_srcptr x, const optref_format *fmt)
{
    return optref_round_to_dir(r, x, fmt, MPFR_RNDN);
}

/* x rounded in direction rnd to fmt; r has precision fmt->prec. */
double optref_round_to_dir(mpfr_ptr r, mpfr_srcptr x, const optref_format *fmt, mpfr_rnd_t rnd)
{
    if (fmt->prec == 53 && fmt->emin == optref_binary64.emin && fmt->emax == optref_binary64.emax)
        return mpfr_get_d(x, rnd);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(fmt->emin);
    mpfr_set_emax(fmt->emax);
    int inex = mpfr_set(r, x, rnd);
    inex = mpfr_check_range(r, inex, rnd);
    mpfr_subnormalize(r, inex, rnd);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    return mpfr_get_d(r, MPFR_RNDN); /* exact: the format fits in binary64 */
}

double optref_round_d_to(double x, const optref_format *fmt)
{
    mpfr_t m;
    mpfr_init2(m, 53);
    mpfr_set_d(m, x, MPFR_RNDN);
    double d = optref_round_to(m, fmt);
    mpfr_clear(m);
    return d;
}
