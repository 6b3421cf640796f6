/* adadelta_tfjs.c: TensorFlow.js's Adadelta, as tf.train.adadelta computes it:
 * flavor "adadelta-tfjs" of the lecture algorithm adadelta (ref/alg/adadelta.c).
 *
 * Source: TensorFlow.js 4.22.0 (npm @tensorflow/tfjs-core 4.22.0, pinned by
 * peers/package-lock.json), dist/optimizers/adadelta_optimizer.js,
 * AdadeltaOptimizer.applyGradients, on the cpu backend (float32 tensors).
 * The line numbers after each pseudocode line are that file's.
 *
 * Pseudocode (L0 is the first applyGradients' state, L1 tf.variableGrads):
 * @pseudocode
 *   L0   s ← 0, u ← 0                                      (52-63)
 *   L1   g ← ∇f(θ)
 *   L2   s′ ← s ρ + g² (1 − ρ)                             (74)
 *   L3   δ ← √(u + ε) / √(s + ε) · g     (s of step t − 1)  (75)
 *   L4   u ← u ρ + δ² (1 − ρ)                              (76)
 *   L5   s ← s′                                            (77)
 *   L6   θ ← δ (−lr) + θ                                   (79)
 * @end
 *
 * Where tfjs differs from the lecture algorithm (Zeiler 2012 Algorithm 1)
 *   - The step divides by the root of the previous step's E[g²] (L3 reads
 *     s before L5 stores s′): Zeiler's step 5 uses E[g²]_t, just updated.
 *     At t = 1 the step is √ε/√ε·g = g whatever ε, so a tfjs run fails the
 *     lecture algorithm at its first step (doc/peers.md).
 *   - A learning rate multiplies the step (L6; tfjs requires it, Zeiler
 *     has none: lr = 1 is his update); ε defaults to the backend's epsilon
 *     (1e-7 on cpu).
 *   - Constants: ρ, ε, −lr are JavaScript numbers cast to float32 scalars
 *     where they meet a tensor; 1 − ρ is formed in binary64 first.
 *   - The cpu backend computes only in float32.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, RHO, EPS };
enum { AG, AV };
enum { A, B, D, SN, RF, CF, EPSF, NLRF, NTMP };

static void adadelta_tfjs_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[AG][i], 0.0); s_set_d(w->st[AV][i], 0.0); /* L0 */
    }
}

static void adadelta_tfjs_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, s = w->st[AG], u = w->st[AV];
    S_PTR a = w->tmp[A], b = w->tmp[B], d = w->tmp[D], sn = w->tmp[SN];
    S_SRC rho = w->tmp[RF], c = w->tmp[CF], eps = w->tmp[EPSF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L6: lr_t */
    s_host_set(w->eta, w->eta);  /* L6: the learning rate is a JavaScript number */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[RF], w->hp[RHO]);                                           /* L2 L4: mul */
    s_host_sub(w->tmp[A], w->one, w->hp[RHO]); s_to_fmt(w, w->tmp[CF], w->tmp[A]); /* L2 L4: 1 - rho */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                         /* L3: add */
    s_neg(w->tmp[A], w->eta); s_to_fmt(w, w->tmp[NLRF], w->tmp[A]);                /* L6: -learningRate */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, s[i], rho); s_mul(b, g[i], g[i]); s_mul(b, b, c); s_add(sn, a, b);   /* L2 */
        s_add(d, u[i], eps); s_sqrt(d, d); s_add(b, s[i], eps); s_sqrt(b, b);         /* L3 */
        s_div(d, d, b); s_mul(d, d, g[i]);                                            /* L3 */
        s_mul(a, u[i], rho); s_mul(b, d, d); s_mul(b, b, c); s_add(u[i], a, b);       /* L4 */
        s_set(s[i], sn);                                                              /* L5 */
        s_mul(a, d, nlr); s_add(theta[i], a, theta[i]);                               /* L6 */
    }
}

OPTREF_ALGORITHM_IMPL(adadelta_tfjs) = { adadelta_tfjs_init, adadelta_tfjs_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adadelta_tfjs_hp[] = {
    [LR] = { .name = "learningRate", .symbol = "lr", .def = 1e-3, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 6, .doc = "learning rate (tf.train.adadelta's default 0.001; 1 is Zeiler's update)" },
    [RHO] = { .name = "rho", .symbol = "ρ", .def = 0.95, .flags = OPTREF_P_UNIT | HOST,
              .doc = "decay of both averages (tfjs default 0.95)" },
    [EPS] = { .name = "epsilon", .symbol = "ε", .def = 1e-7, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "inside both roots (tfjs default: the backend's epsilon, 1e-7 on cpu)" },
};
static const optref_statevar adadelta_tfjs_state[] = {
    [AG] = { .name = "accum_grad", .symbol = "s", .line = 5, .doc = "tfjs's weight NAME/accum_grad (Zeiler's E[g²])" },
    [AV] = { .name = "accum_var", .symbol = "u", .line = 4, .doc = "tfjs's weight NAME/accum_var (Zeiler's E[Δx²])" },
};
static const optref_variant adadelta_tfjs_variants[] = {
    { .name = "standard", .doc = "tf.train.adadelta(learningRate, rho, epsilon)", .x_line = 6, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adadelta_tfjs);
const optref_algorithm optref_flavor_adadelta_tfjs = {
    .name = "adadelta-tfjs",
    .title = "Adadelta as TensorFlow.js's tf.train.adadelta computes it (cpu backend)",
    .source = "TensorFlow.js 4.22.0 tfjs-core dist/optimizers/adadelta_optimizer.js, applyGradients",
    .file = "ref/flavor/adadelta_tfjs.c",
    .hp = adadelta_tfjs_hp, .nhp = OPTREF_COUNT(adadelta_tfjs_hp),
    .state = adadelta_tfjs_state, .nstate = OPTREF_COUNT(adadelta_tfjs_state),
    .variants = adadelta_tfjs_variants, .nvariants = OPTREF_COUNT(adadelta_tfjs_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adadelta_tfjs),
    .flavor_of = "adadelta",
    .framework = "tfjs",
};
#endif
