/* hexread.h: a direct reader for hexadecimal floating-point text, exact where
 * it answers (issue 13: verify reads candidates at parsing speed). */
#ifndef OPTREF_HEXREAD_H
#define OPTREF_HEXREAD_H

/* s, whole, is "[+-]0xH[.H][p[+-]D]" (either case) whose value is 0 or a
 * normal binary64 of at most 53 significant bits: *out = that value (the
 * bits strtod gives), return 1.  Anything else (decimal, more than 15
 * significant hex digits, a subnormal or out-of-range value, trailing text):
 * return 0 and the caller reads s with strtod. */
int optref_hex_exact(const char *s, double *out);

#endif
