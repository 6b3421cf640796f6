/* Suite newton: values from outside the code.
 *  - On f = c + bᵀx + ½ xᵀA x, one step with η = 1 from anywhere lands on the
 *    stationary point −A⁻¹b (STATS 403 "preconditioner").  The expected
 *    point is computed here by Cramer's rule, x_i = −det(A with column i
 *    replaced by b)/det(A), in MPFR at 2048 bits, where every determinant of
 *    these small integer and binary64 matrices is exact: the only rounding
 *    is the final quotient's.  The matrices include one whose first pivot is
 *    zero (elimination without row exchanges divides by 0) and one whose
 *    first column needs a row exchange.
 *  - On the diagonal f = Σ a_i x_i², H = diag(2a) and the damped step gives
 *    x_t = (1 − η)^t x_0 exactly (a power of two times x_0 for η = 1/2).
 *  - Rosenbrock (b = 100) from (−1.5, 2): g = (−155, −50), ∇²f = [1902 600;
 *    600 200] by hand, so d = (−5/102, −7/68) and x_1 = (−74/51, 143/68).
 *    The chained n = 3 form from (−1.2, 1, −1.2): g and the tridiagonal ∇²f
 *    transcribed here from the formulas of the problem's header, in MPFR at
 *    2048 bits, and d = ∇²f⁻¹g by Cramer's rule.
 *  - A problem family without a Hessian is refused at setup. */
#include <math.h>
#include <string.h>

#include "testutil.h"

/* det of the n×n row-major matrix M (n <= 3) by Leibniz's formula, exact at
 * 2048 bits for these entries. */
static void det(mpfr_t r, const double *M, size_t n)
{
    static const int perm3[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
    static const int sign3[6] = { 1, -1, -1, 1, 1, -1 };
    mpfr_t p;
    mpfr_init2(p, 2048);
    mpfr_set_zero(r, 1);
    if (n == 1)
        mpfr_set_d(r, M[0], MPFR_RNDN);
    else if (n == 2) {
        mpfr_set_d(r, M[0], MPFR_RNDN);
        mpfr_mul_d(r, r, M[3], MPFR_RNDN);
        mpfr_set_d(p, M[1], MPFR_RNDN);
        mpfr_mul_d(p, p, M[2], MPFR_RNDN);
        mpfr_sub(r, r, p, MPFR_RNDN);
    } else {
        ck_assert(n == 3);
        for (int k = 0; k < 6; k++) {
            mpfr_set_si(p, sign3[k], MPFR_RNDN);
            for (int i = 0; i < 3; i++)
                mpfr_mul_d(p, p, M[i * 3 + perm3[k][i]], MPFR_RNDN);
            mpfr_add(r, r, p, MPFR_RNDN);
        }
    }
    mpfr_clear(p);
}

static const struct {
    const char *prob;
    size_t n;
    double A[9], b[3];
} quads[] = {
    { "quad-full-2", 2, { 2, 1, 1, 3 }, { 1, -1 } },
    /* H_00 = 0: no elimination without a row exchange */
    { "quadratic:A=0,1,1,0,b=1,2,x0=0.3,-7", 2, { 0, 1, 1, 0 }, { 1, 2 } },
    /* positive definite, |H_10| > |H_00|: the first pivot is row 1 */
    { "quadratic:A=1,2,0,2,5,1,0,1,3,b=1,-2,0.5,x0=1,1,1", 3, { 1, 2, 0, 2, 5, 1, 0, 1, 3 }, { 1, -2, 0.5 } },
    /* binary64 entries that are not small integers */
    { "quadratic:A=4,0.1,0,0.1,3,-1.7,0,-1.7,2,b=0.3,0,-2,c=5,x0=-1,2,0.5", 3,
      { 4, 0.1, 0, 0.1, 3, -1.7, 0, -1.7, 2 }, { 0.3, 0, -2 } },
};

START_TEST(one_step_lands_on_minimiser)
{
    size_t n = quads[_i].n;
    optref_setup *s = tu_setup("newton", NULL, quads[_i].prob, "eta=1");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 1), *d = tu_run(s, OPTREF_DOUBLE, 53, 1);
    mpfr_t dA, di, x;
    mpfr_inits2(2048, dA, di, x, (mpfr_ptr)0);
    det(dA, quads[_i].A, n);
    ck_assert(!mpfr_zero_p(dA));
    for (size_t i = 0; i < n; i++) {
        double Ai[9];
        memcpy(Ai, quads[_i].A, sizeof Ai);
        for (size_t r = 0; r < n; r++)
            Ai[r * n + i] = quads[_i].b[r];
        det(di, Ai, n);
        mpfr_div(x, di, dA, MPFR_RNDN);
        mpfr_neg(x, x, MPFR_RNDN);
        double e = mpfr_get_d(x, MPFR_RNDN);
        char nm[32];
        snprintf(nm, sizeof nm, "x[%zu]", i);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), e, 1, "%s mpfr@256 %s", quads[_i].prob, nm);
        /* the double variant: elimination in binary64 on these
         * well-conditioned matrices, a few roundings (0 to 2 ULP seen) */
        ck_assert_ulp(optref_run_get_d(d, tu_q(s, nm)), e, 8, "%s double %s", quads[_i].prob, nm);
    }
    mpfr_clears(dA, di, x, (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

/* f = 0.1 x1² + 2 x2² from (−5, −2), η = 1/2: x_t = 2^−t x_0. */
START_TEST(damped_on_diagonal)
{
    const double x0[2] = { -5, -2 };
    optref_setup *s = tu_setup("newton", NULL, "quad-0.1-2", "eta=0.5");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    for (int t = 1; t <= 30; t++) {
        tu_step(m);
        for (int i = 0; i < 2; i++) {
            char nm[8];
            snprintf(nm, sizeof nm, "x[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), ldexp(x0[i], -t), 0, "t=%d %s", t, nm);
            /* the direction d = H⁻¹g = x_{t−1} */
            snprintf(nm, sizeof nm, "d[%d]", i);
            ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), ldexp(x0[i], 1 - t), 0, "t=%d %s", t, nm);
        }
    }
    optref_run_free(m);
}
END_TEST

START_TEST(rosenbrock_2d_by_hand)
{
    optref_setup *s = tu_setup("newton", NULL, "rosenbrock", "eta=1");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 1), *d = tu_run(s, OPTREF_DOUBLE, 53, 1);
    const long num[2] = { -74, 143 }, den[2] = { 51, 68 };
    mpfr_t e;
    mpfr_init2(e, 2048);
    for (int i = 0; i < 2; i++) {
        char nm[8];
        snprintf(nm, sizeof nm, "x[%d]", i);
        mpfr_set_si(e, num[i], MPFR_RNDN);
        mpfr_div_si(e, e, den[i], MPFR_RNDN);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(e, MPFR_RNDN), 1, "mpfr %s", nm);
        ck_assert_ulp(optref_run_get_d(d, tu_q(s, nm)), mpfr_get_d(e, MPFR_RNDN), 4, "double %s", nm);
    }
    mpfr_clear(e);
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

/* 3×3 determinant of MPFR entries (Leibniz), exact at 2048 bits here. */
static void det3(mpfr_t r, mpfr_t M[9])
{
    static const int perm3[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
    static const int sign3[6] = { 1, -1, -1, 1, 1, -1 };
    mpfr_t p;
    mpfr_init2(p, 2048);
    mpfr_set_zero(r, 1);
    for (int k = 0; k < 6; k++) {
        mpfr_set_si(p, sign3[k], MPFR_RNDN);
        for (int i = 0; i < 3; i++)
            mpfr_mul(p, p, M[i * 3 + perm3[k][i]], MPFR_RNDN);
        mpfr_add(r, r, p, MPFR_RNDN);
    }
    mpfr_clear(p);
}

START_TEST(rosenbrock_3d_chained)
{
    const double x0[3] = { -1.2, 1, -1.2 }, b = 100;
    optref_setup *s = tu_setup("newton", NULL, "rosenbrock:n=3", "eta=1");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 1);
    mpfr_t x[3], g[3], H[9], Hi[9], t, dH, di;
    mpfr_inits2(2048, t, dH, di, (mpfr_ptr)0);
    for (int i = 0; i < 3; i++) {
        mpfr_inits2(2048, x[i], g[i], (mpfr_ptr)0);
        mpfr_set_d(x[i], x0[i], MPFR_RNDN);
        mpfr_set_zero(g[i], 1);
    }
    for (int k = 0; k < 9; k++) {
        mpfr_inits2(2048, H[k], Hi[k], (mpfr_ptr)0);
        mpfr_set_zero(H[k], 1);
    }
    for (int i = 0; i < 3; i++) {
        if (i < 2) { /* term (1 − x_i)² + b (x_{i+1} − x_i²)² */
            mpfr_sqr(t, x[i], MPFR_RNDN);
            mpfr_sub(t, x[i + 1], t, MPFR_RNDN);          /* x_{i+1} − x_i² */
            mpfr_mul(di, t, x[i], MPFR_RNDN);
            mpfr_mul_d(di, di, -4 * b, MPFR_RNDN);
            mpfr_add(g[i], g[i], di, MPFR_RNDN);
            mpfr_d_sub(di, 1, x[i], MPFR_RNDN);
            mpfr_mul_si(di, di, -2, MPFR_RNDN);
            mpfr_add(g[i], g[i], di, MPFR_RNDN);
            mpfr_mul_d(di, t, 2 * b, MPFR_RNDN);
            mpfr_add(g[i + 1], g[i + 1], di, MPFR_RNDN);
            mpfr_sqr(di, x[i], MPFR_RNDN);                /* ∂²/∂x_i²: 2 + 12b x_i² − 4b x_{i+1} */
            mpfr_mul_d(di, di, 12 * b, MPFR_RNDN);
            mpfr_add_si(di, di, 2, MPFR_RNDN);
            mpfr_mul_d(t, x[i + 1], 4 * b, MPFR_RNDN);
            mpfr_sub(di, di, t, MPFR_RNDN);
            mpfr_add(H[i * 4], H[i * 4], di, MPFR_RNDN);
            mpfr_add_d(H[(i + 1) * 4], H[(i + 1) * 4], 2 * b, MPFR_RNDN);
            mpfr_mul_d(di, x[i], -4 * b, MPFR_RNDN);
            mpfr_set(H[i * 3 + i + 1], di, MPFR_RNDN);
            mpfr_set(H[(i + 1) * 3 + i], di, MPFR_RNDN);
        }
    }
    det3(dH, H);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 9; k++)
            mpfr_set(Hi[k], k % 3 == i ? g[k / 3] : H[k], MPFR_RNDN);
        det3(di, Hi);
        mpfr_div(di, di, dH, MPFR_RNDN);   /* d_i */
        mpfr_sub(t, x[i], di, MPFR_RNDN);  /* x_1 = x_0 − d */
        char nm[8];
        snprintf(nm, sizeof nm, "x[%d]", i);
        ck_assert_ulp(optref_run_get_d(m, tu_q(s, nm)), mpfr_get_d(t, MPFR_RNDN), 1, "mpfr %s", nm);
    }
    for (int i = 0; i < 3; i++)
        mpfr_clears(x[i], g[i], (mpfr_ptr)0);
    for (int k = 0; k < 9; k++)
        mpfr_clears(H[k], Hi[k], (mpfr_ptr)0);
    mpfr_clears(t, dH, di, (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

START_TEST(no_hessian_refused)
{
    const char *probs[] = { "online-pm1", "linear", "logistic:m=8,d=2" };
    for (size_t k = 0; k < 3; k++) {
        optref_setup *s = NULL;
        char err[256] = "";
        ck_assert_int_eq(optref_setup_new(&s, "newton", NULL, probs[k], err, sizeof err), OPTREF_EVALUE);
        ck_assert(s == NULL);
        ck_assert_msg(strstr(err, "Hessian") && strstr(err, "newton"), "%s: message '%s'", probs[k], err);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("newton");
    TCase *tc = tcase_create("closed_form");
    tcase_add_loop_test(tc, one_step_lands_on_minimiser, 0, (int)(sizeof quads / sizeof quads[0]));
    tcase_add_test(tc, damped_on_diagonal);
    tcase_add_test(tc, rosenbrock_2d_by_hand);
    tcase_add_test(tc, rosenbrock_3d_chained);
    tcase_add_test(tc, no_hessian_refused);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
