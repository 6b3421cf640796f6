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
    OPTREF_FR_NOT_F      /* names no value of F (optref_fr_read); *out: the nearest */
} optref_fr;

/* Significant decimal digits that round-trip F (9 for binary32, 17 for binary64). */
int optref_fr_digits(const optref_format *F);

/* fl as F holds it: NaN or an infinity by name; else f = fl rounded once,
 * directly from its text, to F (nearest, ties to even, F's subnormals and
 * overflow).  In binary64 that is all.  In a narrower F fl must name f: hex
 * text exactly; a decimal x when binary64 reads it as f too (the round trip
 * of the double f: %.17g of the promoted value, Python's repr, JavaScript's
 * String), or when, n being its significant digits (from the first nonzero
 * one to the last nonzero one: trailing zeros are padding), x is f rounded
 * to n digits: to nearest, either way on a tie (printf's %.9g, optref run's
 * MPFR %.*Rg, JavaScript's toPrecision, numpy's shortest repr), or the other
 * way where that nearest n-digit decimal reads as another value of F (a
 * shortest printer beside a power of two: numpy's 1.2621775e-29 for 2^-96).
 * Else OPTREF_FR_NOT_F, *out = f.  scratch has F's precision (reused: no
 * allocation per value); D (optref_fr_digits) only names F's digits in
 * optref_fr_why's message.  *out is NaN where fl does not parse. */
optref_fr optref_fr_read(const char *fl, const optref_format *F, int D, mpfr_ptr scratch, double *out);

/* The one-line reason for a code other than OK (no "path:line: " prefix);
 * f: read's *out. */
void optref_fr_why(optref_fr code, const char *fl, const optref_format *F, int D, double f, char *why, size_t wlen);

#endif
