/* invsqrt.c: the square-root schedule, η_t = η0 / √(t + c).
 *
 * Sources
 *   - DSCI 565 Lecture 17, "Learning rate scheduling", square root:
 *     η(t) = η0 (t + 1)^(−1/2), i.e. c = 1 (D2L §12.11.1, SquareRootScheduler).
 *   - Lecture 11.5, AdaGrad's motivation: η/√(t + c) for convex problems.
 *   - Duchi, Hazan, Singer (2011) and Zinkevich (2003): η_t ∝ 1/√t gives
 *     O(√T) regret for online convex optimization.
 *
 * @pseudocode
 *   L1  η_t ← η0 / √(t + c)
 * @end
 *
 * t is the update being made, t = 1, 2, ...  D2L's scheduler is called with
 * the epoch number, from 0: its η(0) = η0 is our t = 1 with c = 0, or its
 * epoch e is our t − 1 with c = 1.  Which one a framework means is exactly the
 * off-by-one that a golden sequence settles.
 *
 * Rounding: t + c (one rounding; exact for whole c below 2^53 − t), √ (one),
 * η0 / that (one).  All basic operations: no libm.
 */
#include "../core/ws.h"

enum { C };
enum { TC, ROOT, NTMP };

static void invsqrt_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    S_PTR tc = w->stmp[TC], root = w->stmp[ROOT];
    s_set_si(tc, w->t); s_add(tc, tc, w->sp[C]); /* L1: t + c */
    s_sqrt(root, tc); s_div(eta, eta0, root);    /* L1 */
}

OPTREF_SCHEDULE_IMPL(invsqrt) = { invsqrt_eta };

#if OPTREF_META
static const optref_param invsqrt_params[] = {
    [C] = { .name = "c", .symbol = "c", .def = 1.0, .flags = OPTREF_P_NONNEG,
            .doc = "offset: η0/√(t + c); 1 gives Lecture 17's η0 (t + 1)^(−1/2)" },
};
OPTREF_DECLARE_IMPLS(simpl, invsqrt);
const optref_schedule optref_sched_invsqrt = {
    .name = "invsqrt",
    .title = "square-root decay",
    .source = "Lecture 17 (D2L 12.11.1); Lecture 11.5",
    .file = "ref/sched/invsqrt.c",
    .formula = "η_t = η0 / √(t + c)",
    .params = invsqrt_params,
    .nparams = OPTREF_COUNT(invsqrt_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, invsqrt),
};
#endif
