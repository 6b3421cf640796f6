/* sgdr_keras.c: Keras's CosineDecayRestarts: SGDR whose amplitude shrinks by
 * m_mul each restart, over a floor that is a fraction α of η0.
 *
 * Sources
 *   - Keras 3 keras/src/optimizers/schedules/learning_rate_schedule.py
 *     (keras-team/keras 3422977a5e38), CosineDecayRestarts(
 *     initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
 *     alpha=0.0): f = s/first; i = ⌊log(1 − f(1 − t_mul))/log(t_mul)⌋
 *     (t_mul = 1: i = ⌊f⌋); f ← (f − (1 − t_mul^i)/(1 − t_mul))/t_mul^i;
 *     η = η0·((1 − α)·½·m_mul^i·(1 + cos(πf)) + α).  conventions.md §3.3.
 *   - Loshchilov & Hutter (2017) §3 (T_mult; the m_mul decay is Keras's).
 *
 * @pseudocode
 *   L1  s ← t − 1;  i ← 0;  T_i ← T0;  T_cur ← s       Keras's iterations
 *   L2  while T_cur ≥ T_i:  T_cur ← T_cur − T_i;  T_i ← T_i · t_mul;  i ← i + 1
 *   L3  cd ← ½ · m_mul^i · (1 + cos(π · T_cur / T_i))
 *   L4  η_t ← η0 · ((1 − α) · cd + α)
 * @end
 *
 * Index: s = t − 1 is Keras's optimizer.iterations (incremented after the
 * update).  In exact arithmetic Keras's fraction f after a restart is
 * T_cur/T_i; optref finds the cycle i, T_cur and T_i in C integers, exactly,
 * and so asks t_mul to be whole.  Keras computes i with a floating-point log
 * (float32): where that log rounds down at a restart it misplaces it
 * (conventions.md §3.1 notes the same for torch's step(epoch)); such a
 * Keras sequence differs from this one there.  Should T_i·t_mul pass
 * LONG_MAX, T_cur is below it and the product is formed in the arithmetic.
 * cos(π·x) is mpfr_cospi of the rounded quotient x = T_cur/T_i (s_cospi, see
 * cosine.c); the association is Keras's.
 *
 * Slips noticed
 *   - Not a slide: the flavour of Topic 27's SGDR a Keras user gets (default
 *     t_mul = 2, α a fraction of η0, amplitude m_mul^i).
 */
#include <limits.h>

#include "../core/ws.h"

enum { T0, TMUL, MMUL, ALPHA };
enum { A, B, NTMP };

static void sgdr_keras_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long Ti = (long)w->s->sp[T0], m = (long)w->s->sp[TMUL], cur = w->t - 1, i = 0; /* L1 */
    int big = 0;
    if (m == 1) {
        i = cur / Ti; cur %= Ti;                                           /* L2 */
    }
    while (m > 1 && cur >= Ti) {
        cur -= Ti; i++;                                                    /* L2 */
        if (Ti > LONG_MAX / m) {
            big = 1; /* T_i·t_mul > LONG_MAX > T_cur: the last cycle */
            break;
        }
        Ti *= m;                                                           /* L2 */
    }
    S_PTR a = w->stmp[A], b = w->stmp[B];
    s_set_si(b, Ti);                                                       /* L3: T_i */
    if (big) {
        s_set_si(a, m); s_mul(b, b, a);                                    /* L2: T_i·t_mul */
    }
    s_set_si(a, cur); s_div(a, a, b); s_cospi(a, a); s_add(a, w->one, a);  /* L3: 1 + cos(π·T_cur/T_i) */
    s_set_si(b, i); s_pow(b, w->sp[MMUL], b); s_mul(a, b, a);              /* L3: m_mul^i */
    s_set_d(b, 0.5); s_mul(a, b, a);                                       /* L3 */
    s_sub(b, w->one, w->sp[ALPHA]); s_mul(a, b, a); s_add(a, a, w->sp[ALPHA]); /* L4 */
    s_mul(eta, eta0, a);                                                   /* L4 */
}

OPTREF_SCHEDULE_IMPL(sgdr_keras) = { sgdr_keras_eta };

#if OPTREF_META
static const optref_param sgdr_keras_params[] = {
    [T0] = { .name = "T0", .symbol = "first", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
             .doc = "Keras's first_decay_steps" },
    [TMUL] = { .name = "t_mul", .symbol = "t_mul", .def = 2.0, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
               .doc = "Keras's t_mul (default 2), whole here" },
    [MMUL] = { .name = "m_mul", .symbol = "m_mul", .def = 1.0, .flags = OPTREF_P_POSITIVE,
               .doc = "Keras's m_mul: amplitude factor per restart" },
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 0.0, .flags = OPTREF_P_UNIT,
                .doc = "Keras's alpha: floor as a fraction of η0" },
};
OPTREF_DECLARE_IMPLS(simpl, sgdr_keras);
const optref_schedule optref_sched_sgdr_keras = {
    .name = "sgdr-keras",
    .title = "Keras CosineDecayRestarts (m_mul amplitude, floor α·η0)",
    .source = "keras.optimizers.schedules.CosineDecayRestarts (Keras 3); conventions.md 3.3",
    .file = "ref/sched/sgdr_keras.c",
    .formula = "η_t = η0((1 − α)·½·m_mul^i(1 + cos(π T_cur/T_i)) + α)",
    .params = sgdr_keras_params,
    .nparams = OPTREF_COUNT(sgdr_keras_params),
    .ntmp = NTMP,
    OPTREF_IMPLS(simpl, sgdr_keras),
};
#endif
