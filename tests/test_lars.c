/* Suite lars: trust ratios and the step, computed by hand.
 *
 * Problem: online linear loss with g = (0.375, 0.5 | 1, 2, −2) in two layers
 * (1×2 and 1×3) from x_0 = (3, 4 | 2, −1, 2), so ‖x^{(1)}‖ = 5, ‖x^{(2)}‖ = 3.
 * With β1 = 1/2 and λ = 0: m_1 = g/2 = (3/16, 1/4 | 1/2, 1, −1), norms
 * 5/16 and 3/2.
 *  - identity: trust = (5/(5/16), 3/(3/2)) = (16, 2); with η = 1/8,
 *    x_1 = (3 − 3/8, 4 − 1/2 | 2 − 1/8, −1 − 1/4, 2 + 1/4)
 *        = (2.625, 3.5 | 1.875, −1.25, 2.25).
 *  - clip to [γ_l, γ_u] = [0, 3.75]: φ = (3.75, 3), trust = (12, 2),
 *    x_1 = (3 − 12·(1/8)·(3/16), 4 − 12·(1/8)·(1/4) | as above)
 *        = (2.71875, 3.625 | 1.875, −1.25, 2.25).
 *  - λ = 1/4: m_1 = (g + x/4)/2 = (9/16, 3/4 | 3/4, 7/8, −3/4), norms 15/16
 *    and √(9/16 + 49/64 + 9/16) = √(121/64) = 11/8: trust = (16/3, 24/11).
 * Every value but the last two is a short dyadic fraction, exact in binary64:
 * both arithmetics must give it exactly. */
#include <math.h>

#include "testutil.h"

#define PROB "online-linear:n=5,g=0.375,0.5,1,2,-2,layers=1x2,1x3,x0=3,4,2,-1,2"

static double get(optref_run *r, const optref_setup *s, const char *name)
{
    return optref_run_get_d(r, tu_q(s, name));
}

static void check(const char *variant, const char *items, const double trust[2], const double x1[5], int exact)
{
    optref_setup *s = tu_setup("lars", variant, PROB, items);
    for (int a = 0; a < 2; a++) {
        optref_run *r = tu_run(s, a ? OPTREF_MPFR : OPTREF_DOUBLE, a ? 256 : 53, 1);
        for (int k = 0; k < 2; k++) {
            char nm[16];
            snprintf(nm, sizeof nm, "trust[%d]", k);
            ck_assert_ulp(get(r, s, nm), trust[k], 0, "%s %s %s", variant, a ? "mpfr" : "double", nm);
        }
        for (int i = 0; exact && i < 5; i++) {
            char nm[16];
            snprintf(nm, sizeof nm, "x[%d]", i);
            ck_assert_ulp(get(r, s, nm), x1[i], 0, "%s %s %s", variant, a ? "mpfr" : "double", nm);
        }
        optref_run_free(r);
    }
}

START_TEST(identity_step)
{
    const double trust[2] = { 16, 2 }, x1[5] = { 2.625, 3.5, 1.875, -1.25, 2.25 };
    check("identity", "eta=0.125 beta1=0.5", trust, x1, 1);
}
END_TEST

START_TEST(clip_step)
{
    const double trust[2] = { 12, 2 }, x1[5] = { 2.71875, 3.625, 1.875, -1.25, 2.25 };
    check("clip", "eta=0.125 beta1=0.5 gamma_l=0 gamma_u=3.75", trust, x1, 1);
}
END_TEST

START_TEST(decay_in_momentum)
{
    const double trust[2] = { 16.0 / 3.0, 24.0 / 11.0 }; /* each rounded once: the correctly rounded quotient */
    check("identity", "eta=0.125 beta1=0.5 lambda=0.25", trust, NULL, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lars");
    TCase *tc = tcase_create("hand_computed");
    tcase_add_test(tc, identity_step);
    tcase_add_test(tc, clip_step);
    tcase_add_test(tc, decay_in_momentum);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
