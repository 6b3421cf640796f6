/* rmsprop_tfjs.c: TensorFlow.js's RMSprop, as tf.train.rmsprop computes it:
 * flavor "rmsprop-tfjs" of the lecture algorithm rmsprop (ref/alg/rmsprop.c).
 *
 * Source: TensorFlow.js 4.22.0 (npm @tensorflow/tfjs-core 4.22.0, pinned by
 * peers/package-lock.json), dist/optimizers/rmsprop_optimizer.js,
 * RMSPropOptimizer.applyGradients, on the cpu backend (float32 tensors).  The
 * line numbers after each pseudocode line are that file's.
 *
 * Pseudocode (L0 is the first applyGradients' state, L1 tf.variableGrads):
 * @pseudocode
 *   L0   s ← 0, b ← 0, ḡ ← 0                              (60-77)
 *   L1   g ← ∇f(θ)
 *   L2   s ← s ρ + g² (1 − ρ)                             (87, 102)
 *   L3   ḡ ← ḡ ρ + g (1 − ρ)                              (91, centered)
 *   L4   b ← b μ + (g lr) / √(s − (ḡ² + ε))               (92-93, centered)
 *   L5   b ← b μ + (g lr) / √(s + ε)                      (103, not centered)
 *   L6   θ ← θ − b                                        (97, 106)
 * @end
 *
 * Where tfjs differs from the lecture algorithm (Tieleman & Hinton; Lecture 17)
 *   - ε inside the root, as the lecture's eps_inside, but with the
 *     learning rate multiplying g before the division (L5).
 *   - centered: ε is subtracted with ḡ² inside the root, s − (ḡ² + ε)
 *     (L4), where Graves 2013 and torch add it, √(s − ḡ²) + ε.
 *   - The update always goes through the momentum buffer b (L4-L6); with
 *     μ = 0 it is the step itself, b = 0·b + step, exactly.
 *   - Constants: decay ρ (the lecture's γ), μ, lr, ε are JavaScript numbers
 *     (binary64); 1 − ρ is formed in binary64, then each number becomes a
 *     float32 scalar tensor where it meets a tensor.  With ρ = 0.9 the
 *     factor of L2 is binary32(binary64(1 − 0.9)), where rmsprop.c computes
 *     1 − binary32(0.9) exactly.
 *   - ε defaults to the backend's epsilon (1e-7 on cpu); ρ to 0.9.
 *   - The cpu backend computes only in float32.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, DECAY, MOM, EPS };
enum { RMS, MOMENTUM, MG };
enum { STANDARD, CENTERED };
enum { A, B, RF, CF, MUF, EPSF, LRF, NTMP };

static void rmsprop_tfjs_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[RMS][i], 0.0); s_set_d(w->st[MOMENTUM][i], 0.0); s_set_d(w->st[MG][i], 0.0); /* L0 */
    }
}

static void rmsprop_tfjs_constants(ws *w)
{
    s_to_fmt(w, w->tmp[RF], w->hp[DECAY]);                                             /* L2 L3: mul */
    s_host_sub(w->tmp[A], w->one, w->hp[DECAY]); s_to_fmt(w, w->tmp[CF], w->tmp[A]);   /* L2 L3: 1 - decay */
    s_to_fmt(w, w->tmp[MUF], w->hp[MOM]);                                              /* L4 L5: mul */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                             /* L4 L5: add */
    s_to_fmt(w, w->tmp[LRF], w->eta);                                                  /* L4 L5: mul */
}

static void rmsprop_tfjs_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, s = w->st[RMS], mom = w->st[MOMENTUM], mg = w->st[MG];
    S_PTR a = w->tmp[A], b = w->tmp[B];
    S_SRC rho = w->tmp[RF], c = w->tmp[CF], mu = w->tmp[MUF], eps = w->tmp[EPSF], lr = w->tmp[LRF];

    sched_eta(w);                /* L4 L5: lr_t */
    s_host_set(w->eta, w->eta);  /* L4 L5: the learning rate is a JavaScript number */
    grad(w, g, theta); /* L1 */
    rmsprop_tfjs_constants(w);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, s[i], rho); s_mul(b, g[i], g[i]); s_mul(b, b, c); s_add(s[i], a, b); /* L2 */
        if (w->variant == CENTERED) {
            s_mul(a, mg[i], rho); s_mul(b, g[i], c); s_add(mg[i], a, b);              /* L3 */
            s_mul(b, mg[i], mg[i]); s_add(b, b, eps); s_sub(b, s[i], b); s_sqrt(b, b); /* L4 */
        } else {
            s_add(b, s[i], eps); s_sqrt(b, b);                                        /* L5 */
        }
        s_mul(a, g[i], lr); s_div(a, a, b); s_mul(b, mom[i], mu); s_add(mom[i], b, a); /* L4 L5 */
        s_sub(theta[i], theta[i], mom[i]);                                            /* L6 */
    }
}

OPTREF_ALGORITHM_IMPL(rmsprop_tfjs) = { rmsprop_tfjs_init, rmsprop_tfjs_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param rmsprop_tfjs_hp[] = {
    [LR] = { .name = "learningRate", .symbol = "lr", .def = 1e-3, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 5, .doc = "learning rate (required by tf.train.rmsprop)" },
    [DECAY] = { .name = "decay", .symbol = "ρ", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the averages, the lecture's γ (tfjs default 0.9)" },
    [MOM] = { .name = "momentum", .symbol = "μ", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "momentum of the buffer of steps (tfjs default 0)" },
    [EPS] = { .name = "epsilon", .symbol = "ε", .def = 1e-7, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "inside the root (tfjs default: the backend's epsilon, 1e-7 on cpu)" },
};
static const optref_statevar rmsprop_tfjs_state[] = {
    [RMS] = { .name = "rms", .symbol = "s", .line = 2, .doc = "tfjs's weight NAME/rms" },
    [MOMENTUM] = { .name = "momentum", .symbol = "b", .line = 5, .doc = "tfjs's weight NAME/momentum: the steps" },
    [MG] = { .name = "mg", .symbol = "ḡ", .vmask = 1u << CENTERED, .line = 3,
             .doc = "tfjs's weight NAME/mg (centered)" },
};
static const optref_variant rmsprop_tfjs_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "tf.train.rmsprop(lr, decay, momentum, epsilon, false)",
                   .x_line = 6, .g_line = 1 },
    [CENTERED] = { .name = "centered", .doc = "tf.train.rmsprop(..., true): √(s − (ḡ² + ε))",
                   .x_line = 6, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, rmsprop_tfjs);
const optref_algorithm optref_flavor_rmsprop_tfjs = {
    .name = "rmsprop-tfjs",
    .title = "RMSprop (centered, momentum) as TensorFlow.js's tf.train.rmsprop computes it (cpu backend)",
    .source = "TensorFlow.js 4.22.0 tfjs-core dist/optimizers/rmsprop_optimizer.js, applyGradients",
    .file = "ref/flavor/rmsprop_tfjs.c",
    .hp = rmsprop_tfjs_hp, .nhp = OPTREF_COUNT(rmsprop_tfjs_hp),
    .state = rmsprop_tfjs_state, .nstate = OPTREF_COUNT(rmsprop_tfjs_state),
    .variants = rmsprop_tfjs_variants, .nvariants = OPTREF_COUNT(rmsprop_tfjs_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, rmsprop_tfjs),
    .flavor_of = "rmsprop",
    .framework = "tfjs",
};
#endif
