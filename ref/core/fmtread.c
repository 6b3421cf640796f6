/* fmtread.c: a number of a candidate's text as its format F holds it, the
 * reading rule of `optref verify` and `optref verify-step --rows`
 * (fmtread.h; doc/verify.md, "Candidate CSV").  Moved here from verify.c so
 * that both read alike.
 *
 * Two steps for a decimal x in a format F narrower than binary64:
 *
 * 1. f = x rounded once, correctly, to F (to_format): strtod, then
 *    optref_eb_round, which declines the few doubles where the two roundings
 *    could differ (midpoints of F); those go to MPFR (round_text).
 * 2. Whether x names f (fmtread.h): binary64 reads x as f too (v == f), or x
 *    is a spelling of f (spelled): first a bound in binary64 proving x is f
 *    rounded to nearest to x's digits (10^q/2 against |v - f|), then Ryu's
 *    exact %e of f to those digits, compared with x's; only when both fail
 *    (a tie rounded the other way, a shortest form beside a power of two, or
 *    no spelling of f at all) the exact expansion of f decides.
 *
 * Neither step goes through MPFR for what printers write: the reading costs
 * one strtod and a few comparisons (115-130 ns a value, 3x less than the rule
 * before; `fr_tool bench`, tests/fr_tool.c). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "eb_num.h"
#include "fmtread.h"
#include "hexread.h"
#include "internal.h"
#include "lineread.h"
#define d2exp_buffered_n optref_ryu_d2exp_buffered_n /* renamed in meson.build, as in dfmt.c */
#include "ryu/ryu.h"

int optref_fr_digits(const optref_format *F) { return (int)mpfr_get_str_ndigits(10, (mpfr_prec_t)F->prec); }

/* A token that names no number but NaN or an infinity ("nan", "-inf",
 * "infinity", C99's "nan(...)"): read as that value in any format. */
static int nonfinite_token(const char *s)
{
    s += *s == '-' || *s == '+';
    int c = *s | 0x20; /* (a first test: the digits of a number need no strncasecmp) */
    return (c == 'i' || c == 'n') && (strncasecmp(s, "inf", 3) == 0 || strncasecmp(s, "nan", 3) == 0);
}

/* Whether text that strtod read whole is a hex float ("[+-]0x..."). */
static int hex_text(const char *s)
{
    s += *s == '-' || *s == '+';
    return s[0] == '0' && (s[1] | 0x20) == 'x';
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

/* fl (binary64 v, which is fl itself when hex) rounded to F: v rounded to F
 * is fl rounded to F unless v is a midpoint of F (every midpoint of F is a
 * binary64, so none lies strictly between fl and v), which optref_eb_round
 * declines, as it declines a bottom of a binade, zero and overflow: those,
 * and hex text that v does not hold exactly, go to round_text (MPFR).
 * *exact: f == v (for hex text that v holds, or MPFR's: fl is f); for a
 * decimal the caller asks spelled() instead. */
static double to_format(const char *fl, double v, int hex, const optref_format *F, mpfr_ptr scratch, int *exact)
{
    optref_eb_num x = { v, 0, 0 };
    double f;
    if ((hex || !hex_text(fl)) && isfinite(v) && optref_eb_round(&x, F, &f)) {
        *exact = f == v;
        return f;
    }
    return round_text(fl, F, scratch, exact);
}

/* ---- A decimal and its digits ------------------------------------------ */

/* Room for every digit of a binary64 (at most 767 significant ones): a
 * decimal with more has more than f, and is neither f nor a spelling of it. */
#define FR_DCAP 800

typedef struct {
    long nd;          /* significant digits (parse_dec): >= 1 */
    long ex;          /* |x| = d[0].d[1]d[2]... × 10^ex */
    char d[FR_DCAP];  /* the first min(nd, FR_DCAP) significant digits */
} dec;

/* s, a nonzero decimal that strtod read whole (no hex, no inf or nan), into
 * x.  Its significant digits run from the first nonzero one to the last
 * nonzero one: zeros after that are padding (numpy pads its arrays' digits
 * with them, 1.2345680e-03 for 1.234568e-03 of 0.0012345679f; its repr of
 * 2^27 in float32, shortest digits 13421773, is 134217730.0; printf's %e and
 * JavaScript's toPrecision keep them). */
static void parse_dec(const char *s, dec *x)
{
    const char *p = s + (*s == '-' || *s == '+');
    const char *ib = p, *ie, *fb, *fe;
    while (isdigit((unsigned char)*p))
        p++;
    ie = fb = fe = p;
    if (*p == '.') {
        fb = ++p;
        while (isdigit((unsigned char)*p))
            p++;
        fe = p;
    }
    long e = 0;
    if (*p == 'e' || *p == 'E') {
        int neg = *++p == '-';
        p += *p == '-' || *p == '+';
        for (; isdigit((unsigned char)*p); p++)
            if (e < 1000000000L)
                e = 10 * e + (*p - '0');
        e = neg ? -e : e;
    }
    const char *q = ib; /* the first nonzero digit */
    while (q < ie && *q == '0')
        q++;
    int in_int = q < ie;
    if (in_int)
        x->ex = (long)(ie - q) - 1 + e;
    else {
        q = fb;
        while (q < fe && *q == '0')
            q++;
        x->ex = -(long)(q - fb) - 1 + e;
    }
    long n = 0, last = 0; /* digits stored; digits up to the last nonzero one */
    for (const char *r = q; r < fe; r++) {
        if (r == ie)
            r = fb; /* past the point ('.' or end of the integer part) */
        if (r >= fe)
            break;
        char c = *r;
        if (n < FR_DCAP)
            x->d[n] = c;
        n++;
        if (c != '0')
            last = n;
    }
    x->nd = last;
}

/* Ryu's exact %.{prec}e of a > 0: its prec + 1 digits into dig (no point),
 * its exponent into *ex.  buf holds at least prec + 16 bytes. */
static void exp_digits(double a, int prec, char *buf, char *dig, long *ex)
{
    int len = d2exp_buffered_n(a, (uint32_t)prec, buf);
    buf[len] = '\0';
    dig[0] = buf[0];
    const char *p = buf + 1;
    if (*p == '.') {
        memcpy(dig + 1, p + 1, (size_t)prec);
        p += prec + 1;
    }
    long e = 0;
    int neg = p[1] == '-'; /* p at 'e' */
    for (p += 2; *p; p++)
        e = 10 * e + (*p - '0');
    *ex = neg ? -e : e;
}

/* Whether decimal text s names a (the nonzero magnitude) when read as F,
 * by the shortcut of optref_fr_read: strtod, then F (only for the rare
 * decision below; MPFR where the shortcut declines). */
static int reads_as(const char *s, double a, const optref_format *F, mpfr_ptr scratch)
{
    double v, f;
    int exact;
    if (optref_parse_double(s, &v) != OPTREF_SUCCESS)
        return 0;
    f = to_format(s, v, 0, F, scratch, &exact);
    return exact >= 0 && f == a;
}

/* 10^k, k = P10_MIN..40, each within an ulp (C17 6.4.4.2; GCC and clang
 * round decimal constants correctly): the scale of a digit of F's values,
 * 1.4e-45 to 3.4e38 (f32, bf16, f16), written with up to 40 digits. */
#define P10_MIN (-90)
static const double P10[] = {
    1e-90, 1e-89, 1e-88, 1e-87, 1e-86, 1e-85, 1e-84, 1e-83, 1e-82, 1e-81, 1e-80, 1e-79, 1e-78, 1e-77, 1e-76,
    1e-75, 1e-74, 1e-73, 1e-72, 1e-71, 1e-70, 1e-69, 1e-68, 1e-67, 1e-66, 1e-65, 1e-64, 1e-63, 1e-62, 1e-61,
    1e-60, 1e-59, 1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53, 1e-52, 1e-51, 1e-50, 1e-49, 1e-48, 1e-47, 1e-46,
    1e-45, 1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35, 1e-34, 1e-33, 1e-32, 1e-31,
    1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16,
    1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1,
    1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37,
    1e38, 1e39, 1e40,
};

/* Whether decimal x, which rounds to f in F (f finite, nonzero), is a
 * spelling of f: with n the digits x has (parse_dec), x is f rounded to n
 * significant digits, to nearest (either way on a tie: glibc and MPFR round
 * ties to even, JavaScript's toPrecision away from zero), or the other way
 * where the nearest n-digit decimal reads as another value of F (a shortest
 * printer next to a power of two, where the gap below f is half the gap
 * above: numpy's repr 1.2621775e-29 of 2^-96 in float32, whose nearest 8
 * digits 1.2621774e-29 read as the float32 below it). */
static int spelled(const char *fl, double v, double f, const optref_format *F, mpfr_ptr scratch)
{
    static _Thread_local dec x; /* FR_DCAP bytes: off the stack, and one per thread (verify-step's workers) */
    char buf[FR_DCAP + 32], dig[FR_DCAP + 8];
    double a = fabs(f);
    long ef;
    parse_dec(fl, &x);
    long q = x.ex - x.nd + 1; /* x = N·10^q, N an integer of nd digits */
    if (x.nd <= 40 && q >= P10_MIN && q <= 40 && !(x.nd == 1 && x.d[0] == '1')) {
        /* x is f rounded to nearest when |x - f| < 10^q / 2 (and x is not 10^ex:
         * f below it would have finer digits; else f is in x's decade).  With
         * v = RN64(x): |x - f| <= |v - f| + ulp(v)/2, |v - f| exact (Sterbenz:
         * f/2 <= x <= 2f, as x rounds to f, so f/2 <= v <= 2f), ulp(v) <=
         * |v|·2^-52 (v normal), P10 within 2^-52: 2^-50 covers the roundings. */
        double av = fabs(v);
        if (fabs(av - a) + av * 0x1p-52 <= 0.5 * P10[q - P10_MIN] * (1 - 0x1p-50))
            return 1;
    }
    if (x.nd <= 40) { /* Ryu's nearest-even n digits of f (%.17g's 17 digits, a tie) */
        exp_digits(a, (int)x.nd - 1, buf, dig, &ef);
        if (ef == x.ex && memcmp(dig, x.d, (size_t)x.nd) == 0)
            return 1;
    }
    /* The exact expansion of f: |f| = M·2^b, M odd, has ef - b + 1 significant
     * digits when b < 0 (M·5^-b is not a multiple of 10), ef + 1 at most else. */
    int e2;
    double m = frexp(a, &e2); /* a = m·2^e2, 1/2 <= m < 1 */
    uint64_t M = (uint64_t)ldexp(m, 53);
    int b = e2 - 53;
    while (!(M & 1)) {
        M >>= 1;
        b++;
    }
    int e10 = (int)floor(log10(a)) + 2; /* > ef, log10 being off by one or not */
    int prec = b < 0 ? e10 - b : e10;
    if (prec > FR_DCAP - 1)
        prec = FR_DCAP - 1;
    exp_digits(a, prec, buf, dig, &ef);
    long L = prec + 1;
    while (L > 1 && dig[L - 1] == '0')
        L--; /* dig[0..L): f exactly (the bound above is never short) */
    long n = x.nd;
    if (L <= n) /* f has n digits or fewer: its only spelling with n is itself (x's n-th is not 0) */
        return L == n && x.ex == ef && memcmp(x.d, dig, (size_t)L) == 0;
    /* lo = f rounded down to n digits (dig[0..n), exponent ef), hi up */
    char hi[FR_DCAP];
    long hiex = ef;
    memcpy(hi, dig, (size_t)n);
    long k = n - 1;
    for (; k >= 0 && hi[k] == '9'; k--)
        hi[k] = '0';
    if (k >= 0)
        hi[k]++;
    else {
        hi[0] = '1'; /* 99..9|x rounds up to 10..0 × 10^(ef+1) */
        hiex = ef + 1;
    }
    int is_lo = x.ex == ef && memcmp(x.d, dig, (size_t)n) == 0;
    int is_hi = x.ex == hiex && memcmp(x.d, hi, (size_t)n) == 0;
    if (!is_lo && !is_hi)
        return 0;
    if (dig[n] == '5' && L == n + 1)
        return 1; /* f is the midpoint of lo and hi: either is nearest */
    int hi_nearer = dig[n] >= '5';
    if (is_hi == hi_nearer)
        return 1; /* (when Ryu's digits were not x's: x had more than 40) */
    /* x is the farther of the two: is the nearer, y, a spelling of f? */
    char ys[FR_DCAP + 32];
    const char *yd = hi_nearer ? hi : dig;
    long yex = hi_nearer ? hiex : ef, o = 1;
    ys[0] = yd[0];
    if (n > 1) {
        ys[o++] = '.';
        memcpy(ys + o, yd + 1, (size_t)n - 1);
        o += n - 1;
    }
    snprintf(ys + o, sizeof ys - (size_t)o, "e%ld", yex);
    return !reads_as(ys, a, F, scratch); /* y reads as another value: x is what a shortest printer writes */
}

optref_fr optref_fr_read(const char *fl, const optref_format *F, int D, mpfr_ptr scratch, double *out)
{
    double v, f;
    int exact;
    (void)D;
    *out = NAN;
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
    if (F->prec == 53 || f == 0) /* binary64: any decimal, as strtod reads it; a zero written as one */
        return OPTREF_FR_OK;
    if (hex || hex_text(fl))
        return exact ? OPTREF_FR_OK : OPTREF_FR_NOT_F;
    /* a decimal binary64 reads as f too (a double's round trip: %.17g, repr) or a spelling of f */
    return v == f || spelled(fl, v, f, F, scratch) ? OPTREF_FR_OK : OPTREF_FR_NOT_F;
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
