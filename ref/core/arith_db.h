/* arith_db.h: the double + bound instantiation of optref's scalar operations.
 *
 * The fourth compilation of every body (after arith_double.h, arith_mpfr.h,
 * arith_eb.h): a scalar is a binary64 value v with a bound e on its distance
 * to the exact value (db_num.h).  It decides roundings to formats of at most
 * 24 bits (float32, bfloat16, float16), where the bound of a few double
 * roundings (~2^-52 relative) is far below half a unit of the format; what
 * it cannot decide falls back to the double-word path, then MPFR.
 *
 * Each operation: e = (the operands' bounds carried through it, Higham's
 * running error analysis, Accuracy and Stability of Numerical Algorithms,
 * 2nd ed., §3.3) + (its own rounding: u|z|, u = 2^-53, the standard model
 * written against the computed z, valid while z is finite), then times
 * 1 + 2^-40 (the few roundings of the bound's own evaluation) plus
 * η = 2^-1070 (a product or quotient that underflows, or a bound term that
 * does).  An overflow (z infinite) or NaN makes e = +inf: undecided.  An exact
 * zero (e = 0) keeps IEEE 754's sign where that sign is proved; any other
 * zero has e >= η and stays undecided.  doc/design.md, "The double + bound
 * fast path", derives each bound.  The operations branch only on rare cases
 * (zeros); transcendental functions are undecided.  Needs -ffp-contract=off. */
#ifndef OPTREF_ARITH_DB_H
#define OPTREF_ARITH_DB_H

#include <math.h>
#include <stddef.h>

#include "db_num.h"
#include "eb_num.h" /* optref_eb_ambiguous: the one flag for an unproved comparison */

#include <float.h>
_Static_assert(FLT_EVAL_METHOD == 0, "optref needs double arithmetic evaluated in double (SSE2, not x87)");

typedef optref_db_num optref_db_scalar[1];
typedef optref_db_num *optref_db_ptr;
typedef const optref_db_num *optref_db_src;
#define S_T optref_db_scalar
#define S_PTR optref_db_ptr
#define S_SRC optref_db_src
#define PFX(name) optref_db_##name
#define OPTREF_ARITH_NAME "db"

#define DB_U 0x1p-53
#ifndef DB_CARRY /* 1; tests/meson.build's mutant halves the carried bounds: its differential test must fail */
#define DB_CARRY 1
#endif
#define DB_UP (1 + 0x1p-40)   /* the roundings of a bound's own evaluation */
#define DB_LO (1 - 0x1p-50)   /* a computed lower bound, made one */
#define DB_ETA 0x1p-1070      /* underflow: of the result (<= 2^-1075) and of a bound's terms */

/* The bound of a result z from its carried part c: finite z only. */
static inline double db_bound(double z, double c)
{
    double e = (c * DB_CARRY + DB_U * fabs(z)) * DB_UP + DB_ETA;
    return fabs(z) <= DBL_MAX ? e : INFINITY;
}

/* An exact value: e = 0 (the sign of zero then IEEE's, proved). */
static inline int db_exact0(const optref_db_num *a) { return a->v == 0 && a->e == 0; }
/* a's sign is proved: |v| > e (an exact zero's sign is its own). */
static inline int db_signed(const optref_db_num *a) { return fabs(a->v) > a->e || a->e == 0; }

static inline void s_init(optref_db_num *r, long prec) { (void)prec; *r = (optref_db_num){ 0, 0 }; }
static inline void s_clear(optref_db_num *r) { (void)r; }
static inline void s_set(optref_db_num *r, const optref_db_num *a) { *r = *a; }
static inline void s_set_d(optref_db_num *r, double d) { *r = (optref_db_num){ d, 0 }; }
static inline double s_get_d(const optref_db_num *a) { return a->v; }

static inline void s_set_si(optref_db_num *r, long i)
{
    double d = (double)i; /* exact below 2^53; above, within half an ulp of d */
    *r = (optref_db_num){ d, fabs(d) < 0x1p53 ? 0 : fabs(d) * 0x1p-52 };
}
static inline void s_set_ui(optref_db_num *r, unsigned long u)
{
    double d = (double)u;
    *r = (optref_db_num){ d, d < 0x1p53 ? 0 : d * 0x1p-52 };
}

/* z = A + B: |a + b − z| <= ea + eb + |A + B − z|, the last <= u|z| (exact
 * when z is subnormal, and 0 when z = 0: A = −B). */
static inline void db_add(optref_db_num *r, double av, double ae, double bv, double be)
{
    double z = av + bv;
    if (z == 0 && ae == 0 && be == 0) { /* exact zeros, or A = −B: exact, IEEE's (and MPFR's) sign */
        *r = (optref_db_num){ z, 0 };
        return;
    }
    *r = (optref_db_num){ z, db_bound(z, ae + be) };
}
static inline void s_add(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { db_add(r, a->v, a->e, b->v, b->e); }
static inline void s_sub(optref_db_num *r, const optref_db_num *a, const optref_db_num *b) { db_add(r, a->v, a->e, -b->v, b->e); }

/* z = A·B: |ab − AB| <= ea(|B| + eb) + |A|eb; an exact zero factor times a
 * factor of proved sign is an exact zero. */
static inline void s_mul(optref_db_num *r, const optref_db_num *a, const optref_db_num *b)
{
    double z = a->v * b->v;
    if (z == 0 && ((db_exact0(a) && db_signed(b)) || (db_exact0(b) && db_signed(a)))) {
        *r = (optref_db_num){ z, 0 };
        return;
    }
    *r = (optref_db_num){ z, db_bound(z, a->e * (fabs(b->v) + b->e) + fabs(a->v) * b->e) };
}

/* z = A·q, q = RN(1/B): one division, not two (z need not be A/B rounded,
 * only bounded).  For 2^-1000 <= |B| <= 2^1000 and |B| > 2eb:
 *   |A/B − z| <= |A|·|1/B − q| + |Aq − z| <= u|A||q| + u|z| + 2^-1075,
 *   |a/b − A/B| <= (ea + |A/B|·eb)/(|B| − eb) <= (ea + |A/B|·eb)·|q|(1 + u)(1 + 2eb|q|(1 + u))
 * (1/(1 − x) <= 1 + 2x for x = eb/|B| <= 1/2), |A/B| <= |z|(1 + 2^-50) + η. */
static inline void s_div(optref_db_num *r, const optref_db_num *a, const optref_db_num *b)
{
    double ab = fabs(b->v), q = 1 / b->v, z = a->v * q;
    if (!(b->e < 0.5 * ab) || !(ab >= 0x1p-1000 && ab <= 0x1p1000)) { /* the divisor not settled, or out of range */
        *r = (optref_db_num){ a->v / b->v, INFINITY };
        return;
    }
    if (db_exact0(a)) { /* ±0·q: IEEE's sign of ±0/B */
        *r = (optref_db_num){ z, 0 };
        return;
    }
    double aq = fabs(q) * (1 + 0x1p-50); /* >= 1/|B| */
    double c = (a->e + (fabs(z) * (1 + 0x1p-50) + DB_ETA) * b->e) * aq * (1 + 2 * b->e * aq) + DB_U * fabs(a->v) * aq;
    *r = (optref_db_num){ z, db_bound(z, c) };
}

/* z = √A, A > ea (a > 0): |√a − √A| = |a − A|/(√a + √A) <= ea/√A, and
 * √A >= z(1 − 2^-50). */
static inline void s_sqrt(optref_db_num *r, const optref_db_num *a)
{
    double z = sqrt(a->v);
    if (db_exact0(a)) { /* √±0 = ±0 */
        *r = (optref_db_num){ z, 0 };
        return;
    }
    if (!(a->v > a->e)) { /* the operand may be negative or zero */
        *r = (optref_db_num){ z, INFINITY };
        return;
    }
    *r = (optref_db_num){ z, db_bound(z, a->e / (z * DB_LO)) };
}

static inline void s_neg(optref_db_num *r, const optref_db_num *a) { *r = (optref_db_num){ -a->v, a->e }; }
static inline void s_abs(optref_db_num *r, const optref_db_num *a)
{
    *r = (optref_db_num){ fabs(a->v), a->e }; /* ||A| − |a|| <= |A − a| */
}

/* Sign of a − b when its bound settles it; else the sign of the computed
 * difference, and optref_eb_ambiguous is set (the caller redoes the chunk in
 * the double-word path).  0 when either is NaN, as the other instantiations. */
static inline int s_cmp(const optref_db_num *a, const optref_db_num *b)
{
    if (isnan(a->v) || isnan(b->v))
        return optref_eb_ambiguous = 1, 0;
    if (a->e == 0 && b->e == 0)
        return (a->v > b->v) - (a->v < b->v); /* exact values (infinities too) */
    optref_db_num d;
    s_sub(&d, a, b);
    if (!(fabs(d.v) > d.e))
        optref_eb_ambiguous = 1;
    return (d.v > 0) - (d.v < 0);
}

static inline void s_max(optref_db_num *r, const optref_db_num *a, const optref_db_num *b)
{
    if (isnan(a->v) || isnan(b->v)) { /* mpfr_max: the other; not proved */
        optref_eb_ambiguous = 1;
        *r = isnan(a->v) ? *b : *a;
        return;
    }
    int c = s_cmp(a, b);
    *r = c > 0 ? *a : c < 0 ? *b : signbit(a->v) ? *b : *a;
}

static inline void s_clamp(optref_db_num *r, const optref_db_num *a, const optref_db_num *lo, const optref_db_num *hi)
{
    if (isnan(a->v)) {
        *r = *a;
        return;
    }
    if (s_cmp(a, lo) < 0)
        *r = *lo;
    else if (s_cmp(a, hi) > 0)
        *r = *hi;
    else
        *r = *a;
}

/* Transcendental functions: undecided (a libm value keeps the control flow
 * plausible; it never decides a rounding). */
static inline void s_exp(optref_db_num *r, const optref_db_num *a) { *r = (optref_db_num){ exp(a->v), INFINITY }; }
static inline void s_log(optref_db_num *r, const optref_db_num *a) { *r = (optref_db_num){ log(a->v), INFINITY }; }
static inline void s_log1p(optref_db_num *r, const optref_db_num *a) { *r = (optref_db_num){ log1p(a->v), INFINITY }; }
static inline void s_cos(optref_db_num *r, const optref_db_num *a) { *r = (optref_db_num){ cos(a->v), INFINITY }; }
static inline void s_cospi(optref_db_num *r, const optref_db_num *a)
{
    *r = (optref_db_num){ cos(3.14159265358979323846 * a->v), INFINITY };
}
/* a^n for an exact integer n, |n| <= 2^30, by squaring (each product
 * bounded as s_mul, a negative power as 1/a^|n|); any other a^b undecided. */
static inline void s_pow(optref_db_num *r, const optref_db_num *a, const optref_db_num *b)
{
    double n = b->v;
    if (!(b->e == 0 && n == nearbyint(n) && fabs(n) <= 0x1p30 && !isnan(a->v))) {
        *r = (optref_db_num){ pow(a->v, b->v), INFINITY };
        return;
    }
    optref_db_num acc = { 1, 0 }, base = *a, one = { 1, 0 };
    for (unsigned long k = (unsigned long)fabs(n); k; k >>= 1) {
        if (k & 1)
            s_mul(&acc, &acc, &base);
        if (k > 1)
            s_mul(&base, &base, &base);
    }
    if (n < 0)
        s_div(&acc, &one, &acc);
    *r = acc;
}

typedef optref_db_scalar *optref_db_vec;
#define S_VEC optref_db_vec

#endif
