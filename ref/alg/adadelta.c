/* adadelta.c: Adadelta.
 *
 * Sources
 *   - M. D. Zeiler, "ADADELTA: an adaptive learning rate method",
 *     arXiv:1212.5701, 2012, Algorithm 1 (line numbers below are its own).
 *   - DSCI 565 Lecture 17, slides "Adadelta", and Lecture 11.5, slide
 *     "Adadelta" (symbols below are theirs): s_t ← ρ s_{t−1} + (1 − ρ) g_t²,
 *     g'_t ← √(Δx_{t−1} + ε)/√(s_t + ε) ⊙ g_t, x_t ← x_{t−1} − g'_t,
 *     Δx_t ← ρ Δx_{t−1} + (1 − ρ) g'_t², s_0 = Δx_0 = 0.
 *   The slides' Δx is Zeiler's accumulator E[Δx²], not the step.  There is no
 *   learning rate (PyTorch's lr, default 1, only scales the applied step).
 *
 * Pseudocode (Zeiler, Algorithm 1, with its line numbers; line 2, the loop,
 * is the driver's):
 * @pseudocode
 *   L1  s_0 ← 0, Δx_0 ← 0
 *   L3  g_t ← ∇f(x_{t−1})
 *   L4  s_t ← ρ s_{t−1} + (1 − ρ) g_t ⊙ g_t
 *   L5  g'_t ← √(Δx_{t−1} + ε) / √(s_t + ε) ⊙ g_t
 *   L6  Δx_t ← ρ Δx_{t−1} + (1 − ρ) g'_t ⊙ g'_t
 *   L7  x_t ← x_{t−1} − g'_t
 * @end
 *
 * Notes on the slides
 *   - Lecture 11.5 writes L5 as one root, √((Δx + ε)/(s + ε)): equal in exact
 *     arithmetic, rounded differently.  We keep Zeiler's two roots
 *     (RMS[Δx]_{t−1} / RMS[g]_t), as Lecture 17 and PyTorch do.
 *   - Lecture 17 lists x_t = x_{t−1} − g'_t before g'_t is defined; the order
 *     of computation is Zeiler's.
 *
 * Rounding: L5 is (√(Δx + ε) / √(s + ε)) · g.
 */
#include "../core/ws.h"

enum { RHO, EPS };
enum { S, DX, GP };
enum { A, B, C, D, NTMP };

static void adadelta_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[S][i], 0.0); s_set_d(w->st[DX][i], 0.0); /* L1 */
    }
}

static void adadelta_step(ws *w)
{
    S_SRC rho = w->hp[RHO], eps = w->hp[EPS];
    S_VEC x = w->x, g = w->g, s = w->st[S], dx = w->st[DX], gp = w->st[GP];
    S_PTR a = w->tmp[A], b = w->tmp[B], c = w->tmp[C], d = w->tmp[D];

    grad(w, g, x); /* L3 */
    s_sub(c, w->one, rho); /* L4 L6: 1 − ρ */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, g[i], g[i]); s_mul(b, c, a); s_mul(a, rho, s[i]); s_add(s[i], a, b); /* L4 */
        s_add(a, dx[i], eps); s_sqrt(b, a); s_add(a, s[i], eps); s_sqrt(d, a);        /* L5 */
        s_div(a, b, d); s_mul(gp[i], a, g[i]);                                         /* L5 */
        s_mul(a, gp[i], gp[i]); s_mul(b, c, a); s_mul(a, rho, dx[i]); s_add(dx[i], a, b); /* L6 */
        s_sub(x[i], x[i], gp[i]);                                                      /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(adadelta) = { adadelta_init, adadelta_step };

#if OPTREF_META
static const optref_param adadelta_hp[] = {
    [RHO] = { .name = "rho", .symbol = "ρ", .def = 0.9, .flags = OPTREF_P_UNIT,
              .doc = "decay of both averages, 0 <= ρ < 1" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-6, .flags = OPTREF_P_POSITIVE,
              .doc = "stabiliser inside both roots (Zeiler: 1e-6)" },
};
static const optref_statevar adadelta_state[] = {
    [S] = { .name = "s", .symbol = "s", .line = 4, .doc = "EWMA of g ⊙ g (Zeiler's E[g²])" },
    [DX] = { .name = "dx", .symbol = "Δx", .line = 6, .doc = "EWMA of g' ⊙ g' (Zeiler's E[Δx²])" },
    [GP] = { .name = "gp", .symbol = "g'", .internal = OPTREF_INTERMEDIATE, .line = 5,
             .doc = "the rescaled gradient g'_t" },
};
static const optref_variant adadelta_variants[] = {
    { .name = "standard", .doc = "Zeiler 2012 Algorithm 1", .x_line = 7, .g_line = 3 },
};
OPTREF_DECLARE_IMPLS(impl, adadelta);
const optref_algorithm optref_adadelta = {
    .name = "adadelta",
    .title = "Adadelta",
    .source = "Zeiler 2012 Algorithm 1; Lecture 17 slide \"Adadelta\"",
    .file = "ref/alg/adadelta.c",
    .hp = adadelta_hp, .nhp = OPTREF_COUNT(adadelta_hp),
    .state = adadelta_state, .nstate = OPTREF_COUNT(adadelta_state),
    .variants = adadelta_variants, .nvariants = OPTREF_COUNT(adadelta_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adadelta),
};
#endif
