/* slanted.c: slanted triangular learning rates (ULMFiT): a short linear
 * rise to η_max at `cut`, then a long linear decay to η_max/ratio at T.
 *
 * Sources
 *   - Topic 27 (HKUST), "Linear Decay Scheduler".
 *   - Howard & Ruder (2018), "Universal Language Model Fine-tuning for Text
 *     Classification", eq. (3): cut = ⌊T·cut_frac⌋, cut_frac = 0.1,
 *     ratio = 32.  No framework ships it (PyTorch, optax, Keras, D2L).
 *
 * @pseudocode
 *   L1  cut ← ⌊T · cut_frac⌋
 *   L2  e ← min(t − 1, T)                           updates made before this one
 *   L3  if e < cut:  p ← e / cut
 *   L4  else:  p ← 1 − (e − cut) / (cut · (1/cut_frac − 1))
 *   L5  η_t ← η_max · (1 + p·(ratio − 1)) / ratio     η_max = η0
 * @end
 *
 * Index: the paper's t is not said to start at 0 or 1; optref's e = t − 1
 * starts at 0, so update 1 uses η_max/ratio and update cut + 1 peaks at η_max.
 * The paper defines η for e ≤ T; optref holds η at its value at e = T after
 * (L2; otherwise p goes negative and so, eventually, would η).
 *
 * Exact integers: cut is ⌊T·cut_frac⌋ of the exact product of the whole T
 * and the binary64 cut_frac (rounded product, corrected by its exact
 * remainder fma(T, cut_frac, −product) when it lands on a whole number),
 * so cut_frac = 0.57 (really 0.569999…) and T = 100 give 56, as exact
 * arithmetic does; e and e − cut are C integers.  cut · (1/cut_frac − 1)
 * equals T − cut only when T·cut_frac is whole; the formula, not T − cut, is
 * transcribed, so p reaches 0 at the paper's point, not necessarily at T.
 *
 * Slips noticed
 *   - The slide writes cut = ⌈T·cut_frac⌉; the paper (and this file) ⌊⌋.
 *     They differ whenever T·cut_frac is not whole.
 */
#include <math.h>

#include "../core/ws.h"

enum { T, CUT_FRAC, RATIO };
enum { A, B, P, NTMP };

/* ⌊T·c⌋ exactly, for whole T < 2^53 and binary64 c ≥ 0. */
static long floor_product(double T_, double c)
{
    double p = T_ * c, r = fma(T_, c, -p);
    long f = (long)floor(p);
    return p == floor(p) && r < 0 ? f - 1 : f;
}

static void slanted_eta(ws *w, S_PTR eta, S_SRC eta0)
{
    long Tl = (long)w->s->sp[T], cut = floor_product(w->s->sp[T], w->s->sp[CUT_FRAC]); /* L1 */
    long e = w->t - 1 < Tl ? w->t - 1 : Tl;                                          /* L2 */
    S_PTR a = w->stmp[A], b = w->stmp[B], p = w->stmp[P];
    if (e < cut) {
        s_set_si(a, e); s_set_si(b, cut); s_div(p, a, b);                 /* L3 */
    } else {
        s_div(a, w->one, w->sp[CUT_FRAC]); s_sub(a, a, w->one);           /* L4: 1/cut_frac − 1 */
        s_set_si(b, cut); s_mul(a, b, a);                                 /* L4 */
        s_set_si(b, e - cut); s_div(a, b, a); s_sub(p, w->one, a);        /* L4 */
    }
    s_sub(a, w->sp[RATIO], w->one); s_mul(a, p, a); s_add(a, w->one, a);  /* L5 */
    s_mul(a, eta0, a); s_div(eta, a, w->sp[RATIO]);                       /* L5 */
}

OPTREF_SCHEDULE_IMPL(slanted) = { slanted_eta };

#if OPTREF_META
static const char *slanted_check(const double *sp)
{
    if (!(sp[CUT_FRAC] > 0 && sp[CUT_FRAC] < 1))
        return "cut_frac must lie in (0, 1)";
    return floor_product(sp[T], sp[CUT_FRAC]) >= 1 ? NULL : "cut = floor(T*cut_frac) is 0: raise T or cut_frac";
}
static const optref_param slanted_params[] = {
    [T] = { .name = "T", .symbol = "T", .def = NAN, .flags = OPTREF_P_WHOLE | OPTREF_P_POSITIVE,
            .doc = "updates of the whole schedule" },
    [CUT_FRAC] = { .name = "cut_frac", .symbol = "cut_frac", .def = 0.1, .flags = OPTREF_P_POSITIVE,
                   .doc = "fraction of T spent rising (Howard & Ruder: 0.1)" },
    [RATIO] = { .name = "ratio", .symbol = "ratio", .def = 32.0, .flags = OPTREF_P_POSITIVE,
                .doc = "η_max over the lowest value (Howard & Ruder: 32)" },
};
OPTREF_DECLARE_IMPLS(simpl, slanted);
const optref_schedule optref_sched_slanted = {
    .name = "slanted",
    .title = "slanted triangular learning rates",
    .source = "Topic 27 \"Linear Decay Scheduler\"; Howard & Ruder 2018, eq. 3",
    .file = "ref/sched/slanted.c",
    .formula = "cut = ⌊T·cut_frac⌋; p = e/cut or 1 − (e − cut)/(cut(1/cut_frac − 1)); η = η0(1 + p(ratio − 1))/ratio",
    .params = slanted_params,
    .nparams = OPTREF_COUNT(slanted_params),
    .ntmp = NTMP,
    .check = slanted_check,
    OPTREF_IMPLS(simpl, slanted),
};
#endif
