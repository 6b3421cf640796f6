/* worst.c: Nesterov's worst function in the world, the quadratic on which no
 * first-order method beats O(1/k²).
 *
 *   worst:n=N[,k=K][,L=L]     1 <= K <= N (default K = N; L = 1)
 *
 * Source: Y. Nesterov, Introductory Lectures on Convex Optimization (2004),
 * §2.1.2, the family f_k and Theorem 2.1.7; the claim it serves is STATS 403
 * lecture 2, slide "Nesterov's acceleration" / "Theorem" (O(1/k²)).
 *
 *   f_k(x) = (L/4) (½ [x_1² + Σ_{i=1}^{k−1} (x_i − x_{i+1})² + x_k²] − x_1)
 *
 * on R^n (coordinates k+1..n do not enter).  ∇f_k(x) = (L/4)(A_k x − e_1),
 * A_k tridiagonal (2 on the diagonal, −1 beside it) in the leading k×k block,
 * zero elsewhere.  Minimiser (Nesterov's (2.1.7)): x̄_i = 1 − i/(k+1) for
 * i <= k, 0 beyond; minimum f* = (L/8)(−1 + 1/(k+1)); ‖x̄‖² = k(2k+1)/(6(k+1))
 * <= (k+1)/3.  The eigenvalues of (L/4)A_k are (L/4)(2 − 2cos(jπ/(k+1))),
 * j = 1..k, all in (0, L): L is a smoothness constant, μ = (L/4)(2 − 2cos(π/
 * (k+1))) when k = n, else 0.  Start x0 = 0, as the theorem has it.
 *
 * Theorem 2.1.7 takes f_{2k+1} on n >= 2k+1 to bound step k from below: the
 * function depends on k (ref/oracle/theory_rates.c says how a check must
 * read it).  The reported minimiser, minimum and μ are binary64 metadata;
 * the theory checks compute ‖x̄‖² and f* from n, k, L in MPFR.
 *
 * Rounding: f = c·((½·(x_1² + Σ_{i<k}(x_i − x_{i+1})² + x_k²)) − x_1), the
 * sum from the left, c = L/4 (exact); ∇f_i = c·(((x_i − x_{i−1}) + (x_i −
 * x_{i+1})) − [i = 1]) with x_0 = x_{k+1} = 0.
 */
#include "../core/ws.h"

enum { C, HALF, K };
enum { ACC, D, E, NTMP };

static size_t kk(const ws *w) { return w->prob->ncoef > K ? (size_t)w->prob->coef[K] : w->n; }

static void worst_f(ws *w, S_PTR out, S_VEC x)
{
    size_t k = kk(w);
    S_PTR acc = w->ptmp[ACC], d = w->ptmp[D];
    s_mul(acc, x[0], x[0]);
    for (size_t i = 0; i + 1 < k; i++) {
        s_sub(d, x[i], x[i + 1]);
        s_mul(d, d, d);
        s_add(acc, acc, d);
    }
    s_mul(d, x[k - 1], x[k - 1]);
    s_add(acc, acc, d);
    s_mul(acc, w->pc[HALF], acc);
    s_sub(acc, acc, x[0]);
    s_mul(out, w->pc[C], acc);
}

static void worst_grad(ws *w, S_VEC g, S_VEC x)
{
    size_t k = kk(w);
    S_PTR d = w->ptmp[D], e = w->ptmp[E];
    for (size_t i = 0; i < w->n; i++) {
        if (i >= k) {
            s_set_d(g[i], 0.0);
            continue;
        }
        if (i > 0)
            s_sub(d, x[i], x[i - 1]);
        else
            s_set(d, x[i]);
        if (i + 1 < k)
            s_sub(e, x[i], x[i + 1]);
        else
            s_set(e, x[i]);
        s_add(d, d, e);
        if (i == 0)
            s_sub(d, d, w->one);
        s_mul(g[i], w->pc[C], d);
    }
}

/* ∇²f = (L/4)A_k: c·2 on the leading diagonal, −c beside it. */
static void worst_hess(ws *w, S_VEC H, S_VEC x)
{
    (void)x;
    size_t n = w->n, k = kk(w);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            S_PTR h = H[i * n + j];
            if (i >= k || j >= k || (i != j && i + 1 != j && j + 1 != i))
                s_set_d(h, 0.0);
            else if (i == j)
                s_add(h, w->pc[C], w->pc[C]);
            else
                s_neg(h, w->pc[C]);
        }
}

OPTREF_PROBLEM_IMPL(worst) = { worst_f, worst_grad, worst_hess };

#if OPTREF_META
#include <stdio.h>

enum { P_N, P_K, P_L };

static optref_status worst_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t n = (size_t)optref_pv_real(v, "n");
    size_t k = optref_pv_real(v, "k") > 0 ? (size_t)optref_pv_real(v, "k") : n;
    double L = optref_pv_real(v, "L");
    if (n == 0 || k == 0 || k > n) {
        snprintf(err, errlen, "%s: need 1 <= k <= n (n = %zu, k = %zu)", p->name, n, k);
        return OPTREF_EVALUE;
    }
    if (optref_problem_alloc(p, n, 3, 1) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->coef[C] = L / 4;
    p->coef[HALF] = 0.5;
    p->coef[K] = (double)k; /* read by kk(); exact up to 2^53 */
    double k1 = (double)k + 1;
    for (size_t i = 0; i < n; i++)
        p->xmin[i] = i < k ? 1.0 - (double)(i + 1) / k1 : 0.0;
    p->fmin = L / 8 * (-1.0 + 1.0 / k1);
    p->L = L;
    p->mu = k == n ? L / 4 * (2 - 2 * cos(acos(-1.0) / k1)) : 0.0;
    return OPTREF_SUCCESS;
}

static const optref_param worst_params[] = {
    [P_N] = { .name = "n", .symbol = "n", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "dimension" },
    [P_K] = { .name = "k", .symbol = "k", .def = 0, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
              .doc = "the function f_k: coordinates 1..k enter (0, the default: k = n)" },
    [P_L] = { .name = "L", .symbol = "L", .def = 1, .flags = OPTREF_P_POSITIVE,
              .doc = "the smoothness constant" },
};
OPTREF_DECLARE_IMPLS(pimpl, worst);
const optref_problem_type optref_problem_worst = {
    .name = "worst",
    .title = "Nesterov's worst-case quadratic f_k",
    .formula = "f_k(x) = (L/4)(½[x_1² + Σ_{i<k}(x_i − x_{i+1})² + x_k²] − x_1)",
    .source = "Nesterov, Introductory Lectures (2004), 2.1.2, Theorem 2.1.7; STATS 403 (Nesterov)",
    .file = "ref/problem/worst.c",
    .params = worst_params, .nparams = OPTREF_COUNT(worst_params),
    .ntmp = NTMP,
    .create = worst_create,
    OPTREF_IMPLS(pimpl, worst),
};
#endif
