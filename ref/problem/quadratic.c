/* quadratic.c: diagonal quadratics f(x) = Σ a_i x_i², of any dimension.
 *
 *   quad:a=a1,a2,...        the coefficients given (n = their count)
 *   quad:n=N,cond=K         n coefficients whose Hessian eigenvalues 2a_i run
 *                           evenly from 1 to K: a_i = (1 + (K − 1)·i/(n − 1))/2,
 *                           computed in binary64 as written (left to right,
 *                           one rounding per operation), so μ = 1, L = K
 *
 * Presets (the slides' problems, with their starts):
 *   square      f(x) = x²                 DS 4440, "The importance of learning rate α"
 *   quad-0.1-2  f(x) = 0.1 x1² + 2 x2²    Lecture 11.5 "Getting the learning rate
 *                                         right" (D2L §12.6, f_2d)
 *   quad-1-2    f(x) = x1² + 2 x2²        D2L §12.3 (gradient descent in 2-D)
 *
 * ∇f(x)_i = 2 a_i x_i; minimiser 0, minimum 0 when every a_i > 0; L = 2 max a_i,
 * μ = 2 min a_i.  The coefficients enter as binary64 values: the 0.1 of
 * quad-0.1-2 is 0x1.999999999999ap-4, and the golden trajectory is the exact
 * one for that coefficient.
 *
 * Rounding: f sums a_i·(x_i·x_i) from i = 0 up; ∇f_i = (a_i·x_i) + (a_i·x_i),
 * exact doubling of one product.
 */
#include "../core/ws.h"

enum { SQ, TERM, NTMP };

static void quad_f(ws *w, S_PTR out, S_VEC x)
{
    S_PTR sq = w->ptmp[SQ], term = w->ptmp[TERM];
    s_set_d(out, 0.0);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(sq, x[i], x[i]);
        s_mul(term, w->pc[i], sq);
        s_add(out, out, term);
    }
}

static void quad_grad(ws *w, S_VEC g, S_VEC x)
{
    S_PTR ax = w->ptmp[SQ];
    for (size_t i = 0; i < w->n; i++) {
        s_mul(ax, w->pc[i], x[i]);
        s_add(g[i], ax, ax);
    }
}

/* ∇²f = diag(2a_i), each 2a_i = a_i + a_i (exact doubling). */
static void quad_hess(ws *w, S_VEC H, S_VEC x)
{
    (void)x;
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < w->n; j++) {
            if (i == j)
                s_add(H[i * w->n + j], w->pc[i], w->pc[i]);
            else
                s_set_d(H[i * w->n + j], 0.0);
        }
}

OPTREF_PROBLEM_IMPL(quad) = { quad_f, quad_grad, quad_hess };

#if OPTREF_META
#include <stdio.h>
#include <stdlib.h>

enum { P_A, P_N, P_COND };

static optref_status quad_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t na;
    const double *a = optref_pv_vec(v, "a", &na);
    double cond = optref_pv_real(v, "cond");
    if (a && (optref_pv_has(v, "n") || optref_pv_has(v, "cond"))) {
        snprintf(err, errlen, "%s: give a=... or n=... [cond=...], not both", p->name);
        return OPTREF_EPARSE;
    }
    size_t n = a ? na : (size_t)optref_pv_real(v, "n");
    if (n == 0) {
        snprintf(err, errlen, "%s: give the coefficients a=... or the dimension n=...", p->name);
        return OPTREF_EMISSING;
    }
    if (optref_problem_alloc(p, n, n, 1) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double ai = a ? a[i] : n == 1 ? 0.5 : (1.0 + (cond - 1.0) * (double)i / (double)(n - 1)) * 0.5;
        p->coef[i] = ai;
        p->x0[i] = 1.0;
        lo = ai < lo ? ai : lo;
        hi = ai > hi ? ai : hi;
    }
    p->L = 2 * hi;
    p->mu = lo >= 0 ? 2 * lo : NAN;
    p->fmin = lo > 0 ? 0.0 : lo == 0 ? 0.0 : -INFINITY;
    if (!(lo > 0)) {
        free(p->xmin);
        p->xmin = NULL; /* a line of minimisers, or none */
    }
    return OPTREF_SUCCESS;
}

static const optref_param quad_params[] = {
    [P_A] = { .name = "a", .symbol = "a", .def = NAN, .flags = OPTREF_P_VECTOR,
              .doc = "the coefficients a_1, ..., a_n" },
    [P_N] = { .name = "n", .symbol = "n", .def = 0, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
              .doc = "dimension, with cond (instead of a)" },
    [P_COND] = { .name = "cond", .symbol = "κ", .def = 1, .flags = OPTREF_P_POSITIVE,
                 .doc = "condition number L/μ, with n: eigenvalues 1 to cond, evenly spaced" },
};
static const optref_preset quad_presets[] = {
    { .name = "square", .params = "a=1,x0=10", .source = "DS 4440 \"Optimizer matters\"" },
    { .name = "quad-0.1-2", .params = "a=0.1,2,x0=-5,-2", .source = "Lecture 11.5; D2L 12.6" },
    { .name = "quad-1-2", .params = "a=1,2,x0=-5,-2", .source = "D2L 12.3" },
};
OPTREF_DECLARE_IMPLS(pimpl, quad);
const optref_problem_type optref_problem_quadratic = {
    .name = "quad",
    .title = "diagonal quadratic",
    .formula = "f(x) = Σ a_i x_i²",
    .source = "DS 4440; Lecture 11.5 (D2L 12.6); D2L 12.3",
    .file = "ref/problem/quadratic.c",
    .params = quad_params, .nparams = OPTREF_COUNT(quad_params),
    .presets = quad_presets, .npresets = OPTREF_COUNT(quad_presets),
    .ntmp = NTMP,
    .create = quad_create,
    OPTREF_IMPLS(pimpl, quad),
};
#endif
