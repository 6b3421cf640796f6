/* cosine_torch.c: PyTorch's CosineAnnealingLR, which is not held after
 * T_max: past T_max the cosine rises again, with period 2·T_max.
 *
 * Sources
 *   - PyTorch torch/optim/lr_scheduler.py, CosineAnnealingLR(T_max, eta_min)
 *     (1.13.1 as Debian ships it; the same formulas at 91a8950d1b07):
 *     _get_closed_form_lr is η_min + (b − η_min)(1 + cos(π·last_epoch/T_max))/2;
 *     get_lr, what step() runs, is its recursive form: lr at e from lr at
 *     e − 1 times (1 + cos(πe/T))/(1 + cos(π(e − 1)/T)), with the special
 *     case (e − 1 − T) mod 2T = 0 adding (b − η_min)(1 − cos(π/T))/2.  The two
 *     are equal in exact arithmetic (checked on paper at the special case:
 *     the closed form at e = T + 1 is η_min + (b − η_min)(1 − cos(π/T))/2).
 *     pytorch/pytorch#152081 and PR #152936 document the difference.
 *   - Loshchilov & Hutter (2017), eq. (5), one cycle without restart.
 *   - conventions.md §3.1.
 *
 * @pseudocode
 *   L1  e ← (t − 1) mod 2·T_max                    torch's last_epoch, one period
 *   L2  η_t ← η_min + (η0 − η_min)·(1 + cos(π·e / T_max)) / 2
 * @end
 *
 * Index: e = t − 1 is torch's last_epoch (the constructor's step makes it 0
 * for the first optimizer step; scheduler.step() follows optimizer.step()).
 * The reduction modulo 2·T_max is done in C integers, exactly: cos has that
 * period in e, so the exact value is unchanged and the double build's
 * argument stays small.  cos(π·e/T_max) is mpfr_cospi of the rounded
 * quotient (s_cospi, see cosine.c): at e = T_max it is −1 exactly.  The golden values are the exact ones; torch's
 * recursion rounds each step and drifts from them (measured in suite
 * schedules-torch).  Association: torch's closed form.
 *
 * Slips noticed
 *   - Not a slide: this flavour exists because torch's CosineAnnealingLR
 *     differs from Lecture 17's held cosine (ref/sched/cosine.c) after T.
 */
#include "../core/ws.h"

enum { T, ETA_MIN };
enum { A, B, NTMP };

static void cosine_torch_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long Tl = (long)w->s->sp[T], e = (w->t - 1) % (2 * Tl);            /* L1 */
    S_PTR a = w->stmp[A], b = w->stmp[B];
    s_set_si(a, e); s_set_si(b, Tl); s_div(a, a, b);                   /* L2: e/T_max */
    s_cospi(a, a); s_add(a, w->one, a);                                /* L2: 1 + cos(π·that) */
    s_sub(b, eta0, w->sp[ETA_MIN]); s_mul(a, b, a);                    /* L2 */
    s_set_si(b, 2); s_div(a, a, b); s_add(eta, w->sp[ETA_MIN], a);     /* L2 */
}

OPTREF_SCHEDULE_IMPL(cosine_torch) = { cosine_torch_eta };

#if OPTREF_META
static const optref_param cosine_torch_params[] = {
    [T] = { .name = "T", .symbol = "T_max", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
            .doc = "torch's T_max: half the period" },
    [ETA_MIN] = { .name = "eta_min", .symbol = "η_min", .def = 0.0, .flags = OPTREF_P_NONNEG,
                  .doc = "torch's eta_min (default 0)" },
};
OPTREF_DECLARE_IMPLS(simpl, cosine_torch);
const optref_schedule optref_sched_cosine_torch = {
    .name = "cosine-torch",
    .title = "PyTorch CosineAnnealingLR: periodic after T_max, no warm-up",
    .source = "torch.optim.lr_scheduler.CosineAnnealingLR (1.13.1); conventions.md 3.1",
    .file = "ref/sched/cosine_torch.c",
    .formula = "η_t = η_min + (η0 − η_min)(1 + cos(π(t − 1)/T_max))/2, for every t",
    .params = cosine_torch_params,
    .nparams = OPTREF_COUNT(cosine_torch_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, cosine_torch),
};
#endif
