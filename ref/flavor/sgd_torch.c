/* sgd_torch.c: PyTorch's SGD, as torch.optim.SGD computes it: flavor
 * "sgd-torch" of the lecture algorithm sgd (ref/alg/sgd.c); with momentum
 * it is torch's form of momentum (ref/alg/momentum.c), with nesterov its
 * form of Nesterov's method (ref/alg/nesterov.c, Sutskever's look-ahead).
 *
 * Source: PyTorch 1.13.1 (Debian python3-torch), torch/optim/sgd.py,
 * _single_tensor_sgd (the for-loop path: foreach defaults to False in 1.13),
 * on CPU tensors.  The line numbers after each pseudocode line are that
 * file's.
 *
 * Pseudocode (L0: no momentum_buffer before the first step; L1 is
 * loss.backward() before step()):
 * @pseudocode
 *   L0   b ← none
 *   L1   g ← ∇f(θ)
 *   L2   g ← g + λ θ                                   (229, when λ ≠ 0)
 *   L3   b ← g                    at the first step    (235, when μ ≠ 0)
 *   L4   b ← μ b + (1 − τ) g      later                (238, when μ ≠ 0)
 *   L5   g ← g + μ b              (nesterov)           (241, when μ ≠ 0)
 *   L6   g ← b                    (not nesterov)       (243, when μ ≠ 0)
 *   L7   θ ← θ − lr g                                  (245)
 * @end
 *
 * Where torch differs from the lecture algorithms
 *   - momentum.c (Polyak, Lecture 11.5: v ← γv + ηg, x ← x − v) scales the
 *     gradient by η inside the buffer; torch keeps the buffer of gradients
 *     and multiplies by lr after (L7): the same iterates for a constant lr,
 *     not under a schedule.
 *   - The first step copies g into the buffer (L3), not (1 − τ)g: with
 *     dampening τ ≠ 0 step 1 differs from b ← μ·0 + (1 − τ)g.
 *   - nesterov: g + μb with the buffer just updated (L5), Sutskever's
 *     look-ahead rewritten at the current point; torch requires μ > 0, τ = 0.
 *   - Variants: torch's momentum = 0 (no buffer) is variant standard; μ > 0
 *     is variant momentum, or nesterov with nesterov=True.
 *   - Constants: μ, λ, lr, τ are Python floats (binary64); 1 − τ is formed in
 *     binary64; every scalar here goes through mul_ or add_'s alpha, which
 *     cast it to the tensor's format F (measured: doc/flavors.md).
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, MOM, DAMP, WD };
enum { BUF };
enum { STANDARD, MOMENTUM, NESTEROV };
enum { A, GI, WDF, MUF, C, CF, LRF, NTMP };

static void sgd_torch_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->st[BUF][i], 0.0); /* L0: none yet; L3 writes it at the first step */
}

static void sgd_torch_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, buf = w->st[BUF];
    S_PTR a = w->tmp[A], gi = w->tmp[GI], c = w->tmp[C];
    S_SRC wd = w->tmp[WDF], mu = w->tmp[MUF], cf = w->tmp[CF], lr = w->tmp[LRF];

    sched_eta(w);                 /* L7: lr_t */
    s_host_set(w->eta, w->eta);   /* L7: the scheduler's lr is a Python float */
    grad(w, g, theta); /* L1 */
    int momentum = w->variant != STANDARD; /* torch: momentum != 0 */
    s_to_fmt(w, w->tmp[WDF], w->hp[WD]);                               /* L2: add's alpha */
    s_to_fmt(w, w->tmp[MUF], w->hp[MOM]);                              /* L4 L5: mul_, add's alpha */
    s_host_sub(c, w->one, w->hp[DAMP]); s_to_fmt(w, w->tmp[CF], c);    /* L4: add_'s alpha */
    s_neg(a, w->eta); s_to_fmt(w, w->tmp[LRF], a);                     /* L7: add_'s alpha, −lr */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, wd, theta[i]); s_add(gi, g[i], a);                   /* L2 */
        if (momentum && w->t == 1)
            s_set(buf[i], gi);                                        /* L3 */
        else if (momentum) {
            s_mul(buf[i], buf[i], mu); s_mul(a, cf, gi); s_add(buf[i], buf[i], a); /* L4 */
        }
        if (momentum && w->variant == NESTEROV) {
            s_mul(a, mu, buf[i]); s_add(gi, gi, a);                   /* L5 */
        } else if (momentum)
            s_set(gi, buf[i]);                                        /* L6 */
        s_mul(a, lr, gi); s_add(theta[i], theta[i], a);               /* L7 */
    }
}

OPTREF_ALGORITHM_IMPL(sgd_torch) = { sgd_torch_init, sgd_torch_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param sgd_torch_hp[] = {
    [LR] = { .name = "lr", .symbol = "lr", .def = NAN, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST, .line = 7,
             .doc = "learning rate (required in torch 1.13)" },
    [MOM] = { .name = "momentum", .symbol = "μ", .def = NAN, .flags = OPTREF_P_POSITIVE | HOST,
              .vmask = 1u << MOMENTUM | 1u << NESTEROV,
              .doc = "momentum factor, > 0 (torch's default 0 is variant standard)" },
    [DAMP] = { .name = "dampening", .symbol = "τ", .def = 0.0, .flags = HOST, .vmask = 1u << MOMENTUM | 1u << NESTEROV,
               .doc = "dampening of the gradient in the buffer after step 1; nesterov needs 0 (torch default 0)" },
    [WD] = { .name = "weight_decay", .symbol = "λ", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "L2 penalty: g ← g + λθ (torch default 0)" },
};
static const optref_statevar sgd_torch_state[] = {
    [BUF] = { .name = "momentum_buffer", .symbol = "b", .line = 4, .vmask = 1u << MOMENTUM | 1u << NESTEROV,
              .doc = "torch's state['momentum_buffer'] (L3 at step 1)" },
};
static const optref_variant sgd_torch_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "torch.optim.SGD(momentum=0): θ ← θ − lr(g + λθ)", .x_line = 7,
                   .g_line = 1 },
    [MOMENTUM] = { .name = "momentum", .doc = "torch.optim.SGD(momentum=μ > 0, nesterov=False)", .x_line = 7,
                   .g_line = 1 },
    [NESTEROV] = { .name = "nesterov", .doc = "torch.optim.SGD(momentum=μ > 0, nesterov=True): g + μb", .x_line = 7,
                   .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, sgd_torch);
const optref_algorithm optref_flavor_sgd_torch = {
    .name = "sgd-torch",
    .title = "SGD (momentum, dampening, Nesterov) as torch.optim.SGD computes it (for-loop path, CPU)",
    .source = "PyTorch 1.13.1 torch/optim/sgd.py, _single_tensor_sgd",
    .file = "ref/flavor/sgd_torch.c",
    .hp = sgd_torch_hp, .nhp = OPTREF_COUNT(sgd_torch_hp),
    .state = sgd_torch_state, .nstate = OPTREF_COUNT(sgd_torch_state),
    .variants = sgd_torch_variants, .nvariants = OPTREF_COUNT(sgd_torch_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, sgd_torch),
    .flavor_of = "sgd",
    .framework = "torch",
};
#endif
