/* quadratic.c: diagonal quadratics f(x) = Σ a_i x_i², with named presets.
 *
 *   square      f(x) = x²                 DS 4440, "The importance of learning rate α"
 *   quad-0.1-2  f(x) = 0.1 x1² + 2 x2²    Lecture 11.5 "Getting the learning rate
 *                                         right" (D2L §12.6, f_2d)
 *   quad-1-2    f(x) = x1² + 2 x2²        D2L §12.3 (gradient descent in 2-D)
 *
 * ∇f(x)_i = 2 a_i x_i; minimiser 0, minimum 0.  The coefficients enter as
 * binary64 values: the 0.1 of quad-0.1-2 is 0x1.999999999999ap-4, and the
 * golden trajectory is the exact one for that coefficient.
 *
 * Rounding: f sums a_i·(x_i·x_i) from i = 0 up; ∇f_i = (a_i·x_i) + (a_i·x_i),
 * exact doubling of one product.
 */
#include "../ws.h"

static void PFX(quad_f)(PFX(ws) *w, S_PTR out, S_VEC x)
{
    S_PTR sq = w->ptmp[0], term = w->ptmp[1];
    s_set_d(out, 0.0);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(sq, x[i], x[i]);
        s_mul(term, w->pc[i], sq);
        s_add(out, out, term);
    }
}

static void PFX(quad_grad)(PFX(ws) *w, S_VEC g, S_VEC x)
{
    S_PTR ax = w->ptmp[0];
    for (size_t i = 0; i < w->n; i++) {
        s_mul(ax, w->pc[i], x[i]);
        s_add(g[i], ax, ax);
    }
}

const struct PFX(pimpl) PFX(quad_impl) = { PFX(quad_f), PFX(quad_grad) };

#if OPTREF_META
extern const struct optref_mp_pimpl optref_mp_quad_impl;

static const double sq_a[] = { 1.0 }, sq_x0[] = { 10.0 }, sq_min[] = { 0.0 };
const optref_problem optref_square = {
    "square", "f(x) = x^2", "DS 4440 \"Optimizer matters\"",
    1, sq_x0, sq_min, 0.0, sq_a, 1, &optref_d_quad_impl, &optref_mp_quad_impl,
};

static const double q1_a[] = { 0.1, 2.0 }, q1_x0[] = { -5.0, -2.0 }, q_min[] = { 0.0, 0.0 };
const optref_problem optref_quad_01_2 = {
    "quad-0.1-2", "f(x) = 0.1 x1^2 + 2 x2^2", "Lecture 11.5; D2L 12.6",
    2, q1_x0, q_min, 0.0, q1_a, 2, &optref_d_quad_impl, &optref_mp_quad_impl,
};

static const double q2_a[] = { 1.0, 2.0 };
const optref_problem optref_quad_1_2 = {
    "quad-1-2", "f(x) = x1^2 + 2 x2^2", "D2L 12.3",
    2, q1_x0, q_min, 0.0, q2_a, 2, &optref_d_quad_impl, &optref_mp_quad_impl,
};
#endif
