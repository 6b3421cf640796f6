/* fb_num.h: the scalar of optref's fifth instantiation, the rounding bound
 * of a format (arith_fb.h), and the model it bounds.
 *
 * A number is a binary64 value v near the exact value c of the
 * algorithm's mathematics on the given inputs, with
 *   |c − v| <= d                 (v's own error: running error analysis in binary64)
 *   |ĉ − c| <= e                 for every implementation ĉ that performs the
 *                                line's operations in the model's format F,
 *                                each correctly rounded (the model below).
 * e is what `optref verify` and `optref verify-step` judge by: a value
 * further than e (plus the rounding of the truth to F) from c cannot come
 * from such an implementation.  e = +inf: no bound (a divisor whose
 * interval holds 0, a root or logarithm of a possibly negative value, a
 * possible overflow of F).  doc/verify.md, "The rounding bound", states the
 * model and derives every rule. */
#ifndef OPTREF_FB_NUM_H
#define OPTREF_FB_NUM_H

#include "optref.h"

typedef struct {
    double v, d, e;
    /* Any order (optref_fb_model.any): an additive chain (a sum of leaves,
     * any association) carries its leaf count sk (0: not a sum), Σ of the
     * leaves' |ĉ| bounds sa and Σ of their e, se; a multiplicative chain its
     * roundings pk (0: not a product), em (e without the chain's underflow
     * allowance) and pa, pr: Π max(1, |f|) and Π min(1, |f|) over its
     * factors f (a divisor's as 1/f): bounds on any sub-product's magnitude,
     * above and below. */
    double sk, sa, se;
    double pk, em, pa, pr;
    int nn; /* 1: ĉ >= 0 in every implementation (a square, a root, a sum or product of such) */
    double lo; /* a lower bound of |c| and of every |ĉ| beside |v| − d − e (a sum of values >= 0 is at
                  least its largest term's: √v̂ + ε >= ε); 0: none */
} optref_fb_num;

/* The model: each operation of the line rounded to nearest in F, unit
 * roundoff u = 2^-p; for p < 24 possibly after a rounding to binary32 (the
 * "opmath" of torch's and tfjs's 16-bit kernels): u = 2^-p + 2^-24(1 + 2^-p).
 * Products and quotients near underflow err by at most eta absolutely
 * (half F's smallest subnormal; for binary64 its smallest normal, 2^-1022,
 * so that no bound is subnormal); sums and differences of F values are exact
 * there.  exp, log, log1p, cos, cospi and pow are faithful in F (error
 * below 2u relative, plus eta).  Host operations (a flavor's s_host_*) are
 * binary64's, deterministic.  any = 1: every association of each sum and
 * product (and FMA contraction, which only removes roundings) is allowed;
 * 0: the transcription's own order (FMA allowed as well). */
typedef struct {
    const optref_format *fmt;
    double u, eta;     /* unit roundoff, underflow allowance of a product or quotient */
    double tiny;       /* F's smallest normal: below it a product may underflow */
    double big;        /* F's largest finite value: beyond it an implementation may overflow */
    double ulp_min;    /* F's smallest subnormal */
    int any;
    int either;        /* 1 (optref_fb_set_model's): a hyper-parameter that is no value of F may be held
                          as given (binary64) or rounded to F (ws.c); 0: as the setup holds it */
} optref_fb_model;

extern _Thread_local optref_fb_model optref_fb_m;
/* Set when a comparison (s_cmp) could go either way in some implementation:
 * the control flow that followed, hence every bound of that evaluation, is
 * not proved.  The caller clears it before the evaluation. */
extern _Thread_local int optref_fb_unproved;

/* Half F's smallest subnormal (binary64: its smallest normal): a product's or
 * quotient's underflow error at most. */
double optref_fb_eta(const optref_format *fmt);

/* Sets the calling thread's model: format F, any order (1) or the
 * transcription's (0). */
void optref_fb_set_model(const optref_format *fmt, int any);

/* x rounded to nearest (ties to even) in F, subnormals and overflow as
 * IEEE 754. */
double optref_fb_round(double x, const optref_format *fmt);

/* |c − T| for the exact c that T = RN_F(c) rounds from, at most: half F's
 * spacing above |T| (the larger at a power of two; the smallest subnormal's
 * half at 0). */
double optref_fb_half_ulp(double T, const optref_format *fmt);

/* The verdict of verify and verify-step on one value: got (the candidate's)
 * lies within e (the implementations' rounding bound) plus the truth's own
 * rounding of truth = RN_F(c).  Outside (return 0) is a proof that
 * |got − c| > e: no implementation of the model gives got.  *bound: that
 * allowance, *ratio: |got − truth| / *bound (distances in binary64, within
 * 2^-53 relative, hence the margin).  Non-finite values match only
 * themselves. */
int optref_fb_within(double truth, double got, double e, const optref_format *fmt, double *bound, double *ratio);

/* A constant that an implementation may hold as r->v or as h (its value
 * rounded to F, or the binary64 number it was rounded from): e covers both. */
static inline void fb_held(optref_fb_num *r, double h)
{
    if (h == r->v || (h != h && r->v != r->v))
        return; /* the same (±inf included) */
    double e = h > r->v ? h - r->v : r->v - h; /* +inf when one is infinite */
    r->e = e > r->e ? e : r->e;
}

#endif
