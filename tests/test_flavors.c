/* test_flavors.c: the flavor mechanism (ref/flavor/, doc/flavors.md).
 *
 * Expected values are written from PyTorch 1.13.1's code (the files of torch/optim,
 * the for-loop paths) and the casts measured there (doc/flavors.md), by hand
 * in C binary64/binary32 arithmetic, never from optref's output.  The runs
 * against real torch trajectories are tests/check_flavors_torch.py. */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

START_TEST(names_resolve)
{
    const optref_algorithm *f = optref_algorithm_from_name("adam:torch");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->name, "adam-torch");
    ck_assert_ptr_eq(optref_algorithm_from_name("adam-torch"), f);
    ck_assert_ptr_eq(optref_flavor_from("adam", "torch"), f);
    ck_assert_str_eq(optref_algorithm_from_name("sgd:torch")->name, "sgd-torch");
    ck_assert_str_eq(optref_algorithm_from_name("adamw:torch")->name, "adamw-torch");
    /* a variant is not a framework: ALG:VARIANT is verify-step's, not a flavor */
    ck_assert_ptr_null(optref_algorithm_from_name("adam:standard"));
    ck_assert_ptr_null(optref_algorithm_from_name("adam:nonesuch"));
    ck_assert_ptr_null(optref_algorithm_from_name("nonesuch:torch"));
    ck_assert_ptr_null(optref_algorithm_from_name(":torch"));
    ck_assert_ptr_null(optref_algorithm_from_name("adam:"));
    for (size_t i = 0; optref_flavors[i]; i++) {
        ck_assert_ptr_nonnull(optref_algorithm_from_name(optref_flavors[i]->flavor_of));
        ck_assert_ptr_null(optref_algorithm_from_name(optref_flavors[i]->flavor_of)->flavor_of);
    }
    optref_setup *s = tu_setup("rmsprop:torch", NULL, "quad-0.1-2", "lr=0.1");
    ck_assert_str_eq(optref_setup_algorithm(s)->name, "rmsprop-torch");
}
END_TEST

/* verify's setup: x0 and problem constants rounded to F, a flavor's host
 * hyper-parameters and schedule parameters kept in binary64. */
START_TEST(rounded_setup_keeps_host_numbers)
{
    optref_setup *s = tu_setup("adam-torch", NULL, "quad-0.1-2", "lr=0.1 beta2=0.999 schedule=invsqrt:c=0.3");
    optref_setup *r = optref_setup_rounded(s, &optref_binary32);
    ck_assert_ptr_nonnull(r);
    ck_assert(optref_setup_hparam(r, "lr") == 0.1);
    ck_assert(optref_setup_hparam(r, "beta2") == 0.999);
    ck_assert(r->sp[0] == 0.3 || r->sched->nparams == 0);
    ck_assert(r->prob->coef[0] == (double)0.1f);
    ck_assert(r->fmt == &optref_binary32);
    optref_setup_free(r);
    /* a lecture algorithm's are rounded, as before */
    optref_setup *a = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.1");
    r = optref_setup_rounded(a, &optref_binary32);
    ck_assert(optref_setup_hparam(r, "beta2") == (double)0.999f);
    ck_assert(optref_setup_hparam(r, "alpha") == (double)0.1f);
    optref_setup_free(r);
}
END_TEST

/* Value `name` after `steps` updates of the setup rounded to fmt, exact at 256 bits. */
static double truth(const char *alg, const char *variant, const char *prob, const char *items,
                    const optref_format *fmt, long steps, const char *name)
{
    optref_setup *s = tu_setup(alg, variant, prob, items);
    optref_setup *r = fmt ? optref_setup_rounded(s, fmt) : NULL;
    optref_run *run = tu_run(r ? r : s, OPTREF_MPFR, 256, steps);
    double v = optref_run_get_d(run, tu_q(s, name));
    optref_run_free(run);
    optref_setup_free(r);
    return v;
}

/* quad-1-2 from (−5, −2): g_1 = (−10, −8), exact in every format. */
START_TEST(adam_torch_constants_f32)
{
    /* torch: exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 − β2): 1 − β2 is the
     * Python float 0.0010000000000000009, cast to float32 (0.001f) */
    double v = truth("adam-torch", NULL, "quad-1-2", "lr=0.1", &optref_binary32, 1, "exp_avg_sq[0]");
    ck_assert_msg(v == (double)(float)(1 - 0.999) * 100, "%a", v);
    /* the lecture's float32 truth: 1 − binary32(0.999), exact */
    double lec = truth("adam", NULL, "quad-1-2", "alpha=0.1", &optref_binary32, 1, "v[0]");
    ck_assert_msg(lec == (1 - (double)0.999f) * 100, "%a", lec);
    ck_assert(v != lec);
    /* exp_avg.mul_(β1).add_(g, alpha=1 − β1): alpha cast to float32 */
    double m = truth("adam-torch", NULL, "quad-1-2", "lr=0.1", &optref_binary32, 1, "exp_avg[1]");
    ck_assert_msg(m == (double)(float)(1 - 0.9) * -8, "%a", m);
}
END_TEST

/* bfloat16: mul_ and add_'s alpha cast to bf16, addcmul_'s value to float32 (measured). */
START_TEST(adam_torch_constants_bf16)
{
    double c1 = optref_round_d_to(1 - 0.9, &optref_bfloat16);
    double m = truth("adam-torch", NULL, "quad-1-2", "lr=0.1", &optref_bfloat16, 1, "exp_avg[0]");
    ck_assert_msg(m == c1 * -10, "%a", m);
    double v = truth("adam-torch", NULL, "quad-1-2", "lr=0.1", &optref_bfloat16, 1, "exp_avg_sq[0]");
    ck_assert_msg(v == (double)(float)(1 - 0.999) * 100, "%a", v);
    /* t = 2: β2 cast to bf16 by mul_ (bf16(0.999) = 1) */
    double v2 = truth("adam-torch", NULL, "quad-1-2", "lr=0", &optref_bfloat16, 2, "exp_avg_sq[0]");
    ck_assert_msg(v2 == 1.0 * v + (double)(float)(1 - 0.999) * 100, "%a", v2);
}
END_TEST

/* Host numbers stay binary64 in an MPFR run at 256 bits: AdamW's factor
 * 1 − lr·λ is Python's, two binary64 roundings; a coordinate with zero
 * gradient moves by the factor alone (m = v = 0, the Adam step is 0/ε = 0). */
START_TEST(host_numbers_at_256_bits)
{
    double x = truth("adamw-torch", NULL, "quad:a=1,0,x0=-5,7", "lr=0.7 weight_decay=0.9", NULL, 1, "x[1]");
    ck_assert_msg(x == 7.0 * (1.0 - 0.7 * 0.9), "%a", x);
    /* 7(1 − 0.7·0.9) from the exact product (one rounding, or none) is 2.5900000000000003 */
    ck_assert_msg(x == 2.59 && x != 2.5900000000000003, "%a", x);
    /* Adagrad's lr/(1 + (t − 1)·lr_decay) on the host: at t = 2 with s0 = 0 and
     * g = (−10, ·) then g_2: checked through the sum's independence of it and
     * the step's dependence, against the formula in binary64 */
    double s = truth("adagrad-torch", NULL, "quad-1-2", "lr=0.1 lr_decay=0.1 initial_accumulator_value=0.5 eps=0",
                     NULL, 1, "sum[0]");
    ck_assert_msg(s == 100.5, "%a", s);
    double x1 = truth("adagrad-torch", NULL, "quad-1-2", "lr=0.1 lr_decay=0.1 initial_accumulator_value=0 eps=0",
                      NULL, 2, "x[0]");
    /* t = 1: x = −5 + 0.1·10/10 = −4.9; t = 2: g = −9.8, s = 100 + 96.04, clr = 0.1/1.1 (binary64) */
    double g2 = 2 * -4.9, want = -4.9 - (0.1 / (1 + 1 * 0.1)) * g2 / sqrt(100 + g2 * g2);
    ck_assert_ulp(x1, want, 4, "adagrad-torch x[0] at t=2");
}
END_TEST

/* torch's SGD: the buffer is g at the first step, with or without dampening. */
START_TEST(sgd_torch_first_buffer)
{
    double b = truth("sgd-torch", "momentum", "quad-1-2", "lr=0.1 momentum=0.9 dampening=0.5", NULL, 1,
                     "momentum_buffer[0]");
    ck_assert(b == -10);
    double b2 = truth("sgd-torch", "momentum", "quad-1-2", "lr=0.1 momentum=0.9 dampening=0.5", NULL, 2,
                      "momentum_buffer[0]");
    /* t = 1: x = −5 + 0.1·10 = −4; t = 2: g = −8, b = 0.9·(−10) + 0.5·(−8) */
    ck_assert_msg(b2 == -13, "%a", b2);
}
END_TEST

/* The double and the MPFR instantiations at 53 bits agree bit for bit, for
 * every flavor and variant (doc/design.md: one body, two arithmetics). */
START_TEST(double_equals_mpfr53)
{
    const optref_algorithm *a = optref_flavors[_i];
    static const char *const probs[] = { "quad-0.1-2", "rosenbrock" };
    for (size_t v = 0; v < a->nvariants; v++)
        for (size_t p = 0; p < 2; p++) {
            char items[256] = "";
            for (size_t k = 0; k < a->nhp; k++) /* a small step (Rosenbrock's gradient is ~1e3); required ones 0.5 */
                if (optref_param_used(&a->hp[k], v) && (isnan(a->hp[k].def) || (a->hp[k].flags & OPTREF_P_STEP)) &&
                    strlen(items) + 64 < sizeof items)
                    snprintf(items + strlen(items), sizeof items - strlen(items), "%s=%s ", a->hp[k].name,
                             a->hp[k].flags & OPTREF_P_STEP ? "0.0001" : "0.5");
            if (optref_param_from_name(a->hp, a->nhp, "weight_decay") >= 0)
                strcat(items, "weight_decay=0.01");
            optref_setup *s = tu_setup(a->name, a->variants[v].name, probs[p], items);
            optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 12), *m = tu_run(s, OPTREF_MPFR, 53, 12);
            for (size_t q = 0; q < optref_nq(s); q++) {
                double x = optref_run_get_d(d, q), y = optref_run_get_d(m, q);
                char qn[64];
                optref_qname(s, q, qn, sizeof qn);
                ck_assert_msg(memcmp(&x, &y, sizeof x) == 0 || (isnan(x) && isnan(y)), "%s %s on %s: %s %a vs %a",
                              a->name, a->variants[v].name, probs[p], qn, x, y);
            }
            optref_run_free(d);
            optref_run_free(m);
        }
}
END_TEST

int main(void)
{
    int nf = 0;
    while (optref_flavors[nf])
        nf++;
    Suite *s = suite_create("flavors");
    TCase *tc = tcase_create("flavors");
    tcase_add_test(tc, names_resolve);
    tcase_add_test(tc, rounded_setup_keeps_host_numbers);
    tcase_add_test(tc, adam_torch_constants_f32);
    tcase_add_test(tc, adam_torch_constants_bf16);
    tcase_add_test(tc, host_numbers_at_256_bits);
    tcase_add_test(tc, sgd_torch_first_buffer);
    tcase_add_loop_test(tc, double_equals_mpfr53, 0, nf);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
