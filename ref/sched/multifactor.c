/* multifactor.c: piecewise constant, η0 multiplied by α at each milestone.
 *
 * Sources
 *   - DSCI 565 Lecture 17, "Factor Scheduler" / "Multifactor Scheduler": the
 *     factor update applied only at given steps, s = {15, 30, 45}.
 *   - D2L §12.11.3 (Multi Factor Scheduler): η_{t+1} ← η_t·α whenever t ∈ s.
 *   - PyTorch MultiStepLR(milestones, gamma): lr·γ when last_epoch reaches a
 *     milestone, so epoch s_i already uses the reduced value.
 *
 * @pseudocode
 *   L1  e ← t − 1                         updates made before this one
 *   L2  k ← #{ i : s_i ≤ e }              milestones passed
 *   L3  η_t ← η0 · α · α ⋯ α              k factors, left to right
 * @end
 *
 * Index: t is the update being made; e = t − 1 as torch's last_epoch, so the
 * drop at milestone s takes effect at e = s (update t = s + 1), as in
 * MultiStepLR.  e and k are C integers, exact.  Any number of milestones
 * (steps=15,30,45), in any order; a repeated milestone drops twice (as torch's
 * Counter).  The k products are rounded one by one, as MultiStepLR's recursion
 * rounds them: the double build then gives torch's sequence bit for bit.
 *
 * Slips noticed
 *   - D2L's text says η_{t+1} ← η_t·α when t ∈ s, i.e. the drop first used at
 *     s + 1; the run it prints (MultiStepLR, milestones=[15, 30], γ = 0.5)
 *     drops at s itself, one epoch earlier, and its TensorFlow
 *     MultiFactorScheduler, called at the end of epoch e by train(), first
 *     trains with the drop at s + 1.  optref follows the printed run (torch).
 *   - The text's example set is {5, 10, 20}, the code's [15, 30], the
 *     slide's {15, 30, 45}; with 30 epochs the slide's 45 is never reached.
 */
#include "../core/ws.h"

enum { STEPS, ALPHA };
enum { NTMP };

static void multifactor_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long e = w->t - 1;                             /* L1 */
    size_t n = (size_t)w->s->sp[STEPS], k = 0;
    for (size_t i = 0; i < n; i++)
        k += w->s->spv[i] <= (double)e;            /* L2: exact, both whole */
    s_set(eta, eta0);                              /* L3 */
    for (size_t i = 0; i < k; i++)
        s_mul(eta, eta, w->sp[ALPHA]);             /* L3 */
}

OPTREF_SCHEDULE_IMPL(multifactor) = { multifactor_eta };

#if OPTREF_META
static const char *multifactor_check(const double *sp)
{
    return sp[STEPS] < 1 ? "steps=s1,s2,... is required (Lecture 17: steps=15,30,45)" : NULL;
}
static const optref_param multifactor_params[] = {
    [STEPS] = { .name = "steps", .symbol = "s", .def = NAN,
                .flags = OPTREF_P_VECTOR | OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
                .doc = "milestones e = t − 1 at which α applies, any number (Lecture 17: 15,30,45)" },
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 0.5, .flags = OPTREF_P_POSITIVE,
                .doc = "factor at each milestone (D2L: 0.5)" },
};
OPTREF_DECLARE_IMPLS(simpl, multifactor);
const optref_schedule optref_sched_multifactor = {
    .name = "multifactor",
    .title = "multifactor (piecewise constant) decay",
    .source = "Lecture 17 (D2L 12.11.3); torch MultiStepLR",
    .file = "ref/sched/multifactor.c",
    .formula = "η_t = η0·α^#{i : s_i ≤ t − 1}",
    .params = multifactor_params,
    .nparams = OPTREF_COUNT(multifactor_params),
    .ntmp = NTMP,
    .check = multifactor_check,
    OPTREF_IMPLS(simpl, multifactor),
};
#endif
