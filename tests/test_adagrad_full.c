/* Suite adagrad_full: values from outside the code.
 *  - Constant gradient c (problem linear): G_t = t ccᵀ has the root
 *    S_t = √t ccᵀ/‖c‖, and c is its eigenvector, so H_t⁻¹c = c/(δ + √t‖c‖):
 *    preconditioned: x_t = x_0 − η c Σ_{k≤t} 1/(δ + √k‖c‖);
 *    primal_dual:    x_t = −η t c/(δ + √t‖c‖).
 *  - A cyclic 2-D sequence (preset online-pm1) whose Gram matrix is full: the
 *    root of a 2×2 positive semi-definite M is (M + √det M·I)/√(tr M + 2√det M),
 *    and (δI + S)⁻¹v is Cramer's rule; both computed here in MPFR at
 *    1024 bits, step by step, for both forms.
 *  - Gradients along the axes (a diagonal Gram matrix): the full-matrix
 *    update is diagonal AdaGrad with δ outside the root, coordinate by
 *    coordinate: x_i ← x_i − η g_i/(δ + √(Σ g_i²)), computed here.
 *  - δ = 0 is refused (G_t is singular for t < d). */
#include <math.h>
#include <string.h>

#include "testutil.h"

#define P 1024

static double xq(optref_run *r, const optref_setup *s, int i)
{
    char nm[16];
    snprintf(nm, sizeof nm, "x[%d]", i);
    return optref_run_get_d(r, tu_q(s, nm));
}

START_TEST(constant_gradient)
{
    const double c[2] = { 1, -2 }, eta = 0.5, delta = 0.1;
    optref_setup *s = tu_setup("adagrad_full", "preconditioned", "linear", "eta=0.5 delta=0.1");
    optref_setup *sp = tu_setup("adagrad_full", "primal_dual", "linear", "eta=0.5 delta=0.1");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0), *mp = tu_run(sp, OPTREF_MPFR, 256, 0);
    optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t norm, acc, q, e;
    mpfr_inits2(P, norm, acc, q, e, (mpfr_ptr)0);
    mpfr_set_ui(norm, 5, MPFR_RNDN);
    mpfr_sqrt(norm, norm, MPFR_RNDN); /* ‖c‖ = √5 */
    mpfr_set_zero(acc, 1);
    for (unsigned long t = 1; t <= 50; t++) {
        tu_step(m);
        tu_step(mp);
        tu_step(d);
        mpfr_sqrt_ui(q, t, MPFR_RNDN);
        mpfr_mul(q, q, norm, MPFR_RNDN);
        mpfr_add_d(q, q, delta, MPFR_RNDN); /* δ + √t‖c‖ */
        mpfr_ui_div(e, 1, q, MPFR_RNDN);
        mpfr_add(acc, acc, e, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            mpfr_mul_d(e, acc, -eta * c[i], MPFR_RNDN); /* −η c_i is exact */
            ck_assert_ulp(xq(m, s, i), mpfr_get_d(e, MPFR_RNDN), 1, "preconditioned mpfr t=%lu x[%d]", t, i);
            /* double: Jacobi on the rank-1 G_t and the products, a few ULP a step */
            ck_assert_ulp(xq(d, s, i), mpfr_get_d(e, MPFR_RNDN), 16, "preconditioned double t=%lu x[%d]", t, i);
            mpfr_d_div(e, -eta * c[i] * (double)t, q, MPFR_RNDN);
            ck_assert_ulp(xq(mp, sp, i), mpfr_get_d(e, MPFR_RNDN), 1, "primal_dual mpfr t=%lu x[%d]", t, i);
        }
    }
    mpfr_clears(norm, acc, q, e, (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(mp);
    optref_run_free(d);
}
END_TEST

/* A rank-one G_1 = ccᵀ: one eigenvalue is 0, and the computed one may be
 * −tiny (it is, in the run's arithmetic, for these c): the step is still
 * x_1 = x_0 − η c/(δ + ‖c‖), never NaN. */
static const char *rank_one[] = { "linear:c=0.3,0.9", "linear:c=0.1,0.2,0.3", "linear:c=3,0.1", "linear:c=1,0.6" };

START_TEST(rank_one_first_step)
{
    const double eta = 1, delta = 0.5;
    size_t n = 0;
    double c[3];
    for (const char *p = strchr(rank_one[_i], '=') + 1; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
        c[n++] = strtod(p, NULL);
    optref_setup *s = tu_setup("adagrad_full", NULL, rank_one[_i], "eta=1 delta=0.5");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 1), *d = tu_run(s, OPTREF_DOUBLE, 53, 1);
    mpfr_t nrm, q, e;
    mpfr_inits2(P, nrm, q, e, (mpfr_ptr)0);
    mpfr_set_zero(nrm, 1);
    for (size_t i = 0; i < n; i++) {
        mpfr_set_d(q, c[i], MPFR_RNDN);
        mpfr_sqr(q, q, MPFR_RNDN);
        mpfr_add(nrm, nrm, q, MPFR_RNDN);
    }
    mpfr_sqrt(nrm, nrm, MPFR_RNDN);
    mpfr_add_d(nrm, nrm, delta, MPFR_RNDN);
    for (size_t i = 0; i < n; i++) {
        mpfr_d_div(e, -eta * c[i], nrm, MPFR_RNDN); /* x0 = 0 */
        ck_assert_ulp(xq(m, s, (int)i), mpfr_get_d(e, MPFR_RNDN), 1, "%s mpfr x[%zu]", rank_one[_i], i);
        ck_assert_ulp(xq(d, s, (int)i), mpfr_get_d(e, MPFR_RNDN), 16, "%s double x[%zu]", rank_one[_i], i);
    }
    mpfr_clears(nrm, q, e, (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

/* S = √M for the symmetric 2×2 PSD M = [a b; b c]; then u = (δI + S)⁻¹ v. */
static void root_solve(mpfr_t u[2], mpfr_t M[3], const mpfr_t v[2], double delta)
{
    mpfr_t sd, den, s11, s12, s22, det, t;
    mpfr_inits2(P, sd, den, s11, s12, s22, det, t, (mpfr_ptr)0);
    mpfr_mul(sd, M[0], M[2], MPFR_RNDN);
    mpfr_mul(t, M[1], M[1], MPFR_RNDN);
    mpfr_sub(sd, sd, t, MPFR_RNDN);
    mpfr_sqrt(sd, sd, MPFR_RNDN);                 /* √det M */
    mpfr_add(den, M[0], M[2], MPFR_RNDN);
    mpfr_add(den, den, sd, MPFR_RNDN);
    mpfr_add(den, den, sd, MPFR_RNDN);
    mpfr_sqrt(den, den, MPFR_RNDN);               /* √(tr M + 2√det M) */
    mpfr_add(s11, M[0], sd, MPFR_RNDN);
    mpfr_div(s11, s11, den, MPFR_RNDN);
    mpfr_div(s12, M[1], den, MPFR_RNDN);
    mpfr_add(s22, M[2], sd, MPFR_RNDN);
    mpfr_div(s22, s22, den, MPFR_RNDN);
    mpfr_add_d(s11, s11, delta, MPFR_RNDN);       /* H = δI + S */
    mpfr_add_d(s22, s22, delta, MPFR_RNDN);
    mpfr_mul(det, s11, s22, MPFR_RNDN);
    mpfr_mul(t, s12, s12, MPFR_RNDN);
    mpfr_sub(det, det, t, MPFR_RNDN);
    mpfr_mul(u[0], s22, v[0], MPFR_RNDN);         /* Cramer */
    mpfr_mul(t, s12, v[1], MPFR_RNDN);
    mpfr_sub(u[0], u[0], t, MPFR_RNDN);
    mpfr_div(u[0], u[0], det, MPFR_RNDN);
    mpfr_mul(u[1], s11, v[1], MPFR_RNDN);
    mpfr_mul(t, s12, v[0], MPFR_RNDN);
    mpfr_sub(u[1], u[1], t, MPFR_RNDN);
    mpfr_div(u[1], u[1], det, MPFR_RNDN);
    mpfr_clears(sd, den, s11, s12, s22, det, t, (mpfr_ptr)0);
}

/* online-pm1: rows (1, −1), (−1, 0.5), (0.5, 1), cyclic. */
START_TEST(cyclic_2x2)
{
    const double rows[3][2] = { { 1, -1 }, { -1, 0.5 }, { 0.5, 1 } }, eta = 0.5, delta = 0.01;
    const int primal = _i;
    optref_setup *s = tu_setup("adagrad_full", primal ? "primal_dual" : "preconditioned", "online-pm1",
                               "eta=0.5 delta=0.01 x0=0.25,-0.75");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t M[3], x[2], v[2], u[2];
    for (int k = 0; k < 3; k++)
        mpfr_init2(M[k], P), mpfr_set_zero(M[k], 1);
    for (int k = 0; k < 2; k++) {
        mpfr_inits2(P, x[k], v[k], u[k], (mpfr_ptr)0);
        mpfr_set_d(x[k], k ? -0.75 : 0.25, MPFR_RNDN);
        mpfr_set_zero(v[k], 1);
    }
    for (int t = 1; t <= 30; t++) {
        const double *g = rows[(t - 1) % 3];
        tu_step(m);
        mpfr_t p;
        mpfr_init2(p, P);
        mpfr_set_d(p, g[0] * g[0], MPFR_RNDN), mpfr_add(M[0], M[0], p, MPFR_RNDN);
        mpfr_set_d(p, g[0] * g[1], MPFR_RNDN), mpfr_add(M[1], M[1], p, MPFR_RNDN);
        mpfr_set_d(p, g[1] * g[1], MPFR_RNDN), mpfr_add(M[2], M[2], p, MPFR_RNDN);
        mpfr_clear(p);
        for (int k = 0; k < 2; k++) {
            if (primal)
                mpfr_add_d(v[k], v[k], g[k], MPFR_RNDN);
            else
                mpfr_set_d(v[k], g[k], MPFR_RNDN);
        }
        root_solve(u, M, (const mpfr_t *)v, delta);
        for (int k = 0; k < 2; k++) {
            mpfr_mul_d(u[k], u[k], eta, MPFR_RNDN);
            if (primal)
                mpfr_neg(x[k], u[k], MPFR_RNDN);
            else
                mpfr_sub(x[k], x[k], u[k], MPFR_RNDN);
            ck_assert_ulp(xq(m, s, k), mpfr_get_d(x[k], MPFR_RNDN), 1, "%s t=%d x[%d]",
                          primal ? "primal_dual" : "preconditioned", t, k);
        }
    }
    for (int k = 0; k < 3; k++)
        mpfr_clear(M[k]);
    for (int k = 0; k < 2; k++)
        mpfr_clears(x[k], v[k], u[k], (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

/* Gradients along the axes, so G_t stays diagonal: rows 2e_0, −3e_1, 0.5e_2,
 * (1, 0, 0) cyclic; x_i ← x_i − η g_i/(δ + √s_i), s_i = Σ g_i². */
START_TEST(diagonal_gram)
{
    const double rows[4][3] = { { 2, 0, 0 }, { 0, -3, 0 }, { 0, 0, 0.5 }, { 1, 0, 0 } };
    const double eta = 0.3, delta = 1e-3;
    optref_setup *s = tu_setup("adagrad_full", "preconditioned", "online-linear:n=3,g=2,0,0,0,-3,0,0,0,0.5,1,0,0",
                               "eta=0.3 delta=1e-3 x0=1,2,3");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t x[3], sq[3], q;
    mpfr_init2(q, P);
    for (int i = 0; i < 3; i++) {
        mpfr_inits2(P, x[i], sq[i], (mpfr_ptr)0);
        mpfr_set_si(x[i], i + 1, MPFR_RNDN);
        mpfr_set_zero(sq[i], 1);
    }
    for (int t = 1; t <= 24; t++) {
        const double *g = rows[(t - 1) % 4];
        tu_step(m);
        for (int i = 0; i < 3; i++) {
            mpfr_set_d(q, g[i] * g[i], MPFR_RNDN);
            mpfr_add(sq[i], sq[i], q, MPFR_RNDN);
            mpfr_sqrt(q, sq[i], MPFR_RNDN);
            mpfr_add_d(q, q, delta, MPFR_RNDN);
            mpfr_d_div(q, g[i], q, MPFR_RNDN);
            mpfr_mul_d(q, q, eta, MPFR_RNDN);
            mpfr_sub(x[i], x[i], q, MPFR_RNDN);
            ck_assert_ulp(xq(m, s, i), mpfr_get_d(x[i], MPFR_RNDN), 1, "t=%d x[%d]", t, i);
        }
    }
    mpfr_clear(q);
    for (int i = 0; i < 3; i++)
        mpfr_clears(x[i], sq[i], (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

/* primal_dual_ball with axis gradients (1, 0), (0, 1), ... : at t = 2k,
 * G = kI, H = (δ + √k)I and Σg = k(1, 1), so the argmin over ‖x‖ ≤ R is the
 * unconstrained −ηk(1, 1)/(δ + √k) pulled back to the sphere: −R(1, 1)/√2
 * when ηk√2/(δ + √k) > R.  At t = 1, H = diag(δ + 1, δ), Σg = e_0 along an
 * eigenvector: x = −min(η/(δ + 1), R) e_0. */
START_TEST(ball_isotropic)
{
    const double eta = 0.5, delta = 0.25, R = 0.3;
    optref_setup *s = tu_setup("adagrad_full", "primal_dual_ball", "online-linear:n=2,g=1,0,0,1",
                               "eta=0.5 delta=0.25 R=0.3");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t e, q;
    mpfr_inits2(P, e, q, (mpfr_ptr)0);
    for (unsigned long t = 1; t <= 20; t++) {
        tu_step(m);
        if (t == 1) {
            mpfr_set_d(e, eta, MPFR_RNDN);
            mpfr_div_d(e, e, delta + 1, MPFR_RNDN);
            mpfr_min(e, e, (mpfr_set_d(q, R, MPFR_RNDN), q), MPFR_RNDN);
            ck_assert_ulp(xq(m, s, 0), -mpfr_get_d(e, MPFR_RNDN), 1, "t=1 x[0]");
            ck_assert(xq(m, s, 1) == 0);
        }
        if (t % 2)
            continue;
        unsigned long k = t / 2;
        mpfr_sqrt_ui(q, k, MPFR_RNDN);
        mpfr_add_d(q, q, delta, MPFR_RNDN);
        mpfr_ui_div(e, k, q, MPFR_RNDN);
        mpfr_mul_d(e, e, eta, MPFR_RNDN);        /* ηk/(δ + √k), each coordinate */
        mpfr_sqrt_ui(q, 2, MPFR_RNDN);
        mpfr_mul(q, q, e, MPFR_RNDN);            /* its norm */
        if (mpfr_cmp_d(q, R) > 0) {
            mpfr_sqrt_ui(e, 2, MPFR_RNDN);
            mpfr_d_div(e, R, e, MPFR_RNDN);
        }
        for (int i = 0; i < 2; i++)
            ck_assert_ulp(xq(m, s, i), -mpfr_get_d(e, MPFR_RNDN), 1, "t=%lu x[%d]", t, i);
    }
    mpfr_clears(e, q, (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

/* primal_dual_ball on online-pm1 (a full G_t): the KKT conditions of the
 * argmin, with H_t = δI + G_t^{1/2} from the 2×2 closed form: ‖x‖ <= R, and
 * H x + ηΣg = −μ x with μ >= 0 (μ = 0 inside the ball, ‖x‖ = R when μ > 0). */
START_TEST(ball_kkt)
{
    const double rows[3][2] = { { 1, -1 }, { -1, 0.5 }, { 0.5, 1 } }, eta = 0.5, delta = 0.01, R = 0.3;
    optref_setup *s = tu_setup("adagrad_full", "primal_dual_ball", "online-pm1", "eta=0.5 delta=0.01 R=0.3");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t M[3], sum[2], x[2], r[2], Hx[2];
    for (int k = 0; k < 3; k++)
        mpfr_init2(M[k], P), mpfr_set_zero(M[k], 1);
    for (int k = 0; k < 2; k++)
        mpfr_inits2(P, sum[k], x[k], r[k], Hx[k], (mpfr_ptr)0), mpfr_set_zero(sum[k], 1);
    int bound = 0;
    for (int t = 1; t <= 30; t++) {
        const double *g = rows[(t - 1) % 3];
        tu_step(m);
        mpfr_t p;
        mpfr_init2(p, P);
        mpfr_set_d(p, g[0] * g[0], MPFR_RNDN), mpfr_add(M[0], M[0], p, MPFR_RNDN);
        mpfr_set_d(p, g[0] * g[1], MPFR_RNDN), mpfr_add(M[1], M[1], p, MPFR_RNDN);
        mpfr_set_d(p, g[1] * g[1], MPFR_RNDN), mpfr_add(M[2], M[2], p, MPFR_RNDN);
        for (int k = 0; k < 2; k++) {
            mpfr_add_d(sum[k], sum[k], g[k], MPFR_RNDN);
            mpfr_set(x[k], optref_run_get_mp(m, tu_q(s, k ? "x[1]" : "x[0]")), MPFR_RNDN);
        }
        /* H x by the closed form: x = H⁻¹(Hx) with root_solve, so solve
         * instead for H⁻¹(−ηΣg − μx) and compare with x. */
        mpfr_srcptr mu = optref_run_get_mp(m, tu_q(s, "mu"));
        ck_assert_msg(mpfr_sgn(mu) >= 0, "t=%d mu < 0", t);
        for (int k = 0; k < 2; k++) {
            mpfr_mul_d(r[k], sum[k], -eta, MPFR_RNDN);
            mpfr_mul(p, x[k], mu, MPFR_RNDN);
            mpfr_sub(r[k], r[k], p, MPFR_RNDN);
        }
        root_solve(Hx, M, (const mpfr_t *)r, delta);
        for (int k = 0; k < 2; k++)
            ck_assert_ulp(mpfr_get_d(x[k], MPFR_RNDN), mpfr_get_d(Hx[k], MPFR_RNDN), 1, "t=%d: x[%d] is not "
                          "H⁻¹(−ηΣg − μx)", t, k);
        mpfr_hypot(p, x[0], x[1], MPFR_RNDN);
        if (mpfr_sgn(mu) > 0) {
            bound++;
            ck_assert_ulp(mpfr_get_d(p, MPFR_RNDN), R, 2, "t=%d: μ > 0 but ‖x‖ != R", t);
        } else
            ck_assert_msg(mpfr_cmp_d(p, R) <= 0, "t=%d: μ = 0 but ‖x‖ > R", t);
        mpfr_clear(p);
    }
    ck_assert_msg(bound > 0 && bound < 30, "the ball bound at %d of 30 steps: choose R to test both cases", bound);
    for (int k = 0; k < 3; k++)
        mpfr_clear(M[k]);
    for (int k = 0; k < 2; k++)
        mpfr_clears(sum[k], x[k], r[k], Hx[k], (mpfr_ptr)0);
    optref_run_free(m);
}
END_TEST

START_TEST(delta_zero_refused)
{
    optref_setup *s = NULL;
    char err[256] = "";
    ck_assert_int_eq(optref_setup_new(&s, "adagrad_full", NULL, "linear", err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_eq(optref_setup_set(s, "delta=0", err, sizeof err), OPTREF_EVALUE);
    ck_assert_msg(strstr(err, "delta") != NULL, "message '%s'", err);
    optref_setup_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adagrad_full");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, constant_gradient);
    tcase_add_loop_test(tc, cyclic_2x2, 0, 2);
    tcase_add_loop_test(tc, rank_one_first_step, 0, (int)(sizeof rank_one / sizeof rank_one[0]));
    tcase_add_test(tc, diagonal_gram);
    tcase_add_test(tc, ball_isotropic);
    tcase_add_test(tc, ball_kkt);
    tcase_add_test(tc, delta_zero_refused);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
