/* eb_round.c: deciding the rounding of an error-bounded double-word to a
 * format (eb_num.h; doc/design.md, "The error-bounded fast path").
 *
 * With q the quantum (ulp) of fmt at h, s = h/q, k = the integer nearest s + l/q:
 * the exact value lies in q·[s + l/q − e/q, s + l/q + e/q].  When that
 * interval sits strictly inside (k − T, k + T), T = 1/2 (1/4 when k·q is the
 * bottom of a binade, whose lower neighbour is q/2 away), every point rounds
 * to k·q, ties and all.  Scaling by a power of two is exact (values that
 * would lose bits lie far below the margin), s − k is exact, and the one
 * rounded sum is covered by the factor 1 + 2^-48. */
#include <math.h>
#include <stdint.h>

#include "eb_num.h"

_Thread_local int optref_eb_ambiguous;

/* 2^k for -1022 <= k <= 1023, from its bits (ldexp is a libm call). */
static inline double pow2(int k)
{
    union { uint64_t u; double d; } b = { .u = (uint64_t)(k + 1023) << 52 };
    return b.d;
}

int optref_eb_round(const optref_eb_num *x, const optref_format *fmt, double *out)
{
    double h = x->h, l = x->l, e = x->e;
    if (h == 0 && l == 0 && e == 0) { /* an exact zero, its sign as IEEE 754 gives it (arith_eb.h) */
        *out = h;
        return 1;
    }
    if (!(e < INFINITY) || !isfinite(h) || !isfinite(l) || h == 0)
        return 0; /* undecided: an inexact value near zero, whose sign is not proved, or no bound */
    union { double d; uint64_t u; } hb = { .d = h };
    int E = (int)(hb.u >> 52 & 0x7ff) - 1022; /* |h| = m·2^E, 1/2 <= m < 1 */
    if (E == -1022)
        (void)frexp(h, &E); /* h subnormal in binary64 */
    long p = fmt->prec, eminn = fmt->emin + p - 1;
    if (E > fmt->emax)
        return 0;
    int qe = (int)((E > eminn ? E : eminn) - p);
    double sc = qe <= 1022 && qe >= -1023 ? pow2(-qe) : 0;
    double s = sc ? h * sc : ldexp(h, -qe), k = nearbyint(s);
    double d = (s - k) + (sc ? l * sc : ldexp(l, -qe)), es = sc ? e * sc : ldexp(e, -qe);
    if (fabs(d) > 0.5) { /* s a half-integer, l beyond it: the neighbour is nearer (d ∓ 1: exact, Sterbenz) */
        k += d > 0 ? 1 : -1;
        d -= d > 0 ? 1 : -1;
    }
    if (k == 0)
        return 0;
    double T = fabs(k) <= pow2((int)p - 1) && E > eminn ? 0.25 : 0.5; /* at (or, adjusted, below) a binade's bottom */
    if (!((fabs(d) + es) * (1 + 0x1p-48) < T))
        return 0; /* the interval reaches a midpoint of fmt */
    double r = qe >= -1022 ? k * pow2(qe) : ldexp(k, qe);
    if (E >= fmt->emax && fabs(r) > ldexp(1 - ldexp(1, (int)-p), (int)fmt->emax))
        return 0; /* overflows */
    *out = r;
    return 1;
}
