/* example_user.c: a program written against the installed optref.h only, as
 * a user would write it; built by tests/install/check_install.sh with
 *
 *     cc example_user.c $(pkg-config --cflags --libs optref)
 *
 * against a staged `meson install`.  It
 *  (a) runs a library algorithm by name on a preset problem (Adam, α = 0.1,
 *      on quad-0.1-2) and prints x after one step;
 *  (b) runs gradient descent on its own objective (optref_function_fdf),
 *      f(x) = (x0 − 3)² + 2 (x1 + 1)², and checks the closed form: with
 *      η = 0.25 from (0, 0), x0_t = 3 − 3 (1 − 2η)^t = 3 − 3·2^−t and
 *      x1_t = −1 + (1 − 4η)^t = −1 for t ≥ 1 (every value is a short dyadic
 *      rational, so double arithmetic gives them exactly);
 *  (c) checks that an MPFR run of that objective is refused (OPTREF_EARITH)
 *      with a message from optref_strerror.
 * Prints one line per result and "example_user: OK" last; exit status 0 on
 * success, 1 on any failed check (with a line saying which). */
#include <math.h>
#include <stdio.h>

#include <optref.h>

static int failures;

#define CHECK(cond, ...)                                                                                          \
    do {                                                                                                          \
        if (!(cond)) {                                                                                            \
            fprintf(stderr, "example_user: FAIL (%s:%d): ", __FILE__, __LINE__);                                  \
            fprintf(stderr, __VA_ARGS__);                                                                         \
            fputc('\n', stderr);                                                                                  \
            failures++;                                                                                           \
        }                                                                                                         \
    } while (0)

/* (a) Adam on the preset quad-0.1-2 = 0.1 x1² + 2 x2² from (−5, −2). */
static void library_algorithm(void)
{
    char err[512] = "";
    optref_setup *s = NULL;
    optref_run *r = NULL;
    optref_status st = optref_setup_new(&s, "adam", NULL, "quad-0.1-2", err, sizeof err);
    CHECK(st == OPTREF_SUCCESS, "optref_setup_new(adam, quad-0.1-2): %s", err);
    if (st != OPTREF_SUCCESS)
        return;
    st = optref_setup_set(s, "alpha=0.1", err, sizeof err);
    CHECK(st == OPTREF_SUCCESS, "optref_setup_set(alpha=0.1): %s", err);
    st = optref_setup_check(s, err, sizeof err);
    CHECK(st == OPTREF_SUCCESS, "optref_setup_check: %s", err);
    CHECK(optref_problem_dim(optref_setup_problem(s)) == 2, "quad-0.1-2 should have dimension 2");
    st = optref_run_new(&r, s, OPTREF_DOUBLE, 53, NULL);
    CHECK(st == OPTREF_SUCCESS, "optref_run_new(OPTREF_DOUBLE): %s", optref_strerror(st));
    if (st == OPTREF_SUCCESS) {
        st = optref_run_step(r);
        CHECK(st == OPTREF_SUCCESS, "optref_run_step: %s", optref_strerror(st));
        CHECK(optref_run_t(r) == 1, "optref_run_t after one step is %ld", optref_run_t(r));
        /* Adam's first step moves each coordinate by α |g| / (|g| + ε) towards 0:
         * g = (2·0.1·(−5), 2·2·(−2)) = (−1, −8), ε = 1e-8. */
        const double x0[2] = { -5, -2 }, g[2] = { -1, -8 };
        for (size_t i = 0; i < 2; i++) {
            double v = NAN, want = x0[i] + 0.1 * fabs(g[i]) / (fabs(g[i]) + 1e-8);
            st = optref_run_value(r, "x", i, &v);
            CHECK(st == OPTREF_SUCCESS, "optref_run_value(x, %zu): %s", i, optref_strerror(st));
            printf("adam quad-0.1-2 alpha=0.1 t=1 x[%zu] = %.17g (%a)\n", i, v, v);
            CHECK(fabs(v - want) <= 1e-14 * fabs(want), "adam t=1 x[%zu] = %.17g, expected about %.17g", i, v,
                  want);
        }
    }
    optref_run_free(r);
    optref_setup_free(s);
}

/* (b) The caller's objective f(x) = (x0 − 3)² + 2 (x1 + 1)², GSL style. */
typedef struct {
    double c0, c1; /* the minimiser (3, −1) */
    long calls;    /* evaluations of ∇f, to see that optref calls us */
} user_params;

static double user_f(const double *x, void *params)
{
    const user_params *p = params;
    return (x[0] - p->c0) * (x[0] - p->c0) + 2 * (x[1] - p->c1) * (x[1] - p->c1);
}

static void user_df(const double *x, void *params, double *g)
{
    user_params *p = params;
    p->calls++;
    g[0] = 2 * (x[0] - p->c0);
    g[1] = 4 * (x[1] - p->c1);
}

static void user_fdf(const double *x, void *params, double *f, double *g)
{
    *f = user_f(x, params);
    user_df(x, params, g);
}

static void user_objective(void)
{
    enum { STEPS = 10 };
    char err[512] = "";
    user_params par = { 3, -1, 0 };
    const optref_function_fdf fn = { .n = 2, .f = user_f, .df = user_df, .fdf = user_fdf, .params = &par };
    const double start[2] = { 0, 0 };
    optref_problem *p = NULL;
    optref_setup *s = NULL;
    optref_run *r = NULL;
    const optref_algorithm *gd = optref_algorithm_from_name("gd");
    CHECK(gd != NULL, "optref_algorithm_from_name(\"gd\") is NULL");
    if (!gd)
        return;
    optref_status st = optref_problem_from_function(&p, &fn, start);
    CHECK(st == OPTREF_SUCCESS, "optref_problem_from_function: %s", optref_strerror(st));
    if (st != OPTREF_SUCCESS)
        return;
    CHECK(optref_problem_family(p) == NULL, "a user problem should have no family");
    st = optref_setup_new_on(&s, gd, 0, p, err, sizeof err); /* takes p over */
    CHECK(st == OPTREF_SUCCESS, "optref_setup_new_on(gd): %s", err);
    if (st != OPTREF_SUCCESS)
        return;
    st = optref_setup_set(s, "eta=0.25", err, sizeof err);
    CHECK(st == OPTREF_SUCCESS, "optref_setup_set(eta=0.25): %s", err);
    st = optref_setup_check(s, err, sizeof err);
    CHECK(st == OPTREF_SUCCESS, "optref_setup_check: %s", err);

    /* (c) first: no exact arithmetic for a function optref cannot see into. */
    st = optref_run_new(&r, s, OPTREF_MPFR, 128, NULL);
    const char *msg = optref_strerror(st);
    printf("user objective in MPFR: status %d, \"%s\"\n", (int)st, msg ? msg : "(null)");
    CHECK(st == OPTREF_EARITH, "an MPFR run of a user objective gave status %d, expected OPTREF_EARITH (%d)",
          (int)st, (int)OPTREF_EARITH);
    CHECK(msg != NULL && msg[0] != '\0', "optref_strerror(%d) is empty", (int)st);
    CHECK(r == NULL, "a refused run should leave *out NULL");
    optref_run_free(r);
    r = NULL;

    st = optref_run_new(&r, s, OPTREF_DOUBLE, 53, NULL);
    CHECK(st == OPTREF_SUCCESS, "optref_run_new(OPTREF_DOUBLE) on the user objective: %s", optref_strerror(st));
    if (st != OPTREF_SUCCESS) {
        optref_setup_free(s);
        return;
    }
    int exact = 1;
    for (long t = 1; t <= STEPS; t++) {
        st = optref_run_step(r);
        CHECK(st == OPTREF_SUCCESS, "optref_run_step at t=%ld: %s", t, optref_strerror(st));
        double x0 = NAN, x1 = NAN, f = NAN;
        optref_run_value(r, "x", 0, &x0);
        optref_run_value(r, "x", 1, &x1);
        st = optref_run_value(r, "f", 0, &f);
        CHECK(st == OPTREF_SUCCESS, "optref_run_value(f): %s", optref_strerror(st));
        double want0 = 3 - 3 * ldexp(1, (int)-t), want1 = -1, wantf = 9 * ldexp(1, (int)(-2 * t));
        if (x0 != want0 || x1 != want1 || f != wantf) {
            exact = 0;
            CHECK(0, "gd on the user objective, t=%ld: x = (%.17g, %.17g), f = %.17g; closed form (%.17g, %.17g), "
                     "f = %.17g", t, x0, x1, f, want0, want1, wantf);
        }
        if (t <= 3 || t == STEPS)
            printf("user gd eta=0.25 t=%ld x = (%.17g, %.17g) f = %.17g\n", t, x0, x1, f);
    }
    CHECK(par.calls >= STEPS, "the user gradient was called %ld times in %d steps", par.calls, STEPS);
    if (exact)
        printf("user gd: x0_t = 3 - 3*2^-t, x1_t = -1, f_t = 9*4^-t exactly for t = 1..%d\n", STEPS);
    optref_run_free(r);
    optref_setup_free(s);
}

int main(void)
{
    printf("optref.h version %s\n", OPTREF_VERSION);
    library_algorithm();
    user_objective();
    if (failures) {
        fprintf(stderr, "example_user: %d check%s failed\n", failures, failures == 1 ? "" : "s");
        return 1;
    }
    puts("example_user: OK");
    return 0;
}
