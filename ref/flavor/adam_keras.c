/* adam_keras.c: Keras 3's Adam, as keras.optimizers.Adam computes it: flavor
 * "adam-keras" of the lecture algorithm adam (ref/alg/adam.c).
 *
 * Source: keras-team/keras at 3422977a5e38 (2026-08-21, Keras 3),
 * keras/src/optimizers/adam.py, Adam.update_step (the backend-independent
 * step; keras/src/optimizers/base_optimizer.py for the learning-rate
 * variable).  The line numbers after each pseudocode line are adam.py's.
 *
 * Pseudocode (L0 is build()'s zero slots, L1 the backend's gradient):
 * @pseudocode
 *   L0   m ← 0, v ← 0, v̂ ← 0                              (build)
 *   L1   g ← ∇f(θ)
 *   L2   p1 ← β1^t,  p2 ← β2^t      (in the variable's dtype)  (106-112)
 *   L3   α_t ← lr √(1 − p2) / (1 − p1)                     (117)
 *   L4   m ← m + (g − m)(1 − β1)                           (119-121)
 *   L5   v ← v + (g² − v)(1 − β2)                          (122-127)
 *   L6   v̂ ← max(v̂, v)                                     (128-131, amsgrad)
 *   L7   θ ← θ − (m α_t) / (√v + ε)       (amsgrad: √v̂)    (132-137)
 * @end
 *
 * Where Keras differs from the lecture algorithm (Kingma & Ba Algorithm 1)
 *   - The ε̂ form, Kingma & Ba's "formulation just before section 2.1": the
 *     bias corrections go into the step size α_t (L3) and ε is added to √v,
 *     not to √v̂.  In exact arithmetic it equals Algorithm 1 with
 *     ε̂ = ε √(1 − β2^t); the two differ by ~1e-6 per step when √v̂ is near
 *     ε (optax#571, pytorch#104857).
 *   - The moments as increments, m + (g − m)(1 − β1) (L4, L5).
 *   - ε defaults to 1e-7.
 *   - Constants: β1, β2, ε are Python floats; 1 − β1 and 1 − β2 are formed
 *     in binary64, each becomes a tensor of the variable's dtype F where it
 *     meets one; β^t is computed in F from β cast to F (L2), and so are
 *     α_t's root and quotient.  The learning rate is a variable of
 *     keras.config.floatx(): this flavor takes floatx = F (for float64
 *     variables under the default floatx float32, Keras's lr is
 *     binary32(lr)), so lr is rounded to F like the lecture's inputs.
 *   - amsgrad (variant "amsgrad"): the max of the raw v, as torch.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, BETA1, BETA2, EPS };
enum { M, V, VHAT };
enum { STANDARD, AMSGRAD };
enum { A, B, T, P1, P2, AL, B1F, B2F, C1F, C2F, EPSF, NTMP };

static void adam_keras_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); s_set_d(w->st[VHAT][i], 0.0); /* L0 */
    }
}

static void adam_keras_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, m = w->st[M], v = w->st[V], vh = w->st[VHAT];
    S_PTR a = w->tmp[A], b = w->tmp[B], t = w->tmp[T], p1 = w->tmp[P1], p2 = w->tmp[P2], al = w->tmp[AL];
    S_SRC c1 = w->tmp[C1F], c2 = w->tmp[C2F], eps = w->tmp[EPSF];

    S_SRC lr = sched_eta(w); /* L3: lr (a floatx variable: rounded to F as an input) */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[B1F], w->hp[BETA1]); s_to_fmt(w, w->tmp[B2F], w->hp[BETA2]);  /* L2: cast(beta, dtype) */
    s_set_si(t, w->t); s_pow(p1, w->tmp[B1F], t); s_pow(p2, w->tmp[B2F], t);         /* L2 */
    s_sub(a, w->one, p2); s_sqrt(a, a); s_mul(a, lr, a); s_sub(b, w->one, p1); s_div(al, a, b); /* L3 */
    s_host_sub(a, w->one, w->hp[BETA1]); s_to_fmt(w, w->tmp[C1F], a);                /* L4: 1 - beta_1 */
    s_host_sub(a, w->one, w->hp[BETA2]); s_to_fmt(w, w->tmp[C2F], a);                /* L5: 1 - beta_2 */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                           /* L7: add */
    for (size_t i = 0; i < w->n; i++) {
        s_sub(a, g[i], m[i]); s_mul(a, a, c1); s_add(m[i], m[i], a);                   /* L4 */
        s_mul(a, g[i], g[i]); s_sub(a, a, v[i]); s_mul(a, a, c2); s_add(v[i], v[i], a); /* L5 */
        if (w->variant == AMSGRAD)
            s_max(vh[i], vh[i], v[i]);                                                 /* L6 */
        s_sqrt(b, w->variant == AMSGRAD ? vh[i] : v[i]); s_add(b, b, eps);             /* L7 */
        s_mul(a, m[i], al); s_div(a, a, b); s_sub(theta[i], theta[i], a);              /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(adam_keras) = { adam_keras_init, adam_keras_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adam_keras_hp[] = {
    [LR] = { .name = "learning_rate", .symbol = "lr", .def = 1e-3, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP,
             .line = 3, .doc = "learning rate, a variable of floatx (Keras default 0.001)" },
    [BETA1] = { .name = "beta_1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the first moment, 0 <= β1 < 1 (Keras default 0.9)" },
    [BETA2] = { .name = "beta_2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the second moment, 0 <= β2 < 1 (Keras default 0.999)" },
    [EPS] = { .name = "epsilon", .symbol = "ε", .def = 1e-7, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "added to √v, before the bias correction: the ε̂ form (Keras default 1e-7)" },
};
static const optref_statevar adam_keras_state[] = {
    [M] = { .name = "momentum", .symbol = "m", .line = 4, .doc = "Keras's _momentums slot" },
    [V] = { .name = "velocity", .symbol = "v", .line = 5, .doc = "Keras's _velocities slot" },
    [VHAT] = { .name = "velocity_hat", .symbol = "v̂", .vmask = 1u << AMSGRAD, .line = 6,
               .doc = "Keras's _velocity_hats slot (amsgrad=True)" },
};
static const optref_variant adam_keras_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "keras.optimizers.Adam(amsgrad=False): lr√(1 − β2^t)/(1 − β1^t)·m/(√v + ε)",
                   .x_line = 7, .g_line = 1 },
    [AMSGRAD] = { .name = "amsgrad", .doc = "keras.optimizers.Adam(amsgrad=True): max of the raw v", .x_line = 7,
                  .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adam_keras);
const optref_algorithm optref_flavor_adam_keras = {
    .name = "adam-keras",
    .title = "Adam as Keras 3's keras.optimizers.Adam computes it (the ε̂ form)",
    .source = "keras-team/keras 3422977a5e38 keras/src/optimizers/adam.py, Adam.update_step",
    .file = "ref/flavor/adam_keras.c",
    .hp = adam_keras_hp, .nhp = OPTREF_COUNT(adam_keras_hp),
    .state = adam_keras_state, .nstate = OPTREF_COUNT(adam_keras_state),
    .variants = adam_keras_variants, .nvariants = OPTREF_COUNT(adam_keras_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adam_keras),
    .flavor_of = "adam",
    .framework = "keras",
};
#endif
