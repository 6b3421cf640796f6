/* vstep_mixed_print.h: the mixed-precision part of verify-step's report
 * (cli/vstep_mixed_print.c; ref/oracle/vstep_mixed.h). */
#ifndef OPTREF_VSTEP_MIXED_PRINT_H
#define OPTREF_VSTEP_MIXED_PRINT_H

#include <stddef.h>

#include "vstep.h"

/* How the truth is rounded and judged (replaces the one-format lines). */
void vstep_mixed_print_truth(const optref_vsreport *r);
/* Per quantity: storage, rounding, values outside the allowed set and the
 * first, and for stochastic rounding the statistic, its bins and power. */
void vstep_mixed_print(const optref_vsreport *r);
/* A listed failure: the values allowed. */
void vstep_mixed_print_allowed(const optref_vsreport *r, const optref_vsfail *F);
/* The verdict without "PASS: "/"FAIL: " when the statistic decides it (no
 * value outside its set): 1, else 0 (the usual verdict). */
int vstep_mixed_verdict(const optref_vsreport *r, char *buf, size_t len);

#endif
