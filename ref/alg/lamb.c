/* lamb.c: LAMB, layer-wise adaptive moments for large batches, with the
 * scaling function φ explicit.
 *
 * Sources
 *   - Y. You, J. Li, S. Reddi, J. Hseu, S. Kumar, S. Bhojanapalli, X. Song,
 *     J. Demmel, K. Keutzer, C.-J. Hsieh, "Large batch optimization for deep
 *     learning: training BERT in 76 minutes", ICLR 2020, Algorithm 2 (LAMB),
 *     with φ(z) = min(max(z, γ_l), γ_u) as their example of a scaling function
 *     (§3).  The moments and their bias correction are Adam's (Kingma & Ba
 *     2015, Algorithm 1; ref/alg/adam.c).
 *   - Topic 27 (HKUST), Algorithm 8 "LAMB": the line numbers below are its
 *     own.
 *
 * Layers (the h groups x^{(i)}) are the problem's, from its spec
 * `layers=ROWSxCOLS,...` (w->layer); without layers= there is one, all of x.
 *
 * Pseudocode (Topic 27, Algorithm 8, as You et al. write it; L1 and L10, the
 * loop, are the driver's; L2, drawing S_t, is the problem's sampler; L0 is the
 * Require line's m_0, v_0 = 0; L11 and L12 are the two forms of φ, numbered
 * after the algorithm's lines):
 * @pseudocode
 *   L0  m_0 ← 0, v_0 ← 0
 *   L3  g_t ← (1/|S_t|) Σ_{s∈S_t} ∇ℓ(x_t, s)
 *   L4  m_t ← β1 m_{t−1} + (1 − β1) g_t
 *   L5  v_t ← β2 v_{t−1} + (1 − β2) g_t ⊙ g_t
 *   L6  m̂_t ← m_t / (1 − β1^t)
 *   L7  v̂_t ← v_t / (1 − β2^t)
 *   L8  r_t ← m̂_t / (√v̂_t + ε)
 *   L9  x_{t+1}^{(i)} ← x_t^{(i)} − η_t φ(‖x_t^{(i)}‖)/‖r_t^{(i)} + λx_t^{(i)}‖ · (r_t^{(i)} + λx_t^{(i)})   every layer i
 *   L11 φ(z) = z                              [identity]
 *   L12 φ(z) = min(max(z, γ_l), γ_u)          [clip]
 * @end
 * The trust ratio φ(‖x_t^{(i)}‖)/‖r_t^{(i)} + λx_t^{(i)}‖ of each layer is
 * recorded (state "trust", one per layer), with the norms taken before the
 * layer moves.  A zero denominator gives inf or NaN (the paper's formula is
 * undefined there; frameworks that substitute 1, conventions.md §2, are
 * another algorithm).  With φ = identity a layer at 0 never moves.
 *
 * Slips noticed
 *   - Topic 27, Algorithm 8, line 4: "m_t ← β m_{t−1} + (1 − β1)(g_t + λx_t)".
 *     The β is β1; and the λx_t term is not in You et al.'s Algorithm 2,
 *     where m averages g_t alone and λx_t enters once, in line 9: with both,
 *     the decay is applied twice (once through the adaptive normalisation,
 *     as Adam + L2, and once decoupled).  This file follows You et al.
 *   - Topic 27, Algorithm 8, lines 6–7 overwrite m_t and v_t with their
 *     bias-corrected values (as You et al. write them); read literally the
 *     next step's averages would start from the corrected values.  The bias
 *     correction is Adam's, which keeps m_t and v_t and corrects copies:
 *     m̂_t, v̂_t here, as in Kingma & Ba.
 *   - Topic 27, Algorithm 8: the Require line does not list the weight decay
 *     λ of lines 4 and 9.
 *
 * β^t: running products, as in adam.c (doc/design.md).
 *
 * Rounding: L4–L7 as adam.c; L8 m̂/(√v̂ + ε); u = r + (λ·x) is formed once per
 * coordinate; norms √(Σ u_j·u_j) over the layer from its first coordinate
 * up; L9 the ratio φ/‖u‖ once per layer, then x − ((η·ratio)·u).
 */
#include "../core/ws.h"

enum { ETA, BETA1, BETA2, EPS, LAMBDA, GAMMA_L, GAMMA_U };
enum { M, V, B1T, B2T, TRUST, MHAT, VHAT, R };
enum { IDENTITY, CLIP };
enum { A, B, C1, C2, BC1, BC2, NX, NU, NTMP };

static void lamb_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); /* L0 */
    }
    s_set_d(w->st[B1T][0], 1.0); s_set_d(w->st[B2T][0], 1.0); /* L0: β1^0, β2^0 */
}

/* ‖v‖ over one layer. */
static void layer_norm(ws *w, S_PTR out, S_VEC v, const optref_layer *ly)
{
    S_PTR a = w->tmp[A];
    s_set_d(out, 0.0); /* L9 */
    for (size_t j = ly->off; j < ly->off + ly->rows * ly->cols; j++) {
        s_mul(a, v[j], v[j]); s_add(out, out, a); /* L9 */
    }
    s_sqrt(out, out); /* L9 */
}

/* One layer: the trust ratio, then the step along u = r + λx (in w->y). */
static void lamb_layer(ws *w, size_t k, S_SRC eta)
{
    const optref_layer *ly = &w->layer[k];
    S_VEC x = w->x, u = w->y;
    S_PTR a = w->tmp[A], b = w->tmp[B], nx = w->tmp[NX], nu = w->tmp[NU], ratio = w->st[TRUST][k];
    layer_norm(w, nx, x, ly); /* L9: ‖x_t^{(i)}‖ */
    if (w->variant == CLIP)
        s_clamp(nx, nx, w->hp[GAMMA_L], w->hp[GAMMA_U]); /* L12 */
    else
        s_set(nx, nx); /* L11 */
    layer_norm(w, nu, u, ly); /* L9: ‖r_t^{(i)} + λx_t^{(i)}‖ */
    s_div(ratio, nx, nu);     /* L9 */
    s_mul(b, eta, ratio);     /* L9 */
    for (size_t j = ly->off; j < ly->off + ly->rows * ly->cols; j++) {
        s_mul(a, b, u[j]); s_sub(x[j], x[j], a); /* L9 */
    }
}

static void lamb_step(ws *w)
{
    S_SRC beta1 = w->hp[BETA1], beta2 = w->hp[BETA2], eps = w->hp[EPS], lambda = w->hp[LAMBDA];
    S_VEC x = w->x, g = w->g, m = w->st[M], v = w->st[V], u = w->y;
    S_VEC mh = w->st[MHAT], vh = w->st[VHAT], r = w->st[R];
    S_PTR b1t = w->st[B1T][0], b2t = w->st[B2T][0];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2];
    S_PTR bc1 = w->tmp[BC1], bc2 = w->tmp[BC2];

    S_SRC eta = sched_eta(w); /* L9: η_t */
    grad(w, g, x);            /* L3 */
    s_sub(c1, w->one, beta1);                        /* L4: 1 − β1 */
    s_sub(c2, w->one, beta2);                        /* L5: 1 − β2 */
    s_mul(b1t, b1t, beta1); s_sub(bc1, w->one, b1t); /* L6: 1 − β1^t */
    s_mul(b2t, b2t, beta2); s_sub(bc2, w->one, b2t); /* L7: 1 − β2^t */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, beta1, m[i]); s_mul(b, c1, g[i]); s_add(m[i], a, b);                   /* L4 */
        s_mul(a, g[i], g[i]); s_mul(b, c2, a); s_mul(a, beta2, v[i]); s_add(v[i], a, b); /* L5 */
        s_div(mh[i], m[i], bc1);                                                       /* L6 */
        s_div(vh[i], v[i], bc2);                                                       /* L7 */
        s_sqrt(b, vh[i]); s_add(b, b, eps); s_div(r[i], mh[i], b);                     /* L8 */
        s_mul(b, lambda, x[i]); s_add(u[i], r[i], b);                                  /* L9: r + λx */
    }
    for (size_t k = 0; k < w->nlayer; k++)
        lamb_layer(w, k, eta);
}

OPTREF_ALGORITHM_IMPL(lamb) = { lamb_init, lamb_step };

#if OPTREF_META
static const optref_param lamb_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP, .line = 9,
              .doc = "step size η_t" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "decay of the first moment, 0 <= β1 < 1" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT,
                .doc = "decay of the second moment, 0 <= β2 < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-6, .flags = OPTREF_P_NONNEG,
              .doc = "added outside the root, after bias correction" },
    [LAMBDA] = { .name = "lambda", .symbol = "λ", .def = 0, .flags = OPTREF_P_NONNEG,
                 .doc = "decoupled weight decay, inside the trust ratio (0: none)" },
    [GAMMA_L] = { .name = "gamma_l", .symbol = "γ_l", .def = 0, .flags = OPTREF_P_NONNEG, .vmask = 1u << CLIP,
                  .doc = "clip: lower bound of φ" },
    [GAMMA_U] = { .name = "gamma_u", .symbol = "γ_u", .def = INFINITY,
                  .flags = OPTREF_P_NONNEG | OPTREF_P_INF_OK, .vmask = 1u << CLIP,
                  .doc = "clip: upper bound of φ (+inf: none)" },
};
static const optref_statevar lamb_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 4, .doc = "biased first moment" },
    [V] = { .name = "v", .symbol = "v", .line = 5, .doc = "biased second moment" },
    [B1T] = { .name = "b1t", .symbol = "β1^t", .extent = OPTREF_SCALAR, .line = 6,
              .doc = "β1^t, the running product of the bias correction" },
    [B2T] = { .name = "b2t", .symbol = "β2^t", .extent = OPTREF_SCALAR, .line = 7,
              .doc = "β2^t, the running product of the bias correction" },
    [TRUST] = { .name = "trust", .symbol = "φ(‖x‖)/‖r + λx‖", .extent = OPTREF_PER_LAYER, .line = 9,
                .doc = "each layer's trust ratio φ(‖x^{(i)}‖)/‖r^{(i)} + λx^{(i)}‖" },
    [MHAT] = { .name = "mhat", .symbol = "m̂", .internal = OPTREF_INTERMEDIATE, .line = 6,
               .doc = "bias-corrected first moment" },
    [VHAT] = { .name = "vhat", .symbol = "v̂", .internal = OPTREF_INTERMEDIATE, .line = 7,
               .doc = "bias-corrected second moment" },
    [R] = { .name = "r", .symbol = "r", .internal = OPTREF_INTERMEDIATE, .line = 8,
            .doc = "the Adam direction m̂/(√v̂ + ε)" },
};
static const optref_variant lamb_variants[] = {
    [IDENTITY] = { .name = "identity", .doc = "φ(z) = z", .x_line = 9, .g_line = 3 },
    [CLIP] = { .name = "clip", .doc = "φ(z) = min(max(z, γ_l), γ_u) (You et al. 2020, §3)", .x_line = 9,
               .g_line = 3 },
};
static const char *lamb_check(const double *hp)
{
    return hp[GAMMA_L] <= hp[GAMMA_U] ? NULL : "empty clipping range: gamma_l > gamma_u";
}
OPTREF_DECLARE_IMPLS(impl, lamb);
const optref_algorithm optref_lamb = {
    .name = "lamb",
    .title = "LAMB: layer-wise adaptive moments for large batches",
    .source = "You et al. 2020 Algorithm 2; Topic 27 Algorithm 8",
    .file = "ref/alg/lamb.c",
    .hp = lamb_hp, .nhp = OPTREF_COUNT(lamb_hp),
    .state = lamb_state, .nstate = OPTREF_COUNT(lamb_state),
    .variants = lamb_variants, .nvariants = OPTREF_COUNT(lamb_variants),
    .ntmp = NTMP,
    .check = lamb_check,
    OPTREF_IMPLS(impl, lamb),
};
#endif
