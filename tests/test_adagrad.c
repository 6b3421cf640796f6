/* Suite adagrad: under the constant gradient c of problem `linear`,
 * s_t = t c² and x_t = x_0 − η c Σ_{k≤t} 1/√(k c² + ε)   (eps_inside)
 *                x_t = x_0 − η c Σ_{k≤t} 1/(δ + √(k c²))  (eps_outside),
 * sums evaluated at 1024 bits. */
#include <math.h>

#include "testutil.h"

static void expect(int outside, double eta, double eps, double c, unsigned long t, mpfr_ptr x)
{
    mpfr_t sum, term;
    mpfr_inits2(1024, sum, term, (mpfr_ptr)0);
    mpfr_set_zero(sum, 1);
    for (unsigned long k = 1; k <= t; k++) {
        mpfr_set_d(term, c, MPFR_RNDN);
        mpfr_sqr(term, term, MPFR_RNDN);
        mpfr_mul_ui(term, term, k, MPFR_RNDN);
        if (outside) {
            mpfr_sqrt(term, term, MPFR_RNDN);
            mpfr_add_d(term, term, eps, MPFR_RNDN);
        } else {
            mpfr_add_d(term, term, eps, MPFR_RNDN);
            mpfr_sqrt(term, term, MPFR_RNDN);
        }
        mpfr_ui_div(term, 1, term, MPFR_RNDN);
        mpfr_add(sum, sum, term, MPFR_RNDN);
    }
    mpfr_mul_d(sum, sum, eta, MPFR_RNDN);
    mpfr_mul_d(sum, sum, c, MPFR_RNDN);
    mpfr_neg(x, sum, MPFR_RNDN);
    mpfr_clears(sum, term, (mpfr_ptr)0);
}

static void check_variant(const char *variant, const char *items, int outside, double eps)
{
    const double c[2] = { 1, -2 }, eta = 0.4;
    optref_setup *s = tu_setup("adagrad", variant, "linear", items);
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0), *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t x;
    mpfr_init2(x, 1024);
    for (unsigned long t = 1; t <= 100; t++) {
        tu_step(m);
        tu_step(d);
        for (int i = 0; i < 2; i++) {
            expect(outside, eta, eps, c[i], t, x);
            double e = mpfr_get_d(x, MPFR_RNDN);
            char nm[8];
            snprintf(nm, sizeof nm, "x[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), e, 0, "%s mpfr t=%lu %s", variant, t, nm);
            ck_assert_ulp(optref_run_get_d(d, tu_q(s, nm)), e, 2.0 * t + 2, "%s double t=%lu %s",
                          variant, t, nm);
            snprintf(nm, sizeof nm, "s[%d]", i);
            ck_assert(optref_run_get_d(m, tu_q(s, nm)) == (double)t * c[i] * c[i]);
        }
    }
    mpfr_clear(x);
    optref_run_free(m);
    optref_run_free(d);
}

START_TEST(constant_gradient_inside) { check_variant("eps_inside", "eta=0.4 eps=1e-6", 0, 1e-6); }
END_TEST

START_TEST(constant_gradient_outside) { check_variant("eps_outside", "eta=0.4 delta=1e-7", 1, 1e-7); }
END_TEST

/* The two variants differ: with ε = δ = 1 and |c| = 1 the first step is
 * η/√2 (inside) against η/2 (outside). */
START_TEST(variants_differ)
{
    optref_setup *a = tu_setup("adagrad", "eps_inside", "linear", "eta=1 eps=1");
    optref_setup *b = tu_setup("adagrad", "eps_outside", "linear", "eta=1 delta=1");
    optref_run *ra = tu_run(a, OPTREF_DOUBLE, 53, 1), *rb = tu_run(b, OPTREF_DOUBLE, 53, 1);
    ck_assert_ulp(optref_run_get_d(ra, tu_q(a, "x[0]")), -1 / sqrt(2.0), 1, "inside x[0]");
    ck_assert_ulp(optref_run_get_d(rb, tu_q(b, "x[0]")), -0.5, 0, "outside x[0]");
    optref_run_free(ra);
    optref_run_free(rb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adagrad");
    TCase *tc = tcase_create("closed_form");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, constant_gradient_inside);
    tcase_add_test(tc, constant_gradient_outside);
    tcase_add_test(tc, variants_differ);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
