/* rosenbrock.c: Rosenbrock's function, chained to any n >= 2.
 *
 *   f(x) = Σ_{i=1}^{n−1} (a − x_i)² + b (x_{i+1} − x_i²)²,  a = 1, b = 100
 *   ∂f/∂x_i = −2 (a − x_i) − 4 b x_i (x_{i+1} − x_i²)   [i < n]
 *            + 2 b (x_i − x_{i−1}²)                       [i > 1]
 *   minimiser (1, ..., 1) when a = 1 (and (a, a²) when n = 2), minimum 0.
 *   ∇²f is tridiagonal: ∂²f/∂x_i² = 2 + 12 b x_i² − 4 b x_{i+1}   [i < n]
 *                                  + 2 b                          [i > 1],
 *   ∂²f/∂x_i∂x_{i+1} = −4 b x_i.
 *
 * Sources: H. H. Rosenbrock, "An automatic method for finding the greatest or
 * least value of a function", The Computer Journal 3(3), 1960 (n = 2); the
 * chained form as in J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing
 * unconstrained optimization software", ACM TOMS 7(1), 1981, problem 21's
 * neighbour, and as scipy.optimize.rosen writes it.  Default start
 * (−1.2, 1, −1.2, 1, ...) (Moré et al.); the preset `rosenbrock` starts at
 * (−1.5, 2), where PyTorch's early optimizer tests ran Adam.
 * Not convex: L and μ are not defined globally (NAN).
 *
 * Rounding, per term i: d1 = a − x_i, d2 = x_{i+1} − x_i·x_i,
 * term = d1·d1 + b·(d2·d2), f summed from i = 1 up;
 * ∂_i = −(d1 + d1) − 4·((b·d2)·x_i) with the 4 as two exact doublings, then
 * + ((b·d2') + (b·d2')) for the previous term's d2' when i > 1.  For n = 2
 * this is the two-dimensional function's own order of operations.
 * ∇²f: for i < n, 12 = 3·4 as (3·(b·(x_i·x_i))) doubled twice, minus
 * (b·x_{i+1}) doubled twice, plus 2 = 1 + 1; + (b + b) when i > 1; the
 * off-diagonal −(b·x_i) doubled twice.
 */
#include "../core/ws.h"

enum { A, B };
enum { D1, D2, T, BD, NTMP };

static void rosen_f(ws *w, S_PTR out, S_VEC x)
{
    S_PTR d1 = w->ptmp[D1], d2 = w->ptmp[D2], t = w->ptmp[T];
    s_set_d(out, 0.0);
    for (size_t i = 0; i + 1 < w->n; i++) {
        s_sub(d1, w->pc[A], x[i]);
        s_mul(t, x[i], x[i]);
        s_sub(d2, x[i + 1], t);
        s_mul(d2, d2, d2);
        s_mul(d2, w->pc[B], d2);
        s_mul(d1, d1, d1);
        s_add(t, d1, d2);
        s_add(out, out, t);
    }
}

static void rosen_grad(ws *w, S_VEC g, S_VEC x)
{
    S_PTR d1 = w->ptmp[D1], d2 = w->ptmp[D2], t = w->ptmp[T], bd = w->ptmp[BD];
    for (size_t i = 0; i < w->n; i++) {
        if (i + 1 < w->n) {
            s_sub(d1, w->pc[A], x[i]);
            s_mul(t, x[i], x[i]);
            s_sub(d2, x[i + 1], t);
            s_mul(bd, w->pc[B], d2);
            s_mul(t, bd, x[i]);
            s_add(t, t, t);
            s_add(t, t, t);
            s_add(d1, d1, d1);
            s_neg(d1, d1);
            s_sub(g[i], d1, t);
        }
        if (i > 0) {
            s_mul(t, x[i - 1], x[i - 1]);
            s_sub(d2, x[i], t);
            s_mul(bd, w->pc[B], d2);
            s_add(t, bd, bd);
            if (i + 1 < w->n)
                s_add(g[i], g[i], t);
            else
                s_set(g[i], t);
        }
    }
}

/* 4·v as two exact doublings. */
static void times4(S_PTR r, S_SRC v)
{
    s_add(r, v, v);
    s_add(r, r, r);
}

static void rosen_hess(ws *w, S_VEC H, S_VEC x)
{
    size_t n = w->n;
    S_PTR d1 = w->ptmp[D1], d2 = w->ptmp[D2], t = w->ptmp[T];
    for (size_t k = 0; k < n * n; k++)
        s_set_d(H[k], 0.0);
    for (size_t i = 0; i < n; i++) {
        S_PTR h = H[i * n + i];
        if (i + 1 < n) {
            s_mul(t, x[i], x[i]); s_mul(t, w->pc[B], t); s_set_d(d1, 3.0); s_mul(t, d1, t);
            times4(d2, t);                                          /* 12 b x_i² */
            s_mul(t, w->pc[B], x[i + 1]); times4(d1, t); s_sub(d2, d2, d1); /* − 4 b x_{i+1} */
            s_add(h, w->one, w->one); s_add(h, h, d2);                     /* 2 + ... */
            s_mul(t, w->pc[B], x[i]); times4(d1, t); s_neg(d1, d1);        /* −4 b x_i */
            s_set(H[i * n + i + 1], d1);
            s_set(H[(i + 1) * n + i], d1);
        }
        if (i > 0) {
            s_add(t, w->pc[B], w->pc[B]);
            s_add(h, h, t);
        }
    }
}

OPTREF_PROBLEM_IMPL(rosen) = { rosen_f, rosen_grad, rosen_hess };

#if OPTREF_META
#include <stdio.h>

enum { P_N, P_A, P_B };

static optref_status rosen_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    double a = optref_pv_real(v, "a");
    size_t n = (size_t)optref_pv_real(v, "n");
    if (n < 2) {
        snprintf(err, errlen, "%s: n = %zu; the chained function needs n >= 2", p->name, n);
        return OPTREF_EVALUE;
    }
    int known = a == 1.0 || n == 2;
    if (optref_problem_alloc(p, n, 2, known) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->coef[A] = a;
    p->coef[B] = optref_pv_real(v, "b");
    for (size_t i = 0; i < n; i++) {
        p->x0[i] = i % 2 ? 1.0 : -1.2;
        if (known)
            p->xmin[i] = n == 2 && i == 1 ? a * a : a;
    }
    p->fmin = known ? 0.0 : NAN;
    return OPTREF_SUCCESS;
}

static const optref_param rosen_params[] = {
    [P_N] = { .name = "n", .symbol = "n", .def = 2, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "dimension, n >= 2" },
    [P_A] = { .name = "a", .symbol = "a", .def = 1, .doc = "the valley's target (Rosenbrock: 1)" },
    [P_B] = { .name = "b", .symbol = "b", .def = 100, .doc = "the valley's steepness (Rosenbrock: 100)" },
};
static const optref_preset rosen_presets[] = {
    { .name = "rosenbrock", .params = "n=2,x0=-1.5,2", .source = "Rosenbrock 1960; PyTorch's early optimizer tests" },
};
OPTREF_DECLARE_IMPLS(pimpl, rosen);
const optref_problem_type optref_problem_rosenbrock = {
    .name = "rosenbrock",
    .title = "Rosenbrock's function, chained",
    .formula = "f(x) = Σ (a − x_i)² + b (x_{i+1} − x_i²)²",
    .source = "Rosenbrock 1960; More, Garbow, Hillstrom 1981",
    .file = "ref/problem/rosenbrock.c",
    .params = rosen_params, .nparams = OPTREF_COUNT(rosen_params),
    .presets = rosen_presets, .npresets = OPTREF_COUNT(rosen_presets),
    .ntmp = NTMP,
    .create = rosen_create,
    OPTREF_IMPLS(pimpl, rosen),
};
#endif
