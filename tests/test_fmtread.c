/* test_fmtread.c: the reading rule of `optref verify --dtype F` and
 * `verify-step --rows` (ref/core/fmtread.c), in f32, bf16 and f16 (and f64).
 *
 * 1. Printers: N random values of each format (all finite bf16 and f16 values
 *    in the slow run), from every class where the rule has a corner (random
 *    bits, subnormals, powers of two, values with few significand bits, whose
 *    decimal digits end in a tie, the extremes, integers beyond 2^p, neighbours
 *    of powers of ten), written by glibc's printf (%.Dg as optref prints F,
 *    %.9g, %.17g of the value promoted to double, %.{D-1}e, %.16e, %.20e, %a)
 *    and by MPFR's %.*Rg, the writer of `optref run --precision F`: each must
 *    read back as the value, sign of zero included.  (NumPy, JavaScript and
 *    the run command itself: tests/check_fmtread_printers.py.)
 * 2. The rule against an independent statement of it: decimals near each of
 *    the values (f rounded down and up to n digits and their neighbours, for
 *    n = 1..D+2, 16..18 and 25, in scientific and positional spellings,
 *    midpoints of F and decimals within 10^-40 of them) are judged by an
 *    oracle in exact rational arithmetic (GMP: its own rounding to F and to
 *    binary64, its own decimal parser) and by optref_fr_read, which must agree
 *    on the verdict and the value.
 * 3. Named cases: the float32 tie -4.50976562 (written by optref run and
 *    printf) and -4.50976563 (JavaScript's toPrecision), numpy's shortest
 *    forms next to powers of two, positional padding, what must be refused.
 *
 * Usage: test_fmtread [N [slow]] (default 20000 values per format; suite
 * slow: 10^6 float32 values, every bf16 and f16, with OPTREF_SLOW set). */
#define _POSIX_C_SOURCE 200809L
#include <gmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmtread.h"
#include "fmtread_oracle.h"
#include "optref.h"

static uint64_t state = 0x2545f4914f6cdd1du;
static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static long fails, reads, judged, verdicts[5];
static mpfr_t scratch;

static void fail(const char *fmt, const char *s, const char *what)
{
    if (fails++ < 20)
        printf("FAIL %s '%s': %s\n", fmt, s, what);
}

static int same(double a, double b) { return a == b && signbit(a) == signbit(b); }

/* ---- F's values ------------------------------------------------------------ */

/* m·2^q, m < 2^p (a subnormal when q = qmin and m < 2^(p-1)) */
static double val(const fmt *f, uint64_t m, long q) { return (void)f, ldexp((double)m, (int)q); }

/* The index-th of all finite non-negative values (index < count_all). */
static long count_all(const fmt *f) { return (f->qmax - f->qmin + 2) << (f->p - 1); }
static double nth(const fmt *f, long i)
{
    long E = i >> (f->p - 1);
    uint64_t m = (uint64_t)i & ((UINT64_C(1) << (f->p - 1)) - 1);
    return E == 0 ? val(f, m, f->qmin) : val(f, m | UINT64_C(1) << (f->p - 1), f->qmin + E - 1);
}

/* A random value of f, by class. */
static double random_value(const fmt *f)
{
    uint64_t r = next(), top = UINT64_C(1) << (f->p - 1);
    long nq = f->qmax - f->qmin + 1, q = f->qmin + (long)(next() % (uint64_t)nq);
    double v;
    switch (r % 16) {
    case 0: /* a power of two, subnormal ones too */
        v = next() % 8 == 0 ? val(f, UINT64_C(1) << (next() % (uint64_t)f->p), f->qmin) : val(f, top, q);
        break;
    case 1:
    case 2: { /* few significand bits: short decimal expansions, ties at D digits */
        int bits = 1 + (int)(next() % (uint64_t)(f->p - 1 < 12 ? f->p - 1 : 12));
        uint64_t m = top | (next() & ((UINT64_C(1) << bits) - 1)) << (f->p - 1 - bits);
        long qq = -30 + (long)(next() % 60);
        v = val(f, m, qq < f->qmin ? f->qmin : qq > f->qmax ? f->qmax : qq);
        break;
    }
    case 3: { /* the extremes and their neighbours */
        uint64_t k = next() % 4;
        double c[] = { val(f, (top << 1) - 1 - k, f->qmax), val(f, top + k, f->qmin), val(f, top - 1 - k, f->qmin),
                       val(f, 1 + k, f->qmin) };
        v = c[next() % 4];
        break;
    }
    case 4: { /* next to a power of ten: 10^k rounded to f, and a few ulps off */
        long k = (long)(next() % 80) - 45;
        double t = pow(10, (double)k);
        int e;
        frexp(t, &e);
        long qq = e - f->p;
        qq = qq < f->qmin ? f->qmin : qq;
        double m = nearbyint(ldexp(t, (int)-qq)) + (double)((long)(next() % 7) - 3);
        v = m >= 1 && m < (double)(top << 1) && qq <= f->qmax ? val(f, (uint64_t)m, qq) : val(f, top, q);
        break;
    }
    case 5: /* an integer beyond 2^p (positional zeros are padding) */
        v = val(f, top | (next() & (top - 1)), f->qmax < 1 ? f->qmax : 1 + (long)(next() % (uint64_t)(f->qmax < 12 ? f->qmax : 12)));
        break;
    default: { /* random bits of a finite value */
        long i = (long)(next() % (uint64_t)count_all(f));
        v = nth(f, i);
    }
    }
    return next() & 1 ? -v : v;
}

/* ---- 1. printers ----------------------------------------------------------- */

static void read_back(const fmt *f, const char *s, double want)
{
    double got;
    reads++;
    optref_fr code = optref_fr_read(s, f->F, f->D, scratch, &got);
    if (code != OPTREF_FR_OK || !same(got, want)) {
        char why[300], msg[400];
        optref_fr_why(code, s, f->F, f->D, got, why, sizeof why);
        snprintf(msg, sizeof msg, "want %a, got %s%a (%s)", want, code == OPTREF_FR_OK ? "" : "error, ", got,
                 code == OPTREF_FR_OK ? "read" : why);
        fail(f->F->name, s, msg);
    }
}

static void printers(const fmt *f, double v)
{
    char s[128];
    snprintf(s, sizeof s, "%.*g", f->D, v); /* optref's %.Dg (run: MPFR's below) */
    read_back(f, s, v);
    snprintf(s, sizeof s, "%.9g", v);
    read_back(f, s, v);
    snprintf(s, sizeof s, "%.17g", v); /* the value promoted to double */
    read_back(f, s, v);
    snprintf(s, sizeof s, "%.*e", f->D - 1, v);
    read_back(f, s, v);
    snprintf(s, sizeof s, "%.16e", v);
    read_back(f, s, v);
    snprintf(s, sizeof s, "%.20e", v);
    read_back(f, s, v);
    snprintf(s, sizeof s, "%a", v);
    read_back(f, s, v);
    mpfr_t x;
    mpfr_init2(x, f->p);
    mpfr_set_d(x, v, MPFR_RNDN); /* exact */
    mpfr_snprintf(s, sizeof s, "%.*Rg", f->D, x); /* cli/cmd_run.c, print_value_mp */
    read_back(f, s, v);
    mpfr_clear(x);
}

/* ---- 2. the oracle (fmtread_oracle.h) --------------------------------------- */

static void judge(const fmt *f, const char *s)
{
    double want, got;
    optref_fr w = oracle(f, s, &want), code = optref_fr_read(s, f->F, f->D, scratch, &got);
    judged++;
    verdicts[w]++;
    int value_matters = w == OPTREF_FR_OK || w == OPTREF_FR_NOT_F;
    if (code != w || (value_matters && !same(got, want))) {
        char msg[300];
        static const char *const names[] = { "OK", "MALFORMED", "UNDERFLOW", "OVERFLOW", "NOT_F" };
        snprintf(msg, sizeof msg, "oracle %s %a, optref_fr_read %s %a", names[w], want, names[code], got);
        fail(f->F->name, s, msg);
    }
}

/* N·10^e (N > 0) written in one of several spellings: scientific (style 0),
 * positional (1), positional with ".0" after an integer (2); the sign given. */
static void spell(char *out, size_t len, int neg, const mpz_t N, long e, int style)
{
    char *d = mpz_get_str(NULL, 10, N);
    long nd = (long)strlen(d), x = e + nd - 1; /* the decimal exponent */
    char *buf = malloc((size_t)(nd + (e < 0 ? -e : e) + 64)), *o = buf;
    if (neg)
        *o++ = '-';
    if (style == 0 || x > 40 || x < -40)
        o += sprintf(o, "%c%s%se%+ld", d[0], nd > 1 ? "." : "", d + 1, x);
    else if (e >= 0) {
        o += sprintf(o, "%s", d);
        for (long i = 0; i < e; i++)
            *o++ = '0';
        if (style == 2)
            o += sprintf(o, ".0");
    } else if (nd > -e)
        o += sprintf(o, "%.*s.%s", (int)(nd + e), d, d + nd + e);
    else {
        o += sprintf(o, "0.");
        for (long i = 0; i < -e - nd; i++)
            *o++ = '0';
        o += sprintf(o, "%s", d);
    }
    *o = '\0';
    snprintf(out, len, "%s", buf);
    free(buf);
    free(d);
}

/* Decimals around v: f rounded down and up to n digits and their neighbours,
 * midpoints of F beside v and decimals within 10^-40 of them. */
static void near_misses(const fmt *f, double v)
{
    static const int extra[] = { 16, 17, 18, 25 };
    mpq_t a, t, u;
    mpz_t N, M;
    mpq_inits(a, t, u, NULL);
    mpz_inits(N, M, NULL);
    int neg = signbit(v) != 0;
    double av = fabs(v);
    if (av == 0) {
        judge(f, neg ? "-0" : "0");
        judge(f, "1e-60");
        goto out;
    }
    mpq_set_d(a, av);
    long e10 = (long)floor(log10(av));
    char s[2048];
    for (int i = 0; i < f->D + 2 + 4; i++) {
        int n = i < f->D + 2 ? i + 1 : extra[i - f->D - 2];
        long e = e10 - n + 1;
        pow10q(u, e);
        mpq_div(t, a, u);
        mpz_fdiv_q(N, mpq_numref(t), mpq_denref(t));
        for (int d = -1; d <= 2; d++) {
            mpz_set(M, N);
            if (d < 0)
                mpz_sub_ui(M, M, 1);
            else
                mpz_add_ui(M, M, (unsigned long)d);
            if (mpz_sgn(M) <= 0)
                continue;
            spell(s, sizeof s, neg, M, e, (int)(next() % 3));
            judge(f, s);
        }
    }
    /* the midpoints between v and its neighbours in F, exactly and 10^-40·|v| off */
    int ex;
    frexp(av, &ex);
    long q = ex - f->p < f->qmin ? f->qmin : ex - f->p; /* v's ulp: 2^q */
    for (int side = -1; side <= 1; side += 2) {
        mpq_set_ui(u, 1, side > 0 || av != ldexp(1, ex - 1) || q == f->qmin ? 2 : 4); /* half the gap, */
        if (q >= 0)                                                                    /* exactly */
            mpq_mul_2exp(u, u, (mp_bitcnt_t)q);
        else
            mpq_div_2exp(u, u, (mp_bitcnt_t)-q);
        (side > 0 ? mpq_add : mpq_sub)(t, a, u);
        /* t = M / 2^j exactly; as a decimal: M·5^j / 10^j */
        mpz_set(M, mpq_numref(t));
        unsigned long j = (unsigned long)mpz_scan1(mpq_denref(t), 0);
        mpz_ui_pow_ui(N, 5, j);
        mpz_mul(M, M, N);
        if (mpz_sgn(M) > 0) {
            spell(s, sizeof s, neg, M, -(long)j, 0);
            judge(f, s);
            long digits = (long)mpz_sizeinbase(M, 10);
            long pad = 45 - digits > 0 ? 45 - digits : 1;
            mpz_ui_pow_ui(N, 10, (unsigned long)pad);
            mpz_mul(M, M, N);
            mpz_add_ui(N, M, 1);
            spell(s, sizeof s, neg, N, -(long)j - pad, 0);
            judge(f, s);
            mpz_sub_ui(N, M, 1);
            spell(s, sizeof s, neg, N, -(long)j - pad, 0);
            judge(f, s);
        }
    }
out:
    mpq_clears(a, t, u, NULL);
    mpz_clears(N, M, NULL);
}

/* ---- 3. named cases ---------------------------------------------------------- */

static void expect(const fmt *f, const char *s, optref_fr want, const char *hexv)
{
    double got = 0, w = hexv ? strtod(hexv, NULL) : 0;
    mpfr_set_prec(scratch, f->p); /* optref_fr_read's scratch has F's precision */
    optref_fr code = optref_fr_read(s, f->F, f->D, scratch, &got);
    char msg[700], why[300];
    optref_fr_why(code, s, f->F, f->D, got, why, sizeof why);
    snprintf(msg, sizeof msg, "want code %d %s, got %d %a (%s)", (int)want, hexv ? hexv : "", (int)code, got,
             code == OPTREF_FR_OK ? "read" : why);
    if (code != want || (hexv && !same(got, w)) || strchr(why, '\n'))
        fail(f->F->name, s, msg);
}

static void named(void)
{
    fmt f32 = make(&optref_binary32), b16 = make(&optref_bfloat16), h16 = make(&optref_binary16);
    const optref_fr OK = OPTREF_FR_OK, NOT = OPTREF_FR_NOT_F;
    expect(&f32, "-4.50976562", OK, "-0x1.20ap+2");          /* %.9g and optref run of a tie: ties to even */
    expect(&f32, "-4.50976563", OK, "-0x1.20ap+2");          /* JavaScript's toPrecision(9): away from zero */
    expect(&f32, "-4.509765625", OK, "-0x1.20ap+2");         /* exact */
    expect(&f32, "-4.5097656250000", OK, "-0x1.20ap+2");     /* exact, trailing zeros */
    expect(&f32, "-4.50976561", NOT, "-0x1.20ap+2");
    expect(&f32, "-4.50976564", NOT, "-0x1.20ap+2");
    expect(&f32, "-4.5097656", OK, "-0x1.20ap+2");           /* 8 digits: nearest */
    expect(&f32, "1.2621775e-29", OK, "0x1p-96");            /* numpy's shortest of 2^-96 */
    expect(&f32, "1.2621774e-29", OK, "0x1.fffffep-97");     /* ... nearer, but the float32 below */
    expect(&f32, "1.2621776e-29", OK, "0x1.000002p-96");     /* ... and the one above it */
    expect(&f32, "1.26217745e-29", OK, "0x1p-96");           /* %.9g */
    expect(&f32, "1.26217746e-29", NOT, "0x1p-96");
    expect(&f32, "134217730.0", OK, "0x1p+27");              /* numpy's positional repr of 2^27 */
    expect(&f32, "134217730", OK, "0x1p+27");
    expect(&f32, "134217728", OK, "0x1p+27");
    expect(&f32, "134217729", NOT, "0x1p+27");
    expect(&f32, "5.684341886080802e-14", OK, "0x1p-44");    /* Python's repr of the double 2^-44 */
    expect(&f32, "5.684341886080801e-14", OK, "0x1p-44");    /* %.16g */
    expect(&f32, "5.6843418860808015e-14", OK, "0x1p-44");   /* %.17g */
    expect(&f32, "5.684341886080803e-14", NOT, "0x1p-44");
    expect(&f32, "0.1", OK, "0x1.99999ap-4");
    expect(&f32, "0.100000001", OK, "0x1.99999ap-4");
    expect(&f32, "0.10000000149011612", OK, "0x1.99999ap-4"); /* repr of the promoted double */
    expect(&f32, "0.100000000", OK, "0x1.99999ap-4");         /* trailing zeros are padding: "0.1" */
    expect(&f32, "1.2345680e-03", OK, "0x1.43a274p-10");      /* numpy's array str: 1.234568e-03 padded */
    expect(&f32, "0.10000000000000001", NOT, "0x1.99999ap-4"); /* %.17g of the double 0.1 */
    expect(&f32, "0.100000002", NOT, "0x1.99999ap-4");        /* rounds to 0.1f, but its 9 digits are not */
    expect(&f32, "0.50000001", NOT, "0x1p-1");
    expect(&f32, "0.50000000000000001", OK, "0x1p-1");        /* binary64 reads it as 0.5 too */
    expect(&f32, "3.40282347e+38", OK, "0x1.fffffep+127");    /* FLT_MAX, %.9g */
    expect(&f32, "3.4028235e+38", OK, "0x1.fffffep+127");     /* its shortest */
    expect(&f32, "340282356779733661637539395458142568448", OPTREF_FR_OVERFLOW, NULL); /* FLT_MAX + ulp/2: to inf */
    expect(&f32, "3.4028235677973366e+38", NOT, "0x1.fffffep+127"); /* just below it (binary64 reads the midpoint) */
    expect(&f32, "1.40129846e-45", OK, "0x1p-149");           /* the least subnormal */
    expect(&f32, "1e-45", OK, "0x1p-149");                    /* its shortest */
    expect(&f32, "7.00649232e-46", OPTREF_FR_UNDERFLOW, NULL); /* half of it, to even: 0 */
    expect(&f32, "7.0064924e-46", NOT, "0x1p-149");           /* above half: rounds to it, no spelling of it */
    expect(&f32, "-0", OK, "-0x0p+0");
    expect(&f32, "0.000", OK, "0x0p+0");
    expect(&f32, "1e-50", OPTREF_FR_UNDERFLOW, NULL);
    expect(&f32, "1e39", OPTREF_FR_OVERFLOW, NULL);
    expect(&f32, "0x1.20ap+2", OK, "0x1.20ap+2");
    expect(&f32, "0x1.0000001p0", NOT, "0x1p+0");
    expect(&f32, "1.5x", OPTREF_FR_MALFORMED, NULL);
    expect(&f32, "nan", OK, NULL);
    expect(&b16, "1.562", OK, "0x1.9p+0");                    /* bf16 1.5625: %.4g ties to even */
    expect(&b16, "1.563", OK, "0x1.9p+0");                    /* toPrecision(4) */
    expect(&b16, "1.564", NOT, "0x1.9p+0");
    expect(&b16, "3.39e+38", OK, "0x1.fep+127");              /* the largest bf16, %.4g */
    expect(&b16, "1.1", OK, "0x1.1ap+0");                     /* 2 digits: the bf16 nearest 1.1 */
    expect(&h16, "6.55e+04", OK, "0x1.ffcp+15");              /* numpy's repr of 65504 */
    expect(&h16, "65500.0", OK, "0x1.ffcp+15");
    expect(&h16, "65504", OK, "0x1.ffcp+15");
    expect(&h16, "65520", OPTREF_FR_OVERFLOW, NULL);          /* the midpoint to 2^16: ties to inf */
    expect(&h16, "5.96e-08", OK, "0x1p-24");                  /* the least f16 subnormal */
    expect(&h16, "2.98e-08", OPTREF_FR_UNDERFLOW, NULL);      /* below half of it */
    expect(&h16, "0.01563", OK, "0x1p-6");                    /* numpy's str of 2^-6 */
    expect(&h16, "0.01562", OK, "0x1.ffcp-7");                /* %.4g of it: 4 digits name the f16 below */
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    int slow = argc > 2 && strcmp(argv[2], "slow") == 0;
    if (slow && !getenv("OPTREF_SLOW"))
        return 77; /* suite slow runs with OPTREF_SLOW=1, as the others */
    if (getenv("OPTREF_VALGRIND"))
        n /= 20;
    const optref_format *Fs[] = { &optref_binary32, &optref_bfloat16, &optref_binary16, &optref_binary64 };
    for (int i = 0; i < 4; i++) {
        fmt f = make(Fs[i]);
        mpfr_init2(scratch, f.p);
        long before = reads, jb = judged;
        memset(verdicts, 0, sizeof verdicts);
        if (slow && f.p < 24) /* every finite value, both signs */
            for (long k = 0; k < count_all(&f); k++) {
                printers(&f, nth(&f, k));
                printers(&f, -nth(&f, k));
                if (k % 8 == 0)
                    near_misses(&f, next() & 1 ? nth(&f, k) : -nth(&f, k));
            }
        else
            for (long k = 0; k < (f.p == 53 ? n / 10 : n); k++) {
                double v = random_value(&f);
                if (f.p < 53)
                    printers(&f, v);
                if (k % (slow ? 8 : 4) == 0)
                    near_misses(&f, v);
            }
        printf("%s: %ld spellings by printf and MPFR read back; %ld decimals judged as the oracle does "
               "(%ld values, %ld no value of F, %ld underflows, %ld overflows)\n", f.F->name, reads - before,
               judged - jb, verdicts[OPTREF_FR_OK], verdicts[OPTREF_FR_NOT_F], verdicts[OPTREF_FR_UNDERFLOW],
               verdicts[OPTREF_FR_OVERFLOW]);
        mpfr_clear(scratch);
    }
    mpfr_init2(scratch, 24);
    named();
    mpfr_clear(scratch);
    mpfr_free_cache();
    printf("%ld failures\n", fails);
    return fails != 0;
}
