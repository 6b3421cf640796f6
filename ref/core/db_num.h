/* db_num.h: the scalar of optref's fourth instantiation, binary64 with a
 * running error bound (arith_db.h), and the decision that rounds one to a
 * format of at most 24 bits.
 *
 * A number is a double v and a bound e with |exact − v| <= e, where exact is
 * the value the algorithm's mathematics gives on the same inputs (what the
 * MPFR instantiation approaches as its precision grows).  e = +inf or NaN:
 * undecided; the caller falls back to the double-word path (eb_num.h), then
 * MPFR.  Proof sketch: doc/design.md, "The double + bound fast path". */
#ifndef OPTREF_DB_NUM_H
#define OPTREF_DB_NUM_H

#include "optref.h"

typedef struct {
    double v, e;
} optref_db_num;

/* Rounds x to fmt (precision <= 24 bits; nearest, ties to even, subnormals as
 * IEEE 754) when every real in [v − e, v + e] rounds to the same value of
 * fmt, sign of zero included: *out = that value, return 1.  Else (a midpoint
 * of fmt inside, undecided, overflow) return 0. */
int optref_db_round(const optref_db_num *x, const optref_format *fmt, double *out);

/* optref_db_round for binary32, inline (the hot loop of verify-step); the
 * proof is db_round.c's. */
static inline int optref_db_round_f32(const optref_db_num *x, double *out)
{
    double v = x->v, e = x->e;
    if (v == 0 && e == 0)
        return *out = v, 1;
    if (!(e < 0x1p900) || !(v < 0x1p900 && v > -0x1p900))
        return 0;
    double w = e * (1 + 0x1p-40) + 0x1p-52 * (v < 0 ? -v : v) + 0x1p-1060;
    float a = (float)(v - w), c = (float)(v + w);
    union { float f; unsigned u; } ba = { a }, bc = { c };
    if (ba.u != bc.u || (ba.u & 0x7fffffffu) == 0x7f800000u) /* a midpoint between, or an overflow */
        return 0;
    return *out = a, 1;
}

#endif
