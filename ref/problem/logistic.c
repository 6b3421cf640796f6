/* logistic.c: binary logistic regression on a synthetic data set, a finite
 * sum sampled in minibatches.
 *
 *   logistic:m=M,d=D,seed=S[,noise=σ][,lambda=λ][,batch=B]
 *
 *   f(x) = (1/m) Σ_k log(1 + exp(−y_k a_kᵀx)) + (λ/2)‖x‖²,  y_k ∈ {−1, +1}
 *   ∇f on a minibatch B: (1/|B|) Σ_{k∈B} −y_k σ(−y_k a_kᵀx) a_k + λx,
 *   σ(u) = 1/(1 + e^{−u}).
 *
 * Data: ref/core/linalg.c, optref_synthetic (SplitMix64 from seed: examples
 * uniform in [−1, 1)^d, labels the sign of a_kᵀw* + σ·e_k); the minibatch of
 * step t: ref/core/ws.c and sampler.c (Fisher–Yates per epoch, seeded).  Both
 * are integer or exact binary64 arithmetic, so every implementation can make
 * the same data and the same batches (doc/golden-format.md).
 * Sources: Goodfellow et al. §5.7.1 and Algorithm 8.1 (SGD on minibatches);
 * DS 4440 "Variants" (minibatch gradient descent); D2L §12.5.
 * L = λ_max(AᵀA)/(4m) + λ, μ = λ (binary64 metadata).
 *
 * Transcendentals: exp and log1p, correctly rounded in both arithmetics
 * (ref/core/arith_double.h).  Stable forms: with u = −y_k a_kᵀx,
 * log(1 + e^u) = max(u, 0) + log1p(e^{−|u|}); σ(u) = 1/(1 + e^{−u}) for u >= 0
 * and e^u/(1 + e^u) for u < 0.
 * Rounding: z = Σ_j a_kj x_j from j = 1 up; sums over k in batch order (f: in
 * index order); the mean is one division by |B| (f: by m); the penalty is
 * ((λ·Σ x_j²)/2), added last.
 */
#include "../core/ws.h"

enum { Z, U, E, T, ACC, NTMP };

static void dot(ws *w, S_PTR z, S_VEC x, size_t k)
{
    size_t d = w->n;
    S_PTR t = w->ptmp[T];
    s_set_d(z, 0.0);
    for (size_t j = 0; j < d; j++) {
        s_mul(t, w->pc[k * d + j], x[j]);
        s_add(z, z, t);
    }
}

/* (λ/2)‖x‖² added to out; λx added to g. */
static void penalty_f(ws *w, S_PTR out, S_VEC x)
{
    size_t m = w->prob->m, d = w->n;
    S_PTR t = w->ptmp[T], acc = w->ptmp[ACC];
    s_set_d(acc, 0.0);
    for (size_t j = 0; j < d; j++) {
        s_mul(t, x[j], x[j]);
        s_add(acc, acc, t);
    }
    s_mul(acc, w->pc[m * d + m], acc);
    s_set_ui(t, 2);
    s_div(acc, acc, t);
    s_add(out, out, acc);
}

static void logistic_f(ws *w, S_PTR out, S_VEC x)
{
    size_t m = w->prob->m, d = w->n;
    S_PTR z = w->ptmp[Z], u = w->ptmp[U], e = w->ptmp[E], t = w->ptmp[T];
    s_set_d(out, 0.0);
    for (size_t k = 0; k < m; k++) {
        dot(w, z, x, k);
        s_mul(u, w->pc[m * d + k], z);
        s_neg(u, u);                    /* u = −y z */
        s_abs(e, u);
        s_neg(e, e);
        s_exp(e, e);
        s_log1p(e, e);                  /* log1p(e^{−|u|}) */
        s_set_d(t, 0.0);
        s_max(t, u, t);
        s_add(t, t, e);
        s_add(out, out, t);
    }
    s_set_ui(t, (unsigned long)m);
    s_div(out, out, t);
    penalty_f(w, out, x);
}

static void logistic_grad(ws *w, S_VEC g, S_VEC x)
{
    size_t m = w->prob->m, d = w->n;
    S_PTR z = w->ptmp[Z], u = w->ptmp[U], e = w->ptmp[E], t = w->ptmp[T];
    for (size_t j = 0; j < d; j++)
        s_set_d(g[j], 0.0);
    for (size_t b = 0; b < w->nbatch; b++) {
        size_t k = w->batch[b];
        S_SRC y = w->pc[m * d + k];
        dot(w, z, x, k);
        s_mul(u, y, z);
        s_neg(u, u);                    /* u = −y z */
        s_set_d(t, 0.0);
        if (s_cmp(u, t) >= 0) {         /* σ(u) = 1/(1 + e^{−u}) */
            s_neg(e, u);
            s_exp(e, e);
            s_add(e, w->one, e);
            s_div(e, w->one, e);
        } else {                        /* σ(u) = e^u/(1 + e^u) */
            s_exp(e, u);
            s_add(t, w->one, e);
            s_div(e, e, t);
        }
        s_mul(e, y, e);
        s_neg(e, e);                    /* −y σ(u) */
        for (size_t j = 0; j < d; j++) {
            s_mul(t, e, w->pc[k * d + j]);
            s_add(g[j], g[j], t);
        }
    }
    s_set_ui(t, (unsigned long)w->nbatch);
    for (size_t j = 0; j < d; j++) {
        s_div(g[j], g[j], t);
        s_mul(z, w->pc[m * d + m], x[j]);
        s_add(g[j], g[j], z);
    }
}

OPTREF_PROBLEM_IMPL(logistic) = { logistic_f, logistic_grad, NULL }; /* no Hessian */

#if OPTREF_META
#include <stdio.h>
#include <stdlib.h>

enum { P_M, P_D, P_SEED, P_NOISE, P_LAMBDA, P_BATCH };

/* L = λ_max(AᵀA)/(4m) + λ. */
static optref_status logistic_constants(optref_problem *p, const double *A, size_t m, size_t d, double lambda)
{
    double *ata = calloc(d * d, sizeof *ata), lo, hi;
    if (!ata)
        return OPTREF_ENOMEM;
    for (size_t k = 0; k < m; k++)
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++)
                ata[i * d + j] += A[k * d + i] * A[k * d + j];
    optref_status st = optref_sym_eig_range(ata, d, &lo, &hi);
    free(ata);
    p->L = hi / (4.0 * (double)m) + lambda;
    p->mu = lambda;
    return st;
}

static optref_status logistic_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t m = (size_t)optref_pv_real(v, "m"), d = (size_t)optref_pv_real(v, "d");
    size_t batch = (size_t)optref_pv_real(v, "batch");
    double lambda = optref_pv_real(v, "lambda");
    if (m == 0 || d == 0 || batch > m) {
        snprintf(err, errlen, "%s: need m >= 1, d >= 1 and batch <= m (m=%zu d=%zu batch=%zu)", p->name, m, d,
                 batch);
        return OPTREF_EVALUE;
    }
    if (optref_problem_alloc(p, d, m * d + m + 1, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    optref_synthetic(p->coef, p->coef + m * d, m, d, (uint64_t)optref_pv_real(v, "seed"),
                     optref_pv_real(v, "noise"), 1);
    p->coef[m * d + m] = lambda;
    p->m = m;
    p->batch = batch;
    p->seed = (uint64_t)optref_pv_real(v, "seed");
    return logistic_constants(p, p->coef, m, d, lambda);
}

static const optref_param logistic_params[] = {
    [P_M] = { .name = "m", .symbol = "m", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "number of examples" },
    [P_D] = { .name = "d", .symbol = "d", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "features (the dimension of x)" },
    [P_SEED] = { .name = "seed", .symbol = "", .def = 1, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
                 .doc = "SplitMix64 seed of the data and of the batches" },
    [P_NOISE] = { .name = "noise", .symbol = "σ", .def = 0.5, .flags = OPTREF_P_NONNEG,
                  .doc = "label noise: y = sign(aᵀw* + σe), e uniform in [−1, 1)" },
    [P_LAMBDA] = { .name = "lambda", .symbol = "λ", .def = 0, .flags = OPTREF_P_NONNEG,
                   .doc = "L2 penalty (λ/2)‖x‖²" },
    [P_BATCH] = { .name = "batch", .symbol = "B", .def = 0, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
                  .doc = "minibatch size (0: the full sum in index order)" },
};
OPTREF_DECLARE_IMPLS(pimpl, logistic);
const optref_problem_type optref_problem_logistic = {
    .name = "logistic",
    .title = "logistic regression on a seeded synthetic data set (minibatches)",
    .formula = "f(x) = (1/m) Σ log(1 + exp(−y_k a_kᵀx)) + (λ/2)‖x‖²",
    .source = "Goodfellow et al. 5.7.1, Algorithm 8.1; DS 4440 \"Variants\"; D2L 12.5",
    .file = "ref/problem/logistic.c",
    .params = logistic_params, .nparams = OPTREF_COUNT(logistic_params),
    .ntmp = NTMP,
    .create = logistic_create,
    OPTREF_IMPLS(pimpl, logistic),
};
#endif
