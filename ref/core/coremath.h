/* coremath.h: CORE-MATH's correctly rounded binary64 functions, vendored in
 * ref/core/coremath/ (MIT licence, commit in its README.md).  Each returns
 * f(x) rounded to nearest-even in binary64, subnormals and overflow included,
 * as MPFR does at 53 bits in binary64's exponent range (suite coremath checks
 * it).  Built under optref_cm_* names (meson.build renames cr_*), so that a
 * program linking liboptref and CORE-MATH itself sees no clash. */
#ifndef OPTREF_COREMATH_H
#define OPTREF_COREMATH_H

double optref_cm_exp(double x);
double optref_cm_log(double x);
double optref_cm_log1p(double x);
double optref_cm_cos(double x);
double optref_cm_cospi(double x);
double optref_cm_pow(double x, double y);

#endif
