/* momentum_tfjs.c: TensorFlow.js's momentum optimizer, as tf.train.momentum
 * computes it: flavor "momentum-tfjs" of the lecture algorithm momentum
 * (ref/alg/momentum.c); its variant nesterov is tfjs's useNesterov.
 *
 * Source: TensorFlow.js 4.22.0 (npm @tensorflow/tfjs-core 4.22.0, pinned by
 * peers/package-lock.json), dist/optimizers/momentum_optimizer.js,
 * MomentumOptimizer.applyGradients, and sgd_optimizer.js (this.c), on the
 * cpu backend (float32 tensors).  The line numbers after each pseudocode
 * line are momentum_optimizer.js's.
 *
 * Pseudocode (L0 is the first applyGradients' state, L1 tf.variableGrads):
 * @pseudocode
 *   L0   b ← 0                                             (49-53)
 *   L1   g ← ∇f(θ)
 *   L2   b ← μ b + g                                       (64)
 *   L3   θ ← (−lr) b + θ                                   (69, useNesterov false)
 *   L4   θ ← (−lr)(g + b μ) + θ                            (66, useNesterov true)
 * @end
 *
 * Where tfjs differs from the lecture algorithm (Polyak; Lecture 11.5)
 *   - The buffer accumulates raw gradients, b = v/η, and the learning rate
 *     multiplies it when stepping (L3): the same x in exact arithmetic with
 *     a constant η, other roundings, and another state.  PyTorch does the
 *     same but sets b ← g at its first step, which equals μ·0 + g here.
 *   - Nesterov (L4): the step g + μb with the new buffer (Sutskever's
 *     look-ahead rewritten, as torch's nesterov=True), not nesterov.c's forms.
 *   - Constants: μ (scalar(momentum)) and −lr (scalar(-learningRate)) are
 *     float32 scalars; the cpu backend computes only in float32.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, MOM };
enum { BUF };
enum { STANDARD, NESTEROV };
enum { A, MUF, NLRF, NTMP };

static void momentum_tfjs_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[BUF][i], 0.0); /* L0 */
}

static void momentum_tfjs_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, buf = w->st[BUF];
    S_PTR a = w->tmp[A];
    S_SRC mu = w->tmp[MUF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L3 L4: lr_t */
    s_host_set(w->eta, w->eta);  /* L3 L4: the learning rate is a JavaScript number */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[MUF], w->hp[MOM]);                           /* L2 L4: scalar(momentum) */
    s_neg(w->tmp[A], w->eta); s_to_fmt(w, w->tmp[NLRF], w->tmp[A]); /* L3 L4: scalar(-learningRate) */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, mu, buf[i]); s_add(buf[i], a, g[i]);                       /* L2 */
        if (w->variant == NESTEROV) {
            s_mul(a, buf[i], mu); s_add(a, g[i], a); s_mul(a, nlr, a);      /* L4 */
            s_add(theta[i], a, theta[i]);                                   /* L4 */
        } else {
            s_mul(a, nlr, buf[i]); s_add(theta[i], a, theta[i]);            /* L3 */
        }
    }
}

OPTREF_ALGORITHM_IMPL(momentum_tfjs) = { momentum_tfjs_init, momentum_tfjs_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param momentum_tfjs_hp[] = {
    [LR] = { .name = "learningRate", .symbol = "lr", .def = 1e-2, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 3, .doc = "learning rate (required by tf.train.momentum)" },
    [MOM] = { .name = "momentum", .symbol = "μ", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
              .doc = "momentum, 0 <= μ < 1 (required by tf.train.momentum)" },
};
static const optref_statevar momentum_tfjs_state[] = {
    [BUF] = { .name = "momentum", .symbol = "b", .line = 2, .doc = "tfjs's weight NAME/momentum: the raw-gradient buffer" },
};
static const optref_variant momentum_tfjs_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "tf.train.momentum(learningRate, momentum)", .x_line = 3, .g_line = 1 },
    [NESTEROV] = { .name = "nesterov", .doc = "tf.train.momentum(learningRate, momentum, true): g + μb",
                   .x_line = 4, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, momentum_tfjs);
const optref_algorithm optref_flavor_momentum_tfjs = {
    .name = "momentum-tfjs",
    .title = "Momentum (and Nesterov) as TensorFlow.js's tf.train.momentum computes it (cpu backend)",
    .source = "TensorFlow.js 4.22.0 tfjs-core dist/optimizers/momentum_optimizer.js, applyGradients",
    .file = "ref/flavor/momentum_tfjs.c",
    .hp = momentum_tfjs_hp, .nhp = OPTREF_COUNT(momentum_tfjs_hp),
    .state = momentum_tfjs_state, .nstate = OPTREF_COUNT(momentum_tfjs_state),
    .variants = momentum_tfjs_variants, .nvariants = OPTREF_COUNT(momentum_tfjs_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, momentum_tfjs),
    .flavor_of = "momentum",
    .framework = "tfjs",
};
#endif
