/* test_fastpath.c: the error-bounded fast path (ref/core/arith_eb.h,
 * eb_round.c) against MPFR, over N values (argument; default 10^5; suite
 * slow: 10^7 with OPTREF_SLOW=1).
 *
 * Each value is one operation (add, sub, mul, div, sqrt) or an Adam-like
 * update x − α·m/(√v + ε) on random inputs, or on inputs built so that the
 * exact result sits at a midpoint of the target format F (f64, f32, bf16,
 * f16, subnormals included) or within 2^-40 .. 2^-120 of one.  The truth is
 * MPFR's: the operation on the exact inputs rounded once to F (F's precision,
 * exponent range and subnormals; exact zeros with their signs), or for the composite the value at 1000
 * bits rounded to F.  Whenever the fast path decides, it must give that
 * value: a single disagreement fails.  The counts of decided and undecided
 * values are printed (the fallback rate). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "arith_eb.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double unif(void) { return (double)(next() >> 11) * 0x1p-53; }
static int irand(int lo, int hi) { return lo + (int)(next() % (uint64_t)(hi - lo + 1)); }

static const optref_format *const fmts[] = { &optref_binary64, &optref_binary32, &optref_bfloat16,
                                             &optref_binary16 };

/* A random value of F, from its subnormals to near its overflow threshold. */
static double rand_in(const optref_format *F)
{
    long p = F->prec;
    double m = ldexp((double)(next() >> (64 - p)) + ldexp(1, (int)p - 1), (int)-p); /* [1/2, 1), p bits */
    int e = irand((int)F->emin - (int)p + 2, (int)F->emax - 1);
    double x = ldexp(m, e);
    x = x == 0 ? ldexp(1, (int)F->emin - 1) : x;
    return next() & 1 ? -x : x;
}

/* MPFR: x (exact) rounded once to F. */
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

static void to_mp(mpfr_ptr r, const optref_eb_num *a)
{
    mpfr_set_d(r, a->h, MPFR_RNDN);
    if (a->l != 0) /* −0 + 0 would be +0 */
        mpfr_add_d(r, r, a->l, MPFR_RNDN); /* exact at 2200 bits */
}

static long decided, undecided, wrong;

static void check(const optref_eb_num *z, mpfr_srcptr exact, const optref_format *F, const char *what)
{
    double d, t = round_F(exact, F);
    if (!optref_eb_round(z, F, &d)) {
        undecided++;
        return;
    }
    decided++;
    if (!(d == t && signbit(d) == signbit(t))) {
        if (wrong++ < 10)
            printf("DISAGREE %s %s: fast %a, MPFR %a (h %a l %a e %a)\n", what, F->name, d, t, z->h, z->l, z->e);
    }
}

/* An operand: random, or a midpoint of F perturbed by ±2^-k relative (or not). */
static optref_eb_num operand(const optref_format *F, int hard)
{
    double x = rand_in(F);
    if (F->prec == 53 && fabs(x) > 0x1p900)
        x = ldexp(x, -200);
    if (!hard && next() % 32 == 0)
        return (optref_eb_num){ next() & 1 ? -0.0 : 0.0, 0, 0 }; /* exact zeros: their signs */
    if (!hard) {
        double l = next() & 1 ? ldexp(x, -53) * (unif() - 0.5) : 0; /* a double-word sometimes */
        optref_eb_num a = { x, 0, 0 };
        eb_fast_two_sum(x, l, &a.h, &a.l);
        return a;
    }
    int E;
    frexp(x, &E);
    long eminn = F->emin + F->prec - 1;
    double q = ldexp(1, (int)((E > eminn ? E : eminn) - F->prec)), half = q / 2;
    double tiny = next() % 4 == 0 ? 0 : ldexp(fabs(x), -irand(40, 120)) * (next() & 1 ? 1 : -1);
    optref_eb_num a;
    eb_two_sum(x, half, &a.h, &a.l); /* the midpoint above x, exactly */
    double s, t;
    eb_two_sum(a.l, tiny, &s, &t);
    eb_fast_two_sum(a.h, s, &a.h, &a.l);
    a.l += t; /* t is far below a.l: one more rounding, of a perturbation only */
    a.e = 0;
    return a;
}

static void one(int k, const optref_format *F, mpfr_ptr A, mpfr_ptr B, mpfr_ptr X)
{
    int hard = k & 1;
    optref_eb_num a = operand(F, hard), b, z;
    switch (k / 2 % 6) {
    case 0: /* a + b: b small (hard: moves a midpoint by a tiny amount) or random */
        b = hard ? (optref_eb_num){ ldexp(a.h, -irand(54, 130)) * (next() & 1 ? 1 : -1), 0, 0 } : operand(F, 0);
        s_add(&z, &a, &b);
        to_mp(A, &a), to_mp(B, &b), mpfr_add(X, A, B, MPFR_RNDN);
        check(&z, X, F, "add");
        break;
    case 1:
        b = operand(F, 0);
        s_sub(&z, &a, &b);
        to_mp(A, &a), to_mp(B, &b), mpfr_sub(X, A, B, MPFR_RNDN);
        check(&z, X, F, "sub");
        break;
    case 2: /* a·b: b a power of two (hard: the midpoint stays one), 1 ± 2^-k, or random */
        b = (optref_eb_num){ hard ? (next() & 1 ? ldexp(1, irand(-3, 3)) : 1 + ldexp(next() & 1 ? 1 : -1, -irand(30, 52)))
                                  : rand_in(F), 0, 0 };
        if (fabs(b.h) > 0x1p100 || fabs(b.h) < 0x1p-100)
            b.h = ldexp(b.h, -ilogb(b.h));
        s_mul(&z, &a, &b);
        to_mp(A, &a), to_mp(B, &b), mpfr_mul(X, A, B, MPFR_RNDN);
        check(&z, X, F, "mul");
        break;
    case 3: /* a/b */
        b = (optref_eb_num){ hard ? ldexp(1, irand(-3, 3)) : rand_in(F), 0, 0 };
        if (fabs(b.h) > 0x1p100 || fabs(b.h) < 0x1p-100)
            b.h = ldexp(b.h, -ilogb(b.h));
        s_div(&z, &a, &b);
        to_mp(A, &a), to_mp(B, &b), mpfr_div(X, A, B, MPFR_RNDN);
        mpfr_prec_round(X, 1000, MPFR_RNDN);
        check(&z, X, F, "div");
        break;
    case 4: { /* √(m²(1 ± δ)): near a midpoint m when hard */
        optref_eb_num m = a;
        m.h = fabs(m.h), m.l = signbit(a.h) ? -m.l : m.l;
        s_mul(&a, &m, &m);
        if (F->prec == 53 || !hard) /* m² exact as a double-word only below 53 bits */
        {
            a = operand(F, 0);
            if (signbit(a.h))
                a.h = -a.h, a.l = -a.l;
        }
        a.e = 0;
        s_sqrt(&z, &a);
        to_mp(A, &a), mpfr_sqrt(X, A, MPFR_RNDN);
        check(&z, X, F, "sqrt");
        break;
    }
    default: { /* x − α·m/(√v + ε), every input a value of F */
        double x = rand_in(F), m = rand_in(F) * 0x1p-40, v = fabs(rand_in(F)) * 0x1p-80, al = 1e-3, ep = 1e-8;
        if (F->prec < 53)
            m = fabs(m) < 0x1p-900 ? 1e-3 : m, v = v < 0x1p-900 ? 1e-6 : v;
        if (next() % 16 == 0) /* a zero moment (a coordinate no gradient reached): x unchanged, exactly */
            m = next() & 1 ? -0.0 : 0.0, v = next() & 1 ? 0.0 : v;
        optref_eb_num X0 = { x, 0, 0 }, M = { m, 0, 0 }, V = { v, 0, 0 }, AL = { al, 0, 0 }, EP = { ep, 0, 0 }, t1, t2;
        s_mul(&t1, &AL, &M), s_sqrt(&t2, &V), s_add(&t2, &t2, &EP), s_div(&t1, &t1, &t2), s_sub(&z, &X0, &t1);
        mpfr_t S;
        mpfr_init2(S, 1000);
        mpfr_set_d(X, v, MPFR_RNDN), mpfr_sqrt(X, X, MPFR_RNDN), mpfr_add_d(X, X, ep, MPFR_RNDN);
        mpfr_set_d(S, al, MPFR_RNDN), mpfr_mul_d(S, S, m, MPFR_RNDN), mpfr_div(S, S, X, MPFR_RNDN);
        mpfr_set_d(X, x, MPFR_RNDN), mpfr_sub(X, X, S, MPFR_RNDN);
        mpfr_prec_round(X, 1000, MPFR_RNDN);
        check(&z, X, F, "adam");
        mpfr_clear(S);
        break;
    }
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    if (argc > 2 && strcmp(argv[2], "slow") == 0 && !getenv("OPTREF_SLOW")) {
        printf("skipped: set OPTREF_SLOW=1\n");
        return 77;
    }
    mpfr_t A, B, X;
    mpfr_inits2(2200, A, B, X, (mpfr_ptr)0); /* exact for every sum and product of two double-words */
    for (long k = 0; k < n; k++)
        one((int)(k % 12), fmts[k / 12 % 4], A, B, X);
    mpfr_clears(A, B, X, (mpfr_ptr)0);
    mpfr_free_cache();
    printf("%ld values: %ld decided by the fast path, %ld undecided (MPFR), %ld disagreements\n", n, decided,
           undecided, wrong);
    return wrong == 0 && decided > n / 2 ? 0 : 1;
}
