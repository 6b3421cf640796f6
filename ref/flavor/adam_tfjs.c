/* adam_tfjs.c: TensorFlow.js's Adam, as tf.train.adam computes it: flavor
 * "adam-tfjs" of the lecture algorithm adam (ref/alg/adam.c).
 *
 * Source: TensorFlow.js 4.22.0 (npm @tensorflow/tfjs-core 4.22.0, pinned by
 * peers/package-lock.json), dist/optimizers/adam_optimizer.js,
 * AdamOptimizer.applyGradients, on the cpu backend (float32 tensors).  The
 * line numbers after each pseudocode line are that file's.
 *
 * Pseudocode (L0 is the constructor's and the first applyGradients' state,
 * L1 tf.variableGrads before applyGradients):
 * @pseudocode
 *   L0   m ← 0, v ← 0, a1 ← β1, a2 ← β2                  (47-48, 68-79)
 *   L1   g ← ∇f(θ)
 *   L2   c1 ← 1 − a1,  c2 ← 1 − a2                       (59-60)
 *   L3   m ← m β1 + g (1 − β1)                           (84)
 *   L4   v ← v β2 + g² (1 − β2)                          (85)
 *   L5   m̂ ← m / c1,  v̂ ← v / c2                         (86-87)
 *   L6   θ ← (m̂ / (√v̂ + ε)) (−lr) + θ                    (90)
 *   L7   a1 ← a1 β1,  a2 ← a2 β2                         (93-94)
 * @end
 *
 * Where tfjs differs from the lecture algorithm (Kingma & Ba Algorithm 1)
 *   - The constants: learningRate, β1, β2, ε are JavaScript numbers
 *     (binary64).  1 − β1 and 1 − β2 are formed in binary64 by JavaScript,
 *     then each number becomes a float32 scalar tensor where it meets a
 *     tensor (mul, add: tfjs infers 'float32' for a number).  So the factor
 *     of L4 is binary32(binary64(1 − 0.999)) = 0.001f, where adam.c, from β2
 *     rounded to binary32, computes 1 − binary32(0.999) exactly: 111 to 218
 *     ULP apart at t = 1 (doc/peers.md).
 *   - β1^t, β2^t are running products a1, a2 kept as float32 scalar
 *     variables (scalar(beta1).variable()), multiplied by β1 after each step
 *     (L7), as adam.c's b1t; exported as the scalars accBeta1, accBeta2
 *     (tfjs's field names).
 *   - ε defaults to the backend's epsilon (1e-7 on cpu), not 1e-8; the
 *     update is multiplied by −lr and added (L6).
 *   - The cpu backend computes only in float32: runs in other formats have
 *     no tfjs counterpart.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, BETA1, BETA2, EPS };
enum { M, V, A1, A2 };
enum { A, B, C1, C2, MH, VH, B1F, B2F, C1F, C2F, EPSF, NLRF, NTMP };

static void adam_tfjs_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); /* L0 */
    }
    s_to_fmt(w, w->st[A1][0], w->hp[BETA1]); s_to_fmt(w, w->st[A2][0], w->hp[BETA2]); /* L0: scalar(beta) */
}

/* Each JavaScript number as a float32 tensor, the two 1 − β formed in binary64 first. */
static void adam_tfjs_constants(ws *w)
{
    s_to_fmt(w, w->tmp[B1F], w->hp[BETA1]);                                            /* L3: mul */
    s_host_sub(w->tmp[A], w->one, w->hp[BETA1]); s_to_fmt(w, w->tmp[C1F], w->tmp[A]);  /* L3: 1 - beta1 */
    s_to_fmt(w, w->tmp[B2F], w->hp[BETA2]);                                            /* L4: mul */
    s_host_sub(w->tmp[A], w->one, w->hp[BETA2]); s_to_fmt(w, w->tmp[C2F], w->tmp[A]);  /* L4: 1 - beta2 */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                             /* L6: add */
    s_neg(w->tmp[A], w->eta); s_to_fmt(w, w->tmp[NLRF], w->tmp[A]);                    /* L6: -learningRate */
}

static void adam_tfjs_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, m = w->st[M], v = w->st[V];
    S_PTR a1 = w->st[A1][0], a2 = w->st[A2][0];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2], mh = w->tmp[MH], vh = w->tmp[VH];
    S_SRC b1 = w->tmp[B1F], b2 = w->tmp[B2F], k1 = w->tmp[C1F], k2 = w->tmp[C2F];
    S_SRC eps = w->tmp[EPSF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L6: lr_t */
    s_host_set(w->eta, w->eta);  /* L6: the learning rate is a JavaScript number */
    grad(w, g, theta); /* L1 */
    adam_tfjs_constants(w);
    s_sub(c1, w->one, a1); s_sub(c2, w->one, a2); /* L2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, m[i], b1); s_mul(b, g[i], k1); s_add(m[i], a, b);                     /* L3 */
        s_mul(b, g[i], g[i]); s_mul(b, b, k2); s_mul(a, v[i], b2); s_add(v[i], a, b);  /* L4 */
        s_div(mh, m[i], c1); s_div(vh, v[i], c2);                                      /* L5 */
        s_sqrt(b, vh); s_add(b, b, eps); s_div(a, mh, b); s_mul(a, a, nlr);            /* L6 */
        s_add(theta[i], a, theta[i]);                                                  /* L6 */
    }
    s_mul(a1, a1, b1); s_mul(a2, a2, b2); /* L7 */
}

OPTREF_ALGORITHM_IMPL(adam_tfjs) = { adam_tfjs_init, adam_tfjs_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adam_tfjs_hp[] = {
    [LR] = { .name = "learningRate", .symbol = "lr", .def = 1e-3, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 6, .doc = "learning rate (tf.train.adam's default 0.001)" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the first moment, 0 <= β1 < 1 (tfjs default 0.9)" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the second moment, 0 <= β2 < 1 (tfjs default 0.999)" },
    [EPS] = { .name = "epsilon", .symbol = "ε", .def = 1e-7, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "added to √v̂ (tfjs default: the backend's epsilon, 1e-7 on cpu)" },
};
static const optref_statevar adam_tfjs_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 3, .doc = "tfjs's weight NAME/m" },
    [V] = { .name = "v", .symbol = "v", .line = 4, .doc = "tfjs's weight NAME/v" },
    [A1] = { .name = "accBeta1", .symbol = "a1", .extent = OPTREF_SCALAR, .line = 7,
             .doc = "tfjs's accBeta1: β1^t as a float32 running product" },
    [A2] = { .name = "accBeta2", .symbol = "a2", .extent = OPTREF_SCALAR, .line = 7,
             .doc = "tfjs's accBeta2: β2^t as a float32 running product" },
};
static const optref_variant adam_tfjs_variants[] = {
    { .name = "standard", .doc = "tf.train.adam(learningRate, beta1, beta2, epsilon)", .x_line = 6, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adam_tfjs);
const optref_algorithm optref_flavor_adam_tfjs = {
    .name = "adam-tfjs",
    .title = "Adam as TensorFlow.js's tf.train.adam computes it (cpu backend)",
    .source = "TensorFlow.js 4.22.0 tfjs-core dist/optimizers/adam_optimizer.js, applyGradients",
    .file = "ref/flavor/adam_tfjs.c",
    .hp = adam_tfjs_hp, .nhp = OPTREF_COUNT(adam_tfjs_hp),
    .state = adam_tfjs_state, .nstate = OPTREF_COUNT(adam_tfjs_state),
    .variants = adam_tfjs_variants, .nvariants = OPTREF_COUNT(adam_tfjs_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adam_tfjs),
    .flavor_of = "adam",
    .framework = "tfjs",
};
#endif
