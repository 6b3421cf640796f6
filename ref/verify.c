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
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

#define MAX_LINE (1L << 20) /* a candidate line longer than 1 MiB is refused */
#define STEP_PREC 256

/* ---- reading ------------------------------------------------------------- */

typedef struct {
    FILE *f;
    const char *path;
    char *buf;
    size_t cap;
    long lineno;
    double bytes;
} reader;

/* Next line without its end of line; 1 if a line was read, 0 at end of file,
 * -1 on error (err set). */
static int next_line(reader *rd, char **line, size_t *len, char *err, size_t errlen)
{
    ssize_t n = getline(&rd->buf, &rd->cap, rd->f);
    if (n < 0) {
        if (ferror(rd->f)) {
            snprintf(err, errlen, "%s:%ld: read error: %s", rd->path, rd->lineno + 1, strerror(errno));
            return -1;
        }
        return 0;
    }
    rd->lineno++;
    rd->bytes += (double)n;
    if (n > MAX_LINE) {
        snprintf(err, errlen, "%s:%ld: line is %zd bytes long, over the limit of 1 MiB", rd->path,
                 rd->lineno, n);
        return -1;
    }
    if ((ssize_t)strlen(rd->buf) != n) {
        snprintf(err, errlen, "%s:%ld:%zu: NUL byte: not a text file", rd->path, rd->lineno,
                 strlen(rd->buf) + 1);
        return -1;
    }
    while (n > 0 && (rd->buf[n - 1] == '\n' || rd->buf[n - 1] == '\r'))
        rd->buf[--n] = '\0';
    *line = rd->buf;
    *len = (size_t)n;
    return 1;
}

/* Splits on commas in place, trimming blanks; returns the field count. */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (n < max)
            fields[n] = p;
        n++;
        if (!comma)
            return n;
        p = comma + 1;
    }
}

/* ---- truth engines ------------------------------------------------------- */

typedef struct {
    optref_run *a, *b;
    mpfr_prec_t p;
} pair;

static optref_status pair_new(pair *pr, const optref_setup *s, mpfr_prec_t p)
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

/* ---- the judgment --------------------------------------------------------- */

typedef struct {
    const optref_vopts *o;
    optref_vreport *r;
    const optref_setup *s;
    size_t n;
    double *maxabs[2]; /* running max |truth| per quantity, per mode */
    const char *path;
} judge;

static size_t kind_of(const judge *j, size_t q) { return q / j->n; }

/* Compares one value; returns -1 on bad input (NaN where truth is finite). */
static int compare(judge *j, int mode, long t, size_t q, double truth, double got, long line,
                   size_t col, char *err, size_t errlen)
{
    optref_vreport *r = j->r;
    char qn[32];
    if (isnan(got) && !isnan(truth)) {
        optref_qname(j->s, q, qn, sizeof qn);
        snprintf(err, errlen, "%s:%ld:%zu: nan where the exact value is finite (%s at t=%ld)",
                 j->path, line, col, qn, t);
        return -1;
    }
    double u = optref_ulp_scaled(got, truth, &j->maxabs[mode][q], j->o->fmt);
    double rel = got == truth || (isnan(got) && isnan(truth)) ? 0.0
                 : truth == 0.0                              ? INFINITY
                                                             : fabs(got - truth) / fabs(truth);
    optref_vkind *k = &r->kind[mode][kind_of(j, q)];
    k->compared++;
    if (u > k->max_ulp) {
        k->max_ulp = u;
        k->at_t = t;
        k->at_i = q % j->n;
    }
    if (rel > k->max_rel)
        k->max_rel = rel;
    if (u > j->o->tol[mode]) {
        k->failed++;
        r->nfailed++;
        if (r->nlisted < j->o->max_report && r->nlisted < OPTREF_VERIFY_MAXREPORT) {
            optref_vfail *f = &r->fail[r->nlisted++];
            f->mode = mode;
            f->t = t;
            f->q = q;
            optref_qname(j->s, q, f->qname, sizeof f->qname);
            f->expected = truth;
            f->got = got;
            f->ulp = u;
            f->tol = j->o->tol[mode];
            f->line = optref_q_line(j->s, q);
            f->csv_line = line;
        }
    }
    return 0;
}

/* The case's setup with its inputs rounded to the candidate's format. */
static optref_setup rounded_setup(const optref_setup *s, const optref_format *fmt)
{
    optref_setup r = *s;
    for (size_t k = 0; k < s->alg->nhp; k++)
        if (isfinite(r.hp[k]))
            r.hp[k] = optref_round_d_to(r.hp[k], fmt);
    for (size_t i = 0; i < s->prob->n; i++)
        r.x0[i] = optref_round_d_to(r.x0[i], fmt);
    for (size_t k = 0; k < s->prob->ncoef; k++)
        r.coef[k] = optref_round_d_to(r.coef[k], fmt);
    return r;
}

/* The quantity a column names ("x[3]", "m[0]", "f"), or nq if none: parsed,
 * not searched, so a header of 10^5 columns costs 10^5 steps. */
static size_t column_q(const optref_vreport *r, size_t n, size_t nq, const char *name)
{
    if (strcmp(name, "f") == 0)
        return nq - 1;
    const char *br = strchr(name, '[');
    if (!br || br == name || !isdigit((unsigned char)br[1]))
        return nq;
    char *end;
    errno = 0;
    unsigned long i = strtoul(br + 1, &end, 10);
    if (errno || strcmp(end, "]") != 0 || i >= n || (br[1] == '0' && br[2] != ']'))
        return nq;
    for (size_t k = 0; k + 1 < r->nkind; k++)
        if (strlen(r->kind[0][k].name) == (size_t)(br - name) &&
            strncmp(r->kind[0][k].name, name, (size_t)(br - name)) == 0)
            return k * n + i;
    return nq;
}

optref_status optref_verify(const char *path, const optref_vopts *o, optref_vreport *r, char *err,
                            size_t errlen)
{
    const optref_setup *cs = &o->c->s;
    optref_setup s = rounded_setup(cs, o->fmt);
    size_t n = s.prob->n, nq = optref_nq(&s), nact = (nq - 1) / n - 2;
    memset(r, 0, sizeof *r);
    r->nkind = nact + 3;
    for (int mode = 0; mode < 2; mode++)
        for (size_t k = 0; k < r->nkind; k++) {
            char qn[32];
            optref_qname(&s, k * n, qn, sizeof qn);
            char *br = strchr(qn, '[');
            if (br)
                *br = '\0';
            snprintf(r->kind[mode][k].name, sizeof r->kind[mode][k].name, "%s", qn);
            r->kind[mode][k].line = optref_q_line(&s, k * n);
        }

    reader rd = { .path = path };
    rd.f = fopen(path, "rb");
    if (!rd.f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return OPTREF_EIO;
    }
    optref_status st = OPTREF_EFORMAT;
    char *line;
    size_t len;
    size_t ncol = 0, tcol = (size_t)-1;
    size_t *colq = NULL;      /* column -> quantity (tcol: unused) */
    long *qcol = NULL;        /* quantity -> column, -1 if absent */
    char **fields = NULL;
    double *val = NULL, *prev = NULL, *truth = NULL;
    pair traj = { 0 }, step = { 0 };
    size_t *order = NULL; /* quantities in the order their lines execute; f last */
    mpfr_t scratch;       /* rounding to the candidate's format, reused */
    mpfr_init2(scratch, o->fmt->prec);
#define RND(x) optref_round_to_scratch(scratch, (x), o->fmt)
    judge j = { .o = o, .r = r, .s = &s, .n = n, .path = path };

    int got = next_line(&rd, &line, &len, err, errlen);
    if (got == 0)
        snprintf(err, errlen, "%s: empty file: expected a header line (t,x[0],...)", path);
    if (got <= 0)
        goto done;

    /* Header. */
    ncol = 1;
    for (const char *p = line; *p; p++)
        ncol += *p == ',';
    colq = calloc(ncol, sizeof *colq);
    qcol = malloc(nq * sizeof *qcol);
    fields = calloc(ncol, sizeof *fields);
    val = calloc(nq, sizeof *val);
    prev = calloc(nq, sizeof *prev);
    truth = calloc(nq, sizeof *truth);
    j.maxabs[0] = calloc(nq, sizeof(double));
    j.maxabs[1] = calloc(nq, sizeof(double));
    order = malloc(nq * sizeof *order);
    if (!colq || !qcol || !fields || !val || !prev || !truth || !j.maxabs[0] || !j.maxabs[1] || !order) {
        snprintf(err, errlen, "%s: out of memory", path);
        st = OPTREF_ENOMEM;
        goto done;
    }
    for (size_t q = 0; q < nq; q++) {
        qcol[q] = -1;
        order[q] = q;
    }
    for (size_t a = 1; a < nq; a++) /* stable insertion sort by line, f (-1) last */
        for (size_t b = a; b > 0; b--) {
            int la = optref_q_line(&s, order[b - 1]), lb = optref_q_line(&s, order[b]);
            if ((la >= 0 ? la : 1000000) <= (lb >= 0 ? lb : 1000000))
                break;
            size_t tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
    split(line, fields, ncol);
    for (size_t c = 0; c < ncol; c++) {
        const char *name = fields[c];
        if (strcmp(name, "t") == 0) {
            if (tcol != (size_t)-1) {
                snprintf(err, errlen, "%s:1:%zu: column 't' appears twice", path, c + 1);
                goto done;
            }
            tcol = c;
            continue;
        }
        size_t q = column_q(r, n, nq, name);
        if (q == nq) {
            unsigned long idx;
            char head[32];
            if (sscanf(name, "%31[a-z][%lu]", head, &idx) == 2 && idx >= n) {
                snprintf(err, errlen,
                         "%s:1:%zu: column '%.40s': case %s has dimension %zu (columns [0] to [%zu])",
                         path, c + 1, name, o->c->name, n, n - 1);
                goto done;
            }
            char known[512] = "t";
            for (size_t k = 0; k < r->nkind; k++) {
                strncat(known, k ? ", " : ", ", sizeof known - strlen(known) - 1);
                strncat(known, r->kind[0][k].name, sizeof known - strlen(known) - 1);
                if (k + 1 < r->nkind)
                    strncat(known, "[i]", sizeof known - strlen(known) - 1);
            }
            snprintf(err, errlen, "%s:1:%zu: unknown column '%.40s' (%s %s takes %s)", path, c + 1,
                     name, s.alg->name, s.alg->variants[s.variant].name, known);
            goto done;
        }
        if (qcol[q] >= 0) {
            snprintf(err, errlen, "%s:1:%zu: column '%s' appears twice", path, c + 1, name);
            goto done;
        }
        qcol[q] = (long)c;
        colq[c] = q;
    }
    if (tcol == (size_t)-1) {
        snprintf(err, errlen, "%s:1: no column 't' (the step)", path);
        goto done;
    }
    /* Each kind is all there or absent; x must be there. */
    for (size_t k = 0; k < r->nkind; k++) {
        size_t have = 0;
        if (k == r->nkind - 1)
            have = qcol[nq - 1] >= 0 ? n : 0; /* f: one column */
        else
            for (size_t i = 0; i < n; i++)
                have += qcol[k * n + i] >= 0;
        if ((have > 0 && have < n) || (k == 0 && have == 0)) {
            size_t i = 0;
            while (qcol[k * n + i] >= 0)
                i++;
            char qn[32];
            optref_qname(&s, k * n + i, qn, sizeof qn);
            snprintf(err, errlen, "%s:1: missing column %s", path, qn);
            goto done;
        }
        r->kind[0][k].present = r->kind[1][k].present = have > 0;
    }
    r->ran[OPTREF_TRAJ] = o->want[OPTREF_TRAJ];
    r->ran[OPTREF_STEP] = o->want[OPTREF_STEP];
    if (o->want[OPTREF_STEP]) {
        char missing[96] = "";
        for (size_t k = 1; k <= nact; k++)
            if (!r->kind[0][k].present) {
                r->ran[OPTREF_STEP] = 0;
                strncat(missing, *missing ? ", " : "", sizeof missing - strlen(missing) - 1);
                strncat(missing, r->kind[0][k].name, sizeof missing - strlen(missing) - 1);
            }
        if (!r->ran[OPTREF_STEP])
            snprintf(r->why_not[OPTREF_STEP], sizeof r->why_not[OPTREF_STEP],
                     "the candidate gives no %s columns (state)", missing);
        r->kind[OPTREF_STEP][r->nkind - 1].present = 0; /* f: judged on the trajectory only */
    }
    if (r->ran[OPTREF_TRAJ] && (st = pair_new(&traj, &s, OPTREF_ZIV_P0)) != OPTREF_SUCCESS)
        goto oom;
    if (r->ran[OPTREF_STEP] && (st = pair_new(&step, &s, STEP_PREC)) != OPTREF_SUCCESS)
        goto oom;
    st = OPTREF_EFORMAT;

    /* Rows. */
    long t = 0;
    for (;; t++) {
        got = next_line(&rd, &line, &len, err, errlen);
        if (got < 0)
            goto done;
        if (got == 0)
            break;
        if (len == 0) {
            snprintf(err, errlen, "%s:%ld: empty line", path, rd.lineno);
            goto done;
        }
        size_t nf = split(line, fields, ncol);
        if (nf != ncol) {
            snprintf(err, errlen, "%s:%ld: %zu fields, the header has %zu", path, rd.lineno, nf, ncol);
            goto done;
        }
        for (size_t c = 0; c < ncol; c++) {
            double v;
            if (!*fields[c]) {
                snprintf(err, errlen, "%s:%ld:%zu: empty field", path, rd.lineno, c + 1);
                goto done;
            }
            if (optref_parse_double(fields[c], &v) != OPTREF_SUCCESS) {
                snprintf(err, errlen, "%s:%ld:%zu: malformed number '%.40s'", path, rd.lineno, c + 1,
                         fields[c]);
                goto done;
            }
            if (c == tcol) {
                if (v != (double)t) {
                    if (v == floor(v) && v >= 0 && v < 1e15)
                        snprintf(err, errlen, "%s:%ld:%zu: step t=%.0f out of order or missing: "
                                 "expected t=%ld", path, rd.lineno, c + 1, v, t);
                    else
                        snprintf(err, errlen, "%s:%ld:%zu: step '%s' is not a whole number", path,
                                 rd.lineno, c + 1, fields[c]);
                    goto done;
                }
            } else
                val[colq[c]] = v;
        }
        if (t > o->steps) {
            snprintf(err, errlen, "%s:%ld: step t=%ld beyond the %ld steps judged (case %s; "
                     "--steps N judges more or fewer)", path, rd.lineno, t, o->steps, o->c->name);
            goto done;
        }

        /* Trajectory truth for step t: p and 2p agree, or restart higher. */
        if (r->ran[OPTREF_TRAJ]) {
            if (t > 0) {
                optref_run_step(traj.a);
                optref_run_step(traj.b);
            }
            for (;;) {
                size_t q = 0;
                for (; q < nq; q++) {
                    truth[q] = RND(optref_run_get_mp(traj.b, q));
                    if (!same(RND(optref_run_get_mp(traj.a, q)), truth[q]))
                        break;
                }
                if (q == nq)
                    break;
                mpfr_prec_t p = 2 * traj.p;
                pair_free(&traj);
                if (2 * p > OPTREF_ZIV_PMAX) {
                    snprintf(err, errlen, "%s: the exact trajectory did not settle at t=%ld within "
                             "%d bits; cannot judge", path, t, OPTREF_ZIV_PMAX);
                    st = OPTREF_ENOTSETTLED;
                    goto done;
                }
                if ((st = pair_new(&traj, &s, p)) != OPTREF_SUCCESS)
                    goto oom;
                st = OPTREF_EFORMAT;
                for (long k = 0; k < t; k++) {
                    optref_run_step(traj.a);
                    optref_run_step(traj.b);
                }
            }
            for (size_t k = 0; k < nq; k++) {
                size_t q = order[k];
                if (qcol[q] < 0 || (t == 0 && optref_q_is_grad(&s, q)))
                    continue;
                if (compare(&j, OPTREF_TRAJ, t, q, truth[q], val[q], rd.lineno, (size_t)qcol[q] + 1,
                            err, errlen) < 0)
                    goto done;
            }
        }

        /* One step from the candidate's own state at t − 1.  Its scale floors
         * start from the initial values, as the trajectory's do. */
        if (r->ran[OPTREF_STEP] && t == 0)
            for (size_t q = 0; q < nq; q++) {
                optref_column_scale(&j.maxabs[OPTREF_STEP][q], RND(optref_run_get_mp(step.b, q)));
            }
        if (r->ran[OPTREF_STEP] && t > 0) {
            for (size_t q = 0; q < n * (1 + nact); q++) {
                optref_run_set_d(step.a, q, prev[q]);
                optref_run_set_d(step.b, q, prev[q]);
            }
            optref_run_step(step.a);
            optref_run_step(step.b);
            for (size_t k = 0; k < nq; k++) {
                size_t q = order[k];
                if (qcol[q] < 0 || q == nq - 1)
                    continue;
                double ta = RND(optref_run_get_mp(step.a, q));
                double tb = RND(optref_run_get_mp(step.b, q));
                if (!same(ta, tb)) {
                    r->unsettled++;
                    continue;
                }
                if (compare(&j, OPTREF_STEP, t, q, tb, val[q], rd.lineno, (size_t)qcol[q] + 1, err,
                            errlen) < 0)
                    goto done;
            }
        }
        memcpy(prev, val, nq * sizeof *val);
    }
    if (t <= o->steps) {
        if (t == 0)
            snprintf(err, errlen, "%s:%ld: no rows after the header", path, rd.lineno);
        else
            snprintf(err, errlen, "%s:%ld: the file ends at t=%ld, case %s has %ld steps (truncated? "
                     "--steps %ld judges what is there)", path, rd.lineno, t - 1, o->c->name,
                     o->steps, t - 1);
        goto done;
    }
    r->rows = t;
    r->prec = traj.p;
    r->bytes = rd.bytes;
    r->pass = r->nfailed == 0;
    st = OPTREF_SUCCESS;
    goto done;
oom:
    snprintf(err, errlen, "%s: out of memory", path);
done:
    pair_free(&traj);
    pair_free(&step);
    free(rd.buf);
    fclose(rd.f);
    free(colq);
    free(qcol);
    free(fields);
    free(val);
    free(prev);
    free(truth);
    free(order);
    mpfr_clear(scratch);
#undef RND
    free(j.maxabs[0]);
    free(j.maxabs[1]);
    return st;
}

/* ---- golden/TOLERANCES ---------------------------------------------------- */

optref_status optref_tolerance_lookup(const char *path, const optref_case *c, const char *fmt,
                                      int mode, long steps, double *ulps, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return OPTREF_EIO;
    }
    const char *alg = c->s.alg->name, *var = c->s.alg->variants[c->s.variant].name;
    const char *mname = mode == OPTREF_TRAJ ? "trajectory" : "onestep";
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, best_h = -1;
    int best_exact = -1;
    double best = 0;
    optref_status st = OPTREF_SUCCESS;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        char a[64], v[64], fm[16], m[16];
        long h;
        double u;
        int used = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        if (sscanf(p, "%63s %63s %15s %15s %ld %lf %n", a, v, fm, m, &h, &u, &used) < 6 || used == 0) {
            snprintf(err, errlen, "%s:%ld: expected: algorithm variant format mode horizon ulps reason",
                     path, lineno);
            st = OPTREF_EFORMAT;
            break;
        }
        if (u != 0 && strlen(p + used) < 3) {
            snprintf(err, errlen, "%s:%ld: a non-zero budget needs its reason", path, lineno);
            st = OPTREF_EFORMAT;
            break;
        }
        if (strcmp(a, alg) != 0 || (strcmp(v, "*") != 0 && strcmp(v, var) != 0) ||
            (strcmp(fm, "*") != 0 && strcmp(fm, fmt) != 0) || strcmp(m, mname) != 0 || h < steps)
            continue;
        int exact = (strcmp(v, "*") != 0) + (strcmp(fm, "*") != 0);
        if (best_h < 0 || h < best_h || (h == best_h && exact > best_exact)) {
            best_h = h;
            best_exact = exact;
            best = u;
        }
    }
    free(line);
    fclose(f);
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
