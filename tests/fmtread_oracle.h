/* fmtread_oracle.h: the reading rule of ref/core/fmtread.c restated, in
 * exact rational arithmetic (GMP) and independently of it: its own decimal
 * parser, its own rounding to F and to binary64.  tests/test_fmtread.c and
 * tests/fuzz/fuzz_fmtread.c judge optref_fr_read by it. */
#ifndef OPTREF_FMTREAD_ORACLE_H
#define OPTREF_FMTREAD_ORACLE_H

#include <gmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fmtread.h"
#include "optref.h"

typedef struct {
    const optref_format *F;
    int p;         /* precision */
    long qmin;     /* the least subnormal is 2^qmin (MPFR's emin - 1) */
    long qmax;     /* the largest finite value is (2^p - 1)·2^qmax */
    int D;         /* round-trip digits: optref_fr_digits */
} fmt;

static fmt make(const optref_format *F)
{
    fmt f = { F, (int)F->prec, F->emin - 1, F->emax - F->prec, optref_fr_digits(F) };
    return f;
}

/* |x| rounded to nearest, ties to even, with precision p, least subnormal
 * 2^qmin, overflow at 2^(qmax+p): k·2^q; returns 0 (zero), 1, or 2 (inf). */
static int round_exact(const mpq_t x, int p, long qmin, long qmax, mpz_t k, long *q)
{
    if (mpq_sgn(x) == 0)
        return 0;
    mpq_t a, t;
    mpz_t r;
    mpq_inits(a, t, NULL);
    mpz_init(r);
    mpq_abs(a, x);
    long e = (long)mpz_sizeinbase(mpq_numref(a), 2) - (long)mpz_sizeinbase(mpq_denref(a), 2); /* 2^(e-1) <= a < 2^(e+1) */
    for (;;) { /* the e with 2^(e-1) <= a < 2^e */
        mpq_set_ui(t, 1, 1);
        if (e >= 0)
            mpq_mul_2exp(t, t, (mp_bitcnt_t)e);
        else
            mpq_div_2exp(t, t, (mp_bitcnt_t)-e);
        if (mpq_cmp(a, t) >= 0) {
            e++;
            continue;
        }
        mpq_div_2exp(t, t, 1);
        if (mpq_cmp(a, t) < 0) {
            e--;
            continue;
        }
        break;
    }
    *q = (e > qmin + p ? e : qmin + p) - p;
    if (*q >= 0)
        mpq_div_2exp(t, a, (mp_bitcnt_t)*q);
    else
        mpq_mul_2exp(t, a, (mp_bitcnt_t)-*q); /* t = a / 2^q */
    mpz_fdiv_qr(k, r, mpq_numref(t), mpq_denref(t));
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, mpq_denref(t));
    if (c > 0 || (c == 0 && mpz_odd_p(k)))
        mpz_add_ui(k, k, 1);
    int rc = mpz_sgn(k) == 0 ? 0 : 1;
    if (rc) { /* k·2^q >= 2^(qmax + p): beyond the largest finite value */
        mpz_t lim;
        mpz_init_set_ui(lim, 1);
        long sh = qmax + p - *q;
        if (sh < 0 || (mpz_mul_2exp(lim, lim, (mp_bitcnt_t)sh), mpz_cmp(k, lim) >= 0))
            rc = 2;
        mpz_clear(lim);
    }
    mpq_clears(a, t, NULL);
    mpz_clear(r);
    return rc;
}

static void dyadic(mpq_t out, const mpz_t k, long q)
{
    mpq_set_z(out, k);
    if (q >= 0)
        mpq_mul_2exp(out, out, (mp_bitcnt_t)q);
    else
        mpq_div_2exp(out, out, (mp_bitcnt_t)-q);
}

static void pow10q(mpq_t out, long e)
{
    mpz_t z;
    mpz_init(z);
    mpz_ui_pow_ui(z, 10, (unsigned long)(e < 0 ? -e : e));
    mpq_set_z(out, z);
    if (e < 0)
        mpq_inv(out, out);
    mpz_clear(z);
}

/* A decimal's value, and its significant digits as the rule counts them (the
 * definition in fmtread.h, restated): from the first nonzero digit to the
 * last nonzero one. */
static long parse_decimal(const char *s, mpq_t x)
{
    const char *p = s + (*s == '-' || *s == '+');
    char *digits = malloc(strlen(s) + 2), *d = digits;
    long fraclen = 0, e = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        *d++ = *p;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, fraclen++)
            *d++ = *p;
    *d = '\0';
    if (*p == 'e' || *p == 'E')
        e = strtol(p + 1, NULL, 10);
    mpz_t n;
    mpz_init_set_str(n, *digits ? digits : "0", 10);
    mpq_t t;
    mpq_init(t);
    pow10q(t, e - fraclen);
    mpq_set_z(x, n);
    mpq_mul(x, x, t);
    if (*s == '-')
        mpq_neg(x, x);
    const char *first = digits;
    while (*first == '0')
        first++;
    long nd = (long)strlen(first);
    while (nd > 1 && first[nd - 1] == '0')
        nd--;
    mpz_clear(n);
    mpq_clear(t);
    free(digits);
    return nd;
}

/* The rule, restated (fmtread.h): x names f = x rounded to F if binary64
 * reads x as f too, or if x is f rounded to x's n digits, down or up, the
 * nearer of the two (either on a tie) or the farther where the nearer reads
 * as another value of F.  Decimals only. */
static optref_fr oracle(const fmt *f, const char *s, double *out)
{
    mpq_t x, fv, g, u, t, lo, hi, dx, dother;
    mpz_t k, L;
    long q, qg;
    optref_fr code = OPTREF_FR_NOT_F;
    mpq_inits(x, fv, g, u, t, lo, hi, dx, dother, NULL);
    mpz_inits(k, L, NULL);
    long n = parse_decimal(s, x);
    int neg = mpq_sgn(x) < 0 || (mpq_sgn(x) == 0 && *s == '-');
    int rc = round_exact(x, f->p, f->qmin, f->qmax, k, &q);
    *out = rc == 0 ? 0.0 : rc == 2 ? INFINITY : ldexp(mpz_get_d(k), (int)q);
    *out = neg ? -*out : *out;
    if (rc == 0) {
        code = mpq_sgn(x) == 0 ? OPTREF_FR_OK : OPTREF_FR_UNDERFLOW;
        goto done;
    }
    if (rc == 2) {
        code = OPTREF_FR_OVERFLOW;
        goto done;
    }
    dyadic(fv, k, q); /* |f| */
    mpq_abs(x, x);
    if (f->p == 53) {
        code = OPTREF_FR_OK;
        goto done;
    }
    mpz_t kg;
    mpz_init(kg);
    if (round_exact(x, 53, -1074, 1024 - 53, kg, &qg) == 1) { /* (A) binary64 reads x as f */
        dyadic(g, kg, qg);
        if (mpq_equal(g, fv))
            code = OPTREF_FR_OK;
    }
    mpz_clear(kg);
    if (code == OPTREF_FR_OK)
        goto done;
    /* (B): e10 = floor(log10 |f|), u = 10^(e10 - n + 1), lo = floor(f/u)·u, hi = ceil(f/u)·u */
    long e10 = (long)floor(log10(fabs(*out)));
    for (;;) {
        pow10q(t, e10);
        if (mpq_cmp(t, fv) > 0) {
            e10--;
            continue;
        }
        pow10q(t, e10 + 1);
        if (mpq_cmp(t, fv) <= 0) {
            e10++;
            continue;
        }
        break;
    }
    pow10q(u, e10 - n + 1);
    mpq_div(t, fv, u);
    mpz_fdiv_q(L, mpq_numref(t), mpq_denref(t));
    mpq_set_z(lo, L);
    mpq_mul(lo, lo, u);
    mpz_cdiv_q(L, mpq_numref(t), mpq_denref(t));
    mpq_set_z(hi, L);
    mpq_mul(hi, hi, u);
    int is_lo = mpq_equal(x, lo), is_hi = mpq_equal(x, hi);
    if (is_lo && is_hi)
        code = OPTREF_FR_OK; /* x is f */
    else if (is_lo || is_hi) {
        mpq_sub(dx, x, fv);
        mpq_abs(dx, dx);
        mpq_sub(dother, is_lo ? hi : lo, fv);
        mpq_abs(dother, dother);
        if (mpq_cmp(dx, dother) <= 0)
            code = OPTREF_FR_OK;
        else {
            mpz_t ko;
            long qo;
            mpz_init(ko);
            int ro = round_exact(is_lo ? hi : lo, f->p, f->qmin, f->qmax, ko, &qo);
            if (ro != 1 || mpz_cmp(ko, k) != 0 || qo != q) {
                /* compare values, not representations: k·2^q in lowest terms differs only by even k */
                mpq_t o;
                mpq_init(o);
                dyadic(o, ko, qo);
                if (ro != 1 || !mpq_equal(o, fv))
                    code = OPTREF_FR_OK;
                mpq_clear(o);
            }
            mpz_clear(ko);
        }
    }
done:
    mpq_clears(x, fv, g, u, t, lo, hi, dx, dother, NULL);
    mpz_clears(k, L, NULL);
    return code;
}

#endif
