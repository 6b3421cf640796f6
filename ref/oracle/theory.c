/* theory.c: the table of claims, their reports, and the two sources of a
 * trajectory: optref's own MPFR run, or a candidate CSV read as verify reads
 * one (ref/core/lineread.h: bounded lines, file:line:column errors). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lineread.h"
#include "theory.h"

const optref_claim *const optref_claims[] = {
    &optref_claim_gd_linear,       &optref_claim_gd_sublinear,    &optref_claim_nesterov_rate,
    &optref_claim_nesterov_lower,  &optref_claim_ode_limits,      &optref_claim_adagrad_regret,  &optref_claim_adagrad_quad,
    &optref_claim_adam_reddi,
    &optref_claim_weight_decay,    &optref_claim_momentum_facts,  NULL,
};

const optref_claim *optref_claim_from_name(const char *name)
{
    for (size_t k = 0; optref_claims[k]; k++)
        if (strcmp(optref_claims[k]->name, name) == 0)
            return optref_claims[k];
    return NULL;
}

/* ---- reports -------------------------------------------------------------- */

int optref_tcheckpoint(long k, long last)
{
    if (k == last)
        return 1;
    for (long d = 1; d <= k; d *= 10)
        if (k == d || k == 2 * d || k == 5 * d)
            return 1;
    return 0;
}

optref_tpart *optref_tpart_new(optref_treport *r, int rel, int expect, const char *measured, const char *bound,
                               const char *fmt, ...)
{
    if (r->npart >= OPTREF_TPARTS)
        return NULL;
    optref_tpart *p = &r->part[r->npart++];
    memset(p, 0, sizeof *p);
    p->rel = rel;
    p->expect = expect;
    p->first_viol = -1;
    snprintf(p->measured, sizeof p->measured, "%s", measured);
    snprintf(p->bound, sizeof p->bound, "%s", bound);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->what, sizeof p->what, fmt, ap);
    va_end(ap);
    return p;
}

static optref_tpoint point(long k, mpfr_srcptr m, mpfr_srcptr b, int ok)
{
    return (optref_tpoint){ .k = k, .measured = mpfr_get_d(m, MPFR_RNDN), .bound = mpfr_get_d(b, MPFR_RNDN),
                            .ok = ok };
}

/* Appends a row to the table; when full, the last row gives way. */
static void tpart_show(optref_tpart *p, optref_tpoint q)
{
    if (p->npt == OPTREF_TPOINTS)
        p->npt--;
    p->pt[p->npt++] = q;
}

/* measured <= bound (or >=), exactly at OPTREF_TPREC bits: the trajectories
 * and the bounds are exact to far below any margin the claims leave. */
void optref_tpart_add(optref_tpart *p, long k, mpfr_srcptr measured, mpfr_srcptr bound)
{
    int c = mpfr_cmp(measured, bound);
    int ok = !mpfr_nan_p(measured) && !mpfr_nan_p(bound) && (p->rel == OPTREF_LE ? c <= 0 : c >= 0);
    p->nchecked++;
    int first = !ok && p->nviol++ == 0;
    if (first)
        p->first_viol = k;
    p->last = point(k, measured, bound, ok);
    if (first || p->showall || optref_tcheckpoint(k, -1))
        tpart_show(p, p->last);
}

void optref_tpart_end(optref_tpart *p)
{
    if (p->nchecked > 0 && (p->npt == 0 || p->pt[p->npt - 1].k != p->last.k))
        tpart_show(p, p->last); /* the final step, when not a checkpoint */
    p->ok = p->nchecked > 0 && (p->expect ? p->nviol == 0 : p->nviol > 0);
}

void optref_tnote(optref_treport *r, const char *fmt, ...)
{
    if (r->nnote >= OPTREF_TNOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note[r->nnote++], sizeof r->note[0], fmt, ap);
    va_end(ap);
}

static void finish(optref_treport *r)
{
    r->pass = r->npart > 0;
    for (size_t k = 0; k < r->npart; k++)
        r->pass = r->pass && r->part[k].ok;
}

optref_status optref_claim_run(const optref_claim *c, optref_treport *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    optref_status st = c->run(r, err, errlen);
    finish(r);
    return st;
}

optref_status optref_tsetup(optref_setup **s, const char *alg, const char *variant, const char *spec,
                            const char *items, char *err, size_t errlen)
{
    char buf[512];
    *s = NULL;
    optref_status st = optref_setup_new(s, alg, variant, spec, err, errlen);
    snprintf(buf, sizeof buf, "%s", items);
    for (char *save = NULL, *it = strtok_r(buf, " ", &save); st == OPTREF_SUCCESS && it;
         it = strtok_r(NULL, " ", &save))
        st = optref_setup_set(*s, it, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_setup_check(*s, err, errlen);
    return st;
}

/* ---- a source over optref's own run -------------------------------------- */

typedef struct {
    optref_setup *s;
    optref_run *run;
    size_t off;
} run_ctx;

static int run_next(optref_tsource *src, long t, mpfr_t *x, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    run_ctx *c = src->ctx;
    if (t > src->steps)
        return 0;
    if (t > 0)
        optref_run_step(c->run);
    for (size_t i = 0; i < src->n; i++)
        mpfr_set(x[i], optref_run_get_mp(c->run, c->off + i), MPFR_RNDN);
    return 1;
}

optref_status optref_tsource_run(optref_tsource *src, const optref_setup *s, const char *qname, long steps)
{
    run_ctx *c = calloc(1, sizeof *c);
    const optref_quantity *Q = optref_quantity_from_name(s, qname);
    if (!c || !Q) {
        free(c);
        return c ? OPTREF_EUNKNOWN : OPTREF_ENOMEM;
    }
    optref_status st = optref_run_new(&c->run, s, OPTREF_MPFR, OPTREF_TPREC, NULL);
    if (st != OPTREF_SUCCESS) {
        free(c);
        return st;
    }
    c->off = Q->offset;
    *src = (optref_tsource){ .n = Q->len, .next = run_next, .ctx = c, .steps = steps };
    return OPTREF_SUCCESS;
}

optref_run *optref_tsource_run_of(optref_tsource *src) { return ((run_ctx *)src->ctx)->run; }

void optref_tsource_free(optref_tsource *src)
{
    run_ctx *c = src->ctx;
    if (c)
        optref_run_free(c->run);
    free(c);
    src->ctx = NULL;
}

/* ---- a source over a candidate CSV ---------------------------------------- */

typedef struct {
    optref_lines rd;
    size_t ncol, tcol;
    long *xcol;          /* coordinate i -> its column */
    char **fields;
    double *val;
} csv_ctx;

/* The header: t and x[0..n-1] once each; other columns are not judged. */
static int csv_header(csv_ctx *c, size_t n, char *err, size_t errlen)
{
    char *line;
    size_t len;
    int got = optref_lines_next(&c->rd, &line, &len, err, errlen);
    if (got == 0)
        snprintf(err, errlen, "%s: empty file: expected a header line (t,x[0],...)", c->rd.path);
    if (got <= 0)
        return -1;
    c->ncol = 1;
    for (const char *p = line; *p; p++)
        c->ncol += *p == ',';
    if (!(c->fields = calloc(c->ncol, sizeof *c->fields)))
        return snprintf(err, errlen, "%s: out of memory", c->rd.path), -1;
    optref_csv_split(line, c->fields, c->ncol);
    c->tcol = (size_t)-1;
    for (size_t k = 0; k < c->ncol; k++) {
        const char *f = c->fields[k];
        char vis[64];
        unsigned long i;
        int used = 0;
        optref_visible(vis, sizeof vis, f, (size_t)-1);
        if (strcmp(f, "t") == 0) {
            if (c->tcol != (size_t)-1)
                return snprintf(err, errlen, "%s:1:%zu: column 't' appears twice", c->rd.path, k + 1), -1;
            c->tcol = k;
        } else if (strncmp(f, "x[", 2) == 0 && isdigit((unsigned char)f[2]) && (f[2] != '0' || f[3] == ']') &&
                   sscanf(f, "x[%lu]%n", &i, &used) == 1 && f[used] == '\0') {
            if (i >= n)
                return snprintf(err, errlen, "%s:1:%zu: column '%s': the claim's problem has %zu coordinates",
                                c->rd.path, k + 1, vis, n), -1;
            if (c->xcol[i] >= 0)
                return snprintf(err, errlen, "%s:1:%zu: column '%s' appears twice", c->rd.path, k + 1, vis), -1;
            c->xcol[i] = (long)k;
        }
    }
    if (c->tcol == (size_t)-1)
        return snprintf(err, errlen, "%s:1: no column 't' (the step)", c->rd.path), -1;
    for (size_t i = 0; i < n; i++)
        if (c->xcol[i] < 0)
            return snprintf(err, errlen, "%s:1: missing column x[%zu]", c->rd.path, i), -1;
    return 0;
}

static int csv_next(optref_tsource *src, long t, mpfr_t *x, char *err, size_t errlen)
{
    csv_ctx *c = src->ctx;
    char *line;
    size_t len;
    int got = optref_lines_next(&c->rd, &line, &len, err, errlen);
    if (got == 0 && t <= src->min_steps)
        return snprintf(err, errlen, "%s:%ld: the file ends at t=%ld; the claim needs rows t = 0 to %ld at least",
                        c->rd.path, c->rd.lineno, t - 1, src->min_steps), -1;
    if (got <= 0)
        return got;
    long ln = c->rd.lineno;
    if (len == 0)
        return snprintf(err, errlen, "%s:%ld: empty line", c->rd.path, ln), -1;
    size_t nf = optref_csv_split(line, c->fields, c->ncol);
    if (nf != c->ncol)
        return snprintf(err, errlen, "%s:%ld: %zu fields, the header has %zu", c->rd.path, ln, nf, c->ncol), -1;
    for (size_t k = 0; k < c->ncol; k++) {
        double v;
        if (optref_parse_double(c->fields[k], &v) != OPTREF_SUCCESS) {
            char vis[64];
            return snprintf(err, errlen, "%s:%ld:%zu: malformed number '%s'", c->rd.path, ln, k + 1,
                            optref_visible(vis, sizeof vis, c->fields[k], (size_t)-1)), -1;
        }
        c->val[k] = v;
    }
    if (c->val[c->tcol] != (double)t) {
        char vis[64];
        return snprintf(err, errlen, "%s:%ld:%zu: step '%s': expected t=%ld (rows t = 0, 1, ... in order)",
                        c->rd.path, ln, c->tcol + 1, optref_visible(vis, sizeof vis, c->fields[c->tcol], (size_t)-1),
                        t), -1;
    }
    if (src->steps >= 0 && t > src->steps)
        return snprintf(err, errlen, "%s:%ld: step t=%ld beyond the claim's %ld steps", c->rd.path, ln, t,
                        src->steps), -1;
    for (size_t i = 0; i < src->n; i++)
        mpfr_set_d(x[i], c->val[c->xcol[i]], MPFR_RNDN); /* exact */
    return 1;
}

static void csv_free(csv_ctx *c)
{
    optref_lines_close(&c->rd);
    free(c->xcol);
    free(c->fields);
    free(c->val);
}

optref_status optref_claim_check_file(const optref_claim *cl, const char *path, optref_treport *r, char *err,
                                      size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (!cl->judge) {
        snprintf(err, errlen, "claim %s judges optref's own runs only (no candidate file)", cl->name);
        return OPTREF_EUNKNOWN;
    }
    optref_problem *p;
    optref_status st = optref_problem_new(&p, cl->problem, err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    size_t n = optref_problem_dim(p);
    optref_problem_free(p);
    csv_ctx c = { 0 };
    if (optref_lines_open(&c.rd, path, OPTREF_LINE_MAX, err, errlen) != 0)
        return OPTREF_EIO;
    if (!(c.xcol = malloc(n * sizeof *c.xcol))) {
        csv_free(&c);
        return OPTREF_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        c.xcol[i] = -1;
    st = csv_header(&c, n, err, errlen) == 0 ? OPTREF_SUCCESS : OPTREF_EFORMAT;
    if (st == OPTREF_SUCCESS && !(c.val = calloc(c.ncol, sizeof *c.val)))
        st = OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS) {
        optref_tsource src = { .n = n, .next = csv_next, .ctx = &c, .steps = -1, .min_steps = 1 };
        st = cl->judge(&src, r, err, errlen);
    }
    csv_free(&c);
    finish(r);
    return st;
}
