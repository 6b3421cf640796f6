/* momentum.c: heavy-ball momentum, in the v ← γv + ηg, x ← x − v form.
 *
 * Sources
 *   - B. T. Polyak, "Some methods of speeding up the convergence of iteration
 *     methods", USSR Comput. Math. Math. Phys. 4(5), 1964 (heavy ball).
 *   - Lecture 11.5 "Accelerated gradient methods" (after Dive into Deep
 *     Learning §12.6), slide "The momentum method": v_t ← γ v_{t−1} + η_t g_t,
 *     x_t ← x_{t−1} − v_t, v_0 = 0, 0 ≤ γ < 1.
 *
 * Pseudocode (Lecture 11.5; lines numbered here):
 * @pseudocode
 *   L1  v_0 ← 0
 *   L2  g_t ← ∇f(x_{t−1})
 *   L3  v_t ← γ v_{t−1} + η g_t
 *   L4  x_t ← x_{t−1} − v_t
 * @end
 *
 * Other forms of the same method
 *   - DS 4440 "Momentum": v ← γv − α∇L, W ← W + v.  Its v is the negative of
 *     ours (α = η); negation is exact, so both give bit-identical x.
 *   - PyTorch SGD(momentum) keeps η outside the buffer (b ← μb + g,
 *     x ← x − ηb): equal to this form in exact arithmetic for a constant η,
 *     rounded differently (../shared notes, conventions §2.1).
 *
 * Slips noticed
 *   - STATS 403 lecture 2, slide "momentum": u^{t+1} = u^t − β^t ∇f(x^t),
 *     x^{t+1} = x^t + γ^t u^{t+1}.  Without a factor on u^t the buffer sums
 *     every past gradient with weight 1; heavy ball decays it,
 *     u^{t+1} = γ u^t − β ∇f(x^t), x^{t+1} = x^t + u^{t+1} (Polyak 1964).
 *
 * Rounding: L3 is (γ·v) + (η·g), two products then one sum.
 */
#include "../ws.h"

enum { ETA, GAMMA };
enum { V };

static void PFX(momentum_init)(PFX(ws) *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[V][i], 0.0); /* L1 */
}

static void PFX(momentum_step)(PFX(ws) *w)
{
    S_SRC eta = w->hp[ETA], gamma = w->hp[GAMMA];
    S_VEC x = w->x, g = w->g, v = w->st[V];
    S_PTR a = w->tmp[0], b = w->tmp[1];

    grad(w, g, x); /* L2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, gamma, v[i]); s_mul(b, eta, g[i]); s_add(v[i], a, b); /* L3 */
        s_sub(x[i], x[i], v[i]);                                        /* L4 */
    }
}

const struct PFX(impl) PFX(momentum_impl) = { PFX(momentum_init), PFX(momentum_step) };

#if OPTREF_META
static const optref_hparam momentum_hp[] = {
    { "eta", "η", NAN, OPTREF_HP_POSITIVE, 0, "learning rate (required)" },
    { "gamma", "γ", 0.9, OPTREF_HP_UNIT, 0, "momentum, 0 <= γ < 1" },
};
static const optref_statevar momentum_state[] = {
    { "v", "v", 0, "velocity: EWMA of the scaled gradients η g" },
};
static const optref_variant momentum_variants[] = {
    { "standard", "v ← γv + ηg, x ← x − v", 4, 2, { 3 } },
};
extern const struct optref_mp_impl optref_mp_momentum_impl;
const optref_algorithm optref_momentum = {
    "momentum", "heavy-ball momentum",
    "Polyak 1964; Lecture 11.5 slide \"The momentum method\"", "ref/alg/momentum.c",
    momentum_hp, 2, momentum_state, 1, momentum_variants, 1,
    &optref_d_momentum_impl, &optref_mp_momentum_impl, NULL,
};
#endif
