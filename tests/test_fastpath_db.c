/* test_fastpath_db.c: the double + bound fast path (ref/core/arith_db.h,
 * db_round.c) against MPFR, over N values (argument; default 10^5; suite
 * slow: 10^7 with OPTREF_SLOW=1), in float32, bfloat16 and float16.
 *
 * Each value is one operation (add, sub, mul, div, sqrt) on operands that
 * are exact or carry a bound e (the exact operand then sits at v ± e, or
 * anywhere between: the carried terms are tested at their extremes), with
 * the result random or built to sit at a midpoint of the target format F or
 * within 2^-30 .. 2^-70 (relative) of one; or a whole Adam step (L3-L7 of
 * ref/alg/adam.c, β^t by running products as the warm-up forms it) on
 * values of F, whose first moment β1·m + (1 − β1)·g of binary64 β1 = 0.9
 * lands within 2^-54 of a tie of float32 for about one coordinate in 25.
 * The truth is MPFR's: the operation on the exact operands (2200 bits: exact
 * for sums and products, 1000-bit quotients and roots) rounded once to F.
 * Whenever the fast path decides, it must give that value: one disagreement
 * fails.  The counts decided and undecided are printed (the fallback rate). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "arith_db.h"

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double unif(void) { return (double)(next() >> 11) * 0x1p-53; }
static int irand(int lo, int hi) { return lo + (int)(next() % (uint64_t)(hi - lo + 1)); }
static double sgn(void) { return next() & 1 ? -1.0 : 1.0; }

static const optref_format *const fmts[] = { &optref_binary32, &optref_bfloat16, &optref_binary16 };

/* A random value of F, from its subnormals to near its overflow threshold. */
static double rand_in(const optref_format *F)
{
    long p = F->prec;
    double m = ldexp((double)(next() >> (64 - p)) + ldexp(1, (int)p - 1), (int)-p); /* [1/2, 1), p bits */
    double x = ldexp(m, irand((int)F->emin - (int)p + 2, (int)F->emax - 1));
    x = x == 0 ? ldexp(1, (int)F->emin - 1) : x;
    return sgn() * x;
}

/* MPFR: x rounded once to F (its precision, exponent range, subnormals). */
static double round_F(mpfr_srcptr x, const optref_format *F)
{
    mpfr_t r;
    mpfr_init2(r, F->prec);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(F->emin);
    mpfr_set_emax(F->emax);
    int inex = mpfr_set(r, x, MPFR_RNDN);
    inex = mpfr_check_range(r, inex, MPFR_RNDN);
    mpfr_subnormalize(r, inex, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    double d = mpfr_get_d(r, MPFR_RNDN);
    mpfr_clear(r);
    return d;
}

static long decided, undecided, wrong;

static void check(const optref_db_num *z, mpfr_srcptr exact, const optref_format *F, const char *what)
{
    double d, t = round_F(exact, F);
    if (!optref_db_round(z, F, &d)) {
        undecided++;
        return;
    }
    decided++;
    if (!(d == t && signbit(d) == signbit(t)) && wrong++ < 10)
        printf("DISAGREE %s %s: fast %a, MPFR %a (v %a e %a)\n", what, F->name, d, t, z->v, z->e);
}

/* An operand: its double + bound, and the exact value (A, 2200 bits) it stands for. */
static optref_db_num operand(double v, int bounded, mpfr_ptr A)
{
    optref_db_num a = { v, 0 };
    mpfr_set_d(A, v, MPFR_RNDN);
    if (bounded && v != 0) {
        a.e = fabs(v) * ldexp(1, -irand(20, 60));
        double d = next() % 3 == 0 ? a.e * (2 * unif() - 1) : sgn() * a.e; /* |d| <= e: an extreme, often */
        mpfr_add_d(A, A, d, MPFR_RNDN); /* exact at 2200 bits */
    }
    return a;
}

/* The midpoint of F just above |x| (x a value of F), with x's sign, moved by rel·|x|. */
static double near_mid(double x, const optref_format *F, double rel)
{
    int E;
    frexp(x, &E);
    long eminn = F->emin + F->prec - 1;
    double half = ldexp(1, (int)((E > eminn ? E : eminn) - F->prec - 1));
    return x + (x < 0 ? -half : half) + rel * x; /* exact: x has <= 24 bits, the sum <= 53 */
}

static void one_op(int k, const optref_format *F, mpfr_ptr A, mpfr_ptr B, mpfr_ptr X)
{
    int hard = k & 1, bounded = k / 2 % 3 == 0;
    double rel = hard && next() % 4 ? sgn() * ldexp(1, -irand(30, 70)) : 0; /* 0: on the midpoint */
    double x = rand_in(F), y;
    optref_db_num a, b, z;
    switch (k / 6 % 5) {
    case 0: /* a + b: a a midpoint (perturbed), b zero or small (hard), or two values of F */
    case 1:
        if (hard)
            x = near_mid(x, F, rel), y = next() % 2 ? 0 : ldexp(x, -irand(60, 90)) * sgn();
        else
            y = rand_in(F);
        a = operand(x, bounded, A), b = operand(y, bounded && !hard, B);
        if (k / 6 % 5 == 0)
            s_add(&z, &a, &b), mpfr_add(X, A, B, MPFR_RNDN);
        else
            s_sub(&z, &a, &b), mpfr_sub(X, A, B, MPFR_RNDN);
        check(&z, X, F, k / 6 % 5 ? "sub" : "add");
        break;
    case 2: /* a·b: hard, a midpoint times a power of two (still one) */
        x = hard ? near_mid(x, F, rel) : x;
        y = hard ? ldexp(1, irand(-3, 3)) : rand_in(F);
        a = operand(x, bounded, A), b = operand(y, bounded && !hard, B);
        s_mul(&z, &a, &b), mpfr_mul(X, A, B, MPFR_RNDN);
        check(&z, X, F, "mul");
        break;
    case 3: /* a/b: hard, a midpoint over a power of two; else a value of F over one */
        x = hard ? near_mid(x, F, rel) : x;
        y = hard ? ldexp(1, irand(-3, 3)) : rand_in(F);
        a = operand(x, bounded, A), b = operand(y, bounded && !hard, B);
        s_div(&z, &a, &b), mpfr_div(X, A, B, MPFR_RNDN);
        check(&z, X, F, "div");
        break;
    default: { /* √a: hard, a = m² for m a midpoint of F (exact in binary64: <= 2·25 bits), perturbed */
        double m = fabs(near_mid(fabs(x), F, 0));
        x = hard ? m * m * (1 + rel) : fabs(x);
        a = operand(x, bounded, A);
        s_sqrt(&z, &a), mpfr_sqrt(X, A, MPFR_RNDN);
        check(&z, X, F, "sqrt");
        break;
    }
    }
}

/* One Adam step (ref/alg/adam.c L3-L7) on values of F at a random t, as the
 * fast path runs it (β^t by t running products), against MPFR at 2200 bits. */
static void one_adam(const optref_format *F, mpfr_t *M)
{
    double b1 = 0.9, b2 = 0.999, al = 1e-3, ep = 1e-8;
    long t = irand(1, 40);
    double x = rand_in(F), g = rand_in(F), m = rand_in(F), v = fabs(rand_in(F));
    if (F->prec < 24 || next() % 2) /* moderate magnitudes: where the bounds decide, mostly */
        x = ldexp(x, -ilogb(x) + irand(-4, 4)), g = ldexp(g, -ilogb(g) + irand(-6, 2)),
        m = ldexp(m, -ilogb(m) + irand(-8, 0)), v = ldexp(v, -ilogb(v) + irand(-12, -2));
    if (next() % 32 == 0) /* a coordinate no gradient reached: exact zeros */
        g = sgn() * 0.0, m = sgn() * 0.0, v = next() % 2 ? 0.0 : v;
    x = round_F((mpfr_set_d(M[0], x, MPFR_RNDN), M[0]), F), g = round_F((mpfr_set_d(M[0], g, MPFR_RNDN), M[0]), F);
    m = round_F((mpfr_set_d(M[0], m, MPFR_RNDN), M[0]), F), v = round_F((mpfr_set_d(M[0], v, MPFR_RNDN), M[0]), F);
    optref_db_num B1 = { b1, 0 }, B2 = { b2, 0 }, AL = { al, 0 }, EP = { ep, 0 }, one = { 1, 0 };
    optref_db_num b1t = { 1, 0 }, b2t = { 1, 0 }, c1, c2, bc1, bc2, G = { g, 0 }, Mm = { m, 0 }, V = { v, 0 }, X = { x, 0 };
    optref_db_num a, b, mh, vh;
    for (long k = 0; k < t; k++)
        s_mul(&b1t, &b1t, &B1), s_mul(&b2t, &b2t, &B2);
    s_sub(&c1, &one, &B1), s_sub(&c2, &one, &B2), s_sub(&bc1, &one, &b1t), s_sub(&bc2, &one, &b2t);
    s_mul(&a, &B1, &Mm), s_mul(&b, &c1, &G), s_add(&Mm, &a, &b);                   /* L3 */
    s_mul(&a, &G, &G), s_mul(&b, &c2, &a), s_mul(&a, &B2, &V), s_add(&V, &a, &b);  /* L4 */
    s_div(&mh, &Mm, &bc1), s_div(&vh, &V, &bc2);                                   /* L5, L6 */
    s_mul(&a, &AL, &mh), s_sqrt(&b, &vh), s_add(&b, &b, &EP), s_div(&a, &a, &b);   /* L7 */
    s_sub(&X, &X, &a);
    /* MPFR: M[1] m_t, M[2] v_t, M[3] x_t; M[4], M[5] 1 − β^t; M[0] scratch */
    mpfr_set_d(M[4], b1, MPFR_RNDN), mpfr_pow_ui(M[4], M[4], (unsigned long)t, MPFR_RNDN), mpfr_ui_sub(M[4], 1, M[4], MPFR_RNDN);
    mpfr_set_d(M[5], b2, MPFR_RNDN), mpfr_pow_ui(M[5], M[5], (unsigned long)t, MPFR_RNDN), mpfr_ui_sub(M[5], 1, M[5], MPFR_RNDN);
    mpfr_set_d(M[0], b1, MPFR_RNDN), mpfr_ui_sub(M[0], 1, M[0], MPFR_RNDN), mpfr_mul_d(M[0], M[0], g, MPFR_RNDN);
    mpfr_set_d(M[1], m, MPFR_RNDN), mpfr_mul_d(M[1], M[1], b1, MPFR_RNDN), mpfr_add(M[1], M[1], M[0], MPFR_RNDN);
    mpfr_set_d(M[0], b2, MPFR_RNDN), mpfr_ui_sub(M[0], 1, M[0], MPFR_RNDN), mpfr_mul_d(M[0], M[0], g, MPFR_RNDN);
    mpfr_mul_d(M[0], M[0], g, MPFR_RNDN);
    mpfr_set_d(M[2], v, MPFR_RNDN), mpfr_mul_d(M[2], M[2], b2, MPFR_RNDN), mpfr_add(M[2], M[2], M[0], MPFR_RNDN);
    check(&Mm, M[1], F, "adam m");
    check(&V, M[2], F, "adam v");
    mpfr_div(M[0], M[2], M[5], MPFR_RNDN), mpfr_sqrt(M[0], M[0], MPFR_RNDN), mpfr_add_d(M[0], M[0], ep, MPFR_RNDN);
    mpfr_div(M[3], M[1], M[4], MPFR_RNDN), mpfr_mul_d(M[3], M[3], al, MPFR_RNDN), mpfr_div(M[3], M[3], M[0], MPFR_RNDN);
    mpfr_d_sub(M[3], x, M[3], MPFR_RNDN);
    check(&X, M[3], F, "adam x");
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    if (argc > 2 && strcmp(argv[2], "slow") == 0 && !getenv("OPTREF_SLOW")) {
        printf("skipped: set OPTREF_SLOW=1\n");
        return 77;
    }
    mpfr_t M[6];
    for (int k = 0; k < 6; k++)
        mpfr_init2(M[k], 2200); /* exact for sums and products of doubles; quotients, roots: 2200 bits */
    for (long k = 0; k < n; k++) {
        const optref_format *F = fmts[k / 40 % 3];
        if (k % 40 < 30)
            one_op((int)(k % 40), F, M[0], M[1], M[2]);
        else /* three values each */
            one_adam(F, M);
    }
    for (int k = 0; k < 6; k++)
        mpfr_clear(M[k]);
    mpfr_free_cache();
    printf("%ld values: %ld decided by the double + bound path, %ld undecided (then eb, MPFR), %ld disagreements\n",
           decided + undecided, decided, undecided, wrong);
    return wrong == 0 && decided > (decided + undecided) / 2 ? 0 : 1;
}
