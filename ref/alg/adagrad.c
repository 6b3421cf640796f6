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
 *   - deck: STATS 403; slide: AdaGrad (element-wise version)
 *     says: sums from i = 0 and divides by √g^{(t)} with no stabiliser: at a
 *       zero gradient coordinate that is 0/0.
 *     source: a stabiliser > 0 (Duchi et al. 2011: δ outside the root); both
 *       variants here keep ε (or δ) > 0.
 *
 * Rounding: as the slides group it, (η / root) first, then times g.
 */
#include "../core/ws.h"

enum { ETA, EPS, DELTA };
enum { S };
enum { EPS_INSIDE, EPS_OUTSIDE };
enum { A, B, NTMP };

static void adagrad_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[S][i], 0.0); /* L1 */
}

static void adagrad_step(ws *w)
{
    S_SRC eps = w->hp[EPS], delta = w->hp[DELTA];
    S_VEC x = w->x, g = w->g, s = w->st[S];
    S_PTR a = w->tmp[A], b = w->tmp[B];

    S_SRC eta = sched_eta(w); /* L4 L5: η_t */
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

OPTREF_ALGORITHM_IMPL(adagrad) = { adagrad_init, adagrad_step };

#if OPTREF_META
static const optref_param adagrad_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
              .doc = "learning rate (required; Goodfellow's ε)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-6, .flags = OPTREF_P_NONNEG, .vmask = 1u << EPS_INSIDE,
              .doc = "added inside the root (Lecture 11.5: 1e-6)" },
    [DELTA] = { .name = "delta", .symbol = "δ", .def = 1e-7, .flags = OPTREF_P_NONNEG, .vmask = 1u << EPS_OUTSIDE,
                .doc = "added outside the root (Goodfellow 8.4: 1e-7)" },
};
static const optref_statevar adagrad_state[] = {
    [S] = { .name = "s", .symbol = "s", .line = 3, .doc = "sum of squared gradients (Goodfellow's r)" },
};
static const optref_variant adagrad_variants[] = {
    [EPS_INSIDE] = { .name = "eps_inside", .doc = "x ← x − η/√(s + ε) ⊙ g (Lecture 17, Lecture 11.5, D2L)",
                     .x_line = 4, .g_line = 2 },
    [EPS_OUTSIDE] = { .name = "eps_outside", .doc = "x ← x − η/(δ + √s) ⊙ g (Goodfellow Alg. 8.4, Duchi 2011)",
                      .x_line = 5, .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, adagrad);
const optref_algorithm optref_adagrad = {
    .name = "adagrad",
    .title = "AdaGrad (diagonal)",
    .source = "Duchi, Hazan, Singer 2011; Goodfellow et al. Algorithm 8.4; Lecture 17",
    .file = "ref/alg/adagrad.c",
    .hp = adagrad_hp, .nhp = OPTREF_COUNT(adagrad_hp),
    .state = adagrad_state, .nstate = OPTREF_COUNT(adagrad_state),
    .variants = adagrad_variants, .nvariants = OPTREF_COUNT(adagrad_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adagrad),
};
#endif
