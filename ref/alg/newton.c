/* newton.c: Newton's method, the preconditioned gradient step with the
 * Hessian as preconditioner.
 *
 * Sources
 *   - STATS 403 lecture 2, slide "preconditioner":
 *     x^{t+1} = x^t − η^t H_t⁻¹ ∇f(x^t), on f = c + bᵀx + ½ xᵀA x, where
 *     setting ∇f(x^{t+1}) = 0 gives H_t = A and η = 1.
 *   - Lecture 17 (DSCI 565), slide "Adagrad Rationale": AdaGrad as a cheap
 *     stand-in for preconditioning with (the diagonal of) the Hessian, "as in
 *     the analysis of Newton's method" (D2L §12.7).
 *   - J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer
 *     2006, §2.2 eq. (2.15) (the Newton direction p = −(∇²f)⁻¹∇f) and §3.3;
 *     S. Boyd, L. Vandenberghe, Convex Optimization, 2004, §9.5 (the damped
 *     Newton step x ← x − η (∇²f)⁻¹∇f).
 *   - The solve: G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed.,
 *     §3.4 (Gaussian elimination with partial pivoting) and §3.1 (back
 *     substitution).
 *
 * Pseudocode (the slide's one formula, split into the lines code implements;
 * the loop over t is the driver's):
 * @pseudocode
 *   L1  g ← ∇f(x^t)
 *   L2  H_t ← ∇²f(x^t)
 *   L3  d ← H_t⁻¹ g             (solve H_t d = g)
 *   L4  x^{t+1} ← x^t − η^t d
 * @end
 * The Hessian is the problem's (its hess hook, ref/core/ws_struct.h); a setup
 * on a family without one is refused (needs_hessian, ref/core/setup.c).  On
 * a quadratic, one step with η = 1 lands on the minimiser −A⁻¹b.
 *
 * The solve of L3 runs in the run's arithmetic, with the same correctly
 * rounded operations as everything else (so the MPFR variant is exact to its
 * precision and the double variant equals MPFR at 53 bits): Gaussian
 * elimination on H_t and d = g together, pivoting at column k on the row
 * i >= k of largest |H_ik| (the first such row on ties; no swap when it is
 * row k), then back substitution.  H_t is recomputed every step, so the
 * elimination overwrites it.  A singular H_t divides by zero: x becomes inf
 * or NaN, the problem's (Newton is undefined there), never a crash.
 *
 * Slips noticed
 *   - None in the slide's formula.  Its quadratic example names no step
 *     size; η = 1 is the one that sets ∇f(x^{t+1}) = 0 (Nocedal & Wright's
 *     unit step), and it is this file's default.
 *
 * Rounding: L3, for each pivot k and row i > k: l = H_ik / H_kk, then
 * H_ij ← H_ij − l·H_kj for j > k and d_i ← d_i − l·d_k; back substitution
 * from i = n − 1 down: d_i ← (d_i − Σ_{j>i} H_ij d_j) / H_ii, subtracting
 * j = i + 1 up.  L4: x − (η·d).
 */
#include "../core/ws.h"

enum { ETA };
enum { H, D };
enum { A, B, L, NTMP };

static void newton_init(ws *w) { (void)w; }

/* Row p below row k has the largest |H_ik| in column k: exchange rows k and
 * p of H (columns k.. only: the rest is eliminated) and of d. */
static void swap_rows(ws *w, S_VEC Hm, S_VEC d, size_t k, size_t p)
{
    size_t n = w->n;
    S_PTR a = w->tmp[A];
    for (size_t j = k; j < n; j++) {
        s_set(a, Hm[k * n + j]); s_set(Hm[k * n + j], Hm[p * n + j]); s_set(Hm[p * n + j], a); /* L3 */
    }
    s_set(a, d[k]); s_set(d[k], d[p]); s_set(d[p], a); /* L3 */
}

/* The row i >= k of largest |H_ik|. */
static size_t pivot_row(ws *w, S_VEC Hm, size_t k)
{
    size_t n = w->n, p = k;
    S_PTR a = w->tmp[A], b = w->tmp[B];
    s_abs(a, Hm[k * n + k]); /* L3 */
    for (size_t i = k + 1; i < n; i++) {
        s_abs(b, Hm[i * n + k]); /* L3 */
        if (s_cmp(b, a) > 0) {   /* L3 */
            p = i;
            s_set(a, b); /* L3 */
        }
    }
    return p;
}

/* Solves H d = d in place (d holds g on entry), destroying H. */
static void solve(ws *w, S_VEC Hm, S_VEC d)
{
    size_t n = w->n;
    S_PTR b = w->tmp[B], l = w->tmp[L];
    for (size_t k = 0; k < n; k++) {
        size_t p = pivot_row(w, Hm, k);
        if (p != k)
            swap_rows(w, Hm, d, k, p);
        for (size_t i = k + 1; i < n; i++) {
            s_div(l, Hm[i * n + k], Hm[k * n + k]); /* L3 */
            for (size_t j = k + 1; j < n; j++) {
                s_mul(b, l, Hm[k * n + j]); s_sub(Hm[i * n + j], Hm[i * n + j], b); /* L3 */
            }
            s_mul(b, l, d[k]); s_sub(d[i], d[i], b); /* L3 */
        }
    }
    for (size_t i = n; i-- > 0;) {
        for (size_t j = i + 1; j < n; j++) {
            s_mul(b, Hm[i * n + j], d[j]); s_sub(d[i], d[i], b); /* L3 */
        }
        s_div(d[i], d[i], Hm[i * n + i]); /* L3 */
    }
}

static void newton_step(ws *w)
{
    S_VEC x = w->x, g = w->g, Hm = w->st[H], d = w->st[D];
    S_PTR a = w->tmp[A];

    S_SRC eta = sched_eta(w); /* L4: η_t */
    grad(w, g, x);  /* L1 */
    hess(w, Hm, x); /* L2 */
    for (size_t i = 0; i < w->n; i++)
        s_set(d[i], g[i]); /* L3: the right-hand side */
    solve(w, Hm, d);       /* L3 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, eta, d[i]); s_sub(x[i], x[i], a); /* L4 */
    }
}

OPTREF_ALGORITHM_IMPL(newton) = { newton_init, newton_step };

#if OPTREF_META
static const optref_param newton_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = 1.0, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
              .line = 4, .doc = "step size; 1 is Newton's step, < 1 damped (Boyd & Vandenberghe 9.5)" },
};
static const optref_statevar newton_state[] = {
    [H] = { .name = "H", .symbol = "H_t", .extent = OPTREF_PER_COORD2, .internal = 1, .line = 2,
            .doc = "the Hessian at x^t, overwritten by the elimination" },
    [D] = { .name = "d", .symbol = "H_t⁻¹∇f", .line = 3, .doc = "the Newton direction H_t⁻¹ g" },
};
static const optref_variant newton_variants[] = {
    { .name = "standard", .doc = "STATS 403: x ← x − η H⁻¹∇f(x), H the Hessian", .x_line = 4, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, newton);
const optref_algorithm optref_newton = {
    .name = "newton",
    .title = "Newton's method (gradient preconditioned by the Hessian)",
    .source = "STATS 403 \"preconditioner\"; Nocedal & Wright 2006 (2.15); Boyd & Vandenberghe 9.5",
    .file = "ref/alg/newton.c",
    .hp = newton_hp, .nhp = OPTREF_COUNT(newton_hp),
    .state = newton_state, .nstate = OPTREF_COUNT(newton_state),
    .variants = newton_variants, .nvariants = OPTREF_COUNT(newton_variants),
    .ntmp = NTMP,
    .needs_hessian = 1,
    OPTREF_IMPLS(impl, newton),
};
#endif
