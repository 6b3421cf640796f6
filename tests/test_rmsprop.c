/* Suite rmsprop: under the constant gradient c of problem `linear`,
 * s_t = (1 − γ^t) c², and x_t = x_0 − η c Σ_{k≤t} 1/√((1 − γ^k) c² + ε)
 * (eps_inside) or 1/(√((1 − γ^k) c²) + ε) (eps_outside), at 1024 bits. */
#include <math.h>

#include "testutil.h"

static void check_variant(const char *variant, int outside)
{
    const double c[2] = { 1, -2 }, eta = 0.01, gamma = 0.9, eps = 1e-6;
    optref_setup *s = tu_setup("rmsprop", variant, "linear", "eta=0.01 gamma=0.9 eps=1e-6");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0), *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t sum[2], term, gk, st;
    mpfr_inits2(1024, sum[0], sum[1], term, gk, st, (mpfr_ptr)0);
    mpfr_set_zero(sum[0], 1);
    mpfr_set_zero(sum[1], 1);
    for (unsigned long t = 1; t <= 100; t++) {
        tu_step(m);
        tu_step(d);
        mpfr_set_d(gk, gamma, MPFR_RNDN);
        mpfr_pow_ui(gk, gk, t, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            mpfr_ui_sub(st, 1, gk, MPFR_RNDN);
            mpfr_mul_d(st, st, c[i] * c[i], MPFR_RNDN); /* s_t */
            if (outside) {
                mpfr_sqrt(term, st, MPFR_RNDN);
                mpfr_add_d(term, term, eps, MPFR_RNDN);
            } else {
                mpfr_add_d(term, st, eps, MPFR_RNDN);
                mpfr_sqrt(term, term, MPFR_RNDN);
            }
            mpfr_ui_div(term, 1, term, MPFR_RNDN);
            mpfr_add(sum[i], sum[i], term, MPFR_RNDN);
            mpfr_mul_d(term, sum[i], -eta * c[i], MPFR_RNDN); /* η·c exact for c = 1, −2 */
            char nm[8];
            snprintf(nm, sizeof nm, "x[%d]", i);
            double e = mpfr_get_d(term, MPFR_RNDN);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), e, 0, "%s mpfr t=%lu %s", variant, t, nm);
            ck_assert_ulp(optref_run_get_d(d, tu_q(s, nm)), e, 4.0 * t + 4, "%s double t=%lu %s",
                          variant, t, nm);
            snprintf(nm, sizeof nm, "s[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(st, MPFR_RNDN), 0,
                          "%s mpfr t=%lu %s", variant, t, nm);
        }
    }
    mpfr_clears(sum[0], sum[1], term, gk, st, (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(d);
}

START_TEST(constant_gradient_inside) { check_variant("eps_inside", 0); }
END_TEST

START_TEST(constant_gradient_outside) { check_variant("eps_outside", 1); }
END_TEST

int main(void)
{
    Suite *s = suite_create("rmsprop");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, constant_gradient_inside);
    tcase_add_test(tc, constant_gradient_outside);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
