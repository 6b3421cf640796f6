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
    suite_add_tcase(s, tc);
    return tu_main(s);
}
