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
#include <mpfr.h> /* the transcendental functions below */

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
 * next.  The double build therefore calls MPFR at 53 bits in binary64's
 * exponent range, with subnormals: correctly rounded, the same on every IEEE
 * machine, and equal to the MPFR build at 53 bits by construction.  The
 * scalar lives on the stack (MPFR_DECL_INIT: no allocation).  Cost and the
 * decision: doc/design.md, "Transcendental functions". */
static inline double optref_d_cr(double a, int (*fn)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t))
{
    MPFR_DECL_INIT(x, 53);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    mpfr_set_d(x, a, MPFR_RNDN); /* exact */
    int inex = fn(x, x, MPFR_RNDN);
    inex = mpfr_check_range(x, inex, MPFR_RNDN);
    mpfr_subnormalize(x, inex, MPFR_RNDN);
    double d = mpfr_get_d(x, MPFR_RNDN); /* exact */
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    return d;
}
static inline void s_exp(double *r, const double *a) { *r = optref_d_cr(*a, mpfr_exp); }
static inline void s_log(double *r, const double *a) { *r = optref_d_cr(*a, mpfr_log); }
static inline void s_log1p(double *r, const double *a) { *r = optref_d_cr(*a, mpfr_log1p); }
static inline void s_cos(double *r, const double *a) { *r = optref_d_cr(*a, mpfr_cos); }
/* a^b, correctly rounded as the others (schedules: α^epoch, optax's exponent). */
static inline double optref_d_cr2(double a, double b, int (*fn)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t))
{
    MPFR_DECL_INIT(x, 53);
    MPFR_DECL_INIT(y, 53);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    mpfr_set_d(x, a, MPFR_RNDN); /* exact */
    mpfr_set_d(y, b, MPFR_RNDN); /* exact */
    int inex = fn(x, x, y, MPFR_RNDN);
    inex = mpfr_check_range(x, inex, MPFR_RNDN);
    mpfr_subnormalize(x, inex, MPFR_RNDN);
    double d = mpfr_get_d(x, MPFR_RNDN); /* exact */
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    return d;
}
static inline void s_pow(double *r, const double *a, const double *b) { *r = optref_d_cr2(*a, *b, mpfr_pow); }
/* cos(π·a), correctly rounded (schedules: no rounded π enters the argument,
 * so cos(π·1) is −1 exactly and a cosine ending at 0 ends at 0). */
static inline void s_cospi(double *r, const double *a) { *r = optref_d_cr(*a, mpfr_cospi); }

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
