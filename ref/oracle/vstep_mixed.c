/* vstep_mixed.c: mixed-precision judgments of verify-step (vstep_mixed.h,
 * doc/verify-step.md "Mixed precision").
 *
 * Stochastic rounding as in llm.c (llmc/cuda_utils.cuh, stochastic_rounding: 16
 * random bits against the 16 bits of the float32 value below the bfloat16
 * mantissa) and torchao (torchao/optim/quant_utils.py, _fp32_to_bf16_sr):
 * the value rounds away from zero with probability equal to its fractional
 * position between its two bfloat16 neighbours.  Here: rounds up (toward +∞)
 * with probability p = (e − RD(e)) / (RU(e) − RD(e)), the same event. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vstep_mixed.h"
#include "optref_mpfr.h"

#define OPTREF_VSM_MINVAR 10.0 /* a bin enters the statistic when Σp(1−p) >= this (normal approximation) */
#define FIX 4503599627370496.0 /* 2^52 */
#define POWER_DRAWS 20000

/* ---- options ------------------------------------------------------------------ */

static void entries_free(optref_vsmixed *m)
{
    for (size_t k = 0; k < m->ne; k++)
        free(m->e[k].name);
    free(m->e);
}

void optref_vsmixed_free(optref_vsmixed *m)
{
    if (!m)
        return;
    entries_free(m);
    free(m);
}

static optref_vsm_entry *entry(optref_vsmixed *m, const char *name, size_t len)
{
    for (size_t k = 0; k < m->ne; k++)
        if (strlen(m->e[k].name) == len && strncmp(m->e[k].name, name, len) == 0)
            return &m->e[k];
    optref_vsm_entry *n = realloc(m->e, (m->ne + 1) * sizeof *n);
    if (!n)
        return NULL;
    m->e = n;
    n = &m->e[m->ne];
    *n = (optref_vsm_entry){ .name = strndup(name, len), .sr = -1 };
    if (!n->name)
        return NULL;
    m->ne++;
    return n;
}

static int rounding_from(const char *s, size_t len)
{
    if (len == 7 && strncmp(s, "nearest", 7) == 0)
        return 0;
    if (len == 10 && strncmp(s, "stochastic", 10) == 0)
        return 1;
    return -1;
}

/* One comma-separated list: "VALUE", "name=VALUE", ...; storage (fmts) or rounding. */
static optref_status parse_list(optref_vsmixed *m, const char *opt, const char *list, int rounding, int *seen_default,
                                char *err, size_t errlen)
{
    for (const char *p = list;; p++) {
        const char *end = p + strcspn(p, ","), *eq = memchr(p, '=', (size_t)(end - p));
        const char *val = eq ? eq + 1 : p;
        size_t vlen = (size_t)(end - val);
        char vbuf[32];
        snprintf(vbuf, sizeof vbuf, "%.*s", (int)(vlen < 31 ? vlen : 31), val);
        const optref_format *f = rounding ? NULL : vlen < 31 ? optref_format_from_name(vbuf) : NULL;
        int r = rounding ? rounding_from(val, vlen) : 0;
        if ((!rounding && !f) || r < 0)
            return snprintf(err, errlen, "%s '%s': '%.*s' is none of %s", opt, list, (int)vlen, val,
                            rounding ? "nearest, stochastic" : "f64, f32, bf16, f16"), OPTREF_EUNKNOWN;
        if (!eq) {
            if ((*seen_default)++)
                return snprintf(err, errlen, "%s '%s': two defaults (give one bare value, the rest as name=value)",
                                opt, list), OPTREF_EVALUE;
            if (rounding)
                m->sr = r;
            else
                m->storage = f;
        } else {
            if (eq == p)
                return snprintf(err, errlen, "%s '%s': a quantity name is missing before '='", opt, list),
                       OPTREF_EPARSE;
            optref_vsm_entry *e = entry(m, p, (size_t)(eq - p));
            if (!e)
                return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
            if (rounding ? e->sr >= 0 : e->fmt != NULL)
                return snprintf(err, errlen, "%s '%s': '%s' is given twice", opt, list, e->name), OPTREF_EVALUE;
            if (rounding)
                e->sr = r;
            else
                e->fmt = f;
        }
        if (!*end)
            return OPTREF_SUCCESS;
        p = end;
    }
}

/* A stochastic rounding asked for a quantity stored at least as wide as M rounds nothing. */
static optref_status check_sr(const optref_vsmixed *m, char *err, size_t errlen)
{
    for (size_t k = 0; k < m->ne; k++) {
        const optref_format *f = m->e[k].fmt ? m->e[k].fmt : m->storage;
        if (m->e[k].sr == 1 && f->prec >= m->math->prec)
            return snprintf(err, errlen, "--store-rounding %s=stochastic: %s is stored as %s, not narrower than "
                            "the math format %s: nothing to round", m->e[k].name, m->e[k].name, f->name,
                            m->math->name), OPTREF_EVALUE;
    }
    if (m->sr == 1 && m->storage->prec >= m->math->prec && m->ne == 0)
        return snprintf(err, errlen, "--store-rounding stochastic: storage %s is not narrower than the math format "
                        "%s: nothing to round", m->storage->name, m->math->name), OPTREF_EVALUE;
    return OPTREF_SUCCESS;
}

optref_status optref_vsmixed_parse(optref_vsmixed **out, const char *math, const char *storage, const char *rounding,
                                   double alpha, const char *dtype, char *err, size_t errlen)
{
    *out = NULL;
    if (!math && !storage && !rounding)
        return OPTREF_SUCCESS;
    if (dtype)
        return snprintf(err, errlen, "--dtype %s with --%s: --dtype is one format for everything; give --math and "
                        "--storage instead", dtype, math ? "math" : storage ? "storage" : "store-rounding"),
               OPTREF_EVALUE;
    if (!math || !storage)
        return snprintf(err, errlen, "%s needs %s (mixed precision: --math F --storage S[,name=S...])",
                        math ? "--math" : storage ? "--storage" : "--store-rounding", math ? "--storage" : "--math"),
               OPTREF_EVALUE;
    optref_vsmixed *m = calloc(1, sizeof *m);
    if (!m)
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    m->alpha = isnan(alpha) || alpha == 0 ? 1e-6 : alpha;
    optref_status st = OPTREF_SUCCESS;
    if (!(m->math = optref_format_from_name(math)))
        st = (snprintf(err, errlen, "--math '%s' is none of f64, f32, bf16, f16", math), OPTREF_EUNKNOWN);
    else if (!(m->alpha > 0 && m->alpha < 0.5))
        st = (snprintf(err, errlen, "--sr-alpha %g: a significance in (0, 0.5)", m->alpha), OPTREF_EVALUE);
    int seen = 0, seen_r = 0;
    if (st == OPTREF_SUCCESS)
        st = parse_list(m, "--storage", storage, 0, &seen, err, errlen);
    if (st == OPTREF_SUCCESS && !seen)
        m->storage = m->math; /* only named quantities narrowed: the rest kept in M */
    if (st == OPTREF_SUCCESS && rounding)
        st = parse_list(m, "--store-rounding", rounding, 1, &seen_r, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = check_sr(m, err, errlen);
    if (st != OPTREF_SUCCESS)
        return optref_vsmixed_free(m), st;
    *out = m;
    return OPTREF_SUCCESS;
}

optref_status optref_vsmixed_names(const optref_vsmixed *m, const char *const *names, size_t n, char *err,
                                   size_t errlen)
{
    for (size_t k = 0; m && k < m->ne; k++) {
        size_t j = 0;
        while (j < n && strcmp(names[j], m->e[k].name) != 0)
            j++;
        if (j == n)
            return snprintf(err, errlen, "--storage/--store-rounding: '%s' is not a quantity of this step (x, g and "
                            "the state: `optref list`)", m->e[k].name), OPTREF_EUNKNOWN;
    }
    return OPTREF_SUCCESS;
}

static const optref_vsm_entry *find(const optref_vsmixed *m, const char *name)
{
    for (size_t k = 0; k < m->ne; k++)
        if (strcmp(m->e[k].name, name) == 0)
            return &m->e[k];
    return NULL;
}

const optref_format *optref_vsmixed_storage(const optref_vsmixed *m, const char *name)
{
    const optref_vsm_entry *e = find(m, name);
    return e && e->fmt ? e->fmt : m->storage;
}

int optref_vsmixed_sr(const optref_vsmixed *m, const char *name)
{
    const optref_vsm_entry *e = find(m, name);
    int sr = e && e->sr >= 0 ? e->sr : m->sr;
    return sr == 1 && optref_vsmixed_storage(m, name)->prec < m->math->prec;
}

/* ---- one value ------------------------------------------------------------------ */

/* ulp of |y| in f (MPFR's exponent convention, subnormals: as ref/core/ulp.c). */
static double ulp_of(double y, const optref_format *f)
{
    long emin_normal = f->emin + f->prec - 1;
    int e = (int)emin_normal;
    if (y != 0 && isfinite(y))
        (void)frexp(y, &e);
    return ldexp(1, (int)((e < emin_normal ? emin_normal : e) - f->prec));
}

/* x rounded in direction rnd to f (precision, exponent range, subnormals). */
static double round_dir(mpfr_ptr s, mpfr_srcptr x, const optref_format *f, mpfr_rnd_t rnd)
{
    if (mpfr_get_prec(s) != f->prec)
        mpfr_set_prec(s, f->prec);
    return optref_round_to_dir(s, x, f, rnd);
}

/* e ± B rounded to f: a in direction rnd, then to f. */
static double shifted(optref_vsm_tmp *t, mpfr_srcptr e, double B, const optref_format *f, mpfr_rnd_t rnd)
{
    mpfr_set_d(t->b, B, MPFR_RNDN);
    mpfr_add(t->a, e, t->b, rnd);
    return round_dir(t->s, t->a, f, rnd);
}

typedef struct {
    double lo, hi, dn, up, rn;
} bounds;

static bounds bounds_of(optref_vsm_tmp *t, mpfr_srcptr e, double B, const optref_format *f, int sr)
{
    bounds b;
    b.rn = round_dir(t->s, e, f, MPFR_RNDN);
    b.dn = round_dir(t->s, e, f, MPFR_RNDD);
    b.up = round_dir(t->s, e, f, MPFR_RNDU);
    b.lo = shifted(t, e, -B, f, sr ? MPFR_RNDD : MPFR_RNDN);
    b.hi = shifted(t, e, B, f, sr ? MPFR_RNDU : MPFR_RNDN);
    return b;
}

void optref_vsm_tmp_init(optref_vsm_tmp *t)
{
    mpfr_init2(t->a, 1100);
    mpfr_init2(t->b, 53);
    mpfr_init2(t->s, 53);
}

void optref_vsm_tmp_clear(optref_vsm_tmp *t)
{
    mpfr_clear(t->a);
    mpfr_clear(t->b);
    mpfr_clear(t->s);
}

static optref_i128 fixp(double x) { return (optref_i128)llrint(ldexp(x < 0 ? 0 : x > 1 ? 1 : x, 52)); }

/* A stochastic rounding with unambiguous neighbours dn < up: into its bin of p. */
static void tally(optref_vsm_acc *acc, optref_vsm_tmp *t, mpfr_srcptr e, const bounds *b, double B, double got)
{
    mpfr_sub_d(t->a, e, b->dn, MPFR_RNDN);
    double w = b->up - b->dn, p = mpfr_get_d(t->a, MPFR_RNDN) / w, q = p + 0.1 > 1 ? 1 : p + 0.1;
    int k = (int)(p * OPTREF_VSM_NBIN);
    optref_vsm_bin *bin = &acc->bin[k < 0 ? 0 : k >= OPTREF_VSM_NBIN ? OPTREF_VSM_NBIN - 1 : k];
    acc->tested++;
    bin->n++;
    bin->ups += got == b->up;
    bin->above_half += p > 0.5;
    bin->sp += fixp(p);
    bin->spq += fixp(p * (1 - p));
    bin->sdelta += fixp(B / w);
    bin->sq += fixp(q);
    bin->sqq += fixp(q * (1 - q));
}

void optref_vsmixed_value(const optref_vsmixed *m, const char *name, double budget, mpfr_srcptr e0, mpfr_srcptr e1,
                          double got, double before, size_t i, optref_vsm_acc *acc, optref_vsm_tmp *t,
                          optref_vsm_val *out)
{
    const optref_format *S = optref_vsmixed_storage(m, name);
    int sr = optref_vsmixed_sr(m, name);
    double d = mpfr_get_d(e1, MPFR_RNDN);
    *out = (optref_vsm_val){ .settled = 1, .expected = d, .lo = d, .hi = d };
    if (!mpfr_number_p(e1)) { /* NaN or ±inf exactly: the candidate's must be the same */
        out->settled = mpfr_nan_p(e0) ? mpfr_nan_p(e1) != 0 : mpfr_equal_p(e0, e1) != 0;
        out->outside = !(got == d || (isnan(got) && isnan(d)));
    } else {
        double sc = fmax(fabs(d), isfinite(before) ? fabs(before) : 0);
        double B = budget * ulp_of(sc, m->math);
        bounds b1 = bounds_of(t, e1, B, S, sr), b0 = bounds_of(t, e0, B, S, sr);
        if (b0.lo != b1.lo || b0.hi != b1.hi || b0.rn != b1.rn || b0.dn != b1.dn || b0.up != b1.up) {
            out->settled = 0;
            return;
        }
        out->expected = sr ? d : b1.rn;
        out->lo = b1.lo;
        out->hi = b1.hi;
        out->outside = !(got >= b1.lo && got <= b1.hi);
        if (sr && !out->outside && b1.dn != b1.up && isfinite(b1.up) && isfinite(b1.dn)) {
            if (b1.lo == b1.dn && b1.hi == b1.up)
                tally(acc, t, e1, &b1, B, got);
            else
                acc->ambiguous++;
        }
    }
    out->ulp = optref_ulp_distance_floor(got, out->expected, isfinite(before) ? fabs(before) : 0, S);
    if (out->outside) {
        if (!acc->any_out || i < acc->first_out)
            acc->first_out = i;
        acc->any_out = 1;
        acc->outside++;
    }
}

void optref_vsm_acc_add(optref_vsm_acc *to, const optref_vsm_acc *from)
{
    if (from->any_out && (!to->any_out || from->first_out < to->first_out))
        to->first_out = from->first_out;
    to->any_out |= from->any_out;
    to->outside += from->outside;
    to->tested += from->tested;
    to->ambiguous += from->ambiguous;
    for (int k = 0; k < OPTREF_VSM_NBIN; k++) {
        optref_vsm_bin *a = &to->bin[k];
        const optref_vsm_bin *b = &from->bin[k];
        a->n += b->n;
        a->ups += b->ups;
        a->above_half += b->above_half;
        a->sp += b->sp;
        a->spq += b->spq;
        a->sdelta += b->sdelta;
        a->sq += b->sq;
        a->sqq += b->sqq;
    }
}

/* ---- the statistic ----------------------------------------------------------------- */

/* Regularized incomplete gamma: P(a, x) by its series for x < a + 1, Q(a, x)
 * by its continued fraction (modified Lentz) otherwise (Abramowitz & Stegun 6.5.29, 6.5.31). */
static double gamma_q(double a, double x)
{
    if (x <= 0)
        return 1;
    double lead = exp(-x + a * log(x) - lgamma(a));
    if (x < a + 1) {
        double sum = 1 / a, term = sum;
        for (int n = 1; n < 10000 && fabs(term) > fabs(sum) * 1e-17; n++)
            sum += term *= x / (a + n);
        return 1 - sum * lead;
    }
    double tiny = 1e-300, b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int n = 1; n < 10000; n++) {
        double an = -n * (n - a);
        b += 2;
        d = an * d + b;
        d = fabs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-16)
            break;
    }
    return lead * h;
}

double optref_chi2_sf(double x, int dof) { return dof > 0 ? gamma_q(dof / 2.0, x / 2) : 1; }

double optref_chi2_crit(double alpha, int dof)
{
    double lo = 0, hi = dof + 10;
    while (optref_chi2_sf(hi, dof) > alpha)
        hi *= 2;
    for (int k = 0; k < 200; k++) {
        double mid = (lo + hi) / 2;
        *(optref_chi2_sf(mid, dof) > alpha ? &lo : &hi) = mid;
    }
    return hi;
}

static double unfix(optref_i128 v) { return (double)v / FIX; }

/* Bin b's contribution to the statistic when o rounds up: its deviation from
 * Σp beyond the math errors' allowance Σδ, in standard deviations. */
static double zb(const optref_vsm_bin *b, double o)
{
    double dev = fabs(o - unfix(b->sp)) - unfix(b->sdelta);
    return dev > 0 ? dev / sqrt(unfix(b->spq)) : 0;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double gauss(uint64_t *s) /* Box–Muller */
{
    double u = ((double)(splitmix(s) >> 11) + 0.5) / 9007199254740992.0;
    double v = (double)(splitmix(s) >> 11) / 9007199254740992.0;
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* P(statistic > crit) when bin b's ups are N(mean[b], var[b]): drawn (fixed seed). */
static double power_of(const optref_vsm_kind *k, const int *used, const double *mean, const double *var)
{
    uint64_t seed = 20261123;
    long hits = 0;
    int random = 0;
    for (int b = 0; b < OPTREF_VSM_NBIN; b++)
        random |= used[b] && var[b] > 0;
    int draws = random ? POWER_DRAWS : 1;
    for (int r = 0; r < draws; r++) {
        double x2 = 0;
        for (int b = 0; b < OPTREF_VSM_NBIN; b++)
            if (used[b]) {
                double z = zb(&k->bin[b], mean[b] + (var[b] > 0 ? sqrt(var[b]) * gauss(&seed) : 0));
                x2 += z * z;
            }
        hits += x2 > k->crit;
    }
    return (double)hits / draws;
}

void optref_vsm_finish(optref_vsm_kind *k, double alpha)
{
    int used[OPTREF_VSM_NBIN] = { 0 };
    k->dof = 0;
    k->chi2 = 0;
    for (int b = 0; b < OPTREF_VSM_NBIN; b++)
        if (unfix(k->bin[b].spq) >= OPTREF_VSM_MINVAR) {
            double z = zb(&k->bin[b], (double)k->bin[b].ups);
            used[b] = 1;
            k->dof++;
            k->chi2 += z * z;
        }
    k->pvalue = optref_chi2_sf(k->chi2, k->dof);
    k->crit = k->dof ? optref_chi2_crit(alpha, k->dof) : NAN;
    k->stat_fail = k->dof > 0 && k->pvalue < alpha;
    double mean[OPTREF_VSM_NBIN], var[OPTREF_VSM_NBIN];
    for (int a = 0; a < OPTREF_VSM_NALT; a++) {
        for (int b = 0; b < OPTREF_VSM_NBIN; b++) {
            const optref_vsm_bin *B = &k->bin[b];
            mean[b] = a == 0 ? 0 : a == 1 ? (double)B->above_half : unfix(B->sq);
            var[b] = a == 2 ? unfix(B->sqq) : 0;
        }
        k->power[a] = k->dof ? power_of(k, used, mean, var) : 0;
    }
}

void optref_vsm_report_free(optref_vsm_report *r)
{
    if (r)
        free(r->kind);
    free(r);
}

/* ---- JSON ------------------------------------------------------------------------- */

static int cat(char **s, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int cat(char **s, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *t = n < 0 ? NULL : realloc(*s, *len + (size_t)n + 1);
    if (!t)
        return -1;
    va_start(ap, fmt);
    vsnprintf(t + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *s = t;
    *len += (size_t)n;
    return 0;
}

static const char *alt_name[OPTREF_VSM_NALT] = { "always_down", "always_nearest", "p_plus_0.1" };

/* An exact sum in decimal (a JSON string: beyond a double's 53 bits). */
static void i128_text(optref_i128 v, char *buf)
{
    char tmp[48];
    size_t n = 0;
    optref_u128 u = v < 0 ? -(optref_u128)v : (optref_u128)v;
    do
        tmp[n++] = (char)('0' + (int)(u % 10));
    while ((u /= 10) != 0);
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
}

int optref_vsm_i128_parse(const char *s, optref_i128 *out)
{
    int neg = *s == '-';
    optref_u128 u = 0, lim = (optref_u128)1 << 126; /* the sums stay far below 2^126 */
    s += neg;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || u > (lim - (unsigned)(*s - '0')) / 10)
            return -1;
        u = u * 10 + (unsigned)(*s - '0');
    }
    *out = neg ? -(optref_i128)u : (optref_i128)u;
    return 0;
}

static int kind_json(char **s, size_t *len, const optref_vsm_kind *k)
{
    char first[32] = "null";
    if (k->any_out)
        snprintf(first, sizeof first, "%zu", k->first_out);
    int bad = cat(s, len, "{\"name\": \"%s\", \"storage\": \"%s\", \"rounding\": \"%s\", \"line\": %d, "
                  "\"outside\": %ld, \"first_outside_flat\": %s, \"tested\": %ld, \"near_grid\": %ld", k->name,
                  k->storage, k->sr ? "stochastic" : "nearest", k->line, k->outside, first, k->tested, k->ambiguous);
    if (!k->sr)
        return bad | cat(s, len, "}");
    bad |= cat(s, len, ", \"bins\": [");
    for (int b = 0; b < OPTREF_VSM_NBIN; b++) {
        const optref_vsm_bin *B = &k->bin[b];
        char e[5][48]; /* the exact sums (units of 2^-52), for --merge of shards */
        i128_text(B->sp, e[0]), i128_text(B->spq, e[1]), i128_text(B->sdelta, e[2]), i128_text(B->sq, e[3]);
        i128_text(B->sqq, e[4]);
        bad |= cat(s, len, "%s{\"n\": %ld, \"ups\": %ld, \"sum_p\": %.17g, \"sum_pq\": %.17g, \"allowance\": %.17g, "
                   "\"above_half\": %ld, \"exact\": [\"%s\", \"%s\", \"%s\", \"%s\", \"%s\"]}", b ? ", " : "", B->n, B->ups,
                   unfix(B->sp), unfix(B->spq), unfix(B->sdelta), B->above_half, e[0], e[1], e[2], e[3], e[4]);
    }
    char crit[40] = "null";
    if (k->dof)
        snprintf(crit, sizeof crit, "%.17g", k->crit);
    bad |= cat(s, len, "], \"dof\": %d, \"chi2\": %.17g, \"pvalue\": %.17g, \"critical\": %s, \"power\": {",
               k->dof, k->chi2, k->pvalue, crit);
    for (int a = 0; a < OPTREF_VSM_NALT; a++)
        bad |= cat(s, len, "%s\"%s\": %.17g", a ? ", " : "", alt_name[a], k->power[a]);
    return bad | cat(s, len, "}, \"verdict\": \"%s\"}", k->stat_fail ? "FAIL" : "PASS");
}

char *optref_vsm_json(const optref_vsm_report *r)
{
    char *s = NULL;
    size_t len = 0;
    int bad = cat(&s, &len, ", \"mixed\": {\"math\": \"%s\", \"budget_ulps\": %.17g, \"alpha\": %.17g, "
                  "\"statistic_failed\": %s, \"quantities\": [", r->math, r->budget, r->alpha,
                  r->stat_failed ? "true" : "false");
    for (size_t q = 0; q < r->nkind && !bad; q++)
        bad |= cat(&s, &len, "%s", q ? ", " : "") | kind_json(&s, &len, &r->kind[q]);
    bad |= cat(&s, &len, "]}");
    if (bad) {
        free(s);
        return NULL;
    }
    return s;
}

void optref_vsm_kind_set(optref_vsm_kind *k, const optref_vsm_acc *a, const optref_vsmixed *m, const char *name,
                         int line)
{
    *k = (optref_vsm_kind){ .name = name, .storage = optref_vsmixed_storage(m, name)->name,
                            .sr = optref_vsmixed_sr(m, name), .line = line, .outside = a->outside,
                            .tested = a->tested, .ambiguous = a->ambiguous, .first_out = a->first_out,
                            .any_out = a->any_out };
    memcpy(k->bin, a->bin, sizeof k->bin);
    if (k->sr)
        optref_vsm_finish(k, m->alpha);
}
