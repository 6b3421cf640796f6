/* arith_fb.h: the rounding-bound instantiation of optref's scalar operations.
 *
 * The fifth compilation of every body (after arith_double.h, arith_mpfr.h,
 * arith_eb.h, arith_db.h).  A scalar (fb_num.h) is a binary64 value v with
 * two bounds: d on |c − v|, c the exact value of the mathematics on the same
 * inputs, and e on |ĉ − c| for every implementation ĉ that performs the
 * same operations in the model's format F (optref_fb_m), each correctly
 * rounded.  Inputs are exact (d = e = 0): the candidate's own values, and
 * hyper-parameters as the setup rounded them.
 *
 * Each operation ĉ = RN_F(â ∘ b̂) with |â − a| <= ea, |b̂ − b| <= eb:
 *   |ĉ − c| <= |â ∘ b̂ − a ∘ b| + |RN_F(x) − x|,  x = â ∘ b̂,
 * the first term carried as Higham carries it (Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., §2.2 and §3.3), the second <= u|x| (+ eta
 * for a product or quotient that may underflow), |x| <= |c| + carried.
 * With exact operands and an exactly known c the second term is computed
 * itself, |RN_F(c) − c|.  d is binary64's own running error, with the exact
 * rounding error of each operation (error-free transformations: TwoSum, FMA
 * residuals).  Every bound is evaluated in binary64 and multiplied by
 * 1 + 2^-40, which exceeds the few roundings of its own evaluation.
 * Any order (optref_fb_m.any): a sum of k leaves x̂_i in any association
 * errs by at most γ_{k−1} Σ|x̂_i| (Higham (4.4)); a product's roundings
 * multiply whatever the association, and its underflows are bounded by
 * the chain's largest sub-product (fb_num.h).  doc/verify.md, "The rounding
 * bound", derives every rule; tests/test_bound.c checks them against
 * independent evaluations.  Needs -ffp-contract=off. */
#ifndef OPTREF_ARITH_FB_H
#define OPTREF_ARITH_FB_H

#include <float.h>
#include <math.h>
#include <stddef.h>

#include "coremath.h"
#include "fb_num.h"

_Static_assert(FLT_EVAL_METHOD == 0, "optref needs double arithmetic evaluated in double (SSE2, not x87)");

typedef optref_fb_num optref_fb_scalar[1];
typedef optref_fb_num *optref_fb_ptr;
typedef const optref_fb_num *optref_fb_src;
#define S_T optref_fb_scalar
#define S_PTR optref_fb_ptr
#define S_SRC optref_fb_src
#define PFX(name) optref_fb_##name
#define OPTREF_ARITH_NAME "fb"

#define FB_UP (1 + 0x1p-40)  /* the roundings of a bound's own evaluation */
#define FB_LO (1 - 0x1p-50)  /* a computed lower bound, made one */
#define FB_ETA 0x1p-1022     /* binary64's underflow, for d: its smallest normal, so that no bound
                                is subnormal (a subnormal operand costs ~100 cycles on x86) */
#define FB_U53 0x1p-53

/* max and min of bounds, inline (libm's fmax and fmin are calls); a NaN bound wins, as none */
static inline double fb_max(double a, double b) { return a > b || a != a ? a : b; }
static inline double fb_min(double a, double b) { return a < b || b != b ? a : b; }

static inline optref_fb_num fb_exact(double v)
{
    return (optref_fb_num){ .v = v, .pa = 1, .pr = 1, .nn = v >= 0 };
}
static inline double fb_up(const optref_fb_num *a) { return fabs(a->v) + a->d; }           /* >= |c| */
static inline double fb_upi(const optref_fb_num *a) { return fabs(a->v) + a->d + a->e; }   /* >= |ĉ| */
static inline double fb_lo(const optref_fb_num *a) { return (fabs(a->v) - a->d) * FB_LO; } /* <= |c| (may be < 0) */
static inline double fb_loi(const optref_fb_num *a) { return (fabs(a->v) - a->d - a->e) * FB_LO; }
static inline int fb_isexact(const optref_fb_num *a) { return a->d == 0 && a->e == 0; }
/* Every implementation's value is finite (0·ĉ is then 0). */
static inline int fb_finite_impl(const optref_fb_num *a) { return fb_upi(a) * FB_UP <= optref_fb_m.big; }
/* <= |c| and <= every |ĉ|: the interval's, or the one carried (lo) */
static inline double fb_lower(const optref_fb_num *a) { return fb_max(fb_loi(a), a->lo * FB_LO); }

/* e of a result with |c| <= cu and carried error prop; may_uf: the
 * implementation's unrounded result may lie below F's normal range. */
static inline double fb_e(double cu, double prop, int may_uf)
{
    double x = cu + prop; /* >= |â ∘ b̂| */
    double e = (prop + optref_fb_m.u * x) * FB_UP + (may_uf ? optref_fb_m.eta : 0);
    if (x > 0 && x < 0x1p-960)
        e += FB_ETA; /* u·x may underflow in binary64 */
    return x * FB_UP <= optref_fb_m.big ? e : INFINITY;
}

/* e when the operands are exact F values and c = z + t exactly (t the
 * binary64 rounding error of z, 0 when z is c): the implementation computes
 * RN_F(c), which is at least as near c as RN_F(z): |RN_F(c) − c| <=
 * |RN_F(z) − z| + |t|.  For p < 24 also RN_F(RN_32(c)) (opmath). */
static inline double fb_e_exact(double z, double t)
{
    const optref_format *F = optref_fb_m.fmt;
    if (!isfinite(z))
        return INFINITY;
    double r = optref_fb_round(z, F);
    if (!isfinite(r) && isfinite(z))
        return INFINITY;
    if (F->prec < 24) {
        if (t != 0)
            return fb_e(fabs(z) + fabs(t), 0, 1);
        double r2 = optref_fb_round((double)(float)z, F);
        if (!isfinite(r2) && isfinite(z))
            return INFINITY;
        return fb_max(fabs(r - z), fabs(r2 - z));
    }
    return (fabs(r - z) + fabs(t)) * FB_UP;
}

static inline double fb_fin(double d) { return d == d && d < INFINITY ? d : INFINITY; }

/* x·r for x >= 0 and r >= 0 without losing a product below binary64's normal
 * range (scaled by 2^600 and back: one rounding, within FB_ETA). */
static inline double fb_scaled_mul(double x, double r)
{
    return x < 0x1p-900 ? ldexp(ldexp(x, 600) * r, -600) : x * r;
}

/* ---- chains: any order -------------------------------------------------- */

static inline void fb_leaf_sum(const optref_fb_num *a, double *k, double *S, double *E)
{
    if (a->sk > 0)
        *k = a->sk, *S = a->sa, *E = a->se;
    else
        *k = 1, *S = fb_upi(a), *E = a->e;
}

/* The sum r of a and ±b as a chain: e over every association. */
static inline void fb_chain_sum(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b)
{
    double ka, Sa, Ea, kb, Sb, Eb;
    fb_leaf_sum(a, &ka, &Sa, &Ea);
    fb_leaf_sum(b, &kb, &Sb, &Eb);
    double k = ka + kb, S = Sa + Sb, E = Ea + Eb;
    r->sk = k, r->sa = S, r->se = E;
    if (k == 2) /* two leaves: one association, the operation's own bound holds (and is the smaller) */
        return;
    double g = (k - 1) * optref_fb_m.u;
    double ea = g < 0.5 ? (E + g / (1 - g) * S) * FB_UP : INFINITY;
    r->e = S * FB_UP <= optref_fb_m.big ? ea : INFINITY;
}

static inline void fb_leaf_prod(const optref_fb_num *a, double *k, double *em, double *pa, double *qa)
{
    if (a->pk > 0) {
        *k = a->pk, *em = a->em, *pa = a->pa, *qa = a->pr;
        return;
    }
    double li = fb_lower(a);
    *k = 0, *em = a->e, *pa = fb_max(1, fb_upi(a)), *qa = li > 0 ? fb_min(1, li * FB_LO) : 0;
}

/* The product (div = 0) or quotient (div = 1) r of a and b as a chain.
 * em: the main part, carried as the transcription's order carries it (the
 * roundings multiply the same way in every association; a rounding inside a
 * divisor is u/(1 − u), hence 1 + 4u); the underflows: each of the pk
 * roundings errs by eta at most, times a sub-product of the chain's other
 * factors (<= pa), times (1 + u)^pk for the roundings after it. */
static inline void fb_chain_prod(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b, int div,
                                 double cu)
{
    double ka, ma, paa, qaa, kb, mb, pab, qab;
    fb_leaf_prod(a, &ka, &ma, &paa, &qaa);
    fb_leaf_prod(b, &kb, &mb, &pab, &qab);
    double u = optref_fb_m.u, k = ka + kb + 1, prop;
    if (!div)
        prop = ma * (fb_up(b) + b->e) + fb_up(a) * mb;
    else {
        double lb = fb_lower(b);
        prop = lb > 0 ? ma / lb + fb_scaled_mul(cu, mb / lb) : INFINITY;
        double t = qab > 0 ? FB_UP / qab : INFINITY; /* the divisor's factors enter as reciprocals */
        qab = 1 / (pab * FB_UP), pab = t;
    }
    double em = (prop + u * (cu + prop)) * FB_UP * (1 + 4 * u) + (ma > 0 || mb > 0 || cu < 0x1p-960 ? FB_ETA : 0);
    double pa = paa * pab, pr = qaa * qab;
    double uf = k * optref_fb_m.eta * pa * (1 + 2 * k * u) * FB_UP;
    double ea = k * u < 0.25 ? fb_fin(em + uf) : INFINITY;
    if (!((cu + prop) * FB_UP <= optref_fb_m.big) || (k > 1 && !(pa * FB_UP <= optref_fb_m.big)))
        ea = INFINITY; /* some association's partial product may overflow: inf or NaN (0·inf) */
    r->e = k == 1 ? fb_min(r->e, ea) : ea;
    r->pk = k, r->em = em, r->pa = pa, r->pr = pr;
}

static inline void fb_any(optref_fb_num *r) { r->sk = 0, r->pk = 0, r->pa = 1, r->pr = 1; } /* pr: see fb_num.h */

/* Without a bound an implementation may give NaN: no sign, no lower bound claimed. */
static inline void fb_nobound(optref_fb_num *r)
{
    if (!(r->e < INFINITY))
        r->nn = 0, r->lo = 0;
}

/* ---- the operations ------------------------------------------------------- */

static inline void s_init(optref_fb_num *r, long prec) { (void)prec; *r = fb_exact(0); }
static inline void s_clear(optref_fb_num *r) { (void)r; }
static inline void s_set(optref_fb_num *r, const optref_fb_num *a) { *r = *a; }
/* A constant as given: the bodies' literals are 0, 1/2, 1, 3; problem
 * constants come rounded to F.  Hyper-parameters: ws.c (fb_held). */
static inline void s_set_d(optref_fb_num *r, double x) { *r = fb_exact(x); }
static inline double s_get_d(const optref_fb_num *a) { return a->v; }
/* An integer (a step count): the implementation may hold it in F. */
static inline void s_set_si(optref_fb_num *r, long i)
{
    double x = (double)i;
    *r = fb_exact(x);
    r->d = fabs(x) < 0x1p53 ? 0 : fabs(x) * 0x1p-52;
    r->e = r->d == 0 ? fb_e_exact(x, 0) : fb_e(fabs(x) + r->d, 0, 0);
}
static inline void s_set_ui(optref_fb_num *r, unsigned long i)
{
    double x = (double)i;
    *r = fb_exact(x);
    r->d = x < 0x1p53 ? 0 : x * 0x1p-52;
    r->e = r->d == 0 ? fb_e_exact(x, 0) : fb_e(x + r->d, 0, 0);
}

static inline void fb_addsub(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b, double sb)
{
    double av = a->v, bv = sb * b->v, z = av + bv;
    double bb = z - av, t = (av - (z - bb)) + (bv - bb); /* TwoSum: av + bv = z + t exactly */
    double dp = a->d + b->d;
    double d = fb_fin((dp + fabs(t)) * FB_UP);
    double prop = a->e + b->e, cu = fabs(z) + d;
    double e = prop == 0 && dp == 0 ? fb_e_exact(z, t) : fb_e(cu, prop, 0); /* sums of F values: exact below normal */
    int nn = sb > 0 && a->nn && b->nn;
    optref_fb_num x = { .v = z, .d = d, .e = e, .pa = 1, .pr = 1 }; /* r may be a or b: written last */
    if (optref_fb_m.any)
        fb_chain_sum(&x, a, b);
    x.nn = nn || z - d - x.e >= 0;
    if (nn) /* both >= 0 in every implementation: RN is monotone, â + b̂ >= max(â, b̂) */
        x.lo = fb_max(fb_lower(a), fb_lower(b));
    fb_nobound(&x);
    *r = x;
}
static inline void s_add(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { fb_addsub(r, a, b, 1); }
static inline void s_sub(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b) { fb_addsub(r, a, b, -1); }

static inline void s_mul(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b)
{
    double z = a->v * b->v, az = fabs(z);
    int nn = (a->nn && b->nn) || a == b;
    if ((fb_isexact(a) && a->v == 0 && fb_finite_impl(b)) || (fb_isexact(b) && b->v == 0 && fb_finite_impl(a))) {
        optref_fb_num x = fb_exact(z); /* an exact zero factor times a finite one: every implementation gives 0 */
        if (optref_fb_m.any) /* unless another association overflows first: 0·inf */
            fb_chain_prod(&x, a, b, 0, 0);
        x.nn = 1;
        *r = x;
        return;
    }
    double dp = a->d * (fabs(b->v) + b->d) + fabs(a->v) * b->d, t, d;
    if (az >= 0x1p-968 && az <= DBL_MAX) {
        t = fma(a->v, b->v, -z); /* exact residual in this range */
        d = fb_fin((dp + fabs(t)) * FB_UP);
    } else {
        t = NAN;
        d = fb_fin((dp + FB_U53 * az) * FB_UP + FB_ETA);
    }
    if (a->d > 0 || b->d > 0)
        d += FB_ETA; /* the products above may underflow */
    double prop = a->e * (fb_up(b) + b->e) + fb_up(a) * b->e + (a->e > 0 || b->e > 0 ? FB_ETA : 0), cu = az + d;
    int may_uf = cu - d - prop < optref_fb_m.tiny * 2 || az < optref_fb_m.tiny * 2;
    double e = prop == 0 && dp == 0 && t == t ? fb_e_exact(z, t) : fb_e(cu, prop, may_uf);
    optref_fb_num x = { .v = z, .d = d, .e = e, .pa = 1, .pr = 1 };
    if (optref_fb_m.any)
        fb_chain_prod(&x, a, b, 0, cu);
    x.nn = nn || (z >= 0 && az - d - x.e >= 0);
    fb_nobound(&x);
    *r = x;
}

static inline void s_div(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b)
{
    double z = a->v / b->v, az = fabs(z), ab = fabs(b->v), lb = fb_max(fb_lo(b), b->lo * FB_LO), lbi = fb_lower(b);
    if (!(lb > 0) || !(ab >= 0x1p-1000 && ab <= 0x1p1000)) { /* the divisor may be 0, or out of range */
        *r = fb_exact(z);
        r->d = r->e = INFINITY;
        r->nn = 0;
        return;
    }
    double t = NAN, d;
    if (fabs(a->v) >= 0x1p-900 && az >= 0x1p-900 && az <= 0x1p900) {
        double rr = fma(-z, b->v, a->v); /* exact remainder: a − zb */
        t = rr / b->v;                    /* the quotient's error, to within 2^-52 relative of itself */
        d = fb_fin(a->d / lb + fb_scaled_mul(az + fabs(t) * 2, b->d / lb) + fabs(t) * (1 + 0x1p-50)) * FB_UP;
        if (t != 0)
            t = NAN; /* not exactly c − z: no exact shortcut with it */
    } else
        d = fb_fin((a->d / lb + fb_scaled_mul(az * (1 + 0x1p-50) + FB_ETA, b->d / lb) + FB_U53 * az) * FB_UP + FB_ETA);
    if (fb_isexact(a) && a->v == 0 && lbi > 0) { /* 0/b, b away from 0: every implementation gives 0 */
        optref_fb_num x = fb_exact(z);
        if (optref_fb_m.any) /* unless another association overflows first: 0·inf */
            fb_chain_prod(&x, a, b, 1, 0);
        x.nn = 1;
        *r = x;
        return;
    }
    if (a->d > 0 || b->d > 0)
        d += FB_ETA; /* the products above may underflow */
    double cu = az + d, prop = lbi > 0 ? a->e / lbi + fb_scaled_mul(cu, b->e / lbi) + (a->e > 0 || b->e > 0 ? FB_ETA : 0)
                                       : INFINITY;
    int may_uf = cu - d - prop < optref_fb_m.tiny * 2 || az < optref_fb_m.tiny * 2;
    double e = prop == 0 && a->d == 0 && b->d == 0 && t == 0 ? fb_e_exact(z, 0) : fb_e(cu, prop, may_uf);
    if (!(lbi > 0))
        e = INFINITY;
    optref_fb_num x = { .v = z, .d = d, .e = e, .pa = 1, .pr = 1 };
    if (optref_fb_m.any)
        fb_chain_prod(&x, a, b, 1, cu);
    x.nn = (a->nn && b->nn) || (z >= 0 && az - d - x.e >= 0);
    fb_nobound(&x);
    *r = x;
}

/* √: |√â − √a| <= min(√ea, ea/√a) (√ is ½-Hölder and has derivative
 * 1/(2√a)); every implementation's operand must be >= 0: proved by its
 * sign (nn) or its interval. */
static inline void s_sqrt(optref_fb_num *r, const optref_fb_num *a)
{
    double z = sqrt(a->v), la = (a->v - a->d) * FB_LO, d;
    if (fb_isexact(a) && a->v == 0) {
        *r = fb_exact(z);
        r->nn = 1;
        return;
    }
    double t = NAN;
    if (a->v >= 0x1p-900 && a->v <= 0x1p1000) {
        double rr = fma(-z, z, a->v); /* exact: a − z² */
        t = rr == 0 ? 0 : NAN;
        double dp = a->d == 0 ? 0 : fb_min(sqrt(a->d), la > 0 ? a->d / sqrt(la) : INFINITY) * (1 + 0x1p-50);
        d = fb_fin((dp + fabs(rr) / z) * FB_UP);
    } else
        d = a->v >= 0 ? fb_fin((sqrt(a->d) * (1 + 0x1p-50) + FB_U53 * z) * FB_UP + FB_ETA) : INFINITY;
    double prop = a->e == 0 ? 0 : fb_min(sqrt(a->e), la > 0 ? a->e / sqrt(la) : INFINITY) * (1 + 0x1p-50);
    double cu = z + d;
    double e = !(a->nn || (a->v - a->d - a->e) >= 0) ? INFINITY
               : prop == 0 && a->d == 0 && t == 0    ? fb_e_exact(z, 0)
                                                     : fb_e(cu, prop, 0);
    double l = fb_lower(a);
    *r = (optref_fb_num){ .v = z, .d = d, .e = e, .pa = 1, .pr = 1, .nn = 1,
                          .lo = l > 0 ? sqrt(l) * (1 - optref_fb_m.u) * FB_LO : 0 }; /* RN(√â) >= √L(1 − u) */
    fb_nobound(r);
}

static inline void s_neg(optref_fb_num *r, const optref_fb_num *a)
{
    *r = *a;
    r->v = -a->v;
    r->nn = a->v == 0 && fb_isexact(a) && a->nn;
}
static inline void s_abs(optref_fb_num *r, const optref_fb_num *a)
{
    *r = *a; /* ||â| − |a|| <= |â − a| */
    r->v = fabs(a->v);
    fb_any(r);
    r->nn = 1;
    fb_nobound(r);
}

/* Sign of a − b.  When some implementation (or the exact value) may compare
 * otherwise, optref_fb_unproved is set: the branch taken, hence what follows,
 * is not proved for every implementation.  0 when either is NaN. */
static inline int s_cmp(const optref_fb_num *a, const optref_fb_num *b)
{
    if (isnan(a->v) || isnan(b->v))
        return optref_fb_unproved = 1, 0;
    if (!(fb_isexact(a) && fb_isexact(b))) {
        double w = (a->d + b->d + a->e + b->e) * FB_UP;
        double diff = a->v - b->v;
        if (!(fabs(diff) * FB_LO > w + fabs(a->v - diff - b->v)))
            optref_fb_unproved = 1;
    }
    return (a->v > b->v) - (a->v < b->v);
}

/* max and clamp are 1-Lipschitz in the largest of their operands' errors. */
static inline void s_max(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b)
{
    optref_fb_num x;
    if (isnan(a->v) || isnan(b->v)) {
        optref_fb_unproved = 1;
        *r = isnan(a->v) ? *b : *a;
        return;
    }
    x = a->v > b->v ? *a : b->v > a->v ? *b : signbit(a->v) ? *b : *a;
    x.d = fb_max(a->d, b->d);
    x.e = fb_max(a->e, b->e);
    x.nn = a->nn || b->nn;
    x.lo = a->nn && b->nn ? fb_max(fb_lower(a), fb_lower(b)) : 0;
    fb_any(&x);
    fb_nobound(&x);
    *r = x;
}

static inline void s_clamp(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *lo,
                           const optref_fb_num *hi)
{
    if (isnan(a->v)) {
        *r = *a;
        return;
    }
    optref_fb_num x = a->v < lo->v ? *lo : a->v > hi->v ? *hi : *a;
    x.d = fb_max(a->d, fb_max(lo->d, hi->d));
    x.e = fb_max(a->e, fb_max(lo->e, hi->e));
    x.nn = lo->nn || (x.v - x.d - x.e >= 0);
    x.lo = 0;
    fb_any(&x);
    fb_nobound(&x);
    *r = x;
}

/* ---- functions: faithful in F (below 2u relative, plus eta) -------------- */

static inline double fb_e_fn(double cu, double prop)
{
    double x = cu + prop;
    double e = (prop + 2 * optref_fb_m.u * x) * FB_UP + optref_fb_m.eta;
    return x * FB_UP <= optref_fb_m.big ? e : INFINITY;
}

/* r from z (correctly rounded binary64 of the function at v), v's own
 * carried error dp and the implementation's carried error prop. */
static inline void fb_fn(optref_fb_num *r, double z, double dp, double prop, int nn)
{
    double d = fb_fin((dp + FB_U53 * fabs(z)) * FB_UP + FB_ETA);
    *r = (optref_fb_num){ .v = z, .d = d, .e = fb_fin(fb_e_fn(fabs(z) + d, prop)), .pa = 1, .pr = 1, .nn = nn };
    fb_nobound(r);
}

/* |e^â − e^a| = e^a |e^(â−a) − 1| <= e^a expm1(ea) */
static inline void s_exp(optref_fb_num *r, const optref_fb_num *a)
{
    double z = optref_cm_exp(a->v), zu = z * (1 + 0x1p-50) + FB_ETA;
    double dp = zu * expm1(a->d) * (1 + 0x1p-50);
    double cu = zu + dp;
    fb_fn(r, z, dp, cu * expm1(a->e) * (1 + 0x1p-50), 1);
}
/* |ln â − ln a| <= |â − a| / min(â, a) */
static inline void s_log(optref_fb_num *r, const optref_fb_num *a)
{
    double l = (a->v - a->d) * FB_LO, li = (a->v - a->d - a->e) * FB_LO;
    fb_fn(r, optref_cm_log(a->v), l > 0 ? a->d / l : INFINITY, li > 0 ? a->e / li : INFINITY, 0);
}
static inline void s_log1p(optref_fb_num *r, const optref_fb_num *a)
{
    double l = (1 + (a->v - a->d)) * FB_LO, li = (1 + (a->v - a->d - a->e)) * FB_LO;
    fb_fn(r, optref_cm_log1p(a->v), l > 0 ? a->d / l : INFINITY, li > 0 ? a->e / li : INFINITY, a->nn);
}
static inline void s_cos(optref_fb_num *r, const optref_fb_num *a)
{
    fb_fn(r, optref_cm_cos(a->v), fb_min(a->d, 2), fb_min(a->e, 2), 0);
}
static inline void s_cospi(optref_fb_num *r, const optref_fb_num *a)
{
    double pi = 3.1415926535897936; /* > π */
    fb_fn(r, optref_cm_cospi(a->v), fb_min(pi * a->d * FB_UP, 2), fb_min(pi * a->e * FB_UP, 2), 0);
}

/* a^b.  b an exact integer n: a relative error ρ of a makes a relative error
 * of at most (1 − ρ)^−|n| − 1 = expm1(−|n| log1p(−ρ)) of a^n.  Otherwise
 * a > 0: |b̂ ln â − b ln a| <= eb(|ln a| + ea/a) + |b| ea/a =: δ, and the
 * power errs by e^δ − 1 relative. */
static inline double fb_pow_rel(double n, double err, double lo)
{
    if (err == 0)
        return 0;
    double rho = lo > 0 ? err / lo * FB_UP : INFINITY;
    return rho < 1 ? expm1(-fabs(n) * log1p(-rho)) * (1 + 0x1p-48) : INFINITY;
}
static inline void s_pow(optref_fb_num *r, const optref_fb_num *a, const optref_fb_num *b)
{
    double n = b->v, z;
    if (fb_isexact(b) && n == 0) {
        *r = fb_exact(1);
        return;
    }
    if (fabs(n) >= 0x1p64 && isfinite(a->v) && a->v != 0 && fabs(a->v) != 1)
        z = (fabs(a->v) < 1) == (n > 0) ? 0.0 : INFINITY;
    else
        z = optref_cm_pow(a->v, n);
    double zu = fabs(z) * (1 + 0x1p-50) + FB_ETA, dp, prop;
    if (fb_isexact(b) && n == nearbyint(n) && fabs(n) <= 0x1p30) {
        double l = fabs(a->v) - a->d;
        dp = zu * fb_pow_rel(n, a->d, l);
        prop = (zu + dp) * fb_pow_rel(n, a->e, l - a->e);
        fb_fn(r, z, fb_fin(dp), fb_fin(prop), a->nn || fmod(n, 2) == 0);
        return;
    }
    double l = (a->v - a->d) * FB_LO, li = (a->v - a->d - a->e) * FB_LO;
    double lnu = fabs(optref_cm_log(a->v)) * (1 + 0x1p-50) + (l > 0 ? a->d / l : INFINITY);
    double dd = l > 0 ? b->d * (lnu + a->d / l) + (fabs(n) + b->d) * a->d / l : INFINITY;
    dp = zu * expm1(dd * FB_UP) * (1 + 0x1p-50);
    double de = li > 0 ? b->e * (lnu + a->e / li) + (fabs(n) + b->d + b->e) * a->e / li : INFINITY;
    prop = (zu + dp) * expm1(de * FB_UP) * (1 + 0x1p-50);
    fb_fn(r, z, fb_fin(dp), fb_fin(prop), 1);
}

typedef optref_fb_scalar *optref_fb_vec;
#define S_VEC optref_fb_vec

#endif
