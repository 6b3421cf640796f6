/* Suite lamb: trust ratios and the step, computed by hand.
 *
 * Problem: online linear loss with g = (1, −2, 3, −1/2 | −7) in two layers
 * (1×4 and 1×1).  β1 = 1/2, β2 = 3/4, ε = 0: at t = 1, m̂ = g, v̂ = g², so
 * r_1 = g/|g| = (1, −1, 1, −1 | −1), every operation exact.
 *  - From x_0 = (1/2, 1/2, 1/2, 1/2 | 3), λ = 0: ‖x‖ = (1, 3), ‖r‖ = (2, 1).
 *    identity: trust = (1/2, 3); with η = 1/4,
 *      x_1 = (0.375, 0.625, 0.375, 0.625 | 3.75).
 *    clip to [3/2, 2]: φ = (3/2, 2), trust = (3/4, 2),
 *      x_1 = (0.3125, 0.6875, 0.3125, 0.6875 | 3.5).
 *  - From x_0 = (1, −1, 1, −1 | 3), λ = 1/2: u = r + λx = (3/2)(1, −1, 1, −1 | ·)
 *    and −1 + 3/2 = 1/2 in layer 2: ‖u‖ = (3, 1/2), ‖x‖ = (2, 3), trust =
 *    (2/3, 6), x_1^{(2)} = 3 − (1/4)·6·(1/2) = 2.25.  Topic 27's line 4, which
 *    also puts λx in m, would give r = (g + λx)/|g + λx| and other ratios:
 *    this checks that the decay enters once, as in You et al. */
#include <math.h>

#include "testutil.h"

#define ROWS "g=1,-2,3,-0.5,-7,layers=1x4,1x1"

static double get(optref_run *r, const optref_setup *s, const char *q, int i)
{
    char nm[16];
    snprintf(nm, sizeof nm, "%s[%d]", q, i);
    return optref_run_get_d(r, tu_q(s, nm));
}

static void check(const char *variant, const char *prob, const char *items, const double trust[2],
                  const double *x1, int nx)
{
    optref_setup *s = tu_setup("lamb", variant, prob, items);
    for (int a = 0; a < 2; a++) {
        optref_run *r = tu_run(s, a ? OPTREF_MPFR : OPTREF_DOUBLE, a ? 256 : 53, 1);
        for (int k = 0; k < 2; k++)
            ck_assert_ulp(get(r, s, "trust", k), trust[k], 0, "%s %s trust[%d]", variant, a ? "mpfr" : "double", k);
        for (int i = 5 - nx; i < 5; i++)
            ck_assert_ulp(get(r, s, "x", i), x1[i], 0, "%s %s x[%d]", variant, a ? "mpfr" : "double", i);
        optref_run_free(r);
    }
}

START_TEST(identity_step)
{
    const double trust[2] = { 0.5, 3 }, x1[5] = { 0.375, 0.625, 0.375, 0.625, 3.75 };
    check("identity", "online-linear:n=5," ROWS ",x0=0.5,0.5,0.5,0.5,3", "eta=0.25 beta1=0.5 beta2=0.75 eps=0",
          trust, x1, 5);
}
END_TEST

START_TEST(clip_step)
{
    const double trust[2] = { 0.75, 2 }, x1[5] = { 0.3125, 0.6875, 0.3125, 0.6875, 3.5 };
    check("clip", "online-linear:n=5," ROWS ",x0=0.5,0.5,0.5,0.5,3",
          "eta=0.25 beta1=0.5 beta2=0.75 eps=0 gamma_l=1.5 gamma_u=2", trust, x1, 5);
}
END_TEST

START_TEST(decay_once)
{
    const double trust[2] = { 2.0 / 3.0, 6 }, x1[5] = { 0, 0, 0, 0, 2.25 };
    check("identity", "online-linear:n=5," ROWS ",x0=1,-1,1,-1,3", "eta=0.25 beta1=0.5 beta2=0.75 eps=0 lambda=0.5",
          trust, x1, 1);
}
END_TEST

/* The same loss again at t = 2 (one row: g is constant): m̂_2 = g and
 * v̂_2 = g² only thanks to the bias correction (uncorrected, m_2 = (3/4)g and
 * v_2 = (7/16)g²), so r_2 = r_1 and layer 2, at x = 3.75, has trust 3.75 and
 * moves to 3.75 + (1/4)·3.75 = 4.6875. */
START_TEST(second_step_bias_corrected)
{
    optref_setup *s = tu_setup("lamb", "identity", "online-linear:n=5," ROWS ",x0=0.5,0.5,0.5,0.5,3",
                               "eta=0.25 beta1=0.5 beta2=0.75 eps=0");
    for (int a = 0; a < 2; a++) {
        optref_run *r = tu_run(s, a ? OPTREF_MPFR : OPTREF_DOUBLE, a ? 256 : 53, 2);
        ck_assert_ulp(get(r, s, "trust", 1), 3.75, 0, "%s trust[1] at t = 2", a ? "mpfr" : "double");
        ck_assert_ulp(get(r, s, "x", 4), 4.6875, 0, "%s x[4] at t = 2", a ? "mpfr" : "double");
        optref_run_free(r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lamb");
    TCase *tc = tcase_create("hand_computed");
    tcase_add_test(tc, identity_step);
    tcase_add_test(tc, clip_step);
    tcase_add_test(tc, decay_once);
    tcase_add_test(tc, second_step_bias_corrected);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
