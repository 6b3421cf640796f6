/* verify.c: judges a candidate trajectory against the exact one.
 *
 * Truth, in the candidate's format F (binary64, binary32, bfloat16, binary16):
 *   inputs     x0, hyper-parameters and problem constants rounded to F, as an
 *              implementation in F holds them;
 *   trajectory the exact trajectory from those inputs, each value rounded to
 *              nearest in F.  Two MPFR runs (p and 2p bits) go in lockstep; a
 *              step's values count as truth only when both round them alike,
 *              else both restart at twice the precision (Ziv, as golden.c);
 *   one step   from the candidate's own x and state at t−1, the exact update t
 *              (256 and 512 bits in lockstep), rounded to F: this isolates one
 *              step's rounding from the errors carried along the trajectory.
 *
 * A value is judged in ULPs of F, with the ulp taken of max(|truth|, M), M the
 * largest |truth| of that column so far: a coordinate that converges to 0 is
 * judged on the scale it came from, not on its own ever finer ulp.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "verify.h"
#include "internal.h"
#include "lineread.h"
#include "fmtread.h"
#include "hexread.h"
#include "ws_eb.h"
#include "ws_fb.h"
#include "sensitivity.h"

#define STEP_PREC 256

/* ---- truth engines ------------------------------------------------------- */

typedef struct {
    optref_run *a, *b;
    long p;
} pair;

static optref_status pair_new(pair *pr, const optref_setup *s, long p)
{
    pr->p = p;
    pr->a = pr->b = NULL;
    optref_status st = optref_run_new(&pr->a, s, OPTREF_MPFR, p, NULL);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&pr->b, s, OPTREF_MPFR, 2 * p, NULL);
    return st;
}

static void pair_free(pair *pr)
{
    optref_run_free(pr->a);
    optref_run_free(pr->b);
    pr->a = pr->b = NULL;
}

static int same(double a, double b) { return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0; }

/* The error-bounded fast path (arith_eb.h; doc/design.md, "The error-bounded
 * fast path"): a run in double-word with a proved bound decides a value's
 * rounding to F where the bound allows, MPFR the rest.  x rounded to F when
 * decided; a NaN set as such (g before the first step) is exact. */
static int eb_decide(const optref_eb_num *x, const optref_format *F, double *out)
{
    if (isnan(x->h) && x->e == 0)
        return *out = x->h, 1;
    return optref_eb_round(x, F, out);
}

/* A fast-path run from the setup's inputs, or none (w->s NULL): switched off
 * (OPTREF_VERIFY_FASTPATH=0, to compare), a problem, algorithm or schedule
 * without the instantiation, or a start it cannot decide. */
static optref_status eb_new(optref_eb_ws *w, const optref_setup *s)
{
    const char *fp = getenv("OPTREF_VERIFY_FASTPATH");
    w->s = NULL;
    if ((fp && strcmp(fp, "0") == 0) || !s->alg->eb || !s->prob->type->eb || !s->sched->eb || s->alg->needs_hessian)
        return OPTREF_SUCCESS;
    optref_eb_ambiguous = 0;
    if (optref_eb_ws_new(w, s, 0) != 0)
        return w->s = NULL, OPTREF_ENOMEM;
    if (optref_eb_ambiguous)
        optref_eb_ws_free(w), w->s = NULL;
    return OPTREF_SUCCESS;
}

static void eb_free(optref_eb_ws *w)
{
    if (w->s)
        optref_eb_ws_free(w);
    w->s = NULL;
}

/* The rounding bound (arith_fb.h): a run in the candidate's format's model
 * from the setup's inputs; a clear error where an instantiation is missing
 * (a caller's own objective), never a silent budget. */
static optref_status fb_new(optref_fb_ws *w, const optref_setup *s, const optref_setup *given, const char *path,
                            char *err, size_t errlen)
{
    const char *miss = !s->alg->fb ? s->alg->name : !s->prob->type->fb ? optref_problem_name(s->prob)
                       : !s->sched->fb                       ? s->sched->name
                                                              : NULL;
    w->s = NULL;
    if (miss) {
        snprintf(err, errlen, "%s: no rounding bound for %s (no rounding-bound instantiation); judge with "
                 "--tolerance U", path, miss);
        return OPTREF_EARITH;
    }
    optref_fb_unproved = 0;
    if (optref_fb_ws_new(w, s, 0) != 0)
        return w->s = NULL, OPTREF_ENOMEM;
    /* The truth holds the hyper-parameters rounded to F; an implementation
     * may hold them as the case gives them (binary64): allowed. */
    optref_fb_ws_held(w, given->hp, given->sp);
    return OPTREF_SUCCESS;
}

static void fb_free(optref_fb_ws *w)
{
    if (w->s)
        optref_fb_ws_free(w);
    w->s = NULL;
}

/* ---- the judgment --------------------------------------------------------- */

typedef struct {
    const optref_vopts *o;
    optref_vreport *r;
    optref_setup *s;          /* the case's setup, inputs rounded to the format, with its intermediates
                                 (their names, static, outlive it) */
    size_t nq;
    double *maxabs[2];        /* running max |truth| per value, per mode */
    const char *path;         /* as messages name it ("<stdin>" for "-") */
    optref_lines rd;
    size_t ncol, tcol;
    size_t *colq;             /* column -> value (tcol: unused) */
    long *qcol;               /* value -> column, -1 if absent */
    char **fields;
    double *val, *prev, *truth;
    size_t *order;            /* values in the order their lines execute; f last */
    pair traj, step;
    optref_eb_ws eb[2];       /* the error-bounded fast path per mode (eb[m].s: in use), MPFR where it cannot decide */
    optref_fb_ws fb[2];       /* bound mode: the rounding bound per mode (fb[m].s: in use) */
    int unproved;             /* this one step's bounds are not proved (a comparison either way) */
    double fbound, fratio;    /* the value being judged: its bound and distance / bound (bound mode) */
    double *stept;            /* one step's truths, per value (bound mode: the mistakes' distances) */
    double *mist_in, *mist_out, *mist_base; /* a mistake's step: its inputs and values; the correct line's */
    const optref_mistake **mist;
    mpfr_t scratch;           /* rounding to the candidate's format, reused */
    int dec_digits;           /* significant digits that round-trip the format */
    unsigned char *seen;      /* per quantity, this step and mode: compared */
    long *bad;                /* per quantity, this step and mode: values over tolerance */
    int tainted;              /* this one step starts from a NaN or infinite state of the candidate's */
} judge;

static size_t kind_of(const judge *j, size_t q)
{
    size_t i;
    return (size_t)(optref_q_quantity(j->s, q, &i) - optref_quantity_at(j->s, 0));
}

static double rnd(judge *j, mpfr_srcptr x) { return optref_round_to_scratch(j->scratch, x, j->o->fmt); }

static void note_failure(judge *j, int mode, long t, size_t q, double truth, double got, double u, long line)
{
    optref_vreport *r = j->r;
    r->nfailed++;
    if (r->nlisted >= j->o->max_report || r->nlisted >= OPTREF_VERIFY_MAXREPORT)
        return;
    optref_vfail *f = &r->fail[r->nlisted++];
    *f = (optref_vfail){ .mode = mode, .t = t, .q = q, .expected = truth, .got = got, .ulp = u,
                         .tol = r->kind[mode][kind_of(j, q)].tol, .line = optref_q_line(j->s, q), .csv_line = line,
                         .bound = j->fbound, .ratio = j->fratio };
    optref_qname(j->s, q, f->qname, sizeof f->qname);
}

/* Compares one value (fbq: its rounding bound, bound mode).  A candidate's
 * NaN or infinity where the exact value is finite is a failure like any
 * other (its distance is infinite), at its step, quantity and line. */
static void compare(judge *j, int mode, long t, size_t q, double truth, double got, long line,
                    const optref_fb_num *fbq)
{
    if (!isfinite(truth) && !j->tainted && j->r->degenerate++ == 0) {
        j->r->degen_t = t;
        j->r->degen_mode = mode;
        j->r->degen_v = truth;
        optref_qname(j->s, q, j->r->degen_q, sizeof j->r->degen_q);
    }
    double u = optref_ulp_scaled(got, truth, &j->maxabs[mode][q], j->o->fmt);
    double rel = got == truth || (isnan(got) && isnan(truth)) ? 0.0
                 : truth == 0.0 || !isfinite(got)             ? INFINITY
                                                             : fabs(got - truth) / fabs(truth);
    size_t i;
    optref_q_quantity(j->s, q, &i);
    optref_vkind *k = &j->r->kind[mode][kind_of(j, q)];
    k->compared++;
    j->seen[kind_of(j, q)] = 1;
    if (u > k->max_ulp) {
        k->max_ulp = u;
        k->at_t = t;
        k->at_i = i;
    }
    if (rel > k->max_rel)
        k->max_rel = rel;
    int bad = u > k->tol;
    if (j->o->bound) {
        if (!(fbq->e < INFINITY) || (mode == OPTREF_STEP && j->unproved)) {
            k->unbounded++;
            return;
        }
        double ratio;
        bad = !optref_fb_within(truth, got, fbq->e, j->o->fmt, &j->fbound, &ratio);
        j->fratio = ratio;
        if (ratio > k->max_ratio || (k->ratio_t < 0 && ratio >= 0)) {
            k->max_ratio = ratio;
            k->ratio_t = t;
            k->ratio_i = i;
        }
    }
    if (bad) {
        k->failed++;
        j->bad[kind_of(j, q)]++;
        note_failure(j, mode, t, q, truth, got, u, line);
    }
}

/* The value a column names ("x[3]", "m[0]", "b1t", "f"), or nq if none:
 * parsed, not searched, so a header of 10^5 columns costs 10^5 steps. */
static size_t column_q(const judge *j, const char *name)
{
    const char *br = strchr(name, '[');
    size_t len = br ? (size_t)(br - name) : strlen(name);
    const optref_quantity *Q = NULL;
    for (size_t k = 0; k < optref_nquantities(j->s); k++) {
        const optref_quantity *c = optref_quantity_at(j->s, k);
        if (strlen(c->name) == len && strncmp(c->name, name, len) == 0)
            Q = c;
    }
    if (!Q || (br != NULL) != (Q->vector != 0))
        return j->nq;
    if (!br)
        return Q->offset;
    if (!isdigit((unsigned char)br[1]) || (br[1] == '0' && br[2] != ']'))
        return j->nq;
    char *end;
    errno = 0;
    unsigned long i = strtoul(br + 1, &end, 10);
    if (errno || strcmp(end, "]") != 0 || i >= Q->len)
        return j->nq;
    return Q->offset + i;
}

static int unknown_column(judge *j, size_t c, const char *name, char *err, size_t errlen)
{
    const char *br = strchr(name, '[');
    unsigned long idx;
    char head[32];
    if (br && sscanf(name, "%31[a-z0-9][%lu]", head, &idx) == 2) {
        const optref_quantity *Q = optref_quantity_from_name(j->s, head);
        if (Q && Q->vector && idx >= Q->len) {
            snprintf(err, errlen, "%s:1:%zu: column '%.40s': %s has %zu values in case %s (columns [0] to [%zu])",
                     j->path, c + 1, name, Q->name, Q->len, j->o->c->name, Q->len - 1);
            return -1;
        }
    }
    char known[512] = "t";
    for (size_t k = 0; k < optref_nquantities(j->s); k++) {
        const optref_quantity *Q = optref_quantity_at(j->s, k);
        if (strlen(known) + strlen(Q->name) + 6 < sizeof known)
            snprintf(known + strlen(known), sizeof known - strlen(known), ", %s%s", Q->name, Q->vector ? "[i]" : "");
    }
    const optref_algorithm *a = optref_setup_algorithm(j->s);
    snprintf(err, errlen, "%s:1:%zu: unknown column '%.40s' (%s %s takes %s)", j->path, c + 1, name,
             a->name, a->variants[optref_setup_variant(j->s)].name, known);
    return -1;
}

/* Columns: t once, each known quantity wholly there or absent, x there. */
static int read_columns(judge *j, char *line, char *err, size_t errlen)
{
    j->ncol = 1;
    for (const char *p = line; *p; p++)
        j->ncol += *p == ',';
    if (!(j->colq = calloc(j->ncol, sizeof *j->colq)) || !(j->fields = calloc(j->ncol, sizeof *j->fields)))
        return snprintf(err, errlen, "%s: out of memory", j->path), -1;
    optref_csv_split(line, j->fields, j->ncol);
    j->tcol = (size_t)-1;
    for (size_t c = 0; c < j->ncol; c++) {
        const char *name = j->fields[c];
        size_t q = strcmp(name, "t") == 0 ? j->nq + 1 : column_q(j, name);
        if (q == j->nq)
            return unknown_column(j, c, name, err, errlen);
        if ((q == j->nq + 1 && j->tcol != (size_t)-1) || (q < j->nq && j->qcol[q] >= 0))
            return snprintf(err, errlen, "%s:1:%zu: column '%.40s' appears twice", j->path, c + 1, name), -1;
        if (q == j->nq + 1)
            j->tcol = c;
        else {
            j->qcol[q] = (long)c;
            j->colq[c] = q;
        }
    }
    if (j->tcol == (size_t)-1)
        return snprintf(err, errlen, "%s:1: no column 't' (the step)", j->path), -1;
    return 0;
}

static int check_presence(judge *j, char *err, size_t errlen)
{
    optref_vreport *r = j->r;
    for (size_t k = 0; k < r->nkind; k++) {
        const optref_quantity *Q = optref_quantity_at(j->s, k);
        size_t have = 0, miss = Q->len;
        for (size_t i = 0; i < Q->len; i++)
            if (j->qcol[Q->offset + i] >= 0)
                have++;
            else if (miss == Q->len)
                miss = i;
        if ((have > 0 && have < Q->len) || (k == 0 && have == 0)) {
            char qn[64];
            optref_qname(j->s, Q->offset + miss, qn, sizeof qn);
            return snprintf(err, errlen, "%s:1: missing column %s", j->path, qn), -1;
        }
        r->kind[0][k].present = r->kind[1][k].present = have > 0;
    }
    return 0;
}

/* One step needs every vector of state (scalars like β1^t may be absent:
 * the truth's own advance with t). */
static void decide_onestep(judge *j)
{
    optref_vreport *r = j->r;
    char missing[96] = "";
    r->ran[OPTREF_STEP] = j->o->want[OPTREF_STEP];
    for (size_t k = 1; k < r->nkind; k++) {
        const optref_quantity *Q = optref_quantity_at(j->s, k);
        int src = j->s->qsrc[k];
        if (src < 0 || !Q->vector || r->kind[0][k].present || r->kind[0][k].intermediate)
            continue;
        r->ran[OPTREF_STEP] = 0;
        if (strlen(missing) + strlen(Q->name) + 3 < sizeof missing)
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s", *missing ? ", " : "",
                     Q->name);
    }
    if (j->o->want[OPTREF_STEP] && !r->ran[OPTREF_STEP])
        snprintf(r->why_not[OPTREF_STEP], sizeof r->why_not[OPTREF_STEP],
                 "the candidate gives no %s columns (state)", missing);
    r->kind[OPTREF_STEP][r->nkind - 1].present = 0; /* f: judged on the trajectory only */
}

static int read_header(judge *j, char *err, size_t errlen)
{
    char *line;
    size_t len;
    int got = optref_lines_next(&j->rd, &line, &len, err, errlen);
    if (got == 0)
        snprintf(err, errlen, "%s: empty file: expected a header line (t,x[0],...)", j->path);
    if (got <= 0 || read_columns(j, line, err, errlen) != 0 || check_presence(j, err, errlen) != 0)
        return -1;
    j->r->ran[OPTREF_TRAJ] = j->o->want[OPTREF_TRAJ];
    decide_onestep(j);
    return 0;
}

/* A field's number, as the candidate's format holds it (ref/core/fmtread.h:
 * the reading rule, shared with verify-step --rows); -1 if it holds none. */
static int read_value(judge *j, const char *fl, long ln, size_t col, double *out, char *err, size_t errlen)
{
    char why[256];
    optref_fr code = optref_fr_read(fl, j->o->fmt, j->dec_digits, j->scratch, out);
    if (code == OPTREF_FR_OK)
        return 0;
    optref_fr_why(code, fl, j->o->fmt, j->dec_digits, *out, why, sizeof why);
    return snprintf(err, errlen, "%s:%ld:%zu: %s", j->path, ln, col, why), -1;
}

/* The step column: plain digits read directly, anything else by strtod. */
static int step_value(const char *fl, double *v)
{
    long n = 0;
    size_t k = 0;
    for (; fl[k] >= '0' && fl[k] <= '9' && k < 15; k++)
        n = n * 10 + (fl[k] - '0');
    if (k > 0 && !fl[k])
        return *v = (double)n, 1;
    return optref_parse_double(fl, v) == OPTREF_SUCCESS;
}

/* Values of row t into val; -1 on bad input. */
static int read_row(judge *j, char *line, size_t len, long t, char *err, size_t errlen)
{
    long ln = j->rd.lineno;
    if (len == 0)
        return snprintf(err, errlen, "%s:%ld: empty line", j->path, ln), -1;
    size_t nf = optref_csv_split(line, j->fields, j->ncol);
    if (nf != j->ncol)
        return snprintf(err, errlen, "%s:%ld: %zu fields, the header has %zu", j->path, ln, nf, j->ncol), -1;
    for (size_t c = 0; c < j->ncol; c++) {
        double v;
        const char *fl = j->fields[c];
        if (!*fl)
            return snprintf(err, errlen, "%s:%ld:%zu: empty field", j->path, ln, c + 1), -1;
        if (c != j->tcol) {
            if (read_value(j, fl, ln, c + 1, &j->val[j->colq[c]], err, errlen) != 0)
                return -1;
            continue;
        }
        if (!step_value(fl, &v) || v != (double)t) {
            char vis[64];
            if (optref_parse_double(fl, &v) == OPTREF_SUCCESS && v == floor(v) && v >= 0 && v < 1e15)
                snprintf(err, errlen, "%s:%ld:%zu: step t=%.0f out of order or missing: expected t=%ld", j->path,
                         ln, c + 1, v, t);
            else
                snprintf(err, errlen, "%s:%ld:%zu: step '%s' is not a whole number", j->path, ln, c + 1,
                         optref_visible(vis, sizeof vis, fl, (size_t)-1));
            return -1;
        }
    }
    return 0;
}

/* Trajectory truth at t from the fast path: 1 when it decides every value. */
static int eb_traj(judge *j, long t)
{
    optref_eb_ws *w = &j->eb[OPTREF_TRAJ];
    optref_eb_ambiguous = 0;
    if (t > 0)
        optref_eb_ws_step(w);
    if (optref_eb_ambiguous)
        return 0;
    for (size_t q = 0; q < j->nq; q++)
        if (!eb_decide(optref_eb_ws_q(w, q), j->o->fmt, &j->truth[q]))
            return 0;
    return 1;
}

/* MPFR takes the trajectory over at t, for the rest of the run: the pair
 * starts from the inputs and replays t steps, as its own escalation does
 * (a restart, not a checkpoint: the fast path's state is not exact). */
static optref_status traj_handover(judge *j, long t)
{
    eb_free(&j->eb[OPTREF_TRAJ]);
    j->r->handover_t = t;
    optref_status st = pair_new(&j->traj, j->s, OPTREF_ZIV_P0);
    for (long k = 0; st == OPTREF_SUCCESS && k < t; k++) {
        optref_run_step(j->traj.a);
        optref_run_step(j->traj.b);
    }
    return st;
}

/* Trajectory truth for step t: the fast path's, else p and 2p agree, or
 * restart higher. */
static optref_status settle_traj(judge *j, long t, char *err, size_t errlen)
{
    if (j->eb[OPTREF_TRAJ].s) {
        if (eb_traj(j, t))
            return j->r->fast += (long)j->nq, OPTREF_SUCCESS;
        optref_status st = traj_handover(j, t);
        if (st != OPTREF_SUCCESS)
            return st;
    } else if (t > 0) {
        optref_run_step(j->traj.a);
        optref_run_step(j->traj.b);
    }
    j->r->fallback += (long)j->nq;
    for (;;) {
        size_t q = 0;
        for (; q < j->nq; q++) {
            j->truth[q] = rnd(j, optref_run_get_mp(j->traj.b, q));
            if (!same(rnd(j, optref_run_get_mp(j->traj.a, q)), j->truth[q]))
                break;
        }
        if (q == j->nq)
            return OPTREF_SUCCESS;
        long p = 2 * j->traj.p;
        pair_free(&j->traj);
        if (2 * p > OPTREF_ZIV_PMAX) {
            snprintf(err, errlen, "%s: the exact trajectory did not settle at t=%ld within %d bits; cannot judge",
                     j->path, t, OPTREF_ZIV_PMAX);
            return OPTREF_ENOTSETTLED;
        }
        optref_status st = pair_new(&j->traj, j->s, p);
        if (st != OPTREF_SUCCESS)
            return st;
        for (long k = 0; k < t; k++) {
            optref_run_step(j->traj.a);
            optref_run_step(j->traj.b);
        }
    }
}

/* Lines in the order they execute, from the one before `line` down: the
 * last whose quantities are all columns that agreed at this step (an
 * absent m̂ at L5 leaves L5 unproven even when β1^t, also L5's, agreed). */
static void locate_after(judge *j, int mode, optref_vdiv *d)
{
    const optref_vkind *K = j->r->kind[mode];
    for (int l = d->line - 1; l >= 0 && d->after < 0; l--) {
        int any = 0, ok = 1;
        const char *nm = NULL;
        for (size_t k = 0; k < j->r->nkind; k++)
            if (K[k].line == l) {
                any = 1;
                ok &= K[k].present && j->seen[k] && !j->bad[k];
                nm = nm ? nm : K[k].name;
            }
        if (any && ok) {
            d->after = l;
            snprintf(d->after_q, sizeof d->after_q, "%s", nm);
        }
    }
    const char *file = optref_setup_algorithm(j->s)->file;
    for (int l = d->after + 1; l < d->line; l++)
        d->between |= l > 0 && optref_pseudocode_line(file, l) != NULL;
    for (size_t k = 0; k < j->r->nkind; k++)
        if (K[k].line > d->after && K[k].line < d->line && !K[k].present) {
            size_t n = strlen(d->unseen);
            if (n + strlen(K[k].name) + 12 < sizeof d->unseen)
                snprintf(d->unseen + n, sizeof d->unseen - n, "%s%s (L%d)", n ? ", " : "", K[k].name, K[k].line);
        }
}

/* After a step is judged: the mode's first failing step, located. */
static void locate(judge *j, int mode, long t)
{
    optref_vdiv *d = &j->r->div[mode];
    size_t kb = j->r->nkind;
    for (size_t i = 0; i < j->nq && kb == j->r->nkind; i++)
        if (j->bad[kind_of(j, j->order[i])])
            kb = kind_of(j, j->order[i]);
    if (d->t >= 0 || kb == j->r->nkind)
        return;
    const optref_vkind *K = &j->r->kind[mode][kb];
    *d = (optref_vdiv){ .t = t, .line = K->line, .after = -1 };
    snprintf(d->q, sizeof d->q, "%s", K->name);
    if (t > 0 && K->line >= 0)
        locate_after(j, mode, d);
}

static void step_begin(judge *j)
{
    memset(j->seen, 0, j->r->nkind);
    memset(j->bad, 0, j->r->nkind * sizeof *j->bad);
}

/* Intermediates locate a failure; they do not make one.  A bias-corrected
 * value inherits the cancellation of 1 − β^t (κ = β^t/(1 − β^t), 500 for
 * β2 = 0.999 at t = 2): a correct v̂ can be tens of ULPs off where x, m and v
 * agree.  So an intermediate's values over tolerance count only at a step
 * where a recorded value failed too; elsewhere they are excused. */
static void excuse_intermediates(judge *j, int mode, long t)
{
    optref_vreport *r = j->r;
    optref_vkind *K = r->kind[mode];
    for (size_t k = 0; k < r->nkind; k++)
        if (j->bad[k] && !K[k].intermediate)
            return;
    size_t keep = 0;
    for (size_t i = 0; i < r->nlisted; i++)
        if (!(r->fail[i].mode == mode && r->fail[i].t == t && K[kind_of(j, r->fail[i].q)].intermediate))
            r->fail[keep++] = r->fail[i];
    r->nlisted = keep;
    for (size_t k = 0; k < r->nkind; k++) {
        K[k].failed -= j->bad[k];
        K[k].excused += j->bad[k];
        r->nfailed -= j->bad[k];
        r->excused += j->bad[k];
        j->bad[k] = 0;
    }
}

/* Bound mode, trajectory: the rounding bound carried along the exact
 * trajectory from x0 (fb[TRAJ] steps with the truth).  It says nothing once
 * a value's bound is infinite or unproved, or exceeds its column's scale
 * (the largest |truth| so far): then the trajectory is judged up to t − 1,
 * and the one-step rule judges every step from the candidate's state. */
static int traj_bound_holds(judge *j, long t)
{
    optref_fb_ws *w = &j->fb[OPTREF_TRAJ];
    if (t > 0) {
        optref_fb_unproved = 0;
        optref_fb_ws_step(w);
    }
    for (size_t q = 0; q < j->nq; q++) {
        if (j->qcol[q] < 0 || (t == 0 && optref_q_from_t1(j->s, q)))
            continue;
        const optref_fb_num *b = optref_fb_ws_q(w, q);
        double scale = fmax(j->maxabs[OPTREF_TRAJ][q], fabs(j->truth[q]));
        if (optref_fb_unproved || !(b->e < INFINITY) || (b->e > scale && isfinite(j->truth[q]))) {
            char qn[32];
            optref_qname(j->s, q, qn, sizeof qn);
            j->r->traj_cut = 1;
            j->r->traj_until = t - 1;
            if (optref_fb_unproved)
                snprintf(j->r->traj_why, sizeof j->r->traj_why, "at t=%ld a comparison could go either way in "
                         "an implementation in %s", t, j->o->fmt->name);
            else
                snprintf(j->r->traj_why, sizeof j->r->traj_why, "at t=%ld the rounding bound of %s (%.3g) exceeds "
                         "its scale (%.3g)", t, qn, b->e, scale);
            fb_free(w);
            return 0;
        }
    }
    return 1;
}

static void judge_traj(judge *j, long t)
{
    step_begin(j);
    j->tainted = 0;
    for (size_t k = 0; k < j->nq; k++) {
        size_t q = j->order[k];
        if (j->qcol[q] < 0 || (t == 0 && optref_q_from_t1(j->s, q)))
            continue;
        compare(j, OPTREF_TRAJ, t, q, j->truth[q], j->val[q], j->rd.lineno,
                j->o->bound ? optref_fb_ws_q(&j->fb[OPTREF_TRAJ], q) : NULL);
    }
    if (!j->o->bound)
        excuse_intermediates(j, OPTREF_TRAJ, t);
    locate(j, OPTREF_TRAJ, t);
}

/* One step from the candidate's own x and state at t − 1 (not its
 * intermediates: the step computes them before it reads them).  Its scale
 * floors start from the initial values, as the trajectory's do. */
static int step_input(judge *j, size_t q)
{
    size_t k = kind_of(j, q);
    int src = j->s->qsrc[k];
    return (src >= 0 || src == OPTREF_Q_X) && j->qcol[q] >= 0 && !j->r->kind[OPTREF_STEP][k].intermediate;
}

/* The MPFR pair's step t from the candidate's values at t − 1 (with the
 * fast path, only at a step where it left a value undecided: t is set, the
 * pair carries nothing else from step to step). */
static void mp_step(judge *j, long t)
{
    for (size_t q = 0; q < j->nq; q++)
        if (step_input(j, q)) {
            optref_run_set_d(j->step.a, q, j->prev[q]);
            optref_run_set_d(j->step.b, q, j->prev[q]);
        }
    if (j->eb[OPTREF_STEP].s) {
        optref_run_set_t(j->step.a, t - 1);
        optref_run_set_t(j->step.b, t - 1);
    }
    optref_run_step(j->step.a);
    optref_run_step(j->step.b);
}

/* The fast path's step t from the candidate's values at t − 1; 0: a
 * comparison it could not settle (every value of the step to MPFR). */
static int eb_step(judge *j, long t)
{
    optref_eb_ws *w = &j->eb[OPTREF_STEP];
    for (size_t q = 0; q < j->nq; q++)
        if (step_input(j, q))
            *optref_eb_ws_q(w, q) = (optref_eb_num){ j->prev[q], 0, 0 };
    w->t = t - 1;
    optref_eb_ambiguous = 0;
    optref_eb_ws_step(w);
    return !optref_eb_ambiguous;
}

/* Bound mode: the rounding bound of step t from the candidate's values at
 * t − 1 (state that is not a column carries on in fb[STEP] itself). */
static void fb_step(judge *j, long t)
{
    optref_fb_ws *w = &j->fb[OPTREF_STEP];
    for (size_t q = 0; q < j->nq; q++)
        if (step_input(j, q)) {
            double v = j->prev[q];
            *optref_fb_ws_q(w, q) = (optref_fb_num){ .v = v, .pa = 1, .pr = 1, .nn = v >= 0 };
        }
    w->t = t - 1;
    optref_fb_unproved = 0;
    optref_fb_ws_step(w);
    j->unproved = optref_fb_unproved;
    j->r->unproved_steps += j->unproved;
}

/* Bound mode: each known mistake's step t from the same inputs (the
 * candidate's values at t − 1, the step's g and η_t), its values' distance
 * from the truth in their rounding bounds: what this run could have seen. */
static void sensitivity(judge *j, long t)
{
    optref_fb_ws *w = &j->fb[OPTREF_STEP];
    memcpy(j->mist_in, j->prev, j->nq * sizeof *j->prev);
    for (size_t q = 0; q < j->nq; q++) {
        size_t k = kind_of(j, q);
        int src = j->s->qsrc[k];
        if (src == OPTREF_Q_G || src == OPTREF_Q_ETA || (src >= 0 && !step_input(j, q)))
            j->mist_in[q] = optref_fb_ws_q(w, q)->v; /* of step t: g, η_t; state the candidate does not give */
    }
    if (!optref_mistake_step(j->s, NULL, t, j->mist_in, j->mist_base))
        return;
    for (size_t m = 0; m < j->r->nsens; m++) {
        struct optref_vsens *S = &j->r->sens[m];
        if (!optref_mistake_step(j->s, j->mist[m], t, j->mist_in, j->mist_out))
            continue;
        for (size_t q = 0; q < j->nq; q++) {
            size_t k = kind_of(j, q);
            int src = j->s->qsrc[k];
            const optref_fb_num *b = optref_fb_ws_q(w, q);
            if (j->qcol[q] < 0 || !(src >= 0 || src == OPTREF_Q_X) || j->r->kind[OPTREF_STEP][k].intermediate ||
                !(b->e < INFINITY) || !isfinite(j->stept[q]))
                continue;
            /* the difference the mistake makes, both sides in the same binary64 arithmetic, against the
               value's allowance (its bound and the truth's rounding) */
            double B, ratio, d = fabs(j->mist_out[q] - j->mist_base[q]);
            optref_fb_within(j->stept[q], j->stept[q], b->e, j->o->fmt, &B, &ratio);
            ratio = d == d ? d / B : INFINITY;
            if (isnan(j->mist_out[q]) && isnan(j->mist_base[q]))
                ratio = 0;
            if (ratio > S->max_ratio || (S->at_t < 0 && ratio == ratio)) {
                S->max_ratio = ratio;
                S->at_t = t;
                optref_qname(j->s, q, S->at_q, sizeof S->at_q);
            }
            if (ratio > 1 && S->first_t < 0)
                S->first_t = t;
        }
    }
}

/* The one-step truth of q: the fast path's decision, else the pair's
 * (stepped once, on demand, *mp); 0: the pair's runs disagree (unsettled). */
static int step_truth(judge *j, long t, size_t q, int fast, int *mp, double *out)
{
    if (fast && eb_decide(optref_eb_ws_q(&j->eb[OPTREF_STEP], q), j->o->fmt, out))
        return j->r->fast++, 1;
    if (!*mp)
        mp_step(j, t), *mp = 1;
    j->r->fallback++;
    double ta = rnd(j, optref_run_get_mp(j->step.a, q));
    *out = rnd(j, optref_run_get_mp(j->step.b, q));
    return same(ta, *out);
}

static void judge_step(judge *j, long t)
{
    optref_eb_ws *w = &j->eb[OPTREF_STEP];
    if (t == 0) {
        for (size_t q = 0; q < j->nq; q++) {
            double v;
            if (!w->s || !eb_decide(optref_eb_ws_q(w, q), j->o->fmt, &v))
                v = rnd(j, optref_run_get_mp(j->step.b, q));
            optref_column_scale(&j->maxabs[OPTREF_STEP][q], v);
        }
        return;
    }
    step_begin(j);
    j->tainted = 0;
    for (size_t q = 0; q < j->nq; q++)
        if (step_input(j, q))
            j->tainted |= !isfinite(j->prev[q]);
    for (size_t q = 0; j->stept && q < j->nq; q++)
        j->stept[q] = NAN;
    int fast = w->s && eb_step(j, t), mp = 0;
    if (!w->s)
        mp_step(j, t), mp = 1;
    if (j->o->bound)
        fb_step(j, t);
    for (size_t k = 0; k < j->nq; k++) {
        size_t q = j->order[k];
        double tb;
        if (j->qcol[q] < 0 || q == j->nq - 1)
            continue;
        if (!step_truth(j, t, q, fast, &mp, &tb)) {
            j->r->unsettled++;
            continue;
        }
        compare(j, OPTREF_STEP, t, q, tb, j->val[q], j->rd.lineno,
                j->o->bound ? optref_fb_ws_q(&j->fb[OPTREF_STEP], q) : NULL);
        if (j->stept)
            j->stept[q] = tb;
    }
    if (j->r->nsens && !j->unproved)
        sensitivity(j, t);
    if (!j->o->bound)
        excuse_intermediates(j, OPTREF_STEP, t);
    locate(j, OPTREF_STEP, t);
}

/* Whether the one-step runs carry nothing of their own from step to step:
 * no internal state (AMSGrad's λ^t), every state a column (an absent β1^t
 * advances in the runs themselves), so the fast path's step stands alone and
 * the MPFR pair can be stepped only where it is needed. */
static int step_carries_nothing(const judge *j)
{
    const optref_algorithm *a = optref_setup_algorithm(j->s);
    for (size_t k = 0; k < a->nstate; k++)
        if (a->state[k].internal == 1)
            return 0;
    for (size_t k = 1; k < j->r->nkind; k++)
        if (j->s->qsrc[k] >= 0 && !j->r->kind[OPTREF_STEP][k].intermediate && !j->r->kind[OPTREF_STEP][k].present)
            return 0;
    return 1;
}

static optref_status judge_rows(judge *j, char *err, size_t errlen)
{
    long t = 0;
    const optref_vopts *o = j->o;
    for (;; t++) {
        char *line;
        size_t len;
        int got = optref_lines_next(&j->rd, &line, &len, err, errlen);
        if (got < 0)
            return OPTREF_EFORMAT;
        if (got == 0)
            break;
        if (t > o->steps && o->first_steps)
            break; /* --steps N: the first N steps of a longer file */
        if (t > o->steps)
            return snprintf(err, errlen, "%s:%ld: step t=%ld beyond the %ld steps of case %s (--steps N judges "
                            "the first N steps)", j->path, j->rd.lineno, t, o->steps, o->c->name), OPTREF_EFORMAT;
        if (read_row(j, line, len, t, err, errlen) != 0)
            return OPTREF_EFORMAT;
        if (j->r->ran[OPTREF_TRAJ] && (!o->bound || j->fb[OPTREF_TRAJ].s)) {
            optref_status st = settle_traj(j, t, err, errlen);
            if (st != OPTREF_SUCCESS)
                return st == OPTREF_ENOMEM ? (snprintf(err, errlen, "%s: out of memory", j->path), st) : st;
            if (!o->bound || traj_bound_holds(j, t))
                judge_traj(j, t);
        }
        if (j->r->ran[OPTREF_STEP])
            judge_step(j, t);
        memcpy(j->prev, j->val, j->nq * sizeof *j->val);
    }
    if (t <= o->steps) {
        if (t == 0)
            snprintf(err, errlen, "%s:%ld: no rows after the header", j->path, j->rd.lineno);
        else
            snprintf(err, errlen, "%s:%ld: the file ends at t=%ld, %ld steps are judged (%s%ld; truncated? "
                     "--steps %ld judges what is there)", j->path, j->rd.lineno, t - 1, o->steps,
                     o->first_steps ? "--steps " : "the case's steps: ", o->steps, t - 1);
        return OPTREF_EFORMAT;
    }
    j->r->rows = t;
    return OPTREF_SUCCESS;
}

/* Values in the order their pseudocode lines execute, f (line -1) last. */
static void sort_order(judge *j)
{
    for (size_t q = 0; q < j->nq; q++)
        j->order[q] = q;
    for (size_t a = 1; a < j->nq; a++) /* stable insertion sort; lines are few, so runs are long */
        for (size_t b = a; b > 0; b--) {
            int la = optref_q_line(j->s, j->order[b - 1]), lb = optref_q_line(j->s, j->order[b]);
            if ((la >= 0 ? la : INT_MAX) <= (lb >= 0 ? lb : INT_MAX))
                break;
            size_t tmp = j->order[b];
            j->order[b] = j->order[b - 1];
            j->order[b - 1] = tmp;
        }
}

/* A quantity's own budget (TOLERANCES "ALG.q"), else the mode's. */
static double quantity_budget(const optref_vopts *o, int m, const char *q)
{
    for (size_t i = 0; i < o->nqtol[m]; i++)
        if (strcmp(o->qtol[m][i].q, q) == 0)
            return o->qtol[m][i].ulps;
    return o->tol[m];
}

static optref_status judge_init(judge *j)
{
    optref_vreport *r = j->r;
    r->nkind = optref_nquantities(j->s);
    for (int m = 0; m < 2; m++)
        if (!(r->kind[m] = calloc(r->nkind, sizeof *r->kind[m])))
            return OPTREF_ENOMEM;
    for (int m = 0; m < 2; m++) {
        r->div[m].t = -1;
        for (size_t k = 0; k < r->nkind; k++) {
            const optref_quantity *Q = optref_quantity_at(j->s, k);
            r->kind[m][k] = (optref_vkind){ .name = Q->name, .line = Q->line, .vector = Q->vector,
                                            .intermediate = optref_q_intermediate(j->s, k),
                                            .tol = j->o->bound ? INFINITY : quantity_budget(j->o, m, Q->name),
                                            .ratio_t = -1 };
        }
    }
    j->seen = calloc(r->nkind, 1);
    j->bad = calloc(r->nkind, sizeof *j->bad);
    j->qcol = malloc(j->nq * sizeof *j->qcol);
    j->val = calloc(j->nq, sizeof *j->val);
    j->prev = calloc(j->nq, sizeof *j->prev);
    j->truth = calloc(j->nq, sizeof *j->truth);
    j->maxabs[0] = calloc(j->nq, sizeof(double));
    j->maxabs[1] = calloc(j->nq, sizeof(double));
    j->order = malloc(j->nq * sizeof *j->order);
    if (!j->qcol || !j->val || !j->prev || !j->truth || !j->maxabs[0] || !j->maxabs[1] || !j->order || !j->seen ||
        !j->bad)
        return OPTREF_ENOMEM;
    for (size_t q = 0; q < j->nq; q++)
        j->qcol[q] = -1;
    sort_order(j);
    return OPTREF_SUCCESS;
}

/* The known mistakes of the case's algorithm, and their tallies. */
static optref_status sensitivity_init(judge *j)
{
    size_t n = optref_mistakes_of(j->s, NULL, 0);
    if (!n)
        return OPTREF_SUCCESS;
    j->mist = malloc(n * sizeof *j->mist);
    j->r->sens = calloc(n, sizeof *j->r->sens);
    j->stept = malloc(j->nq * sizeof *j->stept);
    j->mist_in = malloc(j->nq * sizeof *j->mist_in);
    j->mist_out = malloc(j->nq * sizeof *j->mist_out);
    j->mist_base = malloc(j->nq * sizeof *j->mist_base);
    if (!j->mist || !j->r->sens || !j->stept || !j->mist_in || !j->mist_out || !j->mist_base)
        return OPTREF_ENOMEM;
    optref_mistakes_of(j->s, j->mist, n);
    for (size_t m = 0; m < n; m++)
        j->r->sens[m] = (struct optref_vsens){ .name = j->mist[m]->name, .what = j->mist[m]->what, .at_t = -1,
                                               .first_t = -1 };
    for (size_t q = 0; q < j->nq; q++)
        j->stept[q] = NAN;
    j->r->nsens = n;
    return OPTREF_SUCCESS;
}

static void judge_free(judge *j)
{
    pair_free(&j->traj);
    pair_free(&j->step);
    eb_free(&j->eb[0]);
    eb_free(&j->eb[1]);
    fb_free(&j->fb[0]);
    fb_free(&j->fb[1]);
    optref_lines_close(&j->rd);
    free(j->colq);
    free(j->qcol);
    free(j->fields);
    free(j->val);
    free(j->prev);
    free(j->truth);
    free(j->order);
    free(j->seen);
    free(j->bad);
    free(j->stept);
    free(j->mist_in);
    free(j->mist_out);
    free(j->mist_base);
    free(j->mist);
    free(j->maxabs[0]);
    free(j->maxabs[1]);
    mpfr_clear(j->scratch);
    optref_setup_free(j->s);
}

void optref_vreport_free(optref_vreport *r)
{
    free(r->kind[0]);
    free(r->kind[1]);
    r->kind[0] = r->kind[1] = NULL;
    free(r->sens);
    r->sens = NULL;
}

optref_status optref_verify(const char *path, const optref_vopts *o, optref_vreport *r, char *err,
                            size_t errlen)
{
    judge j = { .o = o, .r = r };
    memset(r, 0, sizeof *r);
    mpfr_init2(j.scratch, (mpfr_prec_t)o->fmt->prec);
    j.dec_digits = optref_fr_digits(o->fmt);
    j.path = strcmp(path, "-") == 0 ? "<stdin>" : path;
    j.s = optref_setup_rounded(o->c->s, o->fmt);
    optref_status st = j.s ? optref_setup_add_intermediates(j.s) : OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS) {
        j.nq = optref_nq(j.s);
        st = judge_init(&j);
    }
    if (st == OPTREF_SUCCESS && optref_lines_open(&j.rd, path, OPTREF_LINE_MAX, err, errlen) != 0)
        st = OPTREF_EIO;
    else if (st == OPTREF_SUCCESS && read_header(&j, err, errlen) != 0)
        st = OPTREF_EFORMAT;
    r->handover_t = -1;
    r->traj_until = -1;
    optref_fb_set_model(o->fmt, o->any_order);
    optref_fb_m.either = !o->hp_format;
    if (st == OPTREF_SUCCESS && o->bound && r->ran[OPTREF_TRAJ])
        st = fb_new(&j.fb[OPTREF_TRAJ], j.s, o->c->s, j.path, err, errlen);
    if (st == OPTREF_SUCCESS && o->bound && r->ran[OPTREF_STEP])
        st = fb_new(&j.fb[OPTREF_STEP], j.s, o->c->s, j.path, err, errlen);
    if (st == OPTREF_SUCCESS && o->bound && r->ran[OPTREF_STEP])
        st = sensitivity_init(&j);
    if (st == OPTREF_SUCCESS && r->ran[OPTREF_TRAJ] && (st = eb_new(&j.eb[OPTREF_TRAJ], j.s)) == OPTREF_SUCCESS &&
        !j.eb[OPTREF_TRAJ].s)
        st = pair_new(&j.traj, j.s, OPTREF_ZIV_P0);
    if (st == OPTREF_SUCCESS && r->ran[OPTREF_STEP])
        st = pair_new(&j.step, j.s, STEP_PREC);
    if (st == OPTREF_SUCCESS && r->ran[OPTREF_STEP] && step_carries_nothing(&j))
        st = eb_new(&j.eb[OPTREF_STEP], j.s);
    if (st == OPTREF_SUCCESS)
        st = judge_rows(&j, err, errlen);
    if (st == OPTREF_ENOMEM)
        snprintf(err, errlen, "%s: out of memory", path);
    r->prec = j.traj.p;
    r->bytes = j.rd.bytes;
    r->pass = st == OPTREF_SUCCESS && r->nfailed == 0;
    judge_free(&j);
    return st;
}

/* ---- golden/TOLERANCES ---------------------------------------------------- */

/* One line of TOLERANCES: 0 and the fields, 1 to skip (comment, blank), -1 bad. */
static int tol_line(char *p, char a[64], char v[64], char fm[16], char m[16], long *h, double *u, char *why,
                    size_t whylen)
{
    char hs[32], us[64];
    int used = 0;
    p += strspn(p, " \t");
    if (*p == '#' || *p == '\0')
        return 1;
    if (sscanf(p, "%63s %63s %15s %15s %31s %63s %n", a, v, fm, m, hs, us, &used) < 6 || used == 0)
        return snprintf(why, whylen, "expected: algorithm variant format mode horizon ulps reason"), -1;
    const char *dot = strchr(a, '.');
    if (dot && (dot == a || dot[1] == '\0' || strchr(dot + 1, '.')))
        return snprintf(why, whylen, "'%s' is neither an algorithm nor algorithm.quantity", a), -1;
    if (strcmp(m, "trajectory") != 0 && strcmp(m, "onestep") != 0)
        return snprintf(why, whylen, "mode '%s' is neither trajectory nor onestep", m), -1;
    if (optref_parse_long(hs, 1, LONG_MAX, h) != OPTREF_SUCCESS)
        return snprintf(why, whylen, "horizon '%s' is not a whole number >= 1", hs), -1;
    if (optref_parse_double(us, u) != OPTREF_SUCCESS || !isfinite(*u) || *u < 0)
        return snprintf(why, whylen, "budget '%s' is not a finite number of ULPs >= 0", us), -1;
    if (*u != 0 && strlen(p + used) < 3)
        return snprintf(why, whylen, "a non-zero budget needs its reason"), -1;
    return 0;
}

optref_status optref_tolerance_lookup(const char *path, const optref_case *c, const char *fmt,
                                      int mode, long steps, double *ulps, char *err, size_t errlen)
{
    return optref_tolerance_lookup_q(path, c, fmt, mode, steps, NULL, ulps, err, errlen);
}

optref_status optref_tolerance_lookup_q(const char *path, const optref_case *c, const char *fmt, int mode,
                                        long steps, const char *q, double *ulps, char *err, size_t errlen)
{
    optref_lines rd;
    if (optref_lines_open(&rd, path, OPTREF_LINE_MAX, err, errlen) != 0)
        return OPTREF_EIO;
    optref_status st = optref_tolerance_scan_q(&rd, c, fmt, mode, steps, q, ulps, err, errlen);
    optref_lines_close(&rd);
    return st;
}

optref_status optref_tolerance_scan(optref_lines *rdp, const optref_case *c, const char *fmt, int mode,
                                    long steps, double *ulps, char *err, size_t errlen)
{
    return optref_tolerance_scan_q(rdp, c, fmt, mode, steps, NULL, ulps, err, errlen);
}

optref_status optref_tolerance_quantities(const char *path, const optref_vopts *o, int mode, optref_qtol **qt,
                                          size_t *n, char *err, size_t errlen)
{
    optref_setup *s = optref_setup_rounded(o->c->s, o->fmt);
    optref_status st = s ? optref_setup_add_intermediates(s) : OPTREF_ENOMEM;
    size_t nk = st == OPTREF_SUCCESS ? optref_nquantities(s) : 0;
    *n = 0;
    if (st == OPTREF_SUCCESS && !(*qt = calloc(nk ? nk : 1, sizeof **qt)))
        st = OPTREF_ENOMEM;
    for (size_t k = 0; k < nk && st == OPTREF_SUCCESS; k++, ++*n) {
        snprintf((*qt)[k].q, sizeof (*qt)[k].q, "%s", optref_quantity_at(s, k)->name);
        st = optref_tolerance_lookup_q(path, o->c, o->fmt->name, mode, o->steps, (*qt)[k].q, &(*qt)[k].ulps, err,
                                       errlen);
    }
    if (st == OPTREF_ENOMEM)
        snprintf(err, errlen, "out of memory");
    optref_setup_free(s);
    return st;
}

/* "adamw.v" names the budget of one quantity; "adamw" that of all others.
 * Returns 0 if the row applies to quantity q (NULL: the algorithm-wide row),
 * 2 if it is q's own row, 1 if the algorithm's. */
static int tol_applies(char *a, const char *alg, const char *q)
{
    char *dot = strchr(a, '.');
    if (dot)
        *dot = '\0';
    if (strcmp(a, alg) != 0)
        return 0;
    if (!dot)
        return 1;
    return q && strcmp(dot + 1, q) == 0 ? 2 : 0;
}

optref_status optref_tolerance_scan_q(optref_lines *rdp, const optref_case *c, const char *fmt, int mode,
                                      long steps, const char *q, double *ulps, char *err, size_t errlen)
{
    const char *path = rdp->path;
    const optref_algorithm *A = optref_setup_algorithm(c->s);
    const char *alg = A->name, *var = A->variants[optref_setup_variant(c->s)].name;
    const char *mname = mode == OPTREF_TRAJ ? "trajectory" : "onestep";
    char *line, why[200], vis[100];
    size_t len;
    long best_h = -1;
    int best_exact = -1, got;
    double best = 0;
    optref_status st = OPTREF_SUCCESS;
    while ((got = optref_lines_next(rdp, &line, &len, err, errlen)) > 0) {
        char a[64], v[64], fm[16], m[16];
        long h;
        double u;
        int k = tol_line(line, a, v, fm, m, &h, &u, why, sizeof why);
        if (k < 0) {
            snprintf(err, errlen, "%s:%ld: %s", rdp->path, rdp->lineno, optref_visible(vis, sizeof vis, why, (size_t)-1));
            st = OPTREF_EFORMAT;
            break;
        }
        int own = k == 0 ? tol_applies(a, alg, q) : 0;
        if (!own || (strcmp(v, "*") != 0 && strcmp(v, var) != 0) ||
            (strcmp(fm, "*") != 0 && strcmp(fm, fmt) != 0) || strcmp(m, mname) != 0 || h < steps)
            continue;
        int exact = 4 * (own == 2) + (strcmp(v, "*") != 0) + (strcmp(fm, "*") != 0);
        if (best_h < 0 || h < best_h || (h == best_h && exact > best_exact)) {
            best_h = h;
            best_exact = exact;
            best = u;
        }
    }
    if (got < 0)
        st = OPTREF_EFORMAT;
    if (st != OPTREF_SUCCESS)
        return st;
    if (best_h < 0) {
        snprintf(err, errlen, "%s: no %s budget for %s %s in %s over %ld steps; give --tolerance", path,
                 mname, alg, var, fmt, steps);
        return OPTREF_EUNKNOWN;
    }
    *ulps = best;
    return OPTREF_SUCCESS;
}
