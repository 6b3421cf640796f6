/* Suite adam_factored: values from outside the code.
 *  - Rank-1 gradients per layer, G_t = s_t u vᵀ with the same u, v in every
 *    step: then R_t C_t / 1ᵀR_t equals the full second moment
 *    v_t = β2 v_{t−1} + (1 − β2) G_t² exactly (Shazeer & Stern §3), so the
 *    trajectory is that of Adam with β1 = 0 and the full, element-wise
 *    second moment; computed here in MPFR at 1024 bits with the full moment.
 *  - A gradient that is not rank 1, the 2×2 identity: R = C = (1 − β2)(1, 1),
 *    1ᵀR = 2(1 − β2), so V̂_1 = 1/2 in all four entries (the full moment
 *    would be 1, 0, 0, 1): the factorisation is really used.
 *  - Without layers= (one n × 1 layer) and a constant gradient c: V̂_t = c²,
 *    x_t = x_0 − t α c/(|c| + ε). */
#include <math.h>
#include <string.h>

#include "testutil.h"

#define P 1024

static double val(optref_run *r, const optref_setup *s, const char *q, int i)
{
    char nm[32];
    snprintf(nm, sizeof nm, "%s[%d]", q, i);
    return optref_run_get_d(r, tu_q(s, nm));
}

/* Layer 1 (2×3): s_t (1, −2)ᵀ(0.5, 1, 3); layer 2 (1×2): s'_t (2, −1).
 * s = 1, −0.5, 3 and s' = 1, 2, −0.25, cyclic. */
#define ROWS "0.5,1,3,-1,-2,-6,2,-1," "-0.25,-0.5,-1.5,0.5,1,3,4,-2," "1.5,3,9,-3,-6,-18,-0.5,0.25"
static const double G[3][8] = { { 0.5, 1, 3, -1, -2, -6, 2, -1 },
                                 { -0.25, -0.5, -1.5, 0.5, 1, 3, 4, -2 },
                                 { 1.5, 3, 9, -3, -6, -18, -0.5, 0.25 } };

START_TEST(rank_one_equals_full_moment)
{
    const double alpha = 0.05, beta2 = 0.9, eps = 1e-8;
    optref_setup *s = tu_setup("adam_factored", NULL, "online-linear:n=8,g=" ROWS ",layers=2x3,1x2",
                               "alpha=0.05 beta2=0.9 eps=1e-8");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0), *d = tu_run(s, OPTREF_DOUBLE, 53, 0);
    mpfr_t x[8], v[8], b2t, vh, q;
    mpfr_inits2(P, b2t, vh, q, (mpfr_ptr)0);
    mpfr_set_ui(b2t, 1, MPFR_RNDN);
    for (int i = 0; i < 8; i++) {
        mpfr_inits2(P, x[i], v[i], (mpfr_ptr)0);
        mpfr_set_zero(x[i], 1);
        mpfr_set_zero(v[i], 1);
    }
    for (int t = 1; t <= 30; t++) {
        const double *g = G[(t - 1) % 3];
        tu_step(m);
        tu_step(d);
        mpfr_mul_d(b2t, b2t, beta2, MPFR_RNDN);
        for (int i = 0; i < 8; i++) {
            mpfr_mul_d(v[i], v[i], beta2, MPFR_RNDN);
            mpfr_set_d(q, g[i], MPFR_RNDN);
            mpfr_sqr(q, q, MPFR_RNDN);
            mpfr_set_d(vh, beta2, MPFR_RNDN);
            mpfr_ui_sub(vh, 1, vh, MPFR_RNDN);    /* 1 − β2, exact for β2 = fl(0.9) */
            mpfr_mul(q, q, vh, MPFR_RNDN);
            mpfr_add(v[i], v[i], q, MPFR_RNDN);
            mpfr_ui_sub(q, 1, b2t, MPFR_RNDN);
            mpfr_div(vh, v[i], q, MPFR_RNDN);     /* V̂ = v/(1 − β2^t) */
            ck_assert_ulp(val(m, s, "vhat", i), mpfr_get_d(vh, MPFR_RNDN), 1, "t=%d vhat[%d]", t, i);
            mpfr_sqrt(q, vh, MPFR_RNDN);
            mpfr_add_d(q, q, eps, MPFR_RNDN);
            mpfr_d_div(q, g[i], q, MPFR_RNDN);
            mpfr_mul_d(q, q, alpha, MPFR_RNDN);
            mpfr_sub(x[i], x[i], q, MPFR_RNDN);
            ck_assert_ulp(val(m, s, "x", i), mpfr_get_d(x[i], MPFR_RNDN), 1, "mpfr t=%d x[%d]", t, i);
            /* double: with β2 = 0.9, 1 − β2^t barely cancels; the factored
             * product, sum and quotient round too (2 ULP seen) */
            ck_assert_ulp(val(d, s, "x", i), mpfr_get_d(x[i], MPFR_RNDN), 8, "double t=%d x[%d]", t, i);
        }
    }
    mpfr_clears(b2t, vh, q, (mpfr_ptr)0);
    for (int i = 0; i < 8; i++)
        mpfr_clears(x[i], v[i], (mpfr_ptr)0);
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

START_TEST(identity_is_factored)
{
    optref_setup *s = tu_setup("adam_factored", NULL, "online-linear:n=4,g=1,0,0,1,layers=2x2", "beta2=0.5");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 1), *d = tu_run(s, OPTREF_DOUBLE, 53, 1);
    for (int i = 0; i < 4; i++) {
        ck_assert_ulp(val(m, s, "vhat", i), 0.5, 0, "mpfr vhat[%d]", i);
        ck_assert_ulp(val(d, s, "vhat", i), 0.5, 0, "double vhat[%d]", i);
    }
    for (int i = 0; i < 2; i++) {
        ck_assert_ulp(val(m, s, "R", i), 0.5, 0, "R[%d] = (1 − β2)·1", i);
        ck_assert_ulp(val(m, s, "C", i), 0.5, 0, "C[%d] = (1 − β2)·1", i);
    }
    optref_run_free(m);
    optref_run_free(d);
}
END_TEST

START_TEST(vector_is_adam_without_momentum)
{
    const double alpha = 0.1, eps = 1e-8, c[2] = { 1, -2 };
    optref_setup *s = tu_setup("adam_factored", NULL, "linear", "alpha=0.1 beta2=0.999 eps=1e-8");
    optref_run *m = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t e;
    mpfr_init2(e, P);
    for (long t = 1; t <= 40; t++) {
        tu_step(m);
        for (int i = 0; i < 2; i++) {
            ck_assert_ulp(val(m, s, "vhat", i), c[i] * c[i], 1, "t=%ld vhat[%d]", t, i);
            mpfr_set_d(e, fabs(c[i]), MPFR_RNDN);
            mpfr_add_d(e, e, eps, MPFR_RNDN);
            mpfr_d_div(e, c[i], e, MPFR_RNDN);
            mpfr_mul_d(e, e, alpha, MPFR_RNDN);
            mpfr_mul_si(e, e, -t, MPFR_RNDN);
            ck_assert_ulp(val(m, s, "x", i), mpfr_get_d(e, MPFR_RNDN), 1, "t=%ld x[%d]", t, i);
        }
    }
    mpfr_clear(e);
    optref_run_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("adam_factored");
    TCase *tc = tcase_create("closed_form");
    tcase_add_test(tc, rank_one_equals_full_moment);
    tcase_add_test(tc, identity_is_factored);
    tcase_add_test(tc, vector_is_adam_without_momentum);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
