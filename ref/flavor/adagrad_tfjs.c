/* adagrad_tfjs.c: TensorFlow.js's Adagrad, as tf.train.adagrad computes it:
 * flavor "adagrad-tfjs" of the lecture algorithm adagrad (ref/alg/adagrad.c).
 *
 * Source: TensorFlow.js 4.22.0 (npm @tensorflow/tfjs-core 4.22.0, pinned by
 * peers/package-lock.json), dist/optimizers/adagrad_optimizer.js,
 * AdagradOptimizer.applyGradients, on the cpu backend (float32 tensors).
 * The line numbers after each pseudocode line are that file's.
 *
 * Pseudocode (L0 is the first applyGradients' state, L1 tf.variableGrads):
 * @pseudocode
 *   L0   s ← s0 (initialAccumulatorValue)                  (49-53)
 *   L1   g ← ∇f(θ)
 *   L2   s ← s + g²                                        (63)
 *   L3   θ ← (g / √(s + ε)) (−lr) + θ                      (65)
 * @end
 *
 * Where tfjs differs from the lecture algorithm
 *   - The accumulator starts at initialAccumulatorValue s0, default 0.1
 *     (fill: s0 cast to float32), not at 0.
 *   - ε is inside the root (adagrad.c's eps_inside) but not a parameter:
 *     the backend's epsilon, 1e-7 on cpu (ENGINE.backend.epsilon()); the
 *     flavor takes it as epsilon so that other backends can be stated.
 *   - −lr is a float32 scalar; the cpu backend computes only in float32.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, S0, EPS };
enum { ACC };
enum { A, B, EPSF, NLRF, NTMP };

static void adagrad_tfjs_init(ws *w)
{
    s_to_fmt(w, w->tmp[A], w->hp[S0]); /* L0: fill casts s0 to float32 */
    for (size_t i = 0; i < w->n; i++)
        s_set(w->st[ACC][i], w->tmp[A]); /* L0 */
}

static void adagrad_tfjs_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, s = w->st[ACC];
    S_PTR a = w->tmp[A], b = w->tmp[B];
    S_SRC eps = w->tmp[EPSF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L3: lr_t */
    s_host_set(w->eta, w->eta);  /* L3: the learning rate is a JavaScript number */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                          /* L3: add */
    s_neg(w->tmp[A], w->eta); s_to_fmt(w, w->tmp[NLRF], w->tmp[A]); /* L3: -learningRate */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, g[i], g[i]); s_add(s[i], s[i], a);                          /* L2 */
        s_add(b, s[i], eps); s_sqrt(b, b); s_div(a, g[i], b); s_mul(a, a, nlr); /* L3 */
        s_add(theta[i], a, theta[i]);                                        /* L3 */
    }
}

OPTREF_ALGORITHM_IMPL(adagrad_tfjs) = { adagrad_tfjs_init, adagrad_tfjs_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adagrad_tfjs_hp[] = {
    [LR] = { .name = "learningRate", .symbol = "lr", .def = 1e-2, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 3, .doc = "learning rate (required by tf.train.adagrad)" },
    [S0] = { .name = "initialAccumulatorValue", .symbol = "s0", .def = 0.1, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "the accumulator's start, cast to float32 (tfjs default 0.1)" },
    [EPS] = { .name = "epsilon", .symbol = "ε", .def = 1e-7, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "inside the root: the backend's epsilon (1e-7 on cpu), not settable in tfjs" },
};
static const optref_statevar adagrad_tfjs_state[] = {
    [ACC] = { .name = "accumulator", .symbol = "s", .line = 2, .doc = "tfjs's weight NAME/accumulator" },
};
static const optref_variant adagrad_tfjs_variants[] = {
    { .name = "standard", .doc = "tf.train.adagrad(learningRate, initialAccumulatorValue)", .x_line = 3,
      .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adagrad_tfjs);
const optref_algorithm optref_flavor_adagrad_tfjs = {
    .name = "adagrad-tfjs",
    .title = "AdaGrad as TensorFlow.js's tf.train.adagrad computes it (cpu backend)",
    .source = "TensorFlow.js 4.22.0 tfjs-core dist/optimizers/adagrad_optimizer.js, applyGradients",
    .file = "ref/flavor/adagrad_tfjs.c",
    .hp = adagrad_tfjs_hp, .nhp = OPTREF_COUNT(adagrad_tfjs_hp),
    .state = adagrad_tfjs_state, .nstate = OPTREF_COUNT(adagrad_tfjs_state),
    .variants = adagrad_tfjs_variants, .nvariants = OPTREF_COUNT(adagrad_tfjs_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adagrad_tfjs),
    .flavor_of = "adagrad",
    .framework = "tfjs",
};
#endif
