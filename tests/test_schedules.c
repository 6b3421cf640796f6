/* Suite schedules: η_t is the schedule's value, correctly rounded, and the
 * algorithms take it.  Expected values: the closed form η0/√(t + c) evaluated
 * here in MPFR at 1000 bits and rounded once; GD on x² under that schedule,
 * x_t = x_{t−1}(1 − 2η_t), carried here at 4000 bits. */
#include <math.h>
#include <string.h>

#include "clirun.h"
#include "internal.h" /* optref_setup_rounded, as verify uses it */
#include "testutil.h"

static double invsqrt_cr(double eta0, long t, double c)
{
    mpfr_t v, w;
    mpfr_inits2(1000, v, w, (mpfr_ptr)0);
    mpfr_set_d(v, c, MPFR_RNDN);
    mpfr_add_si(v, v, t, MPFR_RNDN);  /* exact at 1000 bits */
    mpfr_rec_sqrt(v, v, MPFR_RNDN);
    mpfr_set_d(w, eta0, MPFR_RNDN);
    mpfr_mul(v, v, w, MPFR_RNDN);
    double d = mpfr_get_d(v, MPFR_RNDN); /* 1000 bits: one rounding that matters */
    mpfr_clears(v, w, (mpfr_ptr)0);
    return d;
}

/* The exact η_t, rounded, in both the double build (one rounding per
 * operation: within 1 ULP) and MPFR at 256 bits (correctly rounded). */
START_TEST(invsqrt_values)
{
    const double c[] = { 1.0, 0.0, 2.5 };
    for (size_t k = 0; k < 3; k++) {
        char items[128];
        snprintf(items, sizeof items, "eta=0.4 schedule=invsqrt:c=%g", c[k]);
        optref_setup *s = tu_setup("gd", NULL, "quad-0.1-2", items);
        optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 0), *m = tu_run(s, OPTREF_MPFR, 256, 0);
        for (long t = 1; t <= 50; t++) {
            tu_step(d);
            tu_step(m);
            double want = invsqrt_cr(0.4, t, c[k]), gd, gm;
            optref_run_value(d, "eta", 0, &gd);
            optref_run_value(m, "eta", 0, &gm);
            ck_assert_msg(gm == want, "c=%g t=%ld: MPFR η %a, exact %a", c[k], t, gm, want);
            ck_assert_ulp(gd, want, 2, "c=%g t=%ld double", c[k], t);
        }
        optref_run_free(d);
        optref_run_free(m);
    }
}
END_TEST

START_TEST(gd_follows_schedule)
{
    optref_setup *s = tu_setup("gd", NULL, "square", "eta=0.2 schedule=invsqrt");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t x, e, f;
    mpfr_inits2(4000, x, e, f, (mpfr_ptr)0);
    mpfr_set_d(x, 10, MPFR_RNDN);
    for (long t = 1; t <= 20; t++) {
        tu_step(r);
        /* e = η0/√(t + 1), at 4000 bits; x ← x − e·2x */
        mpfr_set_si(e, t + 1, MPFR_RNDN);
        mpfr_rec_sqrt(e, e, MPFR_RNDN);
        mpfr_mul_d(e, e, 0.2, MPFR_RNDN);
        mpfr_mul(f, e, x, MPFR_RNDN);
        mpfr_mul_2ui(f, f, 1, MPFR_RNDN);
        mpfr_sub(x, x, f, MPFR_RNDN);
        double got;
        optref_run_value(r, "x", 0, &got);
        ck_assert_msg(got == mpfr_get_d(x, MPFR_RNDN), "t=%ld: x %a, exact %a", t, got, mpfr_get_d(x, MPFR_RNDN));
    }
    mpfr_clears(x, e, f, (mpfr_ptr)0);
    optref_run_free(r);
}
END_TEST

/* The constant schedule is η0 exactly, so eta is the hyper-parameter. */
START_TEST(constant_is_eta0)
{
    optref_setup *s = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.1");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 3);
    double v;
    ck_assert(optref_run_value(r, "eta", 0, &v) == OPTREF_SUCCESS && v == 0.1);
    optref_run_free(r);
}
END_TEST

START_TEST(bad_schedules)
{
    static const struct {
        const char *alg, *item, *want;
    } bad[] = {
        { "gd", "schedule=nosuch", "unknown schedule 'nosuch'" },
        { "gd", "schedule=invsqrt:c=-1", "out of range" },
        { "gd", "schedule=invsqrt:d=1", "unknown parameter 'd'" },
        { "adadelta", "schedule=invsqrt", "no step size" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        optref_setup *s;
        char err[512] = "";
        ck_assert(optref_setup_new(&s, bad[k].alg, NULL, "square", err, sizeof err) == OPTREF_SUCCESS);
        ck_assert_msg(optref_setup_set(s, bad[k].item, err, sizeof err) != OPTREF_SUCCESS, "%s accepted", bad[k].item);
        ck_assert_msg(strstr(err, bad[k].want) != NULL, "%s: '%s' lacks '%s'", bad[k].item, err, bad[k].want);
        optref_setup_free(s);
    }
}
END_TEST


/* ---- The schedules of issue 8 ------------------------------------------------
 * Each exact η at e = t − 1 is computed here at 1000 bits from the formula of
 * the cited source, written independently of ref/sched/ (restart points by
 * cumulative sums, not the code's loop; π from mpfr_const_pi, not cospi; cut
 * as MPFR's exact floor), and rounded once to binary64. */
#define XP 1000

static double rnd(mpfr_ptr v) { return mpfr_get_d(v, MPFR_RNDN); }

/* ½(1 + cos(π·num/den)) at XP bits into v. */
static void half_cos(mpfr_ptr v, long num, long den)
{
    mpfr_const_pi(v, MPFR_RNDN);
    mpfr_mul_si(v, v, num, MPFR_RNDN);
    mpfr_div_si(v, v, den, MPFR_RNDN);
    mpfr_cos(v, v, MPFR_RNDN);
    mpfr_add_ui(v, v, 1, MPFR_RNDN);
    mpfr_div_2ui(v, v, 1, MPFR_RNDN);
}

/* v = lo + (hi − lo)·v, hi and lo binary64 */
static void between(mpfr_ptr v, double lo, double hi)
{
    mpfr_t d;
    mpfr_init2(d, XP);
    mpfr_set_d(d, hi, MPFR_RNDN);
    mpfr_sub_d(d, d, lo, MPFR_RNDN);
    mpfr_mul(v, v, d, MPFR_RNDN);
    mpfr_add_d(v, v, lo, MPFR_RNDN);
    mpfr_clear(d);
}

/* v = b^k·a */
static void power_times(mpfr_ptr v, double b, long k, double a)
{
    mpfr_set_d(v, b, MPFR_RNDN);
    mpfr_pow_si(v, v, k, MPFR_RNDN);
    mpfr_mul_d(v, v, a, MPFR_RNDN);
}

static double x_factor(long e, double eta0)
{
    mpfr_t v;
    mpfr_init2(v, XP);
    power_times(v, 0.9, e, eta0);
    double d = rnd(v) > 0.05 ? rnd(v) : 0.05;
    mpfr_clear(v);
    return d;
}

static double x_multifactor(long e, double eta0)
{
    static const long s[] = { 30, 10, 20, 20 };
    long k = 0;
    for (size_t i = 0; i < 4; i++)
        k += s[i] <= e;
    mpfr_t v;
    mpfr_init2(v, XP);
    power_times(v, 0.3, k, eta0);
    double d = rnd(v);
    mpfr_clear(v);
    return d;
}

static double x_cosine(long e, double eta0)
{
    const long T = 30, W = 6;
    mpfr_t v;
    mpfr_init2(v, XP);
    if (e < W) {
        mpfr_set_si(v, e, MPFR_RNDN);
        mpfr_div_si(v, v, W, MPFR_RNDN);
        between(v, 0.002, eta0);
    } else {
        half_cos(v, e > T ? T - W : e - W, T - W);
        between(v, 0.01, eta0);
    }
    double d = rnd(v);
    mpfr_clear(v);
    return d;
}

static double x_invtime(long e, double eta0)
{
    mpfr_t v;
    mpfr_init2(v, XP);
    mpfr_set_d(v, 0.3, MPFR_RNDN);
    mpfr_mul_si(v, v, e / 3, MPFR_RNDN);
    mpfr_add_ui(v, v, 1, MPFR_RNDN);
    mpfr_d_div(v, eta0, v, MPFR_RNDN);
    double d = rnd(v);
    mpfr_clear(v);
    return d;
}

static double x_exponential(long e, double eta0)
{
    mpfr_t v;
    mpfr_init2(v, XP);
    power_times(v, 0.95, e / 2, eta0);
    double d = rnd(v);
    mpfr_clear(v);
    return d;
}

/* Howard & Ruder eq. 3, T = 50, cut_frac = 0.3 (binary64, just below 0.3:
 * cut = 14, where 50*0.3 in binary64 is 15.0), ratio = 20, held after T. */
static double x_slanted(long e, double eta0)
{
    const long T = 50;
    mpfr_t v, c, p;
    mpfr_inits2(XP, v, c, p, (mpfr_ptr)0);
    mpfr_set_d(c, 0.3, MPFR_RNDN);
    mpfr_mul_si(v, c, T, MPFR_RNDN); /* exact */
    mpfr_floor(v, v);
    long cut = mpfr_get_si(v, MPFR_RNDN);
    ck_assert_int_eq(cut, 14);
    e = e < T ? e : T;
    if (e < cut) {
        mpfr_set_si(p, e, MPFR_RNDN);
        mpfr_div_si(p, p, cut, MPFR_RNDN);
    } else {
        mpfr_ui_div(v, 1, c, MPFR_RNDN);
        mpfr_sub_ui(v, v, 1, MPFR_RNDN);
        mpfr_mul_si(v, v, cut, MPFR_RNDN);
        mpfr_set_si(p, e - cut, MPFR_RNDN);
        mpfr_div(p, p, v, MPFR_RNDN);
        mpfr_ui_sub(p, 1, p, MPFR_RNDN);
    }
    mpfr_mul_ui(p, p, 19, MPFR_RNDN);
    mpfr_add_ui(p, p, 1, MPFR_RNDN);
    mpfr_mul_d(p, p, eta0, MPFR_RNDN);
    mpfr_div_ui(p, p, 20, MPFR_RNDN);
    double d = rnd(p);
    mpfr_clears(v, c, p, (mpfr_ptr)0);
    return d;
}

/* The cycle holding e: its start and length, by cumulative sums. */
static void cycle(long e, long T0, long mult, long *start, long *len, long *i)
{
    *start = 0, *len = T0, *i = 0;
    while (*start + *len <= e)
        *start += *len, *len *= mult, ++*i;
}

static double x_sgdr(long e, double eta0)
{
    long st, len, i;
    cycle(e, 3, 3, &st, &len, &i);
    mpfr_t v;
    mpfr_init2(v, XP);
    half_cos(v, e - st, len);
    between(v, 0.001, eta0);
    double d = rnd(v);
    mpfr_clear(v);
    return d;
}

static double x_cosine_torch(long e, double eta0)
{
    mpfr_t v;
    mpfr_init2(v, XP);
    half_cos(v, e, 7); /* no reduction: periodic by itself */
    between(v, 0.02, eta0);
    double d = rnd(v);
    mpfr_clear(v);
    return d;
}

/* optax, init 0.01, W = 4, T = 20, end 0.003, exponent 1.5 */
static double x_cosine_optax(long e, double eta0)
{
    const long W = 4, T = 20;
    mpfr_t v, a;
    mpfr_inits2(XP, v, a, (mpfr_ptr)0);
    if (e < W) {
        mpfr_set_si(v, e, MPFR_RNDN);
        mpfr_div_si(v, v, W, MPFR_RNDN);
        between(v, 0.01, eta0);
    } else {
        half_cos(v, e - W < T - W ? e - W : T - W, T - W);
        mpfr_set_d(a, 1.5, MPFR_RNDN);
        mpfr_pow(v, v, a, MPFR_RNDN);
        mpfr_set_d(a, 0.003, MPFR_RNDN);
        mpfr_div_d(a, a, eta0, MPFR_RNDN); /* α = end/peak */
        mpfr_ui_sub(a, 1, a, MPFR_RNDN);
        mpfr_mul(v, v, a, MPFR_RNDN);
        mpfr_ui_sub(a, 1, a, MPFR_RNDN);
        mpfr_add(v, v, a, MPFR_RNDN);
        mpfr_mul_d(v, v, eta0, MPFR_RNDN);
    }
    double d = rnd(v);
    mpfr_clears(v, a, (mpfr_ptr)0);
    return d;
}

/* Keras, first 4, t_mul 2, m_mul 0.7, alpha 0.05 */
static double x_sgdr_keras(long e, double eta0)
{
    long st, len, i;
    cycle(e, 4, 2, &st, &len, &i);
    mpfr_t v, m;
    mpfr_inits2(XP, v, m, (mpfr_ptr)0);
    half_cos(v, e - st, len);
    power_times(m, 0.7, i, 1.0);
    mpfr_mul(v, v, m, MPFR_RNDN);
    between(v, 0.05, 1.0);
    mpfr_mul_d(v, v, eta0, MPFR_RNDN);
    double d = rnd(v);
    mpfr_clears(v, m, (mpfr_ptr)0);
    return d;
}

static const struct {
    const char *spec;
    double eta0;
    long steps;
    double (*exact)(long e, double eta0);
} xcases[] = {
    { "factor:alpha=0.9,floor=0.05", 0.4, 60, x_factor },
    { "multifactor:steps=30,10,20,20,alpha=0.3", 1.0, 40, x_multifactor },
    { "cosine:T=30,W=6,eta_T=0.01,eta_w=0.002", 0.5, 40, x_cosine },
    { "invtime:d=0.3,len=3", 0.2, 30, x_invtime },
    { "exponential:gamma=0.95,len=2", 0.7, 60, x_exponential },
    { "slanted:T=50,cut_frac=0.3,ratio=20", 0.01, 55, x_slanted },
    { "sgdr:T0=3,Tmult=3,eta_min=0.001", 0.05, 60, x_sgdr },
    { "cosine-torch:T=7,eta_min=0.02", 0.3, 40, x_cosine_torch },
    { "cosine-optax:init=0.01,W=4,T=20,end=0.003,exponent=1.5", 0.2, 25, x_cosine_optax },
    { "sgdr-keras:T0=4,t_mul=2,m_mul=0.7,alpha=0.05", 0.1, 40, x_sgdr_keras },
};

/* η_t of gd on x² under spec, for t = 1..n, in double and MPFR at 256 bits. */
static void etas(const char *spec, double eta0, long n, double *dbl, double *mp)
{
    char items[256];
    snprintf(items, sizeof items, "eta=%a schedule=%s", eta0, spec);
    optref_setup *s = tu_setup("gd", NULL, "square", items);
    optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 0), *m = tu_run(s, OPTREF_MPFR, 256, 0);
    for (long t = 1; t <= n; t++) {
        tu_step(d);
        tu_step(m);
        optref_run_value(d, "eta", 0, &dbl[t - 1]);
        optref_run_value(m, "eta", 0, &mp[t - 1]);
    }
    optref_run_free(d);
    optref_run_free(m);
}

/* MPFR at 256 bits rounds to the exact value; the double build is within
 * 4 ULPs of max(|exact|, η0) (one rounding per operation). */
START_TEST(exact_values)
{
    double dbl[64], mp[64];
    etas(xcases[_i].spec, xcases[_i].eta0, xcases[_i].steps, dbl, mp);
    for (long e = 0; e < xcases[_i].steps; e++) {
        double want = xcases[_i].exact(e, xcases[_i].eta0);
        ck_assert_msg(mp[e] == want, "%s e=%ld: MPFR η %a, exact %a", xcases[_i].spec, e, mp[e], want);
        double u = optref_ulp_distance_floor(dbl[e], want, xcases[_i].eta0, &optref_binary64);
        ck_assert_msg(u <= 4, "%s e=%ld: double η %a, exact %a: %g ULP", xcases[_i].spec, e, dbl[e], want, u);
    }
}
END_TEST

/* Closed forms and hand values, exact in both builds unless said. */
static void both(const char *spec, double eta0, long e, double want, double dbl_ulps)
{
    double dbl[64], mp[64];
    etas(spec, eta0, e + 1, dbl, mp);
    ck_assert_msg(mp[e] == want, "%s e=%ld: MPFR η %a (%.17g), want %a", spec, e, mp[e], mp[e], want);
    ck_assert_ulp(dbl[e], want, dbl_ulps, "%s e=%ld double", spec, e);
}

START_TEST(hand_values)
{
    /* Lecture 17's milestones {15, 30, 45}, α = ½ from 0.5: drops at e = s (MultiStepLR). */
    const long ms[] = { 0, 14, 15, 29, 30, 44, 45, 60 };
    const double mv[] = { 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625 };
    for (size_t k = 0; k < 8; k++)
        both("multifactor:steps=15,30,45,alpha=0.5", 0.5, ms[k], mv[k], 0);
    /* factor α = ½ from 1 with floor 0.1: 1, ½, ¼, ⅛, then the floor */
    const double fv[] = { 1, 0.5, 0.25, 0.125, 0.1, 0.1, 0.1 };
    for (long e = 0; e < 7; e++)
        both("factor:alpha=0.5,floor=0.1", 1.0, e, fv[e], 0);
    /* 1/(1 + epoch) with two updates an epoch; 0.5^epoch likewise */
    const double iv[] = { 1, 1, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 0.25 };
    for (long e = 0; e < 7; e++) {
        both("invtime:d=1,len=2", 1.0, e, iv[e], 0);
        both("exponential:gamma=0.5,len=2", 1.0, e, ldexp(1.0, -(int)(e / 2)), 0);
    }
    /* cosine, T = 10 from 1 to 0: midpoint at T/2, 0 at T, held at 0 after */
    both("cosine:T=10", 1.0, 0, 1.0, 0);
    both("cosine:T=10", 1.0, 5, 0.5, 1);
    both("cosine:T=10", 1.0, 10, 0.0, 0);
    both("cosine:T=10", 1.0, 17, 0.0, 0);
    both("cosine:T=10,eta_T=0.1", 1.0, 5, 0.55, 1);
    /* linear warm-up from 0 over W = 4, then the cosine from its top; T/2 of the cosine part */
    for (long e = 0; e < 4; e++)
        both("cosine:T=14,W=4", 1.0, e, e / 4.0, 0);
    both("cosine:T=14,W=4", 1.0, 4, 1.0, 0);
    both("cosine:T=14,W=4", 1.0, 9, 0.5, 1);
    /* torch's cosine is periodic: back to η0 at 2T, η_min at T and 3T */
    both("cosine-torch:T=5", 0.8, 10, 0.8, 0);
    both("cosine-torch:T=5,eta_min=0.1", 0.8, 15, 0.1, 0);
    /* optax's exponent: (½)^2 at the middle of the decay, end = 0 */
    both("cosine-optax:W=2,T=12,exponent=2", 1.0, 7, 0.25, 1);
    /* Keras's m_mul: each restart's top is η0·m_mul^i; restarts at 4, 12, 28 */
    both("sgdr-keras:T0=4,m_mul=0.5", 1.0, 4, 0.5, 0);
    both("sgdr-keras:T0=4,m_mul=0.5", 1.0, 12, 0.25, 0);
    both("sgdr-keras:T0=4,m_mul=0.5", 1.0, 28, 0.125, 0);
}
END_TEST

/* SGDR restarts at T0, T0(1 + T_mult), T0(1 + T_mult + T_mult²): η0 there,
 * below it in between; each cycle's middle is the midpoint (η0 + η_min)/2. */
START_TEST(sgdr_restarts)
{
    double dbl[64], mp[64];
    etas("sgdr:T0=2,Tmult=2,eta_min=0.2", 1.0, 64, dbl, mp);
    const long restart[] = { 0, 2, 6, 14, 30, 62 };
    for (size_t k = 0, r = 0; k < 64; k++) {
        if (r < 6 && (long)k == restart[r]) {
            ck_assert_msg(mp[k] == 1.0 && dbl[k] == 1.0, "e=%zu: a restart, η %a", k, mp[k]);
            r++;
        } else {
            ck_assert_msg(mp[k] < 1.0 && mp[k] > 0.2, "e=%zu: inside a cycle, η %a", k, mp[k]);
        }
    }
    const long mid[] = { 1, 4, 10, 22, 46 };
    for (size_t k = 0; k < 5; k++)
        ck_assert_msg(mp[mid[k]] == 0.6, "e=%ld: cycle middle %a, want 0.6", mid[k], mp[mid[k]]);
    /* T_mult = 1: restarts every T0 */
    etas("sgdr:T0=5", 1.0, 21, dbl, mp);
    for (long e = 0; e <= 20; e++)
        ck_assert_msg((mp[e] == 1.0) == (e % 5 == 0), "T_mult=1 e=%ld: η %a", e, mp[e]);
}
END_TEST

/* Slanted triangular: η_max/ratio at e = 0, η_max exactly at e = cut and
 * nowhere else the largest; cut = ⌊T·cut_frac⌋, not the slide's ⌈⌉. */
START_TEST(slanted_peak)
{
    static const struct {
        const char *spec;
        long cut, n;
    } c[] = {
        { "slanted:T=100", 10, 100 },
        { "slanted:T=25", 2, 25 },                /* ⌈2.5⌉ would be 3 */
        { "slanted:T=10,cut_frac=0.3", 2, 10 },   /* binary64 0.3 < 3/10: exact product 2.99…; 10*0.3 rounds to 3.0 */
    };
    double dbl[128], mp[128];
    for (size_t k = 0; k < 3; k++) {
        etas(c[k].spec, 0.64, c[k].n + 1, dbl, mp);
        ck_assert_msg(mp[0] == 0.02, "%s: η at e=0 %a, want 0.64/32", c[k].spec, mp[0]);
        for (long e = 0; e <= c[k].n; e++)
            ck_assert_msg((e == c[k].cut) == (mp[e] == 0.64) && mp[e] <= 0.64, "%s e=%ld: η %a (peak at %ld)",
                          c[k].spec, e, mp[e], c[k].cut);
    }
}
END_TEST

/* Flavours that agree in exact arithmetic give the same correctly rounded
 * values: optax's warm-up cosine at exponent 1 and Lecture 17's; Keras's
 * restarts with m_mul = 1, α = 0 and SGDR. */
START_TEST(flavours_agree)
{
    double d1[64], m1[64], d2[64], m2[64];
    etas("cosine-optax:init=0.05,W=5,T=40,end=0.01", 0.5, 50, d1, m1);
    etas("cosine:T=40,W=5,eta_w=0.05,eta_T=0.01", 0.5, 50, d2, m2);
    for (long e = 0; e < 50; e++)
        ck_assert_msg(m1[e] == m2[e], "e=%ld: optax %a, cosine %a", e, m1[e], m2[e]);
    etas("sgdr-keras:T0=3,t_mul=3", 0.5, 60, d1, m1);
    etas("sgdr:T0=3,Tmult=3", 0.5, 60, d2, m2);
    for (long e = 0; e < 60; e++)
        ck_assert_msg(m1[e] == m2[e], "e=%ld: keras %a, sgdr %a", e, m1[e], m2[e]);
}
END_TEST

/* GD on x² under SGDR: x_t = x_{t−1}(1 − 2η_t), η_t exact, carried at 4000 bits. */
START_TEST(gd_follows_sgdr)
{
    optref_setup *s = tu_setup("gd", NULL, "square", "eta=0.3 schedule=sgdr:T0=3,Tmult=2,eta_min=0.01");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t x, e;
    mpfr_inits2(4000, x, e, (mpfr_ptr)0);
    mpfr_set_d(x, 10, MPFR_RNDN);
    for (long t = 1; t <= 25; t++) {
        tu_step(r);
        long st, len, i;
        cycle(t - 1, 3, 2, &st, &len, &i);
        mpfr_const_pi(e, MPFR_RNDN);
        mpfr_mul_si(e, e, t - 1 - st, MPFR_RNDN);
        mpfr_div_si(e, e, len, MPFR_RNDN);
        mpfr_cos(e, e, MPFR_RNDN);
        mpfr_add_ui(e, e, 1, MPFR_RNDN);
        mpfr_div_2ui(e, e, 1, MPFR_RNDN);
        between(e, 0.01, 0.3); /* η_min + (η0 − η_min)·½(1 + cos), exact at 4000 bits */
        mpfr_mul_2ui(e, e, 1, MPFR_RNDN);
        mpfr_ui_sub(e, 1, e, MPFR_RNDN);
        mpfr_mul(x, x, e, MPFR_RNDN);
        double got;
        optref_run_value(r, "x", 0, &got);
        ck_assert_msg(got == mpfr_get_d(x, MPFR_RNDN), "t=%ld: x %a, exact %a", t, got, mpfr_get_d(x, MPFR_RNDN));
    }
    mpfr_clears(x, e, (mpfr_ptr)0);
    optref_run_free(r);
}
END_TEST

START_TEST(bad_new_schedules)
{
    static const struct {
        const char *item, *want;
    } bad[] = {
        { "schedule=cosine:T=5,W=5", "T must exceed the warm-up W" },
        { "schedule=cosine", "missing parameter T" },
        { "schedule=cosine:T=2.5", "out of range" },
        { "schedule=multifactor", "steps=s1,s2,... is required" },
        { "schedule=multifactor:steps=10,0.5", "out of range" },
        { "schedule=slanted:T=5", "cut = floor(T*cut_frac) is 0" },
        { "schedule=slanted:T=50,cut_frac=1.5", "cut_frac must lie in (0, 1)" },
        { "schedule=sgdr:T0=0", "out of range" },
        { "schedule=sgdr-keras:T0=3,alpha=1", "out of range" },
        { "schedule=cosine-optax:T=5,W=9", "must exceed warmup_steps" },
        { "schedule=exponential:len=0", "out of range" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        optref_setup *s;
        char err[512] = "";
        ck_assert(optref_setup_new(&s, "gd", NULL, "square", err, sizeof err) == OPTREF_SUCCESS);
        ck_assert_msg(optref_setup_set(s, bad[k].item, err, sizeof err) != OPTREF_SUCCESS, "%s accepted", bad[k].item);
        ck_assert_msg(strstr(err, bad[k].want) != NULL, "%s: '%s' lacks '%s'", bad[k].item, err, bad[k].want);
        optref_setup_free(s);
    }
}
END_TEST


/* `optref schedule`: t,eta rows from t = 1; --flavor names NAME-F; bad
 * input is one line naming it, status 2. */
START_TEST(cli_schedule)
{
    cli_result *r = CLI("schedule", "cosine:T=4", "--steps", "6");
    ck_assert_msg(r->status == 0, "status %d: %s", r->status, r->err);
    ck_assert_msg(strncmp(r->out, "t,eta\n1,1\n2,", 12) == 0 && strstr(r->out, "\n3,0.5\n") &&
                      strstr(r->out, "\n5,0\n6,0\n"),
                  "cosine:T=4 table:\n%s", r->out);
    r = CLI("schedule", "cosine:T=2", "--flavor", "torch", "--steps", "5");
    ck_assert_msg(r->status == 0 && strcmp(r->out, "t,eta\n1,1\n2,0.5\n3,0\n4,0.5\n5,1\n") == 0,
                  "cosine --flavor torch:\n%s%s", r->out, r->err);
    r = CLI("schedule", "multifactor:steps=1,1,alpha=0.5", "--eta0", "3", "--steps", "3", "--precision", "mpfr:64");
    ck_assert_msg(r->status == 0 && strstr(r->out, "\n2,7.50000000000000000000e-01\n"), "mpfr:64 table:\n%s%s",
                  r->out, r->err);
    static const struct {
        const char *a[6], *want;
    } bad[] = {
        { { "schedule", "nosuch" }, "unknown schedule 'nosuch'" },
        { { "schedule", "cosine:T=3", "--steps", "0" }, "--steps: '0'" },
        { { "schedule", "cosine:T=3", "--eta0", "abc" }, "--eta0: 'abc'" },
        { { "schedule", "cosine:T=3", "--flavor", "nosuch" }, "unknown schedule 'cosine-nosuch'" },
        { { "schedule", "cosine:T=3", "extra" }, "unexpected argument 'extra' (argument 3)" },
        { { "schedule", "cosine:T=3", "--bogus", "1" }, "unknown option '--bogus'" },
        { { "schedule", "cosine:T=3", "--steps" }, "--steps needs a value" },
        { { "schedule", "cosine:T=3,W=3" }, "T must exceed the warm-up W" },
        { { "schedule" }, "missing NAME" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        r = cli(bad[k].a);
        ck_assert_msg(r->status == 2 && strstr(r->err, bad[k].want) && count_lines(r->err) == 1,
                      "case %zu: status %d, '%s' lacks '%s'", k, r->status, r->err, bad[k].want);
    }
}
END_TEST


/* Step counts are whole numbers used in C integers: the setup verify makes
 * for bfloat16 (inputs rounded to 8 bits) rounds η0 and η_min but not
 * T0 = 257, which bf16 would make 256.  With 257, update 257 (e = 256) ends
 * the first cycle (256/257 rounds to 1 in bf16: η = η_min = 0) and update
 * 258 restarts at η0 = 1; with 256 the restart would come one update early. */
START_TEST(whole_params_not_rounded)
{
    optref_setup *s0 = tu_setup("gd", NULL, "square", "eta=1 schedule=sgdr:T0=257");
    optref_setup *s = optref_setup_rounded(s0, &optref_bfloat16);
    optref_run *r;
    ck_assert(s != NULL);
    ck_assert_int_eq(optref_run_new(&r, s, OPTREF_MPFR, 8, &optref_bfloat16), OPTREF_SUCCESS);
    double v = 0;
    for (long t = 1; t <= 258; t++) {
        tu_step(r);
        optref_run_value(r, "eta", 0, &v);
        ck_assert_msg(t != 257 || v == 0.0, "bf16 t=257: η %a, want 0 (end of the first cycle)", v);
        ck_assert_msg(t != 258 || v == 1.0, "bf16 t=258: η %a, want 1 (restart)", v);
    }
    optref_run_free(r);
    optref_setup_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schedules");
    TCase *tc = tcase_create("schedules");
    tcase_add_test(tc, invsqrt_values);
    tcase_add_test(tc, gd_follows_schedule);
    tcase_add_test(tc, constant_is_eta0);
    tcase_add_test(tc, bad_schedules);
    tcase_add_loop_test(tc, exact_values, 0, (int)(sizeof xcases / sizeof xcases[0]));
    tcase_add_test(tc, hand_values);
    tcase_add_test(tc, sgdr_restarts);
    tcase_add_test(tc, slanted_peak);
    tcase_add_test(tc, flavours_agree);
    tcase_add_test(tc, gd_follows_sgdr);
    tcase_add_test(tc, bad_new_schedules);
    tcase_add_test(tc, cli_schedule);
    tcase_add_test(tc, whole_params_not_rounded);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
