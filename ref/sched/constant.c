/* constant.c: the constant schedule, every algorithm's default.
 *
 * Sources: the step size of every algorithm as its paper states it (Kingma &
 * Ba's α, Duchi et al.'s η, ...); D2L §12.11 calls it the constant schedule.
 *
 * @pseudocode
 *   L1  η_t ← η0
 * @end
 *
 * η_t is η0 exactly: a case with the constant schedule computes what it
 * computed before schedules existed, bit for bit.
 */
#include "../core/ws.h"

static void constant_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    (void)w;
    s_set(eta, eta0); /* L1 */
}

OPTREF_SCHEDULE_IMPL(constant) = { constant_eta };

#if OPTREF_META
OPTREF_DECLARE_IMPLS(simpl, constant);
const optref_schedule optref_sched_constant = {
    .name = "constant",
    .title = "constant step size",
    .source = "every algorithm's own step size; D2L 12.11",
    .file = "ref/sched/constant.c",
    .formula = "η_t = η0",
    OPTREF_IMPLS(simpl, constant),
};
#endif
