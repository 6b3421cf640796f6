/* arith_eb.h: the error-bounded instantiation of optref's scalar operations.
 *
 * The third compilation of every body (after arith_double.h and
 * arith_mpfr.h): a scalar is a double-word h + l with a bound e on its
 * distance to the exact value (eb_num.h).  Each operation returns the
 * double-word result and e = (the operands' bounds carried through the
 * operation) + (its own rounding error), each term derived in
 * doc/design.md, "The error-bounded fast path":
 *   add, sub   AccurateDWPlusDW (Joldes, Muller & Popescu 2017, Alg. 6:
 *              relative error <= 3u² + 13u³; we charge 4u²·|z_h|);
 *   mul        DWTimesDW1 (ibid., Alg. 10) with Dekker's exact product
 *              (no FMA needed); we charge 16u²·|z_h| (derivation: 6u²);
 *   div, sqrt  one Newton correction of the double quotient or root; the
 *              bound is computed a posteriori from the residual, whose own
 *              roundings are counted term by term;
 * u = 2^-53.  The carried terms are Higham's running error analysis (Higham,
 * Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.3): for
 * |A − a| <= ea, |B − b| <= eb, |AB − ab| <= ea(|b| + eb) + |a|eb and
 * |A/B − a/b| <= (ea + |a/b|·eb)/(|b| − eb).  Every bound is computed in
 * double and then scaled by 1 + 2^-40, more than the roundings of its few
 * operations.  Outside 2^-900 <= |h| <= 2^900 (where a rounding could
 * underflow or the exact product split could overflow) the operations give
 * up, e = +inf (undecided), but a product of in-range operands that
 * underflows, which is charged 2^-1066 more.  An exact zero keeps IEEE 754's
 * sign where that sign is proved (else undecided).  Transcendental functions
 * (and a^b but for integer b) are undecided; a comparison the bounds cannot
 * settle sets optref_eb_ambiguous.  Needs -ffp-contract=off, as the build. */
#ifndef OPTREF_ARITH_EB_H
#define OPTREF_ARITH_EB_H

#include <math.h>
#include <stddef.h>

#include "eb_num.h"

#include <float.h>
_Static_assert(FLT_EVAL_METHOD == 0, "optref needs double arithmetic evaluated in double (SSE2, not x87)");

typedef optref_eb_num optref_eb_scalar[1];
typedef optref_eb_num *optref_eb_ptr;
typedef const optref_eb_num *optref_eb_src;
#define S_T optref_eb_scalar
#define S_PTR optref_eb_ptr
#define S_SRC optref_eb_src
#define PFX(name) optref_eb_##name
#define OPTREF_ARITH_NAME "eb"

#define EB_U 0x1p-53
#define EB_UP (1 + 0x1p-40)        /* covers the roundings of a bound's own evaluation */
#define EB_BIG 0x1p900
#define EB_TINY 0x1p-900
#define EB_ETA 0x1p-1066           /* underflow allowance of one product */

/* ---- error-free transformations (Knuth's 2Sum, Dekker's Fast2Sum, Veltkamp/Dekker's 2Prod) */

static inline void eb_two_sum(double a, double b, double *s, double *t)
{
    double z = a + b, bb = z - a;
    *s = z;
    *t = (a - (z - bb)) + (b - bb);
}

static inline void eb_fast_two_sum(double a, double b, double *s, double *t)
{
    double z = a + b;
    *s = z;
    *t = b - (z - a);
}

static inline void eb_split(double a, double *hi, double *lo)
{
    double c = 134217729.0 * a; /* 2^27 + 1 */
    *hi = c - (c - a);
    *lo = a - *hi;
}

/* a·b = p + q exactly, for |a|, |b| < 2^900 and no underflow. */
static inline void eb_two_prod(double a, double b, double *p, double *q)
{
    double a1, a2, b1, b2;
    eb_split(a, &a1, &a2);
    eb_split(b, &b1, &b2);
    *p = a * b;
    *q = ((a1 * b1 - *p) + a1 * b2 + a2 * b1) + a2 * b2;
}

static inline int eb_out(double h) { return !(fabs(h) <= EB_BIG); } /* NaN too */

static inline void eb_undecided(optref_eb_num *r, double approx)
{
    r->h = approx;
    r->l = 0;
    r->e = INFINITY;
}

/* ---- the operations ----------------------------------------------------------------- */

static inline void s_init(optref_eb_num *r, long prec) { (void)prec; *r = (optref_eb_num){ 0, 0, 0 }; }
static inline void s_clear(optref_eb_num *r) { (void)r; }
static inline void s_set(optref_eb_num *r, const optref_eb_num *a) { *r = *a; }
static inline void s_set_d(optref_eb_num *r, double d) { *r = (optref_eb_num){ d, 0, 0 }; }
static inline double s_get_d(const optref_eb_num *a) { return a->h + a->l; }

static inline void s_set_si(optref_eb_num *r, long i)
{
    double d = (double)i; /* exact below 2^53; above, within half an ulp of d */
    *r = (optref_eb_num){ d, 0, fabs(d) < 0x1p53 ? 0 : fabs(d) * 0x1p-52 };
}
static inline void s_set_ui(optref_eb_num *r, unsigned long u)
{
    double d = (double)u;
    *r = (optref_eb_num){ d, 0, d < 0x1p53 ? 0 : d * 0x1p-52 };
}

/* AccurateDWPlusDW (JMP 2017 Alg. 6). */
static inline void eb_add_dw(double xh, double xl, double yh, double yl, double *zh, double *zl)
{
    double sh, sl, th, tl, vh, vl;
    eb_two_sum(xh, yh, &sh, &sl);
    eb_two_sum(xl, yl, &th, &tl);
    eb_fast_two_sum(sh, sl + th, &vh, &vl);
    eb_fast_two_sum(vh, tl + vl, zh, zl);
}

static inline void eb_add(optref_eb_num *r, const optref_eb_num *a, double bh, double bl, double be)
{
    double zh, zl, e = (a->e + be) * EB_UP;
    if (a->h == 0 && a->e == 0 && bh == 0 && be == 0) { /* exact zeros: IEEE's (and MPFR's) sign rule */
        *r = (optref_eb_num){ a->h + bh, 0, 0 };
        return;
    }
    if (a->l == 0 && bl == 0) /* two doubles: Knuth's 2Sum is exact */
        eb_two_sum(a->h, bh, &zh, &zl);
    else {
        eb_add_dw(a->h, a->l, bh, bl, &zh, &zl);
        e = (e + 4 * EB_U * EB_U * fabs(zh)) * EB_UP;
    }
    *r = (optref_eb_num){ zh, zl, eb_out(zh) ? INFINITY : e };
}
static inline void s_add(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { eb_add(r, a, b->h, b->l, b->e); }
static inline void s_sub(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b) { eb_add(r, a, -b->h, -b->l, b->e); }

/* DWTimesDW1 (JMP 2017 Alg. 10) with Dekker's 2Prod. */
static inline void eb_mul_dw(double xh, double xl, double yh, double yl, double *zh, double *zl)
{
    double ch, cl1;
    eb_two_prod(xh, yh, &ch, &cl1);
    double cl2 = xh * yl + xl * yh;
    eb_fast_two_sum(ch, cl1 + cl2, zh, zl);
}

static inline void s_mul(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b)
{
    double aa = fabs(a->h) + fabs(a->l), ab = fabs(b->h) + fabs(b->l);
    double e = a->e * (ab + b->e) + aa * b->e, zh, zl;
    int za = aa == 0 && a->e == 0, zb = ab == 0 && b->e == 0; /* exact zeros */
    if ((za && (zb || (fabs(b->h) - fabs(b->l) > b->e && !eb_out(b->h)))) ||
        (zb && fabs(a->h) - fabs(a->l) > a->e && !eb_out(a->h))) {
        *r = (optref_eb_num){ a->h * b->h, 0, 0 }; /* an exact zero times a number of known sign: IEEE's sign */
        return;
    }
    if (eb_out(a->h) || eb_out(b->h) || (aa != 0 && fabs(a->h) < EB_TINY) || (ab != 0 && fabs(b->h) < EB_TINY)) {
        eb_undecided(r, a->h * b->h);
        return;
    }
    if (a->l == 0 && b->l == 0) /* two doubles: Dekker's product is exact (in range) */
        eb_two_prod(a->h, b->h, &zh, &zl);
    else {
        eb_mul_dw(a->h, a->l, b->h, b->l, &zh, &zl);
        e += 16 * EB_U * EB_U * fabs(zh);
    }
    if (fabs(zh) < EB_TINY && aa != 0 && ab != 0)
        e += EB_ETA;
    /* a zero here has no proved sign (an operand's sign unknown, or lost in the sums) */
    *r = (optref_eb_num){ zh, zl, eb_out(zh) || (zh == 0 && e == 0) ? INFINITY : e * EB_UP };
}

static inline int eb_range(double h) { return fabs(h) >= EB_TINY && fabs(h) <= EB_BIG; }

/* z = x/y: zh = RN(xh/yh), corrected by the residual r = x − zh·y.  Then
 * |x − z·y| <= er + u|zl·yh| + |zl·yl| (er: the residual's roundings), and
 * |x/y − z| <= that / |y|, |y| >= |yh|(1 − u). */
static inline void s_div(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b)
{
    double xh = a->h, xl = a->l, yh = b->h, yl = b->l;
    double ay = fabs(yh) - fabs(yl) - b->e; /* >= |exact divisor| lower bound, up to roundings */
    if (xh == 0 && xl == 0 && a->e == 0 && eb_range(yh) && b->e <= 0.25 * fabs(yh)) {
        *r = (optref_eb_num){ xh / yh, 0, 0 }; /* IEEE's signed zero, as MPFR */
        return;
    }
    if (!eb_range(xh) || !eb_range(yh) || !(b->e <= 0.25 * fabs(yh))) {
        eb_undecided(r, xh / yh);
        return;
    }
    double zh = xh / yh, ph, pl;
    eb_two_prod(zh, yh, &ph, &pl);
    double t = zh * yl;
    double r1 = xh - ph;            /* exact (Sterbenz) */
    double r2 = r1 - pl, r3 = r2 + xl, rr = r3 - t;
    /* t's rounding and three sums', doubled; 2^-1070: t or zl underflowing */
    double er = EB_U * (fabs(t) + fabs(r2) + fabs(r3) + fabs(rr)) * 2 + 0x1p-1070;
    double zl = rr / yh, sh, sl;
    eb_fast_two_sum(zh, zl, &sh, &sl);
    if (!eb_range(sh)) {
        eb_undecided(r, sh);
        return;
    }
    double local = (er + EB_U * fabs(zl * yh) + fabs(zl * yl)) * EB_UP / (fabs(yh) * (1 - 2 * EB_U));
    /* the operands' bounds: (ea + |z|·eb)/(|y| − eb) */
    double carried = (a->e + (fabs(sh) + fabs(sl) + local) * b->e) * EB_UP / (ay * (1 - 0x1p-50));
    *r = (optref_eb_num){ sh, sl, (local + carried) * EB_UP };
}

/* z = √a: zh = RN(√ah), corrected by the residual a − zh²; then
 * |√a − z| <= |a − z²|/(√a + z) <= (er + 2u|zh·zl| + zl²)/|zh|(1 − u), and
 * the operand's bound adds ea/(√A + √a) <= ea/√a. */
static inline void s_sqrt(optref_eb_num *r, const optref_eb_num *a)
{
    double ah = a->h, al = a->l;
    if (ah == 0 && al == 0 && a->e == 0) {
        *r = *a; /* √±0 = ±0 */
        return;
    }
    if (!eb_range(ah) || ah < 0 || !(a->e <= 0.25 * ah)) {
        eb_undecided(r, sqrt(ah));
        return;
    }
    double zh = sqrt(ah), p, q;
    eb_two_prod(zh, zh, &p, &q);
    double t1 = ah - p; /* exact (Sterbenz) */
    double t2 = t1 - q, rr = t2 + al;
    double er = EB_U * (fabs(t2) + fabs(rr));
    double zl = rr / (2 * zh), sh, sl;
    eb_fast_two_sum(zh, zl, &sh, &sl);
    double local = (er + 2 * EB_U * fabs(zh * zl) + zl * zl) * EB_UP / (zh * (1 - 2 * EB_U));
    double root_lo = sqrt((ah - fabs(al)) * (1 - 0x1p-50)) * (1 - 0x1p-50); /* <= √a */
    double carried = a->e * EB_UP / root_lo;
    *r = (optref_eb_num){ sh, sl, (local + carried) * EB_UP };
}

static inline void s_neg(optref_eb_num *r, const optref_eb_num *a) { *r = (optref_eb_num){ -a->h, -a->l, a->e }; }
static inline void s_abs(optref_eb_num *r, const optref_eb_num *a)
{
    int neg = signbit(a->h);
    *r = (optref_eb_num){ neg ? -a->h : a->h, neg ? -a->l : a->l, a->e }; /* ||A| − |a|| <= |A − a| */
}

/* Sign of a − b when its bound settles it; else the sign of the double-word
 * difference, and optref_eb_ambiguous is set (the caller redoes it in MPFR).
 * 0 when either is NaN, as the other instantiations. */
static inline int s_cmp(const optref_eb_num *a, const optref_eb_num *b)
{
    if (isnan(a->h) || isnan(b->h))
        return optref_eb_ambiguous = 1, 0;
    if (a->e == 0 && b->e == 0 && a->h == b->h && a->l == b->l)
        return 0; /* exactly equal */
    if (isinf(a->h) || isinf(b->h)) {
        if (a->e != 0 || b->e != 0)
            optref_eb_ambiguous = 1;
        return (a->h > b->h) - (a->h < b->h);
    }
    optref_eb_num d;
    s_sub(&d, a, b);
    if (!(fabs(d.h) * (1 - 0x1p-50) > d.e))
        optref_eb_ambiguous = 1;
    return (d.h > 0) - (d.h < 0);
}

static inline void s_max(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b)
{
    if (isnan(a->h) || isnan(b->h)) { /* mpfr_max: the other; a NaN bound is not proved */
        optref_eb_ambiguous = 1;
        *r = isnan(a->h) ? *b : *a;
        return;
    }
    int c = s_cmp(a, b);
    *r = c > 0 ? *a : c < 0 ? *b : signbit(a->h) ? *b : *a;
}

static inline void s_clamp(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *lo, const optref_eb_num *hi)
{
    if (isnan(a->h)) {
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
 * plausible; the result is never used to decide). */
static inline void s_exp(optref_eb_num *r, const optref_eb_num *a) { eb_undecided(r, exp(a->h)); }
static inline void s_log(optref_eb_num *r, const optref_eb_num *a) { eb_undecided(r, log(a->h)); }
static inline void s_log1p(optref_eb_num *r, const optref_eb_num *a) { eb_undecided(r, log1p(a->h)); }
static inline void s_cos(optref_eb_num *r, const optref_eb_num *a) { eb_undecided(r, cos(a->h)); }
/* a^n for an exact integer n, |n| <= 2^30, by squaring (each product
 * bounded as s_mul, a negative power as 1/a^|n|); any other a^b undecided. */
static inline void s_pow(optref_eb_num *r, const optref_eb_num *a, const optref_eb_num *b)
{
    double n = b->h;
    if (!(b->e == 0 && b->l == 0 && n == nearbyint(n) && fabs(n) <= 0x1p30 && !isnan(a->h))) {
        eb_undecided(r, pow(a->h, b->h));
        return;
    }
    optref_eb_num acc = { 1, 0, 0 }, base = *a, one = { 1, 0, 0 };
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
static inline void s_cospi(optref_eb_num *r, const optref_eb_num *a) { eb_undecided(r, cos(3.14159265358979323846 * a->h)); }

typedef optref_eb_scalar *optref_eb_vec;
#define S_VEC optref_eb_vec

#endif
