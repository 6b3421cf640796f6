/* lars.c: LARS, layer-wise adaptive rate scaling, in the generic form of the
 * LAMB paper, with the scaling function φ explicit.
 *
 * Sources
 *   - Y. You, J. Li, S. Reddi, J. Hseu, S. Kumar, S. Bhojanapalli, X. Song,
 *     J. Demmel, K. Keutzer, C.-J. Hsieh, "Large batch optimization for deep
 *     learning: training BERT in 76 minutes", ICLR 2020, Algorithm 1 (LARS),
 *     with φ(z) = min(max(z, γ_l), γ_u) as their example of a scaling function
 *     (§3).  The original LARS is Y. You, I. Gitman, B. Ginsburg, "Large batch
 *     training of convolutional networks", 2017 (its trust coefficient and
 *     momentum differ; this is the 2020 form the slide copies).
 *   - Topic 27 (HKUST), Algorithm 7 "LARS": the line numbers below are its
 *     own.
 *
 * Layers (the h groups x^{(i)}) are the problem's, from its spec
 * `layers=ROWSxCOLS,...` (w->layer); without layers= there is one, all of x.
 *
 * Pseudocode (Topic 27, Algorithm 7; L1 and L6, the loop, are the driver's;
 * L2, drawing the minibatch S_t, is the problem's sampler; L0 is the Require
 * line's m_0 = 0; L8 and L9 are the two forms of φ, numbered after the
 * algorithm's lines):
 * @pseudocode
 *   L0  m_0 ← 0
 *   L3  g_t ← (1/|S_t|) Σ_{s∈S_t} ∇ℓ(x_t, s)
 *   L4  m_t ← β1 m_{t−1} + (1 − β1)(g_t + λ x_t)
 *   L5  x_{t+1}^{(i)} ← x_t^{(i)} − η_t φ(‖x_t^{(i)}‖)/‖m_t^{(i)}‖ · m_t^{(i)}   for every layer i
 *   L8  φ(z) = z                              [identity]
 *   L9  φ(z) = min(max(z, γ_l), γ_u)          [clip]
 * @end
 * The trust ratio φ(‖x_t^{(i)}‖)/‖m_t^{(i)}‖ of each layer is recorded
 * (state "trust", one per layer), with the norms taken before the layer
 * moves.  A layer with m_t^{(i)} = 0 divides by zero (inf or NaN): the
 * paper's formula is undefined there, and frameworks that substitute 1
 * (conventions.md §2) are another algorithm.  With φ = identity a layer at
 * x^{(i)} = 0 has ratio 0 and never moves.
 *
 * Slips noticed
 *   - Topic 27, Algorithm 7: line 4 uses the weight decay λ, which the
 *     Require line does not list (You et al. 2020 list it neither; λ is the
 *     decay of their §3).
 *   - Topic 27, Algorithm 7: the Require line lists ε > 0, which LARS never
 *     uses (LAMB, Algorithm 8, does).
 *
 * Rounding: L4 (β1·m) + ((1 − β1)·(g + (λ·x))); norms √(Σ v_j·v_j) over the
 * layer from its first coordinate up; L5 the ratio φ/‖m‖ once per layer,
 * then x − ((η·ratio)·m).
 */
#include "../core/ws.h"

enum { ETA, BETA1, LAMBDA, GAMMA_L, GAMMA_U };
enum { M, TRUST };
enum { IDENTITY, CLIP };
enum { A, B, C1, NX, NM, NTMP };

static void lars_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[M][i], 0.0); /* L0 */
}

/* ‖v‖ over one layer. */
static void layer_norm(ws *w, S_PTR out, S_VEC v, const optref_layer *ly)
{
    S_PTR a = w->tmp[A];
    s_set_d(out, 0.0); /* L5 */
    for (size_t j = ly->off; j < ly->off + ly->rows * ly->cols; j++) {
        s_mul(a, v[j], v[j]); s_add(out, out, a); /* L5 */
    }
    s_sqrt(out, out); /* L5 */
}

/* One layer: the trust ratio, then the step. */
static void lars_layer(ws *w, size_t k, S_SRC eta)
{
    const optref_layer *ly = &w->layer[k];
    S_VEC x = w->x, m = w->st[M];
    S_PTR a = w->tmp[A], b = w->tmp[B], nx = w->tmp[NX], nm = w->tmp[NM], ratio = w->st[TRUST][k];
    layer_norm(w, nx, x, ly); /* L5: ‖x_t^{(i)}‖ */
    if (w->variant == CLIP)
        s_clamp(nx, nx, w->hp[GAMMA_L], w->hp[GAMMA_U]); /* L9 */
    else
        s_set(nx, nx); /* L8 */
    layer_norm(w, nm, m, ly); /* L5: ‖m_t^{(i)}‖ */
    s_div(ratio, nx, nm);     /* L5 */
    s_mul(b, eta, ratio);     /* L5 */
    for (size_t j = ly->off; j < ly->off + ly->rows * ly->cols; j++) {
        s_mul(a, b, m[j]); s_sub(x[j], x[j], a); /* L5 */
    }
}

static void lars_step(ws *w)
{
    S_SRC beta1 = w->hp[BETA1], lambda = w->hp[LAMBDA];
    S_VEC x = w->x, g = w->g, m = w->st[M];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1];

    S_SRC eta = sched_eta(w); /* L5: η_t */
    grad(w, g, x);            /* L3 */
    s_sub(c1, w->one, beta1); /* L4: 1 − β1 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, lambda, x[i]); s_add(a, g[i], a); s_mul(b, c1, a); /* L4 */
        s_mul(a, beta1, m[i]); s_add(m[i], a, b);                   /* L4 */
    }
    for (size_t k = 0; k < w->nlayer; k++)
        lars_layer(w, k, eta);
}

OPTREF_ALGORITHM_IMPL(lars) = { lars_init, lars_step };

#if OPTREF_META
static const optref_param lars_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP, .line = 5,
              .doc = "step size η_t" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "momentum, 0 <= β1 < 1 (the paper: 0 < β1 < 1)" },
    [LAMBDA] = { .name = "lambda", .symbol = "λ", .def = 0, .flags = OPTREF_P_NONNEG,
                 .doc = "weight decay added to g in m (0: none)" },
    [GAMMA_L] = { .name = "gamma_l", .symbol = "γ_l", .def = 0, .flags = OPTREF_P_NONNEG, .vmask = 1u << CLIP,
                  .doc = "clip: lower bound of φ" },
    [GAMMA_U] = { .name = "gamma_u", .symbol = "γ_u", .def = INFINITY,
                  .flags = OPTREF_P_NONNEG | OPTREF_P_INF_OK, .vmask = 1u << CLIP,
                  .doc = "clip: upper bound of φ (+inf: none)" },
};
static const optref_statevar lars_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 4, .doc = "momentum of g + λx" },
    [TRUST] = { .name = "trust", .symbol = "φ(‖x‖)/‖m‖", .extent = OPTREF_PER_LAYER, .line = 5,
                .doc = "each layer's trust ratio φ(‖x^{(i)}‖)/‖m^{(i)}‖" },
};
static const optref_variant lars_variants[] = {
    [IDENTITY] = { .name = "identity", .doc = "φ(z) = z", .x_line = 5, .g_line = 3 },
    [CLIP] = { .name = "clip", .doc = "φ(z) = min(max(z, γ_l), γ_u) (You et al. 2020, §3)", .x_line = 5,
               .g_line = 3 },
};
static const char *lars_check(const double *hp)
{
    return hp[GAMMA_L] <= hp[GAMMA_U] ? NULL : "empty clipping range: gamma_l > gamma_u";
}
OPTREF_DECLARE_IMPLS(impl, lars);
const optref_algorithm optref_lars = {
    .name = "lars",
    .title = "LARS: layer-wise adaptive rate scaling (momentum form of You et al. 2020)",
    .source = "You et al. 2020 Algorithm 1; Topic 27 Algorithm 7",
    .file = "ref/alg/lars.c",
    .hp = lars_hp, .nhp = OPTREF_COUNT(lars_hp),
    .state = lars_state, .nstate = OPTREF_COUNT(lars_state),
    .variants = lars_variants, .nvariants = OPTREF_COUNT(lars_variants),
    .ntmp = NTMP,
    .check = lars_check,
    OPTREF_IMPLS(impl, lars),
};
#endif
