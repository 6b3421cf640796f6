/* ws_struct.h: the workspace type and driver prototypes, written against
 * the macros S_T, S_VEC, S_PTR and PFX.  No include guard: ws.h includes it
 * for the arithmetic of its translation unit, ws_both.h once for each. */
#include "optref.h"

#define OPTREF_NTMP 8  /* scratch scalars an algorithm may use in a step */
#define OPTREF_NSC 4   /* scalar state of an algorithm (e.g. beta1^t) */
#define OPTREF_NPTMP 4 /* scratch scalars a problem may use */

typedef struct PFX(ws) {
    size_t n;         /* dimension */
    long t;           /* updates done; the driver sets t before each step */
    size_t variant;   /* index into alg->variants */
    const optref_problem *prob;
    S_VEC x;          /* parameters */
    S_VEC g;          /* gradient used by the last step */
    S_VEC y;          /* scratch vector (e.g. a look-ahead point) */
    S_VEC st[OPTREF_MAX_STATE];  /* per-coordinate state, zero at start */
    S_T hp[OPTREF_MAX_HP];       /* hyper-parameters, from doubles */
    S_T sc[OPTREF_NSC];          /* scalar state, zero at start */
    S_T tmp[OPTREF_NTMP];        /* algorithm scratch */
    S_T pc[OPTREF_MAX_COEF];     /* problem constants, from doubles */
    S_T ptmp[OPTREF_NPTMP];      /* problem scratch */
    S_T one;                     /* the constant 1 */
    S_T f;                       /* f(x) */
    size_t nact;                 /* state vectors this variant records */
    size_t act[OPTREF_MAX_STATE];
} PFX(ws);

/* An algorithm's instantiation: init sets any non-zero initial state after
 * x = x0; step performs one update t (t = 1, 2, ...). */
struct PFX(impl) {
    void (*init)(PFX(ws) *w);
    void (*step)(PFX(ws) *w);
};

/* A problem's instantiation: objective and gradient at a point. */
struct PFX(pimpl) {
    void (*f)(PFX(ws) *w, S_PTR out, S_VEC x);
    void (*grad)(PFX(ws) *w, S_VEC g, S_VEC x);
};

/* Driver, ref/ws.c. */
int PFX(ws_new)(PFX(ws) *w, const optref_setup *s, mpfr_prec_t prec);
void PFX(ws_free)(PFX(ws) *w);
void PFX(ws_step)(PFX(ws) *w, const optref_algorithm *a);
S_PTR PFX(ws_q)(PFX(ws) *w, size_t q);

