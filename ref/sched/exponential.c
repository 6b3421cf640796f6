/* exponential.c: exponential decay by epoch, η_t = η0·γ^epoch.
 *
 * Sources
 *   - DS 4440 "Optimizer matters", "Learning rate decay": α = (0.9)^epoch · α0.
 *   - PyTorch ExponentialLR(gamma) (one epoch a step, as a running product),
 *     optax exponential_decay(staircase=True), Keras ExponentialDecay.
 *
 * @pseudocode
 *   L1  epoch ← ⌊(t − 1) / len⌋                    epochs completed before update t
 *   L2  η_t ← γ^epoch · η0
 * @end
 *
 * Index: t is the update being made; with len updates an epoch, updates
 * 1..len are epoch 0 and use η0.  The floor division is done in C integers,
 * exactly.
 *
 * Exact power, not a running product: γ^epoch is correctly rounded (s_pow:
 * mpfr_pow in both builds), then one product, so η_t depends on t alone and
 * carries two roundings whatever the epoch.  torch's ExponentialLR multiplies
 * the previous lr by γ each step: the same value in exact arithmetic, with
 * one rounding more each epoch (its drift is reported in the schedules
 * suite's comparison with torch).
 *
 * Slips noticed
 *   - none: the slide's formula is transcribed as is.
 */
#include "../core/ws.h"

enum { GAMMA, LEN };
enum { A, NTMP };

static void exponential_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long epoch = (w->t - 1) / (long)w->s->sp[LEN];      /* L1 */
    S_PTR a = w->stmp[A];
    s_set_si(a, epoch); s_pow(a, w->sp[GAMMA], a);      /* L2: γ^epoch */
    s_mul(eta, a, eta0);                                /* L2 */
}

OPTREF_SCHEDULE_IMPL(exponential) = { exponential_eta };

#if OPTREF_META
static const optref_param exponential_params[] = {
    [GAMMA] = { .name = "gamma", .symbol = "γ", .def = 0.9, .flags = OPTREF_P_POSITIVE,
                .doc = "factor per epoch (DS 4440: 0.9)" },
    [LEN] = { .name = "len", .symbol = "", .def = 1.0, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
              .doc = "updates per epoch; 1: every update is an epoch" },
};
OPTREF_DECLARE_IMPLS(simpl, exponential);
const optref_schedule optref_sched_exponential = {
    .name = "exponential",
    .title = "exponential decay by epoch",
    .source = "DS 4440 \"Learning rate decay\"; torch ExponentialLR",
    .file = "ref/sched/exponential.c",
    .formula = "η_t = γ^⌊(t − 1)/len⌋ · η0",
    .params = exponential_params,
    .nparams = OPTREF_COUNT(exponential_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, exponential),
};
#endif
