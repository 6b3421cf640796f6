/* taylor.c: the second-order model of a function at a point z,
 *   f(x) = gᵀ(x − z) + ½ (x − z)ᵀ H (x − z),
 * ∇f(x) = g + H(x − z), ∇²f = H: the model Newton's method minimises
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., 2006, §2.2, the
 * quadratic model behind (2.15)).  At x = z the gradient is g and the Hessian
 * H, exactly in any arithmetic (x − z = 0), which is what verify-step needs
 * to recompute one Newton step from a user's own x, g and H
 * (ref/oracle/vstep.c, doc/verify-step.md).
 *
 *   taylor:g=g1,...,gn,H=h11,...,hnn[,z=z1,...,zn]    z defaults to 0
 *
 * H is taken as given (not required symmetric: it is the caller's matrix).
 * Rounding: with e = x − z, (He)_i = Σ_j H_ij e_j summed from j = 1 up,
 * starting from 0; ∇f_i = g_i + (He)_i; f = Σ_i e_i (g_i + ½(He)_i), summed
 * from i = 1 up.  coef: g (n), z (n), H (n², row-major), ½.
 */
#include "../core/ws.h"

enum { E, HE, T, NTMP };

/* (H(x − z))_i into out. */
static void row_he(ws *w, S_PTR out, S_VEC x, size_t i)
{
    size_t n = w->n;
    S_PTR e = w->ptmp[E], t = w->ptmp[T];
    s_set_d(out, 0.0);
    for (size_t j = 0; j < n; j++) {
        s_sub(e, x[j], w->pc[n + j]);
        s_mul(t, w->pc[2 * n + i * n + j], e);
        s_add(out, out, t);
    }
}

static void taylor_f(ws *w, S_PTR out, S_VEC x)
{
    size_t n = w->n;
    S_PTR e = w->ptmp[E], he = w->ptmp[HE], t = w->ptmp[T];
    S_SRC half = w->pc[2 * n + n * n];
    s_set_d(out, 0.0);
    for (size_t i = 0; i < n; i++) {
        row_he(w, he, x, i);
        s_mul(he, he, half);
        s_add(he, w->pc[i], he);
        s_sub(e, x[i], w->pc[n + i]);
        s_mul(t, e, he);
        s_add(out, out, t);
    }
}

static void taylor_grad(ws *w, S_VEC g, S_VEC x)
{
    S_PTR he = w->ptmp[HE];
    for (size_t i = 0; i < w->n; i++) {
        row_he(w, he, x, i);
        s_add(g[i], w->pc[i], he);
    }
}

/* ∇²f = H, whatever x. */
static void taylor_hess(ws *w, S_VEC H, S_VEC x)
{
    (void)x;
    for (size_t k = 0; k < w->n * w->n; k++)
        s_set(H[k], w->pc[2 * w->n + k]);
}

OPTREF_PROBLEM_IMPL(taylor) = { taylor_f, taylor_grad, taylor_hess };

#if OPTREF_META
#include <stdio.h>
#include <string.h>

static optref_status taylor_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t n, nh, nz = 0;
    const double *g = optref_pv_vec(v, "g", &n), *H = optref_pv_vec(v, "H", &nh), *z = optref_pv_vec(v, "z", &nz);
    if (!g || !H) {
        snprintf(err, errlen, "%s: give g=... (n values) and H=... (n·n values, row by row)", p->name);
        return OPTREF_EMISSING;
    }
    if (nh != n * n || (z && nz != n)) {
        snprintf(err, errlen, "%s: g has %zu values, so H needs %zu and z %zu; H has %zu, z %zu", p->name, n, n * n,
                 n, nh, z ? nz : n);
        return OPTREF_EDIM;
    }
    if (optref_problem_alloc(p, n, 2 * n + n * n + 1, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    memcpy(p->coef, g, n * sizeof *g);
    if (z)
        memcpy(p->coef + n, z, n * sizeof *z);
    memcpy(p->coef + 2 * n, H, n * n * sizeof *H);
    p->coef[2 * n + n * n] = 0.5;
    p->fmin = p->L = p->mu = p->D = p->Ginf = NAN;
    return OPTREF_SUCCESS;
}

static const optref_param taylor_params[] = {
    { .name = "g", .symbol = "g", .def = NAN, .flags = OPTREF_P_VECTOR, .doc = "the gradient at z, n values" },
    { .name = "H", .symbol = "H", .def = NAN, .flags = OPTREF_P_VECTOR, .doc = "the Hessian, n·n values row by row" },
    { .name = "z", .symbol = "z", .def = NAN, .flags = OPTREF_P_VECTOR, .doc = "the point of the model (default 0)" },
};
static const optref_preset taylor_presets[] = {
    { .name = "taylor-2", .params = "g=1,-1,H=2,1,1,3,x0=0,0", .source = "Nocedal & Wright 2006, §2.2" },
};
OPTREF_DECLARE_IMPLS(pimpl, taylor);
const optref_problem_type optref_problem_taylor = {
    .name = "taylor",
    .title = "second-order model at a point z (gradient g, Hessian H there)",
    .formula = "f(x) = gᵀ(x − z) + ½ (x − z)ᵀH(x − z)",
    .source = "Nocedal & Wright 2006, §2.2 (verify-step's carrier for Newton)",
    .file = "ref/problem/taylor.c",
    .params = taylor_params, .nparams = OPTREF_COUNT(taylor_params),
    .presets = taylor_presets, .npresets = OPTREF_COUNT(taylor_presets),
    .ntmp = NTMP,
    .create = taylor_create,
    OPTREF_IMPLS(pimpl, taylor),
};
#endif
