/* Suite adam: closed forms.
 *  - constant gradient c: m_t = (1 − β1^t) c and v_t = (1 − β2^t) c², so
 *    m̂_t = c, v̂_t = c² and every step is α c/(|c| + ε):
 *    x_t = x_0 − t α c/(|c| + ε) exactly;
 *  - the first step from any start is −α g/(|g| + ε) ≈ −α sign(g) when ε ≪ |g|. */
#include <math.h>

#include "testutil.h"

START_TEST(constant_gradient)
{
    const double alpha = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, c[2] = { 1, -2 };
    optref_setup *s = tu_setup("adam", NULL, "linear", "alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0), *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t e, p;
    mpfr_inits2(1024, e, p, (mpfr_ptr)0);
    for (unsigned long t = 1; t <= 200; t++) {
        tu_step(m);
        tu_step(d);
        for (int i = 0; i < 2; i++) {
            char nm[8];
            mpfr_set_d(e, fabs(c[i]), MPFR_RNDN);
            mpfr_add_d(e, e, eps, MPFR_RNDN);
            mpfr_d_div(e, c[i], e, MPFR_RNDN);
            mpfr_mul_d(e, e, alpha, MPFR_RNDN);
            mpfr_mul_si(e, e, -(long)t, MPFR_RNDN);
            snprintf(nm, sizeof nm, "x[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(e, MPFR_RNDN), 0,
                          "mpfr t=%lu %s", t, nm);
            /* The double variant rounds β2^t, and 1 − β2^t cancels: its
             * relative error is about u·β2^t/(1 − β2^t) ≈ u/(t(1 − β2)),
             * ~1000 ULP at t = 1 for β2 = 0.999, halved by the root; each
             * step adds a few ULP more.  Hence this bound (the MPFR check
             * above is the exact one). */
            ck_assert_ulp(optref_run_get_d(d, tu_q(s, nm)), mpfr_get_d(e, MPFR_RNDN), 600 + 8.0 * t,
                          "double t=%lu %s", t, nm);
            mpfr_set_d(p, beta1, MPFR_RNDN);
            mpfr_pow_ui(p, p, t, MPFR_RNDN);
            mpfr_ui_sub(p, 1, p, MPFR_RNDN);
            mpfr_mul_d(p, p, c[i], MPFR_RNDN);
            snprintf(nm, sizeof nm, "m[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(p, MPFR_RNDN), 0,
                          "mpfr t=%lu %s", t, nm);
            mpfr_set_d(p, beta2, MPFR_RNDN);
            mpfr_pow_ui(p, p, t, MPFR_RNDN);
            mpfr_ui_sub(p, 1, p, MPFR_RNDN);
            mpfr_mul_d(p, p, c[i] * c[i], MPFR_RNDN);
            snprintf(nm, sizeof nm, "v[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(p, MPFR_RNDN), 0,
                          "mpfr t=%lu %s", t, nm);
        }
        /* the scalar states: β1^t and β2^t as running products (exact in
         * MPFR up to its rounding; the double variant rounds each of its t − 1
         * products, < t ULP) */
        const char *bn[2] = { "b1t", "b2t" };
        const double bv[2] = { beta1, beta2 };
        for (int k = 0; k < 2; k++) {
            mpfr_set_d(p, bv[k], MPFR_RNDN);
            mpfr_pow_ui(p, p, t, MPFR_RNDN);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, bn[k])), mpfr_get_d(p, MPFR_RNDN), 0, "mpfr t=%lu %s", t,
                          bn[k]);
            ck_assert_ulp(optref_run_get_d(d, tu_q(s, bn[k])), mpfr_get_d(p, MPFR_RNDN), (double)t,
                          "double t=%lu %s", t, bn[k]);
        }
        /* the constant schedule: η_t = α */
        ck_assert(optref_run_get_d(m, tu_q(s, "eta")) == alpha && optref_run_get_d(d, tu_q(s, "eta")) == alpha);
    }
    mpfr_clears(e, p, (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

/* 0.1 x1² + 2 x2² from (−5, −2), α = 0.1: g = (−1, −8), so the first step
 * moves each coordinate by +α g/(|g| + ε)·(−1) ≈ +0.1. */
START_TEST(first_step_sign)
{
    optref_setup *s = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.1");
    optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 1);
    const double x0[2] = { -5, -2 };
    for (int i = 0; i < 2; i++) {
        double g = optref_run_get_d(d, tu_q(s, i ? "g[1]" : "g[0]"));
        double step = optref_run_get_d(d, tu_q(s, i ? "x[1]" : "x[0]")) - x0[i];
        ck_assert_msg(step > 0 && fabs(step - 0.1) < 0.1 * 1e-8 / fabs(g) * 2 + 1e-15,
                      "coordinate %d: step %a is not -alpha*sign(g) = 0.1", i, step);
    }
    optref_run_free(d);
}
END_TEST

/* DS 4440's simplified Adam (no bias correction) on a constant gradient c:
 * m_t = (1 − β1^t) c, v_t = (1 − β2^t) c², and
 * x_t = x_{t−1} − α m_t/(√v_t + ε): the recurrence at 1024 bits from those
 * closed forms.  Against Kingma & Ba's steps of α c/(|c| + ε) the first
 * step is (1 − β1)/√(1 − β2) ≈ 3.16 times as long for β1 = 0.9,
 * β2 = 0.999, which a variant that kept the bias correction would not give. */
START_TEST(simplified_constant_gradient)
{
    const double alpha = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, c[2] = { 1, -2 };
    optref_setup *s = tu_setup("adam", "simplified", "linear", "alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t x[2], p, q;
    mpfr_inits2(1024, x[0], x[1], p, q, (mpfr_ptr)0);
    mpfr_set_ui(x[0], 0, MPFR_RNDN);
    mpfr_set_ui(x[1], 0, MPFR_RNDN);
    for (unsigned long t = 1; t <= 200; t++) {
        tu_step(m);
        for (int i = 0; i < 2; i++) {
            char nm[8];
            mpfr_set_d(p, beta1, MPFR_RNDN);
            mpfr_pow_ui(p, p, t, MPFR_RNDN);
            mpfr_ui_sub(p, 1, p, MPFR_RNDN);
            mpfr_mul_d(p, p, c[i], MPFR_RNDN); /* m_t */
            snprintf(nm, sizeof nm, "m[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(p, MPFR_RNDN), 0, "t=%lu %s", t, nm);
            mpfr_set_d(q, beta2, MPFR_RNDN);
            mpfr_pow_ui(q, q, t, MPFR_RNDN);
            mpfr_ui_sub(q, 1, q, MPFR_RNDN);
            mpfr_mul_d(q, q, c[i] * c[i], MPFR_RNDN); /* v_t */
            snprintf(nm, sizeof nm, "v[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(q, MPFR_RNDN), 0, "t=%lu %s", t, nm);
            mpfr_sqrt(q, q, MPFR_RNDN);
            mpfr_add_d(q, q, eps, MPFR_RNDN);
            mpfr_div(p, p, q, MPFR_RNDN);
            mpfr_mul_d(p, p, alpha, MPFR_RNDN);
            mpfr_sub(x[i], x[i], p, MPFR_RNDN);
            snprintf(nm, sizeof nm, "x[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(x[i], MPFR_RNDN), 0, "t=%lu %s", t, nm);
        }
    }
    mpfr_clears(x[0], x[1], p, q, (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adam");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, constant_gradient);
    tcase_add_test(tc, first_step_sign);
    tcase_add_test(tc, simplified_constant_gradient);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
