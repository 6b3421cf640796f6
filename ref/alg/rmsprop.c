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
 *   - Lecture 11.5, after expanding s_t: from 1/(1 − γ) = 1 + γ + γ² + ...
 *     it concludes that the weights (1 − γ)γ^k sum to 1.  Over the t terms
 *     of s_t they sum to 1 − γ^t (s_0 = 0): 1 only in the limit t → ∞,
 *     the same bias that Adam's 1/(1 − β2^t) corrects.
 *
 * Rounding: L3 is (γ·s) + ((1 − γ)·(g·g)); L4/L5 as adagrad.c.
 */
#include "../core/ws.h"

enum { ETA, GAMMA, EPS };
enum { S };
enum { EPS_INSIDE, EPS_OUTSIDE };
enum { A, B, C, NTMP };

static void rmsprop_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[S][i], 0.0); /* L1 */
}

static void rmsprop_step(ws *w)
{
    S_SRC gamma = w->hp[GAMMA], eps = w->hp[EPS];
    S_VEC x = w->x, g = w->g, s = w->st[S];
    S_PTR a = w->tmp[A], b = w->tmp[B], c = w->tmp[C];

    S_SRC eta = sched_eta(w); /* L4 L5: η_t */
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

OPTREF_ALGORITHM_IMPL(rmsprop) = { rmsprop_init, rmsprop_step };

#if OPTREF_META
static const optref_param rmsprop_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
              .doc = "learning rate (required)" },
    [GAMMA] = { .name = "gamma", .symbol = "γ", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "decay of the average, 0 <= γ < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-6, .flags = OPTREF_P_NONNEG,
              .doc = "stabiliser (Lecture 17: 1e-6)" },
};
static const optref_statevar rmsprop_state[] = {
    [S] = { .name = "s", .symbol = "s", .line = 3, .doc = "EWMA of squared gradients (Goodfellow's r)" },
};
static const optref_variant rmsprop_variants[] = {
    [EPS_INSIDE] = { .name = "eps_inside",
                     .doc = "x ← x − η/√(s + ε) ⊙ g (Lecture 17, Lecture 11.5, Goodfellow 8.5)",
                     .x_line = 4, .g_line = 2 },
    [EPS_OUTSIDE] = { .name = "eps_outside", .doc = "x ← x − η/(√s + ε) ⊙ g (PyTorch RMSprop)",
                      .x_line = 5, .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, rmsprop);
const optref_algorithm optref_rmsprop = {
    .name = "rmsprop",
    .title = "RMSProp",
    .source = "Tieleman & Hinton 2012; Goodfellow et al. Algorithm 8.5; Lecture 17",
    .file = "ref/alg/rmsprop.c",
    .hp = rmsprop_hp, .nhp = OPTREF_COUNT(rmsprop_hp),
    .state = rmsprop_state, .nstate = OPTREF_COUNT(rmsprop_state),
    .variants = rmsprop_variants, .nvariants = OPTREF_COUNT(rmsprop_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, rmsprop),
};
#endif
