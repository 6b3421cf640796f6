/* fmtread.c: a number of a candidate's text as its format F holds it, the
 * reading rule of `optref verify` and `optref verify-step --rows`
 * (fmtread.h; doc/verify.md, "Candidate CSV").  Moved here from verify.c so
 * that both read alike. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "eb_num.h"
#include "fmtread.h"
#include "hexread.h"
#include "internal.h"
#include "lineread.h"

int optref_fr_digits(const optref_format *F) { return (int)mpfr_get_str_ndigits(10, (mpfr_prec_t)F->prec); }

/* A token that names no number but NaN or an infinity ("nan", "-inf",
 * "infinity", C99's "nan(...)"): read as that value in any format. */
static int nonfinite_token(const char *s)
{
    s += *s == '-' || *s == '+';
    return strncasecmp(s, "inf", 3) == 0 || strncasecmp(s, "nan", 3) == 0;
}

/* fl rounded once, directly from its text, to F: mpfr_strtofr at F's
 * precision in F's exponent range, then mpfr_subnormalize (the pattern of
 * MPFR's manual, §5.3).  Not through binary64 first: a decimal near the
 * midpoint of two values of F rounds differently the two ways.  *exact: fl
 * is a value of F; -1: MPFR did not read all of fl (what strtod took). */
static double round_text(const char *fl, const optref_format *F, mpfr_ptr scratch, int *exact)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(F->emin);
    mpfr_set_emax(F->emax);
    char *end;
    int inex = mpfr_strtofr(scratch, fl, &end, 0, MPFR_RNDN);
    inex = mpfr_check_range(scratch, inex, MPFR_RNDN);
    inex = mpfr_subnormalize(scratch, inex, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    *exact = *end ? -1 : inex == 0;
    return mpfr_get_d(scratch, MPFR_RNDN); /* exact: F fits in binary64 */
}

/* Significant digits a decimal was written with ("0.100" has 3). */
static int sig_digits(const char *s)
{
    int n = 0;
    s += *s == '-' || *s == '+';
    while (*s == '0' || *s == '.')
        s++;
    for (; *s && *s != 'e' && *s != 'E'; s++)
        n += isdigit((unsigned char)*s) != 0;
    return n;
}

/* Whether decimal fl (binary64 v) is f written out: f rounded to the digits
 * fl has (the shortest form "0.1" of 0.1f), or within half a unit of the
 * last of F's round-trip digits D of f.  A double's value written with 17
 * digits is neither (unless it is f), so it is not judged as F's. */
static int writes(int D, const char *fl, double v, double f)
{
    char buf[64];
    int k = 0, nd = sig_digits(fl);
    double w;
    if (nd > 0 && nd < D && snprintf(buf, sizeof buf, "%.*e", nd - 1, f) > 0 &&
        optref_parse_double(buf, &w) == OPTREF_SUCCESS && w == v)
        return 1;
    snprintf(buf, sizeof buf, "%.*e", D - 1, f);
    sscanf(strchr(buf, 'e') + 1, "%d", &k);
    return fabs(v - f) <= 0.5 * pow(10.0, k - D + 1) * (1 + 1e-9);
}

/* fl (binary64 v, which is fl itself when hex) rounded to F: v rounded to F
 * is fl rounded to F unless v is a midpoint of F (every midpoint of F is a
 * binary64, so none lies strictly between fl and v), which optref_eb_round
 * declines, as it declines a bottom of a binade, zero and overflow: those,
 * and hex text that v does not hold exactly, go to round_text (MPFR).  *exact
 * as round_text's: for a decimal, v == f where fl is not f makes writes()
 * accept it, as an exact fl would be. */
static double to_format(const char *fl, double v, int hex, const optref_format *F, mpfr_ptr scratch, int *exact)
{
    optref_eb_num x = { v, 0, 0 };
    double f;
    if ((hex || !strpbrk(fl, "xX")) && isfinite(v) && optref_eb_round(&x, F, &f)) {
        *exact = f == v;
        return f;
    }
    return round_text(fl, F, scratch, exact);
}

optref_fr optref_fr_read(const char *fl, const optref_format *F, int D, mpfr_ptr scratch, double *out)
{
    double v, f;
    int exact;
    int hex = optref_hex_exact(fl, &v); /* else strtod: the same bits */
    if (!hex && optref_parse_double(fl, &v) != OPTREF_SUCCESS)
        return OPTREF_FR_MALFORMED;
    *out = v;
    if (!hex && nonfinite_token(fl))
        return OPTREF_FR_OK;
    f = F->prec == 53 ? (exact = 1, v) : to_format(fl, v, hex, F, scratch, &exact); /* strtod rounds once */
    *out = f;
    if (exact < 0)
        return OPTREF_FR_MALFORMED;
    if (f == 0 && optref_literal_nonzero(fl))
        return OPTREF_FR_UNDERFLOW;
    if (isinf(f))
        return OPTREF_FR_OVERFLOW;
    if (exact || (!strpbrk(fl, "xX") && writes(D, fl, v, f)))
        return OPTREF_FR_OK;
    return OPTREF_FR_NOT_F;
}

void optref_fr_why(optref_fr code, const char *fl, const optref_format *F, int D, double f, char *why, size_t wlen)
{
    char vis[64];
    if (code == OPTREF_FR_MALFORMED)
        snprintf(why, wlen, "malformed number '%s'", optref_visible(vis, sizeof vis, fl, (size_t)-1));
    else if (code == OPTREF_FR_UNDERFLOW)
        snprintf(why, wlen, "'%.40s' underflows to 0 in %s", fl, F->name);
    else if (code == OPTREF_FR_OVERFLOW)
        snprintf(why, wlen, "'%.40s' overflows %s (beyond its largest finite value)", fl, F->name);
    else
        snprintf(why, wlen, "'%.40s' is not a %s value (nearest %.*g = %a); write %s values with %d significant "
                 "digits or in hex", fl, F->name, D, f, f, F->name, D);
}
