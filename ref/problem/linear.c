/* linear.c: a linear function, f(x) = Σ c_i x_i, whose gradient is the
 * constant c.  Unbounded below: it has no minimiser.  It exists because a
 * constant gradient gives closed forms to test against: AdaGrad's
 * s_t = t c², Adam's m̂_t = c and v̂_t = c² at every t (tests/).
 *
 *   linear   c = (1, −2),  x0 = (0, 0)
 */
#include "../ws.h"

static void PFX(linear_f)(PFX(ws) *w, S_PTR out, S_VEC x)
{
    S_PTR term = w->ptmp[0];
    s_set_d(out, 0.0);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(term, w->pc[i], x[i]);
        s_add(out, out, term);
    }
}

static void PFX(linear_grad)(PFX(ws) *w, S_VEC g, S_VEC x)
{
    (void)x;
    for (size_t i = 0; i < w->n; i++)
        s_set(g[i], w->pc[i]);
}

const struct PFX(pimpl) PFX(linear_impl) = { PFX(linear_f), PFX(linear_grad) };

#if OPTREF_META
extern const struct optref_mp_pimpl optref_mp_linear_impl;
static const double lin_c[] = { 1.0, -2.0 }, lin_x0[] = { 0.0, 0.0 }, lin_min[] = { NAN, NAN };
const optref_problem optref_linear = {
    "linear", "f(x) = x1 - 2 x2 (constant gradient; unbounded below)", "optref tests",
    2, lin_x0, lin_min, -INFINITY, lin_c, 2, &optref_d_linear_impl, &optref_mp_linear_impl,
};
#endif
