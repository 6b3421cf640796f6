/* vstep.c: verify one step of a user's optimizer on tensor dumps (vstep.h,
 * doc/verify-step.md).
 *
 * Truth, per coordinate i, in the candidate's format F: the exact result of
 * update t from the candidate's own x_{t−1}[i], state_{t−1}[i] and g_t[i]
 * (hyper-parameters as given in binary64, or rounded to F with round_hp),
 * computed by MPFR at 256 and 512 bits and rounded to F; judged only when both
 * roundings agree.  A value is measured in ULPs of F, the ulp taken of
 * max(|truth|, |the candidate's value before the step|): the one-step analogue
 * of verify's column scale.
 *
 * Coordinates are independent for every algorithm whose state is per
 * coordinate or a scalar that follows t, so a chunk of coordinates is a setup
 * of its own on the linear problem f(x) = Σ g_i x_i (∇f = g, the given
 * gradient, exactly); worker threads take chunks in turn. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vstep.h"
#include "verify.h"
#include "internal.h"

#define STEP_PREC 256
#define DEFAULT_CHUNK 16384

enum { SL_X, SL_G, SL_STATE, SL_ETA };

typedef struct {
    const char *name;
    int kind;          /* SL_* */
    int state;         /* state index (SL_STATE) */
    size_t qk;         /* quantity index, or (size_t)-1 (internal state) */
    int vector;        /* per coordinate */
    int in_before;     /* read from before/ (x, g, per-coordinate state, a given scalar) */
    int judged;        /* read from after/ and judged */
    int line;
    int ext;           /* optref_extent: OPTREF_PER_COORD for x and g */
    double sb, sa;     /* scalar: the value before and after */
} slot;

typedef struct {
    const optref_vsopts *o;
    optref_vsreport *r;
    const optref_algorithm *alg;
    size_t variant;
    const optref_format *fmt;
    int bf16;
    slot *sl;
    size_t nsl;
    size_t *jsl;          /* judged slots in line order: kind k is slot jsl[k] */
    size_t n;             /* coordinates */
    optref_setup *probe;  /* one coordinate: quantities, warm-up */
    optref_run *warm[2];  /* scalar state at t − 1, 256 and 512 bits; NULL: none needed */
    size_t nchunks, chunk;
} vs;

/* ---- setups on the given gradient ---------------------------------------- */

/* The linear family on n coordinates, coef = the gradient (set per chunk). */
static optref_status given_setup(vs *v, size_t n, optref_setup **out, char *err, size_t errlen)
{
    optref_problem *p = calloc(1, sizeof *p);
    if (!p || !(p->name = strdup("given")) || optref_problem_alloc(p, n, n, 0) != OPTREF_SUCCESS ||
        !(p->layer = malloc(sizeof *p->layer))) {
        optref_problem_free(p);
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    }
    p->type = optref_problem_type_from_name("linear");
    p->fmin = p->L = p->mu = p->D = p->Ginf = NAN;
    p->nlayer = 1;
    p->layer[0] = (optref_layer){ 0, n, 1 };
    if (v->o->layer_rows && n == v->o->layer_rows * v->o->layer_cols)
        p->layer[0] = (optref_layer){ 0, v->o->layer_rows, v->o->layer_cols };
    optref_setup *s;
    optref_status st = optref_setup_new_on(&s, v->alg, v->variant, p, err, errlen);
    for (size_t k = 0; st == OPTREF_SUCCESS && k < v->o->nitems; k++) {
        const char *it = v->o->items[k];
        if (strncmp(it, "x0=", 3) == 0) {
            snprintf(err, errlen, "'%s': x comes from before/x.npy, not from x0=", it);
            st = OPTREF_EVALUE;
        } else
            st = optref_setup_set(s, it, err, errlen);
    }
    if (st == OPTREF_SUCCESS)
        st = optref_setup_check(s, err, errlen);
    if (st == OPTREF_SUCCESS && v->o->round_hp) {
        optref_setup *r = optref_setup_rounded(s, v->fmt);
        optref_setup_free(s);
        s = r;
        if (!s)
            st = (snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM);
    }
    if (st != OPTREF_SUCCESS) {
        optref_setup_free(s);
        return st;
    }
    *out = s;
    return OPTREF_SUCCESS;
}

/* ---- what is read and judged ---------------------------------------------- */

static int add_slot(vs *v, slot s)
{
    slot *n = realloc(v->sl, (v->nsl + 1) * sizeof *n);
    if (!n)
        return -1;
    v->sl = n;
    v->sl[v->nsl++] = s;
    return 0;
}

/* State that cannot be split by coordinate, or not read from a file. */
static optref_status check_state(const vs *v, char *err, size_t errlen)
{
    for (size_t k = 0; k < v->alg->nstate; k++) {
        const optref_statevar *S = &v->alg->state[k];
        int layered = S->extent == OPTREF_PER_LAYER || S->extent == OPTREF_PER_ROW || S->extent == OPTREF_PER_COL;
        if (!optref_state_used(S, v->variant) || (layered && v->o->layer_rows && !S->internal))
            continue;
        if (layered)
            return snprintf(err, errlen, "%s: state '%s' is %s, a whole-layer quantity: give the layers with "
                            "--manifest FILE (doc/verify-step.md), each judged as a whole", v->alg->name, S->name,
                            S->extent == OPTREF_PER_LAYER ? "per layer" : S->extent == OPTREF_PER_ROW
                            ? "per row of each layer" : "per column of each layer"), OPTREF_EVALUE;
        if (S->extent != OPTREF_PER_COORD && S->extent != OPTREF_SCALAR)
            return snprintf(err, errlen, "%s: state '%s' is %s, a whole-tensor quantity: verify-step checks "
                            "coordinates independently and cannot judge it", v->alg->name, S->name,
                            "not per coordinate"), OPTREF_EVALUE;
        if (S->extent == OPTREF_PER_COORD && S->internal)
            return snprintf(err, errlen, "%s: state '%s' is internal (not recorded): it cannot be read from "
                            "a file", v->alg->name, S->name), OPTREF_EVALUE;
    }
    return OPTREF_SUCCESS;
}

static int exists(const char *dir, const char *name)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s.npy", dir, name);
    FILE *f = fopen(p, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Slots from the probe's quantities, then the internal scalars. */
static optref_status make_slots(vs *v, char *err, size_t errlen)
{
    const optref_setup *s = v->probe;
    for (size_t k = 0; k < optref_nquantities(s); k++) {
        const optref_quantity *Q = optref_quantity_at(s, k);
        int src = s->qsrc[k];
        slot sl = { .name = Q->name, .qk = k, .line = Q->line, .state = src, .vector = Q->vector };
        if (src == OPTREF_Q_F)
            continue;
        sl.kind = src == OPTREF_Q_X ? SL_X : src == OPTREF_Q_G ? SL_G : src == OPTREF_Q_ETA ? SL_ETA : SL_STATE;
        sl.ext = sl.kind == SL_STATE ? (int)v->alg->state[src].extent : sl.vector ? OPTREF_PER_COORD : OPTREF_SCALAR;
        /* a trust ratio is recomputed by the step, not read: before/ may omit it */
        sl.in_before = sl.kind != SL_ETA && ((sl.vector && sl.ext != OPTREF_PER_LAYER) || exists(v->o->before, Q->name));
        sl.judged = sl.kind != SL_G && exists(v->o->after, Q->name);
        if (sl.kind == SL_X && !sl.judged)
            return snprintf(err, errlen, "%s/x.npy: %s", v->o->after, "missing (x after the step)"), OPTREF_EMISSING;
        if (add_slot(v, sl) != 0)
            return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    }
    size_t nj = 0;
    for (size_t k = 0; k < v->nsl; k++)
        nj += (size_t)v->sl[k].judged;
    if (!(v->jsl = malloc((nj ? nj : 1) * sizeof *v->jsl)))
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    v->r->nkind = 0;
    for (size_t k = 0; k < v->nsl; k++) /* insertion by line: stable */
        if (v->sl[k].judged) {
            size_t j = v->r->nkind++;
            for (; j > 0 && v->sl[v->jsl[j - 1]].line > v->sl[k].line; j--)
                v->jsl[j] = v->jsl[j - 1];
            v->jsl[j] = k;
        }
    return OPTREF_SUCCESS;
}

/* ---- the files: one shape, one dtype, one order ------------------------------ */

static optref_status open_file(const vs *v, const char *dir, const char *name, optref_npy *a, char *err,
                               size_t errlen)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s.npy", dir, name);
    optref_status st = optref_npy_open(a, p, v->bf16, err, errlen);
    if (st == OPTREF_SUCCESS && v->fmt && a->fmt != v->fmt)
        st = (snprintf(err, errlen, "%s: holds %s values, the step is judged as %s (x.npy's, or --dtype)", p, a->fmt->name,
                       v->fmt->name), OPTREF_EFORMAT);
    return st;
}

/* A vector file against the reference (before/x.npy): same shape and order. */
static optref_status same_layout(const optref_npy *ref, const optref_npy *a, char *err, size_t errlen)
{
    int same = ref->ndim == a->ndim && ref->fortran == a->fortran;
    for (size_t d = 0; same && d < a->ndim; d++)
        same = ref->shape[d] == a->shape[d];
    if (same)
        return OPTREF_SUCCESS;
    if (ref->ndim == a->ndim && ref->count == a->count && ref->fortran != a->fortran)
        return snprintf(err, errlen, "%s: header field 'fortran_order' is %s, %s's is %s: give every file in "
                        "one order", a->path, a->fortran ? "True" : "False", ref->path,
                        ref->fortran ? "True" : "False"), OPTREF_EDIM;
    char sa[96], sr[96];
    optref_npy_shape_text(a, sa, sizeof sa);
    optref_npy_shape_text(ref, sr, sizeof sr);
    return snprintf(err, errlen, "%s: header field 'shape' is %s, %s's is %s", a->path, sa, ref->path, sr),
           OPTREF_EDIM;
}

static optref_status check_one(vs *v, const optref_npy *ref, size_t k, int after, char *err, size_t errlen)
{
    slot *sl = &v->sl[k];
    optref_npy a;
    const char *dir = after ? v->o->after : v->o->before;
    optref_status st = open_file(v, dir, sl->name, &a, err, errlen);
    size_t want = sl->ext == OPTREF_PER_LAYER ? 1 : sl->ext == OPTREF_PER_ROW ? v->o->layer_rows : v->o->layer_cols;
    if (st == OPTREF_SUCCESS && sl->vector && sl->ext != OPTREF_PER_COORD && a.count != want)
        st = (snprintf(err, errlen, "%s: header field 'shape': %zu values; %s is one per %s of the layer: %zu", a.path,
                       a.count, sl->name, sl->ext == OPTREF_PER_LAYER ? "layer" : sl->ext == OPTREF_PER_ROW ? "row"
                       : "column", want), OPTREF_EDIM);
    else if (st == OPTREF_SUCCESS && sl->vector && sl->ext == OPTREF_PER_COORD)
        st = same_layout(ref, &a, err, errlen);
    else if (st == OPTREF_SUCCESS && !sl->vector && a.count != 1)
        st = (snprintf(err, errlen, "%s: header field 'shape': %zu values; %s is one number", a.path, a.count,
                       sl->name), OPTREF_EDIM);
    if (st == OPTREF_SUCCESS && !sl->vector)
        st = optref_npy_read(&a, 0, 1, after ? &sl->sa : &sl->sb, err, errlen);
    optref_npy_close(&a);
    return st;
}

/* A layer of a manifest: x holds rows × cols values, (rows, cols) if 2-D, in C order. */
static optref_status layer_shape(const vs *v, const optref_npy *x, char *err, size_t errlen)
{
    size_t rows = v->o->layer_rows, cols = v->o->layer_cols;
    char sx[96];
    optref_npy_shape_text(x, sx, sizeof sx);
    if (x->count != rows * cols || (x->ndim == 2 && (x->shape[0] != rows || x->shape[1] != cols)) || x->ndim > 2)
        return snprintf(err, errlen, "%s: header field 'shape' is %s, the manifest's layer is %zux%zu", x->path, sx,
                        rows, cols), OPTREF_EDIM;
    if (x->fortran && x->ndim == 2 && rows > 1 && cols > 1)
        return snprintf(err, errlen, "%s: header field 'fortran_order' is True: a layer's rows and columns are "
                        "read in C order (np.ascontiguousarray)", x->path), OPTREF_EDIM;
    return OPTREF_SUCCESS;
}

static optref_status check_files(vs *v, char *err, size_t errlen)
{
    optref_npy ref;
    optref_status st = open_file(v, v->o->before, "x", &ref, err, errlen);
    if (st == OPTREF_SUCCESS && v->o->layer_rows)
        st = layer_shape(v, &ref, err, errlen);
    if (st != OPTREF_SUCCESS)
        return optref_npy_close(&ref), st;
    v->fmt = ref.fmt;
    v->n = ref.count;
    optref_vsreport *r = v->r;
    r->ndim = ref.ndim;
    r->fortran = ref.fortran;
    r->n = ref.count;
    if (!(r->shape = malloc((ref.ndim ? ref.ndim : 1) * sizeof *r->shape)))
        st = (snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM);
    else if (ref.ndim)
        memcpy(r->shape, ref.shape, ref.ndim * sizeof *r->shape);
    for (size_t k = 0; st == OPTREF_SUCCESS && k < v->nsl; k++) {
        if (v->sl[k].in_before)
            st = check_one(v, &ref, k, 0, err, errlen);
        if (st == OPTREF_SUCCESS && v->sl[k].judged)
            st = check_one(v, &ref, k, 1, err, errlen);
    }
    optref_npy_close(&ref);
    return st;
}

/* ---- coordinates must not be coupled ------------------------------------------ */

static int same_mp(mpfr_srcptr a, mpfr_srcptr b) { return mpfr_equal_p(a, b) || (mpfr_nan_p(a) && mpfr_nan_p(b)); }

/* One step on two coordinates against each alone: a step that reads the
 * other coordinates (a norm, a projection onto a ball) differs and is
 * refused.  Large x so that a norm-based rule is active. */
static optref_status probe_coupling(vs *v, char *err, size_t errlen)
{
    const double x[2] = { 3e100, -4e100 }, g[2] = { 0.5, -3 };
    optref_setup *s2 = NULL;
    optref_run *r2 = NULL, *r1[2] = { NULL, NULL };
    optref_status st = given_setup(v, 2, &s2, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&r2, s2, OPTREF_MPFR, STEP_PREC, NULL);
    for (int i = 0; i < 2 && st == OPTREF_SUCCESS; i++)
        if ((st = optref_run_new(&r1[i], v->probe, OPTREF_MPFR, STEP_PREC, NULL)) == OPTREF_SUCCESS) {
            optref_run_set_coef(r2, (size_t)i, g[i]);
            optref_run_set_coef(r1[i], 0, g[i]);
            optref_run_set_d(r2, (size_t)i, x[i]);
            optref_run_set_d(r1[i], 0, x[i]);
        }
    const char *coupled = NULL;
    if (st == OPTREF_SUCCESS) {
        optref_run_step(r2);
        optref_run_step(r1[0]);
        optref_run_step(r1[1]);
        for (size_t k = 0; k + 1 < optref_nquantities(s2) && !coupled; k++) { /* f: the problem's, last */
            const optref_quantity *Q2 = optref_quantity_at(s2, k), *Q1 = optref_quantity_at(v->probe, k);
            for (size_t i = 0; i < (Q2->vector ? 2 : 1) && !coupled; i++)
                if (!same_mp(optref_run_get_mp(r2, Q2->offset + i), optref_run_get_mp(r1[i], Q1->offset)))
                    coupled = Q2->name;
        }
    } else if (st == OPTREF_ENOMEM)
        snprintf(err, errlen, "out of memory");
    if (coupled) {
        snprintf(err, errlen, "%s %s: the step couples coordinates (%s of one depends on the others: a norm or a "
                 "projection); verify-step checks coordinates independently and cannot judge it", v->alg->name,
                 v->alg->variants[v->variant].name, coupled);
        st = OPTREF_EVALUE;
    }
    optref_run_free(r2);
    optref_run_free(r1[0]);
    optref_run_free(r1[1]);
    optref_setup_free(s2);
    return st;
}

/* ---- scalar state at t − 1 ----------------------------------------------------- */

/* Scalar state not given in before/ follows t: t − 1 steps of a one-coordinate
 * run give it exactly; a run on other data must agree, else it is the data's. */
static optref_status warm_up(vs *v, char *err, size_t errlen)
{
    int need = 0;
    for (size_t k = 0; k < v->alg->nstate; k++) {
        const optref_statevar *S = &v->alg->state[k];
        int given = 0;
        for (size_t j = 0; j < v->nsl; j++)
            given |= v->sl[j].kind == SL_STATE && v->sl[j].state == (int)k && v->sl[j].in_before;
        need |= optref_state_used(S, v->variant) && S->extent == OPTREF_SCALAR && !given;
    }
    if (!need)
        return OPTREF_SUCCESS;
    optref_run *other = NULL;
    optref_status st = optref_run_new(&v->warm[0], v->probe, OPTREF_MPFR, STEP_PREC, NULL);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&v->warm[1], v->probe, OPTREF_MPFR, 2 * STEP_PREC, NULL);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&other, v->probe, OPTREF_MPFR, STEP_PREC, NULL);
    if (st != OPTREF_SUCCESS)
        return optref_run_free(other), snprintf(err, errlen, "out of memory"), st;
    optref_run_set_coef(v->warm[0], 0, 1.0);
    optref_run_set_coef(v->warm[1], 0, 1.0);
    optref_run_set_coef(other, 0, -3.0);
    optref_run_set_d(other, 0, 2.0);
    for (long t = 1; t < v->o->t; t++) {
        optref_run_step(v->warm[0]);
        optref_run_step(v->warm[1]);
        optref_run_step(other);
    }
    for (size_t k = 0; k < v->alg->nstate && st == OPTREF_SUCCESS; k++)
        if (optref_state_used(&v->alg->state[k], v->variant) && v->alg->state[k].extent == OPTREF_SCALAR &&
            !optref_run_state_equal(v->warm[0], other, k))
            st = (snprintf(err, errlen, "%s: scalar state '%s' depends on the data, not on t alone: give "
                           "before/%s.npy", v->alg->name, v->alg->state[k].name, v->alg->state[k].name),
                  OPTREF_EVALUE);
    optref_run_free(other);
    return st;
}

/* ---- a worker ---------------------------------------------------------------- */

typedef struct {
    vs *v;
    size_t id;
    optref_npy *fb, *fa;     /* per slot: before and after files */
    double **bv, **av;       /* per slot: the chunk's values */
    optref_setup *s;
    optref_run *run[2];
    size_t len;              /* the runs' coordinates */
    mpfr_t scratch;
    optref_vskind *kind;
    optref_vsfail *fail;     /* per kind: max_report each, by coordinate */
    size_t *nfail;
    optref_status st;
    char err[1024];
} worker;

static optref_status worker_open(worker *w)
{
    vs *v = w->v;
    size_t nk = v->r->nkind ? v->r->nkind : 1, mr = v->o->max_report ? v->o->max_report : 1;
    size_t chunk = v->chunk;
    w->fb = calloc(v->nsl, sizeof *w->fb);
    w->fa = calloc(v->nsl, sizeof *w->fa);
    w->bv = calloc(v->nsl, sizeof *w->bv);
    w->av = calloc(v->nsl, sizeof *w->av);
    w->kind = calloc(nk, sizeof *w->kind);
    w->fail = calloc(nk * mr, sizeof *w->fail);
    w->nfail = calloc(nk, sizeof *w->nfail);
    if (!w->fb || !w->fa || !w->bv || !w->av || !w->kind || !w->fail || !w->nfail)
        return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    for (size_t k = 0; k < v->nsl; k++) {
        slot *sl = &v->sl[k];
        if (!sl->vector)
            continue;
        optref_status st = OPTREF_SUCCESS;
        if (sl->in_before && (st = open_file(v, v->o->before, sl->name, &w->fb[k], w->err, sizeof w->err)) == 0)
            st = (w->bv[k] = malloc(chunk * sizeof(double))) ? st : OPTREF_ENOMEM;
        if (st == OPTREF_SUCCESS && sl->judged &&
            (st = open_file(v, v->o->after, sl->name, &w->fa[k], w->err, sizeof w->err)) == 0)
            st = (w->av[k] = malloc(chunk * sizeof(double))) ? st : OPTREF_ENOMEM;
        if (st != OPTREF_SUCCESS)
            return st == OPTREF_ENOMEM ? (snprintf(w->err, sizeof w->err, "out of memory"), st) : st;
    }
    return OPTREF_SUCCESS;
}

static void worker_close(worker *w)
{
    for (size_t k = 0; k < w->v->nsl; k++) {
        if (w->fb)
            optref_npy_close(&w->fb[k]);
        if (w->fa)
            optref_npy_close(&w->fa[k]);
        if (w->bv)
            free(w->bv[k]);
        if (w->av)
            free(w->av[k]);
    }
    free(w->fb);
    free(w->fa);
    free(w->bv);
    free(w->av);
    optref_run_free(w->run[0]);
    optref_run_free(w->run[1]);
    optref_setup_free(w->s);
}

/* Runs on len coordinates (made again only when the length changes). */
static optref_status worker_runs(worker *w, size_t len)
{
    if (w->s && w->len == len)
        return OPTREF_SUCCESS;
    optref_run_free(w->run[0]);
    optref_run_free(w->run[1]);
    optref_setup_free(w->s);
    w->run[0] = w->run[1] = NULL;
    w->len = len;
    optref_status st = given_setup(w->v, len, &w->s, w->err, sizeof w->err);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&w->run[0], w->s, OPTREF_MPFR, STEP_PREC, NULL);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&w->run[1], w->s, OPTREF_MPFR, 2 * STEP_PREC, NULL);
    if (st == OPTREF_ENOMEM)
        snprintf(w->err, sizeof w->err, "out of memory");
    return st;
}

/* The runs at t − 1 from the chunk's inputs, then step t. */
static void load_and_step(worker *w)
{
    vs *v = w->v;
    for (int p = 0; p < 2; p++) {
        optref_run *r = w->run[p];
        for (size_t k = 0; k < v->nsl; k++) {
            const slot *sl = &v->sl[k];
            const optref_quantity *Q = optref_quantity_at(w->s, sl->qk);
            for (size_t i = 0; sl->kind == SL_G && i < Q->len; i++)
                optref_run_set_coef(r, i, w->bv[k][i]);
            for (size_t i = 0; sl->kind != SL_G && sl->in_before && i < (sl->vector ? Q->len : 1); i++)
                optref_run_set_d(r, Q->offset + i, sl->vector ? w->bv[k][i] : sl->sb);
        }
        for (size_t k = 0; v->warm[p] && k < v->alg->nstate; k++) {
            int given = 0;
            for (size_t j = 0; j < v->nsl; j++)
                given |= v->sl[j].kind == SL_STATE && v->sl[j].state == (int)k && v->sl[j].in_before;
            if (v->alg->state[k].extent == OPTREF_SCALAR && optref_state_used(&v->alg->state[k], v->variant) &&
                !given)
                optref_run_copy_state(r, v->warm[p], k);
        }
        optref_run_set_t(r, v->o->t - 1);
        optref_run_step(r);
    }
}

static void note_fail(worker *w, size_t k, size_t i, double truth, double got, double u)
{
    optref_vskind *K = &w->kind[k];
    K->failed++;
    size_t mr = w->v->o->max_report;
    if (w->nfail[k] < mr)
        w->fail[k * mr + w->nfail[k]++] = (optref_vsfail){ k, i, truth, got, u };
}

static void judge_value(worker *w, size_t k, size_t i, double truth, double got, double before)
{
    optref_vskind *K = &w->kind[k];
    double scale = isfinite(before) ? fabs(before) : 0;
    double u = optref_ulp_scaled(got, truth, &scale, w->v->fmt);
    K->compared++;
    K->hist[optref_vs_bin(u)]++;
    if (u > K->max_ulp || isnan(u)) {
        K->max_ulp = isnan(u) ? INFINITY : u;
        K->at = i;
    }
    if (!(u <= w->v->r->tol))
        note_fail(w, k, i, truth, got, u);
}

static void judge_chunk(worker *w, size_t first)
{
    vs *v = w->v;
    for (size_t k = 0; k < v->r->nkind; k++) {
        const slot *sl = &v->sl[v->jsl[k]];
        size_t j = v->jsl[k];
        const optref_quantity *Q = optref_quantity_at(w->s, sl->qk);
        if (!sl->vector && first > 0)
            continue;
        for (size_t i = 0; i < (sl->vector ? Q->len : 1); i++) {
            double ta = optref_round_to_scratch(w->scratch, optref_run_get_mp(w->run[0], Q->offset + i), v->fmt);
            double tb = optref_round_to_scratch(w->scratch, optref_run_get_mp(w->run[1], Q->offset + i), v->fmt);
            if (!(ta == tb && signbit(ta) == signbit(tb)) && !(isnan(ta) && isnan(tb))) {
                w->kind[k].unsettled++;
                continue;
            }
            double got = sl->vector ? w->av[j][i] : sl->sa;
            double before = !sl->in_before ? 0 : sl->vector ? w->bv[j][i] : sl->sb;
            judge_value(w, k, first + i, tb, got, before);
        }
    }
}

static optref_status do_chunk(worker *w, size_t c)
{
    vs *v = w->v;
    size_t chunk = v->chunk, hi = v->r->hi;
    size_t first = v->r->lo + c * chunk, len = hi - first < chunk ? hi - first : chunk;
    optref_status st = worker_runs(w, len);
    for (size_t k = 0; st == OPTREF_SUCCESS && k < v->nsl; k++) {
        size_t n = optref_quantity_at(w->s, v->sl[k].qk)->len; /* len, or a layer's rows, columns, 1 */
        if (w->bv[k])
            st = optref_npy_read(&w->fb[k], first, n, w->bv[k], w->err, sizeof w->err);
        if (st == OPTREF_SUCCESS && w->av[k])
            st = optref_npy_read(&w->fa[k], first, n, w->av[k], w->err, sizeof w->err);
    }
    if (st != OPTREF_SUCCESS)
        return st;
    load_and_step(w);
    judge_chunk(w, first);
    return OPTREF_SUCCESS;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    vs *v = w->v;
    size_t nt = v->r->nthreads;
    mpfr_init2(w->scratch, (mpfr_prec_t)v->fmt->prec);
    w->st = worker_open(w);
    for (size_t c = w->id; w->st == OPTREF_SUCCESS && c < v->nchunks; c += nt)
        w->st = do_chunk(w, c);
    mpfr_clear(w->scratch);
    mpfr_free_cache();
    return NULL;
}

/* ---- merging the workers ------------------------------------------------------ */

static int by_coord(const void *a, const void *b)
{
    const optref_vsfail *x = a, *y = b;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void merge_kind(vs *v, worker *ws, size_t nw, size_t k, optref_vsfail *tmp, size_t *ntmp)
{
    optref_vskind *K = &v->r->kind[k];
    size_t mr = v->o->max_report;
    *K = (optref_vskind){ .name = v->sl[v->jsl[k]].name, .line = v->sl[v->jsl[k]].line,
                          .vector = v->sl[v->jsl[k]].vector, .coord = v->sl[v->jsl[k]].ext == OPTREF_PER_COORD };
    for (size_t w = 0; w < nw; w++) {
        const optref_vskind *W = &ws[w].kind[k];
        K->compared += W->compared;
        K->failed += W->failed;
        K->unsettled += W->unsettled;
        for (int b = 0; b < OPTREF_VS_NBIN; b++)
            K->hist[b] += W->hist[b];
        if (W->max_ulp > K->max_ulp || (W->max_ulp == K->max_ulp && W->max_ulp > 0 && W->at < K->at)) {
            K->max_ulp = W->max_ulp;
            K->at = W->at;
        }
        for (size_t f = 0; f < ws[w].nfail[k]; f++)
            tmp[(*ntmp)++] = ws[w].fail[k * mr + f];
    }
}

static optref_status merge(vs *v, worker *ws, size_t nw)
{
    optref_vsreport *r = v->r;
    size_t mr = v->o->max_report;
    optref_vsfail *tmp = malloc((nw * mr > 0 ? nw * mr : 1) * sizeof *tmp);
    r->kind = calloc(r->nkind ? r->nkind : 1, sizeof *r->kind);
    r->fail = malloc((mr ? mr : 1) * sizeof *r->fail);
    if (!tmp || !r->kind || !r->fail)
        return free(tmp), OPTREF_ENOMEM;
    for (size_t k = 0; k < r->nkind; k++) {
        size_t ntmp = 0;
        merge_kind(v, ws, nw, k, tmp, &ntmp);
        qsort(tmp, ntmp, sizeof *tmp, by_coord);
        for (size_t f = 0; f < ntmp && r->nlisted < mr; f++)
            r->fail[r->nlisted++] = tmp[f];
        r->nfailed += r->kind[k].failed;
    }
    free(tmp);
    return OPTREF_SUCCESS;
}

static optref_status run_workers(vs *v, char *err, size_t errlen)
{
    size_t chunk = v->o->chunk ? v->o->chunk : DEFAULT_CHUNK, nt = v->o->nthreads ? v->o->nthreads : 2;
    optref_vsreport *r = v->r;
    if (v->o->layer_rows) /* a layer is judged as a whole: one chunk */
        chunk = v->n ? v->n : 1;
    v->chunk = chunk;
    r->shard = v->o->nshards > 1 ? v->o->shard : 0;
    r->nshards = v->o->nshards > 1 ? v->o->nshards : 1;
    r->lo = v->n / r->nshards * r->shard + v->n % r->nshards * r->shard / r->nshards;
    r->hi = v->n / r->nshards * (r->shard + 1) + v->n % r->nshards * (r->shard + 1) / r->nshards;
    v->nchunks = (r->hi - r->lo + chunk - 1) / chunk;
    if (!mpfr_buildopt_tls_p())
        nt = 1; /* MPFR's exponent range and caches are global without TLS */
    nt = nt > v->nchunks ? (v->nchunks ? v->nchunks : 1) : nt;
    v->r->nthreads = nt;
    v->r->chunk = chunk;
    worker *ws = calloc(nt, sizeof *ws);
    pthread_t *th = calloc(nt, sizeof *th);
    optref_status st = ws && th ? OPTREF_SUCCESS : OPTREF_ENOMEM;
    size_t started = 0;
    for (; st == OPTREF_SUCCESS && started < nt; started++) {
        ws[started] = (worker){ .v = v, .id = started };
        if (pthread_create(&th[started], NULL, worker_main, &ws[started]) != 0)
            st = (snprintf(err, errlen, "cannot start a thread"), OPTREF_ENOMEM);
    }
    if (st != OPTREF_SUCCESS && started > 0)
        started--;
    for (size_t k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    for (size_t k = 0; k < started && st == OPTREF_SUCCESS; k++)
        if (ws[k].st != OPTREF_SUCCESS)
            st = (snprintf(err, errlen, "%s", ws[k].err), ws[k].st);
    if (st == OPTREF_SUCCESS && merge(v, ws, started) != OPTREF_SUCCESS)
        st = (snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM);
    for (size_t k = 0; ws && k < started; k++) {
        worker_close(&ws[k]);
        free(ws[k].kind);
        free(ws[k].fail);
        free(ws[k].nfail);
    }
    free(ws);
    free(th);
    return st;
}

/* ---- the entry point ------------------------------------------------------------ */

#ifndef OPTREF_VS_TOLFILE_INSTALLED
#define OPTREF_VS_TOLFILE_INSTALLED ""
#endif
#ifndef OPTREF_VS_TOLFILE_SOURCE
#define OPTREF_VS_TOLFILE_SOURCE ""
#endif

static optref_status tolerance(vs *v, char *err, size_t errlen)
{
    optref_vsreport *r = v->r;
    if (!isnan(v->o->tol)) {
        r->tol = v->o->tol;
        snprintf(r->tolsrc, sizeof r->tolsrc, "--tolerance");
        return OPTREF_SUCCESS;
    }
    const char *env = getenv("OPTREF_TOLERANCES");
    const char *places[] = { v->o->tolfile, env, OPTREF_VS_TOLFILE_INSTALLED, OPTREF_VS_TOLFILE_SOURCE };
    for (size_t k = 0; k < OPTREF_COUNT(places); k++) {
        FILE *f = places[k] && *places[k] ? fopen(places[k], "r") : NULL;
        if (!f && k == 0 && places[0])
            return snprintf(err, errlen, "%s: cannot read the tolerances", places[0]), OPTREF_EIO;
        if (!f)
            continue;
        fclose(f);
        optref_case c = { .name = "verify-step", .s = v->probe };
        snprintf(r->tolsrc, sizeof r->tolsrc, "%s", places[k]);
        return optref_tolerance_lookup(places[k], &c, v->fmt->name, OPTREF_STEP, 1, &r->tol, err, errlen);
    }
    return snprintf(err, errlen, "no golden/TOLERANCES found (OPTREF_TOLERANCES unset); give a tolerance"),
           OPTREF_EMISSING;
}

static optref_status parse_algorithm(vs *v, char *err, size_t errlen)
{
    char name[64];
    const char *colon = strchr(v->o->algorithm, ':');
    size_t len = colon ? (size_t)(colon - v->o->algorithm) : strlen(v->o->algorithm);
    snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), v->o->algorithm);
    if (!(v->alg = optref_algorithm_from_name(name)))
        return snprintf(err, errlen, "unknown algorithm '%s'; `optref list` shows them", name), OPTREF_EUNKNOWN;
    int var = colon ? optref_variant_from_name(v->alg, colon + 1) : 0;
    if (var < 0)
        return snprintf(err, errlen, "unknown variant '%s' of %s; `optref list` shows them", colon + 1, name),
               OPTREF_EUNKNOWN;
    v->variant = (size_t)var;
    snprintf(v->r->algorithm, sizeof v->r->algorithm, "%s", v->alg->name);
    snprintf(v->r->variant, sizeof v->r->variant, "%s", v->alg->variants[var].name);
    v->r->file = v->alg->file;
    return OPTREF_SUCCESS;
}

static optref_status prepare(vs *v, char *err, size_t errlen)
{
    const optref_vsopts *o = v->o;
    if (o->layer_rows && (o->nshards > 1 || !o->layer_cols))
        return snprintf(err, errlen, "a layer of a manifest is judged whole: no --shard"), OPTREF_EVALUE;
    if (o->nshards > 1 && o->shard >= o->nshards)
        return snprintf(err, errlen, "--shard %zu/%zu: shards are numbered 0 to %zu", o->shard, o->nshards,
                        o->nshards - 1), OPTREF_EVALUE;
    if (o->t < 1)
        return snprintf(err, errlen, "--t %ld: the step judged is 1 or more (torch: state['step'] after the "
                        "step)", o->t), OPTREF_EVALUE;
    if (o->dtype && !(v->fmt = optref_format_from_name(o->dtype)))
        return snprintf(err, errlen, "--dtype '%s' is none of f64, f32, bf16, f16", o->dtype), OPTREF_EVALUE;
    v->bf16 = v->fmt == &optref_bfloat16;
    optref_status st = parse_algorithm(v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = check_state(v, err, errlen);
    if (st == OPTREF_SUCCESS && !v->fmt) { /* the files' format decides the rounding of hyper-parameters */
        optref_npy x;
        char p[4096];
        snprintf(p, sizeof p, "%s/x.npy", o->before);
        st = optref_npy_open(&x, p, 0, err, errlen);
        v->fmt = x.fmt;
        optref_npy_close(&x);
    }
    if (st == OPTREF_SUCCESS)
        st = given_setup(v, 1, &v->probe, err, errlen);
    if (st == OPTREF_SUCCESS && !o->layer_rows) /* within a layer, coupling is the algorithm's own */
        st = probe_coupling(v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = make_slots(v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = check_files(v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = tolerance(v, err, errlen);
    return st;
}

optref_status optref_verify_step(const optref_vsopts *o, optref_vsreport *r, char *err, size_t errlen)
{
    vs v = { .o = o, .r = r };
    memset(r, 0, sizeof *r);
    r->t = o->t;
    r->max_report = o->max_report;
    optref_status st = prepare(&v, err, errlen);
    r->fmt = v.fmt;
    if (st == OPTREF_SUCCESS)
        st = warm_up(&v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = run_workers(&v, err, errlen);
    for (size_t k = 0; st == OPTREF_SUCCESS && k < v.nsl; k++)
        if (v.sl[k].kind != SL_G && !v.sl[k].judged && strlen(r->notes) + strlen(v.sl[k].name) + 4 < sizeof r->notes)
            snprintf(r->notes + strlen(r->notes), sizeof r->notes - strlen(r->notes), "%s%s", *r->notes ? ", " : "",
                     v.sl[k].name);
    r->pass = st == OPTREF_SUCCESS && r->nfailed == 0;
    optref_run_free(v.warm[0]);
    optref_run_free(v.warm[1]);
    optref_setup_free(v.probe);
    free(v.sl);
    free(v.jsl);
    return st;
}

void optref_vsreport_free(optref_vsreport *r)
{
    free(r->shape);
    free(r->kind);
    free(r->fail);
    r->shape = NULL;
    r->kind = NULL;
    r->fail = NULL;
}

int optref_vs_bin(double u)
{
    if (u == 0)
        return 0;
    if (u <= 0.5)
        return 1;
    for (int b = 2; b < OPTREF_VS_NBIN - 1; b++)
        if (u <= ldexp(1, b - 2))
            return b;
    return OPTREF_VS_NBIN - 1;
}

void optref_vs_bin_label(int b, char *buf, size_t len)
{
    if (b == 0)
        snprintf(buf, len, "0");
    else if (b == 1)
        snprintf(buf, len, "<=0.5");
    else if (b < OPTREF_VS_NBIN - 1)
        snprintf(buf, len, "<=%.0f", ldexp(1, b - 2));
    else
        snprintf(buf, len, ">2^%d", OPTREF_VS_NBIN - 4);
}
