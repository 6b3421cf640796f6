/* Suite adadelta: the first two steps under a constant gradient c, from
 * Zeiler's Algorithm 1 by hand:
 *   s_1 = (1 − ρ) c²,   g'_1 = √ε / √(s_1 + ε) · c,   Δx_1 = (1 − ρ) g'_1²
 *   s_2 = (1 − ρ²) c²,  g'_2 = √(Δx_1 + ε) / √(s_2 + ε) · c
 * The first step is tiny (≈ √(ε/(1 − ρ))), not the full gradient step that
 * tfjs takes by dividing by the old s (../shared notes, conventions §2.4). */
#include <math.h>

#include "testutil.h"

/* Step 1 for one coordinate: 1 − ρ, s_1, g'_1, Δx_1. */
static void step1(double rho, double eps, double c, mpfr_ptr omr, mpfr_ptr s1, mpfr_ptr gp1, mpfr_ptr dx1)
{
    mpfr_t a, b;
    mpfr_inits2(1024, a, b, (mpfr_ptr)0);
    mpfr_set_d(omr, rho, MPFR_RNDN);
    mpfr_ui_sub(omr, 1, omr, MPFR_RNDN);
    mpfr_mul_d(s1, omr, c * c, MPFR_RNDN);
    mpfr_set_d(a, eps, MPFR_RNDN);
    mpfr_sqrt(a, a, MPFR_RNDN);
    mpfr_add_d(b, s1, eps, MPFR_RNDN);
    mpfr_sqrt(b, b, MPFR_RNDN);
    mpfr_div(gp1, a, b, MPFR_RNDN);
    mpfr_mul_d(gp1, gp1, c, MPFR_RNDN);
    mpfr_sqr(dx1, gp1, MPFR_RNDN);
    mpfr_mul(dx1, dx1, omr, MPFR_RNDN);
    mpfr_clears(a, b, (mpfr_ptr)0);
}

START_TEST(first_two_steps)
{
    const double rho = 0.9, eps = 1e-6, c[2] = { 1, -2 };
    optref_setup *s = tu_setup("adadelta", NULL, "linear", "rho=0.9 eps=1e-6");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 1);
    mpfr_t omr, s1, gp1, dx1, s2, gp2, a, b;
    mpfr_inits2(1024, omr, s1, gp1, dx1, s2, gp2, a, b, (mpfr_ptr)0);
    for (int i = 0; i < 2; i++) {
        step1(rho, eps, c[i], omr, s1, gp1, dx1);
        char nm[8];
        snprintf(nm, sizeof nm, "x[%d]", i);
        mpfr_neg(a, gp1, MPFR_RNDN);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(a, MPFR_RNDN), 0, "t=1 %s", nm);
        ck_assert(fabs(mpfr_get_d(a, MPFR_RNDN)) < 4 * sqrt(eps / (1 - rho)));
        snprintf(nm, sizeof nm, "dx[%d]", i);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(dx1, MPFR_RNDN), 0, "t=1 %s", nm);
    }
    tu_step(m);
    for (int i = 0; i < 2; i++) {
        step1(rho, eps, c[i], omr, s1, gp1, dx1);
        mpfr_set_d(s2, rho, MPFR_RNDN);
        mpfr_sqr(s2, s2, MPFR_RNDN);
        mpfr_ui_sub(s2, 1, s2, MPFR_RNDN);
        mpfr_mul_d(s2, s2, c[i] * c[i], MPFR_RNDN);
        mpfr_add_d(a, dx1, eps, MPFR_RNDN);
        mpfr_sqrt(a, a, MPFR_RNDN);
        mpfr_add_d(b, s2, eps, MPFR_RNDN);
        mpfr_sqrt(b, b, MPFR_RNDN);
        mpfr_div(gp2, a, b, MPFR_RNDN);
        mpfr_mul_d(gp2, gp2, c[i], MPFR_RNDN);
        mpfr_add(a, gp1, gp2, MPFR_RNDN);
        mpfr_neg(a, a, MPFR_RNDN); /* x_2 = −g'_1 − g'_2 */
        char nm[8];
        snprintf(nm, sizeof nm, "x[%d]", i);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(a, MPFR_RNDN), 0, "t=2 %s", nm);
        snprintf(nm, sizeof nm, "s[%d]", i);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(s2, MPFR_RNDN), 0, "t=2 %s", nm);
    }
    mpfr_clears(omr, s1, gp1, dx1, s2, gp2, a, b, (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adadelta");
    TCase *tc = tcase_create("by_hand");
    tcase_add_test(tc, first_two_steps);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
