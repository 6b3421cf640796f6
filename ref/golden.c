/* golden.c: case specs (hand-written), golden trajectories (generated), and
 * the Ziv loop that earns their correct rounding.  See doc/golden-format.md.
 *
 * The Ziv loop follows MPFR's own practice (src/log1p.c, tests/tgeneric.c):
 * an optimizer trajectory is a long composition of correctly rounded
 * operations, not one correctly rounded function, so no fixed working
 * precision is known to suffice.  We run the whole trajectory at p bits, then
 * at 2p, and accept the rounded values (binary64 and 30 digits) only when the
 * two runs agree on every one of them.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

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

static optref_status parse_case(char *line, optref_case *c, char *err, size_t errlen)
{
    char *tok[64];
    size_t nt = 0;
    for (char *p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
        if (nt == 64) {
            snprintf(err, errlen, "too many fields");
            return OPTREF_EPARSE;
        }
        tok[nt++] = p;
    }
    if (nt < 5) {
        snprintf(err, errlen, "expected: name algorithm variant problem steps [name=value ...]");
        return OPTREF_EPARSE;
    }
    if (!valid_name(tok[0]) || strlen(tok[0]) >= sizeof c->name) {
        snprintf(err, errlen, "case name '%s': use up to 63 of [A-Za-z0-9._-]", tok[0]);
        return OPTREF_EPARSE;
    }
    strcpy(c->name, tok[0]);
    const optref_algorithm *a = optref_algorithm_from_name(tok[1]);
    if (!a) {
        snprintf(err, errlen, "unknown algorithm '%s'", tok[1]);
        return OPTREF_EUNKNOWN;
    }
    int v = optref_variant_from_name(a, tok[2]);
    if (v < 0) {
        snprintf(err, errlen, "unknown variant '%s' of %s", tok[2], a->name);
        return OPTREF_EUNKNOWN;
    }
    const optref_problem *p = optref_problem_from_name(tok[3]);
    if (!p) {
        snprintf(err, errlen, "unknown problem '%s'", tok[3]);
        return OPTREF_EUNKNOWN;
    }
    if (optref_parse_long(tok[4], 0, 100000000L, &c->steps) != OPTREF_SUCCESS) {
        snprintf(err, errlen, "steps: '%s' is not a whole number from 0 to 100000000", tok[4]);
        return OPTREF_EPARSE;
    }
    optref_setup_init(&c->s, a, (size_t)v, p);
    for (size_t k = 5; k < nt; k++) {
        optref_status st = optref_setup_set(&c->s, tok[k], err, errlen);
        if (st != OPTREF_SUCCESS)
            return st;
    }
    return optref_setup_check(&c->s, err, errlen);
}

optref_status optref_cases_read(const char *path, optref_case **cases, size_t *ncases,
                                char *err, size_t errlen)
{
    *cases = NULL;
    *ncases = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return OPTREF_EIO;
    }
    optref_case *cs = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    int lineno = 0;
    optref_status st = OPTREF_SUCCESS;
    char why[512];
    while (getline(&line, &lcap, f) != -1) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            optref_case *nc = realloc(cs, cap * sizeof *cs);
            if (!nc) {
                st = OPTREF_ENOMEM;
                snprintf(err, errlen, "%s: out of memory", path);
                break;
            }
            cs = nc;
        }
        memset(&cs[n], 0, sizeof cs[n]);
        cs[n].line = lineno;
        st = parse_case(p, &cs[n], why, sizeof why);
        if (st != OPTREF_SUCCESS) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
            break;
        }
        for (size_t j = 0; j < n; j++)
            if (strcmp(cs[j].name, cs[n].name) == 0) {
                snprintf(err, errlen, "%s:%d: case '%s' already defined on line %d", path, lineno,
                         cs[n].name, cs[j].line);
                st = OPTREF_EFORMAT;
            }
        if (st != OPTREF_SUCCESS)
            break;
        n++;
    }
    if (st == OPTREF_SUCCESS && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        st = OPTREF_EIO;
    }
    free(line);
    fclose(f);
    if (st != OPTREF_SUCCESS) {
        free(cs);
        return st;
    }
    *cases = cs;
    *ncases = n;
    return OPTREF_SUCCESS;
}

const optref_case *optref_case_find(const optref_case *cases, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cases[i].name, name) == 0)
            return &cases[i];
    return NULL;
}

/* ---- the Ziv loop -------------------------------------------------------- */

static void dec30(char *buf, mpfr_srcptr x)
{
    if (mpfr_nan_p(x))
        snprintf(buf, OPTREF_DEC_LEN, "nan");
    else if (mpfr_inf_p(x))
        snprintf(buf, OPTREF_DEC_LEN, mpfr_signbit(x) ? "-inf" : "inf");
    else
        mpfr_snprintf(buf, OPTREF_DEC_LEN, "%.*Re", OPTREF_DEC_DIGITS - 1, x);
}

/* One whole trajectory at precision p, rounded. */
static optref_status trajectory(const optref_case *c, mpfr_prec_t p, double *val,
                                char (*dec)[OPTREF_DEC_LEN])
{
    optref_run *r;
    optref_status st = optref_run_new(&r, &c->s, OPTREF_MPFR, p, NULL);
    if (st != OPTREF_SUCCESS)
        return st;
    size_t nq = optref_nq(&c->s);
    for (long t = 0; t <= c->steps; t++) {
        if (t > 0)
            optref_run_step(r);
        for (size_t q = 0; q < nq; q++) {
            mpfr_srcptr x = optref_run_get_mp(r, q);
            val[(size_t)t * nq + q] = mpfr_get_d(x, MPFR_RNDN);
            dec30(dec[(size_t)t * nq + q], x);
        }
    }
    optref_run_free(r);
    return OPTREF_SUCCESS;
}

optref_status optref_golden_compute(const optref_case *c, optref_golden *g, char *err, size_t errlen)
{
    return optref_golden_compute_cap(c, g, OPTREF_ZIV_PMAX, err, errlen);
}

optref_status optref_golden_compute_cap(const optref_case *c, optref_golden *g, mpfr_prec_t pmax,
                                        char *err, size_t errlen)
{
    size_t nq = optref_nq(&c->s), nv = nq * ((size_t)c->steps + 1);
    memset(g, 0, sizeof *g);
    g->nq = nq;
    g->steps = c->steps;
    double *val[2] = { malloc(nv * sizeof(double)), malloc(nv * sizeof(double)) };
    char(*dec[2])[OPTREF_DEC_LEN] = { malloc(nv * OPTREF_DEC_LEN), malloc(nv * OPTREF_DEC_LEN) };
    if (!val[0] || !val[1] || !dec[0] || !dec[1]) {
        free(val[0]), free(val[1]), free(dec[0]), free(dec[1]);
        snprintf(err, errlen, "%s: out of memory", c->name);
        return OPTREF_ENOMEM;
    }
    optref_status st = trajectory(c, OPTREF_ZIV_P0, val[0], dec[0]);
    int cur = 0;
    mpfr_prec_t p = OPTREF_ZIV_P0;
    size_t bad = 0;
    while (st == OPTREF_SUCCESS) {
        if (2 * p > pmax) {
            char name[64];
            optref_qname(&c->s, bad % nq, name, sizeof name);
            snprintf(err, errlen,
                     "%s: t=%zu %s did not settle: %d and %d bits round it differently",
                     c->name, bad / nq, name, (int)(p / 2), (int)p);
            st = OPTREF_ENOTSETTLED;
            break;
        }
        st = trajectory(c, 2 * p, val[!cur], dec[!cur]);
        if (st != OPTREF_SUCCESS)
            break;
        size_t i = 0;
        for (; i < nv; i++)
            if (memcmp(&val[0][i], &val[1][i], sizeof(double)) != 0 ||
                strcmp(dec[0][i], dec[1][i]) != 0)
                break;
        cur = !cur;
        if (i == nv) {
            g->prec = p;
            g->confirm = 2 * p;
            break;
        }
        bad = i;
        p *= 2;
    }
    if (st != OPTREF_SUCCESS) {
        free(val[0]), free(val[1]), free(dec[0]), free(dec[1]);
        if (st == OPTREF_ENOMEM)
            snprintf(err, errlen, "%s: out of memory", c->name);
        return st;
    }
    g->val = val[cur];
    g->dec = dec[cur];
    free(val[!cur]);
    free(dec[!cur]);
    return OPTREF_SUCCESS;
}

void optref_golden_free(optref_golden *g)
{
    free(g->val);
    free(g->dec);
    g->val = NULL;
    g->dec = NULL;
}

/* ---- writing ------------------------------------------------------------- */

int optref_golden_write(FILE *f, const optref_case *c, const optref_golden *g)
{
    const optref_setup *s = &c->s;
    const optref_algorithm *a = s->alg;
    char name[64];
    fprintf(f, "optref-golden 1\n");
    fprintf(f, "# Generated by `optref regen` from golden/cases.in; do not edit by hand.\n");
    fprintf(f, "# Values: binary64 nearest the exact trajectory (hex), and 30 significant digits.\n");
    fprintf(f, "case %s\n", c->name);
    fprintf(f, "algorithm %s\n", a->name);
    fprintf(f, "variant %s\n", a->variants[s->variant].name);
    fprintf(f, "problem %s\n", s->prob->name);
    fprintf(f, "dim %zu\n", s->prob->n);
    fprintf(f, "steps %ld\n", c->steps);
    fprintf(f, "x0");
    for (size_t i = 0; i < s->prob->n; i++)
        fprintf(f, " %a", s->x0[i]);
    fprintf(f, "\n");
    for (size_t k = 0; k < a->nhp; k++)
        if (optref_hparam_used(a, s->variant, k))
            fprintf(f, "hp %s %a\n", a->hp[k].name, s->hp[k]);
    fprintf(f, "coef");
    for (size_t k = 0; k < s->prob->ncoef; k++)
        fprintf(f, " %a", s->coef[k]);
    fprintf(f, "\n");
    fprintf(f, "precision %ld\n", (long)g->prec);
    fprintf(f, "confirmed-at %ld\n", (long)g->confirm);
    fprintf(f, "columns");
    for (size_t q = 0; q < g->nq; q++) {
        optref_qname(s, q, name, sizeof name);
        fprintf(f, " %s", name);
    }
    fprintf(f, "\nend-header\n");
    for (long t = 0; t <= g->steps; t++)
        for (size_t q = 0; q < g->nq; q++) {
            if (t == 0 && optref_q_is_grad(s, q))
                continue; /* no gradient before the first step */
            size_t i = (size_t)t * g->nq + q;
            optref_qname(s, q, name, sizeof name);
            fprintf(f, "%ld %s %a %s\n", t, name, g->val[i], g->dec[i]);
        }
    return ferror(f) ? -1 : 0;
}

/* ---- the double variant against the golden values ------------------------ */

optref_status optref_golden_double_worst(const optref_case *c, const optref_golden *g,
                                         optref_worst *w)
{
    optref_run *r;
    optref_status st = optref_run_new(&r, &c->s, OPTREF_DOUBLE, 53, NULL);
    if (st != OPTREF_SUCCESS)
        return st;
    w->ulp = 0;
    w->t = 0;
    w->q = 0;
    w->scaled = 0;
    double *maxabs = calloc(g->nq, sizeof *maxabs);
    if (!maxabs) {
        optref_run_free(r);
        return OPTREF_ENOMEM;
    }
    for (long t = 0; t <= c->steps; t++) {
        if (t > 0)
            optref_run_step(r);
        for (size_t q = 0; q < g->nq; q++) {
            if (t == 0 && optref_q_is_grad(&c->s, q))
                continue;
            double got = optref_run_get_d(r, q), want = g->val[(size_t)t * g->nq + q];
            double u = optref_ulp_distance(got, want, &optref_binary64);
            double us = optref_ulp_scaled(got, want, &maxabs[q], &optref_binary64);
            if (us > w->scaled)
                w->scaled = us;
            if (u > w->ulp) {
                w->ulp = u;
                w->t = t;
                w->q = q;
            }
        }
    }
    free(maxabs);
    optref_run_free(r);
    return OPTREF_SUCCESS;
}
