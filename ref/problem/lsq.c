/* lsq.c: linear least squares on a synthetic data set, a finite sum sampled
 * in minibatches.
 *
 *   lsq:m=M,d=D,seed=S[,noise=σ][,batch=B]
 *
 *   f(x) = (1/(2m)) Σ_k (a_kᵀx − y_k)²
 *   ∇f on a minibatch B: (1/|B|) Σ_{k∈B} (a_kᵀx − y_k) a_k
 *
 * Data: optref_synthetic (ref/core/linalg.c): a_k uniform in [−1, 1)^d,
 * y_k = a_kᵀw* + σ·e_k.  Minibatches: ref/core/sampler.c.  Sources: D2L
 * §3.1 and §12.4–12.5 (minibatch SGD on linear regression); Goodfellow et al.
 * §5.1.4.  L and μ are the extreme eigenvalues of AᵀA/m; the minimiser solves
 * the normal equations (binary64 metadata, ref/core/linalg.c).
 *
 * Rounding: z = Σ_j a_kj x_j from j = 1 up, r = z − y_k; sums over k in
 * batch order (f: index order); the mean is one division by |B| (f: by 2m).
 */
#include "../core/ws.h"

enum { R, T, NTMP };

static void residual(ws *w, S_PTR r, S_VEC x, size_t k)
{
    size_t d = w->n, m = w->prob->m;
    S_PTR t = w->ptmp[T];
    s_set_d(r, 0.0);
    for (size_t j = 0; j < d; j++) {
        s_mul(t, w->pc[k * d + j], x[j]);
        s_add(r, r, t);
    }
    s_sub(r, r, w->pc[m * d + k]);
}

static void lsq_f(ws *w, S_PTR out, S_VEC x)
{
    size_t m = w->prob->m;
    S_PTR r = w->ptmp[R], t = w->ptmp[T];
    s_set_d(out, 0.0);
    for (size_t k = 0; k < m; k++) {
        residual(w, r, x, k);
        s_mul(r, r, r);
        s_add(out, out, r);
    }
    s_set_ui(t, 2 * (unsigned long)m);
    s_div(out, out, t);
}

static void lsq_grad(ws *w, S_VEC g, S_VEC x)
{
    size_t d = w->n;
    S_PTR r = w->ptmp[R], t = w->ptmp[T];
    for (size_t j = 0; j < d; j++)
        s_set_d(g[j], 0.0);
    for (size_t b = 0; b < w->nbatch; b++) {
        size_t k = w->batch[b];
        residual(w, r, x, k);
        for (size_t j = 0; j < d; j++) {
            s_mul(t, r, w->pc[k * d + j]);
            s_add(g[j], g[j], t);
        }
    }
    s_set_ui(t, (unsigned long)w->nbatch);
    for (size_t j = 0; j < d; j++)
        s_div(g[j], g[j], t);
}

OPTREF_PROBLEM_IMPL(lsq) = { lsq_f, lsq_grad, NULL }; /* no Hessian */

#if OPTREF_META
#include <stdio.h>
#include <stdlib.h>

enum { P_M, P_D, P_SEED, P_NOISE, P_BATCH };

/* AᵀA/m: its eigenvalues, and the normal equations' solution. */
static optref_status lsq_constants(optref_problem *p, size_t m, size_t d)
{
    const double *A = p->coef, *y = p->coef + m * d;
    double *ata = calloc(d * d, sizeof *ata), *aty = calloc(d, sizeof *aty), lo, hi;
    p->xmin = malloc(d * sizeof *p->xmin);
    if (!ata || !aty || !p->xmin) {
        free(ata), free(aty);
        return OPTREF_ENOMEM;
    }
    for (size_t k = 0; k < m; k++)
        for (size_t i = 0; i < d; i++) {
            aty[i] += A[k * d + i] * y[k] / (double)m;
            for (size_t j = 0; j < d; j++)
                ata[i * d + j] += A[k * d + i] * A[k * d + j] / (double)m;
        }
    optref_status st = optref_sym_eig_range(ata, d, &lo, &hi);
    p->L = hi;
    p->mu = lo;
    if (st == OPTREF_SUCCESS && !(lo > 0 && optref_solve(ata, aty, d, p->xmin) == OPTREF_SUCCESS)) {
        free(p->xmin);
        p->xmin = NULL;
    }
    double f = 0;
    for (size_t k = 0; p->xmin && k < m; k++) {
        double r = -y[k];
        for (size_t j = 0; j < d; j++)
            r += A[k * d + j] * p->xmin[j];
        f += r * r / (2.0 * (double)m);
    }
    p->fmin = p->xmin ? f : NAN;
    free(ata);
    free(aty);
    return st;
}

static optref_status lsq_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t m = (size_t)optref_pv_real(v, "m"), d = (size_t)optref_pv_real(v, "d");
    size_t batch = (size_t)optref_pv_real(v, "batch");
    if (m == 0 || d == 0 || batch > m) {
        snprintf(err, errlen, "%s: need m >= 1, d >= 1 and batch <= m (m=%zu d=%zu batch=%zu)", p->name, m, d,
                 batch);
        return OPTREF_EVALUE;
    }
    if (optref_problem_alloc(p, d, m * d + m, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->seed = (uint64_t)optref_pv_real(v, "seed");
    optref_synthetic(p->coef, p->coef + m * d, m, d, p->seed, optref_pv_real(v, "noise"), 0);
    p->m = m;
    p->batch = batch;
    return lsq_constants(p, m, d);
}

static const optref_param lsq_params[] = {
    [P_M] = { .name = "m", .symbol = "m", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "number of examples" },
    [P_D] = { .name = "d", .symbol = "d", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "features (the dimension of x)" },
    [P_SEED] = { .name = "seed", .symbol = "", .def = 1, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
                 .doc = "SplitMix64 seed of the data and of the batches" },
    [P_NOISE] = { .name = "noise", .symbol = "σ", .def = 0.1, .flags = OPTREF_P_NONNEG,
                  .doc = "y = aᵀw* + σe, e uniform in [−1, 1)" },
    [P_BATCH] = { .name = "batch", .symbol = "B", .def = 0, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
                  .doc = "minibatch size (0: the full sum in index order)" },
};
OPTREF_DECLARE_IMPLS(pimpl, lsq);
const optref_problem_type optref_problem_lsq = {
    .name = "lsq",
    .title = "linear least squares on a seeded synthetic data set (minibatches)",
    .formula = "f(x) = (1/(2m)) Σ (a_kᵀx − y_k)²",
    .source = "D2L 3.1, 12.4-12.5; Goodfellow et al. 5.1.4",
    .file = "ref/problem/lsq.c",
    .params = lsq_params, .nparams = OPTREF_COUNT(lsq_params),
    .ntmp = NTMP,
    .create = lsq_create,
    OPTREF_IMPLS(pimpl, lsq),
};
#endif
