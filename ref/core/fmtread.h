/* fmtread.h: one number of a candidate's text, read as its format F holds it
 * (issue 9 item 4, issue 11): `optref verify` (ref/oracle/verify.c) and
 * `optref verify-step --rows` (ref/oracle/vstep_rows.c) share this rule. */
#ifndef OPTREF_FMTREAD_H
#define OPTREF_FMTREAD_H

#include <stddef.h>

#include "optref_mpfr.h"

typedef enum {
    OPTREF_FR_OK = 0,    /* *out: NaN, an infinity, or a value of F */
    OPTREF_FR_MALFORMED, /* not a number (or trailing text) */
    OPTREF_FR_UNDERFLOW, /* a nonzero literal that rounds to 0 in F */
    OPTREF_FR_OVERFLOW,  /* beyond F's largest finite value */
    OPTREF_FR_NOT_F      /* none of F's values written out; *out: the nearest */
} optref_fr;

/* Significant decimal digits that round-trip F (9 for binary32, 17 for binary64). */
int optref_fr_digits(const optref_format *F);

/* fl as F holds it: NaN or an infinity by name; else fl rounded once,
 * directly from its text, to F (nearest, ties to even, F's subnormals and
 * overflow), which must be fl's value or, for a decimal, be what fl writes
 * out: that value rounded to the digits fl has (the shortest form), or
 * within half a unit in the last of D = optref_fr_digits(F) digits.  scratch
 * has F's precision (reused: no allocation per value). */
optref_fr optref_fr_read(const char *fl, const optref_format *F, int D, mpfr_ptr scratch, double *out);

/* The one-line reason for a code other than OK (no "path:line: " prefix);
 * f: read's *out. */
void optref_fr_why(optref_fr code, const char *fl, const optref_format *F, int D, double f, char *why, size_t wlen);

#endif
