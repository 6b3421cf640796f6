/* Suite adamw: Adam with L2 and with decoupled weight decay (Loshchilov &
 * Hutter Algorithm 2), expected values from outside the code:
 *  - a constant gradient c (problem linear): m̂_t = c and v̂_t = c² exactly,
 *    so every step is θ ← θ − η_t(α s + λθ) (adamw) or
 *    θ ← θ − η_t α(s + λθ) (adamw_lr), s = c/(|c| + ε): a scalar recurrence
 *    computed here at 1024 bits;
 *  - the two parametrisations agree exactly when λ_adamw = α λ_adamw_lr;
 *  - Adam with L2 on f is Adam on f + (λ/2)‖θ‖² (exact arithmetic);
 *  - with λ = 0 all three variants are Adam (bit for bit). */
#include <math.h>

#include "testutil.h"

/* x_t of one coordinate on linear: x ← x − η_t(a·s + d·x), a = α, d = λ
 * (adamw) or a = α, d = αλ (adamw_lr), η_t = 1/√(t + 1) when sched. */
static double linear_x(double alpha, double lambda, int lr_form, double eps, double c, double x0,
                       int sched, unsigned long t)
{
    mpfr_t x, s, d, e, u;
    mpfr_inits2(1024, x, s, d, e, u, (mpfr_ptr)0);
    mpfr_set_d(x, x0, MPFR_RNDN);
    mpfr_set_d(s, fabs(c), MPFR_RNDN);
    mpfr_add_d(s, s, eps, MPFR_RNDN);
    mpfr_d_div(s, c, s, MPFR_RNDN);
    mpfr_mul_d(s, s, alpha, MPFR_RNDN); /* α s */
    mpfr_set_d(d, lambda, MPFR_RNDN);
    if (lr_form)
        mpfr_mul_d(d, d, alpha, MPFR_RNDN);
    for (unsigned long k = 1; k <= t; k++) {
        mpfr_set_ui(e, 1, MPFR_RNDN);
        if (sched) {
            mpfr_set_ui(e, k + 1, MPFR_RNDN);
            mpfr_rec_sqrt(e, e, MPFR_RNDN);
        }
        mpfr_mul(u, d, x, MPFR_RNDN);
        mpfr_add(u, u, s, MPFR_RNDN);
        mpfr_mul(u, u, e, MPFR_RNDN);
        mpfr_sub(x, x, u, MPFR_RNDN);
    }
    double r = mpfr_get_d(x, MPFR_RNDN);
    mpfr_clears(x, s, d, e, u, (mpfr_ptr)0);
    return r;
}

START_TEST(constant_gradient)
{
    static const char *const variants[2] = { "adamw", "adamw_lr" };
    const double alpha = 0.1, lambda = 0.3, eps = 1e-8, c[2] = { 1, -2 }, x0[2] = { 3, -1.5 };
    for (int sched = 0; sched < 2; sched++)
        for (int lr = 0; lr < 2; lr++) {
            char items[160];
            snprintf(items, sizeof items, "alpha=0.1 lambda=0.3 eps=1e-8 x0=3,-1.5%s",
                     sched ? " schedule=invsqrt:c=1" : "");
            optref_setup *s = tu_setup("adamw", variants[lr], "linear", items);
            optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
            for (unsigned long t = 1; t <= 60; t++) {
                tu_step(m);
                for (int i = 0; i < 2; i++) {
                    char nm[8];
                    snprintf(nm, sizeof nm, "x[%d]", i);
                    ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)),
                                  linear_x(alpha, lambda, lr, eps, c[i], x0[i], sched, t), 0,
                                  "%s sched=%d t=%lu %s", variants[lr], sched, t, nm);
                }
            }
            optref_run_free(m);
        }
}
END_TEST

/* Loshchilov & Hutter's decay λ per unit η_t equals Lecture 17's decay λ'
 * per unit learning rate η_t α when λ = α λ' (α = 0.5, λ' = 0.2, λ = 0.1:
 * 0.5·0x1.999999999999ap-3 is 0x1.999999999999ap-4 exactly), under a
 * schedule too.  Exact arithmetic: MPFR at 256 bits, x to the ULP. */
START_TEST(parametrisations_agree)
{
    const char *sched[2] = { "", " schedule=invsqrt:c=1" };
    for (int k = 0; k < 2; k++) {
        char a[96], b[96];
        snprintf(a, sizeof a, "alpha=0.5 lambda=0.1%s", sched[k]);
        snprintf(b, sizeof b, "alpha=0.5 lambda=0.2%s", sched[k]);
        optref_setup *sa = tu_setup("adamw", "adamw", "quad-0.1-2", a);
        optref_setup *sb = tu_setup("adamw", "adamw_lr", "quad-0.1-2", b);
        optref_run *ra = tu_run(sa, OPTREF_MPFR, 256, 0), *rb = tu_run(sb, OPTREF_MPFR, 256, 0);
        for (int t = 1; t <= 40; t++) {
            tu_step(ra);
            tu_step(rb);
            for (int i = 0; i < 2; i++) {
                const char *nm = i ? "x[1]" : "x[0]";
                ck_assert_ulp(optref_run_get_d(ra, tu_q(sa, nm)), optref_run_get_d(rb, tu_q(sb, nm)), 0,
                              "%s t=%d %s", sched[k], t, nm);
            }
        }
        optref_run_free(ra);
        optref_run_free(rb);
    }
}
END_TEST

/* Adam with L2 factor λ on Σ a_i θ_i² is Adam on Σ (a_i + λ/2) θ_i²: with
 * a = (0.25, 2), λ = 0.5 the shifted coefficients 0.5, 2.25 are exact. */
START_TEST(l2_is_adam_on_regularized_f)
{
    optref_setup *sl = tu_setup("adamw", "l2", "quad:a=0.25,2,x0=-5,-2", "alpha=0.1 lambda=0.5");
    optref_setup *sa = tu_setup("adam", NULL, "quad:a=0.5,2.25,x0=-5,-2", "alpha=0.1");
    optref_run *ml = tu_run(sl, OPTREF_MPFR, 256, 0), *ma = tu_run(sa, OPTREF_MPFR, 256, 0);
    for (int t = 1; t <= 40; t++) {
        tu_step(ml);
        tu_step(ma);
        const char *names[] = { "x[0]", "x[1]", "m[0]", "m[1]", "v[0]", "v[1]", "g[0]", "g[1]" };
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            ck_assert_ulp(optref_run_get_d(ml, tu_q(sl, names[k])), optref_run_get_d(ma, tu_q(sa, names[k])), 0,
                          "t=%d %s", t, names[k]);
    }
    optref_run_free(ml);
    optref_run_free(ma);
}
END_TEST

/* λ = 0: Algorithm 2 is Kingma & Ba's Adam.  adamw and l2 round as adam.c
 * does (η_t = 1: the products by η_t and the added 0·θ are exact): bit for
 * bit in double and in MPFR at 53 bits.  adamw_lr computes α·(m̂/(√v̂ + ε)),
 * another association: equal in exact arithmetic, compared at 256 bits. */
START_TEST(lambda_zero_is_adam)
{
    static const char *const variants[3] = { "adamw", "l2", "adamw_lr" };
    optref_setup *sa = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.1");
    for (int v = 0; v < 3; v++) {
        optref_setup *sw = tu_setup("adamw", variants[v], "quad-0.1-2", "alpha=0.1 lambda=0");
        for (int ar = 0; ar < 2; ar++) {
            optref_arith arith = ar ? OPTREF_MPFR : OPTREF_DOUBLE;
            long prec = v == 2 ? 256 : 53;
            if (v == 2 && !ar)
                continue;
            optref_run *ra = tu_run(sa, arith, prec, 0), *rw = tu_run(sw, arith, prec, 0);
            for (int t = 1; t <= 30; t++) {
                tu_step(ra);
                tu_step(rw);
                for (int i = 0; i < 2; i++) {
                    const char *nm = i ? "x[1]" : "x[0]";
                    double a = optref_run_get_d(ra, tu_q(sa, nm)), w = optref_run_get_d(rw, tu_q(sw, nm));
                    ck_assert_msg(a == w, "%s arith=%d t=%d %s: adam %a, adamw %a", variants[v], ar, t, nm, a, w);
                }
            }
            optref_run_free(ra);
            optref_run_free(rw);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adamw");
    TCase *tc = tcase_create("outside");
    tcase_add_test(tc, constant_gradient);
    tcase_add_test(tc, parametrisations_agree);
    tcase_add_test(tc, l2_is_adam_on_regularized_f);
    tcase_add_test(tc, lambda_zero_is_adam);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
