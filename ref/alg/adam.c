/* adam.c: Adam with bias correction.
 *
 * Sources
 *   - D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization",
 *     ICLR 2015, Algorithm 1.
 *   - Goodfellow, Bengio, Courville, Deep Learning, Algorithm 8.7 (quoted in
 *     STATS 403 lecture 2): its ε is our α, ρ1/ρ2 our β1/β2, δ our ε, s/r our
 *     m/v.
 *   - Topic 27 (HKUST), Algorithm 3 "Adaptive Moment Estimation (Adam)":
 *     the line numbers below are its own.
 *   - Lecture 11.5 / Lecture 17 slides "Adam" (D2L §12.10): same update, with
 *     v for the first moment and s for the second.
 *   - Variant "simplified": DS 4440 "Optimizer matters", slide "Adam", which
 *     says itself that it ignores the bias correction: lines L3, L4 and L8,
 *     no β^t.  A variant of this file rather than a file of its own because
 *     the slide is Kingma & Ba's update without L5-L6, nothing else.
 *
 * Pseudocode (Topic 27, Algorithm 3; line 1, the loop, is the driver's; the
 * initialisation is its "Require" line, numbered 0 here):
 * @pseudocode
 *   L0  m_0 ← 0, v_0 ← 0
 *   L2  g_t ← ∇f(θ_{t−1})
 *   L3  m_t ← β1 m_{t−1} + (1 − β1) g_t
 *   L4  v_t ← β2 v_{t−1} + (1 − β2) g_t ⊙ g_t
 *   L5  m̂_t ← m_t / (1 − β1^t)
 *   L6  v̂_t ← v_t / (1 − β2^t)
 *   L7  θ_t ← θ_{t−1} − α m̂_t / (√v̂_t + ε)
 *   L8  θ_t ← θ_{t−1} − α m_t / (√v_t + ε)        (simplified: DS 4440)
 * @end
 * L8 is not a line of Algorithm 3: it is DS 4440's update, which replaces
 * L5-L7 in variant "simplified".
 *
 * Slips noticed
 *   - Topic 27, Algorithm 3, line 4 writes (1 − β2)‖g_t‖²₂, a scalar shared by
 *     all coordinates; Kingma & Ba square element-wise, g_t ⊙ g_t.
 *   - Goodfellow Algorithm 8.7 as quoted in STATS 403: "Correct bias in second
 *     moment: r̂ ← 1/(1 − ρ2^t)" has lost its r: r̂ ← r/(1 − ρ2^t).
 *   - DS 4440 "Adam" updates the first moment with β2 (m ← β2 m + (1 − β2) g):
 *     β1 belongs there (Kingma & Ba; variant "simplified" uses β1).  It also
 *     drops the bias correction (said on the slide): variant "simplified".
 *   - Topic 27, Algorithm 3: its Require lines list α, β1, β2 and f_t but not
 *     the ε that line 7 divides by (Kingma & Ba: ε = 10⁻⁸).
 *   - STATS 403 lecture 2, slide "Adam" (before Algorithm 8.7):
 *     x ← x − η m̂ ⊘ √ŝ, with no ε; Algorithm 8.7 on the next slide adds δ,
 *     as Kingma & Ba do.  Without it a zero coordinate of g at t = 1 is 0/0.
 *   - Lecture 17, slide "Adam": g'_t = η ŷ_t / (√ŝ_t + ε); ŷ_t is the
 *     bias-corrected first moment, written v̂_t two lines below (and in
 *     Lecture 11.5's same formula).
 *
 * β^t: kept as running products β1^t = β1^{t−1}·β1 (one rounding per step in
 * double), not pow(): every operation then is +, −, ×, ÷ or √, so the double
 * variant is reproducible on any IEEE 754 machine and MPFR at 53 bits matches
 * it bit for bit.  doc/design.md discusses the choice.
 *
 * Rounding: L7 is θ − ((α·m̂) / (√v̂ + ε)).
 */
#include "../core/ws.h"

enum { ALPHA, BETA1, BETA2, EPS };
enum { M, V, B1T, B2T, MHAT, VHAT };
enum { STANDARD, SIMPLIFIED };
enum { A, B, C1, C2, BC1, BC2, NTMP };

static void adam_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); /* L0 */
    }
    s_set_d(w->st[B1T][0], 1.0); s_set_d(w->st[B2T][0], 1.0); /* L0: β1^0, β2^0 */
}

/* DS 4440's Adam: the moments of L3 and L4, no bias correction. */
static void adam_simplified(ws *w)
{
    S_SRC beta1 = w->hp[BETA1], beta2 = w->hp[BETA2], eps = w->hp[EPS];
    S_VEC theta = w->x, g = w->g, m = w->st[M], v = w->st[V];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2];

    S_SRC alpha = sched_eta(w); /* L8: α_t */
    grad(w, g, theta); /* L2 */
    s_sub(c1, w->one, beta1); /* L3: 1 − β1 */
    s_sub(c2, w->one, beta2); /* L4: 1 − β2 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, beta1, m[i]); s_mul(b, c1, g[i]); s_add(m[i], a, b);                   /* L3 */
        s_mul(a, g[i], g[i]); s_mul(b, c2, a); s_mul(a, beta2, v[i]); s_add(v[i], a, b); /* L4 */
        s_mul(a, alpha, m[i]); s_sqrt(b, v[i]); s_add(b, b, eps); s_div(a, a, b);       /* L8 */
        s_sub(theta[i], theta[i], a);                                                  /* L8 */
    }
}

static void adam_step(ws *w)
{
    if (w->variant == SIMPLIFIED) {
        adam_simplified(w);
        return;
    }
    S_SRC beta1 = w->hp[BETA1], beta2 = w->hp[BETA2], eps = w->hp[EPS];
    S_VEC theta = w->x, g = w->g, m = w->st[M], v = w->st[V], mh = w->st[MHAT], vh = w->st[VHAT];
    S_PTR b1t = w->st[B1T][0], b2t = w->st[B2T][0];
    S_PTR a = w->tmp[A], b = w->tmp[B], c1 = w->tmp[C1], c2 = w->tmp[C2];
    S_PTR bc1 = w->tmp[BC1], bc2 = w->tmp[BC2];

    S_SRC alpha = sched_eta(w); /* L7: α_t */
    grad(w, g, theta); /* L2 */
    s_sub(c1, w->one, beta1);                       /* L3: 1 − β1 */
    s_sub(c2, w->one, beta2);                       /* L4: 1 − β2 */
    s_mul(b1t, b1t, beta1); s_sub(bc1, w->one, b1t); /* L5: 1 − β1^t */
    s_mul(b2t, b2t, beta2); s_sub(bc2, w->one, b2t); /* L6: 1 − β2^t */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, beta1, m[i]); s_mul(b, c1, g[i]); s_add(m[i], a, b);                   /* L3 */
        s_mul(a, g[i], g[i]); s_mul(b, c2, a); s_mul(a, beta2, v[i]); s_add(v[i], a, b); /* L4 */
        s_div(mh[i], m[i], bc1);                                                       /* L5 */
        s_div(vh[i], v[i], bc2);                                                       /* L6 */
        s_mul(a, alpha, mh[i]); s_sqrt(b, vh[i]); s_add(b, b, eps); s_div(a, a, b);    /* L7 */
        s_sub(theta[i], theta[i], a);                                                  /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(adam) = { adam_init, adam_step };

#if OPTREF_META
static const optref_param adam_hp[] = {
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 1e-3, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
                .doc = "step size (Kingma & Ba: 0.001; η in Lecture 11.5)" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT,
                .doc = "decay of the first moment, 0 <= β1 < 1" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT,
                .doc = "decay of the second moment, 0 <= β2 < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG,
              .doc = "added outside the root, after bias correction" },
};
static const optref_statevar adam_state[] = {
    [M] = { .name = "m", .symbol = "m", .line = 3, .doc = "biased first moment (Goodfellow's s; Lecture 11.5's v)" },
    [V] = { .name = "v", .symbol = "v", .line = 4, .doc = "biased second moment (Goodfellow's r; Lecture 11.5's s)" },
    [B1T] = { .name = "b1t", .symbol = "β1^t", .extent = OPTREF_SCALAR, .vmask = 1u << STANDARD, .line = 5,
              .doc = "β1^t, the running product of the bias correction" },
    [B2T] = { .name = "b2t", .symbol = "β2^t", .extent = OPTREF_SCALAR, .vmask = 1u << STANDARD, .line = 6,
              .doc = "β2^t, the running product of the bias correction" },
    [MHAT] = { .name = "mhat", .symbol = "m̂", .internal = OPTREF_INTERMEDIATE, .vmask = 1u << STANDARD, .line = 5,
               .doc = "bias-corrected first moment" },
    [VHAT] = { .name = "vhat", .symbol = "v̂", .internal = OPTREF_INTERMEDIATE, .vmask = 1u << STANDARD, .line = 6,
               .doc = "bias-corrected second moment" },
};
static const optref_variant adam_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "Kingma & Ba Algorithm 1: θ ← θ − α m̂/(√v̂ + ε)", .x_line = 7,
                   .g_line = 2 },
    [SIMPLIFIED] = { .name = "simplified", .doc = "DS 4440, no bias correction: θ ← θ − α m/(√v + ε)",
                     .x_line = 8, .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, adam);
const optref_algorithm optref_adam = {
    .name = "adam",
    .title = "Adam with bias correction",
    .source = "Kingma & Ba 2015 Algorithm 1; Goodfellow et al. Algorithm 8.7; Topic 27 Algorithm 3",
    .file = "ref/alg/adam.c",
    .hp = adam_hp, .nhp = OPTREF_COUNT(adam_hp),
    .state = adam_state, .nstate = OPTREF_COUNT(adam_state),
    .variants = adam_variants, .nvariants = OPTREF_COUNT(adam_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adam),
};
#endif
