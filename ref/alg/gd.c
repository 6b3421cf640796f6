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
#include "../ws.h"

enum { ETA, LO, HI };

static void PFX(gd_init)(PFX(ws) *w) { (void)w; }

static void PFX(gd_step)(PFX(ws) *w)
{
    S_SRC eta = w->hp[ETA], lo = w->hp[LO], hi = w->hp[HI];
    S_VEC x = w->x, g = w->g;
    S_PTR a = w->tmp[0], b = w->tmp[1];

    grad(w, g, x); /* L3 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, eta, g[i]); s_sub(b, x[i], a); s_clamp(x[i], b, lo, hi); /* L4 */
    }
}

const struct PFX(impl) PFX(gd_impl) = { PFX(gd_init), PFX(gd_step) };

#if OPTREF_META
static const optref_hparam gd_hp[] = {
    { "eta", "η", NAN, OPTREF_HP_POSITIVE, 0, "learning rate (required)" },
    { "lo", "K", -INFINITY, OPTREF_HP_INF_OK, 0, "lower bound of the box K (default: no bound)" },
    { "hi", "K", INFINITY, OPTREF_HP_INF_OK, 0, "upper bound of the box K (default: no bound)" },
};
static const optref_variant gd_variants[] = {
    { "standard", "w ← Π_K(w − η∇f(w)); with the default box, plain gradient descent", 4, 3, { 0 } },
};
static const char *gd_check(const double *hp)
{
    return hp[LO] <= hp[HI] ? NULL : "empty box: lo > hi";
}
extern const struct optref_mp_impl optref_mp_gd_impl;
const optref_algorithm optref_gd = {
    "gd", "gradient descent (projected onto a box)",
    "Topic 27 (HKUST) Algorithm 1; STATS 403 lecture 2", "ref/alg/gd.c",
    gd_hp, 3, NULL, 0, gd_variants, 1, &optref_d_gd_impl, &optref_mp_gd_impl, gd_check,
};
#endif
