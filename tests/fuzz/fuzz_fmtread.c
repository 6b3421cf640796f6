/* fuzz_fmtread.c: one number of a candidate's text read as format F
 * (ref/core/fmtread.c, the rule of verify --dtype and verify-step --rows).
 * The first byte picks F (f64, f32, bf16, f16), the rest is the token.  The
 * reason for a refusal is one line; a value read is a value of F (or NaN, an
 * infinity); and a plain decimal of reasonable size is judged as the exact
 * oracle of tests/fmtread_oracle.h judges it, verdict and value. */
#ifndef _GNU_SOURCE /* also given by tests/fuzz/meson.build */
#define _GNU_SOURCE
#endif
#include <math.h>

#include "../fmtread_oracle.h"
#include "fuzz.h"

/* A plain decimal the oracle can take: [-+]digits[.digits][e[-+]digits], at
 * most 300 characters, an exponent below 10^4 (strtod, and so the reader,
 * take more; the oracle would compute 10^exponent). */
static int plain_decimal(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    int digits = 0;
    if (strlen(s) > 300)
        return 0;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += *p == '-' || *p == '+';
        int n = 0;
        for (; *p >= '0' && *p <= '9'; p++)
            if (++n > 4)
                return 0;
        if (!n)
            return 0;
    }
    return *p == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const optref_format *fmts[] = { &optref_binary64, &optref_binary32, &optref_bfloat16,
                                           &optref_binary16 };
    if (size == 0)
        return 0;
    char *s = fuzz_string(data + 1, size - 1, 1000);
    if (!s)
        return 0;
    fmt f = make(fmts[data[0] & 3]);
    mpfr_t scratch;
    mpfr_init2(scratch, f.p);
    double got, want;
    char why[256];
    optref_fr code = optref_fr_read(s, f.F, f.D, scratch, &got);
    if (code != OPTREF_FR_OK) {
        optref_fr_why(code, s, f.F, f.D, got, why, sizeof why);
        if (strchr(why, '\n'))
            abort();
    } else if (isfinite(got)) { /* a value of F: f.p bits at most, in F's range */
        mpfr_t x;
        mpfr_init2(x, f.p);
        if (mpfr_set_d(x, got, MPFR_RNDN) != 0 || fabs(got) >= ldexp(1, (int)f.F->emax) ||
            (got != 0 && fabs(got) < ldexp(1, (int)f.qmin)))
            abort();
        if (got != 0 && fabs(got) < ldexp(1, (int)(f.qmin + f.p - 1)) && /* a subnormal: a multiple of 2^qmin */
            ldexp(got, (int)-f.qmin) != nearbyint(ldexp(got, (int)-f.qmin)))
            abort();
        mpfr_clear(x);
    }
    if (plain_decimal(s)) {
        optref_fr w = oracle(&f, s, &want);
        if (w != code || ((w == OPTREF_FR_OK || w == OPTREF_FR_NOT_F) && !(want == got && signbit(want) == signbit(got))))
            abort();
    }
    mpfr_clear(scratch);
    free(s);
    return 0;
}
