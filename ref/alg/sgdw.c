/* sgdw.c: SGD with momentum and L2 regularization, and SGD with momentum and
 * decoupled weight decay (SGDW).
 *
 * Sources
 *   - I. Loshchilov, F. Hutter, "Decoupled weight decay regularization",
 *     ICLR 2019, Algorithm 1 (quoted in STATS 403 lecture 2, "SGDW and
 *     AdamW"): the line numbers below are its own.  Its line 6 carries the
 *     L2 term (variant l2), its line 9 the decoupled decay (variant sgdw).
 *   - Topic 27 (HKUST), Proposition 1 (the paper's Proposition 1): without
 *     momentum, decay λ equals L2 with factor λ/α (tests/test_sgdw.c).
 *   - Variant sgdw_lr: the decay scaled by the whole learning rate η_t α, as
 *     Keras's SGD(weight_decay=) and PyTorch-style "lr·λ" decays do
 *     (../shared notes, conventions §2.6); line L19 below, not a line of
 *     Algorithm 1.
 *
 * @pseudocode
 *   L2  m_0 ← 0
 *   L5  ∇f_t(θ_{t−1}) ← SelectBatch(θ_{t−1})
 *   L6  g_t ← ∇f_t(θ_{t−1}) + λθ_{t−1}       (l2; sgdw: g_t ← ∇f_t(θ_{t−1}))
 *   L7  η_t ← SetScheduleMultiplier(t)
 *   L8  m_t ← β1 m_{t−1} + η_t α g_t
 *   L9  θ_t ← θ_{t−1} − m_t − η_t λθ_{t−1}    (sgdw; l2: θ_t ← θ_{t−1} − m_t)
 *   L19 θ_t ← θ_{t−1} − m_t − η_t α λθ_{t−1}  (sgdw_lr)
 * @end
 *
 * α and η_t: as in adamw.c.  The step-size hyper-parameter of the schedule
 * seam is eta, the multiplier's start η_{t=0} (default 1); sched_eta is the
 * paper's η_t, α is a constant, and the decay of L9 is scaled by η_t only.
 * The momentum is Sutskever's form with the learning rate inside the buffer
 * (momentum.c's v ← γv + ηg with γ = β1, η = η_t α), so variant l2 on f is
 * momentum on f + (λ/2)‖θ‖² in exact arithmetic (tests/test_sgdw.c).
 *
 * Slips noticed
 *   - STATS 403, Algorithm 1, line 2: "first moment vector m_{t=0} ← θ"; the
 *     paper initialises it to 0 (a buffer started at θ would add β1^t θ_0 to
 *     the steps).
 *   - STATS 403, Algorithm 1, line 9 reads "θ_t ← θ_{t−1} m_t η_t λθ_{t−1}":
 *     the extraction lost both minus signs, θ_{t−1} − m_t − η_t λθ_{t−1}.
 *   - As in Algorithm 2, the slide shows line 6's +λθ_{t−1} and line 9's
 *     −η_t λθ_{t−1} together; in the paper they are colour-coded
 *     alternatives: variants l2 and sgdw here.
 *
 * Rounding: L6 is g + (λ·θ); L8 is (β1·m) + ((η_t·α)·g), η_t·α once a step;
 * L9 is (θ − m) − ((η_t·λ)·θ_{t−1}), η_t·λ once a step; L19 the same with
 * (η_t·α)·λ.
 */
#include "../core/ws.h"

enum { ETA, ALPHA, BETA1, LAMBDA };
enum { M };
enum { SGDW, L2, SGDW_LR };
enum { A, B, EA, EL, NTMP };

static void sgdw_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[M][i], 0.0); /* L2 */
}

static void sgdw_step(ws *w)
{
    S_SRC alpha = w->hp[ALPHA], beta1 = w->hp[BETA1], lambda = w->hp[LAMBDA];
    S_VEC theta = w->x, g = w->g, m = w->st[M];
    S_PTR a = w->tmp[A], b = w->tmp[B], ea = w->tmp[EA], el = w->tmp[EL];

    grad(w, g, theta); /* L5 */
    S_SRC eta = sched_eta(w); /* L7 */
    s_mul(ea, eta, alpha);    /* L8: η_t α */
    if (w->variant == SGDW_LR) {
        s_mul(el, ea, lambda); /* L19: η_t α λ */
    } else {
        s_mul(el, eta, lambda); /* L9: η_t λ */
    }
    for (size_t i = 0; i < w->n; i++) {
        if (w->variant == L2) {
            s_mul(a, lambda, theta[i]); s_add(g[i], g[i], a); /* L6 */
        }
        s_mul(a, beta1, m[i]); s_mul(b, ea, g[i]); s_add(m[i], a, b); /* L8 */
        if (w->variant == SGDW) {
            s_mul(a, el, theta[i]); s_sub(b, theta[i], m[i]); s_sub(theta[i], b, a); /* L9 */
        } else if (w->variant == SGDW_LR) {
            s_mul(a, el, theta[i]); s_sub(b, theta[i], m[i]); s_sub(theta[i], b, a); /* L19 */
        } else {
            s_sub(theta[i], theta[i], m[i]); /* L9 */
        }
    }
}

OPTREF_ALGORITHM_IMPL(sgdw) = { sgdw_init, sgdw_step };

#if OPTREF_META
static const optref_param sgdw_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = 1.0, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP, .line = 7,
              .doc = "schedule multiplier η_t = schedule(t)·η0 (Loshchilov & Hutter's η_{t=0}; 1: none)" },
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = NAN, .flags = OPTREF_P_POSITIVE,
                .doc = "initial learning rate α (required)" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "momentum factor, 0 <= β1 < 1" },
    [LAMBDA] = { .name = "lambda", .symbol = "λ", .def = NAN, .flags = OPTREF_P_FINITE,
                 .doc = "l2: L2 factor; sgdw: decay per unit η_t; sgdw_lr: decay per unit η_t α (required)" },
};
static const optref_statevar sgdw_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 8, .doc = "momentum buffer of scaled gradients η_t α g" },
};
static const optref_variant sgdw_variants[] = {
    [SGDW] = { .name = "sgdw", .doc = "Loshchilov & Hutter Alg. 1: m ← β1 m + η_t α ∇f, θ ← θ − m − η_t λθ",
               .x_line = 9, .g_line = 5 },
    [L2] = { .name = "l2", .doc = "SGD with momentum and L2: g ← ∇f + λθ, m ← β1 m + η_t α g, θ ← θ − m",
             .x_line = 9, .g_line = 6 },
    [SGDW_LR] = { .name = "sgdw_lr", .doc = "decay scaled by the learning rate: θ ← θ − m − η_t α λθ",
                  .x_line = 19, .g_line = 5 },
};
OPTREF_DECLARE_IMPLS(impl, sgdw);
const optref_algorithm optref_sgdw = {
    .name = "sgdw",
    .title = "SGD with momentum, decoupled weight decay or L2 regularization",
    .source = "Loshchilov & Hutter 2019 Algorithm 1; STATS 403 lecture 2",
    .file = "ref/alg/sgdw.c",
    .hp = sgdw_hp, .nhp = OPTREF_COUNT(sgdw_hp),
    .state = sgdw_state, .nstate = OPTREF_COUNT(sgdw_state),
    .variants = sgdw_variants, .nvariants = OPTREF_COUNT(sgdw_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, sgdw),
};
#endif
