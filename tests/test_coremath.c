/* Suite coremath: the double build's transcendental operations (s_exp, ...:
 * CORE-MATH, vendored in ref/core/coremath/) against MPFR at 53 bits in binary64's
 * exponent range with subnormals -- what the double build computed before
 * (issue 13), and what the MPFR build computes at 53 bits.  Arguments: random
 * bit patterns and random values in each function's working range, edge
 * cases (thresholds of overflow and underflow, subnormal inputs and results,
 * exact cases), and the hard-to-round arguments of CORE-MATH's worst-case
 * files (tests/data/coremath/).  Bits must agree (NaN with NaN).  Random bit
 * patterns include signalling NaNs: pow(sNaN, 0) is where CORE-MATH alone
 * differed from MPFR (s_pow handles a^0 itself).
 * Normal run: 2*10^4 random arguments per function; suite slow (argument
 * "slow", OPTREF_SLOW=1): 10^6 per function; under valgrind (OPTREF_VALGRIND,
 * set by the valgrind test setup, which looks for memory errors, not
 * rounding ones) 500, and every 40th edge argument. */
#include <math.h>
#include <mpfr.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith_double.h" /* what the double build calls: s_exp, ... */
#include "testutil.h"

static long nrandom = 20000;
static int edge_stride = 1;

/* The old optref_d_cr: MPFR at 53 bits in [-1073, 1024], subnormalised. */
static double mpfr_ref(double a, double b, int (*f1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t),
                       int (*f2)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t))
{
    MPFR_DECL_INIT(x, 53);
    MPFR_DECL_INIT(y, 53);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    mpfr_set_d(x, a, MPFR_RNDN);
    mpfr_set_d(y, b, MPFR_RNDN);
    int inex = f2 ? f2(x, x, y, MPFR_RNDN) : f1(x, x, MPFR_RNDN);
    inex = mpfr_check_range(x, inex, MPFR_RNDN);
    mpfr_subnormalize(x, inex, MPFR_RNDN);
    double d = mpfr_get_d(x, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    return d;
}

/* The double build's operations, as functions of values. */
#define UNARY(f) static double d_##f(double a) { double r; s_##f(&r, &a); return r; }
UNARY(exp)
UNARY(log)
UNARY(log1p)
UNARY(cos)
UNARY(cospi)
static double d_pow(double a, double b) { double r; s_pow(&r, &a, &b); return r; }

typedef struct {
    const char *name;
    double (*cm1)(double);
    double (*cm2)(double, double);
    int (*mp1)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
    int (*mp2)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);
    double lo, hi; /* the working range of the uniform draws */
} fn;

static const fn fns[] = {
    { "exp", d_exp, NULL, mpfr_exp, NULL, -746, 710 },
    { "log", d_log, NULL, mpfr_log, NULL, 0, 1e3 },
    { "log1p", d_log1p, NULL, mpfr_log1p, NULL, -1, 10 },
    { "cos", d_cos, NULL, mpfr_cos, NULL, -100, 100 },
    { "cospi", d_cospi, NULL, mpfr_cospi, NULL, -8, 8 },
    { "pow", NULL, d_pow, NULL, mpfr_pow, 0, 4 },
};

static long checked, differ;

static int same(double a, double b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

static void check1(const fn *f, double a, double b)
{
    double got = f->cm1 ? f->cm1(a) : f->cm2(a, b);
    double want = mpfr_ref(a, b, f->mp1, f->mp2);
    checked++;
    if (!same(got, want)) {
        if (differ < 10)
            fprintf(stderr, "%s(%a%s%a): CORE-MATH %a, MPFR %a\n", f->name, a, f->cm2 ? ", " : "",
                    f->cm2 ? b : 0.0, got, want);
        differ++;
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static double bits(void)
{
    uint64_t u = next();
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next() >> 11) * 0x1p-53; }

/* Random: half raw bit patterns (every exponent, NaN, inf, subnormals), half
 * uniform in the working range; pow's exponent uniform in [-40, 40], a third
 * of them integers (exact results, the midpoint-prone cases). */
static void random_args(const fn *f, long n)
{
    for (long i = 0; i < n; i++) {
        double a = (i & 1) ? bits() : uniform(f->lo, f->hi), b = 0;
        if (f->cm2) {
            b = (i & 1) ? bits() : uniform(-40, 40);
            if (i % 3 == 0)
                b = round(b);
        }
        check1(f, a, b);
    }
}

/* Edges: special values, subnormals, thresholds, exact cases. */
static void edge_args(const fn *f)
{
    static const double sp[] = { 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 0x1p-1074, -0x1p-1074, 0x1p-1022,
                                 0x1.fffffffffffffp-1023, 0x1.fffffffffffffp+1023, -0x1.fffffffffffffp+1023,
                                 INFINITY, -INFINITY, NAN, 0x1p-54, -0x1p-54, 0x1p-27, 1e-300, 3.0, 0.25 };
    size_t nsp = sizeof sp / sizeof sp[0];
    for (size_t i = 0; i < nsp; i++)
        for (size_t j = 0; j < (f->cm2 ? nsp : 1); j++)
            check1(f, sp[i], sp[j]);
    for (int k = -4000; k <= 4000; k += edge_stride) { /* around the interesting points, one ulp apart */
        double h = k * 0x1p-40;
        if (!strcmp(f->name, "exp")) {
            check1(f, nextafter(0x1.62e42fefa39efp+9, 0) + k * 0x1p-43, 0);    /* overflow */
            check1(f, -0x1.74385446d71c3p+9 + k * 0x1p-43, 0);                 /* underflow to 0 */
            check1(f, -0x1.6232bdd7abcd2p+9 + k * 0x1p-40, 0);                 /* subnormal results */
            check1(f, k * 0x1p-60, 0);                                         /* exp(x) ~ 1 + x */
        } else if (!strcmp(f->name, "log")) {
            check1(f, 1 + k * 0x1p-52, 0);
            check1(f, (double)(k + 4001) * 0x1p-1074, 0); /* subnormal arguments */
            check1(f, ldexp(1.0, k / 4), 0);              /* powers of two: e*log(2) */
        } else if (!strcmp(f->name, "log1p")) {
            check1(f, -1 + (k + 4001) * 0x1p-53, 0);
            check1(f, k * 0x1p-60, 0);
            check1(f, k * 0x1p-1060, 0);
        } else if (!strcmp(f->name, "cos")) {
            check1(f, 0x1.921fb54442d18p+0 + k * 0x1p-52, 0); /* around pi/2 */
            check1(f, ldexp(1.0 + h, k / 8), 0);               /* large: Payne-Hanek */
        } else if (!strcmp(f->name, "cospi")) {
            check1(f, k * 0.25, 0);         /* exact values: 0, ±1, ±sqrt(2)/2 */
            check1(f, 0.5 + k * 0x1p-53, 0); /* around a zero */
            check1(f, ldexp(1.0 + h, k / 64), 0);
        } else { /* pow: exact results, square roots, x near 1, large exponents */
            check1(f, (double)(k + 4001) / 64, (double)(k % 9));
            check1(f, (double)((k + 4001) * (k + 4001)), 0.5);
            check1(f, 1 + k * 0x1p-52, (double)k * 1e12);
            check1(f, ldexp(1.0 + h, k / 16), -1.5);
            check1(f, -(double)(k % 17), (double)(k % 13) - 6); /* negative bases, integer exponents */
        }
    }
}

/* The worst cases of tests/data/coremath/NAME.wc (hard to round: 43 or more
 * identical bits after the round bit), and their negatives. */
static void hard_args(const fn *f)
{
    char path[4096], line[256];
    snprintf(path, sizeof path, "%s/tests/data/coremath/%s.wc", tu_srcdir(), f->name);
    if (strcmp(f->name, "log") && strcmp(f->name, "cos") && strcmp(f->name, "cospi"))
        return; /* the worst-case files of the others were not in the mirror */
    FILE *in = fopen(path, "r");
    ck_assert_msg(in != NULL, "cannot read %s", path);
    long n = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '#')
            continue;
        double a = strtod(line, NULL);
        check1(f, a, 0);
        check1(f, -a, 0);
        n++;
    }
    fclose(in);
    ck_assert_msg(n > 1000, "%s: %ld hard cases read from %s", f->name, n, path);
}

START_TEST(against_mpfr)
{
    const fn *f = &fns[_i];
    checked = differ = 0;
    edge_args(f);
    hard_args(f);
    random_args(f, nrandom);
    fprintf(stderr, "coremath %s: %ld arguments, %ld differ from MPFR\n", f->name, checked, differ);
    ck_assert_msg(differ == 0, "%s: %ld of %ld arguments differ from MPFR", f->name, differ, checked);
    ck_assert(checked >= nrandom);
}
END_TEST

int main(int argc, char **argv)
{
    int slow = argc > 1 && strcmp(argv[1], "slow") == 0;
    if (slow && !getenv("OPTREF_SLOW"))
        return 77; /* skipped; OPTREF_SLOW=1 meson test -C build --suite slow */
    if (slow)
        nrandom = 1000000;
    else if (getenv("OPTREF_VALGRIND"))
        nrandom = 500, edge_stride = 40;
    Suite *s = suite_create(slow ? "coremath-slow" : "coremath");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, slow ? 600 : 60);
    tcase_add_loop_test(tc, against_mpfr, 0, (int)(sizeof fns / sizeof fns[0]));
    suite_add_tcase(s, tc);
    return tu_main(s);
}
