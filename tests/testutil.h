/* testutil.h: helpers shared by optref's Check suites.
 *
 * ck_assert_ulp replaces ck_assert_double_eq_tol, which is absolute-only and
 * prints no hex (check.h): it measures ULPs of the expected value (glibc's
 * ULPDIFF) and reports expected and got in decimal and hex. */
#ifndef OPTREF_TESTUTIL_H
#define OPTREF_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "golden.h"
#include "optref.h"
#include "optref_mpfr.h"

#define ck_assert_ulp(got, expected, max_ulp, ...)                                             \
    do {                                                                                       \
        double g_ = (got), e_ = (expected);                                                    \
        double u_ = optref_ulp_distance(g_, e_, &optref_binary64);                             \
        char ctx_[256];                                                                        \
        snprintf(ctx_, sizeof ctx_, __VA_ARGS__);                                              \
        ck_assert_msg(u_ <= (double)(max_ulp),                                                 \
                      "%s: expected %.17g (%a), got %.17g (%a): %.3g ULP > %g allowed", ctx_,   \
                      e_, e_, g_, g_, u_, (double)(max_ulp));                                  \
    } while (0)

/* A setup from names ("quad-0.1-2" or a spec "quad:a=0.1,2"; variant NULL:
 * the first) and space-separated name=value items, checked; aborts the test
 * on any error.  The setup belongs to testutil: it is freed at exit (every
 * test process, forked or not), so a failing assertion leaks nothing. */
optref_setup *tu_setup(const char *alg, const char *variant, const char *prob, const char *items);

/* Run s for `steps` updates in the given arithmetic; returns the run. */
optref_run *tu_run(const optref_setup *s, optref_arith a, long prec, long steps);
/* One update, asserting its status. */
void tu_step(optref_run *r);

/* Flat index of a named value ("x[0]", "v[1]", "b1t", "eta", "f") of a setup. */
size_t tu_q(const optref_setup *s, const char *name);

/* Run the suite with CK_ENV verbosity; exit status for meson. */
int tu_main(Suite *s);

/* The source tree (meson passes OPTREF_SOURCE_ROOT). */
const char *tu_srcdir(void);

/* Reads golden/cases.in of the source tree; on failure prints why and
 * returns -1, and the caller exits 99 (a hard error for meson, never a pass).
 * Free with optref_cases_free. */
int tu_cases(optref_case **cases, size_t *n);

#endif
