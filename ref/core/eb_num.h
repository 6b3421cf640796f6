/* eb_num.h: the scalar of optref's third instantiation, error-bounded
 * double-double (arith_eb.h), and the decision that rounds one to a format.
 *
 * A number is h + l (a double-word: h = RN(h + l)) and a bound e with
 * |exact − (h + l)| <= e, where exact is the value the algorithm's
 * mathematics gives on the same inputs (what the MPFR instantiation
 * approaches as its precision grows).  e = +inf or NaN: undecided (a
 * transcendental function, a comparison the bound cannot settle, a
 * magnitude outside the range where the bounds are proved); the caller
 * falls back to MPFR.  Proof sketch: doc/design.md, "The error-bounded fast
 * path". */
#ifndef OPTREF_EB_NUM_H
#define OPTREF_EB_NUM_H

#include "optref.h"

typedef struct {
    double h, l, e;
} optref_eb_num;

/* Rounds x to fmt when every real in [h + l − e, h + l + e] rounds to the
 * same value of fmt (nearest, ties to even, subnormals and overflow as IEEE
 * 754): *out = that value, return 1.  Else (the interval reaches a midpoint
 * of fmt, or x is undecided, zero, or at the overflow threshold) return 0:
 * the caller decides with MPFR. */
int optref_eb_round(const optref_eb_num *x, const optref_format *fmt, double *out);

/* Set by a comparison (s_cmp) whose operands' intervals overlap, in the
 * calling thread: the control flow that followed is not proved, and the
 * whole evaluation must be redone in MPFR.  The caller clears it first. */
extern _Thread_local int optref_eb_ambiguous;

#endif
