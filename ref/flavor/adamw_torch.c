/* adamw_torch.c: PyTorch's AdamW, as torch.optim.AdamW computes it: flavor
 * "adamw-torch" of the lecture algorithm adamw (ref/alg/adamw.c).
 *
 * Source: PyTorch 1.13.1 (Debian python3-torch), torch/optim/adamw.py,
 * _single_tensor_adamw (the for-loop path: foreach defaults to False in
 * 1.13, capturable off), on CPU tensors.  The line numbers after each
 * pseudocode line are that file's.
 *
 * Pseudocode (L0 is AdamW.step's state initialisation, L1 loss.backward()
 * before step()):
 * @pseudocode
 *   L0   m ← 0, v ← 0, v_max ← 0, step ← 0
 *   L1   g ← ∇f(θ)
 *   L2   step ← step + 1                                  (267)
 *   L3   θ ← θ (1 − lr λ)                                 (270)
 *   L4   m ← m β1 + (1 − β1) g                            (273)
 *   L5   v ← v β2 + (1 − β2) g g                          (274)
 *   L6   c1 ← 1 − β1^step,  c2 ← 1 − β2^step              (303-304)
 *   L7   s ← lr / c1                                      (306)
 *   L8   r ← √c2                                          (308)
 *   L9   v_max ← max(v_max, v)                            (312, amsgrad)
 *   L10  d ← √v / r + ε     (amsgrad: √v_max / r + ε)     (314, 316)
 *   L11  θ ← θ − s m / d                                  (318)
 * @end
 *
 * Where torch differs from the lecture algorithm (Loshchilov & Hutter 2019
 * Algorithm 2, adamw.c variant adamw)
 *   - The decay is applied first (L3), to θ_{t−1}, as a factor 1 − lr·λ formed
 *     on the host in binary64 and cast to F by mul_; the schedule multiplier
 *     η_t of Loshchilov & Hutter is torch's lr itself (adamw.c's adamw_lr:
 *     θ ← θ − η α(m̂/(√v̂ + ε) + λθ) with α = 1, η = lr), and the decay uses
 *     θ before the Adam step, as there.  Default λ = 0.01.
 *   - Bias correction as adam-torch: s = lr/c1 and r = √c2 on the host, ε
 *     after dividing √v by r; amsgrad takes the max of the raw v.
 *   - Constants: as adam-torch (ref/flavor/adam_torch.c): β1, 1 − β1, β2, r,
 *     ε cast to F; 1 − β2 and s to binary32 for bf16 tensors (addcmul_'s and
 *     addcdiv_'s value=), to F otherwise.
 *   - float16: torch 1.13.1 on CPU refuses it (addcmul_, sqrt, addcdiv_ "not
 *     implemented for 'Half'").
 */
#include "../core/ws.h"
#include "flavor.h"

enum { LR, BETA1, BETA2, EPS, WD };
enum { M, V, VMAX };
enum { STANDARD, AMSGRAD };
enum { A, B, D, STEP, C1, C2, S, R, B1F, B2F, C1F, C2F, RF, EPSF, SF, WDF, NTMP };

static void adamw_torch_init(ws *w)
{
    for (size_t i = 0; i < w->n; i++) {
        s_set_d(w->st[M][i], 0.0); s_set_d(w->st[V][i], 0.0); s_set_d(w->st[VMAX][i], 0.0); /* L0 */
    }
}

/* L2, L3, L6-L8: the host's constants, in binary64; then each cast as its kernel casts it. */
static void adamw_torch_constants(ws *w, S_SRC lr)
{
    S_PTR step = w->tmp[STEP], c1 = w->tmp[C1], c2 = w->tmp[C2], s = w->tmp[S], r = w->tmp[R];
    s_set_si(step, w->t);                                                /* L2 */
    s_host_pow(c1, w->hp[BETA1], step); s_host_sub(c1, w->one, c1);     /* L6 */
    s_host_pow(c2, w->hp[BETA2], step); s_host_sub(c2, w->one, c2);     /* L6 */
    s_host_div(s, lr, c1);                                               /* L7 */
    s_host_sqrt(r, c2);                                                  /* L8 */
    s_host_mul(w->tmp[A], lr, w->hp[WD]); s_host_sub(w->tmp[A], w->one, w->tmp[A]); /* L3: 1 − lr λ */
    s_to_fmt(w, w->tmp[WDF], w->tmp[A]);                                 /* L3: mul_ */
    s_to_fmt(w, w->tmp[B1F], w->hp[BETA1]);                              /* L4: mul_ */
    s_host_sub(w->tmp[A], w->one, w->hp[BETA1]); s_to_fmt(w, w->tmp[C1F], w->tmp[A]);  /* L4: add_'s alpha */
    s_to_fmt(w, w->tmp[B2F], w->hp[BETA2]);                              /* L5: mul_ */
    s_host_sub(w->tmp[A], w->one, w->hp[BETA2]); s_to_opmath(w, w->tmp[C2F], w->tmp[A]); /* L5: addcmul_'s value */
    s_to_fmt(w, w->tmp[RF], r);                                          /* L10: div_ */
    s_to_fmt(w, w->tmp[EPSF], w->hp[EPS]);                               /* L10: add_ */
    s_to_opmath(w, w->tmp[SF], s);                                       /* L11: addcdiv_'s value */
}

static void adamw_torch_step(ws *w)
{
    S_VEC theta = w->x, g = w->g, m = w->st[M], v = w->st[V], vmax = w->st[VMAX];
    S_PTR a = w->tmp[A], b = w->tmp[B], d = w->tmp[D];
    S_SRC wd = w->tmp[WDF], b1 = w->tmp[B1F], c1 = w->tmp[C1F], b2 = w->tmp[B2F], c2 = w->tmp[C2F];
    S_SRC r = w->tmp[RF], eps = w->tmp[EPSF], s = w->tmp[SF];

    sched_eta(w);                /* L7: lr_t */
    s_host_set(w->eta, w->eta);  /* L7: the scheduler's lr is a Python float */
    S_SRC lr = w->eta;
    grad(w, g, theta); /* L1 */
    adamw_torch_constants(w, lr);
    for (size_t i = 0; i < w->n; i++) {
        s_mul(theta[i], theta[i], wd);                                                /* L3 */
        s_mul(a, m[i], b1); s_mul(b, c1, g[i]); s_add(m[i], a, b);                    /* L4 */
        s_mul(a, v[i], b2); s_mul(b, g[i], g[i]); s_mul(b, c2, b); s_add(v[i], a, b); /* L5 */
        if (w->variant == AMSGRAD)
            s_max(vmax[i], vmax[i], v[i]);                                            /* L9 */
        s_sqrt(d, w->variant == AMSGRAD ? vmax[i] : v[i]); s_div(d, d, r); s_add(d, d, eps); /* L10 */
        s_mul(a, s, m[i]); s_div(a, a, d); s_sub(theta[i], theta[i], a);              /* L11 */
    }
}

OPTREF_ALGORITHM_IMPL(adamw_torch) = { adamw_torch_init, adamw_torch_step };

#if OPTREF_META
#define HOST OPTREF_P_HOST
static const optref_param adamw_torch_hp[] = {
    [LR] = { .name = "lr", .symbol = "lr", .def = 1e-3, .flags = OPTREF_P_NONNEG | OPTREF_P_STEP | HOST, .line = 7,
             .doc = "learning rate (torch default 0.001)" },
    [BETA1] = { .name = "beta1", .symbol = "β1", .def = 0.9, .flags = OPTREF_P_UNIT | HOST,
                .doc = "betas[0], 0 <= β1 < 1 (torch default 0.9)" },
    [BETA2] = { .name = "beta2", .symbol = "β2", .def = 0.999, .flags = OPTREF_P_UNIT | HOST,
                .doc = "betas[1], 0 <= β2 < 1 (torch default 0.999)" },
    [EPS] = { .name = "eps", .symbol = "ε", .def = 1e-8, .flags = OPTREF_P_NONNEG | HOST,
              .doc = "added to √v / √(1 − β2^t) (torch default 1e-8)" },
    [WD] = { .name = "weight_decay", .symbol = "λ", .def = 1e-2, .flags = OPTREF_P_NONNEG | HOST,
             .doc = "decoupled decay: θ ← θ(1 − lr λ) before the step (torch default 0.01)" },
};
static const optref_statevar adamw_torch_state[] = {
    [M] = { .name = "exp_avg", .symbol = "m", .line = 4, .doc = "torch's state['exp_avg']" },
    [V] = { .name = "exp_avg_sq", .symbol = "v", .line = 5, .doc = "torch's state['exp_avg_sq']" },
    [VMAX] = { .name = "max_exp_avg_sq", .symbol = "v_max", .vmask = 1u << AMSGRAD, .line = 9,
               .doc = "torch's state['max_exp_avg_sq'] (amsgrad=True)" },
};
static const optref_variant adamw_torch_variants[] = {
    [STANDARD] = { .name = "standard", .doc = "torch.optim.AdamW(amsgrad=False)", .x_line = 11, .g_line = 1 },
    [AMSGRAD] = { .name = "amsgrad", .doc = "torch.optim.AdamW(amsgrad=True): max of the raw v, then r",
                  .x_line = 11, .g_line = 1 },
};
OPTREF_DECLARE_IMPLS(impl, adamw_torch);
const optref_algorithm optref_flavor_adamw_torch = {
    .name = "adamw-torch",
    .title = "AdamW as torch.optim.AdamW computes it (for-loop path, CPU)",
    .source = "PyTorch 1.13.1 torch/optim/adamw.py, _single_tensor_adamw",
    .file = "ref/flavor/adamw_torch.c",
    .hp = adamw_torch_hp, .nhp = OPTREF_COUNT(adamw_torch_hp),
    .state = adamw_torch_state, .nstate = OPTREF_COUNT(adamw_torch_state),
    .variants = adamw_torch_variants, .nvariants = OPTREF_COUNT(adamw_torch_variants),
    .ntmp = NTMP,
    OPTREF_IMPLS(impl, adamw_torch),
    .flavor_of = "adamw",
    .framework = "torch",
};
#endif
