/* fb_model.c: the model of the rounding-bound instantiation (fb_num.h). */
#include <math.h>

#include "fb_num.h"

_Thread_local optref_fb_model optref_fb_m = {
    .fmt = &optref_binary64, .u = 0x1p-53, .eta = 0x1p-1022, .tiny = 0x1p-1022, .big = 0x1.fffffffffffffp+1023,
    .ulp_min = 0x1p-1074, .any = 0,
};
_Thread_local int optref_fb_unproved;

double optref_fb_eta(const optref_format *fmt)
{
    return fmax(ldexp(1, (int)fmt->emin - 2), 0x1p-1022); /* binary64: its smallest normal, no subnormal bound */
}

void optref_fb_set_model(const optref_format *fmt, int any)
{
    int p = (int)fmt->prec, emin = (int)fmt->emin, emax = (int)fmt->emax;
    double u = ldexp(1, -p);
    if (p < 24) /* possibly computed in binary32 first (opmath), then rounded to F */
        u += 0x1p-24 * (1 + u);
    double ulp_min = ldexp(1, emin - 1);
    optref_fb_m = (optref_fb_model){
        .fmt = fmt, .u = u, .ulp_min = ulp_min,
        .eta = optref_fb_eta(fmt),
        .tiny = ldexp(1, emin + p - 2),
        .big = ldexp(1 - ldexp(1, -p), emax),
        .any = any != 0,
        .either = 1,
    };
}

/* MPFR's convention: x = m·2^E, 1/2 <= |m| < 1; F's spacing there is
 * 2^(E − p), and never below its smallest subnormal 2^(emin − 1).  The
 * scalings by powers of two are exact, nearbyint rounds to nearest even. */
double optref_fb_round(double x, const optref_format *fmt)
{
    if (fmt->prec >= 53 && fmt->emin <= -1073)
        return x;
    if (x == 0 || !isfinite(x))
        return x;
    int E;
    frexp(x, &E);
    long q = E - fmt->prec;
    if (q < fmt->emin - 1)
        q = fmt->emin - 1;
    double y = ldexp(nearbyint(ldexp(x, (int)-q)), (int)q);
    if (fabs(y) >= ldexp(1, (int)fmt->emax))
        return copysign(INFINITY, x);
    return y;
}

double optref_fb_half_ulp(double T, const optref_format *fmt)
{
    int E = 0;
    if (T != 0 && isfinite(T))
        frexp(T, &E);
    long q = E - fmt->prec;
    if (T == 0 || q < fmt->emin - 1)
        q = fmt->emin - 1;
    return ldexp(0.5, (int)q);
}

int optref_fb_within(double truth, double got, double e, const optref_format *fmt, double *bound, double *ratio)
{
    if (!isfinite(truth) || !isfinite(got)) {
        int same = (isnan(truth) && isnan(got)) || (truth == got);
        *bound = 0;
        *ratio = same ? 0 : INFINITY;
        return same;
    }
    double B = (e + optref_fb_half_ulp(truth, fmt)) * (1 + 0x1p-50), dist = fabs(got - truth);
    *bound = B;
    *ratio = dist / B;
    return dist <= B * (1 + 0x1p-51);
}
