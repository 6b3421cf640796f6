/* vstep.c: verify one step of a user's optimizer on tensor dumps (vstep.h,
 * doc/verify-step.md).
 *
 * Truth, per coordinate i, in the candidate's format F: the exact result of
 * update t from the candidate's own x_{t−1}[i], state_{t−1}[i] and g_t[i]
 * (hyper-parameters as given in binary64, or rounded to F with round_hp),
 * computed by MPFR at 256 and 512 bits and rounded to F; judged only when both
 * roundings agree.  First, each chunk is evaluated by the error-bounded
 * instantiations, binary64 with a bound (ws_db.h, arith_db.h; F of <= 24
 * bits) and double-word (ws_eb.h, arith_eb.h), which decide most roundings
 * to F themselves; MPFR runs, one coordinate at a time, only where they cannot.  A value is measured in ULPs of F, the ulp taken of
 * max(|truth|, |the candidate's value before the step|): the one-step analogue
 * of verify's column scale.
 *
 * Coordinates are independent for every algorithm whose state is per
 * coordinate or a scalar that follows t, so a chunk of coordinates is a setup
 * of its own on the linear problem f(x) = Σ g_i x_i (∇f = g, the given
 * gradient, exactly); worker threads take chunks in turn. */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vstep.h"
#include "verify.h"
#include "internal.h"
#include "vstep_mixed.h"
#include "ws_eb.h"
#include "ws_db.h"
#include "ws_fb.h"

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
    optref_vsmixed *mx;   /* mixed precision (vstep_mixed.h): per quantity storage; NULL: one format */
    size_t rows, cols;    /* > 0: x is one layer, rows × cols (a manifest's, or x's shape), judged whole */
    int whole;            /* 1: the step couples coordinates: one chunk, the whole tensor */
    char *unread;         /* per state: 1 if the step overwrites it without reading it (not needed in before/) */
    double *hess;         /* newton: before/H.npy, n × n, the Hessian at x */
    int fast;             /* 1: the error-bounded fast path first (ws_eb.h), MPFR where it cannot decide */
    optref_eb_ws *ebwarm; /* its scalar state at t − 1; NULL: none needed */
    int db;               /* 1: double + bound first (ws_db.h; F of <= 24 bits), then the double-word path */
    optref_db_ws *dbwarm; /* its scalar state at t − 1; NULL: none needed */
    double *ktol;         /* kind k's budget: its own row of TOLERANCES ("adamw.v") or the algorithm's */
    int bound;            /* 1: judged by the rounding bound (fb_num.h) */
    optref_fb_ws *fbwarm; /* its scalar state at t − 1; NULL: none needed */
    optref_setup *given;  /* bound mode with round_hp: the hyper-parameters as given (binary64) */
} vs;

/* Bound mode: an implementation may hold a hyper-parameter as given or
 * rounded to F (ws.c allows the rounding of a given one; with round_hp the
 * setup holds the rounded value, and this the given one). */
static void fb_given(const vs *v, optref_fb_ws *w)
{
    if (v->given)
        optref_fb_ws_held(w, v->given->hp, v->given->sp);
}

/* ---- setups on the given gradient ---------------------------------------- */

/* The linear family on n coordinates, coef = the gradient (set per chunk). */
static optref_status given_setup(vs *v, size_t n, optref_setup **out, char *err, size_t errlen)
{
    optref_problem *p = calloc(1, sizeof *p);
    int taylor = v->alg->needs_hessian; /* Newton: g and H at x, the taylor family (z = x, set per chunk) */
    if (!p || !(p->name = strdup("given")) ||
        optref_problem_alloc(p, n, taylor ? 2 * n + n * n + 1 : n, 0) != OPTREF_SUCCESS ||
        !(p->layer = malloc(sizeof *p->layer))) {
        optref_problem_free(p);
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    }
    p->type = optref_problem_type_from_name(taylor ? "taylor" : "linear");
    p->fmin = p->L = p->mu = p->D = p->Ginf = NAN;
    p->nlayer = 1;
    p->layer[0] = (optref_layer){ 0, n, 1 };
    if (v->rows && n == v->rows * v->cols)
        p->layer[0] = (optref_layer){ 0, v->rows, v->cols };
    for (size_t k = 0; taylor && k < n * n; k++) /* the given Hessian; a probe's is I */
        p->coef[2 * n + k] = v->hess && n == v->n ? v->hess[k] : k % (n + 1) == 0;
    if (taylor)
        p->coef[2 * n + n * n] = 0.5;
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
    if (s->alg->flavor_of)
        s->fmt = v->fmt; /* a flavor casts its host numbers to F itself (doc/flavors.md) */
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

/* State that cannot be split by coordinate makes the step whole (one chunk:
 * the tensor, or the manifest's layer; x's shape is the layer without one);
 * internal state must not be read from a file. */
static optref_status check_state(vs *v, char *err, size_t errlen)
{
    v->whole |= v->alg->needs_hessian; /* H: before/H.npy, n × n */
    for (size_t k = 0; k < v->alg->nstate; k++) {
        const optref_statevar *S = &v->alg->state[k];
        int layered = S->extent == OPTREF_PER_LAYER || S->extent == OPTREF_PER_ROW || S->extent == OPTREF_PER_COL;
        if (!optref_state_used(S, v->variant) || S->internal == OPTREF_INTERMEDIATE)
            continue; /* an intermediate (m̂): recomputed by the step before it is read */
        if ((layered && !S->internal) || S->extent == OPTREF_PER_COORD2) { /* a matrix: read n × n; internal: */
            v->whole = 1;                                                   /* recomputed by the step (Jacobi's) */
            continue;
        }
        if (layered)
            return snprintf(err, errlen, "%s: state '%s' is internal and per layer: it cannot be read from a file",
                            v->alg->name, S->name), OPTREF_EVALUE;
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
        sl.in_before = sl.kind != SL_ETA && ((sl.vector && sl.ext != OPTREF_PER_LAYER &&
                                              !(sl.kind == SL_STATE && v->unread[src])) || exists(v->o->before, Q->name));
        sl.judged = sl.kind != SL_G && exists(v->o->after, Q->name);
        if (sl.kind == SL_X && !sl.judged)
            return snprintf(err, errlen, "%s/x.npy: %s", v->o->after, "missing (x after the step)"), OPTREF_EMISSING;
        if (add_slot(v, sl) != 0)
            return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    }
    for (size_t k = 0; v->mx && k < v->nsl && exists(v->o->after, "x_model"); k++)
        if (v->sl[k].kind == SL_X) { /* master weights: the model's copy of x_t, as stored (vstep_mixed.h) */
            slot c = v->sl[k];
            c.name = "x_model", c.in_before = 0, c.judged = 1;
            if (add_slot(v, c) != 0)
                return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
            break;
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
    const optref_format *f = v->mx ? optref_vsmixed_storage(v->mx, name) : v->fmt; /* mixed: as stored */
    optref_status st = optref_npy_open(a, p, v->mx ? f == &optref_bfloat16 : v->bf16, err, errlen);
    if (st != OPTREF_SUCCESS && v->mx && f != &optref_bfloat16) {
        /* raw 16-bit words where --storage declares another format: the reader's "say --dtype bf16" would mislead */
        optref_npy b;
        char e2[8];
        int raw = optref_npy_open(&b, p, 1, e2, sizeof e2) == OPTREF_SUCCESS && b.fmt == &optref_bfloat16;
        optref_npy_close(&b);
        if (raw)
            return snprintf(err, errlen, "%s: holds 16-bit words ('<u2' or 'V2': bfloat16 bits?), %s is stored as %s "
                            "(--storage)", p, name, f->name), OPTREF_EFORMAT;
    }
    if (st == OPTREF_SUCCESS && v->mx && a->fmt != f)
        st = (snprintf(err, errlen, "%s: holds %s values, %s is stored as %s (--storage)", p, a->fmt->name, name,
                       f->name), OPTREF_EFORMAT);
    if (st == OPTREF_SUCCESS && v->fmt && a->fmt != v->fmt && !v->mx)
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
    size_t want = sl->ext == OPTREF_PER_LAYER ? 1 : sl->ext == OPTREF_PER_ROW ? v->rows : sl->ext == OPTREF_PER_COL
                  ? v->cols : v->n * v->n;
    if (st == OPTREF_SUCCESS && sl->vector && sl->ext != OPTREF_PER_COORD && a.count != want)
        st = (snprintf(err, errlen, "%s: header field 'shape': %zu values; %s is one per %s of the layer: %zu", a.path,
                       a.count, sl->name, sl->ext == OPTREF_PER_LAYER ? "layer" : sl->ext == OPTREF_PER_ROW ? "row"
                       : sl->ext == OPTREF_PER_COL ? "column" : "pair of coordinates (n x n)", want), OPTREF_EDIM);
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
    size_t rows = v->rows, cols = v->cols;
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
    if (st == OPTREF_SUCCESS && v->whole && !v->rows) { /* no manifest: the layer is x's shape (C order) */
        v->rows = ref.ndim == 2 && !ref.fortran ? ref.shape[0] : ref.count;
        v->cols = ref.ndim == 2 && !ref.fortran ? ref.shape[1] : 1;
    } else if (st == OPTREF_SUCCESS && v->rows)
        st = layer_shape(v, &ref, err, errlen);
    if (st != OPTREF_SUCCESS)
        return optref_npy_close(&ref), st;
    v->fmt = v->mx ? v->mx->math : ref.fmt; /* mixed: x is stored, the step is judged in the math */
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

/* Newton: the Hessian at x, before/H.npy, n × n values (memory n², the step's own). */
static optref_status read_hessian(vs *v, char *err, size_t errlen)
{
    optref_npy a;
    optref_status st = open_file(v, v->o->before, "H", &a, err, errlen);
    if (st == OPTREF_SUCCESS && (a.count / (v->n ? v->n : 1) != v->n || a.count % (v->n ? v->n : 1)))
        st = (snprintf(err, errlen, "%s: header field 'shape': %zu values; H is the Hessian at x, n x n = %zu x %zu",
                       a.path, a.count, v->n, v->n), OPTREF_EDIM);
    if (st == OPTREF_SUCCESS && !(v->hess = malloc((a.count ? a.count : 1) * sizeof *v->hess)))
        st = (snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM);
    if (st == OPTREF_SUCCESS)
        st = optref_npy_read(&a, 0, a.count, v->hess, err, errlen);
    optref_npy_close(&a);
    return st;
}

/* ---- coordinates must not be coupled ------------------------------------------ */

static int same_mp(mpfr_srcptr a, mpfr_srcptr b) { return mpfr_equal_p(a, b) || (mpfr_nan_p(a) && mpfr_nan_p(b)); }

/* One step on two coordinates against each alone: a step that reads the
 * other coordinates (a norm, a projection onto a ball) differs, and is then
 * judged whole (one chunk: memory is the tensor's).  Large x so that a
 * norm-based rule is active. */
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
    if (coupled) /* a norm, a projection: judged whole, one chunk */
        v->whole = 1;
    optref_run_free(r2);
    optref_run_free(r1[0]);
    optref_run_free(r1[1]);
    optref_setup_free(s2);
    return st;
}

/* The recorded state step t overwrites without reading it (Newton's d,
 * factored Adam's vhat, a ball's multiplier μ): step t from two values of it
 * gives the same run.  Such state is not needed in before/. */
static optref_status find_unread(vs *v, char *err, size_t errlen)
{
    const optref_setup *s = v->probe;
    optref_run *r[2] = { NULL, NULL };
    optref_status st = OPTREF_SUCCESS;
    if (!(v->unread = calloc(v->alg->nstate ? v->alg->nstate : 1, 1)))
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    for (size_t k = 0; k < optref_nquantities(s) && st == OPTREF_SUCCESS; k++) {
        const optref_quantity *Q = optref_quantity_at(s, k);
        if (s->qsrc[k] < 0)
            continue;
        for (int p = 0; p < 2 && st == OPTREF_SUCCESS; p++)
            if ((st = optref_run_new(&r[p], s, OPTREF_MPFR, STEP_PREC, NULL)) == OPTREF_SUCCESS) {
                optref_run_set_coef(r[p], 0, 0.5);
                for (size_t i = 0; i < Q->len; i++)
                    optref_run_set_d(r[p], Q->offset + i, p ? 2.0 : 0.5);
                optref_run_set_t(r[p], v->o->t - 1); /* step t itself: a read may depend on t (Nesterov's t/(t+3)) */
                optref_run_step(r[p]);
            }
        int same = st == OPTREF_SUCCESS;
        for (size_t j = 0; same && j < optref_nquantities(s); j++) {
            const optref_quantity *R = optref_quantity_at(s, j);
            for (size_t i = 0; same && i < R->len; i++)
                same = same_mp(optref_run_get_mp(r[0], R->offset + i), optref_run_get_mp(r[1], R->offset + i));
        }
        v->unread[s->qsrc[k]] = (char)same;
        optref_run_free(r[0]);
        optref_run_free(r[1]);
        r[0] = r[1] = NULL;
    }
    if (st != OPTREF_SUCCESS)
        snprintf(err, errlen, "out of memory");
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
        need |= optref_state_used(S, v->variant) && S->extent == OPTREF_SCALAR && !given && !v->unread[k];
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
            !v->unread[k] && !optref_run_state_equal(v->warm[0], other, k))
            st = (snprintf(err, errlen, "%s: scalar state '%s' depends on the data, not on t alone: give "
                           "before/%s.npy", v->alg->name, v->alg->state[k].name, v->alg->state[k].name),
                  OPTREF_EVALUE);
    optref_run_free(other);
    if (st == OPTREF_SUCCESS && v->fast && (!(v->ebwarm = calloc(1, sizeof *v->ebwarm)) ||
                                            optref_eb_ws_new(v->ebwarm, v->probe, 0) != 0))
        return free(v->ebwarm), v->ebwarm = NULL, snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS && v->fast) { /* the same t − 1 steps, each bounded: β^t with its error */
        v->ebwarm->pc[0][0] = (optref_eb_num){ 1.0, 0, 0 };
        for (long t = 1; t < v->o->t; t++)
            optref_eb_ws_step(v->ebwarm);
    }
    if (st == OPTREF_SUCCESS && v->db && (!(v->dbwarm = calloc(1, sizeof *v->dbwarm)) ||
                                          optref_db_ws_new(v->dbwarm, v->probe, 0) != 0))
        return free(v->dbwarm), v->dbwarm = NULL, snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS && v->db) {
        v->dbwarm->pc[0][0] = (optref_db_num){ 1.0, 0 };
        for (long t = 1; t < v->o->t; t++)
            optref_db_ws_step(v->dbwarm);
    }
    if (st == OPTREF_SUCCESS && v->bound && (!(v->fbwarm = calloc(1, sizeof *v->fbwarm)) ||
                                             optref_fb_ws_new(v->fbwarm, v->probe, 0) != 0))
        return free(v->fbwarm), v->fbwarm = NULL, snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS && v->bound) { /* β^t as an implementation in F carries it: t − 1 roundings */
        fb_given(v, v->fbwarm);
        v->fbwarm->pc[0][0] = (optref_fb_num){ .v = 1.0, .pa = 1, .pr = 1, .nn = 1 };
        for (long t = 1; t < v->o->t; t++)
            optref_fb_ws_step(v->fbwarm);
    }
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
    size_t *ftop;            /* per kind: the listed failure of highest coordinate */
    optref_vsm_acc *macc;    /* mixed precision: per kind, the tallies */
    optref_vsm_tmp mtmp;
    optref_eb_ws eb;         /* the fast path on the chunk (v->fast), eb.s: made */
    optref_db_ws db;         /* double + bound on the chunk (v->db), db.s: made */
    optref_setup *sb;        /* EB_BATCH coordinates: where db cannot decide, eb1 on a batch of them */
    optref_eb_ws eb1;        /* eb1.s: made */
    double **cb;             /* per slot: the batch's inputs */
    optref_run *one[2];      /* MPFR on one coordinate, where eb cannot decide */
    double *truth;           /* per kind, per coordinate: eb's decision */
    unsigned long long *undec; /* per coordinate: the kinds eb left undecided */
    optref_fb_ws fbw;        /* bound mode: the rounding bound on the chunk, fbw.s: made */
    double *bnd;             /* per kind, per coordinate of the chunk: its bound e */
    size_t first;            /* the chunk's first coordinate */
    double fbound, fratio;   /* the value being judged: its allowance and ratio (bound mode) */
    int lazy;                /* bound mode, independent coordinates: bounds only where a value is not the truth */
    struct pend { size_t k, i; double truth, got, u; } *pend; /* values waiting for their coordinate's bound */
    size_t npend, cappend;
    optref_fb_ws fbb;        /* the bound on a batch of EB_BATCH coordinates (setup sb), fbb.s: made */
    long fast, fallback;     /* values decided by eb, by MPFR */
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
    w->ftop = calloc(nk, sizeof *w->ftop);
    if (v->mx && !(w->macc = calloc(nk, sizeof *w->macc)))
        return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    if (!w->fb || !w->fa || !w->bv || !w->av || !w->kind || !w->fail || !w->nfail || !w->ftop)
        return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    for (size_t k = 0; k < v->nsl; k++) {
        slot *sl = &v->sl[k];
        if (!sl->vector)
            continue;
        optref_status st = OPTREF_SUCCESS;
        size_t len = sl->ext == OPTREF_PER_COORD2 ? chunk * chunk : chunk; /* a matrix: n × n, whole */
        if (sl->in_before && (st = open_file(v, v->o->before, sl->name, &w->fb[k], w->err, sizeof w->err)) == 0)
            st = (w->bv[k] = malloc(len * sizeof(double))) ? st : OPTREF_ENOMEM;
        if (st == OPTREF_SUCCESS && sl->judged &&
            (st = open_file(v, v->o->after, sl->name, &w->fa[k], w->err, sizeof w->err)) == 0)
            st = (w->av[k] = malloc(len * sizeof(double))) ? st : OPTREF_ENOMEM;
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
    optref_run_free(w->one[0]);
    optref_run_free(w->one[1]);
    if (w->eb.s)
        optref_eb_ws_free(&w->eb);
    if (w->db.s)
        optref_db_ws_free(&w->db);
    if (w->eb1.s)
        optref_eb_ws_free(&w->eb1);
    if (w->fbw.s)
        optref_fb_ws_free(&w->fbw);
    if (w->fbb.s)
        optref_fb_ws_free(&w->fbb);
    free(w->bnd);
    free(w->pend);
    for (size_t k = 0; w->cb && k < w->v->nsl; k++)
        free(w->cb[k]);
    free(w->cb);
    optref_setup_free(w->sb);
    free(w->truth);
    free(w->undec);
    optref_setup_free(w->s);
}

/* The MPFR pair (256 and 512 bits) on setup s, made when first needed. */
static optref_status worker_mp_runs(worker *w, optref_run **run, const optref_setup *s)
{
    optref_status st = OPTREF_SUCCESS;
    if (!run[0])
        st = optref_run_new(&run[0], s, OPTREF_MPFR, STEP_PREC, NULL);
    if (st == OPTREF_SUCCESS && !run[1])
        st = optref_run_new(&run[1], s, OPTREF_MPFR, 2 * STEP_PREC, NULL);
    if (st == OPTREF_ENOMEM)
        snprintf(w->err, sizeof w->err, "out of memory");
    return st;
}

/* Runs on len coordinates (made again only when the length changes). */
static optref_status worker_runs(worker *w, size_t len)
{
    if (w->s && w->len == len)
        return OPTREF_SUCCESS;
    optref_run_free(w->run[0]);
    optref_run_free(w->run[1]);
    if (w->eb.s)
        optref_eb_ws_free(&w->eb);
    if (w->db.s)
        optref_db_ws_free(&w->db);
    if (w->fbw.s)
        optref_fb_ws_free(&w->fbw);
    w->eb.s = NULL;
    w->db.s = NULL;
    w->fbw.s = NULL;
    optref_setup_free(w->s);
    w->run[0] = w->run[1] = NULL;
    w->len = len;
    optref_status st = given_setup(w->v, len, &w->s, w->err, sizeof w->err);
    if (st == OPTREF_SUCCESS && w->v->fast && optref_eb_ws_new(&w->eb, w->s, 0) != 0)
        st = OPTREF_ENOMEM, w->eb.s = NULL;
    if (st == OPTREF_SUCCESS && w->v->db && optref_db_ws_new(&w->db, w->s, 0) != 0)
        st = OPTREF_ENOMEM, w->db.s = NULL;
    if (st == OPTREF_SUCCESS && w->v->bound && optref_fb_ws_new(&w->fbw, w->s, 0) != 0)
        st = OPTREF_ENOMEM, w->fbw.s = NULL;
    if (st == OPTREF_SUCCESS && w->v->bound)
        fb_given(w->v, &w->fbw);
    if (st == OPTREF_SUCCESS && !w->v->fast)
        st = worker_mp_runs(w, w->run, w->s);
    if (st == OPTREF_ENOMEM)
        snprintf(w->err, sizeof w->err, "out of memory");
    return st;
}

/* The runs (on setup s) at t − 1 from the chunk's inputs from coordinate i0 on, then step t. */
static void load_and_step(worker *w, optref_run **run, const optref_setup *s, size_t i0)
{
    vs *v = w->v;
    for (int p = 0; p < 2; p++) {
        optref_run *r = run[p];
        for (size_t k = 0; k < v->nsl; k++) {
            const slot *sl = &v->sl[k];
            const optref_quantity *Q = optref_quantity_at(s, sl->qk);
            for (size_t i = 0; sl->kind == SL_G && i < Q->len; i++)
                optref_run_set_coef(r, i, w->bv[k][i0 + i]);
            for (size_t i = 0; sl->kind == SL_X && v->alg->needs_hessian && i < Q->len; i++)
                optref_run_set_coef(r, Q->len + i, w->bv[k][i0 + i]); /* taylor's z: the gradient is g at x */
            for (size_t i = 0; sl->kind != SL_G && sl->in_before && i < (sl->vector ? Q->len : 1); i++)
                optref_run_set_d(r, Q->offset + i, sl->vector ? w->bv[k][i0 + i] : sl->sb);
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
    optref_vsfail *F = &w->fail[k * mr], f = { k, i, truth, got, u, 0, 0, w->fbound, w->fratio };
    if (w->nfail[k] < mr) {
        size_t n = w->nfail[k]++;
        F[n] = f;
        w->ftop[k] = n == 0 || i > F[w->ftop[k]].i ? n : w->ftop[k];
        return;
    }
    /* Full: keep the mr lowest coordinates, as judging in coordinate order
     * does (the fast path judges its batched coordinates after the rest of
     * their chunk); w->ftop[k]: the entry of the highest, once full. */
    if (mr == 0 || F[w->ftop[k]].i < i)
        return;
    F[w->ftop[k]] = f;
    for (size_t j = 0; j < mr; j++)
        w->ftop[k] = F[j].i > F[w->ftop[k]].i ? j : w->ftop[k];
}

static void judge_tally(worker *w, size_t k, size_t i, double truth, double got, double u);

static void judge_value(worker *w, size_t k, size_t i, double truth, double got, double before)
{
    optref_vskind *K = &w->kind[k];
    if (got == truth && got != 0) { /* 0 ULP, the common case: no distance to form */
        K->compared++;
        K->hist[0]++;
        return;
    }
    double scale = isfinite(before) ? fabs(before) : 0;
    judge_tally(w, k, i, truth, got, optref_ulp_scaled(got, truth, &scale, w->v->fmt));
}

/* Bound mode: a value against its coordinate's rounding bound (w->bnd). */
static void judge_bound(worker *w, size_t k, size_t i, double truth, double got, double u)
{
    optref_vskind *K = &w->kind[k];
    double e = w->bnd[k * w->v->chunk + (i - w->first)], ratio;
    if (!(e < INFINITY)) {
        K->unbounded++;
        return;
    }
    int ok = optref_fb_within(truth, got, e, w->v->fmt, &w->fbound, &ratio);
    w->fratio = ratio;
    if (ratio > K->max_ratio || (ratio == K->max_ratio && ratio > 0 && i < K->ratio_at)) {
        K->max_ratio = ratio;
        K->ratio_at = i;
    }
    if (!ok)
        note_fail(w, k, i, truth, got, u);
}

/* A value's distance u (ULPs) into kind k's tallies. */
static void judge_tally(worker *w, size_t k, size_t i, double truth, double got, double u)
{
    optref_vskind *K = &w->kind[k];
    K->compared++;
    K->hist[u == 1 ? 2 : optref_vs_bin(u)]++; /* 1 ULP, the next commonest: bin "<=1" */
    if (u > K->max_ulp || isnan(u) || (u == K->max_ulp && u > 0 && i < K->at)) { /* fallbacks come late */
        K->max_ulp = isnan(u) ? INFINITY : u;
        K->at = i;
    }
    if (w->v->bound) {
        if (got == truth && signbit(got) == signbit(truth))
            return; /* distance 0: within any bound */
        if (w->lazy) { /* judged once its coordinate's bound is known (fb_pending) */
            if (w->npend == w->cappend) {
                size_t cap = w->cappend ? 2 * w->cappend : 1024;
                struct pend *p = realloc(w->pend, cap * sizeof *p);
                if (!p) {
                    w->st = OPTREF_ENOMEM;
                    return;
                }
                w->pend = p, w->cappend = cap;
            }
            w->pend[w->npend++] = (struct pend){ k, i, truth, got, u };
            return;
        }
        judge_bound(w, k, i, truth, got, u);
        return;
    }
    if (!(u <= w->v->ktol[k]))
        note_fail(w, k, i, truth, got, u);
}

/* Mixed precision: the stored value against the allowed set of vstep_mixed.c. */
static void judge_mixed(worker *w, size_t k, size_t i, size_t q, double got, double before)
{
    vs *v = w->v;
    optref_vskind *K = &w->kind[k];
    optref_vsm_val m;
    optref_vsmixed_value(v->mx, v->sl[v->jsl[k]].name, v->ktol[k], optref_run_get_mp(w->run[0], q),
                         optref_run_get_mp(w->run[1], q), got, before, i, &w->macc[k], &w->mtmp, &m);
    if (!m.settled) {
        K->unsettled++;
        return;
    }
    K->compared++;
    K->hist[optref_vs_bin(m.ulp)]++;
    if (m.ulp > K->max_ulp || isnan(m.ulp)) {
        K->max_ulp = isnan(m.ulp) ? INFINITY : m.ulp;
        K->at = i;
    }
    size_t n = w->nfail[k], mr = v->o->max_report;
    if (m.outside)
        note_fail(w, k, i, m.expected, got, m.ulp);
    if (w->nfail[k] > n)
        w->fail[k * mr + n].lo = m.lo, w->fail[k * mr + n].hi = m.hi;
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
            if (v->mx) {
                judge_mixed(w, k, first + i, Q->offset + i, sl->vector ? w->av[j][i] : sl->sa,
                            !sl->in_before ? 0 : sl->vector ? w->bv[j][i] : sl->sb);
                continue;
            }
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

/* ---- the fast path: double + bound (arith_db.h, F of <= 24 bits), then error-bounded
 * double-word (arith_eb.h), then MPFR, each where the one before cannot decide */

/* 1 if scalar state k is not given and follows t (taken from the warm-up). */
static int warm_state(const vs *v, size_t k)
{
    int given = 0;
    for (size_t j = 0; j < v->nsl; j++)
        given |= v->sl[j].kind == SL_STATE && v->sl[j].state == (int)k && v->sl[j].in_before;
    return v->alg->state[k].extent == OPTREF_SCALAR && optref_state_used(&v->alg->state[k], v->variant) && !given;
}

/* eb (on setup s) at t − 1 from the inputs bv (per slot, as w->bv; as load_and_step), then step t. */
static void eb_load_and_step(worker *w, optref_eb_ws *e, const optref_setup *s, double *const *bv)
{
    vs *v = w->v;
    for (size_t k = 0; k < v->nsl; k++) {
        const slot *sl = &v->sl[k];
        const optref_quantity *Q = optref_quantity_at(s, sl->qk);
        for (size_t i = 0; sl->kind == SL_G && i < Q->len; i++)
            e->pc[i][0] = (optref_eb_num){ bv[k][i], 0, 0 };
        optref_eb_num *val = sl->kind != SL_G && sl->in_before ? optref_eb_ws_q(e, Q->offset) : NULL; /* contiguous */
        for (size_t i = 0; val && i < (sl->vector ? Q->len : 1); i++)
            val[i] = (optref_eb_num){ sl->vector ? bv[k][i] : sl->sb, 0, 0 };
    }
    for (size_t k = 0; v->ebwarm && k < v->alg->nstate; k++)
        if (warm_state(v, k))
            e->st[k][0][0] = v->ebwarm->st[k][0][0];
    e->t = v->o->t; /* step t, as optref_eb_ws_step without its f (the linear family: no minibatch; f not judged) */
    v->alg->eb->step(e);
}

/* db on the chunk, likewise. */
static void db_load_and_step(worker *w)
{
    vs *v = w->v;
    optref_db_ws *e = &w->db;
    for (size_t k = 0; k < v->nsl; k++) {
        const slot *sl = &v->sl[k];
        const optref_quantity *Q = optref_quantity_at(w->s, sl->qk);
        const double *b = w->bv[k];
        if (sl->kind == SL_G)
            for (size_t i = 0; i < Q->len; i++)
                e->pc[i][0] = (optref_db_num){ b[i], 0 };
        optref_db_num *val = sl->kind != SL_G && sl->in_before ? optref_db_ws_q(e, Q->offset) : NULL; /* contiguous */
        if (val && sl->vector)
            for (size_t i = 0; i < Q->len; i++)
                val[i] = (optref_db_num){ b[i], 0 };
        else if (val)
            val[0] = (optref_db_num){ sl->sb, 0 };
    }
    for (size_t k = 0; v->dbwarm && k < v->alg->nstate; k++)
        if (warm_state(v, k))
            e->st[k][0][0] = v->dbwarm->st[k][0][0];
    e->t = v->o->t;
    v->alg->db->step(e);
}

/* Bound mode: the rounding bound of every judged value of the chunk into
 * w->bnd, from the chunk's inputs as exact values of F (as db_load_and_step);
 * a comparison that could go either way leaves the chunk without bounds. */
static void fb_load_and_step(worker *w, optref_fb_ws *e, const optref_setup *s, double *const *bv)
{
    vs *v = w->v;
    for (size_t k = 0; k < v->nsl; k++) {
        const slot *sl = &v->sl[k];
        const optref_quantity *Q = optref_quantity_at(s, sl->qk);
        const double *b = bv[k];
        if (sl->kind == SL_G)
            for (size_t i = 0; i < Q->len; i++)
                e->pc[i][0] = (optref_fb_num){ .v = b[i], .pa = 1, .pr = 1, .nn = b[i] >= 0 };
        optref_fb_num *val = sl->kind != SL_G && sl->in_before ? optref_fb_ws_q(e, Q->offset) : NULL;
        for (size_t i = 0; val && i < (sl->vector ? Q->len : 1); i++) {
            double x = sl->vector ? b[i] : sl->sb;
            val[i] = (optref_fb_num){ .v = x, .pa = 1, .pr = 1, .nn = x >= 0 };
        }
    }
    for (size_t k = 0; v->fbwarm && k < v->alg->nstate; k++)
        if (warm_state(v, k))
            e->st[k][0][0] = v->fbwarm->st[k][0][0];
    e->t = v->o->t;
    optref_fb_unproved = 0;
    v->alg->fb->step(e);
}

static optref_status fb_chunk(worker *w)
{
    vs *v = w->v;
    size_t nk = v->r->nkind ? v->r->nkind : 1;
    if (!w->bnd && !(w->bnd = malloc(v->chunk * nk * sizeof *w->bnd)))
        return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    fb_load_and_step(w, &w->fbw, w->s, w->bv);
    for (size_t k = 0; k < v->r->nkind; k++) {
        const slot *sl = &v->sl[v->jsl[k]];
        const optref_quantity *Q = optref_quantity_at(w->s, sl->qk);
        const optref_fb_num *val = optref_fb_ws_q(&w->fbw, Q->offset);
        double *out = &w->bnd[k * v->chunk];
        for (size_t i = 0; i < (sl->vector ? Q->len : 1); i++)
            out[i] = optref_fb_unproved ? INFINITY : val[i].e;
    }
    return OPTREF_SUCCESS;
}

#define EB_BATCH 256 /* coordinates gathered into one batch run (eb_batch, fb_pending) */

static optref_status eb_batch_setup(worker *w);

/* Lazy bound mode: the bounds of the coordinates with a value that is not
 * the truth, EB_BATCH at a time gathered from the chunk (as eb_batch), then
 * those values judged. */
static optref_status fb_pending(worker *w)
{
    vs *v = w->v;
    if (!w->npend)
        return w->st;
    optref_status st = eb_batch_setup(w);
    size_t nk = v->r->nkind ? v->r->nkind : 1;
    if (st == OPTREF_SUCCESS && !w->bnd && !(w->bnd = malloc(v->chunk * nk * sizeof *w->bnd)))
        st = OPTREF_ENOMEM;
    if (st == OPTREF_SUCCESS && !w->fbb.s) {
        if (optref_fb_ws_new(&w->fbb, w->sb, 0) != 0)
            st = OPTREF_ENOMEM, w->fbb.s = NULL;
        else
            fb_given(v, &w->fbb);
    }
    if (st != OPTREF_SUCCESS)
        return snprintf(w->err, sizeof w->err, "out of memory"), st;
    memset(w->undec, 0, w->len * sizeof *w->undec); /* here: the coordinates that need a bound */
    for (size_t p = 0; p < w->npend; p++)
        w->undec[w->pend[p].i - w->first] = 1;
    size_t idx[EB_BATCH], cnt = 0;
    for (size_t i = 0; i < w->len; i++) {
        if (w->undec[i])
            idx[cnt++] = i;
        if (cnt == EB_BATCH || (cnt > 0 && i + 1 == w->len)) {
            for (size_t k = 0; k < v->nsl; k++)
                for (size_t j = 0; w->bv[k] && v->sl[k].vector && j < EB_BATCH; j++)
                    w->cb[k][j] = w->bv[k][idx[j < cnt ? j : cnt - 1]];
            fb_load_and_step(w, &w->fbb, w->sb, w->cb);
            for (size_t k = 0; k < v->r->nkind; k++) {
                const slot *sl = &v->sl[v->jsl[k]];
                const optref_fb_num *val = optref_fb_ws_q(&w->fbb, optref_quantity_at(w->sb, sl->qk)->offset);
                for (size_t j = 0; j < cnt; j++)
                    w->bnd[k * v->chunk + idx[j]] = optref_fb_unproved ? INFINITY : val[sl->vector ? j : 0].e;
            }
            cnt = 0;
        }
    }
    for (size_t p = 0; p < w->npend; p++)
        judge_bound(w, w->pend[p].k, w->pend[p].i, w->pend[p].truth, w->pend[p].got, w->pend[p].u);
    w->npend = 0;
    return w->st;
}

/* eb's decisions on the chunk into w->truth and w->undec: the number of
 * coordinates with a kind undecided, or -1 (a comparison eb could not settle). */
static long eb_decide(worker *w, size_t first)
{
    vs *v = w->v;
    long nund = 0;
    optref_eb_ambiguous = 0;
    eb_load_and_step(w, &w->eb, w->s, w->bv);
    if (optref_eb_ambiguous)
        return -1;
    memset(w->undec, 0, w->len * sizeof *w->undec);
    for (size_t k = 0; k < v->r->nkind; k++) {
        const slot *sl = &v->sl[v->jsl[k]];
        const optref_quantity *Q = optref_quantity_at(w->s, sl->qk);
        const optref_eb_num *val = optref_eb_ws_q(&w->eb, Q->offset); /* a vector's values are contiguous */
        for (size_t i = 0; i < (sl->vector ? Q->len : first == 0); i++)
            if (!optref_eb_round(val + i, v->fmt, &w->truth[k * v->chunk + i])) {
                nund += !w->undec[i];
                w->undec[i] |= 1ull << k;
            }
    }
    return nund;
}

/* db's decisions, likewise. */
static long db_decide(worker *w, size_t first)
{
    vs *v = w->v;
    long nund = 0;
    optref_eb_ambiguous = 0;
    db_load_and_step(w);
    if (optref_eb_ambiguous)
        return -1;
    memset(w->undec, 0, w->len * sizeof *w->undec);
    for (size_t k = 0; k < v->r->nkind; k++) {
        const slot *sl = &v->sl[v->jsl[k]];
        const optref_quantity *Q = optref_quantity_at(w->s, sl->qk);
        const optref_db_num *val = optref_db_ws_q(&w->db, Q->offset);
        double *truth = &w->truth[k * v->chunk];
        int f32 = v->fmt->prec == 24 && v->fmt->emin == -148 && v->fmt->emax == 128;
        for (size_t i = 0; i < (sl->vector ? Q->len : first == 0); i++)
            if (!(f32 ? optref_db_round_f32(val + i, &truth[i]) : optref_db_round(val + i, v->fmt, &truth[i]))) {
                nund += !w->undec[i];
                w->undec[i] |= 1ull << k;
            }
    }
    return nund;
}

/* Coordinates db left undecided (near a midpoint of F, e.g. β·m + (1 − β)·g
 * of float32 data, which sits within 2^-54 of a tie for about one coordinate
 * in 25): eb on a batch of EB_BATCH of them at a time, gathered from the
 * chunk (the last batch padded with copies of its last coordinate, whose
 * results are not read), decides what it can: the bits of w->undec it clears,
 * judged here.  Batches keep eb's per-step overhead off each coordinate. */

static optref_status eb_batch(worker *w, size_t first, const size_t *idx, size_t cnt)
{
    vs *v = w->v;
    for (size_t k = 0; k < v->nsl; k++)
        for (size_t j = 0; w->bv[k] && v->sl[k].vector && j < EB_BATCH; j++)
            w->cb[k][j] = w->bv[k][idx[j < cnt ? j : cnt - 1]];
    optref_eb_ambiguous = 0;
    eb_load_and_step(w, &w->eb1, w->sb, w->cb);
    if (optref_eb_ambiguous)
        return OPTREF_SUCCESS;
    for (size_t k = 0; k < v->r->nkind; k++) {
        const slot *sl = &v->sl[v->jsl[k]];
        size_t jk = v->jsl[k];
        const optref_eb_num *val = optref_eb_ws_q(&w->eb1, optref_quantity_at(w->sb, sl->qk)->offset);
        for (size_t j = 0; j < cnt; j++) {
            size_t i = idx[j];
            double truth;
            if (!(w->undec[i] >> k & 1) || !optref_eb_round(val + (sl->vector ? j : 0), v->fmt, &truth))
                continue;
            w->undec[i] &= ~(1ull << k);
            w->fast++;
            judge_value(w, k, first + i, truth, sl->vector ? w->av[jk][i] : sl->sa,
                        !sl->in_before ? 0 : sl->vector ? w->bv[jk][i] : sl->sb);
        }
    }
    return OPTREF_SUCCESS;
}

/* eb_batch over every coordinate db left undecided in the chunk; the batch
 * setup and buffers are made when first needed. */
/* The batch setup and buffers (eb_batch, fb_pending), made when first needed. */
static optref_status eb_batch_setup(worker *w)
{
    vs *v = w->v;
    optref_status st = OPTREF_SUCCESS;
    if (!w->sb && (st = given_setup(v, EB_BATCH, &w->sb, w->err, sizeof w->err)) != OPTREF_SUCCESS)
        return w->sb = NULL, st;
    if (!w->cb && !(w->cb = calloc(v->nsl, sizeof *w->cb)))
        return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    for (size_t k = 0; k < v->nsl; k++)
        if (w->bv[k] && v->sl[k].vector && !w->cb[k] && !(w->cb[k] = malloc(EB_BATCH * sizeof(double))))
            return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    if (!w->undec && !(w->undec = malloc(v->chunk * sizeof *w->undec)))
        return snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    return OPTREF_SUCCESS;
}

static optref_status eb_undecided(worker *w, size_t first)
{
    optref_status st = eb_batch_setup(w);
    if (st != OPTREF_SUCCESS)
        return st;
    if (!w->eb1.s && optref_eb_ws_new(&w->eb1, w->sb, 0) != 0)
        return w->eb1.s = NULL, snprintf(w->err, sizeof w->err, "out of memory"), OPTREF_ENOMEM;
    size_t idx[EB_BATCH], cnt = 0;
    for (size_t i = 0; i < w->len && st == OPTREF_SUCCESS; i++) {
        if (w->undec[i])
            idx[cnt++] = i;
        if (cnt == EB_BATCH || (cnt > 0 && i + 1 == w->len))
            st = eb_batch(w, first, idx, cnt), cnt = 0;
    }
    return st;
}

/* Judges the kinds left undecided at coordinate i of the chunk with a
 * one-coordinate MPFR pair. */
static optref_status fallback_coord(worker *w, size_t first, size_t i)
{
    vs *v = w->v;
    optref_status st = worker_mp_runs(w, w->one, v->probe);
    if (st != OPTREF_SUCCESS)
        return st;
    load_and_step(w, w->one, v->probe, i);
    for (size_t k = 0; k < v->r->nkind; k++) {
        if (!(w->undec[i] >> k & 1))
            continue;
        const slot *sl = &v->sl[v->jsl[k]];
        size_t j = v->jsl[k], q = optref_quantity_at(v->probe, sl->qk)->offset;
        double ta = optref_round_to_scratch(w->scratch, optref_run_get_mp(w->one[0], q), v->fmt);
        double tb = optref_round_to_scratch(w->scratch, optref_run_get_mp(w->one[1], q), v->fmt);
        w->fallback++;
        if (!(ta == tb && signbit(ta) == signbit(tb)) && !(isnan(ta) && isnan(tb))) {
            w->kind[k].unsettled++;
            continue;
        }
        judge_value(w, k, first + i, tb, sl->vector ? w->av[j][i] : sl->sa,
                    !sl->in_before ? 0 : sl->vector ? w->bv[j][i] : sl->sb);
    }
    return OPTREF_SUCCESS;
}

/* optref_ulp_scaled(got, truth, &scale, fmt) with scale = |before| (finite)
 * for finite values and a normal scale, inline: the same operations
 * (ref/core/ulp.c), so the same result; 0: not such a case (the caller
 * calls judge_value). */
static inline int ulp_inline(double got, double truth, double before, long prec, long eminn, double *u)
{
    double sc = fabs(truth), bf = fabs(before);
    if (!(sc <= DBL_MAX) || !(fabs(got) <= DBL_MAX))
        return 0;
    if (bf <= DBL_MAX && bf > sc)
        sc = bf; /* optref_column_scale, then the floor */
    if (got == truth)
        return *u = 0, 1;
    union { double d; uint64_t b; } x = { .d = sc };
    long e = (long)(x.b >> 52 & 0x7ff) - 1022, ue = (e < eminn ? eminn : e) - prec;
    if (sc < 0x1p-1022 || ue < -1022 || ue > 1022)
        return 0;
    union { uint64_t b; double d; } p = { .b = (uint64_t)(1023 - ue) << 52 };
    double a = got * p.d, b = -(truth * p.d);
    double s = a + b, bb = s - a;
    double err = (a - (s - bb)) + (b - bb);
    return *u = fabs(s + err), 1;
}

/* The decided values of kind k: judged in one pass (a 0-ULP match, the
 * common case, only counted). */
static void judge_decided(worker *w, size_t k, size_t first, size_t n)
{
    vs *v = w->v;
    const slot *sl = &v->sl[v->jsl[k]];
    size_t j = v->jsl[k];
    const double *truth = &w->truth[k * v->chunk], *got = sl->vector ? w->av[j] : &sl->sa;
    const unsigned long long *und = w->undec;
    long same = 0, decided = 0;
    for (size_t i = 0; i < n; i++) {
        if (und[i] >> k & 1)
            continue;
        decided++;
        if (got[i] == truth[i] && got[i] != 0) {
            same++;
            continue;
        }
        double before = !sl->in_before ? 0 : sl->vector ? w->bv[j][i] : sl->sb, u;
        if (ulp_inline(got[i], truth[i], before, v->fmt->prec, v->fmt->emin + v->fmt->prec - 1, &u))
            judge_tally(w, k, first + i, truth[i], got[i], u);
        else
            judge_value(w, k, first + i, truth[i], got[i], before);
    }
    w->fast += decided;
    w->kind[k].compared += same;
    w->kind[k].hist[0] += same;
}

/* 1: the chunk judged, the fast paths' decisions and MPFR for the rest; 0:
 * nothing judged (a comparison neither could settle, or too many undecided
 * values for one-coordinate runs to pay): the caller runs MPFR on the chunk. */
static int fast_chunk(worker *w, size_t first, optref_status *st)
{
    vs *v = w->v;
    size_t len = w->len, nk = v->r->nkind;
    long most = (long)(len / 16 + 1);
    if ((!w->truth && !(w->truth = malloc(v->chunk * (nk ? nk : 1) * sizeof *w->truth))) ||
        (!w->undec && !(w->undec = malloc(v->chunk * sizeof *w->undec))))
        return 0;
    long nund = v->db ? db_decide(w, first) : -1;
    int by_db = nund >= 0 && nund <= most;
    if (!by_db)
        nund = eb_decide(w, first);
    if (nund < 0 || nund > most)
        return 0;
    for (size_t k = 0; k < nk; k++)
        judge_decided(w, k, first, v->sl[v->jsl[k]].vector ? len : first == 0);
    *st = by_db && nund > 0 ? eb_undecided(w, first) : OPTREF_SUCCESS;
    for (size_t i = 0; i < len && *st == OPTREF_SUCCESS; i++)
        if (w->undec[i])
            *st = fallback_coord(w, first, i);
    return 1;
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
    w->first = first;
    w->lazy = v->bound && !v->whole && !v->rows && !v->alg->needs_hessian; /* coordinates independent */
    if (v->bound && !w->lazy && (st = fb_chunk(w)) != OPTREF_SUCCESS)
        return st;
    if (v->fast && !v->mx && fast_chunk(w, first, &st)) /* mixed: judged from MPFR (vstep_mixed.c) */
        return st == OPTREF_SUCCESS && w->lazy ? fb_pending(w) : st;
    if ((st = worker_mp_runs(w, w->run, w->s)) != OPTREF_SUCCESS)
        return st;
    load_and_step(w, w->run, w->s, 0);
    judge_chunk(w, first);
    for (size_t k = 0; k < v->r->nkind; k++)
        w->fallback += v->sl[v->jsl[k]].vector ? (long)len : first == 0;
    return w->lazy ? fb_pending(w) : OPTREF_SUCCESS;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    vs *v = w->v;
    size_t nt = v->r->nthreads;
    mpfr_init2(w->scratch, (mpfr_prec_t)v->fmt->prec);
    optref_vsm_tmp_init(&w->mtmp);
    optref_fb_set_model(v->fmt, v->o->any_order); /* per thread */
    optref_fb_m.either = v->o->hp_either;
    w->st = worker_open(w);
    for (size_t c = w->id; w->st == OPTREF_SUCCESS && c < v->nchunks; c += nt)
        w->st = do_chunk(w, c);
    mpfr_clear(w->scratch);
    optref_vsm_tmp_clear(&w->mtmp);
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
                          .vector = v->sl[v->jsl[k]].vector, .coord = v->sl[v->jsl[k]].ext == OPTREF_PER_COORD,
                          .tol = v->ktol[k] };
    for (size_t w = 0; w < nw; w++) {
        const optref_vskind *W = &ws[w].kind[k];
        K->compared += W->compared;
        K->failed += W->failed;
        K->unsettled += W->unsettled;
        if (k == 0)
            v->r->fast += ws[w].fast, v->r->fallback += ws[w].fallback;
        for (int b = 0; b < OPTREF_VS_NBIN; b++)
            K->hist[b] += W->hist[b];
        if (W->max_ulp > K->max_ulp || (W->max_ulp == K->max_ulp && W->max_ulp > 0 && W->at < K->at)) {
            K->max_ulp = W->max_ulp;
            K->at = W->at;
        }
        K->unbounded += W->unbounded;
        if (W->max_ratio > K->max_ratio || (W->max_ratio == K->max_ratio && W->max_ratio > 0 && W->ratio_at < K->ratio_at)) {
            K->max_ratio = W->max_ratio;
            K->ratio_at = W->ratio_at;
        }
        for (size_t f = 0; f < ws[w].nfail[k]; f++)
            tmp[(*ntmp)++] = ws[w].fail[k * mr + f];
    }
}

/* Mixed precision: the workers' tallies per quantity (exact sums: any order), then the statistic. */
static optref_status merge_mixed(vs *v, worker *ws, size_t nw)
{
    optref_vsreport *r = v->r;
    optref_vsm_report *m = calloc(1, sizeof *m);
    optref_vsm_kind *k = m ? calloc(r->nkind ? r->nkind : 1, sizeof *k) : NULL;
    if (!k)
        return free(m), OPTREF_ENOMEM;
    *m = (optref_vsm_report){ .math = v->mx->math->name, .budget = r->tol, .alpha = v->mx->alpha, .nkind = r->nkind,
                              .kind = k };
    for (size_t q = 0; q < r->nkind; q++) {
        optref_vsm_acc a = { 0 };
        for (size_t w = 0; w < nw; w++)
            optref_vsm_acc_add(&a, &ws[w].macc[q]);
        optref_vsm_kind_set(&k[q], &a, v->mx, r->kind[q].name, r->kind[q].line);
        m->stat_failed |= k[q].stat_fail;
    }
    r->mixed = m;
    return OPTREF_SUCCESS;
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
    return v->mx ? merge_mixed(v, ws, nw) : OPTREF_SUCCESS;
}

static optref_status run_workers(vs *v, char *err, size_t errlen)
{
    size_t chunk = v->o->chunk ? v->o->chunk : DEFAULT_CHUNK, nt = v->o->nthreads ? v->o->nthreads : 2;
    optref_vsreport *r = v->r;
    if (v->rows || v->whole) /* a layer, a coupled step: judged as a whole, one chunk */
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
        free(ws[k].ftop);
        free(ws[k].macc);
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

/* Each judged kind's budget: --tolerance for all, or its row of the file;
 * mixed precision keeps the algorithm's budget before the store for all. */
static optref_status kind_tolerances(vs *v, const char *path, const optref_case *c, char *err, size_t errlen)
{
    if (!(v->ktol = malloc((v->r->nkind ? v->r->nkind : 1) * sizeof *v->ktol)))
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    optref_status st = OPTREF_SUCCESS;
    for (size_t k = 0; k < v->r->nkind && st == OPTREF_SUCCESS; k++) {
        v->ktol[k] = v->r->tol;
        if (path && !v->mx)
            st = optref_tolerance_lookup_q(path, c, v->fmt->name, OPTREF_STEP, 1, v->sl[v->jsl[k]].name, &v->ktol[k],
                                           err, errlen);
    }
    return st;
}

static optref_status tolerance(vs *v, char *err, size_t errlen)
{
    optref_vsreport *r = v->r;
    if (v->bound) { /* no budget: the rounding bound */
        r->tol = INFINITY;
        snprintf(r->tolsrc, sizeof r->tolsrc, "the rounding bound");
        return kind_tolerances(v, NULL, NULL, err, errlen);
    }
    if (!isnan(v->o->tol)) {
        r->tol = v->o->tol;
        snprintf(r->tolsrc, sizeof r->tolsrc, "--tolerance");
        return kind_tolerances(v, NULL, NULL, err, errlen);
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
        optref_status st = optref_tolerance_lookup(places[k], &c, v->fmt->name, OPTREF_STEP, 1, &r->tol, err, errlen);
        return st == OPTREF_SUCCESS ? kind_tolerances(v, places[k], &c, err, errlen) : st;
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
    const optref_algorithm *fl = var < 0 ? optref_flavor_from(name, colon + 1) : NULL;
    if (fl) /* ALG:FRAMEWORK, its flavor's first variant (doc/flavors.md) */
        v->alg = fl, var = 0;
    if (var < 0)
        return snprintf(err, errlen, "unknown variant '%s' of %s; `optref list` shows them", colon + 1, name),
               OPTREF_EUNKNOWN;
    v->variant = (size_t)var;
    snprintf(v->r->algorithm, sizeof v->r->algorithm, "%s", v->alg->name);
    snprintf(v->r->variant, sizeof v->r->variant, "%s", v->alg->variants[var].name);
    v->r->file = v->alg->file;
    return OPTREF_SUCCESS;
}

/* --storage and --store-rounding name quantities of this step. */
static optref_status mixed_names(vs *v, char *err, size_t errlen)
{
    const char **names = malloc((v->nsl ? v->nsl : 1) * sizeof *names);
    if (!names)
        return snprintf(err, errlen, "out of memory"), OPTREF_ENOMEM;
    for (size_t k = 0; k < v->nsl; k++)
        names[k] = v->sl[k].name;
    optref_status st = optref_vsmixed_names(v->mx, names, v->nsl, err, errlen);
    free(names);
    return st;
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
    optref_status mst = optref_vsmixed_parse(&v->mx, o->math, o->storage, o->store_rounding, o->sr_alpha, o->dtype,
                                             err, errlen);
    if (mst != OPTREF_SUCCESS)
        return mst;
    if (v->mx && o->layer_rows) /* shards merge exactly (cli/vstep_merge.c); a manifest's layers not yet */
        return snprintf(err, errlen, "--math/--storage: not with --manifest yet (one dump at a time; --shard "
                        "and --merge work)"), OPTREF_EVALUE;
    if (v->mx)
        v->fmt = v->mx->math; /* hyper-parameters, the budget: the arithmetic's format */
    v->bf16 = v->fmt == &optref_bfloat16;
    v->bound = o->bound && !v->mx;
    v->rows = o->layer_rows;
    v->cols = o->layer_cols;
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
    if (st == OPTREF_SUCCESS && !o->layer_rows && !v->whole) /* within a layer, coupling is the algorithm's own */
        st = probe_coupling(v, err, errlen);
    if (st == OPTREF_SUCCESS && v->whole && o->nshards > 1)
        st = (snprintf(err, errlen, "%s %s couples coordinates (a norm, a projection, a matrix): its step is judged "
                       "whole, not by --shard", v->alg->name, v->alg->variants[v->variant].name), OPTREF_EVALUE);
    if (st == OPTREF_SUCCESS)
        st = find_unread(v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = make_slots(v, err, errlen);
    if (st == OPTREF_SUCCESS && v->mx)
        st = mixed_names(v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = check_files(v, err, errlen);
    if (st == OPTREF_SUCCESS && v->alg->needs_hessian)
        st = read_hessian(v, err, errlen);
    if (st == OPTREF_SUCCESS && v->bound && v->alg->needs_hessian)
        st = (snprintf(err, errlen, "%s: no rounding bound with a given Hessian (before/H.npy) yet; judge with "
                       "--tolerance U", v->alg->name), OPTREF_EARITH);
    if (st == OPTREF_SUCCESS && v->bound)
        optref_fb_set_model(v->fmt, o->any_order), optref_fb_m.either = o->hp_either; /* the warm-up's */
    if (st == OPTREF_SUCCESS && v->bound && o->round_hp && o->hp_either) {
        optref_vsopts given = *o;
        given.round_hp = 0;
        v->o = &given;
        st = given_setup(v, 1, &v->given, err, errlen);
        v->o = o;
    }
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
    r->bound = v.bound;
    r->any_order = o->any_order;
    /* The fast path, where every coordinate is a step of its own (OPTREF_VS_FASTPATH=0: MPFR only; =eb: no double + bound; to compare) */
    const char *fp = getenv("OPTREF_VS_FASTPATH");
    v.fast = st == OPTREF_SUCCESS && !(fp && strcmp(fp, "0") == 0) && !v.mx && !v.alg->needs_hessian && !v.rows &&
             !v.whole && r->nkind <= 64 && v.probe->alg->eb && v.probe->prob->type->eb && v.probe->sched->eb;
    v.db = v.fast && !(fp && strcmp(fp, "eb") == 0) && v.fmt->prec <= 24 && /* "eb": the double-word path only */ v.probe->alg->db && v.probe->prob->type->db && v.probe->sched->db;
    if (st == OPTREF_SUCCESS)
        st = warm_up(&v, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = run_workers(&v, err, errlen);
    for (size_t k = 0; st == OPTREF_SUCCESS && k < v.nsl; k++)
        if (v.sl[k].kind != SL_G && !v.sl[k].judged && strlen(r->notes) + strlen(v.sl[k].name) + 4 < sizeof r->notes)
            snprintf(r->notes + strlen(r->notes), sizeof r->notes - strlen(r->notes), "%s%s", *r->notes ? ", " : "",
                     v.sl[k].name);
    r->pass = st == OPTREF_SUCCESS && r->nfailed == 0 && !(r->mixed && r->mixed->stat_failed);
    optref_vsmixed_free(v.mx);
    optref_run_free(v.warm[0]);
    optref_run_free(v.warm[1]);
    if (v.ebwarm)
        optref_eb_ws_free(v.ebwarm);
    free(v.ebwarm);
    if (v.dbwarm)
        optref_db_ws_free(v.dbwarm);
    free(v.dbwarm);
    if (v.fbwarm)
        optref_fb_ws_free(v.fbwarm);
    free(v.fbwarm);
    optref_setup_free(v.given);
    optref_setup_free(v.probe);
    free(v.sl);
    free(v.jsl);
    free(v.ktol);
    free(v.unread);
    free(v.hess);
    return st;
}

void optref_vsreport_free(optref_vsreport *r)
{
    optref_vsm_report_free(r->mixed);
    r->mixed = NULL;
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
    if (!(u <= 0x1p62))
        return OPTREF_VS_NBIN - 1;
    int e; /* u = m·2^e, 1/2 <= m < 1: u <= 2^(b−2) from b = e + 1 (m = 1/2) or e + 2 */
    double m = frexp(u, &e);
    int b = m == 0.5 ? e + 1 : e + 2;
    return b < 2 ? 2 : b > OPTREF_VS_NBIN - 1 ? OPTREF_VS_NBIN - 1 : b;
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
