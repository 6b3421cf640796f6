/* adagrad_torch.c: PyTorch's Adagrad, as torch.optim.Adagrad computes it:
 * flavor "adagrad-torch" of the lecture algorithm adagrad (ref/alg/adagrad.c).
 *
 * Source: PyTorch 1.13.1 (Debian python3-torch), torch/optim/adagrad.py,
 * _single_tensor_adagrad, dense gradients (the for-loop path: foreach
 * defaults to False in 1.13), on CPU tensors.  The line numbers after each
 * pseudocode line are that file's.
 *
 * Pseudocode (L0 is Adagrad.__init__'s state, L1 loss.backward() before
 * step()):
 * @pseudocode
 *   L0   s ← s0 (initial_accumulator_value), step ← 0      (93-99)
 *   L1   g ← ∇f(θ)
 *   L2   step ← step + 1                                   (246)
 *   L3   g ← g + λ θ                                       (255, when λ ≠ 0)
 *   L4   clr ← lr / (1 + (step − 1) lr_decay)              (257)
 *   L5   s ← s + g g                                       (277)
 *   L6   σ ← √s + ε                                        (278)
 *   L7   θ ← θ − clr g / σ                                 (279)
 *   L8   clr ← lr ·₃₂ (1 /₃₂ (1 +₃₂ (step −₃₂ 1) ·₃₂ lr_decay))   (foreach: 328)
 * @end
 * L8 replaces L4 in variant "foreach" (_multi_tensor_adagrad, foreach=True):
 * state['step'] is a float32 tensor there, so −lr / (1 + (step − 1)·lr_decay)
 * is float32 tensor arithmetic, each operation (·₃₂) rounded to binary32,
 * lr and lr_decay cast to binary32, and the quotient taken as Tensor.__rtruediv__
 * takes it, the reciprocal times −lr (checked against torch 1.13.1 at steps 1
 * to 1000); the same float32 value then scales g in every format.
 *
 * Where torch differs from the lecture algorithm
 *   - ε is added outside the root (variant eps_outside of adagrad.c,
 *     Goodfellow's δ), default 1e-10; the lecture default adds it inside.
 *   - The accumulator starts at initial_accumulator_value s0 (torch.full_like:
 *     s0 rounded to F), not at 0.
 *   - lr_decay: the step size lr/(1 + (t − 1)·lr_decay), formed on the host
 *     in binary64 (L4), cast to binary32 for bf16 tensors by addcdiv_ (its
 *     value=), to F otherwise; ε is cast to F by add_ (measured:
 *     doc/flavors.md).
 *   - float16: torch 1.13.1 on CPU refuses it (addcmul_ "not implemented for
 *     'Half'").
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, LR_DECAY, WD, S0, EPS };
enum { SUM };
enum { STANDARD, FOREACH };
enum { A, B, GI, STEP, CLR, WDF, EPSF, CLRF, NTMP };

static void adagrad_torch_init(ws *w)
{
    s_to_fmt(w, w->tmp[A], w->hp[S0]); /* L0: full_like casts s0 to F */
    for (size_t i = 0; i < w->n; i++)
        s_set(w->st[SUM][i], w->tmp[A]); /* L0 */
}

static void adagrad_torch_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, sum = w->st[SUM];
    S_PTR a = w->tmp[A], b = w->tmp[B], gi = w->tmp[GI], step = w->tmp[STEP], clr = w->tmp[CLR];
    S_SRC wd = w->tmp[WDF], eps = w->tmp[EPSF], c = w->tmp[CLRF];

    sched_eta(w);                /* L4: lr_t */
    s_host_set(w->eta, w->eta);  /* L4: the scheduler's lr is a Python float */
    grad(w, g, theta); /* L1 */
    s_set_si(step, w->t);                                                                /* L2 */
    s_to_fmt(w, w->tmp[WDF], w->hp[WD]);                                                 /* L3: add's alpha */
    if (w->variant == FOREACH) {
        s_host_sub(a, step, w->one); s_to_f32(b, w->hp[LR_DECAY]); s_host_mul(a, a, b); s_to_f32(a, a); /* L8 */
        s_host_add(a, w->one, a); s_to_f32(a, a); s_host_div(a, w->one, a); s_to_f32(a, a);           /* L8 */
        s_to_f32(b, w->eta); s_host_mul(clr, a, b); s_to_f32(clr, clr);                               /* L8 */
    } else {
        s_host_sub(a, step, w->one); s_host_mul(a, a, w->hp[LR_DECAY]); s_host_add(a, w->one, a); /* L4 */
        s_host_div(clr, w->eta, a);                                                          /* L4 */
    }
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                               /* L6: add_ */
    s_to_opmath(w, w->tmp[CLRF], clr);                                                   /* L7: addcdiv_'s value */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, wd, theta[i]); s_add(gi, g[i], a);                   /* L3 */
        s_mul(a, gi, gi); s_add(sum[i], sum[i], a);                   /* L5 */
        s_sqrt(b, sum[i]); s_add(b, b, eps);                          /* L6 */
        s_mul(a, c, gi); s_div(a, a, b); s_sub(theta[i], theta[i], a); /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(adagrad_torch) = { adagrad_torch_init, adagrad_torch_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adagrad_torch_hp[] = {
    [LR] = { .name = "lr", .symbol = "lr", .def = 1e-2, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST, .line = 4,
             .doc = "learning rate (torch default 0.01)" },
    [LR_DECAY] = { .name = "lr_decay", .symbol = "lr_decay", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
                   .doc = "step size lr/(1 + (t − 1)·lr_decay) (torch default 0)" },
    [WD] = { .name = "weight_decay", .symbol = "λ", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "L2 penalty: g ← g + λθ (torch default 0)" },
    [S0] = { .name = "initial_accumulator_value", .symbol = "s0", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "the accumulator's start, cast to F (torch default 0)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-10, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "added outside the root (torch default 1e-10)" },
};
static const optref_statevar adagrad_torch_state[] = {
    [SUM] = { .name = "sum", .symbol = "s", .line = 5, .doc = "torch's state['sum']" },
};
static const optref_variant adagrad_torch_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "torch.optim.Adagrad, dense gradients", .x_line = 7, .g_line = 1 },
    [FOREACH] = { .name = "foreach", .doc = "torch.optim.Adagrad(foreach=True): the step size in float32",
                  .x_line = 7, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adagrad_torch);
const optref_algorithm optref_flavor_adagrad_torch = {
    .name = "adagrad-torch",
    .title = "AdaGrad as torch.optim.Adagrad computes it (for-loop path, CPU)",
    .source = "PyTorch 1.13.1 torch/optim/adagrad.py, _single_tensor_adagrad",
    .file = "ref/flavor/adagrad_torch.c",
    .hp = adagrad_torch_hp, .nhp = OPTREF_COUNT(adagrad_torch_hp),
    .state = adagrad_torch_state, .nstate = OPTREF_COUNT(adagrad_torch_state),
    .variants = adagrad_torch_variants, .nvariants = OPTREF_COUNT(adagrad_torch_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adagrad_torch),
    .flavor_of = "adagrad",
    .framework = "torch",
};
#endif
