/* online_quad.c: online quadratic losses with diagonal curvature, cyclic:
 * the strongly convex online setting of regret bounds with gradients that
 * depend on the point (Topic 27, "AdaGrad", regret on quadratic losses;
 * Duchi, Hazan & Singer 2011 hold for any convex f_t).
 *
 *   online-quad:n=N,a=a_1,...,z=z_1,...[,radius=R]
 *
 *   f_t(x) = Σ_i a_t,i (x_i − z_t,i)²,   ∇f_t(x)_i = 2 a_t,i (x_i − z_t,i)
 *
 * a and z hold the same number of rows of n values; step t uses row
 * ((t − 1) mod rows) + 1 of both.  a_t,i >= 0 (each f_t convex).  The
 * domain of a regret bound is the box [−R, R]^n (default R = 1): D = 2R
 * (D∞ of Duchi et al.), and on it G∞ = max_t,i 2 a_t,i (R + |z_t,i|), a
 * bound on |∇f_t(x)_i| over the box, computed in binary64 (exact for the
 * claims' small dyadic data).  The algorithms do not project unless they
 * say so.  The recorded f after step t is f_{t+1}(x_t) (online_linear.c
 * explains why).
 *
 * Rounding: d = x_i − z_t,i; f sums a_t,i·(d·d) from i = 0 up; ∇f_i =
 * (a_t,i·d) + (a_t,i·d), exact doubling of one product.
 */
#include "../core/ws.h"

enum { DIFF, TERM, NTMP };

/* Offset of the a row of loss f_ft; its z row is `half` further. */
static size_t row(const ws *w, size_t *half)
{
    *half = w->prob->ncoef / 2;
    size_t rows = *half / w->n;
    return (size_t)((w->ft - 1) % (long)rows) * w->n;
}

static void oquad_f(ws *w, S_PTR out, S_VEC x)
{
    S_PTR d = w->ptmp[DIFF], term = w->ptmp[TERM];
    size_t h, r = row(w, &h);
    s_set_d(out, 0.0);
    for (size_t i = 0; i < w->n; i++) {
        s_sub(d, x[i], w->pc[h + r + i]);
        s_mul(term, d, d);
        s_mul(term, w->pc[r + i], term);
        s_add(out, out, term);
    }
}

static void oquad_grad(ws *w, S_VEC g, S_VEC x)
{
    S_PTR d = w->ptmp[DIFF];
    size_t h, r = row(w, &h);
    for (size_t i = 0; i < w->n; i++) {
        s_sub(d, x[i], w->pc[h + r + i]);
        s_mul(d, w->pc[r + i], d);
        s_add(g[i], d, d);
    }
}

OPTREF_PROBLEM_IMPL(oquad) = { oquad_f, oquad_grad, NULL }; /* no Hessian: it changes with t */

#if OPTREF_META
#include <stdio.h>

enum { P_N, P_A, P_Z, P_RADIUS };

static optref_status oquad_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    size_t n = (size_t)optref_pv_real(v, "n"), la = 0, lz = 0;
    const double *a = optref_pv_vec(v, "a", &la), *z = optref_pv_vec(v, "z", &lz);
    if (n == 0 || !a || !z || la % n != 0 || la != lz) {
        snprintf(err, errlen, "%s: need n >= 1 and a, z with the same whole number of rows of n values (%zu, %zu)",
                 p->name, la, lz);
        return a && z ? OPTREF_EDIM : OPTREF_EMISSING;
    }
    double R = optref_pv_real(v, "radius");
    for (size_t k = 0; k < la; k++)
        if (!(a[k] >= 0)) {
            snprintf(err, errlen, "%s: a[%zu] = %g; each a_t,i must be >= 0 (convex losses)", p->name, k, a[k]);
            return OPTREF_EVALUE;
        }
    if (optref_problem_alloc(p, n, 2 * la, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->Ginf = 0;
    for (size_t k = 0; k < la; k++) {
        p->coef[k] = a[k];
        p->coef[la + k] = z[k];
        double gk = 2 * a[k] * (R + fabs(z[k]));
        p->Ginf = gk > p->Ginf ? gk : p->Ginf;
    }
    p->D = 2 * R;
    p->L = NAN; /* each f_t is 2 max a_t,i-smooth; the sequence has no one f */
    return OPTREF_SUCCESS;
}

static const optref_param oquad_params[] = {
    [P_N] = { .name = "n", .symbol = "n", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "dimension" },
    [P_A] = { .name = "a", .symbol = "a_t", .def = NAN, .flags = OPTREF_P_VECTOR,
              .doc = "the curvatures a_1, ..., a_R (each >= 0), n values each, used cyclically" },
    [P_Z] = { .name = "z", .symbol = "z_t", .def = NAN, .flags = OPTREF_P_VECTOR,
              .doc = "the centres z_1, ..., z_R, n values each, used cyclically with a" },
    [P_RADIUS] = { .name = "radius", .symbol = "D/2", .def = 1, .flags = OPTREF_P_POSITIVE,
                   .doc = "radius of the box [−R, R]^n, for D and G∞ in regret bounds" },
};
static const optref_preset oquad_presets[] = {
    { .name = "online-quad-pm", .params = "n=1,a=1,0.5,z=0.5,-1,radius=1",
      .source = "two alternating 1-D quadratics for regret tests" },
};
OPTREF_DECLARE_IMPLS(pimpl, oquad);
const optref_problem_type optref_problem_online_quad = {
    .name = "online-quad",
    .title = "online quadratic losses with a cyclic sequence of diagonal curvatures and centres",
    .formula = "f_t(x) = Σ_i a_t,i (x_i − z_t,i)²",
    .source = "Duchi, Hazan, Singer 2011; Topic 27 (AdaGrad regret)",
    .file = "ref/problem/online_quad.c",
    .params = oquad_params, .nparams = OPTREF_COUNT(oquad_params),
    .presets = oquad_presets, .npresets = OPTREF_COUNT(oquad_presets),
    .ntmp = NTMP,
    .create = oquad_create,
    OPTREF_IMPLS(pimpl, oquad),
};
#endif
