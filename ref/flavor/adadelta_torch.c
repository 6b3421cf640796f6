/* adadelta_torch.c: PyTorch's Adadelta, as torch.optim.Adadelta computes
 * it: flavor "adadelta-torch" of the lecture algorithm adadelta
 * (ref/alg/adadelta.c).
 *
 * Source: PyTorch 1.13.1 (Debian python3-torch), torch/optim/adadelta.py,
 * _single_tensor_adadelta (the for-loop path: foreach defaults to False in
 * 1.13), on CPU tensors.  The line numbers after each pseudocode line are
 * that file's.
 *
 * Pseudocode (L0 is Adadelta.step's state initialisation, L1
 * loss.backward() before step()):
 * @pseudocode
 *   L0   s ← 0, u ← 0                                      (115-116)
 *   L1   g ← ∇f(θ)
 *   L2   g ← g + λ θ                                       (193, when λ ≠ 0)
 *   L3   s ← s ρ + (1 − ρ) g g                             (200)
 *   L4   σ ← √(s + ε)                                      (201)
 *   L5   δ ← √(u + ε) / σ · g                              (202)
 *   L6   u ← u ρ + (1 − ρ) δ δ                             (203)
 *   L7   θ ← θ − lr δ                                      (206)
 * @end
 *
 * Where torch differs from the lecture algorithm (Zeiler 2012 Algorithm 1)
 *   - A learning rate lr multiplies the update (L7), default 1.0 (Zeiler
 *     has none: lr = 1 is his update).
 *   - ρ defaults to 0.9 and ε to 1e-6, as Zeiler's.
 *   - Constants: ρ, ε and lr are cast to F by mul_, add and add_'s alpha;
 *     1 − ρ, formed in binary64 on the host, goes through addcmul_'s value=,
 *     binary32 for bf16 tensors (measured: doc/flavors.md).
 *   - float16: torch 1.13.1 on CPU refuses it (addcmul_ "not implemented for
 *     'Half'").
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, RHO, EPS, WD };
enum { SQ, ACC };
enum { A, B, D, GI, WDF, RF, C, COPF, EPSF, LRF, NTMP };

static void adadelta_torch_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[SQ][i], 0.0); s_set_d(w->st[ACC][i], 0.0); /* L0 */
    }
}

static void adadelta_torch_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, sq = w->st[SQ], acc = w->st[ACC];
    S_PTR a = w->tmp[A], b = w->tmp[B], d = w->tmp[D], gi = w->tmp[GI];
    S_SRC wd = w->tmp[WDF], rho = w->tmp[RF], cop = w->tmp[COPF], eps = w->tmp[EPSF], lr = w->tmp[LRF];

    sched_eta(w);                /* L7: lr_t */
    s_host_set(w->eta, w->eta);  /* L7: the scheduler's lr is a Python float */
    grad(w, g, theta); /* L1 */
    s_to_fmt(w, w->tmp[WDF], w->hp[WD]);                                         /* L2: add's alpha */
    s_to_fmt(w, w->tmp[RF], w->hp[RHO]);                                         /* L3 L6: mul_ */
    s_host_sub(w->tmp[C], w->one, w->hp[RHO]); s_to_opmath(w, w->tmp[COPF], w->tmp[C]); /* L3 L6: addcmul_'s value */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                       /* L4 L5: add */
    s_to_fmt(w, w->tmp[LRF], w->eta);                                            /* L7: add_'s alpha */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, wd, theta[i]); s_add(gi, g[i], a);                                        /* L2 */
        s_mul(sq[i], sq[i], rho); s_mul(a, gi, gi); s_mul(a, cop, a); s_add(sq[i], sq[i], a); /* L3 */
        s_add(b, sq[i], eps); s_sqrt(b, b);                                                /* L4 */
        s_add(d, acc[i], eps); s_sqrt(d, d); s_div(d, d, b); s_mul(d, d, gi);              /* L5 */
        s_mul(acc[i], acc[i], rho); s_mul(a, d, d); s_mul(a, cop, a); s_add(acc[i], acc[i], a); /* L6 */
        s_mul(a, lr, d); s_sub(theta[i], theta[i], a);                                     /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(adadelta_torch) = { adadelta_torch_init, adadelta_torch_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adadelta_torch_hp[] = {
    [LR] = { .name = "lr", .symbol = "lr", .def = 1.0, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST, .line = 7,
             .doc = "learning rate, a factor on Zeiler's update (torch default 1.0)" },
    [RHO] = { .name = "rho", .symbol = "ρ", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
              .doc = "decay of both averages (torch default 0.9)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-6, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "inside both roots (torch default 1e-6)" },
    [WD] = { .name = "weight_decay", .symbol = "λ", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "L2 penalty: g ← g + λθ (torch default 0)" },
};
static const optref_statevar adadelta_torch_state[] = {
    [SQ] = { .name = "square_avg", .symbol = "s", .line = 3, .doc = "torch's state['square_avg'] (Zeiler's E[g²])" },
    [ACC] = { .name = "acc_delta", .symbol = "u", .line = 6, .doc = "torch's state['acc_delta'] (Zeiler's E[Δx²])" },
};
static const optref_variant adadelta_torch_variants[] = {
    { .name = "standard", .doc = "torch.optim.Adadelta", .x_line = 7, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adadelta_torch);
const optref_algorithm optref_flavor_adadelta_torch = {
    .name = "adadelta-torch",
    .title = "Adadelta as torch.optim.Adadelta computes it (for-loop path, CPU)",
    .source = "PyTorch 1.13.1 torch/optim/adadelta.py, _single_tensor_adadelta",
    .file = "ref/flavor/adadelta_torch.c",
    .hp = adadelta_torch_hp, .nhp = OPTREF_COUNT(adadelta_torch_hp),
    .state = adadelta_torch_state, .nstate = OPTREF_COUNT(adadelta_torch_state),
    .variants = adadelta_torch_variants, .nvariants = OPTREF_COUNT(adadelta_torch_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adadelta_torch),
    .flavor_of = "adadelta",
    .framework = "torch",
};
#endif
