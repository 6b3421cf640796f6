/* adamw.c: Adam with L2 regularization and Adam with decoupled weight decay.
 *
 * Sources
 *   - I. Loshchilov, F. Hutter, "Decoupled weight decay regularization",
 *     ICLR 2019, Algorithm 2 (quoted in STATS 403 lecture 2, "SGDW and
 *     AdamW"): the line numbers below are its own.  Its line 6 carries the
 *     L2 term (variant l2), its line 12 the decoupled decay (variant adamw).
 *   - Lecture 17, slide "AdamW", and Topic 27 (HKUST) Algorithm 6: the decay
 *     multiplied by the learning rate, x ← x − η(v̂/(√ŝ + ε) + λx) (variant
 *     adamw_lr, numbered L21 below: not a line of Algorithm 2).  PyTorch's
 *     AdamW and optax.adamw compute this form (../shared notes,
 *     conventions §2.6).
 *
 * @pseudocode
 *   L2  m_0 ← 0, v_0 ← 0
 *   L5  ∇f_t(θ_{t−1}) ← SelectBatch(θ_{t−1})
 *   L6  g_t ← ∇f_t(θ_{t−1}) + λθ_{t−1}       (l2; adamw, adamw_lr: g_t ← ∇f_t(θ_{t−1}))
 *   L7  m_t ← β1 m_{t−1} + (1 − β1) g_t
 *   L8  v_t ← β2 v_{t−1} + (1 − β2) g_t²
 *   L9  m̂_t ← m_t / (1 − β1^t)
 *   L10 v̂_t ← v_t / (1 − β2^t)
 *   L11 η_t ← SetScheduleMultiplier(t)
 *   L12 θ_t ← θ_{t−1} − η_t (α m̂_t / (√v̂_t + ε) + λθ_{t−1})   (adamw; l2: without λθ_{t−1})
 *   L21 θ_t ← θ_{t−1} − η_t α (m̂_t / (√v̂_t + ε) + λθ_{t−1})   (adamw_lr)
 * @end
 *
 * α and η_t.  In Loshchilov & Hutter α is the step size, a constant, and η_t
 * a separate schedule multiplier that scales both the gradient step and the
 * decay; the decay is therefore not multiplied by α.  optref's schedule seam
 * gives η_t = schedule(t)·η0 from the hyper-parameter flagged as the step
 * size.  Here that hyper-parameter is eta, the multiplier's start η_{t=0}
 * of the paper's line 2 (default 1), and α is an ordinary hyper-parameter:
 * sched_eta returns the paper's η_t itself and L12 is the paper's line 12
 * exactly.  With the default constant schedule and eta = 1, η_t = 1 and the
 * multiplications by it are exact.  In variant adamw_lr the learning rate
 * of Lecture 17 (its η, PyTorch's lr) is η_t·α, and it multiplies λ too.
 * The two decays agree when λ_adamw = α·λ_adamw_lr, under any schedule (the
 * same η_t multiplies both); they part when α is tuned with λ held, which
 * is the paper's point (its Figure 2).
 *
 * Slips noticed
 *   - STATS 403, Algorithm 2: the extraction shows line 6's +λθ_{t−1} and
 *     line 12's λθ_{t−1} together; in the paper they are colour-coded
 *     alternatives (L2 in one colour, decoupled decay in the other); both at
 *     once would regularize twice.  Here they are the variants l2 and adamw.
 *   - Topic 27, Algorithm 6 "Adam with L2 reg and decoupled weight decay":
 *     line 2 adds λθ_{t−1} to the gradient (L2) and line 7 subtracts
 *     αλθ_{t−1} (decay): both at once, the decay applied twice.  Its line 4
 *     repeats Algorithm 3's (1 − β2)‖g_t‖²₂ where g_t ⊙ g_t belongs, and its
 *     Require line omits ε, as Algorithm 3's does.
 *   - Two parametrisations: Loshchilov & Hutter scale the decay by η_t only
 *     (L12); Lecture 17 and Topic 27 write it inside the learning rate's
 *     parenthesis, scaled by the whole step size (L21).  They are different
 *     hyper-parameters λ, not a slip of one formula: both are offered.
 *
 * Rounding: as adam.c, u = (α·m̂)/(√v̂ + ε); L12: θ − η_t·(u + λ·θ);
 * l2: θ − η_t·u; L21: θ − (η_t·α)·(m̂/(√v̂ + ε) + λ·θ).  L6: g + λ·θ.
 */
#include "../core/ws.h"

enum { ETA, ALPHA, BETA1, BETA2, EPS, LAMBDA };
enum { M, V, B1T, B2T, MHAT, VHAT };
enum { ADAMW, L2, ADAMW_LR };
enum { A, B, C1, C2, BC1, BC2, LR, NTMP };

static void adamw_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); /* L2 */
    }
    s_set_d(w->st[B1T][0], 1.0); s_set_d(w->st[B2T][0], 1.0); /* L2: β1^0, β2^0 */
}

/* θ_i after L12 (adamw, l2) or L21 (adamw_lr), from m̂_i and v̂_i. */
static void adamw_update(ws *w, size_t i, S_SRC eta)
{
    S_SRC alpha = w->hp[ALPHA], eps = w->hp[EPS], lambda = w->hp[LAMBDA];
    S_VEC theta = w->x;
    S_PTR a = w->tmp[A], b = w->tmp[B], mh = w->st[MHAT][i], vh = w->st[VHAT][i], lr = w->tmp[LR];

    if (w->variant == ADAMW_LR) {
        s_sqrt(b, vh); s_add(b, b, eps); s_div(a, mh, b);  /* L21: m̂/(√v̂ + ε) */
        s_mul(b, lambda, theta[i]); s_add(a, a, b);        /* L21: + λθ */
        s_mul(a, lr, a); s_sub(theta[i], theta[i], a);     /* L21 */
        return;
    }
    s_mul(a, alpha, mh); s_sqrt(b, vh); s_add(b, b, eps); s_div(a, a, b); /* L12: α m̂/(√v̂ + ε) */
    if (w->variant == ADAMW) {
        s_mul(b, lambda, theta[i]); s_add(a, a, b); /* L12: + λθ */
    }
    s_mul(a, eta, a); s_sub(theta[i], theta[i], a); /* L12 */
}

static void adamw_step(ws *w)
{
    S_SRC alpha = w->hp[ALPHA], beta1 = w->hp[BETA1], beta2 = w->hp[BETA2], lambda = w->hp[LAMBDA];
    S_VEC theta = w->x, g = w->g, m = w->st[M], v = w->st[V], mh = w->st[MHAT], vh = w->st[VHAT];
    S_PTR b1t = w->st[B1T][0], b2t = w->st[B2T][0];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2];
    S_PTR bc1 = w->tmp[BC1], bc2 = w->tmp[BC2], lr = w->tmp[LR];

    S_SRC eta = sched_eta(w); /* L11 */
    s_mul(lr, eta, alpha);    /* L21: the learning rate η_t·α */
    grad(w, g, theta); /* L5 */
    if (w->variant == L2) {
        for (size_t i = 0; i < w->n; i++) {
            s_mul(a, lambda, theta[i]); s_add(g[i], g[i], a); /* L6 */
        }
    }
    s_sub(c1, w->one, beta1);                        /* L7: 1 − β1 */
    s_sub(c2, w->one, beta2);                        /* L8: 1 − β2 */
    s_mul(b1t, b1t, beta1); s_sub(bc1, w->one, b1t); /* L9: 1 − β1^t */
    s_mul(b2t, b2t, beta2); s_sub(bc2, w->one, b2t); /* L10: 1 − β2^t */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, beta1, m[i]); s_mul(b, c1, g[i]); s_add(m[i], a, b);                   /* L7 */
        s_mul(a, g[i], g[i]); s_mul(b, c2, a); s_mul(a, beta2, v[i]); s_add(v[i], a, b); /* L8 */
        s_div(mh[i], m[i], bc1);                                                       /* L9 */
        s_div(vh[i], v[i], bc2);                                                       /* L10 */
        adamw_update(w, i, eta);
    }
}

OPTREF_ALGORITHM_IMPL(adamw) = { adamw_init, adamw_step };

#if OPTREF_META
static const optref_param adamw_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = 1.0, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP, .line = 11,
              .doc = "schedule multiplier η_t = schedule(t)·η0 (Loshchilov & Hutter's η_{t=0}; 1: none)" },
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 1e-3, .flags = OPTREF_P_POSITIVE,
                .doc = "step size (Loshchilov & Hutter: 0.001); adamw_lr: the learning rate is η_t·α" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "decay of the first moment, 0 <= β1 < 1" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT,
                .doc = "decay of the second moment, 0 <= β2 < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG,
              .doc = "added outside the root, after bias correction" },
    [LAMBDA] = { .name = "lambda", .symbol = "λ", .def = NAN, .flags = OPTREF_P_FINITE,
                 .doc = "l2: L2 factor; adamw: decay per unit η_t; adamw_lr: decay per unit lr (required)" },
};
static const optref_statevar adamw_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 7, .doc = "biased first moment" },
    [V] = { .name = "v", .symbol = "v", .line = 8, .doc = "biased second moment" },
    [B1T] = { .name = "b1t", .symbol = "β1^t", .extent = OPTREF_SCALAR, .line = 9,
              .doc = "β1^t, the running product of the bias correction" },
    [B2T] = { .name = "b2t", .symbol = "β2^t", .extent = OPTREF_SCALAR, .line = 10,
              .doc = "β2^t, the running product of the bias correction" },
    [MHAT] = { .name = "mhat", .symbol = "m̂", .internal = OPTREF_INTERMEDIATE, .line = 9,
               .doc = "bias-corrected first moment" },
    [VHAT] = { .name = "vhat", .symbol = "v̂", .internal = OPTREF_INTERMEDIATE, .line = 10,
               .doc = "bias-corrected second moment" },
};
static const optref_variant adamw_variants[] = {
    [ADAMW] = { .name = "adamw", .doc = "Loshchilov & Hutter Alg. 2: θ ← θ − η_t(α m̂/(√v̂ + ε) + λθ)",
                .x_line = 12, .g_line = 5 },
    [L2] = { .name = "l2", .doc = "Adam with L2: g ← ∇f + λθ, θ ← θ − η_t α m̂/(√v̂ + ε)",
             .x_line = 12, .g_line = 6 },
    [ADAMW_LR] = { .name = "adamw_lr", .doc = "Lecture 17 / PyTorch: θ ← θ − η_t α (m̂/(√v̂ + ε) + λθ)",
                   .x_line = 21, .g_line = 5 },
};
OPTREF_DECLARE_IMPLS(impl, adamw);
const optref_algorithm optref_adamw = {
    .name = "adamw",
    .title = "Adam with decoupled weight decay or L2 regularization",
    .source = "Loshchilov & Hutter 2019 Algorithm 2; Lecture 17 \"AdamW\"; Topic 27 Algorithm 6",
    .file = "ref/alg/adamw.c",
    .hp = adamw_hp, .nhp = OPTREF_COUNT(adamw_hp),
    .state = adamw_state, .nstate = OPTREF_COUNT(adamw_state),
    .variants = adamw_variants, .nvariants = OPTREF_COUNT(adamw_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adamw),
};
#endif
