/* gd.c: gradient descent, optionally projected onto a box or a ball.
 *
 * Sources
 *   - Cauchy 1847; the update x^{t+1} = x^t − η ∇f(x^t): STATS 403 lecture 2,
 *     slide "2.1 optimization methods".
 *   - Projected form: Topic 27 (HKUST), Algorithm 1 "Gradient Descent",
 *     w_{t+1} ← Π_K(w_t − η g_t); here K is the box [lo, hi]^n, on which the
 *     Euclidean projection Π_K is a coordinate-wise clamp.
 *   - Variant "ball": K = {w : ‖w‖₂ ≤ R}, on which the Euclidean projection
 *     is the radial scaling Π_K(y) = y·min(1, R/‖y‖₂) (e.g. Bubeck,
 *     "Convex optimization: algorithms and complexity", 2015, §3.1; Hazan,
 *     "Introduction to online convex optimization", cited by STATS 403).
 *   - Worked numbers: DS 4440 "Optimizer matters", slide "The importance of
 *     learning rate α" (f = x², x_init = 10, α = 0.2 and 0.05).
 *
 * Pseudocode (Topic 27, Algorithm 1, with its line numbers; the loop, line 1,
 * is the driver's: ref/ws.c):
 * @pseudocode
 *   L3  g_t ← ∇f(w_t)
 *   L4  w_{t+1} ← Π_K(w_t − η g_t),   K = [lo, hi]^n
 *   L5  w_{t+1} ← Π_K(y) = y·min(1, R/‖y‖₂),   y = w_t − η g_t,   K = {‖w‖₂ ≤ R}
 * @end
 * L5 is L4 with the ball for K (variant "ball"), written out.
 *
 * Slips noticed
 *   - DS 4440, α = 0.2: the third step is written .2·(2·2.4) = .96, x ≈ 2.6;
 *     it multiplies the previous step (2.4) instead of x = 3.6.  The update
 *     gives .2·(2·3.6) = 1.44 and x = 2.16 = 10·0.6³ (tests/test_gd.c).
 *   - Topic 27, Algorithm 1: its Require line takes a learning rate η_t,
 *     its line 4 uses a constant η.  Here η_t is the schedule's value at
 *     step t (sched_eta), which is η under the default constant schedule.
 *
 * Rounding: w − η g is computed as w − (η·g), then clamped (exact).  The
 * ball: ‖y‖₂ = √(Σ y_i²), the squares summed from i = 0 up; when ‖y‖₂ > R,
 * each y_i·(R/‖y‖₂), the ratio once a step.  In MPFR at the golden's
 * precision these roundings vanish below binary64's; in double the
 * projected point may lie a few ULPs outside the ball.
 */
#include "../core/ws.h"

enum { ETA, LO, HI, R };
enum { STANDARD, BALL };
enum { A, B, NRM, NTMP };

static void gd_init(ws *w) { (void)w; }

/* Variant ball: y = w − ηg into w, then the radial scaling when ‖y‖ > R. */
static void gd_ball(ws *w)
{
    S_SRC radius = w->hp[R];
    S_VEC x = w->x, g = w->g;
    S_PTR a = w->tmp[A], nrm = w->tmp[NRM];

    S_SRC eta = sched_eta(w); /* L5: η_t */
    grad(w, g, x); /* L3 */
    s_set_d(nrm, 0.0); /* L5: ‖y‖² */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, eta, g[i]); s_sub(x[i], x[i], a); /* L5: y */
        s_mul(a, x[i], x[i]); s_add(nrm, nrm, a);  /* L5: ‖y‖² */
    }
    s_sqrt(nrm, nrm); /* L5: ‖y‖ */
    if (s_cmp(nrm, radius) <= 0) /* L5: min(1, R/‖y‖) = 1 */
        return;                   /* inside K (or NaN, not projected): Π_K(y) = y */
    s_div(a, radius, nrm); /* L5: R/‖y‖ */
    for (size_t i = 0; i < w->n; i++)
        s_mul(x[i], x[i], a); /* L5 */
}

static void gd_step(ws *w)
{
    if (w->variant == BALL) {
        gd_ball(w);
        return;
    }
    S_SRC lo = w->hp[LO], hi = w->hp[HI];
    S_VEC x = w->x, g = w->g;
    S_PTR a = w->tmp[A], b = w->tmp[B];

    S_SRC eta = sched_eta(w); /* L4: η_t */
    grad(w, g, x); /* L3 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, eta, g[i]); s_sub(b, x[i], a); s_clamp(x[i], b, lo, hi); /* L4 */
    }
}

OPTREF_ALGORITHM_IMPL(gd) = { gd_init, gd_step };

#if OPTREF_META
static const optref_param gd_hp[] = {
    [ETA] = { .name = "eta", .symbol = "η", .def = NAN, .flags = OPTREF_P_POSITIVE | OPTREF_P_STEP,
              .doc = "learning rate (required)" },
    [LO] = { .name = "lo", .symbol = "K", .def = -INFINITY, .flags = OPTREF_P_INF_OK, .vmask = 1u << STANDARD,
             .doc = "lower bound of the box K (default: no bound)" },
    [HI] = { .name = "hi", .symbol = "K", .def = INFINITY, .flags = OPTREF_P_INF_OK,
             .vmask = 1u << STANDARD, .doc = "upper bound of the box K (default: no bound)" },
    [R] = { .name = "R", .symbol = "R", .def = NAN, .flags = OPTREF_P_POSITIVE, .vmask = 1u << BALL,
            .doc = "radius of the ball K = {‖w‖₂ ≤ R} (required)" },
};
static const optref_variant gd_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "w ← Π_K(w − η∇f(w)); with the default box, plain gradient descent",
                   .x_line = 4, .g_line = 3 },
    [BALL] = { .name = "ball", .doc = "w ← Π_K(w − η∇f(w)), K the ball ‖w‖₂ ≤ R: y·min(1, R/‖y‖₂)",
               .x_line = 5, .g_line = 3 },
};
static const char *gd_check(const double *hp)
{
    return hp[LO] <= hp[HI] ? NULL : "empty box: lo > hi";
}
OPTREF_DECLARE_IMPLS(impl, gd);
const optref_algorithm optref_gd = {
    .name = "gd",
    .title = "gradient descent (projected onto a box or a ball)",
    .source = "Topic 27 (HKUST) Algorithm 1; STATS 403 lecture 2",
    .file = "ref/alg/gd.c",
    .hp = gd_hp, .nhp = OPTREF_COUNT(gd_hp),
    .variants = gd_variants, .nvariants = OPTREF_COUNT(gd_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, gd),
    .check = gd_check,
};
#endif
