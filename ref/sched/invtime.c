/* invtime.c: inverse-time decay by epoch, η_t = η0 / (1 + d·epoch).
 *
 * Sources
 *   - DS 4440 "Optimizer matters", "Learning rate decay":
 *     α = 1/(1 + d·epoch) · α0, d the decay rate.
 *   - Keras InverseTimeDecay(init, decay_steps, decay_rate, staircase=True)
 *     is the same with decay_steps = len; PyTorch has it only as a LambdaLR.
 *
 * @pseudocode
 *   L1  epoch ← ⌊(t − 1) / len⌋                    epochs completed before update t
 *   L2  η_t ← η0 / (1 + d·epoch)
 * @end
 *
 * Index: t is the update being made; with len updates an epoch, updates
 * 1..len are epoch 0 and use η0.  The floor division is done in C integers,
 * exactly, before the arithmetic.  Rounding: d·epoch, 1 + that, η0 / that
 * (three roundings; the slide's 1/(1 + d·epoch) then ·α0 would be four).
 *
 * Slips noticed
 *   - The slide's "if d = 1 →" is cut off; nothing else is lost.
 */
#include "../core/ws.h"

enum { D, LEN };
enum { A, NTMP };

static void invtime_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long epoch = (w->t - 1) / (long)w->s->sp[LEN];      /* L1 */
    S_PTR a = w->stmp[A];
    s_set_si(a, epoch); s_mul(a, w->sp[D], a);          /* L2: d·epoch */
    s_add(a, w->one, a); s_div(eta, eta0, a);           /* L2 */
}

OPTREF_SCHEDULE_IMPL(invtime) = { invtime_eta };

#if OPTREF_META
static const optref_param invtime_params[] = {
    [D] = { .name = "d", .symbol = "d", .def = 1.0, .flags = OPTREF_P_NONNEG,
            .doc = "decay rate (DS 4440's example: 1)" },
    [LEN] = { .name = "len", .symbol = "", .def = 1.0, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "updates per epoch; 1: every update is an epoch" },
};
OPTREF_DECLARE_IMPLS(simpl, invtime);
const optref_schedule optref_sched_invtime = {
    .name = "invtime",
    .title = "inverse-time decay by epoch",
    .source = "DS 4440 \"Learning rate decay\"; Keras InverseTimeDecay (staircase)",
    .file = "ref/sched/invtime.c",
    .formula = "η_t = η0 / (1 + d·⌊(t − 1)/len⌋)",
    .params = invtime_params,
    .nparams = OPTREF_COUNT(invtime_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, invtime),
};
#endif
