/* Suite xavier: Xavier/Glorot initialization (ref/oracle/xavier.c).
 *
 * Expected values come from outside the code: closed forms where σ or a is
 * a simple number (fan_in + fan_out chosen so that 2/n or 6/n is a square),
 * each correctly rounded by one IEEE operation (5.0/3.0 is RN(5/3)) or by
 * MPFR at 1000 bits in the test; Smirnov's (1948) published quantiles of
 * Kolmogorov's distribution; hand-computed KS statistics of tiny samples.
 * tests/check_xavier.py judges samples drawn right and wrong. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "clirun.h"
#include "testutil.h"
#include "xavier.h"

static optref_xexact exact(long fi, long fo, const char *nonlin, double gain)
{
    optref_xgain g;
    optref_xexact e;
    char err[256];
    if (nonlin)
        ck_assert_msg(optref_xgain_from_name(&g, nonlin, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    else
        ck_assert_msg(optref_xgain_from_value(&g, gain, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert_int_eq(optref_xavier_exact(fi, fo, &g, &e), OPTREF_SUCCESS);
    return e;
}

#define ck_assert_bits(got, want)                                                              \
    do {                                                                                       \
        double g_ = (got), w_ = (want);                                                        \
        ck_assert_msg(memcmp(&g_, &w_, sizeof g_) == 0, "%s: got %.17g (%a), want %.17g (%a)", \
                      #got, g_, g_, w_, w_);                                                   \
    } while (0)

/* √(num/den) correctly rounded: MPFR at 1000 bits, rounded once. */
static double sqrt_q(unsigned long num, unsigned long den)
{
    mpfr_t x;
    mpfr_init2(x, 1000);
    mpfr_set_ui(x, num, MPFR_RNDN);
    mpfr_div_ui(x, x, den, MPFR_RNDN);
    mpfr_sqrt(x, x, MPFR_RNDN);
    double d = mpfr_get_d(x, MPFR_RNDN);
    mpfr_clear(x);
    return d;
}

/* fan_in = fan_out = 3, gain 1: σ² = 2/6 = 1/3, a = √(6/6) = 1. */
START_TEST(closed_forms_gain1)
{
    optref_xexact e = exact(3, 3, NULL, 1.0);
    ck_assert_bits(e.a, 1.0);
    ck_assert_bits(e.var, 1.0 / 3.0);
    ck_assert_bits(e.sigma, sqrt_q(1, 3));
    e = exact(1, 1, NULL, 1.0); /* σ = 1, a = √3 */
    ck_assert_bits(e.sigma, 1.0);
    ck_assert_bits(e.a, sqrt(3.0)); /* IEEE sqrt is correctly rounded */
    e = exact(4, 4, "linear", 0); /* σ = √(2/8) = 1/2, a = √3/2 */
    ck_assert_bits(e.sigma, 0.5);
    ck_assert_bits(e.a, sqrt(3.0) / 2);
    e = exact(12, 12, "sigmoid", 0); /* a = √(6/24) = 1/2 */
    ck_assert_bits(e.a, 0.5);
    e = exact(7, 1, NULL, 3.0); /* σ = 3·√(2/8) = 3/2, a = 3√3/2 */
    ck_assert_bits(e.sigma, 1.5);
    ck_assert_bits(e.var, 2.25);
    ck_assert_bits(e.a, sqrt_q(27, 4));
}
END_TEST

/* Named gains: tanh 5/3, relu √2, selu 3/4, leaky_relu √(2/(1 + s²)). */
START_TEST(closed_forms_named)
{
    optref_xexact e = exact(3, 3, "tanh", 0); /* a = 5/3·1; σ = 5/3·√(1/3) */
    ck_assert_bits(e.a, 5.0 / 3.0);
    ck_assert_bits(e.gain, 5.0 / 3.0);
    ck_assert_bits(e.var, 25.0 / 27.0);
    /* torch's four roundings give the neighbour: gain·√3·√(2/6) */
    double torch_a = sqrt(3.0) * ((5.0 / 3) * sqrt(2.0 / 6.0));
    ck_assert_msg(torch_a != e.a, "the test case lost its point: torch's %a equals %a", torch_a, e.a);
    e = exact(12, 12, "tanh", 0); /* a = 5/3·√(6/24) = 5/6 */
    ck_assert_bits(e.a, 5.0 / 6.0);
    e = exact(25, 25, "tanh", 0); /* σ = 5/3·√(2/50) = 1/3 */
    ck_assert_bits(e.sigma, 1.0 / 3.0);
    e = exact(1, 1, "relu", 0); /* σ = √2·1, a = √2·√3 */
    ck_assert_bits(e.sigma, sqrt(2.0));
    ck_assert_bits(e.a, sqrt(6.0));
    ck_assert_bits(e.var, 2.0);
    e = exact(2, 2, "relu", 0); /* σ = √2·√(1/2) = 1 */
    ck_assert_bits(e.sigma, 1.0);
    e = exact(1, 1, "selu", 0); /* σ = 3/4 */
    ck_assert_bits(e.sigma, 0.75);
    e = exact(1, 1, "leaky_relu:1", 0); /* gain √(2/2) = 1 */
    ck_assert_bits(e.gain, 1.0);
    e = exact(1, 1, "leaky_relu:0", 0); /* = relu */
    ck_assert_bits(e.gain, sqrt(2.0));
    e = exact(1, 1, "leaky_relu", 0); /* torch's default slope 0.01: gain² = 2/1.0001 */
    /* the double 0.01 is 1/100 within 2e−17 relatively: 2/(1 + 0.01²) within an ULP of 20000/10001 */
    ck_assert_ulp(e.var, 20000.0 / 10001.0, 1, "leaky_relu default slope");
    e = exact(50, 50, "leaky_relu:3", 0); /* gain √(2/10) ; σ² = 0.2·2/100 = 1/250 */
    ck_assert_bits(e.var, 1.0 / 250.0);
}
END_TEST

/* σ² can be an exact midpoint between two doubles: gain 100000001 (27 bits),
 * n = 2, σ² = 100000001² = 10000000200000001 (54 bits, odd), ties to even. */
START_TEST(midpoint_ties_to_even)
{
    optref_xexact e = exact(1, 1, NULL, 100000001.0);
    ck_assert_bits(e.var, 10000000200000000.0);
    ck_assert_bits(e.sigma, 100000001.0);
}
END_TEST

START_TEST(bad_gains)
{
    optref_xgain g;
    char err[256];
    ck_assert_int_ne(optref_xgain_from_name(&g, "softmax", err, sizeof err), OPTREF_SUCCESS);
    ck_assert(strstr(err, "tanh"));
    ck_assert_int_ne(optref_xgain_from_name(&g, "tanh:2", err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xgain_from_name(&g, "leaky_relu:x", err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xgain_from_name(&g, "leaky_relu:nan", err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xgain_from_value(&g, NAN, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xgain_from_value(&g, 0, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xgain_from_value(&g, -1, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xgain_from_value(&g, INFINITY, err, sizeof err), OPTREF_SUCCESS);
    optref_xgain_from_value(&g, 1, err, sizeof err);
    optref_xexact e;
    ck_assert_int_ne(optref_xavier_exact(0, 3, &g, &e), OPTREF_SUCCESS);
    ck_assert_int_ne(optref_xavier_exact(3, OPTREF_XFAN_MAX + 1, &g, &e), OPTREF_SUCCESS);
}
END_TEST

/* Smirnov (1948), Table of the limiting distribution: Q_KS(λ) = α at
 * λ = 1.2238 (0.10), 1.3581 (0.05), 1.6276 (0.01), 1.9495 (0.001); the
 * median 0.8276 (0.5).  Four digits of λ: the slope there bounds the error. */
START_TEST(kolmogorov_quantiles)
{
    const double lam[] = { 0.8276, 1.2238, 1.3581, 1.6276, 1.9495 }, q[] = { 0.5, 0.10, 0.05, 0.01, 0.001 };
    for (int k = 0; k < 5; k++) {
        double got = optref_kolmogorov_q(lam[k]);
        ck_assert_msg(fabs(got - q[k]) < 2e-4 * (q[k] > 0.01 ? 1 : 0.1), "Q(%g) = %.6g, want %g", lam[k], got,
                      q[k]);
    }
    /* both series agree where they meet (1.18) and the ends are right */
    ck_assert_msg(fabs(optref_kolmogorov_q(1.1799999) - optref_kolmogorov_q(1.18)) < 1e-6, "seam at 1.18");
    ck_assert(optref_kolmogorov_q(0.1) == 1.0 && optref_kolmogorov_q(0) == 1.0);
    ck_assert(optref_kolmogorov_q(10) < 1e-80);
}
END_TEST

static optref_status sample(const char *text, optref_xdist dist, double sigma, double a, optref_xstats *st,
                            char *err, size_t errlen)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    ck_assert(f != NULL);
    optref_status s = optref_xavier_sample(f, "mem", 100, dist, sigma, a, st, err, errlen);
    fclose(f);
    return s;
}

/* Hand values.  {1, 2, 3, 4}: mean 5/2, variance 5/3.  {0, x} against
 * N(0, 1): F(0) = 1/2.  {−1/2, 1/2} against U(−1, 1): F = 1/4, 3/4, so
 * D = max(1/2 − 1/4, 1 − 3/4, 1/4 − 0, 3/4 − 1/2) = 1/4. */
START_TEST(sample_statistics)
{
    optref_xstats st;
    char err[256];
    ck_assert_int_eq(sample("1,2\n3 4\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_int_eq(st.n, 4);
    ck_assert_bits(st.mean, 2.5);
    ck_assert_bits(st.var, 5.0 / 3.0);
    ck_assert(st.min == 1 && st.max == 4);
    ck_assert_int_eq(sample("-0.5, 0.5\n", OPTREF_XUNIFORM, 0, 1, &st, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_bits(st.ks_d, 0.25);
    ck_assert_bits(st.mean, 0.0);
    /* one side each: {0.5, 0.9}: F = 3/4, 0.95, D = max(3/4 − 0, 0.95 − 1/2) = 3/4
     * (F above F_n); {−0.9, −0.5}: F = 0.05, 1/4, D = max(1/2 − 0.05, 1 − 1/4) = 3/4 (below) */
    ck_assert_int_eq(sample("0.5 0.9\n", OPTREF_XUNIFORM, 0, 1, &st, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_bits(st.ks_d, 0.75);
    ck_assert_int_eq(sample("-0.9 -0.5\n", OPTREF_XUNIFORM, 0, 1, &st, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_bits(st.ks_d, 0.75);
    /* {0, 0}: a tie; F_n jumps from 0 to 1 at 0 where Φ(0) = 1/2: D = 1/2 */
    ck_assert_int_eq(sample("0\n0\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_bits(st.ks_d, 0.5);
    /* cancellation a naive Σx² − n·x̄² loses: 1e8 + {1, 2, 3} has variance 1 */
    ck_assert_int_eq(sample("100000001\n100000002\n100000003\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err),
                     OPTREF_SUCCESS);
    ck_assert_bits(st.var, 1.0);
    ck_assert_bits(st.mean, 100000002.0);
    /* and 1e200 beside 1: Σx² leaves binary64's range, the variance does not */
    ck_assert_int_eq(sample("1e200\n-1e200\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err), OPTREF_SUCCESS);
    ck_assert_msg(isinf(st.var) && st.mean == 0, "2·10^400 rounds to inf: %g", st.var);
    ck_assert_int_eq(sample("0x1p-1074\n0x1p-1074\n0\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err),
                     OPTREF_SUCCESS);
    ck_assert_bits(st.mean, 0x1p-1074); /* 2/3 of the smallest subnormal rounds up to it */
    /* A subnormal mean rounded twice would be wrong: Σx = (2^54 + 21)·2^−1074,
     * n = 8, mean = (2^51 + 2 + 5/8)·2^−1074.  Rounded to 53 bits first it is
     * the midpoint (2^51 + 2 + 1/2)·2^−1074, which then ties to the even
     * 2^51 + 2; rounded once it is 2^51 + 3 units = 2^−1023 + 3·2^−1074. */
    ck_assert_int_eq(sample("0x1p-1020 0x15p-1074 0 0 0 0 0 0\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err),
                     OPTREF_SUCCESS);
    ck_assert_bits(st.mean, 0x1.0000000000006p-1023);
    /* −5000, ..., 4999 (the held sample grows past its first 4096): mean
     * −1/2, variance n(n + 1)/12 = 25002500/3 (one IEEE division); against
     * U(−5000, 5000), F(x_(i)) = (i − 1)/n, so D = 1/n */
    static char many[60000];
    size_t o = 0;
    for (int i = 0; i < 10000; i++)
        o += (size_t)snprintf(many + o, sizeof many - o, i % 7 ? "%d " : "%d\n", i - 5000);
    FILE *f = fmemopen(many, o, "r");
    ck_assert_int_eq(optref_xavier_sample(f, "mem", 1L << 20, OPTREF_XUNIFORM, 0, 5000, &st, err, sizeof err),
                     OPTREF_SUCCESS);
    fclose(f);
    ck_assert_int_eq(st.n, 10000);
    ck_assert_bits(st.mean, -0.5);
    ck_assert_bits(st.var, 25002500.0 / 3.0);
    ck_assert_msg(fabs(st.ks_d - 1e-4) < 1e-15, "D = %g, want 1e-4", st.ks_d);
}
END_TEST

/* Bad input through the library: "mem:line:column: what". */
START_TEST(reader_errors)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        { "", "mem:1:1: no values" },
        { "\n\n", "mem:3:1: no values" },
        { "0.5\n", "only one value" },
        { "1\n2\nabc\n", "mem:3:1: 'abc' is not a number" },
        { "1, nan\n", "mem:1:4: 'nan' is NaN" },
        { "1\n-inf\n", "mem:2:1: '-inf' is infinite" },
        { "1\n1e999\n", "mem:2:1: '1e999' is infinite or beyond" },
        { "1,,2\n", "mem:1:3: empty field" },
        { ",1\n", "mem:1:1: empty field" },
        { "1,2,\n", "mem:1:4: a comma ends the line" },
        { "1 2\x01\n", "mem:1:3: '2\\x01' is not a number" },
        { "1\n\xff\xfe junk\n", "mem:2:1: '\\xFF\\xFE' is not a number" },
        { "1e5\n0x1.8p1\n1.5.5\n", "mem:3:1: '1.5.5'" },
    };
    for (size_t k = 0; k < OPTREF_COUNT(bad); k++) {
        optref_xstats st;
        char err[512] = "";
        ck_assert_msg(sample(bad[k].text, OPTREF_XNORMAL, 1, 0, &st, err, sizeof err) != OPTREF_SUCCESS,
                      "case %zu accepted", k);
        ck_assert_msg(strstr(err, bad[k].want) && !strchr(err, '\n'), "case %zu: '%s' lacks '%s'", k, err,
                      bad[k].want);
    }
    /* a NUL byte (fmemopen with an explicit length keeps it) */
    FILE *f = fmemopen((void *)"1\n2\0\n", 5, "r");
    optref_xstats st;
    char err[512];
    ck_assert(optref_xavier_sample(f, "mem", 100, OPTREF_XNORMAL, 1, 0, &st, err, sizeof err) != OPTREF_SUCCESS);
    fclose(f);
    ck_assert_msg(strstr(err, "mem:2:2: NUL byte"), "%s", err);
    /* the value limit stops the reader */
    ck_assert(sample("1 2 3 4 5 6 7 8 9 10\n", OPTREF_XNORMAL, 1, 0, &st, err, sizeof err) == OPTREF_SUCCESS);
    f = fmemopen((void *)"1 2 3 4 5 6 7 8 9 10\n", 21, "r");
    ck_assert(optref_xavier_sample(f, "mem", 9, OPTREF_XNORMAL, 1, 0, &st, err, sizeof err) != OPTREF_SUCCESS);
    fclose(f);
    ck_assert_msg(strstr(err, "mem:1:19: more than 9 values"), "%s", err);
}
END_TEST

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert(f != NULL);
    ck_assert(fwrite(text, 1, len, f) == len);
    fclose(f);
}

/* The command: exact values printed in decimal and hex; bad usage and bad
 * input: exit 2, one line on stderr, nothing on stdout. */
START_TEST(cli_exact_and_errors)
{
    cli_result *r = CLI("xavier", "--fan-in", "3", "--fan-out", "3", "--nonlinearity", "tanh");
    ck_assert_int_eq(r->status, 0);
    ck_assert_msg(strstr(r->out, "1.6666666666666667") && strstr(r->out, "0x1.aaaaaaaaaaaabp+0"), "%s", r->out);
    char path[] = "/tmp/optref-xavier-XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    close(fd);
    static char huge[(1 << 20) + 100];
    memset(huge, '1', sizeof huge);
    static const struct {
        const char *text;
        size_t len;
        const char *want;
    } bad[] = { { "", 0, ":1:1: no values" },
                { "0.1\nnan\n", 8, ":2:1: 'nan' is NaN" },
                { "0.1\n\0\n", 6, ":2:1: NUL byte" },
                { huge, sizeof huge, ":1: line longer than the limit" } };
    for (size_t k = 0; k < OPTREF_COUNT(bad); k++) {
        write_file(path, bad[k].text, bad[k].len);
        r = CLI("xavier", "--fan-in", "3", "--fan-out", "3", path);
        ck_assert_msg(r->status == 2 && count_lines(r->err) == 1 && r->out[0] == '\0' && strstr(r->err, path) &&
                          strstr(r->err, bad[k].want),
                      "case %zu: exit %d, err '%s', out '%.200s'", k, r->status, r->err, r->out);
    }
    unlink(path);
    const char *usage[][8] = { { "xavier", "--fan-in", "3", NULL },
                               { "xavier", "--fan-in", "0", "--fan-out", "3", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--gain", "-1", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--nonlinearity", "soft", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--dist", "cauchy", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--alpha", "0.7", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "/nonexistent/x", NULL },
                               /* arguments with a newline are shown as \x0A: still one line */
                               { "xavier", "--fan-in", "3\n4", "--fan-out", "3", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--nonlinearity", "ta\nnh", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--nonlinearity", "leaky_relu:1\n", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "--dist", "nor\nmal", NULL },
                               { "xavier", "--fan-in", "3", "--fan-out", "3", "/nonexistent/a\nb", NULL } };
    for (size_t k = 0; k < OPTREF_COUNT(usage); k++) {
        r = cli(usage[k]);
        ck_assert_msg(r->status == 2 && count_lines(r->err) == 1 && r->out[0] == '\0', "usage case %zu: %d '%s'",
                      k, r->status, r->err);
    }
    r = CLI("xavier", "--help");
    ck_assert(r->status == 0 && strstr(r->out, "usage: optref xavier"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xavier");
    TCase *tc = tcase_create("exact");
    tcase_add_test(tc, closed_forms_gain1);
    tcase_add_test(tc, closed_forms_named);
    tcase_add_test(tc, midpoint_ties_to_even);
    tcase_add_test(tc, bad_gains);
    suite_add_tcase(s, tc);
    tc = tcase_create("sample");
    tcase_add_test(tc, kolmogorov_quantiles);
    tcase_add_test(tc, sample_statistics);
    tcase_add_test(tc, reader_errors);
    tcase_add_test(tc, cli_exact_and_errors);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
