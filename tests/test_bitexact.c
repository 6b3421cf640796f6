/* Suite bitexact: MPFR at 53 bits with binary64's exponent range and
 * subnormals reproduces the double instantiation bit for bit, for every
 * golden case and for stress cases that pass through subnormals, overflow,
 * infinities and NaN.  Equality here proves both instantiations run the same
 * sequence of correctly rounded operations (anchors, lesson 3). */
#include <math.h>
#include <string.h>

#include "testutil.h"

static optref_case *cases;
static size_t ncases;

static const struct {
    const char *alg, *variant, *prob, *items;
    long steps;
} stress[] = {
    { "gd", NULL, "square", "eta=0.3 x0=1e-300", 120 },          /* into subnormals, inexact */
    { "gd", NULL, "square", "eta=0.25 x0=0x1p-1000", 90 },       /* halving to 0 */
    { "gd", NULL, "square", "eta=5 x0=1e300", 12 },              /* overflow, inf, NaN */
    { "adam", NULL, "linear", "alpha=1e-310 eps=0", 30 },        /* subnormal steps */
    { "adam", NULL, "quad-0.1-2", "alpha=0.5 eps=1e-300 x0=1e-160,-3e-155", 60 },
    { "adagrad", "eps_inside", "square", "eta=1e-3 eps=0 x0=1e-200", 40 },
    { "rmsprop", "eps_outside", "square", "eta=1e-3 eps=0 x0=1e-170", 40 },
    { "adadelta", NULL, "square", "eps=1e-320 x0=3", 40 },
    { "momentum", NULL, "rosenbrock", "eta=1e-3 gamma=0.9", 200 },
    { "nesterov", "ux", "rosenbrock", "beta=1e-3", 200 },
    { "nesterov", "lookahead", "rosenbrock", "alpha=1e-3 gamma=0.9", 200 },
    { "gd", NULL, "square", "eta=0.3 x0=1e-300 schedule=invsqrt:c=1", 120 }, /* the schedule seam */
    { "adam", NULL, "quad-0.1-2", "alpha=0.5 schedule=invsqrt:c=0", 60 },
    /* Every problem family of spine v2.  The logistic loss with a huge step
     * drives |u| = |y aᵀx| far out, where exp under- and overflows and
     * log1p(e^−|u|) is subnormal or 0: the transcendental functions' edges. */
    { "gd", NULL, "logistic:m=16,d=3,seed=4,batch=4", "eta=0.5", 80 },
    { "adam", NULL, "logistic:m=24,d=2,seed=9,noise=0,lambda=0.01,batch=6", "alpha=0.3", 80 },
    { "gd", NULL, "logistic:m=8,d=2,noise=0", "eta=2.5e5", 40 }, /* f subnormal */
    { "gd", NULL, "logistic:m=8,d=2,noise=0", "eta=1e9", 40 },   /* exp underflows to 0 */
    { "momentum", NULL, "lsq:m=20,d=4,seed=2,batch=5", "eta=0.3 gamma=0.5", 80 },
    { "adagrad", "eps_outside", "quadratic:A=4,1,0,1,3,-1,0,-1,2,b=1,0,-2,c=5", "eta=0.3", 60 },
    { "rmsprop", "eps_inside", "online-linear:n=3,g=1,-2,0.5,3,1e-3,-1e300", "eta=0.1", 60 },
    { "gd", NULL, "reddi:C=2.5", "eta=0.05 lo=-1 hi=1", 60 },
    { "adam", NULL, "rosenbrock:n=6,b=50", "alpha=0.02", 200 },
    { "nesterov", "ux", "quad:n=200,cond=1e4,layers=10x20", "beta=1e-4", 50 },
};
#define NSTRESS (sizeof stress / sizeof stress[0])

static int same(double a, double b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

/* First mismatch, or -1: compares double with MPFR@53 under fmt (or with no
 * emulation when fmt is NULL). */
static long first_mismatch(const optref_setup *s, long steps, const optref_format *fmt, char *msg,
                           size_t len)
{
    optref_run *d, *m;
    ck_assert_int_eq(optref_run_new(&d, s, OPTREF_DOUBLE, 53, NULL), OPTREF_SUCCESS);
    ck_assert_int_eq(optref_run_new(&m, s, OPTREF_MPFR, 53, fmt), OPTREF_SUCCESS);
    long bad = -1;
    for (long t = 0; t <= steps && bad < 0; t++) {
        if (t) {
            tu_step(d);
            tu_step(m);
        }
        for (size_t q = 0; q < optref_nq(s); q++) {
            double a = optref_run_get_d(d, q), b = optref_run_get_d(m, q);
            if (!same(a, b)) {
                char nm[64];
                optref_qname(s, q, nm, sizeof nm);
                snprintf(msg, len, "t=%ld %s: double %.17g (%a), mpfr@53 %.17g (%a)", t, nm, a, a, b, b);
                bad = t;
                break;
            }
        }
    }
    optref_run_free(d);
    optref_run_free(m);
    return bad;
}

START_TEST(golden_case)
{
    const optref_case *c = &cases[_i];
    char msg[512];
    long t = first_mismatch(c->s, c->steps, &optref_binary64, msg, sizeof msg);
    ck_assert_msg(t < 0, "case %s: %s", c->name, msg);
}
END_TEST

START_TEST(stress_case)
{
    optref_setup *s = tu_setup(stress[_i].alg, stress[_i].variant, stress[_i].prob, stress[_i].items);
    char msg[512];
    long t = first_mismatch(s, stress[_i].steps, &optref_binary64, msg, sizeof msg);
    ck_assert_msg(t < 0, "%s %s %s: %s", stress[_i].alg, stress[_i].prob, stress[_i].items, msg);
}
END_TEST

/* The comparison can fail: without binary64's exponent range, MPFR at 53 bits
 * does not flush into subnormals and the first stress case diverges. */
START_TEST(emulation_is_needed)
{
    optref_setup *s = tu_setup(stress[0].alg, stress[0].variant, stress[0].prob, stress[0].items);
    char msg[512];
    ck_assert(first_mismatch(s, stress[0].steps, NULL, msg, sizeof msg) > 0);
}
END_TEST

/* Every algorithm and variant appears in some golden case. */
START_TEST(every_algorithm_covered)
{
    for (size_t a = 0; optref_algorithms[a]; a++)
        for (size_t v = 0; v < optref_algorithms[a]->nvariants; v++) {
            int found = 0;
            for (size_t k = 0; k < ncases; k++)
                found |= optref_setup_algorithm(cases[k].s) == optref_algorithms[a] &&
                         optref_setup_variant(cases[k].s) == v;
            ck_assert_msg(found, "no golden case for %s variant %s", optref_algorithms[a]->name,
                          optref_algorithms[a]->variants[v].name);
        }
}
END_TEST

int main(void)
{
    if (tu_cases(&cases, &ncases) != 0)
        return 99; /* a hard error for meson, never a silent pass */
    Suite *s = suite_create("bitexact");
    TCase *tc = tcase_create("golden_cases");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, golden_case, 0, (int)ncases);
    tcase_add_test(tc, every_algorithm_covered);
    suite_add_tcase(s, tc);
    tc = tcase_create("stress");
    tcase_add_loop_test(tc, stress_case, 0, (int)NSTRESS);
    tcase_add_test(tc, emulation_is_needed);
    suite_add_tcase(s, tc);
    int rc = tu_main(s);
    optref_cases_free(cases, ncases);
    return rc;
}
