/* adam_optax.c: optax's Adam, as optax.adam computes it: flavor "adam-optax"
 * of the lecture algorithm adam (ref/alg/adam.c).
 *
 * Source: google-deepmind/optax at 2edbcbe2390d (2026-08-07):
 * optax/_src/alias.py adam = chain(scale_by_adam, scale_by_learning_rate);
 * optax/_src/transform.py scale_by_adam.update_fn (line numbers below, "T"),
 * optax/tree_utils/_tree_math.py update_moment, update_moment_per_elem_norm,
 * bias_correction ("M"), optax/_src/transform.py scale (508) and
 * optax/_src/update.py apply_updates (42).  JAX is not installed here: no
 * Debian package exists (doc/peers.md), so this file is transcribed from
 * source only.
 *
 * Pseudocode (L0 is init_fn, L1 jax.grad):
 * @pseudocode
 *   L0   μ ← 0, ν ← 0, count ← 0                          (T 276-279)
 *   L1   g ← ∇f(θ)
 *   L2   μ ← (1 − β1) g + β1 μ                             (T 283, M 398)
 *   L3   ν ← (1 − β2) g² + β2 ν                            (T 284, M 433)
 *   L4   c1 ← 1 − β1^t,  c2 ← 1 − β2^t    (in float32 or float64)  (M 449)
 *   L5   μ̂ ← μ / c1,  ν̂ ← ν / c2          (c cast to μ's dtype)   (T 294, 298, M 452)
 *   L6   u ← μ̂ / (√(ν̂ + ε_root) + ε)                      (T 300)
 *   L7   θ ← θ + (−lr) u                                   (T 508, update.py 42)
 * @end
 *
 * Where optax differs from the lecture algorithm (Kingma & Ba Algorithm 1)
 *   - The same formula, with eps_root (default 0) inside the root.
 *   - Constants (JAX without x64, its default, and with x64 for float64
 *     parameters): β1, β2, ε, lr are Python floats, weakly typed, so each
 *     takes the dtype F of the array it meets; 1 − β1, 1 − β2 and −lr are
 *     formed in binary64 by Python first.  decay**count meets the int32
 *     count: a float32 array (float64 under x64) whatever F, so for bf16 and
 *     f16 moments the bias correction 1 − β^t is computed in binary32 and then
 *     cast to F (M 446-452: the comment there says why), the "opmath" rule of
 *     flavor.h.  For F = f32 the factor of L3 is binary32(binary64(1 − β2)),
 *     as in PyTorch and TensorFlow.js.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, BETA1, BETA2, EPS, EPS_ROOT };
enum { MU, NU };
enum { A, B, T, C1, C2, B1F, B2F, K1F, K2F, EPSF, ERF, NLRF, NTMP };

static void adam_optax_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[MU][i], 0.0); s_set_d(w->st[NU][i], 0.0); /* L0 */
    }
}

/* β^t in the count's float dtype (binary32 for bf16/f16 moments, else F), 1 − β^t, then cast to F. */
static void adam_optax_bias(ws *w, S_PTR c, S_SRC beta)
{
    S_PTR a = w->tmp[A], t = w->tmp[T];
    s_set_si(t, w->t); s_to_opmath(w, a, beta); s_pow(a, a, t); s_to_opmath(w, a, a); /* L4: decay**count */
    s_sub(a, w->one, a); s_to_opmath(w, a, a); s_to_fmt(w, c, a);                      /* L4 L5: astype */
}

static void adam_optax_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, mu = w->st[MU], nu = w->st[NU];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2];
    S_SRC b1 = w->tmp[B1F], b2 = w->tmp[B2F], k1 = w->tmp[K1F], k2 = w->tmp[K2F];
    S_SRC eps = w->tmp[EPSF], er = w->tmp[ERF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L7: lr_t */
    s_host_set(w->eta, w->eta);  /* L7: the learning rate is a Python float */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[B1F], w->hp[BETA1]); s_to_fmt(w, w->tmp[B2F], w->hp[BETA2]);    /* L2 L3: decay * t */
    s_host_sub(a, w->one, w->hp[BETA1]); s_to_fmt(w, w->tmp[K1F], a);                  /* L2: 1 - decay */
    s_host_sub(a, w->one, w->hp[BETA2]); s_to_fmt(w, w->tmp[K2F], a);                  /* L3: 1 - decay */
    adam_optax_bias(w, c1, w->hp[BETA1]); adam_optax_bias(w, c2, w->hp[BETA2]);        /* L4 */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]); s_to_fmt(w, w->tmp[ERF], w->hp[EPS_ROOT]);  /* L6 */
    s_neg(a, w->eta); s_to_fmt(w, w->tmp[NLRF], a);                                    /* L7: m * learning_rate */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, k1, g[i]); s_mul(b, b1, mu[i]); s_add(mu[i], a, b);                   /* L2 */
        s_mul(a, g[i], g[i]); s_mul(a, k2, a); s_mul(b, b2, nu[i]); s_add(nu[i], a, b); /* L3 */
        s_div(b, nu[i], c2); s_add(b, b, er); s_sqrt(b, b); s_add(b, b, eps);          /* L5 L6 */
        s_div(a, mu[i], c1); s_div(a, a, b);                                           /* L5 L6 */
        s_mul(a, nlr, a); s_add(theta[i], theta[i], a);                                /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(adam_optax) = { adam_optax_init, adam_optax_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adam_optax_hp[] = {
    [LR] = { .name = "learning_rate", .symbol = "lr", .def = 1e-3, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 7, .doc = "learning rate (required by optax.adam)" },
    [BETA1] = { .name = "b1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the first moment, 0 <= β1 < 1 (optax default 0.9)" },
    [BETA2] = { .name = "b2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the second moment, 0 <= β2 < 1 (optax default 0.999)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "added outside the root, after bias correction (optax default 1e-8)" },
    [EPS_ROOT] = { .name = "eps_root", .symbol = "ε_root", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
                   .doc = "added inside the root (optax default 0)" },
};
static const optref_statevar adam_optax_state[] = {
    [MU] = { .name = "mu", .symbol = "μ", .line = 2, .doc = "optax's ScaleByAdamState.mu" },
    [NU] = { .name = "nu", .symbol = "ν", .line = 3, .doc = "optax's ScaleByAdamState.nu" },
};
static const optref_variant adam_optax_variants[] = {
    { .name = "standard", .doc = "optax.adam(learning_rate, b1, b2, eps, eps_root)", .x_line = 7, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adam_optax);
const optref_algorithm optref_flavor_adam_optax = {
    .name = "adam-optax",
    .title = "Adam as optax.adam computes it (JAX, from source)",
    .source = "google-deepmind/optax 2edbcbe2390d optax/_src/transform.py, scale_by_adam",
    .file = "ref/flavor/adam_optax.c",
    .hp = adam_optax_hp, .nhp = OPTREF_COUNT(adam_optax_hp),
    .state = adam_optax_state, .nstate = OPTREF_COUNT(adam_optax_state),
    .variants = adam_optax_variants, .nvariants = OPTREF_COUNT(adam_optax_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adam_optax),
    .flavor_of = "adam",
    .framework = "optax",
};
#endif
