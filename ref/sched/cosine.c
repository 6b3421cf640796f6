/* cosine.c: cosine decay to η_T over T updates, held at η_T after T, with
 * an optional linear warm-up.
 *
 * Sources
 *   - DSCI 565 Lecture 17, "Cosine Scheduler": η_t = η_T + (η0 − η_T)/2 ·
 *     (1 + cos(πt/T)); "Warmup": small rates first, then the cosine.
 *   - D2L §12.11.4 (CosineScheduler(max_update, base_lr, final_lr,
 *     warmup_steps, warmup_begin_lr)), whose code the lines below follow;
 *     Loshchilov & Hutter (2017) for the cosine; Goyal et al. (2017) for the
 *     linear warm-up.
 *
 * @pseudocode
 *   L1  e ← t − 1                                     updates made before this one
 *   L2  if e < W:  η_t ← η_w + (η0 − η_w)·e / W      linear warm-up
 *   L3  elif e ≤ T:  η_t ← η_T + (η0 − η_T)·(1 + cos(π(e − W)/(T − W))) / 2
 *   L4  else:  η_t ← η_T                               hold after T
 * @end
 *
 * Index: t is the update being made, e = t − 1 as torch's last_epoch and
 * optax's count, so update 1 uses η0 (η_w with a warm-up).  T counts the
 * warm-up (D2L's max_update, optax's decay_steps; Keras's CosineDecay does
 * not: see cosine-optax).  e, e − W and T − W are C integers, exact.  The
 * cosine is cos(π·x) of the rounded quotient x = (e − W)/(T − W), correctly
 * rounded (s_cospi: MPFR's mpfr_cospi in both builds).  No rounded π enters:
 * at e = T, x = 1 exactly and η_t = η_T exactly, where with a rounded π̃,
 * 1 + cos(π̃) is a tiny non-zero that changes with the precision, so that a
 * golden η_T = 0 would never settle.  The association is otherwise D2L's:
 * ((η0 − η_w)·e)/W and (η0 − η_T)·(1 + cos(π·x))/2.
 *
 * Slips noticed
 *   - The slide defines η_t for t ∈ [0, T] only; D2L's code holds η_T after T
 *     (torch's CosineAnnealingLR does not: it rises again, see cosine-torch).
 *   - The slide's warm-up is words and a figure; its formula is D2L's.
 *   - D2L's train() calls the scheduler at the end of epoch e and trains
 *     epoch e + 1 with that value (epoch 0 with the optimizer's lr), one
 *     epoch behind the curve its plot shows.
 */
#include "../core/ws.h"

enum { T, ETA_T, W, ETA_W };
enum { A, B, NTMP };

static void cosine_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long e = w->t - 1, Tl = (long)w->s->sp[T], Wl = (long)w->s->sp[W]; /* L1 */
    S_PTR a = w->stmp[A], b = w->stmp[B];
    if (e < Wl) {
        s_sub(a, eta0, w->sp[ETA_W]); s_set_si(b, e); s_mul(a, a, b);  /* L2 */
        s_set_si(b, Wl); s_div(a, a, b); s_add(eta, w->sp[ETA_W], a);  /* L2 */
    } else if (e <= Tl) {
        s_set_si(a, e - Wl); s_set_si(b, Tl - Wl); s_div(a, a, b);     /* L3: (e − W)/(T − W) */
        s_cospi(a, a);                                                 /* L3: cos(π·that) */
        s_add(a, w->one, a); s_sub(b, eta0, w->sp[ETA_T]);             /* L3 */
        s_mul(a, b, a); s_set_si(b, 2); s_div(a, a, b);                /* L3 */
        s_add(eta, w->sp[ETA_T], a);                                   /* L3 */
    } else {
        s_set(eta, w->sp[ETA_T]);                                      /* L4 */
    }
}

OPTREF_SCHEDULE_IMPL(cosine) = { cosine_eta };

#if OPTREF_META
static const char *cosine_check(const double *sp)
{
    return sp[T] > sp[W] ? NULL : "T must exceed the warm-up W (T counts the warm-up)";
}
static const optref_param cosine_params[] = {
    [T] = { .name = "T", .symbol = "T", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
            .doc = "e = t − 1 at which η_T is reached, warm-up included (D2L's max_update)" },
    [ETA_T] = { .name = "eta_T", .symbol = "η_T", .def = 0.0, .flags = OPTREF_P_NONNEG,
                .doc = "final value, held after T (D2L's final_lr)" },
    [W] = { .name = "W", .symbol = "W", .def = 0.0, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
            .doc = "warm-up updates (D2L's warmup_steps); 0: none" },
    [ETA_W] = { .name = "eta_w", .symbol = "η_w", .def = 0.0, .flags = OPTREF_P_NONNEG,
                .doc = "warm-up start value (D2L's warmup_begin_lr)" },
};
OPTREF_DECLARE_IMPLS(simpl, cosine);
const optref_schedule optref_sched_cosine = {
    .name = "cosine",
    .title = "cosine decay with linear warm-up, held after T",
    .source = "Lecture 17 (D2L 12.11.4 CosineScheduler); Loshchilov & Hutter 2017",
    .file = "ref/sched/cosine.c",
    .formula = "η_t = η_T + (η0 − η_T)(1 + cos(π(e − W)/(T − W)))/2, e = t − 1; warm-up, hold",
    .params = cosine_params,
    .nparams = OPTREF_COUNT(cosine_params),
    .ntmp = NTMP,
    .check = cosine_check,
    OPTREF_IMPLS(simpl, cosine),
};
#endif
