/* adagrad_optax.c: optax's AdaGrad, as optax.adagrad computes it: flavor
 * "adagrad-optax" of the lecture algorithm adagrad (ref/alg/adagrad.c).
 *
 * Source: google-deepmind/optax at 2edbcbe2390d (2026-08-07):
 * optax/_src/alias.py adagrad (347-430) = chain(scale_by_rss,
 * scale_by_learning_rate); optax/_src/transform.py scale_by_rss (line
 * numbers below), scale (508); optax/_src/update.py apply_updates (42).
 * JAX is not installed here (no Debian package: doc/peers.md), so this file
 * is transcribed from source only.
 *
 * Pseudocode (L0 is init_fn, L1 jax.grad):
 * @pseudocode
 *   L0   s ← s0 (initial_accumulator_value)               (63)
 *   L1   g ← ∇f(θ)
 *   L2   s ← g² + s                                        (68-70)
 *   L3   r ← 1/√(s + ε) where s > 0, else 0                (71-73)
 *   L4   θ ← θ + (−lr)(r g)                                (74, 508, update.py 42)
 * @end
 *
 * Where optax differs from the lecture algorithm
 *   - The accumulator starts at initial_accumulator_value, default 0.1
 *     (full_like: cast to the parameters' dtype F), not at 0.
 *   - ε inside the root (adagrad.c's eps_inside), default 1e-7, with a
 *     guard: where the sum is 0 the step is 0 (only reachable with s0 = 0
 *     and a zero gradient).
 *   - The root's reciprocal (jax.lax.rsqrt) multiplies g, then −lr does.
 *   - Constants: ε, s0, −lr are Python floats taking F (weak types).
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, S0, EPS };
enum { SOS };
enum { A, B, EPSF, NLRF, NTMP };

static void adagrad_optax_init(ws *w)
{
    s_to_fmt(w, w->tmp[A], w->hp[S0]); /* L0: full_like */
    for (size_t i = 0; i < w->n; i++)
        s_set(w->st[SOS][i], w->tmp[A]); /* L0 */
}

static void adagrad_optax_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, s = w->st[SOS];
    S_PTR a = w->tmp[A], b = w->tmp[B];
    S_SRC eps = w->tmp[EPSF], nlr = w->tmp[NLRF];

    sched_eta(w);                /* L4: lr_t */
    s_host_set(w->eta, w->eta);  /* L4: the learning rate is a Python float */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);          /* L3 */
    s_neg(a, w->eta); s_to_fmt(w, w->tmp[NLRF], a); /* L4: m * learning_rate */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, g[i], g[i]); s_add(s[i], a, s[i]);                     /* L2 */
        s_set_d(b, 0.0);                                                /* L3: where(s > 0, ..., 0) */
        if (s_cmp(s[i], b) > 0) { /* L3 */
            s_add(b, s[i], eps); s_sqrt(b, b); s_div(b, w->one, b);     /* L3 */
        }
        s_mul(a, b, g[i]); s_mul(a, nlr, a); s_add(theta[i], theta[i], a); /* L4 */
    }
}

OPTREF_ALGORITHM_IMPL(adagrad_optax) = { adagrad_optax_init, adagrad_optax_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adagrad_optax_hp[] = {
    [LR] = { .name = "learning_rate", .symbol = "lr", .def = 1e-2, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST,
             .line = 4, .doc = "learning rate (required by optax.adagrad)" },
    [S0] = { .name = "initial_accumulator_value", .symbol = "s0", .def = 0.1, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "the accumulator's start, cast to F (optax default 0.1)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-7, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "inside the root (optax default 1e-7)" },
};
static const optref_statevar adagrad_optax_state[] = {
    [SOS] = { .name = "sum_of_squares", .symbol = "s", .line = 2, .doc = "optax's ScaleByRssState.sum_of_squares" },
};
static const optref_variant adagrad_optax_variants[] = {
    { .name = "standard", .doc = "optax.adagrad(learning_rate, initial_accumulator_value, eps)", .x_line = 4,
      .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adagrad_optax);
const optref_algorithm optref_flavor_adagrad_optax = {
    .name = "adagrad-optax",
    .title = "AdaGrad as optax.adagrad computes it (JAX, from source)",
    .source = "google-deepmind/optax 2edbcbe2390d optax/_src/transform.py, scale_by_rss",
    .file = "ref/flavor/adagrad_optax.c",
    .hp = adagrad_optax_hp, .nhp = OPTREF_COUNT(adagrad_optax_hp),
    .state = adagrad_optax_state, .nstate = OPTREF_COUNT(adagrad_optax_state),
    .variants = adagrad_optax_variants, .nvariants = OPTREF_COUNT(adagrad_optax_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adagrad_optax),
    .flavor_of = "adagrad",
    .framework = "optax",
};
#endif
