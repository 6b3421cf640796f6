/* online_linear.c: online linear losses f_t(x) = ⟨g_t, x⟩ with a given,
 * cyclic sequence of gradients: the setting of online convex optimization
 * regret bounds (Zinkevich 2003; Duchi, Hazan, Singer 2011, §1; Topic 27,
 * "regret" of full-matrix AdaGrad and of Adam).
 *
 *   online-linear:n=N,g=g_1,...[,radius=R]
 *
 * g holds R·n values, the rows g_1, ..., g_R; step t uses row ((t − 1) mod R)
 * + 1.  ∇f_t = g_t whatever x; the recorded f after step t is f_{t+1}(x_t),
 * the loss the point meets next, so that Σ_{t=0}^{T−1} of the recorded f is the
 * learner's cumulative loss.  radius gives the domain's diameter D = 2R of a
 * regret bound (the algorithms here do not project unless they say so).
 * G∞ = max |g_t,i|.
 *
 * Rounding: f = Σ_i g_t,i x_i from i = 1 up.
 */
#include "../core/ws.h"

enum { TERM, NTMP };

/* The row of loss f_ft. */
static size_t row(const ws *w)
{
    size_t rows = w->prob->ncoef / w->n;
    return (size_t)((w->ft - 1) % (long)rows) * w->n;
}

static void olin_f(ws *w, S_PTR out, S_VEC x)
{
    S_PTR term = w->ptmp[TERM];
    size_t r = row(w);
    s_set_d(out, 0.0);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(term, w->pc[r + i], x[i]);
        s_add(out, out, term);
    }
}

static void olin_grad(ws *w, S_VEC g, S_VEC x)
{
    (void)x;
    size_t r = row(w);
    for (size_t i = 0; i < w->n; i++)
        s_set(g[i], w->pc[r + i]);
}

OPTREF_PROBLEM_IMPL(olin) = { olin_f, olin_grad, NULL }; /* no Hessian */

#if OPTREF_META
#include <stdio.h>

enum { P_N, P_G, P_RADIUS };

static optref_status olin_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t n = (size_t)optref_pv_real(v, "n"), len;
    const double *g = optref_pv_vec(v, "g", &len);
    if (n == 0 || !g || len % n != 0) {
        snprintf(err, errlen, "%s: need n >= 1 and g with a whole number of rows of n values (%zu given)", p->name,
                 len);
        return g ? OPTREF_EDIM : OPTREF_EMISSING;
    }
    if (optref_problem_alloc(p, n, len, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->Ginf = 0;
    for (size_t k = 0; k < len; k++) {
        p->coef[k] = g[k];
        p->Ginf = fabs(g[k]) > p->Ginf ? fabs(g[k]) : p->Ginf;
    }
    p->D = 2 * optref_pv_real(v, "radius");
    p->L = 0;
    return OPTREF_SUCCESS;
}

static const optref_param olin_params[] = {
    [P_N] = { .name = "n", .symbol = "n", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "dimension" },
    [P_G] = { .name = "g", .symbol = "g_t", .def = NAN, .flags = OPTREF_P_VECTOR,
              .doc = "the gradients g_1, ..., g_R, n values each, used cyclically" },
    [P_RADIUS] = { .name = "radius", .symbol = "D/2", .def = INFINITY, .flags = OPTREF_P_POSITIVE | OPTREF_P_INF_OK,
                   .doc = "radius of the domain, for D in regret bounds (default: unbounded)" },
};
static const optref_preset olin_presets[] = {
    { .name = "online-pm1", .params = "n=2,g=1,-1,-1,0.5,0.5,1,radius=1",
      .source = "a cyclic ±1 sequence for regret tests" },
};
OPTREF_DECLARE_IMPLS(pimpl, olin);
const optref_problem_type optref_problem_online_linear = {
    .name = "online-linear",
    .title = "online linear losses with a cyclic gradient sequence",
    .formula = "f_t(x) = ⟨g_t, x⟩",
    .source = "Zinkevich 2003; Duchi, Hazan, Singer 2011; Topic 27 (regret)",
    .file = "ref/problem/online_linear.c",
    .params = olin_params, .nparams = OPTREF_COUNT(olin_params),
    .presets = olin_presets, .npresets = OPTREF_COUNT(olin_presets),
    .ntmp = NTMP,
    .create = olin_create,
    OPTREF_IMPLS(pimpl, olin),
};
#endif
