/* fullquad.c: quadratics with a full matrix, f(x) = c + bᵀx + ½ xᵀA x.
 *
 *   quadratic:A=a11,a12,...,ann,b=b1,...,bn[,c=c0]    A symmetric, row by row
 *
 * ∇f(x) = b + A x.  For A positive definite the minimiser is −A⁻¹b and L, μ
 * are A's extreme eigenvalues; one Newton step (η = 1) from anywhere lands on
 * the minimiser.  Sources: STATS 403 lecture 2, "preconditioning" (GD on
 * ½ xᵀAx with an ill-conditioned A); Lecture 17, "AdaGrad rationale"
 * (f = ½ xᵀQx + cᵀx + b, its preconditioner); D2L §12.10.  The reported
 * minimiser, minimum, L and μ are computed in binary64 (ref/core/linalg.c):
 * metadata, not golden values.
 *
 * Rounding: (Ax)_i = Σ_j A_ij x_j summed from j = 1 up, starting from 0;
 * ∇f_i = b_i + (Ax)_i; f = c + ((Σ_i b_i x_i) + ½·(Σ_i x_i (Ax)_i)), each sum
 * from i = 1 up; ½ is an exact scaling.
 */
#include "../core/ws.h"

enum { AX, ACC, Q, T, NTMP };

/* (Ax)_i into out; A is pc[0 .. n²), row-major. */
static void row_dot(ws *w, S_PTR out, S_VEC x, size_t i)
{
    S_PTR t = w->ptmp[T];
    s_set_d(out, 0.0);
    for (size_t j = 0; j < w->n; j++) {
        s_mul(t, w->pc[i * w->n + j], x[j]);
        s_add(out, out, t);
    }
}

static void fullquad_f(ws *w, S_PTR out, S_VEC x)
{
    size_t n = w->n;
    S_SRC c = w->pc[n * n + n], half = w->pc[n * n + n + 1];
    S_PTR ax = w->ptmp[AX], acc = w->ptmp[ACC], q = w->ptmp[Q], t = w->ptmp[T];
    s_set_d(acc, 0.0);
    s_set_d(q, 0.0);
    for (size_t i = 0; i < n; i++) {
        s_mul(t, w->pc[n * n + i], x[i]);
        s_add(acc, acc, t);
        row_dot(w, ax, x, i);
        s_mul(t, x[i], ax);
        s_add(q, q, t);
    }
    s_mul(q, q, half);
    s_add(acc, acc, q);
    s_add(out, c, acc);
}

static void fullquad_grad(ws *w, S_VEC g, S_VEC x)
{
    size_t n = w->n;
    S_PTR ax = w->ptmp[AX];
    for (size_t i = 0; i < n; i++) {
        row_dot(w, ax, x, i);
        s_add(g[i], w->pc[n * n + i], ax);
    }
}

/* ∇²f = A, whatever x: a copy of pc[0 .. n²). */
static void fullquad_hess(ws *w, S_VEC H, S_VEC x)
{
    (void)x;
    for (size_t k = 0; k < w->n * w->n; k++)
        s_set(H[k], w->pc[k]);
}

OPTREF_PROBLEM_IMPL(fullquad) = { fullquad_f, fullquad_grad, fullquad_hess };

#if OPTREF_META
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_A, P_B, P_C };

static optref_status fullquad_check(optref_problem *p, const double *A, size_t na, size_t nb, char *err,
                                    size_t errlen)
{
    if (!A || nb == 0) {
        snprintf(err, errlen, "%s: give A=... (n·n values, row by row) and b=... (n values)", p->name);
        return OPTREF_EMISSING;
    }
    if (na != nb * nb) {
        snprintf(err, errlen, "%s: A has %zu values; b has %zu, so A needs %zu", p->name, na, nb, nb * nb);
        return OPTREF_EDIM;
    }
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < i; j++)
            if (A[i * nb + j] != A[j * nb + i]) {
                snprintf(err, errlen, "%s: A is not symmetric: A[%zu][%zu] = %g, A[%zu][%zu] = %g", p->name, i, j,
                         A[i * nb + j], j, i, A[j * nb + i]);
                return OPTREF_EVALUE;
            }
    return OPTREF_SUCCESS;
}

/* L, μ, the minimiser and minimum, in binary64 (metadata). */
static optref_status fullquad_constants(optref_problem *p, const double *A, const double *b, double c)
{
    size_t n = p->n;
    double lo, hi;
    if (optref_sym_eig_range(A, n, &lo, &hi) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->L = hi;
    p->mu = lo >= 0 ? lo : NAN;
    if (!(lo > 0))
        return OPTREF_SUCCESS; /* not strictly convex: no unique minimiser */
    double *nb = malloc(n * sizeof *nb);
    if (!nb || !(p->xmin = malloc(n * sizeof *p->xmin))) {
        free(nb);
        return OPTREF_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        nb[i] = -b[i];
    optref_solve(A, nb, n, p->xmin);
    double f = 0;
    for (size_t i = 0; i < n; i++)
        f += 0.5 * b[i] * p->xmin[i]; /* at the minimiser, f = c + ½ bᵀx* */
    p->fmin = c + f;
    free(nb);
    return OPTREF_SUCCESS;
}

static optref_status fullquad_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t na, n;
    const double *A = optref_pv_vec(v, "A", &na), *b = optref_pv_vec(v, "b", &n);
    optref_status st = fullquad_check(p, A, na, n, err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    if (optref_problem_alloc(p, n, n * n + n + 2, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    double c = optref_pv_real(v, "c");
    memcpy(p->coef, A, n * n * sizeof *A);
    memcpy(p->coef + n * n, b, n * sizeof *b);
    p->coef[n * n + n] = c;
    p->coef[n * n + n + 1] = 0.5;
    return fullquad_constants(p, A, b, c);
}

static const optref_param fullquad_params[] = {
    [P_A] = { .name = "A", .symbol = "A", .def = NAN, .flags = OPTREF_P_VECTOR,
              .doc = "the symmetric matrix, n·n values row by row" },
    [P_B] = { .name = "b", .symbol = "b", .def = NAN, .flags = OPTREF_P_VECTOR, .doc = "the linear term, n values" },
    [P_C] = { .name = "c", .symbol = "c", .def = 0, .doc = "the constant" },
};
static const optref_preset fullquad_presets[] = {
    { .name = "quad-full-2", .params = "A=2,1,1,3,b=1,-1,x0=2,2",
      .source = "an off-diagonal 2-D quadratic (STATS 403, preconditioning)" },
};
OPTREF_DECLARE_IMPLS(pimpl, fullquad);
const optref_problem_type optref_problem_fullquad = {
    .name = "quadratic",
    .title = "quadratic with a full symmetric matrix",
    .formula = "f(x) = c + bᵀx + ½ xᵀA x",
    .source = "STATS 403 (preconditioning); Lecture 17 (AdaGrad rationale)",
    .file = "ref/problem/fullquad.c",
    .params = fullquad_params, .nparams = OPTREF_COUNT(fullquad_params),
    .presets = fullquad_presets, .npresets = OPTREF_COUNT(fullquad_presets),
    .ntmp = NTMP,
    .create = fullquad_create,
    OPTREF_IMPLS(pimpl, fullquad),
};
#endif
