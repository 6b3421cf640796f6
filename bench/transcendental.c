/* bench/transcendental.c: what correct rounding costs the double build.
 * optref's double variant computes exp and log1p (and log, cos, cospi, pow)
 * with CORE-MATH's correctly rounded functions (ref/core/arith_double.h,
 * ref/core/coremath/); until issue 13 it called MPFR at 53 bits in binary64's
 * exponent range.  This times, on the same 10^6 arguments and in the same run:
 * a plain multiply-add loop (the anchor), glibc's exp and log1p, the double
 * build's s_exp and s_log1p (CORE-MATH), and the former MPFR call.  It also
 * counts how often glibc's result differs from the correctly rounded one.
 * Times are CPU time of this process (shared machines). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <mpfr.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "arith_double.h"

#define N 1000000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* What arith_double.h did before issue 13 (optref_d_cr). */
static double mpfr53(double a, int (*fn)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t))
{
    MPFR_DECL_INIT(x, 53);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    mpfr_set_d(x, a, MPFR_RNDN);
    int inex = fn(x, x, MPFR_RNDN);
    inex = mpfr_check_range(x, inex, MPFR_RNDN);
    mpfr_subnormalize(x, inex, MPFR_RNDN);
    double d = mpfr_get_d(x, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    return d;
}

static double args[N];

int main(void)
{
    uint64_t s = 1;
    for (int i = 0; i < N; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        args[i] = -20.0 + 40.0 * (double)(s >> 11) * 0x1p-53;
    }
    volatile double sink = 0;
    double t0 = now(), acc = 0;
    for (int i = 0; i < N; i++)
        acc = acc * 0.5 + args[i];
    double t_anchor = now() - t0;
    sink = acc;
    long differ[2] = { 0, 0 }, cr_vs_mpfr[2] = { 0, 0 };
    double t_libm[2], t_cr[2], t_mp[2];
    for (int f = 0; f < 2; f++) {
        double r, sum = 0;
        t0 = now();
        for (int i = 0; i < N; i++)
            sum += f ? log1p(fabs(args[i])) : exp(args[i]);
        t_libm[f] = now() - t0;
        sink = sum;
        sum = 0;
        t0 = now();
        for (int i = 0; i < N; i++) {
            double a = f ? fabs(args[i]) : args[i];
            f ? s_log1p(&r, &a) : s_exp(&r, &a);
            sum += r;
        }
        t_cr[f] = now() - t0;
        sink = sum;
        sum = 0;
        t0 = now();
        for (int i = 0; i < N; i++)
            sum += f ? mpfr53(fabs(args[i]), mpfr_log1p) : mpfr53(args[i], mpfr_exp);
        t_mp[f] = now() - t0;
        sink = sum;
        for (int i = 0; i < N; i++) {
            double a = f ? fabs(args[i]) : args[i];
            f ? s_log1p(&r, &a) : s_exp(&r, &a);
            differ[f] += r != (f ? log1p(a) : exp(a));
            cr_vs_mpfr[f] += r != mpfr53(a, f ? mpfr_log1p : mpfr_exp);
        }
    }
    (void)sink;
    const char *name[2] = { "exp", "log1p" };
    printf("anchor: %d multiply-adds in %.3f s (%.2f ns each)\n", N, t_anchor, 1e9 * t_anchor / N);
    for (int f = 0; f < 2; f++)
        printf("%-5s glibc %.1f ns/call (%.1fx anchor); optref double (CORE-MATH, CR) %.1f ns/call (%.1fx anchor, "
               "%.2fx glibc); MPFR at 53 bits (before issue 13) %.1f ns/call: CORE-MATH is %.0fx faster; "
               "CORE-MATH differs from MPFR on %ld, glibc from CR on %ld of %d arguments\n",
               name[f], 1e9 * t_libm[f] / N, t_libm[f] / t_anchor, 1e9 * t_cr[f] / N, t_cr[f] / t_anchor,
               t_cr[f] / t_libm[f], 1e9 * t_mp[f] / N, t_mp[f] / t_cr[f], cr_vs_mpfr[f], differ[f], N);
    return 0;
}
