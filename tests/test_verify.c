/* Suite verify: independent implementations judged by `optref verify`.
 *
 * The candidates below are small transcriptions of Kingma & Ba's Algorithm 1
 * written here, apart from ref/, in another association of the operations
 * (PyTorch's: β^t by pow, denominator √v/√(1 − β2^t) + ε, step (α/(1 − β1^t))·m
 * / denominator).  A correct one must pass; one with ε inside the root, or
 * without bias correction, must fail at step 1 and name pseudocode line L7. */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "clirun.h"
#include "testutil.h"

enum { CORRECT, EPS_INSIDE, NO_BIAS_CORRECTION, WRONG_GRADIENT };

/* Case quad-adam-eta0.1: f = 0.1 x1² + 2 x2² from (−5, −2), α = 0.1. */
static void adam64(const char *path, int flavour, long steps, int with_state)
{
    const double a = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, A[2] = { 0.1, 2.0 };
    double x[2] = { -5, -2 }, m[2] = { 0, 0 }, v[2] = { 0, 0 }, g[2] = { NAN, NAN };
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fprintf(f, with_state ? "t,x[0],x[1],m[0],m[1],v[0],v[1],g[0],g[1],f\n" : "t,x[0],x[1],f\n");
    for (long t = 0; t <= steps; t++) {
        if (t > 0) {
            double bc1 = 1 - pow(b1, (double)t), bc2 = 1 - pow(b2, (double)t);
            for (int i = 0; i < 2; i++) {
                g[i] = 2 * A[i] * x[i] * (flavour == WRONG_GRADIENT ? 1.5 : 1);
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double den = flavour == EPS_INSIDE           ? sqrt(v[i] / bc2 + eps)
                             : flavour == NO_BIAS_CORRECTION ? sqrt(v[i]) + eps
                                                             : sqrt(v[i]) / sqrt(bc2) + eps;
                double step = flavour == NO_BIAS_CORRECTION ? a : a / bc1;
                x[i] -= step * m[i] / den;
            }
        }
        double fx = A[0] * x[0] * x[0] + A[1] * x[1] * x[1];
        if (with_state)
            fprintf(f, "%ld,%a,%a,%a,%a,%a,%a,%a,%a,%a\n", t, x[0], x[1], m[0], m[1], v[0], v[1], g[0],
                    g[1], fx);
        else
            fprintf(f, "%ld,%a,%a,%a\n", t, x[0], x[1], fx);
    }
    fclose(f);
}

/* The same in float32: every value and operation in float, the bias
 * corrections in double and then rounded to float (as PyTorch does). */
static void adam32(const char *path, long steps)
{
    const float a = 0.1f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, A[2] = { 0.1f, 2.0f };
    float x[2] = { -5, -2 }, m[2] = { 0, 0 }, v[2] = { 0, 0 }, g[2] = { NAN, NAN };
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fprintf(f, "t,x[0],x[1],m[0],m[1],v[0],v[1],g[0],g[1],f\n");
    for (long t = 0; t <= steps; t++) {
        if (t > 0) {
            float bc1 = (float)(1 - pow((double)b1, (double)t));
            float sbc2 = (float)sqrt(1 - pow((double)b2, (double)t));
            for (int i = 0; i < 2; i++) {
                float ax = A[i] * x[i];
                g[i] = ax + ax;
                m[i] = b1 * m[i] + (1.0f - b1) * g[i];
                v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
                float den = sqrtf(v[i]) / sbc2 + eps;
                x[i] = x[i] + ((-(a / bc1)) * m[i]) / den;
            }
        }
        float fx = A[0] * (x[0] * x[0]) + A[1] * (x[1] * x[1]);
        fprintf(f, "%ld,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", t, x[0], x[1], m[0], m[1],
                v[0], v[1], g[0], g[1], fx);
    }
    fclose(f);
}

/* Kingma & Ba's association (m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), θ −= α m̂/(√v̂ + ε)),
 * with m̂ and v̂ as columns when hats, and one slip: β2 in m̂'s correction (L5),
 * β1 in v̂'s (L6), or t − 1 for t in both (1 − β^0 = 0: m̂, v̂ infinite, θ NaN
 * at t = 1). */
enum { HAT_RIGHT, MHAT_BETA2, VHAT_BETA1, T_MINUS_1 };
static void adam64_hat(const char *path, int slip, int hats)
{
    const double a = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, A[2] = { 0.1, 2.0 };
    double x[2] = { -5, -2 }, m[2] = { 0, 0 }, v[2] = { 0, 0 }, g[2] = { NAN, NAN };
    double mh[2] = { NAN, NAN }, vh[2] = { NAN, NAN };
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fprintf(f, "t,x[0],x[1],m[0],m[1],v[0],v[1],g[0],g[1]%s\n", hats ? ",mhat[0],mhat[1],vhat[0],vhat[1]" : "");
    for (long t = 0; t <= 20; t++) {
        if (t > 0) {
            double tt = slip == T_MINUS_1 ? (double)(t - 1) : (double)t;
            double bc1 = 1 - pow(slip == MHAT_BETA2 ? b2 : b1, tt), bc2 = 1 - pow(slip == VHAT_BETA1 ? b1 : b2, tt);
            for (int i = 0; i < 2; i++) {
                g[i] = 2 * A[i] * x[i];
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                mh[i] = m[i] / bc1;
                vh[i] = v[i] / bc2;
                x[i] -= a * mh[i] / (sqrt(vh[i]) + eps);
            }
        }
        fprintf(f, "%ld,%a,%a,%a,%a,%a,%a,%a,%a", t, x[0], x[1], m[0], m[1], v[0], v[1], g[0], g[1]);
        if (hats)
            fprintf(f, ",%a,%a,%a,%a", mh[0], mh[1], vh[0], vh[1]);
        fputc('\n', f);
    }
    fclose(f);
}

static char dir[] = "/tmp/optref-verifyXXXXXX";
static char path[256];

static void setup(void)
{
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/candidate.csv", dir);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
    strcpy(dir, "/tmp/optref-verifyXXXXXX");
}

START_TEST(correct_adam_passes)
{
    adam64(path, CORRECT, 20, 1);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 0, "exit %d:\n%.1500s%.500s", r->status, r->out, r->err);
    ck_assert(strstr(r->out, "PASS: ") && strstr(r->out, "one step from the candidate's state"));
}
END_TEST

static void expect_fail_at_l7(int flavour)
{
    adam64(path, flavour, 20, 1);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 1, "exit %d:\n%.1500s%.500s", r->status, r->out, r->err);
    ck_assert_msg(strstr(r->out, "first at t=1 x[0] (trajectory), pseudocode L7 of ref/alg/adam.c"),
                  "verdict does not name t=1 and L7:\n%.1500s", r->out);
    ck_assert(strstr(r->out, "computed by L7  θ_t ← θ_{t−1} − α m̂_t / (√v̂_t + ε)"));
    ck_assert(strstr(r->out, "one-step t=1 x[0]"));
}

START_TEST(eps_inside_fails_at_l7) { expect_fail_at_l7(EPS_INSIDE); }
END_TEST

START_TEST(no_bias_correction_fails_at_l7) { expect_fail_at_l7(NO_BIAS_CORRECTION); }
END_TEST

/* A wrong gradient shows first in g, line L2. */
START_TEST(wrong_gradient_names_l2)
{
    adam64(path, WRONG_GRADIENT, 20, 1);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path, "--mode", "onestep");
    ck_assert_int_eq(r->status, 1);
    ck_assert_msg(strstr(r->out, "pseudocode L2 of ref/alg/adam.c"), "%.1500s", r->out);
}
END_TEST

START_TEST(f32_adam_passes_as_f32_only)
{
    adam32(path, 20);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path, "--dtype", "f32");
    ck_assert_msg(r->status == 0, "as f32: exit %d:\n%.1500s%.500s", r->status, r->out, r->err);
    r = CLI("verify", "quad-adam-eta0.1", path, "--dtype", "f64", "--quiet");
    ck_assert_msg(r->status == 1 && count_lines(r->out) == 1 && strncmp(r->out, "FAIL: ", 6) == 0,
                  "as f64: exit %d:\n%.1500s", r->status, r->out);
}
END_TEST

/* Without state columns only the trajectory is judged, and the report says so. */
START_TEST(trajectory_only)
{
    adam64(path, CORRECT, 20, 0);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 0, "%.1500s%.500s", r->out, r->err);
    ck_assert(strstr(r->out, "not judged: the candidate gives no m, v columns"));
}
END_TEST

START_TEST(fewer_steps)
{
    adam64(path, CORRECT, 7, 1);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path, "--steps", "7", "--quiet");
    ck_assert_msg(r->status == 0 && strstr(r->out, "8 rows"), "%.1500s%.500s", r->out, r->err);
}
END_TEST

START_TEST(json_report)
{
    adam64(path, EPS_INSIDE, 20, 1);
    char jpath[300];
    snprintf(jpath, sizeof jpath, "%s/report.json", dir);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path, "--json", jpath, "--quiet");
    ck_assert_int_eq(r->status, 1);
    json_error_t e;
    json_t *root = json_load_file(jpath, 0, &e);
    ck_assert_msg(root != NULL, "report.json: %s", e.text);
    ck_assert_str_eq(json_string_value(json_object_get(root, "verdict")), "FAIL");
    json_t *f0 = json_array_get(json_object_get(root, "failures"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "t")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "line")), 7);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "quantity")), "x[0]");
    ck_assert(json_integer_value(json_object_get(root, "failures_total")) > 20);
    json_t *q = json_object_get(json_object_get(json_object_get(root, "modes"), "trajectory"), "quantities");
    ck_assert_int_eq(json_array_size(q), 5); /* x, m, v, g, f */
    json_decref(root);
    unlink(jpath);
}
END_TEST

/* A NaN where the exact value is finite is a failure at its step and line
 * (exit 1), not bad input. */
START_TEST(nan_candidate_fails_at_its_line)
{
    adam64_hat(path, T_MINUS_1, 0);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 1, "exit %d:\n%.1500s%.500s", r->status, r->out, r->err);
    ck_assert_msg(strstr(r->out, "first at t=1 x[0] (trajectory), pseudocode L7 of ref/alg/adam.c") &&
                  strstr(r->out, "nan): inf bounds out") && strstr(r->out, "(candidate line 3)"),
                  "%.3000s", r->out);
}
END_TEST

/* With m̂ and v̂ as columns a slip in either is named at its own line. */
START_TEST(intermediates_name_their_line)
{
    const int slips[] = { MHAT_BETA2, VHAT_BETA1, T_MINUS_1 };
    const char *want[] = { "first at t=1 mhat[0] (trajectory), pseudocode L5 of ref/alg/adam.c",
                           "first at t=1 vhat[0] (trajectory), pseudocode L6 of ref/alg/adam.c",
                           "first at t=1 mhat[0] (trajectory), pseudocode L5 of ref/alg/adam.c" };
    for (int k = 0; k < 3; k++) {
        adam64_hat(path, slips[k], 1);
        cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
        ck_assert_msg(r->status == 1 && strstr(r->out, want[k]), "slip %d: exit %d:\n%.3000s", k, r->status, r->out);
    }
    adam64_hat(path, HAT_RIGHT, 1); /* correct: passes, m̂ and v̂ judged */
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 0 && strstr(r->out, "  mhat     L5           40 ") &&
                  strstr(r->out, "  vhat     L6           40 "), "exit %d:\n%.3000s", r->status, r->out);
}
END_TEST

/* Without them the slip surfaces at L7, and verify names the lines it may be
 * in: after L4 (v agreed), by L7 (x); text and JSON say the same. */
START_TEST(absent_intermediates_give_a_range)
{
    char jpath[300];
    snprintf(jpath, sizeof jpath, "%s/report.json", dir);
    adam64_hat(path, MHAT_BETA2, 0);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path, "--json", jpath);
    ck_assert_msg(r->status == 1, "exit %d:\n%.1500s%.500s", r->status, r->out, r->err);
    ck_assert_msg(strstr(r->out, "first at t=1 x[0] (trajectory), pseudocode L7 of ref/alg/adam.c; first divergence "
                                 "between L4 (v agreed) and L7 (x)\n") &&
                  strstr(r->out, "first divergence (trajectory, t=1) in L4–L7: ") &&
                  strstr(r->out, "first divergence (one step, t=1) in L4–L7: ") &&
                  strstr(r->out, "mhat (L5), vhat (L6)"), "%.3000s", r->out);
    json_error_t e;
    json_t *root = json_load_file(jpath, 0, &e);
    ck_assert_msg(root != NULL, "report.json: %s", e.text);
    for (int m = 0; m < 2; m++) {
        json_t *d = json_object_get(json_object_get(root, "divergence"), m ? "onestep" : "trajectory");
        ck_assert_int_eq(json_integer_value(json_object_get(d, "t")), 1);
        ck_assert_int_eq(json_integer_value(json_object_get(d, "after_line")), 4);
        ck_assert_str_eq(json_string_value(json_object_get(d, "after_quantity")), "v");
        ck_assert_int_eq(json_integer_value(json_object_get(d, "line")), 7);
        ck_assert_str_eq(json_string_value(json_object_get(d, "quantity")), "x");
        ck_assert(json_is_true(json_object_get(d, "range")));
        json_t *un = json_object_get(d, "not_columns");
        int mhat = 0, vhat = 0;
        for (size_t i = 0; i < json_array_size(un); i++) {
            mhat |= strcmp(json_string_value(json_array_get(un, i)), "mhat") == 0;
            vhat |= strcmp(json_string_value(json_array_get(un, i)), "vhat") == 0;
        }
        ck_assert(mhat && vhat);
    }
    json_decref(root);
    unlink(jpath);
}
END_TEST

/* Adadelta (Zeiler's Algorithm 1) on case quad-adadelta-rho0.9, g′ a column
 * when gp; the slip drops ε from √(Δx + ε) in g′ (L5). */
static void adadelta64(const char *path, int slip, int gp)
{
    const double rho = 0.9, eps = 1e-5, A[2] = { 0.1, 2.0 };
    double x[2] = { -5, -2 }, s[2] = { 0, 0 }, dx[2] = { 0, 0 }, g2[2] = { NAN, NAN };
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fprintf(f, "t,x[0],x[1],s[0],s[1],dx[0],dx[1]%s\n", gp ? ",gp[0],gp[1]" : "");
    for (long t = 0; t <= 20; t++) {
        for (int i = 0; t > 0 && i < 2; i++) {
            double g = 2 * A[i] * x[i];
            s[i] = rho * s[i] + (1 - rho) * g * g;
            g2[i] = sqrt(dx[i] + (slip ? 0 : eps)) / sqrt(s[i] + eps) * g;
            dx[i] = rho * dx[i] + (1 - rho) * g2[i] * g2[i];
            x[i] -= g2[i];
        }
        fprintf(f, "%ld,%a,%a,%a,%a,%a,%a", t, x[0], x[1], s[0], s[1], dx[0], dx[1]);
        if (gp)
            fprintf(f, ",%a,%a", g2[0], g2[1]);
        fputc('\n', f);
    }
    fclose(f);
}

/* Adadelta's g′: named at L5 when a column, else the range L4 (s) to L6 (Δx). */
START_TEST(adadelta_gprime)
{
    adadelta64(path, 0, 1);
    cli_result *r = CLI("verify", "quad-adadelta-rho0.9", path, "--quiet");
    ck_assert_msg(r->status == 0, "correct: exit %d:\n%.1500s%.500s", r->status, r->out, r->err);
    adadelta64(path, 1, 1);
    r = CLI("verify", "quad-adadelta-rho0.9", path, "--quiet");
    ck_assert_msg(r->status == 1 && strstr(r->out, "first at t=1 gp[0] (trajectory), pseudocode L5 of "
                                                   "ref/alg/adadelta.c\n"), "exit %d:\n%.1500s", r->status, r->out);
    adadelta64(path, 1, 0);
    r = CLI("verify", "quad-adadelta-rho0.9", path, "--quiet");
    ck_assert_msg(r->status == 1 && strstr(r->out, "first at t=1 dx[0] (trajectory), pseudocode L6 of "
                                                   "ref/alg/adadelta.c; first divergence between L4 (s agreed) "
                                                   "and L6 (dx)\n"), "exit %d:\n%.1500s", r->status, r->out);
}
END_TEST

/* optref's own output is a valid candidate, in every format it emulates. */
START_TEST(optref_run_is_a_candidate)
{
    const char *fmts[] = { "double", "f32", "f16" }, *dts[] = { "f64", "f32", "f16" };
    for (int k = 0; k < 3; k++) {
        cli_result *r = CLI("run", "nesterov", "quad-0.1-2", "--variant", "lookahead", "alpha=0.4",
                            "gamma=0.5", "--steps", "20", "--precision", fmts[k]);
        ck_assert_int_eq(r->status, 0);
        FILE *f = fopen(path, "w");
        fputs(r->out, f);
        fclose(f);
        r = CLI("verify", "quad-nesterov-lookahead", path, "--dtype", dts[k], "--quiet");
        ck_assert_msg(r->status == 0, "%s: %.1500s%.500s", dts[k], r->out, r->err);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("judge");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, correct_adam_passes);
    tcase_add_test(tc, eps_inside_fails_at_l7);
    tcase_add_test(tc, no_bias_correction_fails_at_l7);
    tcase_add_test(tc, wrong_gradient_names_l2);
    tcase_add_test(tc, f32_adam_passes_as_f32_only);
    tcase_add_test(tc, trajectory_only);
    tcase_add_test(tc, fewer_steps);
    tcase_add_test(tc, json_report);
    tcase_add_test(tc, optref_run_is_a_candidate);
    tcase_add_test(tc, nan_candidate_fails_at_its_line);
    tcase_add_test(tc, intermediates_name_their_line);
    tcase_add_test(tc, absent_intermediates_give_a_range);
    tcase_add_test(tc, adadelta_gprime);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
