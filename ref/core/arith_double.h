/* arith_double.h: the binary64 instantiation of optref's scalar operations.
 *
 * Every algorithm body is written once against the operations below, in
 * MPFR's destination-passing shape: s_op(result, a, b).  To make `double`
 * look like `mpfr_t`, a scalar is a one-element array, so it decays to a
 * pointer exactly as mpfr_t decays to mpfr_ptr (the idea of GSL's
 * templates_on.h and glibc's math/test-double.h: one body, a header per type).
 *
 * Each operation is one IEEE 754 operation, rounded to nearest-even; the
 * build uses -ffp-contract=off so that no a*b+c is fused behind our back.
 * arith_mpfr.h must give, at 53 bits with the binary64 exponent range, the
 * same result for every operation: tests/test_bitexact.c holds them to it.
 *
 * Include exactly one of arith_double.h and arith_mpfr.h (through arith.h).
 */
#ifndef OPTREF_ARITH_DOUBLE_H
#define OPTREF_ARITH_DOUBLE_H

#include <math.h>
#include <stddef.h>
#include "coremath.h" /* the transcendental functions below */

#include <float.h>
_Static_assert(FLT_EVAL_METHOD == 0,
               "optref needs double arithmetic evaluated in double (SSE2, not x87)");

typedef double optref_d_scalar[1];

#define S_T optref_d_scalar         /* a scalar variable */
typedef double *optref_d_ptr;
typedef const double *optref_d_src;
#define S_PTR optref_d_ptr          /* a writable scalar */
#define S_SRC optref_d_src          /* a readable scalar */
#define PFX(name) optref_d_##name   /* namespace of this instantiation */
#define OPTREF_ARITH_NAME "double"

static inline void s_init(double *r, long prec) { (void)prec; *r = 0.0; }
static inline void s_clear(double *r) { (void)r; }
static inline void s_set(double *r, const double *a) { *r = *a; }
static inline void s_set_d(double *r, double d) { *r = d; }
static inline void s_set_ui(double *r, unsigned long u) { *r = (double)u; }
static inline double s_get_d(const double *a) { return *a; }

static inline void s_add(double *r, const double *a, const double *b) { *r = *a + *b; }
static inline void s_sub(double *r, const double *a, const double *b) { *r = *a - *b; }
static inline void s_mul(double *r, const double *a, const double *b) { *r = *a * *b; }
static inline void s_div(double *r, const double *a, const double *b) { *r = *a / *b; }
static inline void s_sqrt(double *r, const double *a) { *r = sqrt(*a); }
static inline void s_neg(double *r, const double *a) { *r = -*a; }
static inline void s_abs(double *r, const double *a) { *r = fabs(*a); }
static inline void s_set_si(double *r, long i) { *r = (double)i; }
/* Three-way comparison; 0 when either is NaN (as mpfr_cmp, without its erange flag). */
static inline int s_cmp(const double *a, const double *b) { return (*a > *b) - (*a < *b); }

/* Transcendental functions.  libm's are not correctly rounded (glibc's exp
 * and log are within about 0.5 ULP, not exactly 0.5), so a double build that
 * called them would differ from MPFR now and then, and from one libm to the
 * next.  The double build calls CORE-MATH's correctly rounded binary64
 * functions (vendored, ref/core/coremath/): the same on every IEEE machine,
 * no MPFR work, and equal to MPFR at 53 bits in binary64's exponent range with
 * subnormals (suite coremath: random and hard arguments against MPFR; suite
 * bitexact: whole runs).  Cost and the decision: doc/design.md,
 * "Transcendental functions". */
static inline void s_exp(double *r, const double *a) { *r = optref_cm_exp(*a); }
static inline void s_log(double *r, const double *a) { *r = optref_cm_log(*a); }
static inline void s_log1p(double *r, const double *a) { *r = optref_cm_log1p(*a); }
static inline void s_cos(double *r, const double *a) { *r = optref_cm_cos(*a); }
/* a^b, correctly rounded as the others (schedules: α^epoch, optax's exponent).
 * Two cases answered here, as MPFR answers them: a^0 is 1 for every a
 * (CORE-MATH gives NaN for a signalling NaN a, IEEE 754's invalid operation,
 * which MPFR has no notion of); and for |b| >= 2^64 (an even integer) with a
 * finite, nonzero and |a| != 1, |b·log2|a|| > 2^64·2^-52 far exceeds 1075, so
 * a^b is +0 or +inf: CORE-MATH's accurate path shifts by a negative count
 * there (UBSan: pow.h dint_toi, for pow(0.5, -DBL_MAX)). */
static inline void s_pow(double *r, const double *a, const double *b)
{
    if (*b == 0)
        *r = 1.0;
    else if (fabs(*b) >= 0x1p64 && isfinite(*a) && *a != 0 && fabs(*a) != 1)
        *r = (fabs(*a) < 1) == (*b > 0) ? 0.0 : INFINITY;
    else
        *r = optref_cm_pow(*a, *b);
}
/* cos(π·a), correctly rounded (schedules: no rounded π enters the argument,
 * so cos(π·1) is −1 exactly and a cosine ending at 0 ends at 0). */
static inline void s_cospi(double *r, const double *a) { *r = optref_cm_cospi(*a); }

/* Clamp a into [lo, hi]; a NaN passes through (it is not silently projected). */
static inline void s_clamp(double *r, const double *a, const double *lo, const double *hi)
{
    if (*a < *lo)
        *r = *lo;
    else if (*a > *hi)
        *r = *hi;
    else
        *r = *a;
}

/* mpfr_max semantics: a NaN operand yields the other; max(+0, -0) = +0. */
static inline void s_max(double *r, const double *a, const double *b)
{
    if (isnan(*a))
        *r = *b;
    else if (isnan(*b))
        *r = *a;
    else if (*a > *b)
        *r = *a;
    else if (*b > *a)
        *r = *b;
    else
        *r = signbit(*a) ? *b : *a;
}

/* Vectors of scalars: allocated once per run, never inside a step loop. */
typedef optref_d_scalar *optref_d_vec;
#define S_VEC optref_d_vec

#endif
