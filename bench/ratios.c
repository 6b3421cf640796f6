/* bench/ratios.c: issue 13's speed figures, each against its anchor timed in
 * the same run (doc/performance.md has the table).  Prints one line a ratio:
 *   double reference / raw C loop: optref's double Adam on Rosenbrock through
 *     the run object against the same operations written out in plain C (the
 *     loop's final θ is compared bit for bit with the run's);
 *   run output / printf-free loop: the same steps formatted as `optref run`
 *     formats them (ref/core/dfmt.c) and as printf("%.17g"/"%a") did, to
 *     /dev/null, against the steps alone;
 *   regen / raw MPFR: optref_golden_generate on a case against the two MPFR
 *     runs (p, 2p bits at the precision it settled at) stepped alone. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dfmt.h"
#include "golden.h"
#include "internal.h"
#include "optref.h"

/* CPU time of this (single-threaded) process: the machines these figures
 * come from are shared, and wall time there measures the neighbours. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static optref_setup *setup(const char *alg, const char *prob, const char *item)
{
    optref_setup *s;
    char err[256];
    if (optref_setup_new(&s, alg, NULL, prob, err, sizeof err) || (item && optref_setup_set(s, item, err, sizeof err)) ||
        optref_setup_check(s, err, sizeof err)) {
        fprintf(stderr, "bench_ratios: %s\n", err);
        exit(1);
    }
    return s;
}

/* Adam (ref/alg/adam.c, standard) on 2-D Rosenbrock (ref/problem/rosenbrock.c),
 * operation for operation, f evaluated each step as the run does. */
static double raw_adam_rosenbrock(const optref_setup *s, long steps, double th[2])
{
    const optref_problem *p = optref_setup_problem(s);
    double A = p->coef[0], B = p->coef[1], al = optref_setup_hparam(s, "alpha");
    double b1 = optref_setup_hparam(s, "beta1"), b2 = optref_setup_hparam(s, "beta2");
    double eps = optref_setup_hparam(s, "eps"), m[2] = { 0, 0 }, v[2] = { 0, 0 }, b1t = 1, b2t = 1, f = 0;
    th[0] = optref_setup_x0(s)[0];
    th[1] = optref_setup_x0(s)[1];
    for (long t = 1; t <= steps; t++) {
        double g[2], d1 = A - th[0], x2 = th[0] * th[0], d2 = th[1] - x2, bd = B * d2, u = bd * th[0];
        u = u + u;
        u = u + u;
        d1 = d1 + d1;
        g[0] = -d1 - u;
        bd = B * (th[1] - th[0] * th[0]);
        g[1] = bd + bd;
        double c1 = 1 - b1, c2 = 1 - b2;
        b1t = b1t * b1; b2t = b2t * b2;
        double bc1 = 1 - b1t, bc2 = 1 - b2t;
        for (int i = 0; i < 2; i++) {
            m[i] = b1 * m[i] + c1 * g[i];
            v[i] = b2 * v[i] + c2 * (g[i] * g[i]);
            double mh = m[i] / bc1, vh = v[i] / bc2;
            th[i] = th[i] - al * mh / (sqrt(vh) + eps);
        }
        double e1 = A - th[0], e2 = th[1] - th[0] * th[0];
        f += e1 * e1 + B * (e2 * e2); /* f(θ_t), kept live */
    }
    return f;
}

/* reps runs of `steps` steps each: short enough that Adam's moments stay
 * normal (near the minimum they decay into subnormals, whose arithmetic is
 * 10-100x slower on x86 and would time the FPU, not the code). */
static void double_vs_raw(long steps, int reps)
{
    optref_setup *s = setup("adam", "rosenbrock", "alpha=0.01");
    double th[2], t0 = now();
    volatile double f = 0;
    for (int k = 0; k < reps; k++)
        f = raw_adam_rosenbrock(s, steps, th);
    double t_raw = now() - t0;
    (void)f;
    optref_run *r = NULL;
    double t_ref = 0;
    for (int k = 0; k < reps; k++) {
        optref_run_free(r);
        optref_run_new(&r, s, OPTREF_DOUBLE, 53, NULL);
        t0 = now();
        for (long t = 0; t < steps; t++)
            optref_run_step(r);
        t_ref += now() - t0;
    }
    size_t q0 = 0, nq = optref_nq(s);
    char name[64];
    for (size_t q = 0; q < nq; q++) { /* the flat index of x[0] */
        optref_qname(s, q, name, sizeof name);
        if (!strcmp(name, "x[0]")) {
            q0 = q;
            break;
        }
    }
    int same = optref_run_get_d(r, q0) == th[0] && optref_run_get_d(r, q0 + 1) == th[1];
    long n = steps * reps;
    printf("double reference / raw C loop (Adam, Rosenbrock, %d x %ld steps): %.1f ns/step vs %.1f ns/step: "
           "%.2fx (final x %s)\n", reps, steps, 1e9 * t_ref / n, 1e9 * t_raw / n, t_ref / t_raw,
           same ? "bit-identical" : "DIFFERS");
    optref_run_free(r);
    optref_setup_free(s);
}

static void run_vs_printf_free(long steps)
{
    optref_setup *s = setup("adam", "rosenbrock", "alpha=0.01");
    size_t nq = optref_nq(s);
    FILE *null = fopen("/dev/null", "w");
    char *row = malloc((nq + 1) * (OPTREF_DFMT_MAX + 1));
    double t[5], *vals = malloc(nq * sizeof *vals);
    for (int mode = 0; mode < 5; mode++) { /* steps only; dfmt dec, hex; printf dec, hex */
        optref_run *r;
        optref_run_new(&r, s, OPTREF_DOUBLE, 53, NULL);
        double t0 = now();
        for (long k = 0; k <= steps; k++) {
            if (k)
                optref_run_step(r);
            if (mode == 0) {
                volatile double sink = optref_run_get_d(r, nq - 1);
                (void)sink;
            } else if (mode <= 2) {
                char *o = row + optref_fmt_long(k, row);
                optref_run_get_row_d(r, vals);
                for (size_t q = 0; q < nq; q++) {
                    *o++ = ',';
                    o += (mode == 2 ? optref_fmt_hex : optref_fmt_g17)(vals[q], o);
                }
                *o++ = '\n';
                fwrite(row, 1, (size_t)(o - row), null);
            } else {
                fprintf(null, "%ld", k);
                for (size_t q = 0; q < nq; q++)
                    fprintf(null, mode == 4 ? ",%a" : ",%.17g", optref_run_get_d(r, q));
                fputc('\n', null);
            }
        }
        t[mode] = now() - t0;
        optref_run_free(r);
    }
    printf("run output / printf-free loop (%ld steps, %zu values a row): decimal %.2fx (printf: %.2fx), "
           "hex %.2fx (printf: %.2fx); run is %.1fx (decimal) and %.1fx (hex) faster than with printf\n",
           steps, nq, t[1] / t[0], t[3] / t[0], t[2] / t[0], t[4] / t[0], t[3] / t[1], t[4] / t[2]);
    free(row);
    free(vals);
    fclose(null);
    optref_setup_free(s);
}

static void regen_vs_raw(const char *line)
{
    optref_case c;
    char err[512];
    if (optref_case_parse(line, &c, err, sizeof err)) {
        fprintf(stderr, "bench_ratios: %s\n", err);
        exit(1);
    }
    FILE *null = fopen("/dev/null", "w");
    optref_golden_info info;
    double t0 = now();
    optref_golden_generate(null, &c, OPTREF_ZIV_PMAX, &info, err, sizeof err);
    double t_regen = now() - t0;
    optref_run *a, *b;
    optref_run_new(&a, c.s, OPTREF_MPFR, info.prec, NULL);
    optref_run_new(&b, c.s, OPTREF_MPFR, info.confirm, NULL);
    t0 = now();
    for (long t = 0; t < c.steps; t++) {
        optref_run_step(a);
        optref_run_step(b);
    }
    double t_raw = now() - t0;
    printf("regen / raw MPFR (%s: %ld steps at %ld and %ld bits): %.3f s vs %.3f s: %.2fx\n", c.name, c.steps,
           info.prec, info.confirm, t_regen, t_raw, t_regen / t_raw);
    optref_run_free(a);
    optref_run_free(b);
    optref_case_clear(&c);
    fclose(null);
}

int main(void)
{
    double_vs_raw(2000, 500);
    run_vs_printf_free(100000);
    regen_vs_raw("bench-regen-adam adam standard linear 200000 alpha=0.001");
    regen_vs_raw("bench-regen-rosen adam standard rosenbrock 3000 alpha=0.01");
    return 0;
}
