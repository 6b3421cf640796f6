/* momentum.c: heavy-ball momentum, in the v ← γv + ηg, x ← x − v form.
 *
 * Sources
 *   - B. T. Polyak, "Some methods of speeding up the convergence of iteration
 *     methods", USSR Comput. Math. Math. Phys. 4(5), 1964 (heavy ball).
 *   - Lecture 11.5 "Accelerated gradient methods" (after Dive into Deep
 *     Learning §12.6), slide "The momentum method": v_t ← γ v_{t−1} + η_t g_t,
 *     x_t ← x_{t−1} − v_t, v_0 = 0, 0 ≤ γ < 1.
 *
 * Pseudocode (Lecture 11.5; lines numbered here):
 * @pseudocode
 *   L1  v_0 ← 0
 *   L2  g_t ← ∇f(x_{t−1})
 *   L3  v_t ← γ v_{t−1} + η g_t
 *   L4  x_t ← x_{t−1} − v_t
 * @end
 *
 * Other forms of the same method
 *   - DS 4440 "Momentum": v ← γv − α∇L, W ← W + v.  Its v is the negative of
 *     ours (α = η); negation is exact, so both give bit-identical x.
 *   - PyTorch SGD(momentum) keeps η outside the buffer (b ← μb + g,
 *     x ← x − ηb): equal to this form in exact arithmetic for a constant η,
 *     rounded differently (../shared notes, conventions §2.1).
 *
 * Slips noticed
 *   - STATS 403 lecture 2, slide "momentum": u^{t+1} = u^t − β^t ∇f(x^t),
 *     x^{t+1} = x^t + γ^t u^{t+1}.  Without a factor on u^t the buffer sums
 *     every past gradient with weight 1; heavy ball decays it,
 *     u^{t+1} = γ u^t − β ∇f(x^t), x^{t+1} = x^t + u^{t+1} (Polyak 1964).
 *   - Lecture 11.5, the expansion of the velocity: its second line reads
 *     v_t = η_t g_t + γη_{t−1} g_{t−1} + γ v_{t−1}; substituting L3 for
 *     v_{t−1} leaves γ² v_{t−2} there, not γ v_{t−1}.  The last line,
 *     v_t = Σ_{k=1}^{t} γ^{t−k} η_k g_k, is right.
 *
 * Rounding: L3 is (γ·v) + (η·g), two products then one sum.
 */
#include "../core/ws.h"

enum { ETA, GAMMA };
enum { V };
enum { A, B, NTMP };

static void momentum_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[V][i], 0.0); /* L1 */
}

static void momentum_step(ws *w)
{
    S_SRC gamma = w->hp[GAMMA];
    S_VEC x = w->x, g = w->g, v = w->st[V];
    S_PTR a = w->tmp[A], b = w->tmp[B];

    S_SRC eta = sched_eta(w); /* L3: η_t */
    grad(w, g, x); /* L2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, gamma, v[i]); s_mul(b, eta, g[i]); s_add(v[i], a, b); /* L3 */
        s_sub(x[i], x[i], v[i]);                                        /* L4 */
    }
}

OPTREF_ALGORITHM_IMPL(momentum) = { momentum_init, momentum_step };

#if OPTREF_META
static const optref_param momentum_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
              .line = 3, .doc = "learning rate (required)" },
    [GAMMA] = { .name = "gamma", .symbol = "γ", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "momentum, 0 <= γ < 1" },
};
static const optref_statevar momentum_state[] = {
    [V] = { .name = "v", .symbol = "v", .line = 3, .doc = "velocity: EWMA of the scaled gradients η g" },
};
static const optref_variant momentum_variants[] = {
    { .name = "standard", .doc = "v ← γv + ηg, x ← x − v", .x_line = 4, .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, momentum);
const optref_algorithm optref_momentum = {
    .name = "momentum",
    .title = "heavy-ball momentum",
    .source = "Polyak 1964; Lecture 11.5 slide \"The momentum method\"",
    .file = "ref/alg/momentum.c",
    .hp = momentum_hp, .nhp = OPTREF_COUNT(momentum_hp),
    .state = momentum_state, .nstate = OPTREF_COUNT(momentum_state),
    .variants = momentum_variants, .nvariants = OPTREF_COUNT(momentum_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, momentum),
};
#endif
