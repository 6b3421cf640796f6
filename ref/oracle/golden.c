/* golden.c: case specs (hand-written), golden trajectories (generated), and
 * the Ziv loop that earns their correct rounding.  See doc/golden-format.md.
 *
 * The Ziv loop follows MPFR's own practice (src/log1p.c, tests/tgeneric.c):
 * an optimizer trajectory is a long composition of correctly rounded
 * operations, not one correctly rounded function, so no fixed working
 * precision is known to suffice.  Two runs at p and 2p bits advance in
 * lockstep; a recorded step is accepted when both round every recorded value
 * alike (binary64 and 30 digits), else the precision doubles and the check
 * of that step is repeated: the 2p run, already there, serves as the new p
 * run, and a new 4p run catches up from step 0 (issue 13).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <float.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfmt.h"
#include "golden.h"
#include "internal.h"
#include "lineread.h"

/* ---- case specs ---------------------------------------------------------- */

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '.' || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* coords=0,5,9 or coords=START:STOP:STRIDE (Python's range), within n. */
static optref_status parse_coords(optref_case *c, const char *val, char *err, size_t errlen)
{
    size_t n = optref_problem_dim(optref_setup_problem(c->s));
    long a, b, k = 1;
    char extra;
    free(c->coords);
    c->coords = NULL;
    c->ncoords = 0;
    if (sscanf(val, "%ld:%ld:%ld%c", &a, &b, &k, &extra) == 3 ||
        (sscanf(val, "%ld:%ld%c", &a, &b, &extra) == 2 && (k = 1))) {
        if (a < 0 || b > (long)n || a >= b || k < 1) {
            snprintf(err, errlen, "coords=%s: need 0 <= START < STOP <= %zu and STRIDE >= 1", val, n);
            return OPTREF_EVALUE;
        }
        c->ncoords = (size_t)((b - a + k - 1) / k);
        if (!(c->coords = malloc(c->ncoords * sizeof *c->coords)))
            return OPTREF_ENOMEM;
        for (size_t i = 0; i < c->ncoords; i++)
            c->coords[i] = (size_t)a + i * (size_t)k;
        return OPTREF_SUCCESS;
    }
    for (const char *p = val; *p;) {
        long v;
        char buf[32];
        size_t len = strcspn(p, ",");
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 31 ? len : 31), p);
        if (len >= 31 || optref_parse_long(buf, 0, (long)n - 1, &v) != OPTREF_SUCCESS ||
            (c->ncoords && (size_t)v <= c->coords[c->ncoords - 1])) {
            snprintf(err, errlen, "coords=%.60s: '%s' is not an increasing coordinate from 0 to %zu", val,
                     buf, n - 1);
            return OPTREF_EVALUE;
        }
        size_t *nc = realloc(c->coords, (c->ncoords + 1) * sizeof *nc);
        if (!nc)
            return OPTREF_ENOMEM;
        c->coords = nc;
        c->coords[c->ncoords++] = (size_t)v;
        p += len + (p[len] == ',');
    }
    if (!c->ncoords) {
        snprintf(err, errlen, "coords=: give START:STOP[:STRIDE] or increasing coordinates from 0 to %zu", n - 1);
        return OPTREF_EVALUE;
    }
    return OPTREF_SUCCESS;
}

/* every=K and coords=..., the case's own items; the rest go to the setup. */
static optref_status case_item(optref_case *c, const char *tok, char *err, size_t errlen)
{
    if (strncmp(tok, "every=", 6) == 0) {
        if (optref_parse_long(tok + 6, 1, 1000000000L, &c->every) != OPTREF_SUCCESS) {
            snprintf(err, errlen, "every: '%s' is not a whole number from 1", tok + 6);
            return OPTREF_EPARSE;
        }
        return OPTREF_SUCCESS;
    }
    if (strncmp(tok, "coords=", 7) == 0)
        return parse_coords(c, tok + 7, err, errlen);
    return optref_setup_set(c->s, tok, err, errlen);
}

/* A name=value item whose name an earlier item of the line already gave. */
static const char *given_twice(char **tok, size_t ntok, const char *item)
{
    size_t len = strcspn(item, "=");
    for (size_t k = 0; k < ntok; k++)
        if (strcspn(tok[k], "=") == len && strncmp(tok[k], item, len) == 0)
            return tok[k];
    return NULL;
}

static optref_status case_items(optref_case *c, char **save, char *err, size_t errlen)
{
    char **tok = NULL, *p;
    size_t n = 0;
    optref_status st = OPTREF_SUCCESS;
    while (st == OPTREF_SUCCESS && (p = strtok_r(NULL, " \t\r\n", save))) {
        char **nt = realloc(tok, (n + 1) * sizeof *tok);
        if (!nt) {
            st = OPTREF_ENOMEM;
            break;
        }
        tok = nt;
        if (given_twice(tok, n, p)) {
            snprintf(err, errlen, "%.*s given twice (%.60s, then %.60s)", (int)strcspn(p, "="), p,
                     given_twice(tok, n, p), p);
            st = OPTREF_EPARSE;
            break;
        }
        tok[n++] = p;
        st = case_item(c, p, err, errlen);
    }
    free(tok);
    return st;
}

optref_status optref_case_parse(const char *line, optref_case *c, char *err, size_t errlen)
{
    char *buf = malloc(strlen(line) + 1), *tok[5], *save = NULL;
    memset(c, 0, sizeof *c);
    c->every = 1;
    if (!buf)
        return OPTREF_ENOMEM;
    strcpy(buf, line);
    size_t nt = 0;
    for (char *p = strtok_r(buf, " \t\r\n", &save); p && nt < 5; p = nt < 5 ? strtok_r(NULL, " \t\r\n", &save) : NULL)
        tok[nt++] = p;
    optref_status st = OPTREF_EPARSE;
    if (nt < 5)
        snprintf(err, errlen, "expected: name algorithm variant problem steps [name=value ...]");
    else if (!valid_name(tok[0]) || strlen(tok[0]) >= sizeof c->name)
        snprintf(err, errlen, "case name '%.80s': use up to 63 of [A-Za-z0-9._-]", tok[0]);
    else if (optref_parse_long(tok[4], 0, 100000000L, &c->steps) != OPTREF_SUCCESS)
        snprintf(err, errlen, "steps: '%.40s' is not a whole number from 0 to 100000000", tok[4]);
    else {
        strcpy(c->name, tok[0]);
        st = optref_setup_new(&c->s, tok[1], tok[2], tok[3], err, errlen);
    }
    if (st == OPTREF_SUCCESS)
        st = case_items(c, &save, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_setup_check(c->s, err, errlen);
    free(buf);
    if (st == OPTREF_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (st != OPTREF_SUCCESS)
        optref_case_clear(c);
    return st;
}

void optref_case_clear(optref_case *c)
{
    optref_setup_free(c->s);
    free(c->coords);
    c->s = NULL;
    c->coords = NULL;
}

void optref_cases_free(optref_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        optref_case_clear(&cases[i]);
    free(cases);
}

/* Adds the case of one spec line; err is "path:line: what", bytes visible. */
static optref_status add_case(optref_lines *rd, const char *p, optref_case **cs, size_t *n, size_t *cap,
                              char *err, size_t errlen)
{
    char why[512], vis[600];
    if (*n == *cap) {
        optref_case *nc = realloc(*cs, (*cap ? 2 * *cap : 32) * sizeof **cs);
        if (!nc)
            return snprintf(err, errlen, "%s: out of memory", rd->path), OPTREF_ENOMEM;
        *cs = nc;
        *cap = *cap ? 2 * *cap : 32;
    }
    optref_status st = optref_case_parse(p, &(*cs)[*n], why, sizeof why);
    if (st != OPTREF_SUCCESS)
        return snprintf(err, errlen, "%s:%ld: %s", rd->path, rd->lineno,
                        optref_visible(vis, sizeof vis, why, (size_t)-1)), st;
    (*cs)[*n].line = (int)rd->lineno;
    const optref_case *dup = optref_case_find(*cs, *n, (*cs)[*n].name);
    (*n)++;
    if (dup)
        return snprintf(err, errlen, "%s:%ld: case '%s' already defined on line %d", rd->path, rd->lineno,
                        dup->name, dup->line), OPTREF_EFORMAT;
    return OPTREF_SUCCESS;
}

optref_status optref_cases_read_lines(optref_lines *rd, optref_case **cases, size_t *ncases, char *err,
                                      size_t errlen)
{
    optref_case *cs = NULL;
    size_t n = 0, cap = 0, len;
    char *line;
    int got;
    optref_status st = OPTREF_SUCCESS;
    *cases = NULL;
    *ncases = 0;
    while (st == OPTREF_SUCCESS && (got = optref_lines_next(rd, &line, &len, err, errlen)) != 0) {
        if (got < 0) {
            st = OPTREF_EFORMAT;
            break;
        }
        const char *p = line + strspn(line, " \t");
        if (*p != '#' && *p != '\0')
            st = add_case(rd, p, &cs, &n, &cap, err, errlen);
    }
    if (st != OPTREF_SUCCESS) {
        optref_cases_free(cs, n);
        return st;
    }
    *cases = cs;
    *ncases = n;
    return OPTREF_SUCCESS;
}

optref_status optref_cases_read(const char *path, optref_case **cases, size_t *ncases,
                                char *err, size_t errlen)
{
    optref_lines rd;
    *cases = NULL;
    *ncases = 0;
    if (optref_lines_open(&rd, path, OPTREF_LINE_MAX, err, errlen) != 0)
        return OPTREF_EIO;
    optref_status st = optref_cases_read_lines(&rd, cases, ncases, err, errlen);
    optref_lines_close(&rd);
    return st;
}

const optref_case *optref_case_find(const optref_case *cases, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cases[i].name, name) == 0)
            return &cases[i];
    return NULL;
}

int optref_case_records_t(const optref_case *c, long t) { return t % c->every == 0 || t == c->steps; }

int optref_case_records_q(const optref_case *c, size_t q)
{
    size_t i;
    const optref_quantity *Q = optref_q_quantity(c->s, q, &i);
    if (!c->coords || !Q->vector || Q->len != optref_problem_dim(optref_setup_problem(c->s)))
        return 1;
    size_t lo = 0, hi = c->ncoords; /* coords are increasing */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->coords[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->ncoords && c->coords[lo] == i;
}

/* ---- the header ------------------------------------------------------------ */

static void write_header(FILE *f, const optref_case *c, long prec, long confirm)
{
    const optref_setup *s = c->s;
    const optref_algorithm *a = optref_setup_algorithm(s);
    const optref_problem *p = optref_setup_problem(s);
    size_t v = optref_setup_variant(s), n = optref_problem_dim(p);
    char name[64];
    fprintf(f, "optref-golden 1\n");
    fprintf(f, "# Generated by `optref regen` from golden/cases.in; do not edit by hand.\n");
    fprintf(f, "# Values: binary64 nearest the exact trajectory (hex), and 30 significant digits.\n");
    fprintf(f, "case %s\nalgorithm %s\nvariant %s\nproblem %s\ndim %zu\nsteps %ld\n", c->name, a->name,
            a->variants[v].name, optref_problem_name(p), n, c->steps);
    if (strcmp(optref_setup_schedule_spec(s), "constant") != 0)
        fprintf(f, "schedule %s\n", optref_setup_schedule_spec(s));
    if (c->every != 1)
        fprintf(f, "every %ld\n", c->every);
    fprintf(f, "x0");
    for (size_t i = 0; i < n; i++)
        fprintf(f, " %a", optref_setup_x0(s)[i]);
    fprintf(f, "\n");
    for (size_t k = 0; k < a->nhp; k++)
        if (optref_param_used(&a->hp[k], v))
            fprintf(f, "hp %s %a\n", a->hp[k].name, optref_setup_hparam(s, a->hp[k].name));
    fprintf(f, "coef");
    for (size_t k = 0; k < p->ncoef; k++)
        fprintf(f, " %a", p->coef[k]);
    fprintf(f, "\nprecision %ld\nconfirmed-at %ld\ncolumns", prec, confirm);
    for (size_t q = 0; q < optref_nq(s); q++)
        if (optref_case_records_q(c, q)) {
            optref_qname(s, q, name, sizeof name);
            fprintf(f, " %s", name);
        }
    fprintf(f, "\nend-header\n");
}

/* ---- the Ziv loop, streaming ------------------------------------------------- */

/* "%.29Re" as mpfr_snprintf prints it, from OPTREF_DEC_DIGITS digits d and the
 * exponent e of 0.d * 10^e, into buf. */
static void dec_format(char *buf, int neg, const char *d, long e)
{
    char *o = buf;
    if (neg)
        *o++ = '-';
    *o++ = d[0];
    *o++ = '.';
    memcpy(o, d + 1, OPTREF_DEC_DIGITS - 1);
    o += OPTREF_DEC_DIGITS - 1;
    long x10 = e - 1;
    snprintf(o, OPTREF_DEC_LEN - (size_t)(o - buf), "e%c%02ld", x10 < 0 ? '-' : '+', x10 < 0 ? -x10 : x10);
}

/* The decimal column of x: "%.29Re" as mpfr_snprintf prints it, from
 * mpfr_get_str's digits in a fixed buffer: no allocation per value
 * (mpfr_snprintf made 7.6 per value, 64-79% of regen's time; issue 13). */
static void dec30(char *buf, mpfr_srcptr x)
{
    if (mpfr_nan_p(x) || mpfr_inf_p(x)) {
        strcpy(buf, mpfr_nan_p(x) ? "nan" : mpfr_signbit(x) ? "-inf" : "inf");
        return;
    }
    char dig[OPTREF_DEC_DIGITS + 2]; /* sign, digits, NUL: mpfr_get_str's n + 2 */
    mpfr_exp_t e = 1;
    if (mpfr_zero_p(x))
        memset(dig + 1, '0', OPTREF_DEC_DIGITS);
    else
        mpfr_get_str(dig + 1, &e, 10, OPTREF_DEC_DIGITS, x, MPFR_RNDN); /* "[-]ddd", x = 0.ddd * 10^e */
    dec_format(buf, mpfr_signbit(x), dig + 1 + (dig[1] == '-'), (long)e);
}

#define DEC_EXTRA 10 /* guard digits of the 2p run's decimal */

/* Whether x (the p run) and y (the 2p run) round to the same 30 digits,
 * computing y's decimal (into ybuf) and, only when that cannot settle it,
 * x's: the decimals of the accepted run only (issue 13).  y is printed to
 * 40 digits, S = y rounded, |y - S| <= 1/2 unit of the 40th digit u.  A
 * 30-digit rounding boundary M is a 40-digit number ending in 5000000000, so
 * unless S's last ten digits are exactly that, y and S round alike, and y is
 * at least (|tail - 5e9| - 1/2) u from every boundary: if |x - y| is less
 * (with a factor 4 to spare for the double arithmetic below), x rounds as y
 * does.  Any other case (zero, carry into a new digit, close calls) falls
 * back to both decimals, so the decision is exactly strcmp's. */
static int dec_agree(char *ybuf, char *xbuf, mpfr_srcptr x, mpfr_srcptr y, mpfr_ptr diff)
{
    enum { N = OPTREF_DEC_DIGITS + DEC_EXTRA };
    char dig[N + 2];
    mpfr_exp_t e;
    if (!mpfr_regular_p(x) || !mpfr_regular_p(y) || mpfr_signbit(x) != mpfr_signbit(y))
        goto slow;
    mpfr_get_str(dig, &e, 10, N, y, MPFR_RNDN);
    const char *d = dig + (dig[0] == '-');
    long tail = 0;
    for (int i = OPTREF_DEC_DIGITS; i < N; i++)
        tail = 10 * tail + (d[i] - '0');
    long half = 5000000000L, gap = tail > half ? tail - half : half - tail;
    if (gap < 2)
        goto slow;
    char r[OPTREF_DEC_DIGITS + 1];
    memcpy(r, d, OPTREF_DEC_DIGITS);
    r[OPTREF_DEC_DIGITS] = '\0';
    if (tail > half) { /* round up; a carry out of the first digit: slow path */
        int i = OPTREF_DEC_DIGITS - 1;
        while (i >= 0 && r[i] == '9')
            r[i--] = '0';
        if (i < 0)
            goto slow;
        r[i]++;
    }
    /* A power of ten: below it the grid is ten times finer, nearer
     * boundaries than the ones counted above. */
    if (r[0] == '1' && strspn(r + 1, "0") >= OPTREF_DEC_DIGITS - 1)
        goto slow;
    mpfr_sub(diff, y, x, MPFR_RNDA); /* |diff| >= |y - x| */
    long k;
    double m = mpfr_get_d_2exp(&k, diff, MPFR_RNDA), lhs = log10(4 * fabs(m)) + (double)k * log10(2.0);
    double rhs = log10((double)gap - 0.5) + (double)(e - N);
    if (!(lhs < rhs - 1e-9))
        goto slow;
    dec_format(ybuf, mpfr_signbit(y), r, (long)e);
    return 1;
slow:
    dec30(ybuf, y);
    dec30(xbuf, x);
    return strcmp(xbuf, ybuf) == 0;
}

typedef struct {
    const optref_case *c;
    optref_run *a, *b, *d;  /* p bits, 2p bits, the double variant */
    long p;
    double *colmax;         /* per value: largest |golden| so far, as verify scales */
    char (*dec)[OPTREF_DEC_LEN]; /* per value: the 2p run's decimal at the step checked */
    char deca[OPTREF_DEC_LEN];
    mpfr_t diff;            /* y - x, at 2p bits + 1 */
} ziv;

static optref_status ziv_start(ziv *z, long p)
{
    z->p = p;
    optref_status st = optref_run_new(&z->a, z->c->s, OPTREF_MPFR, p, NULL);
    return st ? st : optref_run_new(&z->b, z->c->s, OPTREF_MPFR, 2 * p, NULL);
}

/* Escalation at step t: the 2p run, already at t, becomes the p run of the
 * next pair (recomputing it would give the same bits); only the new 4p run
 * starts from 0 and catches up to t. */
static optref_status ziv_escalate(ziv *z, long t)
{
    optref_run_free(z->a);
    z->a = z->b;
    z->b = NULL;
    z->p *= 2;
    optref_status st = optref_run_new(&z->b, z->c->s, OPTREF_MPFR, 2 * z->p, NULL);
    while (st == OPTREF_SUCCESS && optref_run_t(z->b) < t)
        st = optref_run_step(z->b);
    return st;
}

/* The first recorded value of step t on which the two runs disagree, or nq.
 * Binary64 first (cheap); the decimals of the 2p run are kept for ziv_emit. */
static size_t ziv_disagree(ziv *z, long t)
{
    size_t nq = optref_nq(z->c->s);
    for (size_t q = 0; q < nq; q++) {
        if (!optref_case_records_q(z->c, q) || (t == 0 && optref_q_from_t1(z->c->s, q)))
            continue;
        mpfr_srcptr x = optref_run_get_mp(z->a, q), y = optref_run_get_mp(z->b, q);
        double u = mpfr_get_d(x, MPFR_RNDN), v = mpfr_get_d(y, MPFR_RNDN);
        if (memcmp(&u, &v, sizeof u) != 0)
            return q;
        if (mpfr_get_prec(z->diff) != 2 * z->p + 1)
            mpfr_set_prec(z->diff, 2 * z->p + 1);
        if (!dec_agree(z->dec[q], z->deca, x, y, z->diff))
            return q;
    }
    return nq;
}

/* Writes step t's records from the 2p run, and measures the double variant. */
static void ziv_emit(ziv *z, FILE *body, long t, optref_golden_info *info)
{
    const optref_setup *s = z->c->s;
    char name[64];
    for (size_t q = 0; q < optref_nq(s); q++) {
        if (!optref_case_records_q(z->c, q) || (t == 0 && optref_q_from_t1(s, q)))
            continue;
        mpfr_srcptr y = optref_run_get_mp(z->b, q);
        double v = mpfr_get_d(y, MPFR_RNDN), got = optref_run_get_d(z->d, q);
        optref_qname(s, q, name, sizeof name);
        /* "%ld %s %a %s\n" without printf for finite normal v and zero (dfmt.h:
         * the same bytes); glibc's own %a for the rest (its subnormal form). */
        char line[2 * OPTREF_DFMT_MAX + 64 + OPTREF_DEC_LEN], *o = line;
        if (isfinite(v) && (v == 0 || fabs(v) >= DBL_MIN) && strlen(name) < 64) {
            o += optref_fmt_long(t, o);
            *o++ = ' ';
            o = stpcpy(o, name);
            *o++ = ' ';
            o += optref_fmt_hex(v, o);
            *o++ = ' ';
            o = stpcpy(o, z->dec[q]); /* dec[q]: from ziv_disagree */
            *o++ = '\n';
            fwrite(line, 1, (size_t)(o - line), body);
        } else
            fprintf(body, "%ld %s %a %s\n", t, name, v, z->dec[q]);
        double u = optref_ulp_distance(got, v, &optref_binary64);
        double us = optref_ulp_scaled(got, v, &z->colmax[q], &optref_binary64);
        info->worst_scaled = us > info->worst_scaled ? us : info->worst_scaled;
        if (u > info->worst_ulp) {
            info->worst_ulp = u;
            info->worst_t = t;
            info->worst_q = q;
        }
    }
}

static optref_status ziv_run(ziv *z, FILE *body, long pmax, optref_golden_info *info, char *err,
                             size_t errlen)
{
    const optref_case *c = z->c;
    optref_status st = ziv_start(z, OPTREF_ZIV_P0);
    long done = -1; /* the last step written */
    for (long t = 0; st == OPTREF_SUCCESS && t <= c->steps;) {
        if (t > done && optref_case_records_t(c, t)) {
            size_t q = ziv_disagree(z, t);
            if (q < optref_nq(c->s)) {
                char name[64];
                optref_qname(c->s, q, name, sizeof name);
                if (4 * z->p > pmax) {
                    snprintf(err, errlen, "%s: t=%ld %s did not settle: %ld and %ld bits round it differently",
                             c->name, t, name, z->p, 2 * z->p);
                    return OPTREF_ENOTSETTLED;
                }
                st = ziv_escalate(z, t); /* then step t is checked again */
                continue;
            }
            while (optref_run_t(z->d) < t)
                optref_run_step(z->d);
            ziv_emit(z, body, t, info);
            done = t;
        }
        if (++t <= c->steps) {
            optref_run_step(z->a);
            optref_run_step(z->b);
        }
    }
    info->prec = z->p;
    info->confirm = 2 * z->p;
    return st;
}

static int copy_stream(FILE *from, FILE *to)
{
    char buf[1 << 16];
    size_t got;
    rewind(from);
    while ((got = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, got, to) != got)
            return -1;
    return ferror(from) ? -1 : 0;
}

optref_status optref_golden_generate(FILE *out, const optref_case *c, long pmax,
                                     optref_golden_info *info, char *err, size_t errlen)
{
    ziv z = { .c = c };
    memset(info, 0, sizeof *info);
    FILE *body = tmpfile();
    z.colmax = calloc(optref_nq(c->s), sizeof *z.colmax);
    z.dec = calloc(optref_nq(c->s), sizeof *z.dec);
    mpfr_init2(z.diff, 2 * OPTREF_ZIV_P0 + 1);
    optref_status st = body && z.colmax && z.dec ? optref_run_new(&z.d, c->s, OPTREF_DOUBLE, 53, NULL) : OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS)
        st = ziv_run(&z, body, pmax, info, err, errlen);
    if (st == OPTREF_SUCCESS) {
        write_header(out, c, info->prec, info->confirm);
        if (copy_stream(body, out) != 0 || ferror(out)) {
            snprintf(err, errlen, "%s: write error: %s", c->name, strerror(errno));
            st = OPTREF_EIO;
        }
    } else if (st == OPTREF_ENOMEM)
        snprintf(err, errlen, "%s: out of memory", c->name);
    else if (st != OPTREF_ENOTSETTLED)
        snprintf(err, errlen, "%s: %s", c->name, optref_strerror(st));
    optref_run_free(z.a);
    optref_run_free(z.b);
    optref_run_free(z.d);
    free(z.colmax);
    free(z.dec);
    mpfr_clear(z.diff);
    if (body)
        fclose(body);
    return st;
}
