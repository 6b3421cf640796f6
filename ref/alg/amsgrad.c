/* amsgrad.c: AMSGrad, projected onto a box or a Euclidean ball.
 *
 * Sources
 *   - S. J. Reddi, S. Kale, S. Kumar, "On the convergence of Adam and
 *     beyond", ICLR 2018, Algorithm 2 (AMSGrad); β1t = β1 λ^{t−1} as in its
 *     Corollary 1; α_t = α/√t as in its Theorem 4.
 *   - Topic 27 (HKUST), Algorithm 5 "AMSGrad": the line numbers below are
 *     its own (line 2, the loop, is the driver's).
 *
 * @pseudocode
 *   L1  m_0 ← 0, v_0 ← 0, v̂_0 ← 0
 *   L3  g_t ← ∇f_t(x_t)
 *   L4  m_t ← β1t m_{t−1} + (1 − β1t) g_t,   β1t = β1 λ^{t−1}
 *   L5  v_t ← β2 v_{t−1} + (1 − β2) g_t²
 *   L6  v̂_t ← max(v̂_{t−1}, v_t),   V̂_t = diag(v̂_t)
 *   L7  x_{t+1} ← Π_{F,√V̂_t}(x_t − α_t m_t / √v̂_t),   F = [lo, hi]^n
 *   L8  x_{t+1} ← Π_{F,√V̂_t}(y) = (w_i y_i / (w_i + μ))_i,   w = √v̂_t,  F = {‖x‖₂ ≤ R},
 *       μ = 0 if Σ y_i² ≤ R², else the root μ > 0 of Σ (w_i y_i / (w_i + μ))² = R²
 * @end
 * L8 is L7 with the ball for F (variant "ball"), written out.
 *
 * The step size.  α_t is read through the schedule seam: Reddi's
 * α_t = α/√t is the invsqrt schedule with c = 0 (schedule=invsqrt:c=0, as
 * the golden cases give it); the default constant schedule gives α_t = α.
 * Keeping it out of the body lets the recorded eta be Reddi's α_t.
 *
 * The projection.  Π_{F,A}(y) = argmin_{x∈F} ‖A^{1/2}(x − y)‖ with
 * A = √V̂_t diagonal.  When F is a box the objective Σ_i √v̂_i (x_i − y_i)²
 * separates by coordinate and each term is smallest at the clamp of y_i into
 * [lo_i, hi_i], whatever the positive weight: the weighted projection onto a
 * box is the coordinate clamp (exact).  Onto the ball ‖x‖₂ ≤ R it is not a
 * radial scaling unless the weights are equal: the KKT conditions of
 * min Σ w_i (x_i − y_i)² subject to ‖x‖² ≤ R² give x_i = w_i y_i/(w_i + μ),
 * μ ≥ 0 the multiplier, 0 when y is inside, else the root of
 * φ(μ) = Σ (w_i y_i/(w_i + μ))² = R², φ decreasing.  No finite sequence of
 * basic operations gives that root exactly, so L8 finds it by bisection at
 * the run's precision: from [0, w_max ‖y‖/R] (φ ≤ R²/4 there: each
 * w_i/(w_i + μ) ≤ w_max/(w_max + μ)) until the midpoint rounds to an end,
 * and takes the upper end (φ ≤ R² there: the point is feasible).  The
 * number of halvings is about the precision plus log2 of the bracket over
 * ulp(w_min): bounded, and the same in double and in MPFR at 53 bits (each
 * comparison is exact).  The error is that of μ at the run's precision, so
 * the golden Ziv loop settles it like any other value.  Whether to project
 * is decided on φ(0) computed as φ is (w_i + 0 = w_i), so that for μ too
 * small to change any w_i + μ the computed φ equals φ(0) > R² and the
 * bisection cannot creep towards 0.  With ε > 0 the weights are √v̂ + ε, the
 * metric of the update itself; ε = 0 is Reddi's √v̂.
 *
 * ε.  Reddi et al. have none: x_t − α_t m_t/√v̂_t.  A coordinate whose
 * gradients are all 0 so far gives 0/0.  The parameter eps (default 0, the
 * paper) adds ε to √v̂ for those who need it, as PyTorch's amsgrad does;
 * with ε = 0 the sum is exact and the paper's update is computed.
 *
 * Slips noticed: none in Topic 27's Algorithm 5 against Reddi's Algorithm 2.
 * Note that frameworks differ from both (no bias correction here; PyTorch
 * and Keras bias-correct, optax takes the max of the corrected v̂).
 *
 * Rounding: β1t = β1·λ^{t−1}, λ^{t−1} a running product (one rounding a
 * step, as Adam's β^t, doc/design.md); L7 is x − ((α_t·m)/(√v̂ + ε)), then
 * the clamp (exact).
 */
#include "../core/ws.h"

enum { ALPHA, BETA1, LAMBDA, BETA2, EPS, LO, HI, R };
enum { M, V, VHAT, B1T, LT };
enum { BOX, BALL };
enum { A, B, C1, C2, PHI, R2, MU, LOW, HIGH, WMAX, HALF, NTMP };

static void amsgrad_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); s_set_d(w->st[VHAT][i], 0.0); /* L1 */
    }
    s_set_d(w->st[LT][0], 1.0); /* L4: λ^0 */
}

/* φ(μ) = Σ (w_i y_i/(w_i + μ))², w in w->y, y in w->x. */
static void amsgrad_phi(ws *w, S_PTR phi, S_SRC mu)
{
    S_PTR a = w->tmp[A], b = w->tmp[B];
    s_set_d(phi, 0.0); /* L8: φ */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, w->y[i], w->x[i]); s_add(b, w->y[i], mu); s_div(a, a, b); /* L8: w_i y_i/(w_i + μ) */
        s_mul(a, a, a); s_add(phi, phi, a);                                 /* L8: φ */
    }
}

/* Variant ball: y is in w->x and the weights w_i = √v̂_i + ε in w->y. */
static void amsgrad_ball(ws *w)
{
    S_PTR phi = w->tmp[PHI], r2 = w->tmp[R2], mu = w->tmp[MU], lo = w->tmp[LOW], hi = w->tmp[HIGH];
    S_PTR wmax = w->tmp[WMAX], half = w->tmp[HALF], a = w->tmp[A];
    S_SRC radius = w->hp[R];

    s_set_d(mu, 0.0); amsgrad_phi(w, phi, mu); s_mul(r2, radius, radius); /* L8: φ(0), R² */
    if (s_cmp(phi, r2) <= 0) /* L8: μ = 0 (or NaN: not projected) */
        return;
    s_set_d(wmax, 0.0); /* L8: w_max */
    for (size_t i = 0; i < w->n; i++)
        s_max(wmax, wmax, w->y[i]); /* L8: w_max */
    s_set_d(half, 0.5); s_set_d(lo, 0.0);                   /* L8: the bracket */
    s_sqrt(a, phi); s_mul(hi, wmax, a); s_div(hi, hi, radius); /* L8: w_max ‖y‖/R */
    for (;;) {
        s_add(mu, lo, hi); s_mul(mu, mu, half); /* L8: the midpoint */
        if (s_cmp(mu, lo) <= 0 || s_cmp(mu, hi) >= 0) /* L8: it rounds to an end */
            break;
        amsgrad_phi(w, phi, mu); /* L8 */
        if (s_cmp(phi, r2) > 0) /* L8: φ(μ) > R²: the root is above */
            s_set(lo, mu); /* L8 */
        else
            s_set(hi, mu); /* L8 */
    }
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, w->y[i], w->x[i]); s_add(mu, w->y[i], hi); s_div(w->x[i], a, mu); /* L8 */
    }
}

static void amsgrad_step(ws *w)
{
    S_SRC beta1 = w->hp[BETA1], lambda = w->hp[LAMBDA], beta2 = w->hp[BETA2], eps = w->hp[EPS];
    S_SRC lo = w->hp[LO], hi = w->hp[HI];
    S_VEC x = w->x, g = w->g, m = w->st[M], v = w->st[V], vhat = w->st[VHAT];
    S_PTR b1t = w->st[B1T][0], lt = w->st[LT][0];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2];

    S_SRC alpha = sched_eta(w); /* L7: α_t */
    grad(w, g, x); /* L3 */
    s_mul(b1t, beta1, lt); s_mul(lt, lt, lambda); /* L4: β1t = β1 λ^{t−1}; then λ^t */
    s_sub(c1, w->one, b1t);                       /* L4: 1 − β1t */
    s_sub(c2, w->one, beta2);                     /* L5: 1 − β2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, b1t, m[i]); s_mul(b, c1, g[i]); s_add(m[i], a, b);                     /* L4 */
        s_mul(a, g[i], g[i]); s_mul(b, c2, a); s_mul(a, beta2, v[i]); s_add(v[i], a, b); /* L5 */
        s_max(vhat[i], vhat[i], v[i]);                                                 /* L6 */
        s_mul(a, alpha, m[i]); s_sqrt(b, vhat[i]); s_add(b, b, eps); s_div(a, a, b);    /* L7 */
        if (w->variant == BALL) {
            s_set(w->y[i], b); s_sub(x[i], x[i], a); /* L8: w_i, y_i */
        } else {
            s_sub(b, x[i], a); s_clamp(x[i], b, lo, hi); /* L7 */
        }
    }
    if (w->variant == BALL)
        amsgrad_ball(w);
}

OPTREF_ALGORITHM_IMPL(amsgrad) = { amsgrad_init, amsgrad_step };

#if OPTREF_META
static const optref_param amsgrad_hp[] = {
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
                .line = 7, .doc = "step size α_t = schedule(t)·α; Reddi's α/√t is schedule=invsqrt:c=0 (required)" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "first-moment decay at t = 1, 0 <= β1 < 1" },
    [LAMBDA] = { .name = "lambda", .symbol = "λ", .def = 1.0, .flags = OPTREF_P_POSITIVE,
                 .doc = "β1t = β1 λ^(t−1) (Reddi Cor. 1: 0 < λ < 1); 1: constant β1" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT,
                .doc = "second-moment decay, 0 <= β2 < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 0.0, .flags = OPTREF_P_NONNEG,
              .doc = "added to √v̂; 0 is Reddi's Algorithm 2 (not in the paper)" },
    [LO] = { .name = "lo", .symbol = "F", .def = -INFINITY, .flags = OPTREF_P_INF_OK, .vmask = 1u << BOX,
             .doc = "lower bound of the box F (default: no bound)" },
    [HI] = { .name = "hi", .symbol = "F", .def = INFINITY, .flags = OPTREF_P_INF_OK, .vmask = 1u << BOX,
             .doc = "upper bound of the box F (default: no bound)" },
    [R] = { .name = "R", .symbol = "R", .def = NAN, .flags = OPTREF_P_POSITIVE, .vmask = 1u << BALL,
            .doc = "radius of the ball F = {‖x‖₂ ≤ R} (required)" },
};
static const optref_statevar amsgrad_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 4, .doc = "first moment (no bias correction)" },
    [V] = { .name = "v", .symbol = "v", .line = 5, .doc = "second moment (no bias correction)" },
    [VHAT] = { .name = "vhat", .symbol = "v̂", .line = 6, .doc = "running maximum of v: never decreases" },
    [B1T] = { .name = "b1t", .symbol = "β1t", .extent = OPTREF_SCALAR, .line = 4,
              .doc = "β1t = β1 λ^(t−1), the first-moment decay of step t" },
    [LT] = { .name = "lt", .symbol = "λ^t", .extent = OPTREF_SCALAR, .internal = 1, .line = 4,
             .doc = "λ^t, running product" },
};
static const optref_variant amsgrad_variants[] = {
    [BOX] = { .name = "box", .doc = "Reddi Algorithm 2, F = [lo, hi]^n (default: R^n, no projection)", .x_line = 7,
              .g_line = 3 },
    [BALL] = { .name = "ball", .doc = "Reddi Algorithm 2, F = {‖x‖₂ ≤ R}, weighted projection by bisection",
               .x_line = 8, .g_line = 3 },
};
static const char *amsgrad_check(const double *hp)
{
    if (!(hp[LAMBDA] <= 1))
        return "lambda > 1: β1t = β1 λ^(t−1) would leave [0, 1)";
    return hp[LO] <= hp[HI] ? NULL : "empty box: lo > hi";
}
OPTREF_DECLARE_IMPLS(impl, amsgrad);
const optref_algorithm optref_amsgrad = {
    .name = "amsgrad",
    .title = "AMSGrad (projected onto a box or a ball)",
    .source = "Reddi, Kale, Kumar 2018 Algorithm 2; Topic 27 Algorithm 5",
    .file = "ref/alg/amsgrad.c",
    .hp = amsgrad_hp, .nhp = OPTREF_COUNT(amsgrad_hp),
    .state = amsgrad_state, .nstate = OPTREF_COUNT(amsgrad_state),
    .variants = amsgrad_variants, .nvariants = OPTREF_COUNT(amsgrad_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, amsgrad),
    .check = amsgrad_check,
};
#endif
