/* nesterov.c: Nesterov's accelerated gradient, in two forms.
 *
 * Sources
 *   - Y. Nesterov, "A method of solving a convex programming problem with
 *     convergence rate O(1/k²)", Soviet Math. Dokl. 27, 1983.
 *   - Form "ux": STATS 403 lecture 2, slide "Nesterov's acceleration":
 *     u^{t+1} = x^t − β ∇f(x^t),  x^{t+1} = u^{t+1} + t/(t+3) (u^{t+1} − u^t),
 *     t = 0, 1, ...; the next slide writes the same recursion as x_k, y_k with
 *     step τ and k/(k+3), after W. Su, S. Boyd, E. Candès, "A differential
 *     equation for modeling Nesterov's accelerated gradient method", JMLR 17,
 *     2016, eq. (3) (their (k−1)/(k+2) with k counted from 1).
 *   - Form "lookahead": DS 4440 "Optimizer matters", slide "Nesterov Momentum":
 *     v_τ ← γ v_{τ−1} − α ∇L(W_τ + γ v_{τ−1}),  W_{τ+1} ← W_τ + v_τ, as in
 *     I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
 *     initialization and momentum in deep learning", ICML 2013, eqs. (3)-(4).
 *
 * Pseudocode (lines numbered here; L1-L4 form "ux", L5-L8 form "lookahead"):
 * @pseudocode
 *   L1  u^0 ← x^0
 *   L2  g ← ∇f(x^t)
 *   L3  u^{t+1} ← x^t − β g
 *   L4  x^{t+1} ← u^{t+1} + t/(t+3) (u^{t+1} − u^t)
 *   L5  v_0 ← 0
 *   L6  g ← ∇f(W_τ + γ v_{τ−1})
 *   L7  v_τ ← γ v_{τ−1} − α g
 *   L8  W_{τ+1} ← W_τ + v_τ
 * @end
 * In "ux" the slide's t counts from 0: the driver's update t = 1, 2, ... uses
 * t − 1, so the first update has coefficient 0/3 = 0.
 *
 * Slips noticed
 *   - deck: DS 4440; slide: Nesterov Momentum
 *     says: v_τ ← γv_{τ−1} − α L(W_τ + γv_{τ−1}): the loss L where its
 *       gradient belongs.
 *     source: v_τ ← γv_{τ−1} − α ∇_W L(W_τ + γv_{τ−1}) (Sutskever et al. 2013,
 *       eq. (3)).
 *
 * Rounding: L4 computes c = t/(t+3) once per step (one division of exact
 * integers), then u' + c·(u' − u).  L6 forms the look-ahead point W + γv.
 */
#include "../core/ws.h"

enum { BETA, ALPHA, GAMMA };
enum { U, V };
enum { UX, LOOKAHEAD };
enum { A, B, C, NTMP };

static void nesterov_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        if (w->variant == UX)
            s_set(w->st[U][i], w->x[i]); /* L1 */
        else
            s_set_d(w->st[V][i], 0.0);   /* L5 */
    }
}

static void nesterov_ux(ws *w)
{
    S_VEC x = w->x, g = w->g, u = w->st[U], y = w->y;
    S_PTR a = w->tmp[A], b = w->tmp[B], c = w->tmp[C];

    S_SRC beta = sched_eta(w); /* L3: β_t */
    grad(w, g, x); /* L2 */
    s_set_ui(a, (unsigned long)(w->t - 1)); s_set_ui(b, (unsigned long)(w->t + 2)); s_div(c, a, b); /* L4 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, beta, g[i]); s_sub(y[i], x[i], a);                   /* L3 */
        s_sub(a, y[i], u[i]); s_mul(b, c, a); s_add(x[i], y[i], b);   /* L4 */
        s_set(u[i], y[i]);                                            /* L3 */
    }
}

static void nesterov_lookahead(ws *w)
{
    S_SRC gamma = w->hp[GAMMA];
    S_VEC x = w->x, g = w->g, v = w->st[V], y = w->y;
    S_PTR a = w->tmp[A], b = w->tmp[B];

    S_SRC alpha = sched_eta(w); /* L7: α_t */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, gamma, v[i]); s_add(y[i], x[i], a); /* L6 */
    }
    grad(w, g, y); /* L6 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, gamma, v[i]); s_mul(b, alpha, g[i]); s_sub(v[i], a, b); /* L7 */
        s_add(x[i], x[i], v[i]);                                         /* L8 */
    }
}

static void nesterov_step(ws *w)
{
    if (w->variant == UX)
        nesterov_ux(w);
    else
        nesterov_lookahead(w);
}

OPTREF_ALGORITHM_IMPL(nesterov) = { nesterov_init, nesterov_step };

#if OPTREF_META
static const optref_param nesterov_hp[] = {
    [BETA] = { .name = "beta", .symbol = "β", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
               .vmask = 1u << UX, .line = 3, .doc = "step size of form ux (required)" },
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
                .vmask = 1u << LOOKAHEAD, .line = 7, .doc = "learning rate of form lookahead (required)" },
    [GAMMA] = { .name = "gamma", .symbol = "γ", .def = 0.9, .flags = OPTREF_P_UNIT, .vmask = 1u << LOOKAHEAD,
                .doc = "momentum of form lookahead, 0 <= γ < 1" },
};
static const optref_statevar nesterov_state[] = {
    [U] = { .name = "u", .symbol = "u", .vmask = 1u << UX, .line = 3,
            .doc = "form ux: the previous gradient-step point u^t" },
    [V] = { .name = "v", .symbol = "v", .vmask = 1u << LOOKAHEAD, .line = 7, .doc = "form lookahead: velocity" },
};
static const optref_variant nesterov_variants[] = {
    [UX] = { .name = "ux", .doc = "STATS 403: u ← x − β∇f(x), x ← u + t/(t+3)(u − u_prev)",
             .x_line = 4, .g_line = 2 },
    [LOOKAHEAD] = { .name = "lookahead", .doc = "DS 4440 / Sutskever 2013: v ← γv − α∇f(W + γv), W ← W + v",
                    .x_line = 8, .g_line = 6 },
};
OPTREF_DECLARE_IMPLS(impl, nesterov);
const optref_algorithm optref_nesterov = {
    .name = "nesterov",
    .title = "Nesterov's accelerated gradient",
    .source = "Nesterov 1983; Su, Boyd, Candes 2016; Sutskever et al. 2013",
    .file = "ref/alg/nesterov.c",
    .hp = nesterov_hp, .nhp = OPTREF_COUNT(nesterov_hp),
    .state = nesterov_state, .nstate = OPTREF_COUNT(nesterov_state),
    .variants = nesterov_variants, .nvariants = OPTREF_COUNT(nesterov_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, nesterov),
};
#endif
