/* Suite sgd: minibatch SGD as Goodfellow Algorithm 8.1 writes it.
 *  - DS 4440's worked numbers on f = x² (α = 0.2: 10 → 6 → 3.6 → 2.16);
 *  - on finite sums with the seeded sampler, the same values as gd.c (an
 *    independent transcription of the same update from Topic 27's Algorithm
 *    1), bit for bit in double and in MPFR; tests/check_minibatch.py checks
 *    both against exact rationals with the sampler transcribed in Python. */
#include "testutil.h"

START_TEST(ds4440_worked_numbers)
{
    const double want[] = { 6, 3.6, 2.16 };
    optref_setup *s = tu_setup("sgd", NULL, "square", "eps=0.2 x0=10");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    for (int t = 1; t <= 3; t++) {
        tu_step(r);
        /* 10·0.6^t from the binary64 0.2: within an ULP of the decimal */
        ck_assert_ulp(optref_run_get_d(r, tu_q(s, "x[0]")), want[t - 1], 1, "t=%d", t);
    }
    optref_run_free(r);
}
END_TEST

static const char *const finite_sums[] = {
    "logistic:m=32,d=3,seed=1,batch=8",
    "lsq:m=12,d=2,seed=5,batch=1",
    "lsq:m=20,d=4,seed=2,noise=0.5,batch=6",
};

START_TEST(same_as_gd)
{
    optref_setup *ss = tu_setup("sgd", NULL, finite_sums[_i], "eps=0.3");
    optref_setup *sg = tu_setup("gd", NULL, finite_sums[_i], "eta=0.3");
    size_t n = optref_problem_dim(optref_setup_problem(ss));
    for (int ar = 0; ar < 2; ar++) {
        optref_arith arith = ar ? OPTREF_MPFR : OPTREF_DOUBLE;
        optref_run *rs = tu_run(ss, arith, 53, 0), *rg = tu_run(sg, arith, 53, 0);
        for (int t = 1; t <= 40; t++) {
            tu_step(rs);
            tu_step(rg);
            for (size_t i = 0; i < n; i++) {
                char nm[32];
                snprintf(nm, sizeof nm, "x[%zu]", i);
                double a = optref_run_get_d(rs, tu_q(ss, nm)), b = optref_run_get_d(rg, tu_q(sg, nm));
                ck_assert_msg(a == b, "%s arith=%d t=%d %s: sgd %a, gd %a", finite_sums[_i], ar, t, nm, a, b);
                snprintf(nm, sizeof nm, "g[%zu]", i);
                a = optref_run_get_d(rs, tu_q(ss, nm));
                b = optref_run_get_d(rg, tu_q(sg, nm));
                ck_assert_msg(a == b, "%s arith=%d t=%d %s: sgd %a, gd %a", finite_sums[_i], ar, t, nm, a, b);
            }
        }
        optref_run_free(rs);
        optref_run_free(rg);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sgd");
    TCase *tc = tcase_create("outside");
    tcase_add_test(tc, ds4440_worked_numbers);
    tcase_add_loop_test(tc, same_as_gd, 0, (int)(sizeof finite_sums / sizeof finite_sums[0]));
    suite_add_tcase(s, tc);
    return tu_main(s);
}
