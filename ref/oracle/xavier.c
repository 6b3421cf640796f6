/* xavier.c: Xavier/Glorot initialization, exactly, and a statistical check
 * of a tensor initialized with it.
 *
 * Sources
 *   Glorot, X. and Bengio, Y. (2010), "Understanding the difficulty of
 *   training deep feedforward neural networks", AISTATS, eq. 16 (normalized
 *   initialization): W ~ U[−√6/√(n_j + n_{j+1}), +√6/√(n_j + n_{j+1})],
 *   whose variance 2/(n_j + n_{j+1}) is the compromise between keeping the
 *   forward and the backward variances that the paper derives before it.
 *   PyTorch 1.13 torch/nn/init.py (read from the Debian package
 *   python3-torch): xavier_normal_ draws N(0, std²) untruncated with
 *   std = gain·√(2/(fan_in + fan_out)); xavier_uniform_ draws U(−a, a) with
 *   a = √3·std = gain·√(6/(fan_in + fan_out)); calculate_gain's table is the
 *   gain table below.  Framework differences: doc notes conventions.md §7
 *   (Keras's GlorotNormal is a truncated normal, rescaled by 1/0.8796).
 *   STATS 403 lecture 2, slide "initialization" (Xavier normal).
 *
 * @formula
 *   σ² = gain² · 2 / (fan_in + fan_out)        the normal form, N(0, σ²)
 *   a  = gain · √(6 / (fan_in + fan_out))      the uniform form, U(−a, a); a² = 3σ²
 * @end
 *
 * Slip in the slides: STATS 403's slide writes σ² = gain × 2/(2/(#in + #out)),
 * a fraction inside a fraction.  Taken literally that is gain·(#in + #out): a
 * variance that grows with the width of the layer, the opposite of the
 * method.  Two things are off: the inner fraction (2/(#in + #out) is meant),
 * and the gain, which PyTorch (the page the slide cites) applies to the
 * standard deviation, so that it enters the variance squared.  The code
 * follows Glorot & Bengio and torch: σ² = gain²·2/(fan_in + fan_out).
 *
 * Exact values.  σ, σ² and a are computed in MPFR from the gain's square as
 * an exact fraction (tanh: 25/9, relu: 2, selu: 9/16, leaky_relu:
 * 2/(1 + slope²), a number: its square), then rounded once to binary64; a Ziv
 * loop raises the precision until each value is exact or mpfr_can_round
 * proves its rounding (see settled()).  It ends: a value that is not dyadic
 * is eventually proven, and a dyadic one is eventually computed exactly.  (If
 * σ = g·√(2/n) is dyadic then 2/n is the square of a rational 1/s and
 * σ = g/s, at most 53 significant bits, so σ and a are never midpoints; σ²
 * can be one, e.g. gain 100000001 and n = 2, and then ties to even.)  torch
 * instead rounds the gain (5.0/3, math.sqrt(2.0) in double), then 2.0/n, its
 * square root and the product: four roundings.
 *
 * The check of a sample.  Mean and variance come from Σx and Σx², each
 * accumulated exactly in MPFR (a fixed-point span that holds any sum of
 * doubles, see the exact sums below), so both are correctly rounded whatever the order
 * or the cancellation: stronger than Welford's update or Kahan's
 * compensation, and as streaming (constant memory).  The Kolmogorov–Smirnov
 * statistic D_n = sup |F_n − F| needs the sample sorted, so the values are
 * held, up to max_values of them (default 2^22, 32 MiB); more is refused with
 * a clear error rather than approximated.  At that size D_n resolves CDF
 * differences of 1e−3, below those of the wrong samples the tests draw (from
 * 0.017, Keras's truncated normal, to 0.12, a wrong gain).  The
 * p-value is Kolmogorov's limiting distribution (Kolmogorov 1933) at
 * λ = (√n + 0.12 + 0.11/√n)·D_n, Stephens's (1970, JRSS B 32:115) finite-n
 * correction, as Numerical Recipes 3rd ed. §14.3.3 uses it.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "lineread.h"
#include "xavier.h"

/* ---- gains: torch.nn.init.calculate_gain (PyTorch 1.13) ------------------ */

/* gain² = g2num/g2den; leaky_relu's is 2/(1 + slope²), computed. */
static const struct {
    const char *name;
    unsigned long g2num, g2den;
} gains[] = {
    { "linear", 1, 1 },           { "identity", 1, 1 },         { "conv1d", 1, 1 },
    { "conv2d", 1, 1 },           { "conv3d", 1, 1 },           { "conv_transpose1d", 1, 1 },
    { "conv_transpose2d", 1, 1 }, { "conv_transpose3d", 1, 1 }, { "sigmoid", 1, 1 },
    { "tanh", 25, 9 },   /* gain 5/3 */
    { "relu", 2, 1 },    /* gain √2 */
    { "leaky_relu", 0, 0 },
    { "selu", 9, 16 },   /* gain 3/4 */
};
/* "identity" is in torch's documented table but its 1.13 code refuses the
 * name; it is accepted here, gain 1. */

#define LEAKY_DEFAULT_SLOPE 0.01 /* torch: param None -> 0.01 */
#define SLOPE_MAX 1e100

optref_status optref_xgain_from_name(optref_xgain *g, const char *spec, char *err, size_t errlen)
{
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    for (size_t k = 0; k < OPTREF_COUNT(gains); k++) {
        if (strlen(gains[k].name) != len || strncmp(gains[k].name, spec, len) != 0)
            continue;
        int leaky = gains[k].g2den == 0;
        *g = (optref_xgain){ .kind = (int)k, .value = leaky ? LEAKY_DEFAULT_SLOPE : 0 };
        if (colon && !leaky) {
            snprintf(err, errlen, "nonlinearity '%s' takes no parameter", gains[k].name);
            return OPTREF_EPARSE;
        }
        if (colon && (optref_parse_double(colon + 1, &g->value) != OPTREF_SUCCESS ||
                      !(fabs(g->value) <= SLOPE_MAX))) {
            char shown[64];
            snprintf(err, errlen, "leaky_relu: slope '%s' is not a number of magnitude at most 1e100",
                     optref_visible(shown, sizeof shown, colon + 1, (size_t)-1));
            return OPTREF_EPARSE;
        }
        if (leaky)
            snprintf(g->label, sizeof g->label, "leaky_relu:%.17g", g->value);
        else
            snprintf(g->label, sizeof g->label, "%s", gains[k].name);
        return OPTREF_SUCCESS;
    }
    char known[400] = "";
    for (size_t k = 0; k < OPTREF_COUNT(gains); k++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? ", " : "", gains[k].name);
    char shown[64];
    snprintf(err, errlen, "unknown nonlinearity '%s' (known: %s)", optref_visible(shown, sizeof shown, spec, len),
             known);
    return OPTREF_EUNKNOWN;
}

optref_status optref_xgain_from_value(optref_xgain *g, double v, char *err, size_t errlen)
{
    if (!(v >= OPTREF_XGAIN_MIN && v <= OPTREF_XGAIN_MAX)) {
        snprintf(err, errlen, "gain %g is not a number from 1e-100 to 1e100", v);
        return OPTREF_EVALUE;
    }
    *g = (optref_xgain){ .kind = -1, .value = v };
    snprintf(g->label, sizeof g->label, "%.17g", v);
    return OPTREF_SUCCESS;
}

/* ---- σ, σ², a exactly ------------------------------------------------------ */

/* gain² at precision p (at most 3 roundings); returns 1 if any was inexact. */
static int gain2(mpfr_t g2, const optref_xgain *g)
{
    int inex = 0;
    if (g->kind < 0) {
        inex |= mpfr_set_d(g2, g->value, MPFR_RNDN) != 0;
        inex |= mpfr_sqr(g2, g2, MPFR_RNDN) != 0;
    } else if (gains[g->kind].g2den == 0) {
        inex |= mpfr_set_d(g2, g->value, MPFR_RNDN) != 0;
        inex |= mpfr_sqr(g2, g2, MPFR_RNDN) != 0;      /* slope² */
        inex |= mpfr_add_ui(g2, g2, 1, MPFR_RNDN) != 0; /* 1 + slope² */
        inex |= mpfr_ui_div(g2, 2, g2, MPFR_RNDN) != 0; /* 2/(1 + slope²) */
    } else {
        mpfr_set_ui(g2, gains[g->kind].g2num, MPFR_RNDN);
        inex |= mpfr_div_ui(g2, g2, gains[g->kind].g2den, MPFR_RNDN) != 0;
    }
    return inex;
}

/* A value is settled when it is the exact value (no operation of its chain
 * was inexact: mpfr_get_d then rounds it once, ties to even, as IEEE 754),
 * or when the rounding of its approximation is proven.  Each approximation is
 * at most 6 roundings of relative size 2^−p from the exact value (a square
 * root halves what it is given), so within 2^(3−p) relatively and, since
 * |x| < 2^EXP(x), within 2^(EXP(x) − (p − 3)) absolutely: p − 4 bits are
 * trusted.  mpfr_can_round with RNDZ and 53 + 1 bits is MPFR's idiom for
 * "rounds correctly to nearest at 53 bits" (mpfr.texi, mpfr_can_round); it
 * never succeeds on a value that is a double or a midpoint, which is why
 * exact chains are recognised first. */
static int settled(mpfr_srcptr x, int inexact, long p)
{
    return !inexact || mpfr_can_round(x, p - 4, MPFR_RNDN, MPFR_RNDZ, 53 + 1);
}

static void digits(char *buf, size_t len, mpfr_srcptr x) { mpfr_snprintf(buf, len, "%.30Rg", x); }

static void result(optref_xexact *out, mpfr_srcptr gain, mpfr_srcptr var, mpfr_srcptr sigma, mpfr_srcptr a)
{
    /* normal range (the gain and fan limits), so mpfr_get_d rounds to
     * binary64 exactly as to 53 bits */
    *out = (optref_xexact){ .gain = mpfr_get_d(gain, MPFR_RNDN), .sigma = mpfr_get_d(sigma, MPFR_RNDN),
                            .var = mpfr_get_d(var, MPFR_RNDN), .a = mpfr_get_d(a, MPFR_RNDN) };
    digits(out->gain_exact, sizeof out->gain_exact, gain);
    digits(out->sigma_exact, sizeof out->sigma_exact, sigma);
    digits(out->var_exact, sizeof out->var_exact, var);
    digits(out->a_exact, sizeof out->a_exact, a);
}

optref_status optref_xavier_exact(long fan_in, long fan_out, const optref_xgain *g, optref_xexact *out)
{
    if (fan_in < 1 || fan_out < 1 || fan_in > OPTREF_XFAN_MAX || fan_out > OPTREF_XFAN_MAX)
        return OPTREF_EVALUE;
    unsigned long n = (unsigned long)fan_in + (unsigned long)fan_out;
    optref_status st = OPTREF_ENOTSETTLED;
    for (long p = 128; p <= 1L << 16 && st != OPTREF_SUCCESS; p *= 2) {
        mpfr_t g2, gain, var, sigma, a;
        mpfr_inits2(p, g2, gain, var, sigma, a, (mpfr_ptr)0);
        int ig2 = gain2(g2, g);
        int igain = ig2 | (mpfr_sqrt(gain, g2, MPFR_RNDN) != 0);
        mpfr_mul_ui(var, g2, 2, MPFR_RNDN); /* exact */
        int ivar = ig2 | (mpfr_div_ui(var, var, n, MPFR_RNDN) != 0);
        int isigma = ivar | (mpfr_sqrt(sigma, var, MPFR_RNDN) != 0);
        int ia = ig2 | (mpfr_mul_ui(a, g2, 6, MPFR_RNDN) != 0);
        ia |= mpfr_div_ui(a, a, n, MPFR_RNDN) != 0;
        ia |= mpfr_sqrt(a, a, MPFR_RNDN) != 0;
        if (settled(gain, igain, p) && settled(var, ivar, p) && settled(sigma, isigma, p) && settled(a, ia, p)) {
            result(out, gain, var, sigma, a);
            st = OPTREF_SUCCESS;
        }
        mpfr_clears(g2, gain, var, sigma, a, (mpfr_ptr)0);
    }
    return st;
}

/* ---- exact sums ------------------------------------------------------------ */

/* Every double is a multiple of 2^−1074 below 2^1024, so a sum of n <= 2^31
 * (MAX_N) of them is a multiple of 2^−1074 below 2^1055: 2129 bits hold it
 * exactly.  A square is a multiple of 2^−2148 below 2^2048, so Σx² fits 4227
 * bits, and n·Σx² − (Σx)² (a multiple of 2^−2148 below 2^2110) fits 4258.
 * MPFR rounds a result that fits its precision exactly, so every addition
 * below is exact; n(n − 1) < 2^62 fits an unsigned long. */
#define MAX_N (1L << 31)
#define S1_PREC 2200
#define S2_PREC 4300
#define D_PREC 4400

typedef struct {
    mpfr_t s1, s2, sq;
} sums;

static void sums_init(sums *s)
{
    mpfr_init2(s->s1, S1_PREC);
    mpfr_init2(s->s2, S2_PREC);
    mpfr_init2(s->sq, 106); /* x² exactly */
    mpfr_set_ui(s->s1, 0, MPFR_RNDN);
    mpfr_set_ui(s->s2, 0, MPFR_RNDN);
}

static void sums_add(sums *s, double x)
{
    mpfr_add_d(s->s1, s->s1, x, MPFR_RNDN);
    mpfr_set_d(s->sq, x, MPFR_RNDN);
    mpfr_sqr(s->sq, s->sq, MPFR_RNDN);
    mpfr_add(s->s2, s->s2, s->sq, MPFR_RNDN);
}

/* num/den rounded once to binary64, subnormals included: the quotient is
 * rounded to 53 bits in binary64's exponent range and then subnormalized
 * with its ternary value, so a tiny mean is not rounded twice. */
static double div_to_double(mpfr_srcptr num, unsigned long den)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t q;
    mpfr_init2(q, 53);
    mpfr_set_emin(optref_binary64.emin);
    mpfr_set_emax(optref_binary64.emax);
    int inex = mpfr_div_ui(q, num, den, MPFR_RNDN);
    inex = mpfr_check_range(q, inex, MPFR_RNDN);
    mpfr_subnormalize(q, inex, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    double d = mpfr_get_d(q, MPFR_RNDN);
    mpfr_clear(q);
    return d;
}

/* mean = Σx/n; var = (n·Σx² − (Σx)²)/(n(n − 1)): one rounding each. */
static void sums_finish(sums *s, long n, optref_xstats *st)
{
    mpfr_t d, t;
    mpfr_inits2(D_PREC, d, t, (mpfr_ptr)0);
    st->mean = div_to_double(s->s1, (unsigned long)n);
    mpfr_mul_ui(d, s->s2, (unsigned long)n, MPFR_RNDN);
    mpfr_sqr(t, s->s1, MPFR_RNDN);
    mpfr_sub(d, d, t, MPFR_RNDN);
    st->var = div_to_double(d, (unsigned long)n * (unsigned long)(n - 1));
    mpfr_clears(d, t, (mpfr_ptr)0);
}

/* ---- the reader ------------------------------------------------------------ */

/* Lines come from the project's bounded reader (ref/core/lineread.h: 1 MiB a
 * line, refused while reading; NUL bytes, a byte order mark and read errors
 * refused), and are split here on commas and blanks: memory is one line,
 * the chunk, and the held values. */
typedef struct {
    optref_lines rd;
    double *vals;
    long n, cap, max;
    sums s;
    char *err;
    size_t errlen;
} xreader;

static int fail(xreader *r, size_t col, const char *field, size_t flen, const char *what)
{
    char shown[96];
    if (field)
        snprintf(r->err, r->errlen, "%s:%ld:%zu: '%s' %s", r->rd.path, r->rd.lineno, col,
                 optref_visible(shown, sizeof shown, field, flen), what);
    else
        snprintf(r->err, r->errlen, "%s:%ld:%zu: %s", r->rd.path, r->rd.lineno, col, what);
    return -1;
}

static int keep(xreader *r, double x, size_t col)
{
    if (r->n == r->max) {
        char msg[200];
        snprintf(msg, sizeof msg, "more than %ld values: the KS statistic needs the whole sample sorted "
                 "in memory; test a subsample, or raise --max-values", r->max);
        return fail(r, col, NULL, 0, msg);
    }
    if (r->n == r->cap) {
        long cap = r->cap ? 2 * r->cap : 4096;
        cap = cap < r->max ? cap : r->max;
        double *v = realloc(r->vals, (size_t)cap * sizeof *v);
        if (!v)
            return fail(r, col, NULL, 0, "out of memory holding the sample");
        r->vals = v;
        r->cap = cap;
    }
    r->vals[r->n++] = x;
    sums_add(&r->s, x);
    return 0;
}

/* The field line[i..j): a finite number, kept. */
static int field(xreader *r, char *line, size_t i, size_t j)
{
    char save = line[j];
    double x;
    line[j] = '\0';
    int ok = optref_parse_double(line + i, &x) == OPTREF_SUCCESS;
    line[j] = save;
    if (!ok)
        return fail(r, i + 1, line + i, j - i, "is not a number");
    if (isnan(x))
        return fail(r, i + 1, line + i, j - i, "is NaN, not a sample value");
    if (isinf(x))
        return fail(r, i + 1, line + i, j - i, "is infinite or beyond binary64's range");
    return keep(r, x, i + 1);
}

/* Values separated by blanks or by commas (blanks around a comma allowed);
 * an empty field, or a comma at either end of the line, is an error. */
static int split_line(xreader *r, char *line, size_t len)
{
    size_t i = 0, comma = 0; /* comma: column of a comma still waiting for its value */
    long values = 0;
    while (i < len) {
        if (line[i] == ' ' || line[i] == '\t') {
            i++;
        } else if (line[i] == ',') {
            if (values == 0 || comma)
                return fail(r, i + 1, NULL, 0, "empty field: a comma with no value before it");
            comma = ++i;
        } else {
            size_t j = i;
            while (j < len && line[j] != ',' && line[j] != ' ' && line[j] != '\t')
                j++;
            if (field(r, line, i, j) < 0)
                return -1;
            values++;
            comma = 0;
            i = j;
        }
    }
    return comma ? fail(r, comma, NULL, 0, "a comma ends the line: a value is missing after it") : 0;
}

static int read_all(xreader *r)
{
    char *line;
    size_t len;
    int got;
    while ((got = optref_lines_next(&r->rd, &line, &len, r->err, r->errlen)) > 0)
        if (split_line(r, line, len) < 0)
            return -1;
    return got;
}

/* ---- Kolmogorov–Smirnov ---------------------------------------------------- */

/* Q_KS(λ): for λ ≥ 1.18 the alternating series 2 Σ (−1)^{k−1} e^{−2k²λ²}, whose
 * terms fall fast; below, 1 − K(λ) with Kolmogorov's theta-function form
 * K(λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}, which converges fast there
 * (Numerical Recipes 3rd ed. §6.14.12; Feller 1948). */
double optref_kolmogorov_q(double lambda)
{
    if (!(lambda > 0))
        return 1.0;
    double sum = 0;
    if (lambda < 1.18) {
        const double pi = 3.14159265358979323846;
        for (int k = 1; k <= 50; k++) {
            double t = exp(-(2.0 * k - 1) * (2.0 * k - 1) * pi * pi / (8 * lambda * lambda));
            sum += t;
            if (t < 1e-20 * sum)
                break;
        }
        double q = 1.0 - sqrt(2 * pi) / lambda * sum;
        return q < 0 ? 0 : q > 1 ? 1 : q;
    }
    for (int k = 1; k <= 50; k++) {
        double t = exp(-2.0 * k * k * lambda * lambda);
        sum += (k % 2 ? 2 : -2) * t;
        if (t < 1e-20 * fabs(sum))
            break;
    }
    return sum < 0 ? 0 : sum > 1 ? 1 : sum;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The null CDF: Φ(x/σ) = erfc(−x/(σ√2))/2, or the uniform's (x + a)/(2a)
 * clamped to [0, 1].  In double with libm's erfc (within a few ULPs): the
 * error is 1e−16, far below D_n's sampling spread of about 1/√n. */
static double null_cdf(double x, optref_xdist dist, double sigma, double a)
{
    if (dist == OPTREF_XNORMAL)
        return 0.5 * erfc(-x / (sigma * 1.41421356237309504880));
    double u = (x + a) / (2 * a);
    return u < 0 ? 0 : u > 1 ? 1 : u;
}

/* D_n = max_i max(i/n − F(x_(i)), F(x_(i)) − (i − 1)/n) over the sorted
 * sample; ties are handled by the same formula (the extra terms they add are
 * below the true ones). */
static double ks_statistic(double *v, long n, optref_xdist dist, double sigma, double a)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double d = 0;
    for (long i = 0; i < n; i++) {
        double F = null_cdf(v[i], dist, sigma, a);
        double hi = (double)(i + 1) / (double)n - F, lo = F - (double)i / (double)n;
        d = fmax(d, fmax(hi, lo));
    }
    return d;
}

optref_status optref_xavier_sample(FILE *f, const char *path, long max_values, optref_xdist dist,
                                   double sigma, double a, optref_xstats *st, char *err,
                                   size_t errlen)
{
    xreader r = { .max = max_values < MAX_N ? max_values : MAX_N, .err = err, .errlen = errlen };
    optref_lines_from(&r.rd, f, path, OPTREF_LINE_MAX);
    sums_init(&r.s);
    optref_status status = OPTREF_SUCCESS;
    *st = (optref_xstats){ .n = 0 };
    if (read_all(&r) < 0)
        status = OPTREF_EFORMAT;
    else if (r.n < 2) {
        snprintf(err, errlen, "%s:%ld:1: %s", path, r.rd.lineno + 1,
                 r.n ? "only one value: the check needs at least 2" : "no values");
        status = OPTREF_EFORMAT;
    }
    if (status == OPTREF_SUCCESS) {
        st->n = r.n;
        sums_finish(&r.s, r.n, st);
        st->min = st->max = r.vals[0];
        for (long i = 1; i < r.n; i++) {
            st->min = fmin(st->min, r.vals[i]);
            st->max = fmax(st->max, r.vals[i]);
        }
        st->ks_d = ks_statistic(r.vals, r.n, dist, sigma, a);
        double sn = sqrt((double)r.n);
        st->ks_lambda = (sn + 0.12 + 0.11 / sn) * st->ks_d;
        st->ks_p = optref_kolmogorov_q(st->ks_lambda);
    }
    mpfr_clears(r.s.s1, r.s.s2, r.s.sq, (mpfr_ptr)0);
    r.rd.f = NULL; /* the caller's stream: optref_lines_close frees only the buffers */
    optref_lines_close(&r.rd);
    free(r.vals);
    return status;
}
