/* cosine_optax.c: optax's warmup_cosine_decay_schedule: linear warm-up from
 * init to the peak η0, then (½(1 + cos))^exponent decay to end, held after.
 *
 * Sources
 *   - optax optax/schedules/_schedule.py (google-deepmind/optax @006cebd2):
 *     warmup_cosine_decay_schedule(init_value, peak_value, warmup_steps,
 *     decay_steps, end_value=0, exponent=1) = join_schedules([
 *     linear_schedule(init, peak, W), cosine_decay_schedule(peak, T − W,
 *     alpha = end/peak (0 if peak = 0), exponent)], [W]); decay_steps
 *     INCLUDES the warm-up.  linear_schedule is polynomial_schedule with
 *     power 1: (init − peak)·(1 − min(c, W)/W) + peak; cosine_decay_schedule:
 *     c' = min(c − W, T − W), cd = ½(1 + cos(π·c'/(T − W))),
 *     peak·((1 − α)·cd^exponent + α).
 *   - conventions.md §3.2 (optax HEAD 2edbcbe2390d: the same function).
 *
 * @pseudocode
 *   L1  c ← t − 1                                   optax's count
 *   L2  if c < W:  η_t ← (init − η0)·(1 − c/W) + η0
 *   L3  else:  c' ← min(c − W, T − W);  cd ← ½(1 + cos(π·c' / (T − W)))
 *   L4         α ← end/η0 (0 when η0 = 0);  η_t ← η0·((1 − α)·cd^exponent + α)
 * @end
 *
 * Index: c = t − 1 is optax's count (scale_by_schedule reads count, then
 * increments it): the first update uses c = 0.  c, c − W, T − W and the
 * min are C integers, exact.  With exponent = 1 this is, in exact
 * arithmetic, `cosine` with eta_w = init and eta_T = end (suite schedules
 * checks that their values agree); the exponent is what only optax has, and
 * the association is optax's, with cos(π·x) as mpfr_cospi of the rounded
 * quotient (s_cospi, see cosine.c).
 *
 * Slips noticed
 *   - Not a slide: the flavour of Lecture 17's warm-up + cosine an optax user
 *     gets.  Keras's CosineDecay(warmup_steps) counts decay_steps after the
 *     warm-up instead: its T is this T − W.
 */
#include "../core/ws.h"

enum { INIT, W, T, END, EXPONENT };
enum { A, B, NTMP };

static void cosine_optax_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long c = w->t - 1, Wl = (long)w->s->sp[W], Tl = (long)w->s->sp[T];  /* L1 */
    S_PTR a = w->stmp[A], b = w->stmp[B];
    if (c < Wl) {
        s_set_si(a, c); s_set_si(b, Wl); s_div(a, a, b); s_sub(a, w->one, a); /* L2: 1 − c/W */
        s_sub(b, w->sp[INIT], eta0); s_mul(a, b, a); s_add(eta, a, eta0);     /* L2 */
        return;
    }
    long cp = c - Wl < Tl - Wl ? c - Wl : Tl - Wl;                          /* L3: c' */
    s_set_si(a, cp); s_set_si(b, Tl - Wl); s_div(a, a, b);                  /* L3: c'/(T − W) */
    s_cospi(a, a); s_add(a, w->one, a);                                     /* L3: 1 + cos(π·that) */
    s_set_d(b, 0.5); s_mul(a, b, a); s_pow(a, a, w->sp[EXPONENT]);          /* L3 L4: cd^exponent */
    s_set_si(b, 0);                                                         /* L4: α = 0 */
    if (s_cmp(eta0, b) != 0)                                                /* L4: η0 ≠ 0 */
        s_div(b, w->sp[END], eta0);                                         /* L4: α */
    s_sub(eta, w->one, b); s_mul(a, eta, a); s_add(a, a, b);                /* L4 */
    s_mul(eta, eta0, a);                                                    /* L4 */
}

OPTREF_SCHEDULE_IMPL(cosine_optax) = { cosine_optax_eta };

#if OPTREF_META
static const char *cosine_optax_check(const double *sp)
{
    return sp[T] > sp[W] ? NULL : "decay_steps T must exceed warmup_steps W (optax counts the warm-up in T)";
}
static const optref_param cosine_optax_params[] = {
    [INIT] = { .name = "init", .symbol = "init", .def = 0.0, .flags = OPTREF_P_NONNEG,
               .doc = "optax's init_value: the warm-up's start (peak_value is η0)" },
    [W] = { .name = "W", .symbol = "W", .def = 0.0, .flags = OPTREF_P_WHOLE | OPTREF_P_NONNEG,
            .doc = "optax's warmup_steps" },
    [T] = { .name = "T", .symbol = "T", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
            .doc = "optax's decay_steps, warm-up included" },
    [END] = { .name = "end", .symbol = "end", .def = 0.0, .flags = OPTREF_P_NONNEG,
              .doc = "optax's end_value, held after T" },
    [EXPONENT] = { .name = "exponent", .symbol = "p", .def = 1.0, .flags = OPTREF_P_POSITIVE,
                   .doc = "optax's exponent on ½(1 + cos)" },
};
OPTREF_DECLARE_IMPLS(simpl, cosine_optax);
const optref_schedule optref_sched_cosine_optax = {
    .name = "cosine-optax",
    .title = "optax warmup_cosine_decay_schedule (decay_steps includes the warm-up)",
    .source = "optax schedules/_schedule.py warmup_cosine_decay_schedule; conventions.md 3.2",
    .file = "ref/sched/cosine_optax.c",
    .formula = "c < W: (init − η0)(1 − c/W) + η0; else η0((1 − end/η0)(½(1 + cos(π c'/(T − W))))^p + end/η0)",
    .params = cosine_optax_params,
    .nparams = OPTREF_COUNT(cosine_optax_params),
    .ntmp = NTMP,
    .check = cosine_optax_check,
    OPTREF_IMPLS(simpl, cosine_optax),
};
#endif
