/* Suite problems: each problem's f and ∇f against hand values, against
 * central differences of f at 512 bits, and at its minimiser. */
#include <math.h>
#include <string.h>

#include "testutil.h"

/* f and g at point x, read through a zero-step run (f) and a one-step GD
 * run with a tiny step (g is the gradient that step used, at x). */
static void eval(const char *prob, const double *x, size_t n, mpfr_prec_t prec, mpfr_ptr f, mpfr_ptr *g)
{
    char items[512] = "eta=0x1p-1000 x0=";
    for (size_t i = 0; i < n; i++) {
        char b[40];
        snprintf(b, sizeof b, "%s%a", i ? "," : "", x[i]);
        strcat(items, b);
    }
    optref_setup s = tu_setup("gd", NULL, prob, items);
    optref_run *r = tu_run(&s, OPTREF_MPFR, prec, 0);
    mpfr_set(f, optref_run_get_mp(r, tu_q(&s, "f")), MPFR_RNDN);
    optref_run_step(r);
    for (size_t i = 0; i < n; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "g[%zu]", i);
        mpfr_set(g[i], optref_run_get_mp(r, tu_q(&s, nm)), MPFR_RNDN);
    }
    optref_run_free(r);
}

START_TEST(hand_values)
{
    mpfr_t f, g0, g1;
    mpfr_ptr g[2] = { g0, g1 };
    mpfr_inits2(53, f, g0, g1, (mpfr_ptr)0);
    /* (1 + 1.5)² + 100 (2 − 2.25)² = 12.5; ∂1 = −5 − 400·(−1.5)(−0.25) = −155; ∂2 = −50 */
    eval("rosenbrock", (double[]){ -1.5, 2 }, 2, 53, f, g);
    ck_assert(mpfr_cmp_d(f, 12.5) == 0 && mpfr_cmp_d(g0, -155) == 0 && mpfr_cmp_d(g1, -50) == 0);
    eval("square", (double[]){ 10 }, 1, 53, f, g);
    ck_assert(mpfr_cmp_d(f, 100) == 0 && mpfr_cmp_d(g0, 20) == 0);
    eval("quad-1-2", (double[]){ -5, -2 }, 2, 53, f, g);
    ck_assert(mpfr_cmp_d(f, 33) == 0 && mpfr_cmp_d(g0, -10) == 0 && mpfr_cmp_d(g1, -8) == 0);
    eval("quad-0.1-2", (double[]){ -5, -2 }, 2, 53, f, g);
    ck_assert_ulp(mpfr_get_d(f, MPFR_RNDN), 10.5, 1, "quad-0.1-2 f");
    ck_assert_ulp(mpfr_get_d(g0, MPFR_RNDN), -1.0, 1, "quad-0.1-2 g[0]");
    eval("linear", (double[]){ 3, 4 }, 2, 53, f, g);
    ck_assert(mpfr_cmp_d(f, -5) == 0 && mpfr_cmp_d(g0, 1) == 0 && mpfr_cmp_d(g1, -2) == 0);
    mpfr_clears(f, g0, g1, (mpfr_ptr)0);
}
END_TEST

/* ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, error O(h²) = 2^-160 here. */
START_TEST(central_differences)
{
    const double pts[3][2] = { { -1.5, 2 }, { 0.3, -0.7 }, { 1.25, 1.5 } };
    for (size_t p = 0; optref_problems[p]; p++) {
        const optref_problem *P = optref_problems[p];
        for (int k = 0; k < 3; k++) {
            mpfr_t f, fp, fm, d, gg[2];
            mpfr_ptr g[2] = { gg[0], gg[1] };
            mpfr_inits2(512, f, fp, fm, d, gg[0], gg[1], (mpfr_ptr)0);
            eval(P->name, pts[k], P->n, 512, f, g);
            /* f at x ± h e_i (not doubles) by its formula at 512 bits,
             * independently of the code under test. */
            for (size_t i = 0; i < P->n; i++) {
                mpfr_t x[2], h, t1, t2;
                mpfr_inits2(512, x[0], x[1], h, t1, t2, (mpfr_ptr)0);
                mpfr_set_ui_2exp(h, 1, -80, MPFR_RNDN);
                for (int sgn = -1; sgn <= 1; sgn += 2) {
                    mpfr_set_d(x[0], pts[k][0], MPFR_RNDN);
                    mpfr_set_d(x[1], pts[k][1], MPFR_RNDN);
                    if (sgn > 0)
                        mpfr_add(x[i], x[i], h, MPFR_RNDN);
                    else
                        mpfr_sub(x[i], x[i], h, MPFR_RNDN);
                    mpfr_ptr out = sgn > 0 ? fp : fm;
                    if (strcmp(P->name, "rosenbrock") == 0) {
                        mpfr_ui_sub(t1, 1, x[0], MPFR_RNDN);
                        mpfr_sqr(t1, t1, MPFR_RNDN);
                        mpfr_sqr(t2, x[0], MPFR_RNDN);
                        mpfr_sub(t2, x[1], t2, MPFR_RNDN);
                        mpfr_sqr(t2, t2, MPFR_RNDN);
                        mpfr_mul_ui(t2, t2, 100, MPFR_RNDN);
                        mpfr_add(out, t1, t2, MPFR_RNDN);
                    } else {
                        mpfr_set_zero(out, 1);
                        for (size_t j = 0; j < P->n; j++) {
                            if (strcmp(P->name, "linear") == 0)
                                mpfr_mul_d(t1, x[j], P->coef[j], MPFR_RNDN);
                            else {
                                mpfr_sqr(t1, x[j], MPFR_RNDN);
                                mpfr_mul_d(t1, t1, P->coef[j], MPFR_RNDN);
                            }
                            mpfr_add(out, out, t1, MPFR_RNDN);
                        }
                    }
                }
                mpfr_sub(d, fp, fm, MPFR_RNDN);
                mpfr_mul_2ui(d, d, 79, MPFR_RNDN); /* ÷ 2h = 2^-79 */
                mpfr_sub(d, d, g[i], MPFR_RNDN);
                ck_assert_msg(mpfr_zero_p(d) || mpfr_get_exp(d) < -140,
                              "%s at (%g, %g): g[%zu] disagrees with central difference", P->name,
                              pts[k][0], pts[k][1], i);
                mpfr_clears(x[0], x[1], h, t1, t2, (mpfr_ptr)0);
            }
            mpfr_clears(f, fp, fm, d, gg[0], gg[1], (mpfr_ptr)0);
        }
    }
}
END_TEST

START_TEST(minimisers)
{
    for (size_t p = 0; optref_problems[p]; p++) {
        const optref_problem *P = optref_problems[p];
        if (isinf(P->fmin))
            continue;
        mpfr_t f, g0, g1;
        mpfr_ptr g[2] = { g0, g1 };
        mpfr_inits2(256, f, g0, g1, (mpfr_ptr)0);
        eval(P->name, P->xmin, P->n, 256, f, g);
        ck_assert_msg(mpfr_cmp_d(f, P->fmin) == 0, "%s: f(xmin) != fmin", P->name);
        for (size_t i = 0; i < P->n; i++)
            ck_assert_msg(mpfr_zero_p(g[i]), "%s: gradient at the minimiser is not 0", P->name);
        mpfr_clears(f, g0, g1, (mpfr_ptr)0);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("problems");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, hand_values);
    tcase_add_test(tc, central_differences);
    tcase_add_test(tc, minimisers);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
