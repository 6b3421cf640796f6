/* Suite theory: the lectures' rates and regret bounds as checks
 * (ref/oracle/theory*.c, `optref check`).  Each claim passes on optref's
 * own trajectories, and each can fail: candidate trajectories written here,
 * by implementations independent of optref (plain C, double), are judged,
 * and the wrong ones fail for the reason the claim names.  Expected crossing
 * steps come from those independent implementations, never from optref. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "clirun.h"
#include "testutil.h"
#include "theory.h"

/* ---- independent trajectories, written as candidate CSV files ------------- */

static char path[64];

static FILE *cand_open(size_t n)
{
    strcpy(path, "/tmp/optref-theory-XXXXXX");
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("t", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, ",x[%zu]", i);
    fputc('\n', f);
    return f;
}

static void cand_row(FILE *f, long t, const double *x, size_t n)
{
    fprintf(f, "%ld", t);
    for (size_t i = 0; i < n; i++)
        fprintf(f, ",%a", x[i]);
    fputc('\n', f);
}

/* Nesterov's f_n (L = 1): ∇f_i = ¼(2x_i − x_{i−1} − x_{i+1} − [i = 0]). */
static void worst_grad(const double *x, double *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g[i] = 0.25 * (2 * x[i] - (i ? x[i - 1] : 0) - (i + 1 < n ? x[i + 1] : 0) - (i == 0));
}

/* f_n(x) − f*, f* = −n/(8(n+1)) (Nesterov's (2.1.7), L = 1), in double. */
static double worst_gap(const double *x, size_t n)
{
    double a = x[0] * x[0] + x[n - 1] * x[n - 1];
    for (size_t i = 0; i + 1 < n; i++)
        a += (x[i] - x[i + 1]) * (x[i] - x[i + 1]);
    return 0.25 * (0.5 * a - x[0]) + (double)n / (8.0 * (double)(n + 1));
}

/* GD (nest = 0) or Nesterov's u sequence (nest = 1), s = 1, from 0; returns
 * the first k where f(u_k) − f* > 2‖x*‖²/(k+1)², ‖x*‖² = n(2n+1)/(6(n+1)),
 * computed here in double (0: none). */
static long write_worst(size_t n, long T, int nest)
{
    double *x = calloc(n, sizeof *x), *u = calloc(n, sizeof *u), *g = calloc(n, sizeof *g);
    double d2 = (double)n * (2.0 * (double)n + 1) / (6.0 * ((double)n + 1));
    long first = 0;
    FILE *f = cand_open(n);
    cand_row(f, 0, u, n);
    for (long t = 1; t <= T; t++) {
        worst_grad(x, g, n);
        for (size_t i = 0; i < n; i++) {
            double y = x[i] - g[i];
            x[i] = nest ? y + (double)(t - 1) / (double)(t + 2) * (y - u[i]) : y;
            u[i] = y;
        }
        cand_row(f, t, u, n);
        if (!first && worst_gap(u, n) > 2 * d2 / ((double)(t + 1) * (double)(t + 1)))
            first = t;
    }
    fclose(f);
    free(x);
    free(u);
    free(g);
    return first;
}

/* Full-matrix AdaGrad without its root on online-pm1 (g cycles (1, −1),
 * (−1, 0.5), (0.5, 1); η = 1, δ = 1.5, from 0): x_t = −η(δI + G_t)⁻¹Σg, the
 * 2×2 inverse written out; regret against x* = −(1, 1)/√2 and the bound
 * (δ + tr G^½)‖x*‖²/η + η tr G^½, tr G^½ = √(tr G + 2√det G), in double.
 * Returns the first T where the regret exceeds the bound. */
static long noroot_first_crossing(long T)
{
    static const double g[3][2] = { { 1, -1 }, { -1, 0.5 }, { 0.5, 1 } };
    double G0 = 0, G1 = 0, G2 = 0, s0 = 0, s1 = 0, x0 = 0, x1 = 0, R = 0, xs = -sqrt(0.5);
    for (long t = 1; t <= T; t++) {
        const double *gt = g[(t - 1) % 3];
        R += gt[0] * (x0 - xs) + gt[1] * (x1 - xs);
        G0 += gt[0] * gt[0], G1 += gt[0] * gt[1], G2 += gt[1] * gt[1];
        double tr = sqrt(G0 + G2 + 2 * sqrt(G0 * G2 - G1 * G1));
        if (R > 1.5 + 2 * tr)
            return t;
        s0 += gt[0], s1 += gt[1];
        double det = (G0 + 1.5) * (G2 + 1.5) - G1 * G1;
        x0 = -((G2 + 1.5) * s0 - G1 * s1) / det;
        x1 = -((G0 + 1.5) * s1 - G1 * s0) / det;
    }
    return 0;
}

/* Full-matrix AdaGrad with G_t left out (H_t = δI) on online-quad
 * (a = (1, 0.25), (0.5, 1), z = (0.5, −1), (−1, 0.5) alternating; η = 1,
 * δ = 4, from 0): x_t = −ηΣg/δ, or −Σg/‖Σg‖ outside the unit ball, g_t =
 * 2a(x_{t−1} − z); regret against x* = (0, 0.2) and the bound
 * (δ + tr G^½)‖x*‖²/η + η tr G^½, tr G^½ = √(tr G + 2√det G), G from the
 * gradients met, in double.  Returns the first T where the regret exceeds
 * the bound (*margin: bound − regret, minimal before it). */
static long frozen_quad_first_crossing(long T, double *margin)
{
    static const double a[2][2] = { { 1, 0.25 }, { 0.5, 1 } }, z[2][2] = { { 0.5, -1 }, { -1, 0.5 } };
    static const double xs[2] = { 0, 0.2 };
    double G0 = 0, G1 = 0, G2 = 0, s[2] = { 0, 0 }, x[2] = { 0, 0 }, R = 0, xs2 = 0.04;
    *margin = INFINITY;
    for (long t = 1; t <= T; t++) {
        const double *at = a[(t - 1) % 2], *zt = z[(t - 1) % 2];
        double g[2];
        for (int i = 0; i < 2; i++) {
            R += at[i] * ((x[i] - zt[i]) * (x[i] - zt[i]) - (xs[i] - zt[i]) * (xs[i] - zt[i]));
            g[i] = 2 * at[i] * (x[i] - zt[i]);
            s[i] += g[i];
        }
        G0 += g[0] * g[0], G1 += g[0] * g[1], G2 += g[1] * g[1];
        double tr = sqrt(G0 + G2 + 2 * sqrt(G0 * G2 - G1 * G1)), b = (4 + tr) * xs2 + tr;
        if (R > b)
            return t;
        *margin = fmin(*margin, b - R);
        double n = sqrt(s[0] * s[0] + s[1] * s[1]), f = n / 4 <= 1 ? 0.25 : 1 / n;
        x[0] = -f * s[0], x[1] = -f * s[1];
    }
    return 0;
}

static optref_treport judge(const char *claim, optref_status want)
{
    optref_treport r;
    char err[512] = "";
    optref_status st = optref_claim_check_file(optref_claim_from_name(claim), path, &r, err, sizeof err);
    ck_assert_msg(st == want, "%s: status %d (%s)", claim, st, err);
    unlink(path);
    return r;
}

/* ---- every claim passes on optref's own runs -------------------------------- */

START_TEST(claims_pass)
{
    const optref_claim *c = optref_claims[_i];
    optref_treport r;
    char err[512] = "";
    ck_assert_msg(optref_claim_run(c, &r, err, sizeof err) == OPTREF_SUCCESS, "%s: %s", c->name, err);
    for (size_t k = 0; k < r.npart; k++)
        ck_assert_msg(r.part[k].ok, "%s part %zu (%s): %ld crossed of %ld, expected %s", c->name, k + 1,
                      r.part[k].what, r.part[k].nviol, r.part[k].nchecked, r.part[k].expect ? "none" : "some");
    ck_assert_msg(r.pass, "%s fails", c->name);
    /* The controls cross where this file's own double programs say: plain
     * GD leaves Nesterov's envelope on f_1001 at k = 360 (write_worst, margin
     * 2e−3 there); the lower bound read at every k of f_21 fails at once,
     * k = 1 (f(x_1) − f* = 0.0724 < 3‖x̄‖²/(32·4) = 0.160 for f_21). */
    if (strcmp(c->name, "nesterov-rate") == 0)
        ck_assert_int_eq(r.part[1].first_viol, 360);
    if (strcmp(c->name, "nesterov-lower") == 0)
        ck_assert_int_eq(r.part[2].first_viol, 1);
    /* Full-matrix AdaGrad without its root crosses where this file's double
     * program says: T = 957 (margin 0.13 there). */
    if (strcmp(c->name, "adagrad-regret") == 0) {
        ck_assert_int_eq(noroot_first_crossing(3000), 957);
        ck_assert_int_eq(r.part[2].first_viol, 957);
    }
    /* Γ_t on Reddi's sequence (β2 = 0.1, α_t = 0.5/√t), by hand: t = 1,
     * v̂ = 8.1/0.9 = 9, √v̂/α_1 = 6; t = 2, v̂ = 1.71/0.99, √v̂·√2/0.5 = 3.72 < 6. */
    if (strcmp(c->name, "adam-reddi") == 0)
        ck_assert_int_eq(r.part[2].first_viol, 2);
    /* Proposition 3's control, by hand: from φ_0 = 0 both take φ_1 = −αb̃ =
     * (−0.125, 0.0625, −0.125); at step 2 decay subtracts λφ_1, the unscaled
     * L2 α(λ/α)φ_1/s: they differ by 0.01·0.125·(1 − 1/4) = 0.0009375. */
    if (strcmp(c->name, "weight-decay") == 0) {
        ck_assert_int_eq(r.part[4].first_viol, 2);
        ck_assert(r.part[4].pt[1].k == 2 && fabs(r.part[4].pt[1].measured - 0.0009375) < 1e-15);
    }
    if (strcmp(c->name, "adagrad-quad") == 0) { /* as adagrad_quad_candidates computes */
        ck_assert_int_eq(r.part[1].first_viol, 130);
        /* full matrices: the root form holds (part 3); H_t = δI crosses where
         * frozen_quad_first_crossing says, T = 50 (margin 0.08 before). */
        double m;
        ck_assert_int_eq(r.npart, 4);
        ck_assert_int_eq(r.part[2].first_viol, -1);
        double prev = INFINITY; /* R(T)/T falls over the checkpoints from T = 100 on */
        for (size_t k = 0; k < r.part[2].npt; k++)
            if (r.part[2].pt[k].k >= 100) {
                double avg = r.part[2].pt[k].measured / (double)r.part[2].pt[k].k;
                ck_assert_msg(avg < prev, "R(T)/T at T = %ld: %g", r.part[2].pt[k].k, avg);
                prev = avg;
            }
        ck_assert(r.part[2].last.k == 3000 && r.part[2].last.measured / 3000 < 0.02);
        ck_assert_int_eq(frozen_quad_first_crossing(3000, &m), 50);
        ck_assert(m > 0.05);
        ck_assert_int_eq(r.part[3].first_viol, 50);
    }
}
END_TEST

/* ---- candidates: the right ones pass, the wrong ones fail ---------------- */

START_TEST(nesterov_candidate_passes_gd_fails)
{
    ck_assert_int_eq(write_worst(1001, 1000, 1), 0);
    ck_assert(judge("nesterov-rate", OPTREF_SUCCESS).pass);
    ck_assert_int_eq(write_worst(1001, 1000, 0), 360);
    optref_treport r = judge("nesterov-rate", OPTREF_SUCCESS);
    ck_assert(!r.pass);
    ck_assert_int_eq(r.part[0].first_viol, 360);
}
END_TEST

/* The lower bound at k = 10 on f_21: GD holds it; a method that leaves the
 * span of its gradients (jumping to x* at step 1) does not. */
START_TEST(lower_bound_candidate)
{
    write_worst(21, 10, 0);
    ck_assert(judge("nesterov-lower", OPTREF_SUCCESS).pass);
    double x[21] = { 0 };
    FILE *f = cand_open(21);
    cand_row(f, 0, x, 21);
    for (size_t i = 0; i < 21; i++)
        x[i] = 1.0 - (double)(i + 1) / 22.0;
    for (long t = 1; t <= 10; t++)
        cand_row(f, t, x, 21);
    fclose(f);
    optref_treport r = judge("nesterov-lower", OPTREF_SUCCESS);
    ck_assert(!r.pass && r.part[0].first_viol == 10);
}
END_TEST

/* GD on quad:n=100,cond=16 (a_i = (1 + 15 i/99)/2, x0 = 1): η = 1/16 holds
 * the linear rate, η = 1/64 crosses it. */
START_TEST(gd_linear_candidate)
{
    const double etas[] = { 0.0625, 0.015625 };
    for (int k = 0; k < 2; k++) {
        double x[100];
        FILE *f = cand_open(100);
        for (size_t i = 0; i < 100; i++)
            x[i] = 1;
        cand_row(f, 0, x, 100);
        for (long t = 1; t <= 300; t++) {
            for (size_t i = 0; i < 100; i++)
                x[i] -= etas[k] * 2 * ((1.0 + 15.0 * (double)i / 99.0) * 0.5) * x[i];
            cand_row(f, t, x, 100);
        }
        fclose(f);
        ck_assert_int_eq(judge("gd-linear", OPTREF_SUCCESS).pass, k == 0);
    }
}
END_TEST

/* AdaGrad on x (100 steps), −x (150 steps), clamped to [−1, 1], η = 1.5,
 * δ = 1: with the root it holds Duchi et al.'s bound; without it (η/(δ + s))
 * its steps shrink as 1/t, it stalls, and crosses.  The regret against
 * x* = 1 and the bound δ‖x*‖²/2η + D∞²√T/2η + η√T (D∞ = 2, Σ g² = T) are
 * computed here in double, independently: the first crossing is T = 1235. */
START_TEST(adagrad_candidate_no_root_fails)
{
    for (int root = 1; root >= 0; root--) {
        double x = 0, s = 0, R = 0;
        long first = 0;
        FILE *f = cand_open(1);
        cand_row(f, 0, &x, 1);
        for (long t = 1; t <= 3000; t++) {
            double g = (t - 1) % 250 < 100 ? 1 : -1;
            R += g * (x - 1);
            s += g * g;
            double B = 1 / 3.0 + 4 * sqrt(s) / 3.0 + 1.5 * sqrt(s);
            if (!first && R > B)
                first = t;
            x -= 1.5 * g / (1 + (root ? sqrt(s) : s));
            x = x > 1 ? 1 : x < -1 ? -1 : x;
            cand_row(f, t, &x, 1);
        }
        fclose(f);
        optref_treport r = judge("adagrad-regret", OPTREF_SUCCESS);
        ck_assert_int_eq(r.pass, root);
        ck_assert_int_eq(first, root ? 0 : 1235);
        ck_assert_int_eq(r.part[0].first_viol, root ? -1 : first);
    }
}
END_TEST

/* Online quadratics f_t(x) = Σ_i a_t,i (x_i − z_t,i)², two rows alternating,
 * clamped to [−1, 1]²: AdaGrad (η = 1, δ = 4) holds Duchi et al.'s bound;
 * GD with the fixed step 0.5 does not.  Regret against x* = (0, 0.2) (Σaz/Σa)
 * and the bound δ‖x*‖²/2η + D∞²S/2η + ηS (D∞ = 2) computed here in double:
 * GD first crosses at T = 130 (margin 0.015 there). */
START_TEST(adagrad_quad_candidates)
{
    static const double a[2][2] = { { 1, 0.25 }, { 0.5, 1 } }, z[2][2] = { { 0.5, -1 }, { -1, 0.5 } };
    static const double xs[2] = { 0, 0.2 };
    for (int ada = 1; ada >= 0; ada--) {
        double x[2] = { 0, 0 }, s[2] = { 0, 0 }, R = 0;
        long first = 0;
        FILE *f = cand_open(2);
        cand_row(f, 0, x, 2);
        for (long t = 1; t <= 3000; t++) {
            const double *at = a[(t - 1) % 2], *zt = z[(t - 1) % 2];
            double S = 0;
            for (int i = 0; i < 2; i++) {
                double g = 2 * at[i] * (x[i] - zt[i]);
                R += at[i] * ((x[i] - zt[i]) * (x[i] - zt[i]) - (xs[i] - zt[i]) * (xs[i] - zt[i]));
                s[i] += g * g;
                S += sqrt(s[i]);
                x[i] -= ada ? g / (4 + sqrt(s[i])) : 0.5 * g;
                x[i] = x[i] > 1 ? 1 : x[i] < -1 ? -1 : x[i];
            }
            if (!first && R > 4 * 0.04 / 2 + 2 * S + S)
                first = t;
            cand_row(f, t, x, 2);
        }
        fclose(f);
        optref_treport r = judge("adagrad-quad", OPTREF_SUCCESS);
        ck_assert_int_eq(r.pass, ada);
        ck_assert_int_eq(first, ada ? 0 : 130);
        ck_assert_int_eq(r.part[0].first_viol, ada ? -1 : first);
    }
}
END_TEST

/* Adam on Reddi's sequence (β1 = 0, β2 = 0.1, α_t = 0.5/√t, clamped) drifts
 * to +1 and breaks the O(√T log T) regret AMSGrad's theorem gives; AMSGrad
 * (v̂ = max v, no bias correction) keeps it. */
START_TEST(reddi_candidates)
{
    for (int ams = 1; ams >= 0; ams--) {
        double x = 1, v = 0, vmax = 0, b2t = 1;
        FILE *f = cand_open(1);
        cand_row(f, 0, &x, 1);
        for (long t = 1; t <= 3000; t++) {
            double g = t % 3 == 1 ? 3 : -1;
            v = 0.1 * v + 0.9 * g * g;
            b2t *= 0.1;
            vmax = v > vmax ? v : vmax;
            x -= 0.5 / sqrt((double)t) * g / sqrt(ams ? vmax : v / (1 - b2t));
            x = x > 1 ? 1 : x < -1 ? -1 : x;
            cand_row(f, t, &x, 1);
        }
        fclose(f);
        optref_treport r = judge("adam-reddi", OPTREF_SUCCESS);
        ck_assert_int_eq(r.pass, ams);
    }
}
END_TEST

/* ---- bad input: file:line:column, exit 2 ----------------------------------- */

START_TEST(bad_candidate)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        { "t,x[0]\n0,0\n1,zz\n", ":3:2: malformed number" },
        { "t,x[0]\n0,0\n2,0\n", ":3:1: step" },
        { "t\n0\n", ":1: missing column x[0]" },
        { "t,x[0],x[0]\n", ":1:3: column 'x[0]' appears twice" },
        { "x[0]\n0\n", ":1: no column 't'" },
        { "", "empty file" },
        { "t,x[0]\n0,0\n", ":2: the file ends at t=0" },
        { "t,x[0]\n0,0\n1,0\xff\n", ":3:2: malformed number '0\\xFF'" },
    };
    for (size_t k = 0; k < OPTREF_COUNT(bad); k++) {
        strcpy(path, "/tmp/optref-theory-XXXXXX");
        int fd = mkstemp(path);
        ck_assert(write(fd, bad[k].text, strlen(bad[k].text)) == (ssize_t)strlen(bad[k].text));
        close(fd);
        optref_treport r;
        char err[512] = "";
        optref_status st = optref_claim_check_file(&optref_claim_adagrad_regret, path, &r, err, sizeof err);
        ck_assert_msg(st != OPTREF_SUCCESS && strstr(err, bad[k].want), "case %zu: %s", k, err);
        ck_assert_msg(strncmp(err, path, strlen(path)) == 0, "case %zu: no file name: %s", k, err);
        cli_result *c = CLI("check", "adagrad-regret", path);
        ck_assert_int_eq(c->status, 2);
        ck_assert_int_eq(count_lines(c->err), 1);
        unlink(path);
    }
}
END_TEST

/* The command: exit 0 on a passing claim, 1 on a failing candidate, 2 on
 * bad usage; the table shows the bound, the measured value and the source. */
START_TEST(command)
{
    cli_result *c = CLI("check", "gd-linear");
    ck_assert_int_eq(c->status, 0);
    ck_assert(strstr(c->out, "PASS gd-linear") && strstr(c->out, "STATS 403") && strstr(c->out, "(1 − μ/L)^k"));
    ck_assert_int_eq(CLI("check", "no-such-claim")->status, 2);
    ck_assert_int_eq(CLI("check", "--bogus")->status, 2);
    ck_assert_int_eq(CLI("check", "momentum-facts", "/dev/null")->status, 2);
    ck_assert_int_eq(CLI("check", "--list")->status, 0);
    double x = 1; /* GD on 0.5x² (L = 1 of the 1-D quad) is not the claim's problem: */
    FILE *f = cand_open(1);
    cand_row(f, 0, &x, 1);
    fclose(f);
    c = CLI("check", "gd-linear", path);
    ck_assert_int_eq(c->status, 2); /* wrong dimension: bad input */
    ck_assert(strstr(c->err, ":1: missing column x[1]"));
    unlink(path);
    f = cand_open(100); /* GD with η = 1/(4L): crosses the rate */
    double y[100];
    for (size_t i = 0; i < 100; i++)
        y[i] = 1;
    for (long t = 0; t <= 300; t++) {
        if (t)
            for (size_t i = 0; i < 100; i++)
                y[i] -= 0.015625 * 2 * ((1.0 + 15.0 * (double)i / 99.0) * 0.5) * y[i];
        cand_row(f, t, y, 100);
    }
    fclose(f);
    c = CLI("check", "gd-linear", path, "--quiet");
    unlink(path);
    ck_assert_int_eq(c->status, 1);
    ck_assert_str_eq(c->out, "FAIL gd-linear\n");
}
END_TEST

/* ---- the worst function against Nesterov's formulas ----------------------- */

START_TEST(worst_function)
{
    optref_setup *s = tu_setup("gd", NULL, "worst:n=7,k=5,L=2", "eta=0.5");
    const optref_problem *p = optref_setup_problem(s);
    const double *xm = optref_problem_xmin(p);
    for (size_t i = 0; i < 7; i++) /* x̄_i = 1 − i/(k+1), i = 1..k; 0 beyond */
        ck_assert_ulp(xm[i], i < 5 ? 1.0 - (double)(i + 1) / 6.0 : 0.0, 1, "xmin[%zu]", i);
    ck_assert_ulp(optref_problem_constant(p, "fmin"), 2.0 / 8 * (-1 + 1.0 / 6), 1, "fmin");
    ck_assert(optref_problem_constant(p, "mu") == 0 && optref_problem_constant(p, "L") == 2);
    /* From 0: ∇f = (L/4)(−1, 0, ...) = (−0.5, 0, ...), x1 = (0.25, 0, ...);
     * f(x1) = ½(½(x1² + x1²) − x1) = ½(0.0625 − 0.25) = −0.09375. */
    optref_run *r = tu_run(s, OPTREF_MPFR, 256, 1);
    ck_assert(optref_run_get_d(r, tu_q(s, "g[0]")) == -0.5 && optref_run_get_d(r, tu_q(s, "g[1]")) == 0);
    ck_assert(optref_run_get_d(r, tu_q(s, "x[0]")) == 0.25);
    ck_assert(optref_run_get_d(r, tu_q(s, "f")) == -0.09375);
    optref_run_free(r);
}
END_TEST

/* Suite slow: n in the thousands, as the issue states the claim: on f_4001
 * plain GD leaves the envelope at k = 899 (the separate double program
 * again), Nesterov stays under it for 3000 steps.  About 15 s. */
START_TEST(nesterov_worst_4001)
{
    optref_treport r = { 0 };
    char err[512];
    ck_assert(optref_theory_nesterov_worst(&r, 4001, 3000, err, sizeof err) == OPTREF_SUCCESS);
    ck_assert(r.part[0].ok && r.part[0].nviol == 0 && r.part[0].nchecked == 3000);
    ck_assert_int_eq(r.part[1].first_viol, 899);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "slow") == 0) { /* suite slow: only when asked */
        if (!getenv("OPTREF_SLOW"))
            return 77; /* skipped; OPTREF_SLOW=1 meson test -C build --suite slow */
        Suite *s = suite_create("theory-slow");
        TCase *tc = tcase_create("slow");
        tcase_set_timeout(tc, 600);
        tcase_add_test(tc, nesterov_worst_4001);
        suite_add_tcase(s, tc);
        return tu_main(s);
    }
    Suite *s = suite_create("theory");
    TCase *tc = tcase_create("claims");
    size_t n = 0;
    while (optref_claims[n])
        n++;
    tcase_add_loop_test(tc, claims_pass, 0, (int)n);
    suite_add_tcase(s, tc);
    tc = tcase_create("candidates");
    tcase_add_test(tc, nesterov_candidate_passes_gd_fails);
    tcase_add_test(tc, lower_bound_candidate);
    tcase_add_test(tc, gd_linear_candidate);
    tcase_add_test(tc, adagrad_candidate_no_root_fails);
    tcase_add_test(tc, adagrad_quad_candidates);
    tcase_add_test(tc, reddi_candidates);
    tcase_add_test(tc, bad_candidate);
    tcase_add_test(tc, command);
    tcase_add_test(tc, worst_function);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
