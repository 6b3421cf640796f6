/* adagrad.c: diagonal AdaGrad, with the stabiliser inside or outside the root.
 *
 * Sources
 *   - J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online
 *     learning and stochastic optimization", JMLR 12, 2011 (diagonal form,
 *     δ added outside the root: (δI + diag(G_t)^{1/2})^{-1}).
 *   - Variant eps_inside: DSCI 565 Lecture 17, slide "Adagrad", and
 *     Lecture 11.5, slide "Adagrad": s_t ← s_{t−1} + g_t²,
 *     x_t ← x_{t−1} − η/√(s_t + ε) ⊙ g_t, s_0 = 0 (D2L §12.7).
 *   - Variant eps_outside: Goodfellow, Bengio, Courville, Deep Learning,
 *     Algorithm 8.4 (quoted in STATS 403 lecture 2): r ← r + g ⊙ g,
 *     Δθ ← −ε/(δ + √r) ⊙ g, θ ← θ + Δθ.  Its ε is our η, its r our s,
 *     its δ our delta.
 *
 * Pseudocode (lines numbered here; L4 and L5 are the two variants):
 * @pseudocode
 *   L1  s_0 ← 0
 *   L2  g_t ← ∇f(x_{t−1})
 *   L3  s_t ← s_{t−1} + g_t ⊙ g_t
 *   L4  x_t ← x_{t−1} − η/√(s_t + ε) ⊙ g_t         [eps_inside]
 *   L5  x_t ← x_{t−1} − η/(δ + √s_t) ⊙ g_t         [eps_outside]
 * @end
 *
 * Slips noticed
 *   - STATS 403, slide "AdaGrad (element-wise version)" sums from i = 0 and
 *     divides by √g^{(t)} with no stabiliser: at a zero gradient coordinate
 *     that is 0/0.  Both variants here keep ε (or δ) > 0.
 *
 * Rounding: as the slides group it, (η / root) first, then times g.
 */
#include "../ws.h"

enum { ETA, EPS, DELTA };
enum { S };
enum { EPS_INSIDE, EPS_OUTSIDE };

static void PFX(adagrad_init)(PFX(ws) *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[S][i], 0.0); /* L1 */
}

static void PFX(adagrad_step)(PFX(ws) *w)
{
    S_SRC eta = w->hp[ETA], eps = w->hp[EPS], delta = w->hp[DELTA];
    S_VEC x = w->x, g = w->g, s = w->st[S];
    S_PTR a = w->tmp[0], b = w->tmp[1];

    grad(w, g, x); /* L2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, g[i], g[i]); s_add(s[i], s[i], a); /* L3 */
        if (w->variant == EPS_INSIDE) {
            s_add(a, s[i], eps); s_sqrt(b, a);                         /* L4 */
        } else {
            s_sqrt(a, s[i]); s_add(b, delta, a);                       /* L5 */
        }
        s_div(a, eta, b); s_mul(b, a, g[i]); s_sub(x[i], x[i], b);     /* L4 L5 */
    }
}

const struct PFX(impl) PFX(adagrad_impl) = { PFX(adagrad_init), PFX(adagrad_step) };

#if OPTREF_META
static const optref_hparam adagrad_hp[] = {
    { "eta", "η", NAN, OPTREF_HP_POSITIVE, 0, "learning rate (required; Goodfellow's ε)" },
    { "eps", "ε", 1e-6, OPTREF_HP_NONNEG, 1u << EPS_INSIDE, "added inside the root (Lecture 11.5: 1e-6)" },
    { "delta", "δ", 1e-7, OPTREF_HP_NONNEG, 1u << EPS_OUTSIDE, "added outside the root (Goodfellow 8.4: 1e-7)" },
};
static const optref_statevar adagrad_state[] = {
    { "s", "s", 0, "sum of squared gradients (Goodfellow's r)" },
};
static const optref_variant adagrad_variants[] = {
    { "eps_inside", "x ← x − η/√(s + ε) ⊙ g (Lecture 17, Lecture 11.5, D2L)", 4, 2, { 3 } },
    { "eps_outside", "x ← x − η/(δ + √s) ⊙ g (Goodfellow Alg. 8.4, Duchi 2011)", 5, 2, { 3 } },
};
extern const struct optref_mp_impl optref_mp_adagrad_impl;
const optref_algorithm optref_adagrad = {
    "adagrad", "AdaGrad (diagonal)",
    "Duchi, Hazan, Singer 2011; Goodfellow et al. Algorithm 8.4; Lecture 17", "ref/alg/adagrad.c",
    adagrad_hp, 3, adagrad_state, 1, adagrad_variants, 2,
    &optref_d_adagrad_impl, &optref_mp_adagrad_impl, NULL,
};
#endif
