/* adam_factored.c: Adam with factored second moments, on matrix parameters.
 *
 * Sources
 *   - N. Shazeer, M. Stern, "Adafactor: adaptive learning rates with
 *     sublinear memory cost", ICML 2018, Algorithm 2 (Adam for a matrix
 *     parameter with factored second moment, no first moment): row sums R
 *     and column sums C of the squared gradient stand for its n×m moving
 *     average, V̂ = R C / (1_nᵀ R), the rank-1 approximation that minimises
 *     their generalised Kullback–Leibler divergence (their §3).
 *   - Topic 27 (HKUST), Algorithm 4 "Adam with factored second moments": the
 *     line numbers below are its own.
 *
 * The matrices are the problem's layers (spec `layers=ROWSxCOLS,...`,
 * row-major within each layer; w->layer): X^{(k)} is layer k, n_k × m_k.
 * Without layers= the problem is one n × 1 layer: then R_t = v_t, C_t = 1ᵀv_t
 * and V̂_t = v_t/(1 − β2^t), Adam with β1 = 0, as Shazeer & Stern keep
 * vectors unfactored.
 *
 * Pseudocode (Topic 27, Algorithm 4; line 1, the loop, is the driver's; L0 is
 * its Require line's initialisation), for each layer:
 * @pseudocode
 *   L0  R_0 ← 0, C_0 ← 0
 *   L2  G_t ← ∇f_t(X_{t−1})
 *   L3  R_t ← β2 R_{t−1} + (1 − β2)(G_t²) 1_m
 *   L4  C_t ← β2 C_{t−1} + (1 − β2) 1_nᵀ(G_t²)
 *   L5  V̂_t ← (R_t C_t / 1_nᵀR_t) / (1 − β2^t)
 *   L6  X_t ← X_{t−1} − α_t G_t / (√V̂_t + ε)
 * @end
 * R_t C_t is the outer product (an n×m matrix), G_t² element-wise.
 *
 * A layer whose gradients have all been 0 so far has 1ᵀR_t = 0, and L5 is
 * 0/0: NaN, as the formula says (Adafactor proper, Shazeer & Stern's
 * Algorithm 4, adds ε1 to G_t² to avoid it; this is their Algorithm 2).
 *
 * Slips noticed
 *   - Topic 27, Algorithm 4, line 5 divides by 1 − β2^T, the final step's
 *     power; Shazeer & Stern's Algorithm 2 (and the bias correction of Kingma
 *     & Ba) has β2^t, the current step's.  This file uses β2^t.
 *   - Topic 27, Algorithm 4, Require line: "second moment decay β", while the
 *     lines use β2.
 *
 * β2^t is kept as a running product, as in adam.c (doc/design.md).
 *
 * Rounding: L3 R_i ← β2·R_i + (1 − β2)·(Σ_j G_ij·G_ij), the sum over j from 0
 * up; L4 likewise over i; L5 ((R_i·C_j) / Σ_i R_i) / (1 − β2^t), the sum from
 * i = 0 up; L6 X_ij − ((α·G_ij) / (√V̂_ij + ε)).
 */
#include "../core/ws.h"

enum { ALPHA, BETA2, EPS };
enum { R, C, VH, B2T };
enum { A, B, ACC, C2, BC2, SUMR, NTMP };

static void adam_factored_init(ws *w)
{
    size_t nr = 0, nc = 0;
    for (size_t k = 0; k < w->nlayer; k++) {
        nr += w->layer[k].rows;
        nc += w->layer[k].cols;
    }
    for (size_t i = 0; i < nr; i++)
        s_set_d(w->st[R][i], 0.0); /* L0 */
    for (size_t j = 0; j < nc; j++)
        s_set_d(w->st[C][j], 0.0); /* L0 */
    s_set_d(w->st[B2T][0], 1.0); /* L0: β2^0 */
}

/* L3 and L4 for one layer: x and g at offset off, rows × cols; its R and C
 * start at R + r0 and C + c0. */
static void accumulate(ws *w, const optref_layer *ly, S_VEC Rv, S_VEC Cv)
{
    S_SRC beta2 = w->hp[BETA2];
    S_VEC g = w->g;
    S_PTR a = w->tmp[A], b = w->tmp[B], acc = w->tmp[ACC], c2 = w->tmp[C2];
    for (size_t i = 0; i < ly->rows; i++) {
        s_set_d(acc, 0.0); /* L3 */
        for (size_t j = 0; j < ly->cols; j++) {
            S_SRC gij = g[ly->off + i * ly->cols + j];
            s_mul(a, gij, gij); s_add(acc, acc, a); /* L3 */
        }
        s_mul(a, beta2, Rv[i]); s_mul(b, c2, acc); s_add(Rv[i], a, b); /* L3 */
    }
    for (size_t j = 0; j < ly->cols; j++) {
        s_set_d(acc, 0.0); /* L4 */
        for (size_t i = 0; i < ly->rows; i++) {
            S_SRC gij = g[ly->off + i * ly->cols + j];
            s_mul(a, gij, gij); s_add(acc, acc, a); /* L4 */
        }
        s_mul(a, beta2, Cv[j]); s_mul(b, c2, acc); s_add(Cv[j], a, b); /* L4 */
    }
}

/* L5 and L6 for one layer. */
static void update(ws *w, const optref_layer *ly, S_VEC Rv, S_VEC Cv, S_SRC alpha)
{
    S_SRC eps = w->hp[EPS];
    S_VEC x = w->x, g = w->g, vh = w->st[VH];
    S_PTR a = w->tmp[A], b = w->tmp[B], bc2 = w->tmp[BC2], sumr = w->tmp[SUMR];
    s_set_d(sumr, 0.0); /* L5 */
    for (size_t i = 0; i < ly->rows; i++)
        s_add(sumr, sumr, Rv[i]); /* L5: 1_nᵀR_t */
    for (size_t i = 0; i < ly->rows; i++)
        for (size_t j = 0; j < ly->cols; j++) {
            size_t q = ly->off + i * ly->cols + j;
            s_mul(a, Rv[i], Cv[j]); s_div(a, a, sumr); s_div(vh[q], a, bc2);     /* L5 */
            s_mul(a, alpha, g[q]); s_sqrt(b, vh[q]); s_add(b, b, eps); s_div(a, a, b); /* L6 */
            s_sub(x[q], x[q], a);                                                /* L6 */
        }
}

static void adam_factored_step(ws *w)
{
    S_SRC beta2 = w->hp[BETA2];
    S_PTR b2t = w->st[B2T][0];

    S_SRC alpha = sched_eta(w); /* L6: α_t */
    grad(w, w->g, w->x);        /* L2 */
    s_sub(w->tmp[C2], w->one, beta2);                              /* L3 L4: 1 − β2 */
    s_mul(b2t, b2t, beta2); s_sub(w->tmp[BC2], w->one, b2t);       /* L5: 1 − β2^t */
    size_t r0 = 0, c0 = 0;
    for (size_t k = 0; k < w->nlayer; k++) {
        const optref_layer *ly = &w->layer[k];
        accumulate(w, ly, w->st[R] + r0, w->st[C] + c0);
        update(w, ly, w->st[R] + r0, w->st[C] + c0, alpha);
        r0 += ly->rows;
        c0 += ly->cols;
    }
}

OPTREF_ALGORITHM_IMPL(adam_factored) = { adam_factored_init, adam_factored_step };

#if OPTREF_META
static const optref_param adam_factored_hp[] = {
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 1e-3, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
                .doc = "step size α_t (Adam's default 0.001)" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT,
                .doc = "decay of the second moment, 0 <= β2 < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG,
              .doc = "added outside the root, after bias correction" },
};
static const optref_statevar adam_factored_state[] = {
    [R] = { .name = "R", .symbol = "R_t", .extent = OPTREF_PER_ROW, .line = 3,
            .doc = "row accumulators, layer by layer (n_k per layer)" },
    [C] = { .name = "C", .symbol = "C_t", .extent = OPTREF_PER_COL, .line = 4,
            .doc = "column accumulators, layer by layer (m_k per layer)" },
    [VH] = { .name = "vhat", .symbol = "V̂_t", .line = 5,
             .doc = "the factored, bias-corrected second moment, per coordinate" },
    [B2T] = { .name = "b2t", .symbol = "β2^t", .extent = OPTREF_SCALAR, .line = 5,
              .doc = "β2^t, the running product of the bias correction" },
};
static const optref_variant adam_factored_variants[] = {
    { .name = "standard", .doc = "Shazeer & Stern Alg. 2: V̂ = RC/(1ᵀR)/(1 − β2^t), X ← X − αG/(√V̂ + ε)",
      .x_line = 6, .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, adam_factored);
const optref_algorithm optref_adam_factored = {
    .name = "adam_factored",
    .title = "Adam with factored second moments (per layer)",
    .source = "Shazeer & Stern 2018 Algorithm 2; Topic 27 Algorithm 4",
    .file = "ref/alg/adam_factored.c",
    .hp = adam_factored_hp, .nhp = OPTREF_COUNT(adam_factored_hp),
    .state = adam_factored_state, .nstate = OPTREF_COUNT(adam_factored_state),
    .variants = adam_factored_variants, .nvariants = OPTREF_COUNT(adam_factored_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adam_factored),
};
#endif
