/* optref_mpfr.h: exact values out of an MPFR run, and rounding to a format.
 * Include after optref.h; needs MPFR (pkg-config mpfr). */
#ifndef OPTREF_MPFR_H
#define OPTREF_MPFR_H

#include <mpfr.h>

#include "optref.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flat value q of an MPFR run at its precision; NULL for a double run. */
mpfr_srcptr optref_run_get_mp(const optref_run *r, size_t q);

/* Overwrites flat value q of an MPFR run (rounded to its precision); a
 * double run takes v rounded to nearest double. */
void optref_run_set_mp(optref_run *r, size_t q, mpfr_srcptr v);

/* x rounded to nearest in fmt (precision, exponent range, subnormals). */
double optref_round_to(mpfr_srcptr x, const optref_format *fmt);
/* The same with a caller's scalar of precision fmt->prec, for loops. */
double optref_round_to_scratch(mpfr_ptr scratch, mpfr_srcptr x, const optref_format *fmt);
/* The same, rounded in direction rnd. */
double optref_round_to_dir(mpfr_ptr scratch, mpfr_srcptr x, const optref_format *fmt, mpfr_rnd_t rnd);

#ifdef __cplusplus
}
#endif

#endif
