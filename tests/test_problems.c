/* Suite problems: each problem's f and ∇f against hand values, against
 * central differences of f at 512 bits, and at its minimiser; problem specs
 * against their presets. */
#include <math.h>
#include <string.h>

#include "testutil.h"

/* f and g at point x, read through a zero-step run (f) and a one-step GD
 * run with a tiny step (g is the gradient that step used, at x). */
static void eval(const char *prob, const double *x, size_t n, mpfr_prec_t prec, mpfr_ptr f, mpfr_ptr *g)
{
    char items[512] = "eta=0x1p-1000 x0=";
    for (size_t i = 0; i < n; i++) {
        char b[40];
        snprintf(b, sizeof b, "%s%a", i ? "," : "", x[i]);
        strcat(items, b);
    }
    optref_setup *s = tu_setup("gd", NULL, prob, items);
    optref_run *r = tu_run(s, OPTREF_MPFR, prec, 0);
    mpfr_set(f, optref_run_get_mp(r, tu_q(s, "f")), MPFR_RNDN);
    tu_step(r);
    for (size_t i = 0; i < n; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "g[%zu]", i);
        mpfr_set(g[i], optref_run_get_mp(r, tu_q(s, nm)), MPFR_RNDN);
    }
    optref_run_free(r);
}

START_TEST(hand_values)
{
    mpfr_t f, g0, g1;
    mpfr_ptr g[2] = { g0, g1 };
    mpfr_inits2(53, f, g0, g1, (mpfr_ptr)0);
    /* (1 + 1.5)² + 100 (2 − 2.25)² = 12.5; ∂1 = −5 − 400·(−1.5)(−0.25) = −155; ∂2 = −50 */
    eval("rosenbrock", (double[]){ -1.5, 2 }, 2, 53, f, g);
    ck_assert(mpfr_cmp_d(f, 12.5) == 0 && mpfr_cmp_d(g0, -155) == 0 && mpfr_cmp_d(g1, -50) == 0);
    eval("square", (double[]){ 10 }, 1, 53, f, g);
    ck_assert(mpfr_cmp_d(f, 100) == 0 && mpfr_cmp_d(g0, 20) == 0);
    eval("quad-1-2", (double[]){ -5, -2 }, 2, 53, f, g);
    ck_assert(mpfr_cmp_d(f, 33) == 0 && mpfr_cmp_d(g0, -10) == 0 && mpfr_cmp_d(g1, -8) == 0);
    eval("quad-0.1-2", (double[]){ -5, -2 }, 2, 53, f, g);
    ck_assert_ulp(mpfr_get_d(f, MPFR_RNDN), 10.5, 1, "quad-0.1-2 f");
    ck_assert_ulp(mpfr_get_d(g0, MPFR_RNDN), -1.0, 1, "quad-0.1-2 g[0]");
    eval("linear", (double[]){ 3, 4 }, 2, 53, f, g);
    ck_assert(mpfr_cmp_d(f, -5) == 0 && mpfr_cmp_d(g0, 1) == 0 && mpfr_cmp_d(g1, -2) == 0);
    mpfr_clears(f, g0, g1, (mpfr_ptr)0);
}
END_TEST

/* The binary64 values of parameter `name` in a preset's parameter string
 * ("a=0.1,2,x0=-5,-2": a -> 0.1, 2), read here with strtod, apart from the
 * library's own spec parser.  Returns the count, 0 if absent. */
static size_t preset_values(const char *params, const char *name, double *out, size_t max)
{
    size_t len = strlen(name), n = 0;
    const char *p = params;
    while (p && *p) {
        const char *item = p;
        p = strchr(p, ',');
        p = p ? p + 1 : NULL;
        if (strncmp(item, name, len) != 0 || item[len] != '=')
            continue;
        for (const char *v = item + len + 1;; v = strchr(v, ',') + 1) {
            const char *eq = strchr(v, '='), *comma = strchr(v, ',');
            if (eq && (!comma || eq < comma))
                break; /* the next parameter */
            char *end;
            ck_assert_msg(n < max, "%s: too many values of %s", params, name);
            out[n++] = strtod(v, &end);
            ck_assert_msg(end != v && (*end == ',' || *end == '\0'), "%s: %s: bad value", params, name);
            if (!comma)
                break;
        }
        break;
    }
    return n;
}

#define MAXN 8

/* The families whose f is written out below, independently of ref/problem/.
 * Every preset of each is checked.  Families added since (full quadratics,
 * least squares, logistic regression, online and adversarial losses) have
 * data-dependent or time-dependent objectives and are checked by their own
 * tests, not here. */
static const char *const known_families[] = { "quad", "rosenbrock", "linear" };
#define NKNOWN (sizeof known_families / sizeof known_families[0])

/* Every preset of the known families, with what its formula needs. */
typedef struct {
    const char *name;
    const char *family;
    size_t n;
    double coef[MAXN]; /* quad: a; linear: c */
} preset_t;

static size_t all_presets(preset_t *ps, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < NKNOWN; i++) {
        const optref_problem_type *T = optref_problem_type_from_name(known_families[i]);
        ck_assert_msg(T != NULL, "problem family %s is gone: update tests/test_problems.c", known_families[i]);
        ck_assert_msg(T->npresets > 0, "problem family %s has no preset", T->name);
        for (size_t j = 0; j < T->npresets; j++) {
            ck_assert(k < max);
            preset_t *P = &ps[k++];
            memset(P, 0, sizeof *P);
            P->name = T->presets[j].name;
            P->family = T->name;
            optref_problem *pb;
            char err[256];
            ck_assert_msg(optref_problem_new(&pb, P->name, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
            P->n = optref_problem_dim(pb);
            optref_problem_free(pb);
            ck_assert_msg(P->n >= 1 && P->n <= MAXN, "preset %s: dimension %zu", P->name, P->n);
            if (strcmp(T->name, "rosenbrock") == 0)
                ck_assert_msg(!strstr(T->presets[j].params, "a=") && !strstr(T->presets[j].params, "b="),
                              "preset %s: the formula below has a = 1, b = 100", P->name);
            else {
                size_t m = preset_values(T->presets[j].params, strcmp(T->name, "quad") == 0 ? "a" : "c",
                                         P->coef, MAXN);
                ck_assert_msg(m == P->n, "preset %s: %zu coefficients for dimension %zu", P->name, m, P->n);
            }
        }
    }
    return k;
}

/* f at x (n values, 512 bits) by its formula, independently of the code under test. */
static void formula(const preset_t *P, mpfr_t *x, mpfr_ptr out)
{
    mpfr_t t1, t2;
    mpfr_inits2(512, t1, t2, (mpfr_ptr)0);
    mpfr_set_zero(out, 1);
    if (strcmp(P->family, "rosenbrock") == 0) {
        for (size_t i = 0; i + 1 < P->n; i++) { /* (1 − x_i)² + 100 (x_{i+1} − x_i²)² */
            mpfr_ui_sub(t1, 1, x[i], MPFR_RNDN);
            mpfr_sqr(t1, t1, MPFR_RNDN);
            mpfr_sqr(t2, x[i], MPFR_RNDN);
            mpfr_sub(t2, x[i + 1], t2, MPFR_RNDN);
            mpfr_sqr(t2, t2, MPFR_RNDN);
            mpfr_mul_ui(t2, t2, 100, MPFR_RNDN);
            mpfr_add(out, out, t1, MPFR_RNDN);
            mpfr_add(out, out, t2, MPFR_RNDN);
        }
    } else {
        for (size_t j = 0; j < P->n; j++) {
            if (strcmp(P->family, "linear") == 0) /* Σ c_j x_j */
                mpfr_mul_d(t1, x[j], P->coef[j], MPFR_RNDN);
            else { /* Σ a_j x_j² */
                mpfr_sqr(t1, x[j], MPFR_RNDN);
                mpfr_mul_d(t1, t1, P->coef[j], MPFR_RNDN);
            }
            mpfr_add(out, out, t1, MPFR_RNDN);
        }
    }
    mpfr_clears(t1, t2, (mpfr_ptr)0);
}

/* ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, error O(h²) = 2^-160 here. */
START_TEST(central_differences)
{
    const double pts[3][2] = { { -1.5, 2 }, { 0.3, -0.7 }, { 1.25, 1.5 } };
    preset_t ps[64];
    size_t np = all_presets(ps, 64);
    for (size_t p = 0; p < np; p++) {
        const preset_t *P = &ps[p];
        size_t n = P->n;
        for (int k = 0; k < 3; k++) {
            double pt[MAXN];
            for (size_t i = 0; i < n; i++)
                pt[i] = pts[k][i % 2];
            mpfr_t f, fp, fm, d, gg[MAXN], x[MAXN], h;
            mpfr_ptr g[MAXN];
            mpfr_inits2(512, f, fp, fm, d, h, (mpfr_ptr)0);
            for (size_t i = 0; i < n; i++) {
                mpfr_inits2(512, gg[i], x[i], (mpfr_ptr)0);
                g[i] = gg[i];
            }
            eval(P->name, pt, n, 512, f, g);
            mpfr_set_ui_2exp(h, 1, -80, MPFR_RNDN);
            for (size_t i = 0; i < n; i++) {
                for (int sgn = -1; sgn <= 1; sgn += 2) {
                    for (size_t j = 0; j < n; j++)
                        mpfr_set_d(x[j], pt[j], MPFR_RNDN);
                    if (sgn > 0)
                        mpfr_add(x[i], x[i], h, MPFR_RNDN);
                    else
                        mpfr_sub(x[i], x[i], h, MPFR_RNDN);
                    formula(P, x, sgn > 0 ? fp : fm);
                }
                mpfr_sub(d, fp, fm, MPFR_RNDN);
                mpfr_mul_2ui(d, d, 79, MPFR_RNDN); /* ÷ 2h = 2^-79 */
                mpfr_sub(d, d, g[i], MPFR_RNDN);
                ck_assert_msg(mpfr_zero_p(d) || mpfr_get_exp(d) < -140,
                              "%s at (%g, %g, ...): g[%zu] disagrees with central difference", P->name, pt[0],
                              n > 1 ? pt[1] : 0.0, i);
            }
            /* and f itself, at the point, by the same formula */
            for (size_t j = 0; j < n; j++)
                mpfr_set_d(x[j], pt[j], MPFR_RNDN);
            formula(P, x, d);
            mpfr_sub(d, d, f, MPFR_RNDN);
            ck_assert_msg(mpfr_zero_p(d) || mpfr_get_exp(d) < mpfr_get_exp(f) - 400,
                          "%s at (%g, ...): f differs from its formula", P->name, pt[0]);
            mpfr_clears(f, fp, fm, d, h, (mpfr_ptr)0);
            for (size_t i = 0; i < n; i++)
                mpfr_clears(gg[i], x[i], (mpfr_ptr)0);
        }
    }
}
END_TEST

START_TEST(minimisers)
{
    preset_t ps[64];
    size_t np = all_presets(ps, 64);
    int checked = 0;
    for (size_t k = 0; k < np; k++) {
        const char *name = ps[k].name;
        optref_problem *P;
        char err[256];
        ck_assert_msg(optref_problem_new(&P, name, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
        double fmin = optref_problem_constant(P, "fmin");
        const double *xmin = optref_problem_xmin(P);
        size_t n = optref_problem_dim(P);
        if (isinf(fmin) || !xmin) {
            optref_problem_free(P);
            continue;
        }
        ck_assert_msg(!isnan(fmin), "%s: a minimiser without its minimum", name);
        ck_assert(n <= MAXN);
        mpfr_t f, gg[MAXN];
        mpfr_ptr g[MAXN];
        mpfr_init2(f, 256);
        for (size_t i = 0; i < n; i++) {
            mpfr_init2(gg[i], 256);
            g[i] = gg[i];
        }
        eval(name, xmin, n, 256, f, g);
        ck_assert_msg(mpfr_cmp_d(f, fmin) == 0, "%s: f(xmin) != fmin", name);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(mpfr_zero_p(g[i]), "%s: gradient at the minimiser is not 0", name);
            mpfr_clear(gg[i]);
        }
        mpfr_clear(f);
        optref_problem_free(P);
        checked++;
    }
    ck_assert(checked >= 4); /* square, quad-0.1-2, quad-1-2, rosenbrock */
}
END_TEST

/* A spec names the same problem as its preset: "quad:a=0.1,2,x0=-5,-2" is
 * quad-0.1-2, and bad specs are refused with what is wrong. */
START_TEST(specs)
{
    optref_problem *P;
    char err[256];
    ck_assert_msg(optref_problem_new(&P, "quad:a=0.1,2,x0=-5,-2", err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert_uint_eq(optref_problem_dim(P), 2);
    ck_assert(optref_problem_x0(P)[0] == -5 && optref_problem_x0(P)[1] == -2);
    ck_assert(optref_problem_constant(P, "L") == 4 && optref_problem_constant(P, "mu") == 0.2);
    ck_assert(optref_problem_constant(P, "fmin") == 0 && isnan(optref_problem_constant(P, "nosuch")));
    optref_problem_free(P);
    mpfr_t f1, f2, g0, g1;
    mpfr_ptr g[2] = { g0, g1 };
    mpfr_inits2(128, f1, f2, g0, g1, (mpfr_ptr)0);
    eval("quad:a=0.1,2", (double[]){ 0.75, -3 }, 2, 128, f1, g);
    eval("quad-0.1-2", (double[]){ 0.75, -3 }, 2, 128, f2, g);
    ck_assert(mpfr_equal_p(f1, f2));
    mpfr_clears(f1, f2, g0, g1, (mpfr_ptr)0);
    const struct {
        const char *spec, *want;
        optref_status st;
    } bad[] = {
        { "nosuch", "unknown problem 'nosuch'", OPTREF_EUNKNOWN },
        { "quad:b=1", "unknown parameter 'b'", OPTREF_EUNKNOWN },
        { "quad:a=1,x", "malformed number 'x'", OPTREF_EPARSE },
        { "quad:a=1,2,x0=1", "x0 has 1 values, the problem has dimension 2", OPTREF_EDIM },
        { "linear", NULL, OPTREF_SUCCESS },
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        optref_status st = optref_problem_new(&P, bad[k].spec, err, sizeof err);
        ck_assert_msg(st == bad[k].st, "%s: status %d", bad[k].spec, (int)st);
        if (st == OPTREF_SUCCESS)
            optref_problem_free(P);
        else
            ck_assert_msg(P == NULL && strstr(err, bad[k].want), "%s: '%s' lacks '%s'", bad[k].spec, err,
                          bad[k].want);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("problems");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, hand_values);
    tcase_add_test(tc, central_differences);
    tcase_add_test(tc, minimisers);
    tcase_add_test(tc, specs);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
