/* Suite schedules: η_t is the schedule's value, correctly rounded, and the
 * algorithms take it.  Expected values: the closed form η0/√(t + c) evaluated
 * here in MPFR at 1000 bits and rounded once; GD on x² under that schedule,
 * x_t = x_{t−1}(1 − 2η_t), carried here at 4000 bits. */
#include <math.h>
#include <string.h>

#include "testutil.h"

static double invsqrt_cr(double eta0, long t, double c)
{
    mpfr_t v, w;
    mpfr_inits2(1000, v, w, (mpfr_ptr)0);
    mpfr_set_d(v, c, MPFR_RNDN);
    mpfr_add_si(v, v, t, MPFR_RNDN);  /* exact at 1000 bits */
    mpfr_rec_sqrt(v, v, MPFR_RNDN);
    mpfr_set_d(w, eta0, MPFR_RNDN);
    mpfr_mul(v, v, w, MPFR_RNDN);
    double d = mpfr_get_d(v, MPFR_RNDN); /* 1000 bits: one rounding that matters */
    mpfr_clears(v, w, (mpfr_ptr)0);
    return d;
}

/* The exact η_t, rounded, in both the double build (one rounding per
 * operation: within 1 ULP) and MPFR at 256 bits (correctly rounded). */
START_TEST(invsqrt_values)
{
    const double c[] = { 1.0, 0.0, 2.5 };
    for (size_t k = 0; k < 3; k++) {
        char items[128];
        snprintf(items, sizeof items, "eta=0.4 schedule=invsqrt:c=%g", c[k]);
        optref_setup *s = tu_setup("gd", NULL, "quad-0.1-2", items);
        optref_run *d = tu_run(s, OPTREF_DOUBLE, 53, 0), *m = tu_run(s, OPTREF_MPFR, 256, 0);
        for (long t = 1; t <= 50; t++) {
            tu_step(d);
            tu_step(m);
            double want = invsqrt_cr(0.4, t, c[k]), gd, gm;
            optref_run_value(d, "eta", 0, &gd);
            optref_run_value(m, "eta", 0, &gm);
            ck_assert_msg(gm == want, "c=%g t=%ld: MPFR η %a, exact %a", c[k], t, gm, want);
            ck_assert_ulp(gd, want, 2, "c=%g t=%ld double", c[k], t);
        }
        optref_run_free(d);
        optref_run_free(m);
    }
}
END_TEST

START_TEST(gd_follows_schedule)
{
    optref_setup *s = tu_setup("gd", NULL, "square", "eta=0.2 schedule=invsqrt");
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 0);
    mpfr_t x, e, f;
    mpfr_inits2(4000, x, e, f, (mpfr_ptr)0);
    mpfr_set_d(x, 10, MPFR_RNDN);
    for (long t = 1; t <= 20; t++) {
        tu_step(r);
        /* e = η0/√(t + 1), at 4000 bits; x ← x − e·2x */
        mpfr_set_si(e, t + 1, MPFR_RNDN);
        mpfr_rec_sqrt(e, e, MPFR_RNDN);
        mpfr_mul_d(e, e, 0.2, MPFR_RNDN);
        mpfr_mul(f, e, x, MPFR_RNDN);
        mpfr_mul_2ui(f, f, 1, MPFR_RNDN);
        mpfr_sub(x, x, f, MPFR_RNDN);
        double got;
        optref_run_value(r, "x", 0, &got);
        ck_assert_msg(got == mpfr_get_d(x, MPFR_RNDN), "t=%ld: x %a, exact %a", t, got, mpfr_get_d(x, MPFR_RNDN));
    }
    mpfr_clears(x, e, f, (mpfr_ptr)0);
    optref_run_free(r);
}
END_TEST

/* The constant schedule is η0 exactly, so eta is the hyper-parameter. */
START_TEST(constant_is_eta0)
{
    optref_setup *s = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.1");
    optref_run *r = tu_run(s, OPTREF_DOUBLE, 53, 3);
    double v;
    ck_assert(optref_run_value(r, "eta", 0, &v) == OPTREF_SUCCESS && v == 0.1);
    optref_run_free(r);
}
END_TEST

START_TEST(bad_schedules)
{
    static const struct {
        const char *alg, *item, *want;
    } bad[] = {
        { "gd", "schedule=nosuch", "unknown schedule 'nosuch'" },
        { "gd", "schedule=invsqrt:c=-1", "out of range" },
        { "gd", "schedule=invsqrt:d=1", "unknown parameter 'd'" },
        { "adadelta", "schedule=invsqrt", "no step size" },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        optref_setup *s;
        char err[512] = "";
        ck_assert(optref_setup_new(&s, bad[k].alg, NULL, "square", err, sizeof err) == OPTREF_SUCCESS);
        ck_assert_msg(optref_setup_set(s, bad[k].item, err, sizeof err) != OPTREF_SUCCESS, "%s accepted", bad[k].item);
        ck_assert_msg(strstr(err, bad[k].want) != NULL, "%s: '%s' lacks '%s'", bad[k].item, err, bad[k].want);
        optref_setup_free(s);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schedules");
    TCase *tc = tcase_create("schedules");
    tcase_add_test(tc, invsqrt_values);
    tcase_add_test(tc, gd_follows_schedule);
    tcase_add_test(tc, constant_is_eta0);
    tcase_add_test(tc, bad_schedules);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
