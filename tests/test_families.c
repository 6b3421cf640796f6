/* Suite families: the problem families of spine v2 against values derived
 * outside optref: closed forms worked by hand (minimisers, eigenvalues,
 * objective values, online sequences), central differences of f computed in
 * MPFR at 256 bits for every gradient, and the spec parser's refusals. */
#include <math.h>
#include <string.h>

#include "testutil.h"

static double value(const optref_run *r, const char *q, size_t i)
{
    double v;
    ck_assert_msg(optref_run_value(r, q, i, &v) == OPTREF_SUCCESS, "no quantity %s[%zu]", q, i);
    return v;
}

static double constant(const optref_setup *s, const char *name)
{
    return optref_problem_constant(optref_setup_problem(s), name);
}

/* quad:n=1000,cond=100: a_i = (1 + 99 i/999)/2, so μ = 2a_0 = 1, L = 2a_999 = 100,
 * and at x = 1, f = Σ a_i = 1000·(1 + 99/2)/2 = 25250 (each a_i rounded once). */
START_TEST(quad_n_cond)
{
    optref_setup *s = tu_setup("gd", NULL, "quad:n=1000,cond=100", "eta=0.01");
    ck_assert_uint_eq(optref_problem_dim(optref_setup_problem(s)), 1000);
    ck_assert(constant(s, "L") == 100.0 && constant(s, "mu") == 1.0 && constant(s, "fmin") == 0.0);
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    ck_assert_msg(fabs(value(r, "f", 0) - 25250.0) <= 1e-9, "f(1) = %.17g, want 25250", value(r, "f", 0));
    optref_run_free(r);
}
END_TEST

/* quad-full-2: A = [[2, 1], [1, 3]], b = (1, −1): x* = −A⁻¹b = (−0.8, 0.6),
 * f* = ½ bᵀx* = −0.7, eigenvalues (5 ± √5)/2. */
START_TEST(full_quadratic_constants)
{
    optref_setup *s = tu_setup("gd", NULL, "quad-full-2", "eta=0.2");
    const double *xs = optref_problem_xmin(optref_setup_problem(s));
    ck_assert(xs != NULL);
    ck_assert_ulp(xs[0], -0.8, 4, "x*[0]");
    ck_assert_ulp(xs[1], 0.6, 4, "x*[1]");
    ck_assert_ulp(constant(s, "fmin"), -0.7, 8, "f*");
    ck_assert_ulp(constant(s, "L"), (5 + sqrt(5)) / 2, 8, "L");
    ck_assert_ulp(constant(s, "mu"), (5 - sqrt(5)) / 2, 8, "mu");
    /* At x0 = (2, 2): f = bᵀx + ½ xᵀAx = 0 + 14, ∇f = b + Ax = (7, 7). */
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert(value(r, "g", 0) == 7.0 && value(r, "g", 1) == 7.0);
    ck_assert_ulp(value(r, "x", 0), 2 - 0.2 * 7, 1, "x1[0]");
    optref_run_free(r);
}
END_TEST

/* Online linear losses, preset online-pm1: rows (1, −1), (−1, 0.5), (0.5, 1), cyclic.
 * GD with η = 1 from 0: x_t = −Σ_{s<=t} g_s; recorded f_t = f_{t+1}(x_t). */
START_TEST(online_linear_sequence)
{
    optref_setup *s = tu_setup("gd", NULL, "online-pm1", "eta=1");
    ck_assert(constant(s, "Ginf") == 1.0 && constant(s, "D") == 2.0);
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert(value(r, "x", 0) == -1.0 && value(r, "x", 1) == 1.0);
    ck_assert(value(r, "f", 0) == 1.5); /* ⟨(−1, 0.5), (−1, 1)⟩ */
    for (int k = 0; k < 3; k++)
        tu_step(r);
    ck_assert(value(r, "x", 0) == -1.5 && value(r, "x", 1) == 0.5);
    ck_assert(value(r, "g", 0) == 1.0 && value(r, "g", 1) == -1.0); /* row 1 again at t = 4 */
    optref_run_free(r);
}
END_TEST

/* Reddi et al.: f_t = 3x when t mod 3 = 1, else −x.  Projected GD (η = 0.1 on
 * [−1, 1]) from 1: 0.7, 0.8, 0.9, 0.6, 0.7, 0.8, ... by hand. */
START_TEST(reddi_sequence)
{
    optref_setup *s = tu_setup("gd", NULL, "reddi", "eta=0.1 lo=-1 hi=1");
    const double want[] = { 1.0, 0.7, 0.8, 0.9, 0.6, 0.7, 0.8 };
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    for (size_t t = 0; t < sizeof want / sizeof want[0]; t++) {
        if (t)
            tu_step(r);
        ck_assert_ulp(value(r, "x", 0), want[t], 1, "t=%zu", t);
    }
    ck_assert(value(r, "g", 0) == -1.0); /* t = 6: 6 mod 3 = 0 */
    optref_run_free(r);
}
END_TEST

/* Chained Rosenbrock at 0 (n = 3): f = 2, ∇f = (−2, −2, 0) by hand; at 1: 0, 0. */
START_TEST(rosenbrock_chained)
{
    optref_setup *s = tu_setup("gd", NULL, "rosenbrock:n=3,x0=0,0,0", "eta=0.001");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    ck_assert(value(r, "g", 0) == -2.0 && value(r, "g", 1) == -2.0 && value(r, "g", 2) == 0.0);
    optref_run_free(r);
    s = tu_setup("gd", NULL, "rosenbrock:n=4,x0=1,1,1,1", "eta=0.001");
    r = tu_run(s, OPTREF_DOUBLE, 53, 1);
    for (size_t i = 0; i < 4; i++)
        ck_assert(value(r, "g", i) == 0.0);
    ck_assert(value(r, "f", 0) == 0.0);
    optref_run_free(r);
}
END_TEST

/* Logistic loss at x = 0: log 2 for every example, correctly rounded. */
START_TEST(logistic_at_zero)
{
    optref_setup *s = tu_setup("gd", NULL, "logistic:m=16,d=3", "eta=0.5");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 0);
    ck_assert(value(r, "f", 0) == 0x1.62e42fefa39efp-1); /* log 2 rounded to nearest */
    optref_run_free(r);
}
END_TEST

/* ∇f against central differences of f, both from MPFR runs at 256 bits:
 * f(x ± h e_j) is the recorded f at t = 0 of a run started there; ∇f(x) the g
 * of one full-batch step from x.  h = 2^-20: the difference's error is
 * O(h²) ≈ 1e-12 relative; the step is divided by the exact x+ − x−. */
static const struct {
    const char *prob, *x0;
} fd_cases[] = {
    { "quadratic:A=2,1,0.5,1,3,-1,0.5,-1,4,b=1,-1,0.25,c=2", "0.3,-0.7,1.1" },
    { "rosenbrock:n=4", "-1.2,1,0.5,0.8" },
    { "lsq:m=12,d=3,seed=3", "0.1,-0.2,0.3" },
    { "logistic:m=20,d=3,seed=2,lambda=0.1", "0.4,-1.5,0.9" },
    { "quad:a=0.1,2,5", "1,-2,0.5" },
};

static double f_at(const char *prob, const char *x0)
{
    char items[512];
    snprintf(items, sizeof items, "eta=1 x0=%s", x0);
    optref_setup *s = tu_setup("gd", NULL, prob, items);
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    double f = value(r, "f", 0);
    optref_run_free(r);
    return f;
}

START_TEST(gradient_matches_differences)
{
    const char *prob = fd_cases[_i].prob;
    char items[512];
    snprintf(items, sizeof items, "eta=1 x0=%s", fd_cases[_i].x0);
    optref_setup *s = tu_setup("gd", NULL, prob, items);
    size_t n = optref_problem_dim(optref_setup_problem(s));
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 1);
    const double h = 0x1p-20;
    for (size_t j = 0; j < n; j++) {
        char xp[256] = "", xm[256] = "";
        double xj = optref_setup_x0(s)[j], dx = (xj + h) - (xj - h); /* exact (Sterbenz) */
        for (size_t i = 0; i < n; i++) {
            double xi = optref_setup_x0(s)[i];
            snprintf(xp + strlen(xp), sizeof xp - strlen(xp), "%s%a", i ? "," : "", xi + (i == j ? h : 0));
            snprintf(xm + strlen(xm), sizeof xm - strlen(xm), "%s%a", i ? "," : "", xi - (i == j ? h : 0));
        }
        double fd = (f_at(prob, xp) - f_at(prob, xm)) / dx, g = value(r, "g", j);
        ck_assert_msg(fabs(fd - g) <= 1e-9 * (1 + fabs(g)), "%s: ∂%zu f: gradient %.17g, central difference %.17g",
                      prob, j, g, fd);
    }
    optref_run_free(r);
}
END_TEST

/* Bad specs: one clear message each, never a crash. */
START_TEST(bad_specs)
{
    static const struct {
        const char *spec, *want;
    } bad[] = {
        { "nosuch", "unknown problem" },
        { "quad:a=1,zz=2", "unknown parameter 'zz'" },
        { "quad:a=1,2,", "trailing comma" },
        { "quad:a=1,a=2", "given twice" },
        { "quad:a=1,x", "malformed number" },
        { "quad:n=2.5", "out of range" },
        { "quad:a=1,n=3", "not both" },
        { "quadratic:A=1,2,3,4,b=1,1", "not symmetric" },
        { "quadratic:A=1,0,0,1,b=1", "A has 4 values" },
        { "rosenbrock:n=1", "n >= 2" },
        { "quad:a=1,2,x0=1", "x0 has 1 values" },
        { "quad:a=1,2,3,layers=2x2", "layers cover" },
        { "lsq:m=4,d=2,batch=5", "batch <= m" },
        { "logistic:d=2", "missing parameter m" },
        { "online-linear:n=2,g=1,2,3", "whole number of rows" },
        { "reddi:C=1", "C > 2" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        optref_problem *p = NULL;
        char err[512] = "";
        ck_assert_msg(optref_problem_new(&p, bad[k].spec, err, sizeof err) != OPTREF_SUCCESS && !p,
                      "%s accepted", bad[k].spec);
        ck_assert_msg(strstr(err, bad[k].want) != NULL, "%s: '%s' lacks '%s'", bad[k].spec, err, bad[k].want);
    }
    optref_problem *p;
    char err[256];
    ck_assert(optref_problem_new(&p, "quad:n=6,layers=2x2,2", err, sizeof err) == OPTREF_SUCCESS);
    size_t off, rows, cols;
    ck_assert_uint_eq(optref_problem_nlayers(p), 2);
    optref_problem_layer(p, 1, &off, &rows, &cols);
    ck_assert(off == 4 && rows == 2 && cols == 1);
    optref_problem_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("families");
    TCase *tc = tcase_create("families");
    tcase_add_test(tc, quad_n_cond);
    tcase_add_test(tc, full_quadratic_constants);
    tcase_add_test(tc, online_linear_sequence);
    tcase_add_test(tc, reddi_sequence);
    tcase_add_test(tc, rosenbrock_chained);
    tcase_add_test(tc, logistic_at_zero);
    tcase_add_loop_test(tc, gradient_matches_differences, 0, (int)(sizeof fd_cases / sizeof fd_cases[0]));
    tcase_add_test(tc, bad_specs);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
