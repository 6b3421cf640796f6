/* Suite sgdw: SGD with momentum and L2, and SGDW (Loshchilov & Hutter
 * Algorithm 1) and SGDW with the decay scaled by the learning rate,
 * expected values from outside the code:
 *  - hand computation on f = θ² with dyadic hyper-parameters (exact);
 *  - Proposition 1 (the paper's; Topic 27's): without momentum, decay λ is
 *    L2 with factor λ/α, in exact arithmetic;
 *  - variant l2 on f is heavy-ball momentum (momentum.c, Lecture 11.5's
 *    v ← γv + ηg) on f + (λ/2)‖θ‖². */
#include <math.h>

#include "testutil.h"

/* f = θ², θ0 = 10, α = 1/8, β1 = 1/2, λ = 1/4, η_t = 1, m_0 = 0 (the
 * paper's; STATS 403 writes m_0 ← θ, a slip), by hand:
 *   sgdw: g = 20, m = 0 + 20/8 = 2.5,      θ = 10 − 2.5 − 2.5 = 5
 *         g = 10, m = 1.25 + 1.25 = 2.5,   θ = 5 − 2.5 − 1.25 = 1.25
 *         g = 2.5, m = 1.25 + 0.3125,      θ = 1.25 − 1.5625 − 0.3125 = −0.625
 *   l2:   g = 20 + 2.5 = 22.5, m = 2.8125, θ = 10 − 2.8125 = 7.1875
 *         g = 14.375 + 1.796875 = 16.171875, m = 1.40625 + 2.021484375
 *         = 3.427734375, θ = 7.1875 − 3.427734375 = 3.759765625 */
START_TEST(hand_values)
{
    const double sgdw_x[] = { 5, 1.25, -0.625 }, sgdw_m[] = { 2.5, 2.5, 1.5625 };
    const double l2_x[] = { 7.1875, 3.759765625 }, l2_m[] = { 2.8125, 3.427734375 };
    for (int v = 0; v < 2; v++) {
        optref_setup *s = tu_setup("sgdw", v ? "l2" : "sgdw", "square", "alpha=0.125 beta1=0.5 lambda=0.25 x0=10");
        for (int ar = 0; ar < 2; ar++) {
            optref_run *r = tu_run(s, ar ? OPTREF_MPFR : OPTREF_DOUBLE, 53, 0);
            for (int t = 1; t <= (v ? 2 : 3); t++) {
                tu_step(r);
                ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), v ? l2_x[t - 1] : sgdw_x[t - 1], 0,
                              "variant %d arith %d t=%d x", v, ar, t);
                ck_assert_ulp(optref_run_get_d(r, tu_q(s, "m[0]")), v ? l2_m[t - 1] : sgdw_m[t - 1], 0,
                              "variant %d arith %d t=%d m", v, ar, t);
            }
            optref_run_free(r);
        }
    }
}
END_TEST

/* Proposition 1: with β1 = 0, SGDW with α = 0.5, λ = 0.1 takes the steps of
 * SGD with L2 factor λ/α = 0.2 (0.1/0.5 is exact in binary64), under a
 * schedule too.  Exact arithmetic: MPFR at 256 bits, to the ULP. */
START_TEST(proposition1)
{
    const char *sched[2] = { "", " schedule=invsqrt:c=1" };
    for (int k = 0; k < 2; k++) {
        char a[96], b[96];
        snprintf(a, sizeof a, "alpha=0.5 beta1=0 lambda=0.1%s", sched[k]);
        snprintf(b, sizeof b, "alpha=0.5 beta1=0 lambda=0.2%s", sched[k]);
        optref_setup *sw = tu_setup("sgdw", "sgdw", "quad-0.1-2", a);
        optref_setup *sl = tu_setup("sgdw", "l2", "quad-0.1-2", b);
        optref_run *rw = tu_run(sw, OPTREF_MPFR, 256, 0), *rl = tu_run(sl, OPTREF_MPFR, 256, 0);
        for (int t = 1; t <= 40; t++) {
            tu_step(rw);
            tu_step(rl);
            for (int i = 0; i < 2; i++) {
                const char *nm = i ? "x[1]" : "x[0]";
                ck_assert_ulp(optref_run_get_d(rw, tu_q(sw, nm)), optref_run_get_d(rl, tu_q(sl, nm)), 0,
                              "%s t=%d %s", sched[k], t, nm);
            }
        }
        optref_run_free(rw);
        optref_run_free(rl);
    }
}
END_TEST

/* l2 with α, β1, λ on Σ a_i θ_i² is momentum (η = α, γ = β1) on
 * Σ (a_i + λ/2) θ_i²: a = (0.25, 2), λ = 0.5, shifted to (0.5, 2.25),
 * exact.  The gradients (2a_i + λ)θ_i and 2(a_i + λ/2)θ_i even round alike
 * here, so double agrees bit for bit too; MPFR at 256 bits is the proof. */
START_TEST(l2_is_momentum_on_regularized_f)
{
    optref_setup *sl = tu_setup("sgdw", "l2", "quad:a=0.25,2,x0=-5,-2", "alpha=0.3 beta1=0.5 lambda=0.5");
    optref_setup *sm = tu_setup("momentum", NULL, "quad:a=0.5,2.25,x0=-5,-2", "eta=0.3 gamma=0.5");
    for (int ar = 0; ar < 2; ar++) {
        optref_arith arith = ar ? OPTREF_MPFR : OPTREF_DOUBLE;
        optref_run *rl = tu_run(sl, arith, 256, 0), *rm = tu_run(sm, arith, 256, 0);
        for (int t = 1; t <= 40; t++) {
            tu_step(rl);
            tu_step(rm);
            const char *nl[] = { "x[0]", "x[1]", "m[0]", "m[1]" }, *nmm[] = { "x[0]", "x[1]", "v[0]", "v[1]" };
            for (int k = 0; k < 4; k++)
                ck_assert_ulp(optref_run_get_d(rl, tu_q(sl, nl[k])), optref_run_get_d(rm, tu_q(sm, nmm[k])), 0,
                              "arith %d t=%d %s", ar, t, nl[k]);
        }
        optref_run_free(rl);
        optref_run_free(rm);
    }
}
END_TEST

/* Variant sgdw_lr scales the decay by the learning rate η_t α: it is sgdw
 * with λ_sgdw = α λ (α = 0.5, λ = 0.2: 0.1 exactly), and without momentum it
 * is SGD with L2 factor λ itself, θ − η_t α(g + λθ), under a schedule too.
 * Exact arithmetic: MPFR at 256 bits, x to the ULP.  By hand on θ² with
 * α = 1/8, λ = 2 (αλ = 1/4): the sgdw steps of hand_values, 5 and 1.25. */
START_TEST(lr_form)
{
    const char *sched[2] = { "", " schedule=invsqrt:c=1" };
    for (int k = 0; k < 2; k++) {
        char a[96], b[96], c[96], d[96];
        snprintf(a, sizeof a, "alpha=0.5 beta1=0.5 lambda=0.2%s", sched[k]);
        snprintf(b, sizeof b, "alpha=0.5 beta1=0.5 lambda=0.1%s", sched[k]);
        snprintf(c, sizeof c, "alpha=0.5 beta1=0 lambda=0.2%s", sched[k]);
        snprintf(d, sizeof d, "alpha=0.5 beta1=0 lambda=0.2%s", sched[k]);
        optref_setup *s1 = tu_setup("sgdw", "sgdw_lr", "quad-0.1-2", a), *s2 = tu_setup("sgdw", "sgdw", "quad-0.1-2", b);
        optref_setup *s3 = tu_setup("sgdw", "sgdw_lr", "quad-0.1-2", c), *s4 = tu_setup("sgdw", "l2", "quad-0.1-2", d);
        optref_run *r1 = tu_run(s1, OPTREF_MPFR, 256, 0), *r2 = tu_run(s2, OPTREF_MPFR, 256, 0);
        optref_run *r3 = tu_run(s3, OPTREF_MPFR, 256, 0), *r4 = tu_run(s4, OPTREF_MPFR, 256, 0);
        for (int t = 1; t <= 40; t++) {
            tu_step(r1);
            tu_step(r2);
            tu_step(r3);
            tu_step(r4);
            for (int i = 0; i < 2; i++) {
                const char *nm = i ? "x[1]" : "x[0]";
                ck_assert_ulp(optref_run_get_d(r1, tu_q(s1, nm)), optref_run_get_d(r2, tu_q(s2, nm)), 0,
                              "sgdw_lr vs sgdw%s t=%d %s", sched[k], t, nm);
                ck_assert_ulp(optref_run_get_d(r3, tu_q(s3, nm)), optref_run_get_d(r4, tu_q(s4, nm)), 0,
                              "sgdw_lr vs l2, beta1 = 0%s t=%d %s", sched[k], t, nm);
            }
        }
        optref_run_free(r1);
        optref_run_free(r2);
        optref_run_free(r3);
        optref_run_free(r4);
    }
    optref_setup *s = tu_setup("sgdw", "sgdw_lr", "square", "alpha=0.125 beta1=0.5 lambda=2 x0=10");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 0);
    const double want[2] = { 5, 1.25 };
    for (int t = 1; t <= 2; t++) {
        tu_step(r);
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), want[t - 1], 0, "by hand t=%d", t);
    }
    optref_run_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sgdw");
    TCase *tc = tcase_create("outside");
    tcase_add_test(tc, hand_values);
    tcase_add_test(tc, proposition1);
    tcase_add_test(tc, l2_is_momentum_on_regularized_f);
    tcase_add_test(tc, lr_form);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
