/* rmsprop_torch.c: PyTorch's RMSprop, as torch.optim.RMSprop computes it:
 * flavor "rmsprop-torch" of the lecture algorithm rmsprop (ref/alg/rmsprop.c).
 *
 * Source: PyTorch 1.13.1 (Debian python3-torch), torch/optim/rmsprop.py,
 * _single_tensor_rmsprop (the for-loop path: foreach defaults to False in
 * 1.13; differentiable off), on CPU tensors.  The line numbers after each
 * pseudocode line are that file's.
 *
 * Pseudocode (L0 is RMSprop.step's state initialisation, L1 loss.backward()
 * before step()):
 * @pseudocode
 *   L0   s ← 0, ḡ ← 0, b ← 0                               (132-136)
 *   L1   g ← ∇f(θ)
 *   L2   g ← g + λ θ                                       (237, when λ ≠ 0)
 *   L3   s ← s α + (1 − α) g g                             (245)
 *   L4   ḡ ← ḡ α + (1 − α) g                               (251, centered)
 *   L5   σ ← √(s − ḡ ḡ) + ε    (centered)                  (252, 259)
 *   L6   σ ← √s + ε            (not centered)              (254, 259)
 *   L7   b ← μ b + g / σ                                   (265, when μ > 0)
 *   L8   θ ← θ − lr b                                      (266, when μ > 0)
 *   L9   θ ← θ − lr g / σ                                  (268, when μ = 0)
 * @end
 *
 * Where torch differs from the lecture algorithm
 *   - ε is added outside the root (rmsprop.c's variant eps_outside), default
 *     1e-8; Lecture 17 and Goodfellow 8.5 add it inside.
 *   - α (the lecture's γ) defaults to 0.99, lr to 0.01.
 *   - centered (Graves 2013): the variance s − ḡ², not the raw second moment.
 *   - momentum μ > 0: a buffer of the normalised steps, then θ ← θ − lr b.
 *   - Variants: centered=False/True × momentum = 0/μ > 0: standard, centered,
 *     momentum, centered_momentum.
 *   - Constants: α, 1 − α (binary64 on the host), ε, μ, lr are cast to F by
 *     mul_, add_ and add_'s alpha; 1 − α (L3) and lr (L9) go through
 *     addcmul_'s and addcdiv_'s value=, binary32 for bf16 tensors (measured:
 *     doc/flavors.md).  In float32 the factor of L3 with α = 0.99 is
 *     binary32(binary64(1 − 0.99)), not 1 − binary32(0.99).
 *   - float16: torch 1.13.1 on CPU refuses it (addcmul_ "not implemented for
 *     'Half'").
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, ALPHA, EPS, WD, MOM };
enum { SQ, GAVG, BUF };
enum { STANDARD, CENTERED, MOMENTUM, CENTERED_MOMENTUM };
#define HAS_MOMENTUM(v) ((v) == MOMENTUM || (v) == CENTERED_MOMENTUM)
#define IS_CENTERED(v) ((v) == CENTERED || (v) == CENTERED_MOMENTUM)
enum { A, B, GI, WDF, AF, C, CF, COPF, EPSF, MUF, LRF, LROPF, NTMP };

static void rmsprop_torch_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[SQ][i], 0.0); s_set_d(w->st[GAVG][i], 0.0); s_set_d(w->st[BUF][i], 0.0); /* L0 */
    }
}

static void rmsprop_torch_constants(ws *w)
{
    S_PTR c = w->tmp[C];
    s_to_fmt(w, w->tmp[WDF], w->hp[WD]);                                     /* L2: add's alpha */
    s_to_fmt(w, w->tmp[AF], w->hp[ALPHA]);                                   /* L3 L4: mul_ */
    s_host_sub(c, w->one, w->hp[ALPHA]);                                     /* L3 L4: 1 − α */
    s_to_opmath(w, w->tmp[COPF], c);                                         /* L3: addcmul_'s value */
    s_to_fmt(w, w->tmp[CF], c);                                              /* L4: add_'s alpha */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                                   /* L5 L6: add_ */
    if (HAS_MOMENTUM(w->variant))
        s_to_fmt(w, w->tmp[MUF], w->hp[MOM]);                                /* L7: mul_ */
    s_to_fmt(w, w->tmp[LRF], w->eta);                                        /* L8: add_'s alpha */
    s_to_opmath(w, w->tmp[LROPF], w->eta);                                   /* L9: addcdiv_'s value */
}

static void rmsprop_torch_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, sq = w->st[SQ], gavg = w->st[GAVG], buf = w->st[BUF];
    S_PTR a = w->tmp[A], b = w->tmp[B], gi = w->tmp[GI];
    S_SRC wd = w->tmp[WDF], al = w->tmp[AF], cop = w->tmp[COPF], c = w->tmp[CF], eps = w->tmp[EPSF];
    S_SRC mu = w->tmp[MUF], lr = w->tmp[LRF], lrop = w->tmp[LROPF];

    sched_eta(w);                /* L8 L9: lr_t */
    s_host_set(w->eta, w->eta);  /* L8 L9: the scheduler's lr is a Python float */
    grad(w, g, theta); /* L1 */
    rmsprop_torch_constants(w);
    int momentum = HAS_MOMENTUM(w->variant); /* torch: momentum > 0 */
    for (size_t i = 0; i < w->n; i++) {
        s_mul(a, wd, theta[i]); s_add(gi, g[i], a);                               /* L2 */
        s_mul(sq[i], sq[i], al); s_mul(a, gi, gi); s_mul(a, cop, a); s_add(sq[i], sq[i], a); /* L3 */
        if (IS_CENTERED(w->variant)) {
            s_mul(gavg[i], gavg[i], al); s_mul(a, c, gi); s_add(gavg[i], gavg[i], a); /* L4 */
            s_mul(a, gavg[i], gavg[i]); s_sub(b, sq[i], a); s_sqrt(b, b); s_add(b, b, eps); /* L5 */
        } else {
            s_sqrt(b, sq[i]); s_add(b, b, eps);                                   /* L6 */
        }
        if (momentum) {
            s_mul(buf[i], buf[i], mu); s_div(a, gi, b); s_add(buf[i], buf[i], a); /* L7 */
            s_mul(a, lr, buf[i]); s_sub(theta[i], theta[i], a);                   /* L8 */
        } else {
            s_mul(a, lrop, gi); s_div(a, a, b); s_sub(theta[i], theta[i], a);     /* L9 */
        }
    }
}

OPTREF_ALGORITHM_IMPL(rmsprop_torch) = { rmsprop_torch_init, rmsprop_torch_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param rmsprop_torch_hp[] = {
    [LR] = { .name = "lr", .symbol = "lr", .def = 1e-2, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST, .line = 9,
             .doc = "learning rate (torch default 0.01)" },
    [ALPHA] = { .name = "alpha", .symbol = "α", .def = 0.99, .flags = OPTREF_P_UNIT | HOST,
                .doc = "decay of the averages, the lecture's γ (torch default 0.99)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "added outside the root (torch default 1e-8)" },
    [WD] = { .name = "weight_decay", .symbol = "λ", .def = 0.0, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "L2 penalty: g ← g + λθ (torch default 0)" },
    [MOM] = { .name = "momentum", .symbol = "μ", .def = NAN, .flags = OPTREF_P_POSITIVE | HOST,
              .vmask = 1u << MOMENTUM | 1u << CENTERED_MOMENTUM,
              .doc = "momentum of the normalised step, > 0 (torch's default 0: the variants without)" },
};
static const optref_statevar rmsprop_torch_state[] = {
    [SQ] = { .name = "square_avg", .symbol = "s", .line = 3, .doc = "torch's state['square_avg']" },
    [GAVG] = { .name = "grad_avg", .symbol = "ḡ", .vmask = 1u << CENTERED | 1u << CENTERED_MOMENTUM, .line = 4,
               .doc = "torch's state['grad_avg'] (centered=True)" },
    [BUF] = { .name = "momentum_buffer", .symbol = "b", .vmask = 1u << MOMENTUM | 1u << CENTERED_MOMENTUM, .line = 7,
              .doc = "torch's state['momentum_buffer'] (momentum > 0)" },
};
static const optref_variant rmsprop_torch_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "torch.optim.RMSprop(centered=False, momentum=0)", .x_line = 9,
                   .g_line = 1 },
    [CENTERED] = { .name = "centered", .doc = "torch.optim.RMSprop(centered=True): √(s − ḡ²) + ε", .x_line = 9,
                   .g_line = 1 },
    [MOMENTUM] = { .name = "momentum", .doc = "torch.optim.RMSprop(momentum=μ > 0): b ← μb + g/σ, θ ← θ − lr b",
                   .x_line = 8, .g_line = 1 },
    [CENTERED_MOMENTUM] = { .name = "centered_momentum", .doc = "torch.optim.RMSprop(centered=True, momentum=μ > 0)",
                            .x_line = 8, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, rmsprop_torch);
const optref_algorithm optref_flavor_rmsprop_torch = {
    .name = "rmsprop-torch",
    .title = "RMSprop (centered, momentum) as torch.optim.RMSprop computes it (for-loop path, CPU)",
    .source = "PyTorch 1.13.1 torch/optim/rmsprop.py, _single_tensor_rmsprop",
    .file = "ref/flavor/rmsprop_torch.c",
    .hp = rmsprop_torch_hp, .nhp = OPTREF_COUNT(rmsprop_torch_hp),
    .state = rmsprop_torch_state, .nstate = OPTREF_COUNT(rmsprop_torch_state),
    .variants = rmsprop_torch_variants, .nvariants = OPTREF_COUNT(rmsprop_torch_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, rmsprop_torch),
    .flavor_of = "rmsprop",
    .framework = "torch",
};
#endif
