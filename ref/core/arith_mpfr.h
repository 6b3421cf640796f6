/* arith_mpfr.h: the MPFR instantiation of optref's scalar operations.
 *
 * Same operations, same shapes as arith_double.h, each one correctly rounded
 * to nearest at the precision of its destination.  After every operation the
 * result is passed through mpfr_subnormalize: inside an emulated format's
 * exponent range (binary64: emin = -1073, emax = 1024, as CORE-MATH's
 * exp_mpfr.c sets it) this rounds subnormal results exactly as IEEE 754 does;
 * in MPFR's default exponent range it changes nothing.  Rounding mode is
 * passed on every call (MPFR's convention), never kept in global state.
 */
#ifndef OPTREF_ARITH_MPFR_H
#define OPTREF_ARITH_MPFR_H

#include <stddef.h>
#include <mpfr.h>

#define S_T mpfr_t
#define S_PTR mpfr_ptr
#define S_SRC mpfr_srcptr
#define PFX(name) optref_mp_##name
#define OPTREF_ARITH_NAME "mpfr"

#define OPTREF_RND MPFR_RNDN

static inline void s_fix(mpfr_ptr r, int inex) { mpfr_subnormalize(r, inex, OPTREF_RND); }

static inline void s_init(mpfr_ptr r, long prec) { mpfr_init2(r, (mpfr_prec_t)prec); mpfr_set_zero(r, 1); }
static inline void s_clear(mpfr_ptr r) { mpfr_clear(r); }
static inline void s_set(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_set(r, a, OPTREF_RND)); }
static inline void s_set_d(mpfr_ptr r, double d) { s_fix(r, mpfr_set_d(r, d, OPTREF_RND)); }
static inline void s_set_ui(mpfr_ptr r, unsigned long u) { s_fix(r, mpfr_set_ui(r, u, OPTREF_RND)); }
static inline double s_get_d(mpfr_srcptr a) { return mpfr_get_d(a, OPTREF_RND); }

static inline void s_add(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { s_fix(r, mpfr_add(r, a, b, OPTREF_RND)); }
static inline void s_sub(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { s_fix(r, mpfr_sub(r, a, b, OPTREF_RND)); }
static inline void s_mul(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { s_fix(r, mpfr_mul(r, a, b, OPTREF_RND)); }
static inline void s_div(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { s_fix(r, mpfr_div(r, a, b, OPTREF_RND)); }
static inline void s_sqrt(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_sqrt(r, a, OPTREF_RND)); }
static inline void s_neg(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_neg(r, a, OPTREF_RND)); }
static inline void s_abs(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_abs(r, a, OPTREF_RND)); }
static inline void s_set_si(mpfr_ptr r, long i) { s_fix(r, mpfr_set_si(r, i, OPTREF_RND)); }
static inline int s_cmp(mpfr_srcptr a, mpfr_srcptr b) { return mpfr_unordered_p(a, b) ? 0 : mpfr_cmp(a, b); }

/* Correctly rounded at the destination's precision (arith_double.h calls
 * these same functions at 53 bits). */
static inline void s_exp(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_exp(r, a, OPTREF_RND)); }
static inline void s_log(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_log(r, a, OPTREF_RND)); }
static inline void s_log1p(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_log1p(r, a, OPTREF_RND)); }
static inline void s_cos(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_cos(r, a, OPTREF_RND)); }
static inline void s_pow(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { s_fix(r, mpfr_pow(r, a, b, OPTREF_RND)); }
/* cos(π·a) correctly rounded: π is exact inside MPFR's argument reduction. */
static inline void s_cospi(mpfr_ptr r, mpfr_srcptr a) { s_fix(r, mpfr_cospi(r, a, OPTREF_RND)); }

static inline void s_clamp(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr lo, mpfr_srcptr hi)
{
    if (mpfr_less_p(a, lo))
        s_set(r, lo);
    else if (mpfr_greater_p(a, hi))
        s_set(r, hi);
    else
        s_set(r, a);
}

static inline void s_max(mpfr_ptr r, mpfr_srcptr a, mpfr_srcptr b) { s_fix(r, mpfr_max(r, a, b, OPTREF_RND)); }

typedef mpfr_t *optref_mp_vec;
#define S_VEC optref_mp_vec

#endif
