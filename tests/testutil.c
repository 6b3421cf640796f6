#include <stdio.h>
#include <string.h>

#include "testutil.h"

optref_setup tu_setup(const char *alg, const char *variant, const char *prob, const char *items)
{
    optref_setup s;
    const optref_algorithm *a = optref_algorithm_from_name(alg);
    const optref_problem *p = optref_problem_from_name(prob);
    ck_assert_msg(a && p, "unknown algorithm %s or problem %s", alg, prob);
    int v = variant ? optref_variant_from_name(a, variant) : 0;
    ck_assert_msg(v >= 0, "unknown variant %s", variant);
    optref_setup_init(&s, a, (size_t)v, p);
    char buf[1024], err[512];
    snprintf(buf, sizeof buf, "%s", items ? items : "");
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        ck_assert_msg(optref_setup_set(&s, tok, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    ck_assert_msg(optref_setup_check(&s, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    return s;
}

optref_run *tu_run(const optref_setup *s, optref_arith a, mpfr_prec_t prec, long steps)
{
    optref_run *r;
    ck_assert_int_eq(optref_run_new(&r, s, a, prec, NULL), OPTREF_SUCCESS);
    for (long t = 0; t < steps; t++)
        optref_run_step(r);
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
