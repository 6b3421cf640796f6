/* Suite momentum: heavy ball against a hand computation, against the
 * second-order recurrence it is equivalent to, and against the closed form
 * of its velocity under a constant gradient (Lecture 11.5, effective step). */
#include <math.h>

#include "testutil.h"

/* By hand, 0.1 x1² + 2 x2² from (−5, −2), η = 0.6, γ = 0.5:
 * g0 = (−1, −8), v1 = (−0.6, −4.8), x1 = (−4.4, 2.8);
 * g1 = (−0.88, 11.2), v2 = (−0.828, 4.32), x2 = (−3.572, −1.52). */
START_TEST(by_hand)
{
    optref_setup *s = tu_setup("momentum", NULL, "quad-0.1-2", "eta=0.6 gamma=0.5");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -4.4, 2, "t=1 x[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[1]")), 2.8, 2, "t=1 x[1]");
    tu_step(r);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "v[0]")), -0.828, 4, "t=2 v[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "v[1]")), 4.32, 4, "t=2 v[1]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -3.572, 4, "t=2 x[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[1]")), -1.52, 4, "t=2 x[1]");
    optref_run_free(r);
}
END_TEST

/* On f = x², v can be eliminated: x_t = (1 + γ − 2η) x_{t−1} − γ x_{t−2},
 * x_1 = (1 − 2η) x_0.  Evaluated at 1024 bits, independently of the
 * two-variable form the code transcribes. */
START_TEST(second_order_recurrence)
{
    const double eta = 0.1, gamma = 0.9, x0 = 10;
    optref_setup *s = tu_setup("momentum", NULL, "square", "eta=0.1 gamma=0.9 x0=10");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t a, xm2, xm1, xt, tmp;
    mpfr_inits2(1024, a, xm2, xm1, xt, tmp, (mpfr_ptr)0);
    mpfr_set_d(a, gamma, MPFR_RNDN);
    mpfr_add_ui(a, a, 1, MPFR_RNDN);
    mpfr_set_d(tmp, eta, MPFR_RNDN);
    mpfr_mul_2ui(tmp, tmp, 1, MPFR_RNDN);
    mpfr_sub(a, a, tmp, MPFR_RNDN); /* 1 + γ − 2η */
    mpfr_set_d(xm2, x0, MPFR_RNDN);
    mpfr_ui_sub(xm1, 1, tmp, MPFR_RNDN);
    mpfr_mul_d(xm1, xm1, x0, MPFR_RNDN); /* x_1 */
    tu_step(r);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), mpfr_get_d(xm1, MPFR_RNDN), 0, "t=1");
    for (int t = 2; t <= 80; t++) {
        mpfr_mul(xt, a, xm1, MPFR_RNDN);
        mpfr_mul_d(tmp, xm2, gamma, MPFR_RNDN);
        mpfr_sub(xt, xt, tmp, MPFR_RNDN);
        tu_step(r);
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), mpfr_get_d(xt, MPFR_RNDN), 0, "t=%d x", t);
        mpfr_sub(tmp, xm1, xt, MPFR_RNDN); /* v_t = x_{t−1} − x_t */
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "v[0]")), mpfr_get_d(tmp, MPFR_RNDN), 0, "t=%d v", t);
        mpfr_set(xm2, xm1, MPFR_RNDN);
        mpfr_set(xm1, xt, MPFR_RNDN);
    }
    mpfr_clears(a, xm2, xm1, xt, tmp, (mpfr_ptr)0);
    optref_run_free(r);
}
END_TEST

/* Constant gradient c: v_t = η c (1 − γ^t)/(1 − γ) → η c/(1 − γ), the
 * effective step of Lecture 11.5 ("momentum summary"). */
START_TEST(constant_gradient_velocity)
{
    const double eta = 0.05, gamma = 0.75, c[2] = { 1, -2 };
    optref_setup *s = tu_setup("momentum", NULL, "linear", "eta=0.05 gamma=0.75");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t v, gt;
    mpfr_inits2(1024, v, gt, (mpfr_ptr)0);
    for (unsigned long t = 1; t <= 100; t++) {
        tu_step(r);
        tu_step(d);
        mpfr_set_d(gt, gamma, MPFR_RNDN);
        mpfr_pow_ui(gt, gt, t, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            mpfr_ui_sub(v, 1, gt, MPFR_RNDN);
            mpfr_mul_d(v, v, eta * c[i], MPFR_RNDN); /* η·c exact: c is ±1, ±2 */
            mpfr_div_d(v, v, 1 - gamma, MPFR_RNDN);  /* 1 − 0.75 exact */
            char name[8];
            snprintf(name, sizeof name, "v[%d]", i);
            ck_assert_ulp(optref_run_get_d(r, tu_q(s, name)), mpfr_get_d(v, MPFR_RNDN), 0,
                          "mpfr t=%lu %s", t, name);
            ck_assert_ulp(optref_run_get_d(d, tu_q(s, name)), mpfr_get_d(v, MPFR_RNDN), 8,
                          "double t=%lu %s", t, name);
        }
    }
    /* the effective step η c/(1 − γ), approached within γ^100 ≈ 3e-13 */
    ck_assert(fabs(optref_run_get_d(d, tu_q(s, "v[0]")) - eta / (1 - gamma)) < 1e-12);
    mpfr_clears(v, gt, (mpfr_ptr)0);
    optref_run_free(r);
    optref_run_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("momentum");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, by_hand);
    tcase_add_test(tc, second_order_recurrence);
    tcase_add_test(tc, constant_gradient_velocity);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
