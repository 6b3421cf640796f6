/* ws_struct.h: the workspace type and driver prototypes, written against
 * the macros S_T, S_VEC, S_PTR, S_SRC and PFX.  No include guard: ws.h
 * includes it for the arithmetic of its translation unit, ws_both.h once for
 * each.  Every array is sized from the declarations of the algorithm, the
 * problem and the schedule: nothing here has a fixed cap. */
#include "internal.h"

typedef struct PFX(ws) {
    const optref_setup *s;
    const optref_problem *prob;
    size_t n;         /* dimension */
    long t;           /* updates done; the driver sets t before each step */
    long ft;          /* the loss f_ft an evaluation is of (online problems) */
    size_t variant;   /* index into alg->variants */
    S_VEC x;          /* parameters */
    S_VEC g;          /* gradient used by the last step */
    S_VEC y;          /* scratch vector (e.g. a look-ahead point) */
    S_VEC *st;        /* declared state: st[k] has optref_state_len(s, k) values */
    S_VEC hp;         /* hyper-parameters, from doubles */
    S_VEC sp;         /* schedule parameters, from doubles */
    S_VEC tmp;        /* algorithm scratch: alg->ntmp */
    S_VEC pc;         /* problem constants, from doubles: prob->ncoef */
    S_VEC ptmp;       /* problem scratch: type->ntmp */
    S_VEC stmp;       /* schedule scratch: sched->ntmp */
    S_T one;          /* the constant 1 */
    S_T f;            /* f(x) (online: f_{t+1}(x_t)) */
    S_T eta;          /* η_t, the schedule's value at step t */
    size_t *batch;    /* the minibatch of step t (finite sums): nbatch indices */
    size_t nbatch;
    size_t *perm;     /* the current epoch's shuffle */
    long epoch;       /* the epoch perm holds; -1: none yet */
    const optref_layer *layer;
    size_t nlayer;
} PFX(ws);

/* An algorithm's instantiation: init sets any non-zero initial state after
 * x = x0; step performs one update t (t = 1, 2, ...). */
struct PFX(impl) {
    void (*init)(PFX(ws) *w);
    void (*step)(PFX(ws) *w);
};

/* A problem's instantiation: objective and gradient at a point, of the loss
 * f_{w->ft}.  For a finite sum, grad averages over the minibatch w->batch (in
 * its order) and f is the full objective (all examples, in index order). */
struct PFX(pimpl) {
    void (*f)(PFX(ws) *w, S_PTR out, S_VEC x);
    void (*grad)(PFX(ws) *w, S_VEC g, S_VEC x);
    /* ∇²f(x) -> H, n·n values row-major, of the loss f_{w->ft}; NULL when
     * the family has none (an algorithm with needs_hessian is refused). */
    void (*hess)(PFX(ws) *w, S_VEC H, S_VEC x);
};

/* A schedule's instantiation: η_t at w->t from η0. */
struct PFX(simpl) {
    void (*eta)(PFX(ws) *w, S_PTR out, S_SRC eta0);
};

/* Driver, ref/core/ws.c. */
int PFX(ws_new)(PFX(ws) *w, const optref_setup *s, long prec);
void PFX(ws_free)(PFX(ws) *w);
void PFX(ws_step)(PFX(ws) *w);
S_PTR PFX(ws_q)(PFX(ws) *w, size_t q);
void PFX(ws_row_d)(PFX(ws) *w, double *out);
