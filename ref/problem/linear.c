/* linear.c: a linear function, f(x) = Σ c_i x_i, whose gradient is the
 * constant c.  Unbounded below: it has no minimiser.  It exists because a
 * constant gradient gives closed forms to test against: AdaGrad's
 * s_t = t c², Adam's m̂_t = c and v̂_t = c² at every t (tests/).
 *
 *   linear:c=c1,...,cn   preset linear: c = (1, −2), x0 = (0, 0)
 * L = 0 (∇f is constant), G∞ = max |c_i|.
 */
#include "../core/ws.h"

enum { TERM, NTMP };

static void linear_f(ws *w, S_PTR out, S_VEC x)
{
    S_PTR term = w->ptmp[TERM];
    s_set_d(out, 0.0);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(term, w->pc[i], x[i]);
        s_add(out, out, term);
    }
}

static void linear_grad(ws *w, S_VEC g, S_VEC x)
{
    (void)x;
    for (size_t i = 0; i < w->n; i++)
        s_set(g[i], w->pc[i]);
}

OPTREF_PROBLEM_IMPL(linear) = { linear_f, linear_grad, NULL }; /* no Hessian */

#if OPTREF_META
#include <stdio.h>

static optref_status linear_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t n;
    const double *c = optref_pv_vec(v, "c", &n);
    if (!c) {
        snprintf(err, errlen, "%s: give the gradient c=c1,...,cn", p->name);
        return OPTREF_EMISSING;
    }
    if (optref_problem_alloc(p, n, n, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->Ginf = 0;
    for (size_t i = 0; i < n; i++) {
        p->coef[i] = c[i];
        p->Ginf = fabs(c[i]) > p->Ginf ? fabs(c[i]) : p->Ginf;
    }
    p->fmin = -INFINITY;
    p->L = 0;
    return OPTREF_SUCCESS;
}

static const optref_param linear_params[] = {
    { .name = "c", .symbol = "c", .def = NAN, .flags = OPTREF_P_VECTOR, .doc = "the gradient (any length)" },
};
static const optref_preset linear_presets[] = {
    { .name = "linear", .params = "c=1,-2,x0=0,0", .source = "optref tests (closed forms)" },
};
OPTREF_DECLARE_IMPLS(pimpl, linear);
const optref_problem_type optref_problem_linear = {
    .name = "linear",
    .title = "linear function (constant gradient; unbounded below)",
    .formula = "f(x) = Σ c_i x_i",
    .source = "optref tests",
    .file = "ref/problem/linear.c",
    .params = linear_params, .nparams = OPTREF_COUNT(linear_params),
    .presets = linear_presets, .npresets = OPTREF_COUNT(linear_presets),
    .ntmp = NTMP,
    .create = linear_create,
    OPTREF_IMPLS(pimpl, linear),
};
#endif
