/* factor.c: the factor schedule with a floor, η_t = max(η_min, η0·α^e).
 *
 * Sources
 *   - DSCI 565 Lecture 17, "Factor Scheduler": η_{t+1} ← α η_t with α ∈ (0, 1).
 *   - D2L §12.11.2 (FactorScheduler(factor, stop_factor_lr, base_lr)): the
 *     text and code floor it, η_{t+1} ← max(η_min, α η_t), stop_factor_lr =
 *     1e−7 by default.  The floor is not on the slide.
 *   - PyTorch's ExponentialLR(gamma) is the same recursion without a floor.
 *
 * @pseudocode
 *   L1  e ← t − 1                         updates made before this one
 *   L2  η_t ← max(η_min, η0 · α^e)
 * @end
 *
 * Index: t is the update being made (1, 2, ...); e = t − 1 is what every
 * framework evaluates its schedule at (torch's last_epoch, optax's count,
 * Keras's iterations), so update 1 uses η0.  e is computed in C integers,
 * exactly, before it enters the arithmetic (as a whole number, exact).
 *
 * The recursion unrolled: max(η_min, α·max(η_min, ...)) = max(η_min, η0 α^e)
 * in exact arithmetic for any α > 0, so optref evaluates the closed form with
 * an exact power: α^e correctly rounded (s_pow, MPFR's mpfr_pow in both
 * builds), then one product and the max.  Why not the running product the
 * slide writes: η_t then depends on t alone (verify, Ziv restarts and
 * `optref schedule` need no history) and carries two roundings whatever t
 * is, where a running product (torch's ExponentialLR) carries e of them.
 *
 * Slips noticed
 *   - The slide has no floor; D2L's code (which the deck follows) has one.
 *   - D2L's FactorScheduler returns the decayed value already on its first
 *     call, and its plot shows call k = max(η_min, η0 α^(k+1)); its train()
 *     calls it at the end of epoch e, so epoch e trains with η0 α^e, which is
 *     this schedule with one update an epoch.
 */
#include "../core/ws.h"

enum { ALPHA, FLOOR };
enum { E, POW, NTMP };

static void factor_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long e = w->t - 1;                                  /* L1 */
    S_PTR pe = w->stmp[E], pw = w->stmp[POW];
    s_set_si(pe, e); s_pow(pw, w->sp[ALPHA], pe);       /* L2: α^e */
    s_mul(pw, eta0, pw); s_max(eta, w->sp[FLOOR], pw); /* L2 */
}

OPTREF_SCHEDULE_IMPL(factor) = { factor_eta };

#if OPTREF_META
static const optref_param factor_params[] = {
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 0.9, .flags = OPTREF_P_POSITIVE,
                .doc = "factor per update (D2L's example: 0.9)" },
    [FLOOR] = { .name = "floor", .symbol = "η_min", .def = 1e-7, .flags = OPTREF_P_NONNEG,
                .doc = "floor, D2L's stop_factor_lr (default 1e-7 as D2L's)" },
};
OPTREF_DECLARE_IMPLS(simpl, factor);
const optref_schedule optref_sched_factor = {
    .name = "factor",
    .title = "factor decay with a floor",
    .source = "Lecture 17 (D2L 12.11.2 FactorScheduler, stop_factor_lr)",
    .file = "ref/sched/factor.c",
    .formula = "η_t = max(η_min, η0·α^(t−1))",
    .params = factor_params,
    .nparams = OPTREF_COUNT(factor_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, factor),
};
#endif
