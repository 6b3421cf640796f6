/* sgdr.c: cosine annealing with warm restarts (SGDR), cycles T0, T0·T_mult,
 * T0·T_mult², ...; also the schedule multiplier η_t of SGDW and AdamW.
 *
 * Sources
 *   - Topic 27 (HKUST), "SGDR": η_t = η_min + ½(η_max − η_min)(1 + cos(π T_cur/T_i)).
 *   - Loshchilov & Hutter (2017), "SGDR: Stochastic Gradient Descent with
 *     Warm Restarts", eq. (5) and §3: T_cur counts epochs since the last
 *     restart; a restart sets T_cur = 0 and multiplies T_i by T_mult.
 *   - STATS 403 lecture 2, "SGDW and AdamW" (Loshchilov & Hutter 2019,
 *     Algorithms 1 and 2, line "η_t ← SetScheduleMultiplier(t)"): the
 *     multiplier "can be fixed, decay, or be used for warm restarts"; their
 *     AdamWR/SGDWR use this schedule with η_max = 1, η_min = 0, i.e.
 *     schedule=sgdr:T0=...,Tmult=... with the algorithm's η0 = 1.
 *   - PyTorch CosineAnnealingWarmRestarts(T_0, T_mult, eta_min), stepped
 *     without an epoch argument, computes the same sequence (below).
 *
 * @pseudocode
 *   L1  e ← t − 1;  T_i ← T0;  T_cur ← e             updates made before this one
 *   L2  while T_cur ≥ T_i:  T_cur ← T_cur − T_i;  T_i ← T_i · T_mult     restarts
 *   L3  η_t ← η_min + (η_max − η_min)·(1 + cos(π·T_cur / T_i)) / 2      η_max = η0
 * @end
 *
 * Index: e = t − 1 as torch's last_epoch: update 1 uses η_max, and restarts
 * fall on e = T0, T0(1 + T_mult), T0(1 + T_mult + T_mult²), ...  T_cur and
 * T_i are whole numbers found in C integers, exactly (T_mult = 1: one
 * remainder; T_mult ≥ 2: one pass per cycle, O(log e)); should T_i·T_mult
 * pass LONG_MAX, T_cur is already below it and the product is formed in the
 * arithmetic instead.  cos(π·x) is mpfr_cospi of the rounded quotient
 * x = T_cur/T_i (s_cospi, see cosine.c).  The association is torch's:
 * η_min + (η0 − η_min)·(1 + cos(π·T_cur/T_i))/2.
 *
 * Slips noticed
 *   - The slide gives the cosine within a cycle but not the restart rule
 *     (T_cur ← 0, T_i ← T_i·T_mult); it is the paper's (L2).
 *   - The slide spells the authors "Hkutter".
 *   - torch's step(epoch) with T_mult > 1 finds the cycle with a floating
 *     point log and can misplace a restart (conventions.md §3.1); its
 *     step() path, compared in the schedules suite, is exact.
 */
#include <limits.h>

#include "../core/ws.h"

enum { T0, TMULT, ETA_MIN };
enum { A, B, NTMP };

static void sgdr_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long Ti = (long)w->s->sp[T0], m = (long)w->s->sp[TMULT], cur = w->t - 1; /* L1 */
    int big = 0;
    if (m == 1)
        cur %= Ti;                                                        /* L2 */
    while (m > 1 && cur >= Ti) {
        cur -= Ti;                                                        /* L2 */
        if (Ti > LONG_MAX / m) {
            big = 1; /* T_i·T_mult > LONG_MAX > T_cur: the last cycle */
            break;
        }
        Ti *= m;                                                          /* L2 */
    }
    S_PTR a = w->stmp[A], b = w->stmp[B];
    s_set_si(b, Ti);                                                      /* L3: T_i */
    if (big) {
        s_set_si(a, m); s_mul(b, b, a);                                   /* L2: T_i·T_mult */
    }
    s_set_si(a, cur); s_div(a, a, b); s_cospi(a, a);                      /* L3: cos(π·T_cur/T_i) */
    s_add(a, w->one, a); s_sub(b, eta0, w->sp[ETA_MIN]);                  /* L3 */
    s_mul(a, b, a); s_set_si(b, 2); s_div(a, a, b);                       /* L3 */
    s_add(eta, w->sp[ETA_MIN], a);                                        /* L3 */
}

OPTREF_SCHEDULE_IMPL(sgdr) = { sgdr_eta };

#if OPTREF_META
static const optref_param sgdr_params[] = {
    [T0] = { .name = "T0", .symbol = "T_0", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
             .doc = "length of the first cycle, in updates" },
    [TMULT] = { .name = "Tmult", .symbol = "T_mult", .def = 1.0, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
                .doc = "each cycle T_mult times the last (torch's default 1; the paper uses 2)" },
    [ETA_MIN] = { .name = "eta_min", .symbol = "η_min", .def = 0.0, .flags = OPTREF_P_NONNEG,
                  .doc = "value the cosine reaches at a cycle's end" },
};
OPTREF_DECLARE_IMPLS(simpl, sgdr);
const optref_schedule optref_sched_sgdr = {
    .name = "sgdr",
    .title = "cosine annealing with warm restarts (SGDR); SGDW/AdamW's multiplier",
    .source = "Topic 27; Loshchilov & Hutter 2017 eq. 5; STATS 403 SGDW/AdamW; torch CosineAnnealingWarmRestarts",
    .file = "ref/sched/sgdr.c",
    .formula = "η_t = η_min + (η0 − η_min)(1 + cos(π T_cur/T_i))/2, restarts at T0, T0(1 + T_mult), ...",
    .params = sgdr_params,
    .nparams = OPTREF_COUNT(sgdr_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, sgdr),
};
#endif
