/* db_round.c: deciding the rounding of a double with an error bound to a
 * format of at most 24 bits (db_num.h; doc/design.md, "The double + bound
 * fast path").
 *
 * The exact value lies in [v − e, v + e].  lo <= v − e and hi >= v + e are
 * computed (the widening w covers the one rounding of v ∓ w); rounding to
 * nearest is monotone, so when lo and hi round to the same value of fmt (the
 * same bits: a zero's sign too), every point between them does, ties and
 * subnormals included.  lo and hi are doubles: their rounding to fmt is
 * exact work (a conversion to float for binary32, else an integer rounding
 * of the value scaled by a power of two). */
#include <math.h>
#include <stdint.h>

#include "db_num.h"

/* 2^k for -1022 <= k <= 1023, from its bits. */
static inline double pow2(int k)
{
    union { uint64_t u; double d; } b = { .u = (uint64_t)(k + 1023) << 52 };
    return b.d;
}

/* y (a finite double) rounded to nearest-even in fmt (precision p <= 24,
 * subnormals; no overflow: the caller refuses a result beyond fmt's range). */
static inline double rn_fmt(double y, long p, long eminn)
{
    union { double d; uint64_t u; } b = { .d = y };
    int E = (int)(b.u >> 52 & 0x7ff) - 1022; /* |y| = m·2^E, 1/2 <= m < 1, for normal y */
    if (E < (int)eminn)
        E = (int)eminn; /* fmt's subnormals (and a double's, and zero): the fixed quantum */
    int qe = E - (int)p;                  /* quantum 2^qe, -1022 <= qe <= 1023 for these formats */
    double s = y * pow2(-qe);             /* |s| < 2^p: exact, and so is the integer rounding below */
    double k = (s + 0x1.8p52) - 0x1.8p52; /* nearest integer, ties to even (|s| < 2^51) */
    return copysign(k, s) * pow2(qe);     /* a zero keeps y's sign, as IEEE's rounding */
}

int optref_db_round(const optref_db_num *x, const optref_format *fmt, double *out)
{
    double v = x->v, e = x->e;
    if (v == 0 && e == 0) { /* an exact zero, its sign as IEEE 754 gives it (arith_db.h) */
        *out = v;
        return 1;
    }
    if (!(e < 0x1p900) || !(fabs(v) < 0x1p900))
        return 0; /* undecided, NaN, or far beyond every format of <= 24 bits */
    /* fl(v − w) <= v − e when w(1 − u) >= e + u|v|: w >= e(1 + 2^-40) + 2^-52|v| + 2^-1060 */
    if (fmt->prec == 24 && fmt->emin == -148 && fmt->emax == 128) /* the conversion to float rounds to nearest-even: db_num.h */
        return optref_db_round_f32(x, out);
    double w = e * (1 + 0x1p-40) + 0x1p-52 * fabs(v) + 0x1p-1060, lo = v - w, hi = v + w;
    long eminn = fmt->emin + fmt->prec - 1;
    double a = rn_fmt(lo, fmt->prec, eminn), c = rn_fmt(hi, fmt->prec, eminn);
    if (!(a == c && signbit(a) == signbit(c)))
        return 0;
    if (fabs(a) > (1 - pow2((int)-fmt->prec)) * pow2((int)fmt->emax))
        return 0; /* overflows */
    *out = a;
    return 1;
}
