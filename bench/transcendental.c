/* bench/transcendental.c: what correct rounding costs the double build.
 * optref's double variant computes exp and log1p with MPFR at 53 bits in
 * binary64's exponent range (ref/core/arith_double.h); this times that against
 * glibc's exp and log1p on the same 10^6 arguments, and against a plain
 * multiply-add loop as the anchor, in the same run.  It also counts how often
 * glibc's result differs from the correctly rounded one.  Prints figures. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "arith_double.h"

#define N 1000000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
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
    long differ[2] = { 0, 0 };
    double t_libm[2], t_cr[2];
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
        for (int i = 0; i < N; i++) {
            double a = f ? fabs(args[i]) : args[i];
            f ? s_log1p(&r, &a) : s_exp(&r, &a);
            differ[f] += r != (f ? log1p(a) : exp(a));
        }
    }
    (void)sink;
    const char *name[2] = { "exp", "log1p" };
    printf("anchor: %d multiply-adds in %.3f s (%.2f ns each)\n", N, t_anchor, 1e9 * t_anchor / N);
    for (int f = 0; f < 2; f++)
        printf("%-5s glibc %.1f ns/call (%.1fx anchor); optref double (MPFR 53 bits, CR) %.1f ns/call "
               "(%.1fx anchor, %.1fx glibc); glibc differs from CR on %ld of %d arguments\n",
               name[f], 1e9 * t_libm[f] / N, t_libm[f] / t_anchor, 1e9 * t_cr[f] / N, t_cr[f] / t_anchor,
               t_cr[f] / t_libm[f], differ[f], N);
    return 0;
}
