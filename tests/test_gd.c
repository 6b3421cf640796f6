/* Suite gd: expected values from closed forms and from the slides' worked
 * numbers, never from optref's own output. */
#include <math.h>

#include "testutil.h"

/* (1 − 2 a η)^t x0 for one coordinate of GD on a·x², rounded to double:
 * the closed form, computed at 1024 bits with mpfr_pow_ui. */
static double gd_closed(double a, double eta, double x0, unsigned long t)
{
    mpfr_t c, r;
    mpfr_inits2(1024, c, r, (mpfr_ptr)0);
    mpfr_set_d(c, a, MPFR_RNDN);
    mpfr_mul_d(c, c, eta, MPFR_RNDN);
    mpfr_mul_2ui(c, c, 1, MPFR_RNDN);
    mpfr_ui_sub(c, 1, c, MPFR_RNDN);
    mpfr_pow_ui(r, c, t, MPFR_RNDN);
    mpfr_mul_d(r, r, x0, MPFR_RNDN);
    double d = mpfr_get_d(r, MPFR_RNDN);
    mpfr_clears(c, r, (mpfr_ptr)0);
    return d;
}

START_TEST(square_closed_form)
{
    const double etas[] = { 0.2, 0.05 };
    for (int k = 0; k < 2; k++) {
        char items[64];
        snprintf(items, sizeof items, "eta=%a x0=10", etas[k]);
        optref_setup *s = tu_setup("gd", NULL, "square", items);
        optref_run *d, *m;
        ck_assert_int_eq(optref_run_new(&d, s, OPTREF_DOUBLE, 53, NULL), OPTREF_SUCCESS);
        ck_assert_int_eq(optref_run_new(&m, s, OPTREF_MPFR, 256, NULL), OPTREF_SUCCESS);
        size_t qx = tu_q(s, "x[0]");
        for (unsigned long t = 0; t <= 40; t++) {
            if (t) {
                tu_step(d);
                tu_step(m);
            }
            double e = gd_closed(1.0, etas[k], 10.0, t);
            ck_assert_ulp(optref_run_get_d(m, qx), e, 0, "eta=%g mpfr:256 t=%lu x[0]", etas[k], t);
            ck_assert_ulp(optref_run_get_d(d, qx), e, 2.0 * t + 1, "eta=%g double t=%lu x[0]",
                          etas[k], t);
        }
        optref_run_free(d);
        optref_run_free(m);
    }
}
END_TEST

/* DS 4440: x = 10 → 6 → 3.6 → 2.16 (α = 0.2) and 9 → 8.1 → 7.29 (α = 0.05).
 * The slide's third step, x ≈ 2.6, is its slip (ref/alg/gd.c). */
START_TEST(ds4440_worked_numbers)
{
    const double want02[] = { 6, 3.6, 2.16 }, want005[] = { 9, 8.1, 7.29 };
    optref_setup *s = tu_setup("gd", NULL, "square", "eta=0.2 x0=10");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 0);
    for (int t = 1; t <= 3; t++) {
        tu_step(r);
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), want02[t - 1], 2, "eta=0.2 t=%d", t);
    }
    ck_assert(fabs(optref_run_get_d(r, tu_q(s, "x[0]")) - 2.64) > 0.4);
    optref_run_free(r);
    s = tu_setup("gd", NULL, "square", "eta=0.05 x0=10");
    r = tu_run(s, OPTREF_DOUBLE, 53, 0);
    for (int t = 1; t <= 3; t++) {
        tu_step(r);
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), want005[t - 1], 2, "eta=0.05 t=%d", t);
    }
    optref_run_free(r);
}
END_TEST

/* 0.1 x1² + 2 x2² from (−5, −2): each coordinate has its own closed form;
 * η = 0.6 diverges along x2 (|1 − 4η| = 1.4 > 1), as Lecture 11.5 shows. */
START_TEST(quad_closed_form)
{
    const double etas[] = { 0.4, 0.6 };
    for (int k = 0; k < 2; k++) {
        char items[64];
        snprintf(items, sizeof items, "eta=%a", etas[k]);
        optref_setup *s = tu_setup("gd", NULL, "quad-0.1-2", items);
        optref_run *m = tu_run(s, OPTREF_MPFR, 256, 20);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, "x[0]")), gd_closed(0.1, etas[k], -5, 20), 0, "eta=%g x[0]", etas[k]);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, "x[1]")), gd_closed(2.0, etas[k], -2, 20), 0, "eta=%g x[1]", etas[k]);
        optref_run_free(m);
    }
}
END_TEST

/* Topic 27 Algorithm 1 with K = [−4, 1]²: by hand, step 1 from (−5, −2) with
 * η = 0.4 is (−4.6, 1.2), projected to (−4, 1); step 2 is (−3.68, −0.6). */
START_TEST(projection_by_hand)
{
    optref_setup *s = tu_setup("gd", NULL, "quad-0.1-2", "eta=0.4 lo=-4 hi=1");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert(optref_run_get_d(r, tu_q(s, "x[0]")) == -4.0 && optref_run_get_d(r, tu_q(s, "x[1]")) == 1.0);
    tu_step(r);
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), -3.68, 2, "t=2 x[0]");
    ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[1]")), -0.6, 2, "t=2 x[1]");
    optref_run_free(r);
}
END_TEST

/* Variant ball, K = {‖x‖₂ ≤ 3} on 0.1 x1² + 2 x2² from (−5, −2), η = 0.4.
 * Step 1 by hand: g = (−1, −8), y = (−4.6, 1.2), ‖y‖² = 22.6 > 9, so
 * x_1 = 3y/√22.6.  Every step: the projected iteration transcribed here at
 * 1024 bits, y = x − 0.4·2a∘x, x = y·min(1, 3/‖y‖); the MPFR run at 256
 * bits to the ULP, the double run within a few ULPs (its norm rounds). */
START_TEST(ball_projection)
{
    const double a[2] = { 0.1, 2 }, eta = 0.4, R = 3;
    optref_setup *s = tu_setup("gd", "ball", "quad-0.1-2", "eta=0.4 R=3");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0), *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t x[2], y[2], n, q;
    mpfr_inits2(1024, x[0], x[1], y[0], y[1], n, q, (mpfr_ptr)0);
    mpfr_set_si(x[0], -5, MPFR_RNDN);
    mpfr_set_si(x[1], -2, MPFR_RNDN);
    int projected = 0;
    for (int t = 1; t <= 30; t++) {
        tu_step(m);
        tu_step(d);
        mpfr_set_ui(n, 0, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            mpfr_mul_d(q, x[i], a[i], MPFR_RNDN);
            mpfr_mul_2ui(q, q, 1, MPFR_RNDN);
            mpfr_mul_d(q, q, eta, MPFR_RNDN);
            mpfr_sub(y[i], x[i], q, MPFR_RNDN);
            mpfr_sqr(q, y[i], MPFR_RNDN);
            mpfr_add(n, n, q, MPFR_RNDN);
        }
        mpfr_sqrt(n, n, MPFR_RNDN);
        int out = mpfr_cmp_d(n, R) > 0;
        projected += out;
        for (int i = 0; i < 2; i++) {
            mpfr_set(x[i], y[i], MPFR_RNDN);
            if (out) {
                mpfr_mul_d(x[i], x[i], R, MPFR_RNDN);
                mpfr_div(x[i], x[i], n, MPFR_RNDN);
            }
            const char *nm = i ? "x[1]" : "x[0]";
            double e = mpfr_get_d(x[i], MPFR_RNDN);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), e, 0, "mpfr t=%d %s", t, nm);
            ck_assert_ulp(optref_run_get_d(d, tu_q(s, nm)), e, 8, "double t=%d %s", t, nm);
        }
        if (t == 1) { /* by hand */
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, "x[0]")), -4.6 * 3 / sqrt(22.6), 4, "t=1 by hand");
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, "x[1]")), 1.2 * 3 / sqrt(22.6), 4, "t=1 by hand");
        }
    }
    ck_assert_msg(projected >= 1 && projected < 30, "the case should project some steps, not all: %d", projected);
    mpfr_clears(x[0], x[1], y[0], y[1], n, q, (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

/* STATS 403: f(x_T) − f* ≤ (1 − α/β)^T (f(x_0) − f*) with η = 1/β, α and β
 * the extreme Hessian eigenvalues: 0.2 and 4 for 0.1 x1² + 2 x2².  The
 * measured per-step rate is the closed form (1 − 2·0.1·η)² once x2 = 0. */
START_TEST(linear_rate)
{
    optref_setup *s = tu_setup("gd", NULL, "quad-0.1-2", "eta=0.25");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    size_t qf = tu_q(s, "f");
    mpfr_t f0, bound, prev, ratio, want;
    mpfr_inits2(256, f0, bound, prev, ratio, want, (mpfr_ptr)0);
    mpfr_set(f0, optref_run_get_mp(r, qf), MPFR_RNDN);
    mpfr_set(prev, f0, MPFR_RNDN);
    mpfr_set_d(want, 0.1, MPFR_RNDN);
    mpfr_mul_d(want, want, 0.5, MPFR_RNDN); /* 2·0.1·0.25 */
    mpfr_ui_sub(want, 1, want, MPFR_RNDN);
    mpfr_sqr(want, want, MPFR_RNDN);
    for (unsigned long t = 1; t <= 200; t++) {
        tu_step(r);
        mpfr_srcptr ft = optref_run_get_mp(r, qf);
        mpfr_set_d(bound, 0.95, MPFR_RNDN);
        mpfr_pow_ui(bound, bound, t, MPFR_RNDN);
        mpfr_mul(bound, bound, f0, MPFR_RNDN);
        ck_assert_msg(mpfr_lessequal_p(ft, bound), "t=%lu: f above (1 - a/b)^t f0", t);
        if (t >= 2) {
            mpfr_div(ratio, ft, prev, MPFR_RNDN);
            mpfr_sub(ratio, ratio, want, MPFR_RNDN);
            ck_assert_msg(mpfr_cmpabs_ui(ratio, 0) == 0 || mpfr_get_exp(ratio) < -200,
                          "t=%lu: rate f_t/f_{t-1} differs from (1 - 2 a eta)^2", t);
        }
        mpfr_set(prev, ft, MPFR_RNDN);
    }
    mpfr_clears(f0, bound, prev, ratio, want, (mpfr_ptr)0);
    optref_run_free(r);
}
END_TEST

/* The recorded step size (suite schedules checks its values): eta and g are
 * what an update used, so they are NaN before the first one and marked as
 * recorded from t = 1; x is not.  Under the default, constant, schedule eta
 * is η0 itself.  A quantity is reached by name, and a wrong name or index is
 * refused. */
START_TEST(eta_is_recorded)
{
    optref_setup *s = tu_setup("gd", NULL, "square", "eta=0.2 x0=10");
    ck_assert_str_eq(optref_setup_schedule(s)->name, "constant");
    size_t qe = tu_q(s, "eta"), qx = tu_q(s, "x[0]");
    ck_assert(optref_q_from_t1(s, qe) && optref_q_from_t1(s, tu_q(s, "g[0]")) && !optref_q_from_t1(s, qx) &&
              !optref_q_from_t1(s, tu_q(s, "f")));
    optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 0), *m = tu_run(s, OPTREF_MPFR, 256, 0);
    double v;
    ck_assert(isnan(optref_run_get_d(d, qe)) && isnan(optref_run_get_d(m, qe)));
    ck_assert(isnan(optref_run_get_d(d, tu_q(s, "g[0]"))));
    ck_assert_int_eq(optref_run_value(d, "nosuch", 0, &v), OPTREF_EUNKNOWN);
    ck_assert_int_eq(optref_run_value(d, "x", 1, &v), OPTREF_EDIM);
    ck_assert_int_eq(optref_run_value(d, "x", 0, &v), OPTREF_SUCCESS);
    ck_assert(v == 10);
    for (int t = 1; t <= 5; t++) {
        tu_step(d);
        tu_step(m);
        ck_assert_int_eq(optref_run_value(d, "eta", 0, &v), OPTREF_SUCCESS);
        ck_assert_msg(v == 0.2 && optref_run_get_d(m, qe) == 0.2, "t=%d: constant schedule gives eta = %a", t, v);
    }
    optref_run_free(d);
    optref_run_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gd");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, square_closed_form);
    tcase_add_test(tc, ds4440_worked_numbers);
    tcase_add_test(tc, quad_closed_form);
    tcase_add_test(tc, projection_by_hand);
    tcase_add_test(tc, ball_projection);
    suite_add_tcase(s, tc);
    tc = tcase_create("recorded");
    tcase_add_test(tc, eta_is_recorded);
    suite_add_tcase(s, tc);
    tc = tcase_create("convergence");
    tcase_add_test(tc, linear_rate);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
