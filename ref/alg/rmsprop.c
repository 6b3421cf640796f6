/* rmsprop.c: RMSProp, with the stabiliser inside or outside the root.
 *
 * Sources
 *   - T. Tieleman, G. Hinton, COURSERA Neural Networks for Machine Learning,
 *     lecture 6e, 2012 (no stabiliser).
 *   - Variant eps_inside: DSCI 565 Lecture 17, slide "RMSProp", and
 *     Lecture 11.5: s_t ← γ s_{t−1} + (1 − γ) g_t², x_t ← x_{t−1} −
 *     η/√(s_t + ε) ⊙ g_t.  Goodfellow et al. Algorithm 8.5 has the same form
 *     (its ε is our η, ρ our γ, δ our ε, r our s).
 *   - Variant eps_outside: PyTorch torch.optim.RMSprop (documented algorithm:
 *     θ ← θ − η g/(√v + ε)); see ../shared notes, conventions §2.3.
 *
 * Pseudocode (lines numbered here; L4 and L5 are the two variants):
 * @pseudocode
 *   L1  s_0 ← 0
 *   L2  g_t ← ∇f(x_{t−1})
 *   L3  s_t ← γ s_{t−1} + (1 − γ) g_t ⊙ g_t
 *   L4  x_t ← x_{t−1} − η/√(s_t + ε) ⊙ g_t         [eps_inside]
 *   L5  x_t ← x_{t−1} − η/(√s_t + ε) ⊙ g_t         [eps_outside]
 * @end
 *
 * Slips noticed
 *   - STATS 403, slide "RMSProp: modified AdaGrad": R^{(t)} = αR^{(t−1)} +
 *     (1 − α)G^{(t)} with G^{(t)} = diag(Σ_{i≤t} ∇f ⊙ ∇f), the AdaGrad sum.
 *     The average must be of the current g ⊙ g (Tieleman & Hinton; Goodfellow
 *     8.5), else it is an average of running sums.
 *   - DS 4440 "RMSProp" divides α by √S without any stabiliser.
 *
 * Rounding: L3 is (γ·s) + ((1 − γ)·(g·g)); L4/L5 as adagrad.c.
 */
#include "../ws.h"

enum { ETA, GAMMA, EPS };
enum { S };
enum { EPS_INSIDE, EPS_OUTSIDE };

static void PFX(rmsprop_init)(PFX(ws) *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[S][i], 0.0); /* L1 */
}

static void PFX(rmsprop_step)(PFX(ws) *w)
{
    S_SRC eta = w->hp[ETA], gamma = w->hp[GAMMA], eps = w->hp[EPS];
    S_VEC x = w->x, g = w->g, s = w->st[S];
    S_PTR a = w->tmp[0], b = w->tmp[1], c = w->tmp[2];

    grad(w, g, x); /* L2 */
    s_sub(c, w->one, gamma); /* L3: 1 − γ */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, g[i], g[i]); s_mul(b, c, a); s_mul(a, gamma, s[i]); s_add(s[i], a, b); /* L3 */
        if (w->variant == EPS_INSIDE) {
            s_add(a, s[i], eps); s_sqrt(b, a);                         /* L4 */
        } else {
            s_sqrt(a, s[i]); s_add(b, a, eps);                         /* L5 */
        }
        s_div(a, eta, b); s_mul(b, a, g[i]); s_sub(x[i], x[i], b);     /* L4 L5 */
    }
}

const struct PFX(impl) PFX(rmsprop_impl) = { PFX(rmsprop_init), PFX(rmsprop_step) };

#if OPTREF_META
static const optref_hparam rmsprop_hp[] = {
    { "eta", "η", NAN, OPTREF_HP_POSITIVE, 0, "learning rate (required)" },
    { "gamma", "γ", 0.9, OPTREF_HP_UNIT, 0, "decay of the average, 0 <= γ < 1" },
    { "eps", "ε", 1e-6, OPTREF_HP_NONNEG, 0, "stabiliser (Lecture 17: 1e-6)" },
};
static const optref_statevar rmsprop_state[] = {
    { "s", "s", 0, "EWMA of squared gradients (Goodfellow's r)" },
};
static const optref_variant rmsprop_variants[] = {
    { "eps_inside", "x ← x − η/√(s + ε) ⊙ g (Lecture 17, Lecture 11.5, Goodfellow 8.5)", 4, 2, { 3 } },
    { "eps_outside", "x ← x − η/(√s + ε) ⊙ g (PyTorch RMSprop)", 5, 2, { 3 } },
};
extern const struct optref_mp_impl optref_mp_rmsprop_impl;
const optref_algorithm optref_rmsprop = {
    "rmsprop", "RMSProp",
    "Tieleman & Hinton 2012; Goodfellow et al. Algorithm 8.5; Lecture 17", "ref/alg/rmsprop.c",
    rmsprop_hp, 3, rmsprop_state, 1, rmsprop_variants, 2,
    &optref_d_rmsprop_impl, &optref_mp_rmsprop_impl, NULL,
};
#endif
