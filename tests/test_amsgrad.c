/* Suite amsgrad: AMSGrad (Reddi et al. Algorithm 2), expected values from
 * outside the code:
 *  - on online losses whose gradients do not depend on x, the sequence v_t
 *    is computed here (1024 bits) and so is the first step t* at which
 *    v_t < v̂_{t−1}, where the max binds.  Until t* − 1 AMSGrad is DS 4440's
 *    simplified Adam with ε = 0 (same m, v, and v̂ = v), bit for bit; at t*
 *    the two part.  v̂ is the running max of that v and never decreases;
 *  - a constant gradient c: m_t = c(1 − β1^t λ^{t(t−1)/2}) (the product of
 *    the β1k), v_t = (1 − β2^t)c², v̂ = v, with α_t = α/√t (invsqrt, c = 0);
 *  - the box: the weighted projection is the clamp, by hand;
 *  - Reddi et al.'s claim on their counterexample: AMSGrad heads for the
 *    minimiser x = −1 of the average loss. */
#include <math.h>

#include "testutil.h"

/* v_t for the gradient sequence g[(t − 1) mod period], β2: 1024 bits. */
static void v_seq(const double *g, int period, double beta2, int steps, double *v)
{
    mpfr_t x, b, c, q;
    mpfr_inits2(1024, x, b, c, q, (mpfr_ptr)0);
    mpfr_set_ui(x, 0, MPFR_RNDN);
    mpfr_set_d(b, beta2, MPFR_RNDN);
    mpfr_ui_sub(c, 1, b, MPFR_RNDN);
    for (int t = 1; t <= steps; t++) {
        double gt = g[(t - 1) % period];
        mpfr_mul(x, x, b, MPFR_RNDN);
        mpfr_set_d(q, gt, MPFR_RNDN);
        mpfr_sqr(q, q, MPFR_RNDN);
        mpfr_mul(q, q, c, MPFR_RNDN);
        mpfr_add(x, x, q, MPFR_RNDN);
        v[t] = mpfr_get_d(x, MPFR_RNDN);
    }
    mpfr_clears(x, b, c, q, (mpfr_ptr)0);
}

START_TEST(max_binds)
{
    static const struct {
        const char *prob;
        double g[4];
        int period;
        double beta2;
        int tstar; /* by hand, confirmed by v_seq below */
    } cases[] = {
        /* Reddi, C = 3: v1 = 0.9·9 = 8.1, v2 = 0.81 + 0.9 = 1.71 < 8.1 */
        { "reddi", { 3, -1, -1 }, 3, 0.1, 2 },
        /* increasing |g| for three steps, then 0.5: v4 < v3 */
        { "online-linear:n=1,g=1,2,3,0.5", { 1, 2, 3, 0.5 }, 4, 0.9, 4 },
    };
    enum { STEPS = 30 };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double v[STEPS + 1], vmax = 0;
        int tstar = 0;
        v_seq(cases[k].g, cases[k].period, cases[k].beta2, STEPS, v);
        for (int t = 1; t <= STEPS && !tstar; t++) {
            if (v[t] < vmax)
                tstar = t;
            vmax = fmax(vmax, v[t]);
        }
        ck_assert_int_eq(tstar, cases[k].tstar);
        char items[96];
        snprintf(items, sizeof items, "alpha=0.1 beta1=0 beta2=%a eps=0", cases[k].beta2);
        optref_setup *sa = tu_setup("amsgrad", NULL, cases[k].prob, items);
        optref_setup *ss = tu_setup("adam", "simplified", cases[k].prob, items);
        optref_run *ra = tu_run(sa, OPTREF_MPFR, 256, 0), *rs = tu_run(ss, OPTREF_MPFR, 256, 0);
        vmax = 0;
        for (int t = 1; t <= STEPS; t++) {
            tu_step(ra);
            tu_step(rs);
            double xa = optref_run_get_d(ra, tu_q(sa, "x[0]")), xs = optref_run_get_d(rs, tu_q(ss, "x[0]"));
            double vh = optref_run_get_d(ra, tu_q(sa, "vhat[0]"));
            ck_assert_ulp(optref_run_get_d(ra, tu_q(sa, "v[0]")), v[t], 0, "%s t=%d v", cases[k].prob, t);
            vmax = fmax(vmax, v[t]);
            ck_assert_ulp(vh, vmax, 0, "%s t=%d vhat = max of v", cases[k].prob, t);
            if (t < tstar)
                ck_assert_msg(xa == xs, "%s t=%d < t*: amsgrad %a, simplified adam %a", cases[k].prob, t, xa, xs);
            if (t == tstar)
                ck_assert_msg(xa != xs, "%s t* = %d: the max binds, yet x is adam's", cases[k].prob, t);
        }
        optref_run_free(ra);
        optref_run_free(rs);
    }
}
END_TEST

START_TEST(constant_gradient)
{
    const double alpha = 0.1, beta1 = 0.9, lambda = 0.8, beta2 = 0.999, c[2] = { 1, -2 };
    optref_setup *s = tu_setup("amsgrad", NULL, "linear",
                               "alpha=0.1 beta1=0.9 lambda=0.8 beta2=0.999 schedule=invsqrt:c=0");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t x[2], p, q, u;
    mpfr_inits2(1024, x[0], x[1], p, q, u, (mpfr_ptr)0);
    mpfr_set_ui(x[0], 0, MPFR_RNDN);
    mpfr_set_ui(x[1], 0, MPFR_RNDN);
    for (unsigned long t = 1; t <= 80; t++) {
        tu_step(r);
        /* β1t = β1 λ^{t−1} */
        mpfr_set_d(p, lambda, MPFR_RNDN);
        mpfr_pow_ui(p, p, t - 1, MPFR_RNDN);
        mpfr_mul_d(p, p, beta1, MPFR_RNDN);
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "b1t")), mpfr_get_d(p, MPFR_RNDN), 0, "t=%lu b1t", t);
        for (int i = 0; i < 2; i++) {
            char nm[16];
            /* m_t = c (1 − β1^t λ^{t(t−1)/2}) */
            mpfr_set_d(p, lambda, MPFR_RNDN);
            mpfr_pow_ui(p, p, t * (t - 1) / 2, MPFR_RNDN);
            mpfr_set_d(q, beta1, MPFR_RNDN);
            mpfr_pow_ui(q, q, t, MPFR_RNDN);
            mpfr_mul(p, p, q, MPFR_RNDN);
            mpfr_ui_sub(p, 1, p, MPFR_RNDN);
            mpfr_mul_d(p, p, c[i], MPFR_RNDN);
            snprintf(nm, sizeof nm, "m[%d]", i);
            ck_assert_ulp(optref_run_get_d(r, tu_q(s, nm)), mpfr_get_d(p, MPFR_RNDN), 0, "t=%lu %s", t, nm);
            /* v_t = (1 − β2^t) c² = v̂_t */
            mpfr_set_d(q, beta2, MPFR_RNDN);
            mpfr_pow_ui(q, q, t, MPFR_RNDN);
            mpfr_ui_sub(q, 1, q, MPFR_RNDN);
            mpfr_mul_d(q, q, c[i] * c[i], MPFR_RNDN);
            snprintf(nm, sizeof nm, "vhat[%d]", i);
            ck_assert_ulp(optref_run_get_d(r, tu_q(s, nm)), mpfr_get_d(q, MPFR_RNDN), 0, "t=%lu %s", t, nm);
            /* x_t = x_{t−1} − (α/√t) m_t/√v_t */
            mpfr_sqrt(q, q, MPFR_RNDN);
            mpfr_div(p, p, q, MPFR_RNDN);
            mpfr_set_ui(u, t, MPFR_RNDN);
            mpfr_rec_sqrt(u, u, MPFR_RNDN);
            mpfr_mul_d(u, u, alpha, MPFR_RNDN);
            mpfr_mul(p, p, u, MPFR_RNDN);
            mpfr_sub(x[i], x[i], p, MPFR_RNDN);
            snprintf(nm, sizeof nm, "x[%d]", i);
            ck_assert_ulp(optref_run_get_d(r, tu_q(s, nm)), mpfr_get_d(x[i], MPFR_RNDN), 0, "t=%lu %s", t, nm);
        }
    }
    mpfr_clears(x[0], x[1], p, q, u, (mpfr_ptr)0);
    optref_run_free(r);
}
END_TEST

/* linear c = (1, −2) from 0 in the box [−0.05, 0.05]: the first step,
 * ∓α(1 − β1)|c|/√((1 − β2)c²) = ∓0.1·0.1/√0.001 ≈ ∓0.316, leaves the box and
 * is clamped to −0.05 and +0.05; the gradient keeps pushing, so x stays on
 * the bounds.  The weights √v̂_i change nothing (the box separates). */
START_TEST(box_is_clamp)
{
    optref_setup *s = tu_setup("amsgrad", NULL, "linear", "alpha=0.1 lo=-0.05 hi=0.05");
    for (int ar = 0; ar < 2; ar++) {
        optref_run *r = tu_run(s, ar ? OPTREF_MPFR : OPTREF_DOUBLE, 128, 0);
        for (int t = 1; t <= 20; t++) {
            tu_step(r);
            ck_assert(optref_run_get_d(r, tu_q(s, "x[0]")) == -0.05);
            ck_assert(optref_run_get_d(r, tu_q(s, "x[1]")) == 0.05);
        }
        optref_run_free(r);
    }
}
END_TEST

/* Reddi et al. §3: on f_t = 3x (t mod 3 = 1), −x otherwise, over [−1, 1],
 * the average loss is minimised at x = −1; with β1 = 0, β2 = 1/(1 + C²) and
 * α_t = α/√t AMSGrad moves there, from x_1 = 1.  Each period of three steps
 * ends lower than the one before (checked over the first 1000 periods), and
 * x has crossed 0 by t = 3000. */
START_TEST(reddi_heads_for_minus_one)
{
    optref_setup *s = tu_setup("amsgrad", NULL, "reddi", "alpha=0.1 beta1=0 beta2=0.1 lo=-1 hi=1 schedule=invsqrt:c=0");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 0);
    double prev = 1;
    for (int t = 1; t <= 3000; t++) {
        tu_step(r);
        if (t % 3 == 0) {
            double x = optref_run_get_d(r, tu_q(s, "x[0]"));
            ck_assert_msg(x < prev, "t=%d: x = %g, not below %g", t, x, prev);
            prev = x;
        }
    }
    ck_assert_msg(prev < 0, "x_3000 = %g", prev);
    optref_run_free(r);
}
END_TEST

/* Variant ball: the weighted projection is characterised by its KKT
 * conditions, checked here on the run's exact (256-bit) values, not by
 * redoing the bisection: with y = x_{t−1} − α_t m_t/√v̂_t and w = √v̂_t,
 * either ‖y‖ ≤ R and x_t = y, or ‖x_t‖ = R and every coordinate gives the
 * same multiplier μ = w_i (y_i − x_i)/x_i > 0.  Unequal weights (0.1 x1² +
 * 2 x2²) make it differ from the radial scaling, which the last check
 * shows; equal weights (linear, c = (1, −1)) give the radial scaling. */
static void ball_kkt(const char *prob, const char *items, int steps, int expect_radial)
{
    optref_setup *s = tu_setup("amsgrad", "ball", prob, items);
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    const double R = optref_setup_hparam(s, "R");
    mpfr_t xp[2], y[2], wt[2], mu[2], n, q;
    mpfr_inits2(512, xp[0], xp[1], y[0], y[1], wt[0], wt[1], mu[0], mu[1], n, q, (mpfr_ptr)0);
    int projected = 0, radial = 0;
    for (int i = 0; i < 2; i++)
        mpfr_set(xp[i], optref_run_get_mp(r, tu_q(s, i ? "x[1]" : "x[0]")), MPFR_RNDN);
    for (int t = 1; t <= steps; t++) {
        tu_step(r);
        mpfr_set_ui(n, 0, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            char nm[16];
            snprintf(nm, sizeof nm, "vhat[%d]", i);
            mpfr_sqrt(wt[i], optref_run_get_mp(r, tu_q(s, nm)), MPFR_RNDN);
            snprintf(nm, sizeof nm, "m[%d]", i);
            mpfr_mul(q, optref_run_get_mp(r, tu_q(s, "eta")), optref_run_get_mp(r, tu_q(s, nm)), MPFR_RNDN);
            mpfr_div(q, q, wt[i], MPFR_RNDN);
            mpfr_sub(y[i], xp[i], q, MPFR_RNDN);
            mpfr_fma(n, y[i], y[i], n, MPFR_RNDN);
        }
        mpfr_sqrt(n, n, MPFR_RNDN);
        int out = mpfr_cmp_d(n, R) > 0;
        mpfr_set_ui(n, 0, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            mpfr_set(xp[i], optref_run_get_mp(r, tu_q(s, i ? "x[1]" : "x[0]")), MPFR_RNDN);
            mpfr_fma(n, xp[i], xp[i], n, MPFR_RNDN);
            if (!out) {
                mpfr_sub(q, xp[i], y[i], MPFR_RNDN);
                ck_assert_msg(mpfr_zero_p(q) || mpfr_get_exp(q) - mpfr_get_exp(y[i]) < -240,
                              "%s t=%d: y inside the ball, yet x[%d] is not y", prob, t, i);
                continue;
            }
            mpfr_sub(mu[i], y[i], xp[i], MPFR_RNDN);
            mpfr_mul(mu[i], mu[i], wt[i], MPFR_RNDN);
            mpfr_div(mu[i], mu[i], xp[i], MPFR_RNDN);
            ck_assert_msg(mpfr_sgn(mu[i]) > 0, "%s t=%d: multiplier of x[%d] not positive", prob, t, i);
        }
        if (!out)
            continue;
        projected++;
        mpfr_sqrt(n, n, MPFR_RNDN);
        mpfr_sub_d(n, n, R, MPFR_RNDN);
        ck_assert_msg(mpfr_zero_p(n) || mpfr_get_exp(n) < -230, "%s t=%d: projected x is not on the sphere", prob, t);
        mpfr_sub(q, mu[0], mu[1], MPFR_RNDN);
        ck_assert_msg(mpfr_zero_p(q) || mpfr_get_exp(q) - mpfr_get_exp(mu[0]) < -200,
                      "%s t=%d: the coordinates give different multipliers", prob, t);
        /* radial: x_i/y_i the same for both coordinates */
        mpfr_div(q, xp[0], y[0], MPFR_RNDN);
        mpfr_div(n, xp[1], y[1], MPFR_RNDN);
        mpfr_sub(q, q, n, MPFR_RNDN);
        radial += mpfr_zero_p(q) || mpfr_get_exp(q) < -200;
    }
    ck_assert_msg(projected > 0, "%s: no step projected", prob);
    if (expect_radial)
        ck_assert_msg(radial == projected, "%s: equal weights, yet not a radial scaling", prob);
    else
        ck_assert_msg(radial < projected, "%s: unequal weights, yet always a radial scaling", prob);
    mpfr_clears(xp[0], xp[1], y[0], y[1], wt[0], wt[1], mu[0], mu[1], n, q, (mpfr_ptr)0);
    optref_run_free(r);
}

START_TEST(ball_projection)
{
    ball_kkt("quad-0.1-2", "alpha=0.5 R=3", 40, 0);
    ball_kkt("linear:c=1,-1,x0=1,-1", "alpha=0.3 R=2 schedule=invsqrt:c=0", 40, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("amsgrad");
    TCase *tc = tcase_create("outside");
    tcase_add_test(tc, max_binds);
    tcase_add_test(tc, constant_gradient);
    tcase_add_test(tc, box_is_clamp);
    tcase_add_test(tc, reddi_heads_for_minus_one);
    tcase_add_test(tc, ball_projection);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
