/* dfmt.h: exact binary64 formatting without printf, for `optref run`'s rows
 * (issue 13: run spent 95-98% of its time in printf).  Not installed.
 *
 * Each writes a NUL-terminated string into out (at least OPTREF_DFMT_MAX
 * bytes) and returns its length.  Finite arguments only (run prints nan and
 * inf itself).  suite dfmt holds them to glibc's snprintf byte for byte. */
#ifndef OPTREF_DFMT_H
#define OPTREF_DFMT_H

#define OPTREF_DFMT_MAX 32 /* "-0.00012345678901234567" or "-1.2345678901234567e-308": < 32 */

/* What glibc's "%.17g" prints: 17 significant digits, correctly rounded (ties
 * to even on the exact binary value), trailing zeros dropped.  The digits come
 * from Ryu's exact %e (ref/core/ryu/d2fixed.c). */
int optref_fmt_g17(double d, char *out);

/* "%a" in one normalisation: 0x1.<hex>p<exp>, trailing zero digits dropped,
 * zero 0x0p+0; subnormals normalised too (2^-1074 is 0x1p-1074, where glibc
 * prints 0x0.0000000000001p-1022). */
int optref_fmt_hex(double d, char *out);

/* A long in decimal, as "%ld". */
int optref_fmt_long(long v, char *out);

#endif
