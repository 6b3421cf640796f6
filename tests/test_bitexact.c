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
    /* Issue 8's schedules: α^e and m_mul^i into subnormals and 0, γ^epoch to
     * inf, cosines ending exactly at η_T = 0, subnormal η0, restarts. */
    { "gd", NULL, "square", "eta=0.3 x0=1e-300 schedule=factor:alpha=1e-3,floor=0", 120 },
    { "gd", NULL, "square", "eta=1e-310 schedule=exponential:gamma=0.5,len=3", 60 },
    { "gd", NULL, "square", "eta=1e-3 x0=1e-300 schedule=exponential:gamma=1e30", 40 },
    { "momentum", NULL, "quad-0.1-2", "eta=0.6 gamma=0.5 schedule=multifactor:steps=3,7,7,12,alpha=0.1", 30 },
    { "gd", NULL, "square", "eta=0.4 schedule=cosine:T=17,W=5,eta_w=1e-320", 30 },
    { "gd", NULL, "square", "eta=5e-324 schedule=cosine-torch:T=9", 40 },
    { "gd", NULL, "quad-0.1-2", "eta=0.5 schedule=invtime:d=1e300,len=2", 30 },
    { "gd", NULL, "quad-0.1-2", "eta=0.9 schedule=slanted:T=37,cut_frac=0.3,ratio=1e300", 45 },
    { "adam", NULL, "quad-0.1-2", "alpha=0.3 schedule=sgdr:T0=2,Tmult=3,eta_min=1e-310", 60 },
    { "gd", NULL, "square", "eta=0.2 schedule=cosine-optax:init=1e-315,W=3,T=25,end=1e-300,exponent=7.5", 40 },
    { "gd", NULL, "square", "eta=0.2 schedule=sgdr-keras:T0=1,t_mul=2,m_mul=1e-150,alpha=0", 70 },
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
    { "adagrad", "eps_outside", "online-quad:n=2,a=1,0.25,1e-300,3,z=0.5,-1e300,-1,0.75", "eta=0.3", 60 },
    { "adam", NULL, "rosenbrock:n=6,b=50", "alpha=0.02", 200 },
    { "nesterov", "ux", "quad:n=200,cond=1e4,layers=10x20", "beta=1e-4", 50 },
    { "nesterov", "ux", "worst:n=50,k=30,L=3", "beta=0.3", 100 }, /* Nesterov's worst function (theory) */
    /* Newton: elimination with row exchanges, tiny and huge pivots, a
     * singular Hessian (0 pivot: inf and NaN), subnormal directions. */
    { "newton", NULL, "quadratic:A=1e-300,2,0,2,5e300,1,0,1,3,b=1,-2,1e-310,x0=1,1e-200,1", "eta=0.7", 20 },
    { "newton", NULL, "quad:a=0,1,x0=1,1", "eta=1", 3 },
    { "newton", NULL, "quad:a=3e-308,1e300,x0=1e-300,3", "eta=0.3", 30 },
    { "newton", NULL, "quad:n=12,cond=1e6", "eta=0.9", 10 },
    { "newton", NULL, "rosenbrock:n=5,x0=-1.2,1,2,1e-160,3", "eta=1", 12 },
    /* Full-matrix AdaGrad: Jacobi on a nearly singular G (δ tiny), on an
     * overflowing G (inf, NaN), on subnormal products, and at n = 8. */
    { "adagrad_full", NULL, "quadratic:A=4,1,0,1,3,-1,0,-1,2,b=1,0,-2,c=5", "eta=0.3 delta=1e-300", 30 },
    { "adagrad_full", "primal_dual", "online-linear:n=3,g=1,-2,0.5,3,1e-3,-1e300", "eta=0.1 delta=1e-3", 30 },
    { "adagrad_full", NULL, "online-linear:n=2,g=1e-160,3e-161,-2e-160,1e-160", "eta=1 delta=1e-310", 20 },
    { "adagrad_full", "primal_dual", "quad:n=8,cond=100", "eta=0.1 delta=0.01", 20 },
    { "adagrad_full", "primal_dual_ball", "online-linear:n=3,g=1,-2,0.5,3,1e-3,-1e300", "eta=0.1 delta=1e-3 R=2", 20 },
    { "adagrad_full", "primal_dual_ball", "quad:n=4,cond=10", "eta=1 delta=0.1 R=1e-300", 20 },
    { "adagrad_full", "primal_dual_ball", "online-pm1", "eta=0.5 delta=1e-300 R=0.7", 30 },
    /* Factored Adam: an all-zero layer (1ᵀR = 0: NaN), subnormal and
     * overflowing squares, and a vector (one n × 1 layer). */
    { "adam_factored", NULL, "online-linear:n=4,g=0,0,1,2,layers=1x2,1x2", "alpha=0.1", 10 },
    { "adam_factored", NULL, "quad:a=1,2,3,4,5,6,layers=3x2,x0=1e-160,2e-160,-1e-160,3e-161,1e-170,1e-155",
      "alpha=1e-3 eps=0", 30 },
    { "adam_factored", NULL, "rosenbrock:n=6,b=50,layers=2x3", "alpha=0.02", 100 },
    /* LARS and LAMB: a layer with m = 0 (0/0), one at 0 (ratio 0),
     * subnormal layers, norms that overflow, minibatches. */
    { "lars", NULL, "online-linear:n=4,g=0,0,1,2,layers=1x2,1x2,x0=0,0,1,1", "eta=0.1", 10 },
    { "lars", "clip", "quad:a=1,2,3,4,layers=2x2,x0=1e-310,2e-310,-1e-309,3e-320", "eta=0.5 gamma_l=1e-300 gamma_u=1",
      30 },
    { "lamb", "clip", "quad:a=1,2,3,4,5,6,layers=2x2,1x2,x0=1e200,-1e200,3e199,1,1e-200,2",
      "eta=0.01 lambda=0.1 gamma_l=0.01 gamma_u=10", 40 },
    { "lamb", NULL, "logistic:m=24,d=2,seed=9,noise=0,lambda=0.01,batch=6,x0=1,-1", "eta=0.3 lambda=0.01", 60 },
    { "lars", NULL, "rosenbrock:n=6,b=50,layers=3x1,1x3", "eta=0.01 lambda=0.001", 100 },
    { "lamb", "clip", "quad:n=6,cond=10,layers=2x2,1x2", "eta=0.05 gamma_l=0.1 gamma_u=1 schedule=invsqrt:c=1", 40 },
    { "adagrad_full", NULL, "quad-full-2", "eta=0.5 delta=0.1 schedule=invsqrt:c=0", 40 },
    /* Issue 7 (alg1): minibatch SGD, weight decay, AMSGrad, the ball. */
    { "sgd", NULL, "lsq:m=20,d=4,seed=2,batch=1", "eps=0.3", 80 },
    { "sgdw", "sgdw", "square", "alpha=0.3 beta1=0.9 lambda=0.5 x0=1e-300", 120 }, /* subnormals */
    { "sgdw", "l2", "quad-0.1-2", "alpha=3 beta1=0.9 lambda=1e300", 20 },           /* overflow */
    { "sgdw", "sgdw", "rosenbrock", "alpha=1e-3 lambda=0.1 schedule=invsqrt:c=1", 200 },
    { "sgdw", "sgdw_lr", "square", "alpha=0.3 beta1=0.9 lambda=0.5 x0=1e-300 schedule=invsqrt:c=1", 120 },
    { "adamw", "adamw", "quad-0.1-2", "alpha=0.5 lambda=0.3 eps=1e-300 x0=1e-160,-3e-155 schedule=invsqrt:c=1", 60 },
    { "adamw", "adamw_lr", "linear", "alpha=1e-310 eps=0 lambda=0.5", 30 },
    { "adamw", "l2", "rosenbrock", "alpha=0.02 lambda=0.01", 100 },
    { "adam", "simplified", "linear", "alpha=1e-310 eps=0", 30 },
    { "adam", "simplified", "quad-0.1-2", "alpha=0.5 eps=1e-300 x0=1e-160,-3e-155", 60 },
    { "amsgrad", NULL, "quad-0.1-2", "alpha=0.5 lambda=0.9 eps=1e-300 x0=1e-160,-3e-155 schedule=invsqrt:c=0", 60 },
    { "amsgrad", NULL, "reddi:C=2.5", "alpha=0.1 beta1=0 beta2=0.1 lo=-1 hi=1", 60 },
    { "amsgrad", NULL, "square", "alpha=1e-3 x0=0", 5 },                            /* 0/0: NaN */
    { "amsgrad", "ball", "quad:n=6,cond=1e8", "alpha=0.5 R=0.5", 40 },            /* bisection, spread weights */
    { "amsgrad", "ball", "quad-0.1-2", "alpha=0.5 R=1e-300 eps=1e-300", 20 },       /* tiny ball */
    { "amsgrad", "ball", "quad-0.1-2", "alpha=1e300 R=1e300 x0=1e300,-1e300", 5 },  /* φ overflows */
    { "amsgrad", "ball", "square", "alpha=1e-3 R=1 x0=0", 3 },                     /* 0/0: NaN */
    { "gd", "ball", "quad:a=3e-308,1e300,x0=1e-300,3", "eta=1e-301 R=1e-200", 30 },   /* ‖y‖² underflows */
    { "gd", "ball", "quad-0.1-2", "eta=0.4 R=1e300 x0=1e200,1e200", 5 },             /* ‖y‖² overflows */
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
