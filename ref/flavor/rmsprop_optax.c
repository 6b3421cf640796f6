/* rmsprop_optax.c: optax's RMSProp, as optax.rmsprop computes it without
 * centering or momentum: flavor "rmsprop-optax" of the lecture algorithm
 * rmsprop (ref/alg/rmsprop.c).
 *
 * Source: google-deepmind/optax at 2edbcbe2390d (2026-08-07):
 * optax/_src/alias.py rmsprop (1960-) = chain(scale_by_rms,
 * scale_by_learning_rate) when centered=False and momentum=None;
 * optax/_src/transform.py scale_by_rms (line numbers below), scale (508);
 * optax/tree_utils/_tree_math.py update_moment_per_elem_norm (433);
 * optax/_src/update.py apply_updates (42).  JAX is not installed here (no
 * Debian package: doc/peers.md), so this file is transcribed from source only.
 *
 * Pseudocode (L0 is init_fn, L1 jax.grad):
 * @pseudocode
 *   L0   ν ← ν0 (initial_scale)                            (125)
 *   L1   g ← ∇f(θ)
 *   L2   ν ← (1 − ρ) g² + ρ ν                              (132, M 433)
 *   L3   r ← 1/√(ν + ε)            (eps_in_sqrt, default)  (140)
 *   L4   r ← 1/(√ν + ε)            (eps_in_sqrt=False)     (142)
 *   L5   θ ← θ + (−lr)(r g)                                (143, 508, update.py 42)
 * @end
 *
 * Where optax differs from the lecture algorithm
 *   - ε inside the root by default (rmsprop.c's eps_inside), default 1e-8;
 *     eps_in_sqrt=False puts it outside (variant eps_outside, PyTorch's
 *     placement).
 *   - The root's reciprocal multiplies g, then −lr does (L3-L5).
 *   - initial_scale ν0 (default 0) starts the average.
 *   - Constants: ρ, ε, ν0 and −lr are Python floats taking the parameters'
 *     dtype F (weak types); 1 − ρ and −lr are formed in binary64 first.
 *   - Not modelled: centered=True (scale_by_stddev) and momentum (a trace
 *     after the learning rate: lr inside the buffer), bias_correction.
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, DECAY, EPS, NU0 };
enum { NU };
enum { EPS_INSIDE, EPS_OUTSIDE };
enum { A, B, RF, KF, EPSF, NLRF, NTMP };

static void rmsprop_optax_init(ws *w)
{
    s_to_fmt(w, w->tmp[A], w->hp[NU0]); /* L0: full_like */
    for (size_t i = 0; i < w->n; i++)
        s_set(w->st[NU][i], w->tmp[A]); /* L0 */
}

static void rmsprop_optax_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, nu = w->st[NU];
    S_PTR a = w->tmp[A], b = w->tmp[B];
    S_SRC rho = w->tmp[RF], k = w->tmp[KF], eps = w->tmp[EPSF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L5: lr_t */
    s_host_set(w->eta, w->eta);  /* L5: the learning rate is a Python float */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[RF], w->hp[DECAY]);                      /* L2: decay * t */
    s_host_sub(a, w->one, w->hp[DECAY]); s_to_fmt(w, w->tmp[KF], a); /* L2: 1 - decay */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                      /* L3 L4 */
    s_neg(a, w->eta); s_to_fmt(w, w->tmp[NLRF], a);             /* L5: m * learning_rate */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, g[i], g[i]); s_mul(a, k, a); s_mul(b, rho, nu[i]); s_add(nu[i], a, b); /* L2 */
        if (w->variant == EPS_OUTSIDE) {
            s_sqrt(b, nu[i]); s_add(b, b, eps); s_div(b, w->one, b);                    /* L4 */
        } else {
            s_add(b, nu[i], eps); s_sqrt(b, b); s_div(b, w->one, b);                    /* L3 */
        }
        s_mul(a, b, g[i]); s_mul(a, nlr, a); s_add(theta[i], theta[i], a);              /* L5 */
    }
}

OPTREF_ALGORITHM_IMPL(rmsprop_optax) = { rmsprop_optax_init, rmsprop_optax_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param rmsprop_optax_hp[] = {
    [LR] = { .name = "learning_rate", .symbol = "lr", .def = 1e-2, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 5, .doc = "learning rate (required by optax.rmsprop)" },
    [DECAY] = { .name = "decay", .symbol = "ρ", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the average, the lecture's γ (optax default 0.9)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "stabiliser, inside or outside the root by variant (optax default 1e-8)" },
    [NU0] = { .name = "initial_scale", .symbol = "ν0", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "the average's start, cast to F (optax default 0)" },
};
static const optref_statevar rmsprop_optax_state[] = {
    [NU] = { .name = "nu", .symbol = "ν", .line = 2, .doc = "optax's ScaleByRmsState.nu" },
};
static const optref_variant rmsprop_optax_variants[] = {
    [EPS_INSIDE] = { .name = "eps_inside", .doc = "optax.rmsprop(..., eps_in_sqrt=True): 1/√(ν + ε)", .x_line = 5,
                     .g_line = 1 },
    [EPS_OUTSIDE] = { .name = "eps_outside", .doc = "optax.rmsprop(..., eps_in_sqrt=False): 1/(√ν + ε)",
                      .x_line = 5, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, rmsprop_optax);
const optref_algorithm optref_flavor_rmsprop_optax = {
    .name = "rmsprop-optax",
    .title = "RMSProp as optax.rmsprop computes it, not centered, no momentum (JAX, from source)",
    .source = "google-deepmind/optax 2edbcbe2390d optax/_src/transform.py, scale_by_rms",
    .file = "ref/flavor/rmsprop_optax.c",
    .hp = rmsprop_optax_hp, .nhp = OPTREF_COUNT(rmsprop_optax_hp),
    .state = rmsprop_optax_state, .nstate = OPTREF_COUNT(rmsprop_optax_state),
    .variants = rmsprop_optax_variants, .nvariants = OPTREF_COUNT(rmsprop_optax_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, rmsprop_optax),
    .flavor_of = "rmsprop",
    .framework = "optax",
};
#endif
