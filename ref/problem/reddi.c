/* reddi.c: Reddi, Kale, Kumar's online counterexample to Adam's convergence
 * ("On the convergence of Adam and beyond", ICLR 2018, §3):
 *
 *   f_t(x) = C x  when t mod 3 = 1,   f_t(x) = −x  otherwise,   x ∈ [−1, 1], C > 2
 *
 * The best fixed point is x = −1 (each period of 3 losses sums to (C − 2) x);
 * with β1 = 0, β2 = 1/(1 + C²) Adam drifts to +1 and has linear regret, which
 * AMSGrad repairs (Topic 27, "AMSGrad").  n = 1; D = 2, G∞ = C.  The recorded
 * f after step t is f_{t+1}(x_t) (online_linear.c explains why).  The
 * algorithms here do not project onto [−1, 1] unless they say so (gd with
 * lo=-1 hi=1 does).
 */
#include "../core/ws.h"

enum { C };

static int big_step(const ws *w) { return w->ft % 3 == 1; }

static void reddi_f(ws *w, S_PTR out, S_VEC x)
{
    if (big_step(w))
        s_mul(out, w->pc[C], x[0]);
    else
        s_neg(out, x[0]);
}

static void reddi_grad(ws *w, S_VEC g, S_VEC x)
{
    (void)x;
    if (big_step(w))
        s_set(g[0], w->pc[C]);
    else
        s_neg(g[0], w->one);
}

OPTREF_PROBLEM_IMPL(reddi) = { reddi_f, reddi_grad, NULL }; /* no Hessian */

#if OPTREF_META
#include <stdio.h>

static optref_status reddi_create(optref_problem *p, const optref_pvals *v, char *err, size_t errlen)
{
    double c = optref_pv_real(v, "C");
    if (!(c > 2)) {
        snprintf(err, errlen, "%s: C = %g; the counterexample needs C > 2", p->name, c);
        return OPTREF_EVALUE;
    }
    if (optref_problem_alloc(p, 1, 1, 0) != OPTREF_SUCCESS)
        return OPTREF_ENOMEM;
    p->coef[C] = c;
    p->x0[0] = 1.0;
    p->D = 2;
    p->Ginf = c;
    p->L = 0;
    return OPTREF_SUCCESS;
}

static const optref_param reddi_params[] = {
    [C] = { .name = "C", .symbol = "C", .def = 3, .flags = OPTREF_P_POSITIVE,
            .doc = "the large gradient, C > 2 (every third step)" },
};
OPTREF_DECLARE_IMPLS(pimpl, reddi);
const optref_problem_type optref_problem_reddi = {
    .name = "reddi",
    .title = "Reddi et al.'s online counterexample for Adam",
    .formula = "f_t(x) = C x if t mod 3 = 1, else −x, on [−1, 1]",
    .source = "Reddi, Kale, Kumar 2018, section 3; Topic 27 (AMSGrad)",
    .file = "ref/problem/reddi.c",
    .params = reddi_params, .nparams = OPTREF_COUNT(reddi_params),
    .ntmp = 0,
    .create = reddi_create,
    OPTREF_IMPLS(pimpl, reddi),
};
#endif
