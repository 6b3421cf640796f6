/* adagrad_full.c: AdaGrad with full matrices, in two forms (one of them also
 * on a ball).
 *
 * Sources
 *   - J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online
 *     learning and stochastic optimization", JMLR 12, 2011: the figure
 *     "AdaGrad with full matrices" (G_t = G_{t−1} + g_t g_tᵀ, S_t = G_t^{1/2},
 *     H_t = δI + S_t, ψ_t(x) = ½⟨x, H_t x⟩) with its two updates, the
 *     primal-dual subgradient update (their eq. (3)) and composite mirror
 *     descent (their eq. (4)).  Here φ = 0 and the domain is ℝ^d, where both
 *     argmins have closed forms (below), or a Euclidean ball (variant
 *     primal_dual_ball).
 *   - Variant primal_dual: Topic 27 (HKUST), Algorithm 2 "AdaGrad with full
 *     matrices"; the line numbers below are its own.
 *   - Variant preconditioned: STATS 403 lecture 2, slide "AdaGrad: adaptive
 *     preconditioner": x^{t+1} = x^t − η G_t⁻¹ ∇f(x^t) with its G_t the root
 *     (Σ_{i≤t} ∇f∇fᵀ)^{1/2}, Duchi et al.'s S_t; with their δI added it is
 *     their mirror-descent update, x_{t+1} = x_t − η H_t⁻¹ g_t.
 *
 * Pseudocode (Topic 27, Algorithm 2; L0 is its Require line, L1 and L6 the
 * driver's loop; L8 is STATS 403's update and L9 line 5 on a ball, numbered
 * after Topic 27's seven):
 * @pseudocode
 *   L0  G_0 ← 0, Σ_0 ← 0
 *   L2  g_t ← ∂f_t(x_t)
 *   L3  G_t ← G_{t−1} + g_t g_tᵀ,  S_t ← G_t^{1/2}
 *   L4  H_t ← δI + S_t,  ψ_t(x) = ½⟨x, H_t x⟩
 *   L5  x_{t+1} ← argmin_x {η⟨(1/t) Σ_{τ≤t} g_τ, x⟩ + (1/t) ψ_t(x)} = −η H_t⁻¹ Σ_{τ≤t} g_τ   [primal_dual]
 *   L8  x_{t+1} ← x_t − η H_t⁻¹ g_t                                                       [preconditioned]
 *   L9  x_{t+1} ← argmin_{‖x‖≤R} {η⟨Σ_{τ≤t} g_τ, x⟩ + ½⟨x, H_t x⟩} = −(H_t + μI)⁻¹ η Σ_{τ≤t} g_τ   [primal_dual_ball]
 * @end
 * L9 is L5 on the Euclidean ball X = {‖x‖ ≤ R} (Topic 27's X; Duchi et al.'s
 * 𝒳), multiplied through by t.  With c = η Qᵀ Σ_τ g_τ, the minimiser is
 * −Q diag(1/(h_i + μ)) c with μ = 0 when that point lies in the ball, else
 * the μ > 0 with Σ_i c_i²/(h_i + μ)² = R² (the KKT condition H x + ηΣg =
 * −μx, ‖x‖ = R: the trust-region subproblem, Nocedal & Wright §4.3, here with
 * H_t positive definite).  That μ is found by bisection on [0, ‖c‖/R] (at
 * μ = ‖c‖/R the point is inside), halving until the midpoint rounds to an end
 * of the interval: then the interval is two neighbouring numbers of the
 * run's precision, which is how convergence is known; μ is the upper end, on
 * the ball's side.  μ is recorded (state "mu").
 * L5's argmin: the objective's gradient η ḡ_t + H_t x / t vanishes at
 * x = −η t H_t⁻¹ ḡ_t = −η H_t⁻¹ Σ_τ g_τ; Σ_t = Σ_{τ≤t} g_τ is kept as a sum
 * (no division by t).  Topic 27 starts at x_1 = 0; here x starts at the
 * setup's x0 (0 when given so), which in the primal-dual form only chooses
 * where the first gradient is taken.
 *
 * The root and the solve, exact to the run's precision.  S_t = G_t^{1/2} and
 * H_t⁻¹v come from one eigendecomposition G_t = QΛQᵀ, carried out with the
 * run's correctly rounded operations: H_t = Q(δI + Λ^{1/2})Qᵀ, so
 * H_t⁻¹v = Q (δI + Λ^{1/2})⁻¹ Qᵀ v.  The decomposition is cyclic Jacobi
 * (Golub & Van Loan, Matrix Computations, 4th ed., §8.5: sym.schur2 and the
 * cyclic-by-row sweep), started each step from W = G_t, Q = I, with
 * Rutishauser's stopping rule (Numer. Math. 9, 1966; Numerical Recipes
 * §11.1): a rotation in the (p, q) plane is skipped, and w_pq set to 0, when
 * |w_pp| + 100|w_pq| = |w_pp| and |w_qq| + 100|w_pq| = |w_qq| in the run's
 * arithmetic, i.e. when w_pq is below a hundredth of half an ulp of both
 * diagonal entries at the run's precision.  Sweeps repeat until one sweep
 * rotates nothing: then every off-diagonal entry is negligible at that
 * precision, which is how convergence is known.  Each rotation lowers the
 * off-diagonal mass by 2w_pq² (Golub & Van Loan §8.5.1) and cyclic
 * Jacobi converges quadratically, so the loop ends; a NaN compares equal and
 * is skipped, so it cannot loop.  The eigenvalues of a singular G_t may come
 * out −tiny: they are taken as max(λ, 0), their exact value's sign.  Ziv's
 * loop in the golden writer then confirms every recorded value at twice the
 * precision.
 *
 * Slips noticed
 *   - Topic 27, Algorithm 2, Require line: "S_0 = H_0 = G_d = 0"; G_0 = 0 is
 *     meant (d is the dimension).
 *   - Topic 27, Algorithm 2: line 4 defines Ψ_t, line 5 uses ψ_t (Duchi et
 *     al. write ψ_t throughout).
 *   - Topic 27, Algorithm 2, line 7: "return w_{T+1}"; the iterate is x.
 *   - Topic 27, Algorithm 2, line 5 uses φ, which Require does not declare:
 *     Duchi et al.'s regulariser φ (their regret R_φ).  Here φ = 0.
 *   - STATS 403, "AdaGrad: adaptive preconditioner": x − η G_t⁻¹∇f with no
 *     δI.  G_t has rank at most t, so for t < d it is singular and G_t⁻¹
 *     does not exist; Duchi et al. add δI (δ > 0), as this file does (δ = 0 is
 *     refused).  The slide also calls the root G_t, Duchi's S_t.
 *
 * Rounding: L3 adds g_i·g_j to G_ij for every (i, j).  A rotation: τ =
 * (w_qq − w_pp)/(w_pq + w_pq), t = sign(τ)/(|τ| + √(τ·τ + 1)) (sign(0) = +),
 * c = 1/√(t·t + 1), s = t·c; w_pp ← w_pp − t·w_pq, w_qq ← w_qq + t·w_pq,
 * w_pq ← 0, then for r ≠ p, q: w_rp ← c·w_rp − s·w_rq, w_rq ← s·w_rp +
 * c·w_rq (old values), mirrored to w_pr, w_qr; and Q's columns p, q the same
 * way for every r.  L4: h_i = δ + √max(λ_i, 0).  L5/L8: y_i = (Σ_r Q_ri v_r)/h_i,
 * then u_r = Σ_i Q_ri y_i, sums from index 0 up; x_r − (η·u_r), or −(η·u_r).
 * L9: c_i = η·(Σ_r Q_ri v_r); the excess Σ_i (c_i/(h_i + μ))² − R·R; the
 * midpoint (lo + hi)·0.5; y_i = c_i/(h_i + μ), x_r = −Σ_i Q_ri y_i.
 */
#include "../core/ws.h"

enum { ETA, DELTA, RADIUS };
enum { G, SUM, MU, W, Q };
enum { PRECONDITIONED, PRIMAL_DUAL, PRIMAL_DUAL_BALL };
enum { A, B, C, SN, T, TAU, NEW, ZERO, HUNDRED, LO, HI, MID, NTMP };

static void adagrad_full_init(ws *w)
{
    for (size_t k = 0; k < w->n * w->n; k++)
        s_set_d(w->st[G][k], 0.0); /* L0 */
    if (w->variant != PRECONDITIONED)
        for (size_t i = 0; i < w->n; i++)
            s_set_d(w->st[SUM][i], 0.0); /* L0 */
}

/* |w_pq| negligible beside both w_pp and w_qq at the run's precision
 * (Rutishauser's test); a NaN counts as negligible. */
static int negligible(ws *w, S_VEC Wm, size_t p, size_t q)
{
    size_t n = w->n;
    S_PTR a = w->tmp[A], b = w->tmp[B], c = w->tmp[C];
    s_abs(a, Wm[p * n + q]); s_mul(a, a, w->tmp[HUNDRED]); /* L3 */
    s_abs(b, Wm[p * n + p]); s_add(c, b, a);               /* L3 */
    if (s_cmp(c, b) != 0)                                  /* L3 */
        return 0;
    s_abs(b, Wm[q * n + q]); s_add(c, b, a); /* L3 */
    return s_cmp(c, b) == 0;                 /* L3 */
}

/* The pair (c, s) of the rotation that zeroes w_pq (sym.schur2). */
static void rotation(ws *w, S_VEC Wm, size_t p, size_t q)
{
    size_t n = w->n;
    S_PTR a = w->tmp[A], b = w->tmp[B], c = w->tmp[C], sn = w->tmp[SN], t = w->tmp[T], tau = w->tmp[TAU];
    s_sub(tau, Wm[q * n + q], Wm[p * n + p]); s_add(a, Wm[p * n + q], Wm[p * n + q]); s_div(tau, tau, a); /* L3 */
    s_mul(a, tau, tau); s_add(a, a, w->one); s_sqrt(a, a); s_abs(b, tau); s_add(a, b, a);             /* L3 */
    s_div(t, w->one, a);                                                                              /* L3 */
    if (s_cmp(tau, w->tmp[ZERO]) < 0)                                                                 /* L3 */
        s_neg(t, t);                                                                                  /* L3 */
    s_mul(a, t, t); s_add(a, a, w->one); s_sqrt(a, a); s_div(c, w->one, a); s_mul(sn, t, c);          /* L3 */
}

/* Columns p and q of M (n×n) times the rotation: m_rp ← c m_rp − s m_rq,
 * m_rq ← s m_rp + c m_rq for every row r.  With sym (M = W, symmetric) rows
 * p and q are skipped (their 2×2 block is set by jacobi_rotate) and each new
 * value is mirrored to rows p and q. */
static void rotate_cols(ws *w, S_VEC M, size_t p, size_t q, int sym)
{
    size_t n = w->n;
    S_PTR a = w->tmp[A], b = w->tmp[B], c = w->tmp[C], sn = w->tmp[SN], nw = w->tmp[NEW];
    for (size_t r = 0; r < n; r++) {
        if (sym && (r == p || r == q))
            continue;
        s_mul(a, c, M[r * n + p]); s_mul(b, sn, M[r * n + q]); s_sub(nw, a, b);          /* L3 */
        s_mul(a, sn, M[r * n + p]); s_mul(b, c, M[r * n + q]); s_add(M[r * n + q], a, b); /* L3 */
        s_set(M[r * n + p], nw);                                                          /* L3 */
        if (sym) {
            s_set(M[p * n + r], M[r * n + p]); s_set(M[q * n + r], M[r * n + q]); /* L3 */
        }
    }
}

/* One Jacobi rotation in the (p, q) plane of W, accumulated into Q;
 * 0 when w_pq was negligible (and is now 0). */
static int jacobi_rotate(ws *w, S_VEC Wm, S_VEC Qm, size_t p, size_t q)
{
    size_t n = w->n;
    S_PTR a = w->tmp[A];
    if (negligible(w, Wm, p, q)) {
        s_set_d(Wm[p * n + q], 0.0); s_set_d(Wm[q * n + p], 0.0); /* L3 */
        return 0;
    }
    rotation(w, Wm, p, q);
    rotate_cols(w, Wm, p, q, 1);
    rotate_cols(w, Qm, p, q, 0);
    s_mul(a, w->tmp[T], Wm[p * n + q]);                      /* L3 */
    s_sub(Wm[p * n + p], Wm[p * n + p], a);                   /* L3 */
    s_add(Wm[q * n + q], Wm[q * n + q], a);                   /* L3 */
    s_set_d(Wm[p * n + q], 0.0); s_set_d(Wm[q * n + p], 0.0); /* L3 */
    return 1;
}

/* G_t = QΛQᵀ: W ← G_t, Q ← I, cyclic sweeps until one rotates nothing. */
static void eigen(ws *w)
{
    size_t n = w->n;
    S_VEC Wm = w->st[W], Qm = w->st[Q], Gm = w->st[G];
    for (size_t k = 0; k < n * n; k++) {
        s_set(Wm[k], Gm[k]);                                    /* L3 */
        s_set_d(Qm[k], k % (n + 1) == 0 ? 1.0 : 0.0);           /* L3 */
    }
    s_set_d(w->tmp[ZERO], 0.0); s_set_d(w->tmp[HUNDRED], 100.0); /* L3 */
    int rotated;
    do {
        rotated = 0;
        for (size_t p = 0; p + 1 < n; p++)
            for (size_t q = p + 1; q < n; q++)
                rotated |= jacobi_rotate(w, Wm, Qm, p, q);
    } while (rotated);
}

/* Σ_i c_i²/(h_i + μ)² − R², h_i on W's diagonal, c in y: its sign. */
static int ball_excess(ws *w, S_SRC mu)
{
    size_t n = w->n;
    S_VEC Wm = w->st[W], y = w->y;
    S_PTR a = w->tmp[A], b = w->tmp[B], sum = w->tmp[C];
    s_set_d(sum, 0.0); /* L9 */
    for (size_t i = 0; i < n; i++) {
        s_add(a, Wm[i * n + i], mu); s_div(a, y[i], a); s_mul(a, a, a); s_add(sum, sum, a); /* L9 */
    }
    s_mul(b, w->hp[RADIUS], w->hp[RADIUS]); /* L9: R² */
    return s_cmp(sum, b);                   /* L9 */
}

/* μ of L9 into the state, c = η Qᵀ Σ_τ g_τ in y. */
static void ball_mu(ws *w)
{
    size_t n = w->n;
    S_PTR mu = w->st[MU][0], a = w->tmp[A], lo = w->tmp[LO], hi = w->tmp[HI], mid = w->tmp[MID];
    s_set_d(mu, 0.0); /* L9 */
    if (ball_excess(w, mu) <= 0)
        return;
    s_set_d(hi, 0.0); /* L9: ‖c‖/R */
    for (size_t i = 0; i < n; i++) {
        s_mul(a, w->y[i], w->y[i]); s_add(hi, hi, a); /* L9 */
    }
    s_sqrt(hi, hi); s_div(hi, hi, w->hp[RADIUS]); s_set_d(lo, 0.0); /* L9 */
    for (;;) {
        s_add(mid, lo, hi); s_set_d(a, 0.5); s_mul(mid, mid, a); /* L9 */
        if (s_cmp(mid, lo) == 0 || s_cmp(mid, hi) == 0)         /* L9 */
            break;
        if (ball_excess(w, mid) > 0)
            s_set(lo, mid); /* L9 */
        else
            s_set(hi, mid); /* L9 */
    }
    s_set(mu, hi); /* L9 */
}

/* x from v (g_t or Σ_t): u = Q (δI + Λ^{1/2})⁻¹ Qᵀ v, with h_i = δ + √λ_i
 * already on W's diagonal; on the ball, y = c/(h + μ) with c = η Qᵀ v. */
static void apply_inverse(ws *w, S_VEC v, S_SRC eta)
{
    size_t n = w->n;
    int ball = w->variant == PRIMAL_DUAL_BALL;
    S_VEC Wm = w->st[W], Qm = w->st[Q], y = w->y, x = w->x;
    S_PTR a = w->tmp[A], u = w->tmp[B];
    for (size_t i = 0; i < n; i++) {
        s_set_d(y[i], 0.0); /* L5 L8 L9 */
        for (size_t r = 0; r < n; r++) {
            s_mul(a, Qm[r * n + i], v[r]); s_add(y[i], y[i], a); /* L5 L8 L9 */
        }
        if (ball)
            s_mul(y[i], eta, y[i]); /* L9: c_i */
        else
            s_div(y[i], y[i], Wm[i * n + i]); /* L5 L8 */
    }
    if (ball) {
        ball_mu(w);
        for (size_t i = 0; i < n; i++) {
            s_add(a, Wm[i * n + i], w->st[MU][0]); s_div(y[i], y[i], a); /* L9 */
        }
    }
    for (size_t r = 0; r < n; r++) {
        s_set_d(u, 0.0); /* L5 L8 L9 */
        for (size_t i = 0; i < n; i++) {
            s_mul(a, Qm[r * n + i], y[i]); s_add(u, u, a); /* L5 L8 L9 */
        }
        if (ball)
            s_neg(x[r], u); /* L9 */
        else if (w->variant == PRIMAL_DUAL) {
            s_mul(a, eta, u); s_neg(x[r], a); /* L5 */
        } else {
            s_mul(a, eta, u); s_sub(x[r], x[r], a); /* L8 */
        }
    }
}

static void adagrad_full_step(ws *w)
{
    size_t n = w->n;
    S_SRC delta = w->hp[DELTA];
    S_VEC x = w->x, g = w->g, Gm = w->st[G], Wm = w->st[W];
    S_PTR a = w->tmp[A];

    S_SRC eta = sched_eta(w); /* L5 L8 L9: η_t */
    grad(w, g, x); /* L2 */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            s_mul(a, g[i], g[j]); s_add(Gm[i * n + j], Gm[i * n + j], a); /* L3 */
        }
    eigen(w); /* L3: G_t = QΛQᵀ, S_t = QΛ^{1/2}Qᵀ */
    for (size_t i = 0; i < n; i++) {
        s_max(a, Wm[i * n + i], w->tmp[ZERO]); s_sqrt(a, a); s_add(Wm[i * n + i], delta, a); /* L4 */
    }
    if (w->variant != PRECONDITIONED) {
        for (size_t i = 0; i < n; i++)
            s_add(w->st[SUM][i], w->st[SUM][i], g[i]); /* L5 L9 */
        apply_inverse(w, w->st[SUM], eta);            /* L5 L9 */
    } else {
        apply_inverse(w, g, eta); /* L8 */
    }
}

OPTREF_ALGORITHM_IMPL(adagrad_full) = { adagrad_full_init, adagrad_full_step };

#if OPTREF_META
static const optref_param adagrad_full_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
              .doc = "step size" },
    [DELTA] = { .name = "delta", .symbol = "δ", .def = NAN, .flags = OPTREF_P_POSITIVE,
                .doc = "δ > 0 of H_t = δI + S_t (0 would leave H_t singular for t < d)" },
    [RADIUS] = { .name = "R", .symbol = "R", .def = NAN, .flags = OPTREF_P_POSITIVE, .vmask = 1u << PRIMAL_DUAL_BALL,
                 .doc = "primal_dual_ball: radius of the ball X = {‖x‖ ≤ R} (required)" },
};
static const optref_statevar adagrad_full_state[] = {
    [G] = { .name = "G", .symbol = "G_t", .extent = OPTREF_PER_COORD2, .line = 3,
            .doc = "Σ g gᵀ, the outer products so far, row-major (G[i·n + j])" },
    [SUM] = { .name = "gsum", .symbol = "Σ g_τ", .vmask = 1u << PRIMAL_DUAL | 1u << PRIMAL_DUAL_BALL, .line = 5,
              .doc = "primal_dual: the sum of the gradients so far (t times their mean)" },
    [MU] = { .name = "mu", .symbol = "μ", .extent = OPTREF_SCALAR, .vmask = 1u << PRIMAL_DUAL_BALL, .line = 9,
             .doc = "primal_dual_ball: the multiplier of ‖x‖ ≤ R (0 when inside)" },
    [W] = { .name = "W", .symbol = "Λ", .extent = OPTREF_PER_COORD2, .internal = 1, .line = 3,
            .doc = "Jacobi's working matrix: G_t, then Λ, then δ + Λ^{1/2} on its diagonal" },
    [Q] = { .name = "Q", .symbol = "Q", .extent = OPTREF_PER_COORD2, .internal = 1, .line = 3,
            .doc = "eigenvectors of G_t, by columns" },
};
static const optref_variant adagrad_full_variants[] = {
    [PRECONDITIONED] = { .name = "preconditioned",
                         .doc = "STATS 403 with Duchi's δI (mirror descent): x ← x − η(δI + G^{1/2})⁻¹g",
                         .x_line = 8, .g_line = 2 },
    [PRIMAL_DUAL] = { .name = "primal_dual",
                      .doc = "Topic 27 Alg. 2, φ = 0 on ℝ^d: x ← −η(δI + G^{1/2})⁻¹ Σ g",
                      .x_line = 5, .g_line = 2 },
    [PRIMAL_DUAL_BALL] = { .name = "primal_dual_ball",
                           .doc = "Topic 27 Alg. 2, φ = 0 on the ball ‖x‖ ≤ R: x ← −(δI + G^{1/2} + μI)⁻¹ ηΣg",
                           .x_line = 9, .g_line = 2 },
};
OPTREF_DECLARE_IMPLS(impl, adagrad_full);
const optref_algorithm optref_adagrad_full = {
    .name = "adagrad_full",
    .title = "AdaGrad with full matrices",
    .source = "Duchi, Hazan, Singer 2011 (full matrices); Topic 27 Algorithm 2; STATS 403",
    .file = "ref/alg/adagrad_full.c",
    .hp = adagrad_full_hp, .nhp = OPTREF_COUNT(adagrad_full_hp),
    .state = adagrad_full_state, .nstate = OPTREF_COUNT(adagrad_full_state),
    .variants = adagrad_full_variants, .nvariants = OPTREF_COUNT(adagrad_full_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adagrad_full),
};
#endif
