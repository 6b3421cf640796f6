#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* Every setup tu_setup made, freed at exit.  Check forks a process per test
 * by default (each frees its own copies) and runs them in one process under
 * valgrind (CK_FORK=no); either way nothing is left for the leak checkers. */
static optref_setup **made;
static size_t nmade, capmade;

static void free_made(void)
{
    for (size_t k = 0; k < nmade; k++)
        optref_setup_free(made[k]);
    free(made);
    made = NULL;
    nmade = capmade = 0;
}

static void keep(optref_setup *s)
{
    if (nmade == capmade) {
        if (!made)
            atexit(free_made);
        size_t cap = capmade ? 2 * capmade : 16;
        optref_setup **m = realloc(made, cap * sizeof *m);
        if (!m) {
            optref_setup_free(s);
            ck_abort_msg("out of memory");
        }
        made = m;
        capmade = cap;
    }
    made[nmade++] = s;
}

optref_setup *tu_setup(const char *alg, const char *variant, const char *prob, const char *items)
{
    optref_setup *s;
    char buf[1024], err[512];
    ck_assert_msg(optref_setup_new(&s, alg, variant, prob, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    keep(s);
    ck_assert_msg(strlen(items ? items : "") < sizeof buf, "items too long");
    snprintf(buf, sizeof buf, "%s", items ? items : "");
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        ck_assert_msg(optref_setup_set(s, tok, err, sizeof err) == OPTREF_SUCCESS, "%s: %s", tok, err);
    ck_assert_msg(optref_setup_check(s, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    return s;
}

void tu_step(optref_run *r)
{
    ck_assert_int_eq(optref_run_step(r), OPTREF_SUCCESS);
}

optref_run *tu_run(const optref_setup *s, optref_arith a, long prec, long steps)
{
    optref_run *r;
    ck_assert_int_eq(optref_run_new(&r, s, a, prec, NULL), OPTREF_SUCCESS);
    for (long t = 0; t < steps; t++)
        tu_step(r);
    return r;
}

size_t tu_q(const optref_setup *s, const char *name)
{
    char buf[64];
    for (size_t q = 0; q < optref_nq(s); q++) {
        optref_qname(s, q, buf, sizeof buf);
        if (strcmp(buf, name) == 0)
            return q;
    }
    ck_abort_msg("no quantity %s", name);
    return 0;
}

int tu_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *tu_srcdir(void)
{
    const char *d = getenv("OPTREF_SOURCE_ROOT");
    return d ? d : ".";
}

int tu_cases(optref_case **cases, size_t *n)
{
    char path[4096], err[1024];
    snprintf(path, sizeof path, "%s/golden/cases.in", tu_srcdir());
    if (optref_cases_read(path, cases, n, err, sizeof err) != OPTREF_SUCCESS) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}
