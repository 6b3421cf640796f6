/* Suite nesterov: both forms by hand, and the O(1/k²) bound. */
#include <math.h>

#include "testutil.h"

/* Form ux, β = 0.4, from (−5, −2) on 0.1 x1² + 2 x2², by hand:
 * t=1 (coefficient 0/3): u1 = x1 = (−4.6, 1.2);
 * t=2: g = (−0.92, 4.8), u2 = (−4.232, −0.72), x2 = u2 + ¼(u2 − u1) = (−4.14, −1.2). */
START_TEST(ux_by_hand)
{
    optref_setup *s = tu_setup("nesterov", "ux", "quad-0.1-2", "beta=0.4");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -4.6, 1, "t=1 x[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[1]")), 1.2, 1, "t=1 x[1]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "u[1]")), 1.2, 1, "t=1 u[1]");
    tu_step(r);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "u[0]")), -4.232, 4, "t=2 u[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "u[1]")), -0.72, 4, "t=2 u[1]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -4.14, 4, "t=2 x[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[1]")), -1.2, 4, "t=2 x[1]");
    optref_run_free(r);
}
END_TEST

/* Form lookahead, α = 0.4, γ = 0.5, by hand:
 * t=1: g at x0 = (−1, −8), v1 = (0.4, 3.2), x1 = (−4.6, 1.2);
 * t=2: look-ahead (−4.4, 2.8), g = (−0.88, 11.2), v2 = (0.552, −2.88), x2 = (−4.048, −1.68). */
START_TEST(lookahead_by_hand)
{
    optref_setup *s = tu_setup("nesterov", "lookahead", "quad-0.1-2", "alpha=0.4 gamma=0.5");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "v[1]")), 3.2, 1, "t=1 v[1]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -4.6, 1, "t=1 x[0]");
    tu_step(r);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "g[0]")), -0.88, 2, "t=2 g[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "g[1]")), 11.2, 2, "t=2 g[1]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "v[0]")), 0.552, 4, "t=2 v[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "v[1]")), -2.88, 4, "t=2 v[1]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -4.048, 4, "t=2 x[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[1]")), -1.68, 4, "t=2 x[1]");
    optref_run_free(r);
}
END_TEST

/* Su, Boyd, Candès 2016 (Theorem 6, after Beck & Teboulle 2009): for convex
 * L-smooth f and step s <= 1/L, f(u^k) − f* <= 2 ‖x0 − x*‖² / (s (k+1)²),
 * u^k being the gradient-step sequence (our state u).  L = 4 for both
 * quadratics; f at u^k is evaluated here from its closed form. */
START_TEST(inverse_square_rate)
{
    const char *probs[] = { "quad-1-2", "quad-0.1-2" };
    const double a[2][2] = { { 1, 2 }, { 0.1, 2 } };
    for (int k = 0; k < 2; k++) {
        optref_setup *s = tu_setup("nesterov", "ux", probs[k], "beta=0.25");
        optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
        double d0 = 25 + 4; /* ‖(−5, −2) − 0‖² */
        for (long t = 1; t <= 300; t++) {
            tu_step(r);
            double u0 = optref_run_get_d(r, tu_q(s, "u[0]")), u1 = optref_run_get_d(r, tu_q(s, "u[1]"));
            double f = a[k][0] * u0 * u0 + a[k][1] * u1 * u1;
            double bound = 2 * d0 / (0.25 * (double)(t + 1) * (double)(t + 1));
            ck_assert_msg(f <= bound * (1 + 1e-12), "%s t=%ld: f(u) = %g above the O(1/k^2) bound %g",
                          probs[k], t, f, bound);
        }
        optref_run_free(r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("nesterov");
    TCase *tc = tcase_create("by_hand");
    tcase_add_test(tc, ux_by_hand);
    tcase_add_test(tc, lookahead_by_hand);
    suite_add_tcase(s, tc);
    tc = tcase_create("convergence");
    tcase_add_test(tc, inverse_square_rate);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
