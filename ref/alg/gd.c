/* gd.c: gradient descent, optionally projected onto a box.
 *
 * Sources
 *   - Cauchy 1847; the update x^{t+1} = x^t − η ∇f(x^t): STATS 403 lecture 2,
 *     slide "2.1 optimization methods".
 *   - Projected form: Topic 27 (HKUST), Algorithm 1 "Gradient Descent",
 *     w_{t+1} ← Π_K(w_t − η g_t); here K is the box [lo, hi]^n, on which the
 *     Euclidean projection Π_K is a coordinate-wise clamp.
 *   - Worked numbers: DS 4440 "Optimizer matters", slide "The importance of
 *     learning rate α" (f = x², x_init = 10, α = 0.2 and 0.05).
 *
 * Pseudocode (Topic 27, Algorithm 1, with its line numbers; the loop, line 1,
 * is the driver's: ref/ws.c):
 * @pseudocode
 *   L3  g_t ← ∇f(w_t)
 *   L4  w_{t+1} ← Π_K(w_t − η g_t),   K = [lo, hi]^n
 * @end
 *
 * Slips noticed
 *   - DS 4440, α = 0.2: the third step is written .2·(2·2.4) = .96, x ≈ 2.6;
 *     it multiplies the previous step (2.4) instead of x = 3.6.  The update
 *     gives .2·(2·3.6) = 1.44 and x = 2.16 = 10·0.6³ (tests/test_gd.c).
 *
 * Rounding: w − η g is computed as w − (η·g), then clamped (exact).
 */
#include "../core/ws.h"

enum { ETA, LO, HI };
enum { A, B, NTMP };

static void gd_init(ws *w) { (void)w; }

static void gd_step(ws *w)
{
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
    [LO] = { .name = "lo", .symbol = "K", .def = -INFINITY, .flags = OPTREF_P_INF_OK,
             .doc = "lower bound of the box K (default: no bound)" },
    [HI] = { .name = "hi", .symbol = "K", .def = INFINITY, .flags = OPTREF_P_INF_OK,
             .doc = "upper bound of the box K (default: no bound)" },
};
static const optref_variant gd_variants[] = {
    { .name = "standard", .doc = "w ← Π_K(w − η∇f(w)); with the default box, plain gradient descent",
      .x_line = 4, .g_line = 3 },
};
static const char *gd_check(const double *hp)
{
    return hp[LO] <= hp[HI] ? NULL : "empty box: lo > hi";
}
OPTREF_DECLARE_IMPLS(impl, gd);
const optref_algorithm optref_gd = {
    .name = "gd",
    .title = "gradient descent (projected onto a box)",
    .source = "Topic 27 (HKUST) Algorithm 1; STATS 403 lecture 2",
    .file = "ref/alg/gd.c",
    .hp = gd_hp, .nhp = OPTREF_COUNT(gd_hp),
    .variants = gd_variants, .nvariants = OPTREF_COUNT(gd_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, gd),
    .check = gd_check,
};
#endif
