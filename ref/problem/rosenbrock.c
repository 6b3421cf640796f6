/* rosenbrock.c: Rosenbrock's function in two dimensions.
 *
 *   f(x1, x2) = (a − x1)² + b (x2 − x1²)²,  a = 1, b = 100
 *   ∂f/∂x1 = −2 (a − x1) − 4 b x1 (x2 − x1²),  ∂f/∂x2 = 2 b (x2 − x1²)
 *   minimiser (a, a²) = (1, 1), minimum 0.
 *
 * Source: H. H. Rosenbrock, "An automatic method for finding the greatest or
 * least value of a function", The Computer Journal 3(3), 1960.  The start
 * (−1.5, 2) is the issue's; PyTorch's early optimizer tests ran Adam on the
 * same function (../shared notes, anchors A6).
 *
 * Rounding: d1 = a − x1, d2 = x2 − x1·x1, f = d1·d1 + b·(d2·d2);
 * ∂1 = −(d1 + d1) − 4·((b·d2)·x1) with the 4 as two exact doublings,
 * ∂2 = (b·d2) + (b·d2).
 */
#include "../ws.h"

enum { A, B };

static void PFX(rosen_f)(PFX(ws) *w, S_PTR out, S_VEC x)
{
    S_PTR d1 = w->ptmp[0], d2 = w->ptmp[1], t = w->ptmp[2];
    s_sub(d1, w->pc[A], x[0]);
    s_mul(t, x[0], x[0]);
    s_sub(d2, x[1], t);
    s_mul(d2, d2, d2);
    s_mul(d2, w->pc[B], d2);
    s_mul(d1, d1, d1);
    s_add(out, d1, d2);
}

static void PFX(rosen_grad)(PFX(ws) *w, S_VEC g, S_VEC x)
{
    S_PTR d1 = w->ptmp[0], d2 = w->ptmp[1], t = w->ptmp[2], bd = w->ptmp[3];
    s_sub(d1, w->pc[A], x[0]);
    s_mul(t, x[0], x[0]);
    s_sub(d2, x[1], t);
    s_mul(bd, w->pc[B], d2);
    s_mul(t, bd, x[0]);
    s_add(t, t, t);
    s_add(t, t, t);
    s_add(d1, d1, d1);
    s_neg(d1, d1);
    s_sub(g[0], d1, t);
    s_add(g[1], bd, bd);
}

const struct PFX(pimpl) PFX(rosen_impl) = { PFX(rosen_f), PFX(rosen_grad) };

#if OPTREF_META
extern const struct optref_mp_pimpl optref_mp_rosen_impl;
static const double rb_c[] = { 1.0, 100.0 }, rb_x0[] = { -1.5, 2.0 }, rb_min[] = { 1.0, 1.0 };
const optref_problem optref_rosenbrock = {
    "rosenbrock", "f(x) = (1 - x1)^2 + 100 (x2 - x1^2)^2", "Rosenbrock 1960",
    2, rb_x0, rb_min, 0.0, rb_c, 2, &optref_d_rosen_impl, &optref_mp_rosen_impl,
};
#endif
