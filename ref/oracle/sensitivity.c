/* sensitivity.c: what a verify run could have seen (sensitivity.h).
 *
 * Each known mistake of tests/mutants.py's catalogue that applies to the
 * algorithm is written here as its own one-step formula, in binary64, from the
 * same inputs as the judged step (the candidate's x and state at t − 1, the
 * gradient and η_t of step t): the lecture's line with the mistake in it.
 * verify compares each mistaken value with the truth against the value's
 * rounding bound: over 1 bound, the mistake would fail there; under, no
 * verdict at these inputs could tell it from rounding (reported, as "would be
 * invisible here").  The figures are binary64 evaluations, for information:
 * the verdict itself never uses them. */
#include <math.h>
#include <string.h>

#include "sensitivity.h"
#include "internal.h"

enum {
    CORRECT = -1, /* the line as it is: what the mistakes are measured from */
    ADAM_EPS_INSIDE, ADAM_NO_BC, ADAM_NO_BC1, ADAM_NO_BC2, ADAM_SWAP_BETA, ADAM_T_PLUS1, ADAM_T_MINUS1, ADAM_SIGN,
    ADAM_LR_IN_DENOMINATOR,
    RMS_EPS_PLACEMENT, RMS_SWAP_GAMMA, RMS_NO_DAMPENING, RMS_SIGN, RMS_LR_IN_DENOMINATOR,
    ADA_EPS_PLACEMENT, ADA_SIGN, ADA_LR_IN_DENOMINATOR,
    GD_SIGN,
    MOM_SIGN, MOM_DAMPENING, MOM_LR_OUTSIDE,
    ADD_EPS_PLACEMENT, ADD_SWAP_RHO, ADD_NO_DAMPENING, ADD_SIGN,
    SGDW_COUPLED, SGDW_DECAY_LR, SGDW_DAMPENING, SGDW_DECAY_SIGN, SGDW_DECAY_UNSCHEDULED,
    ADAMW_COUPLED, ADAMW_DECAY_LR, ADAMW_DECAY_AFTER, ADAMW_DECAY_UNSCHEDULED,
};

static const optref_mistake mistakes[] = {
    { ADAM_EPS_INSIDE, "adam", "standard", "eps_inside", "ε inside the root: √(v̂ + ε)" },
    { ADAM_NO_BC, "adam", "standard", "no_bc", "no bias correction: m, v for m̂, v̂" },
    { ADAM_NO_BC1, "adam", "standard", "no_bc1", "m for m̂" },
    { ADAM_NO_BC2, "adam", "standard", "no_bc2", "v for v̂" },
    { ADAM_SWAP_BETA, "adam", "standard", "swap_beta", "β1 and β2 exchanged in m and v" },
    { ADAM_T_PLUS1, "adam", "standard", "t_plus1", "β^(t+1) in the bias correction" },
    { ADAM_T_MINUS1, "adam", "standard", "t_minus1", "β^(t−1) in the bias correction" },
    { ADAM_SIGN, "adam", "standard", "sign", "θ + step" },
    { ADAM_LR_IN_DENOMINATOR, "adam", "standard", "lr_in_denominator", "m̂/(√v̂/α + ε)" },
    { RMS_EPS_PLACEMENT, "rmsprop", NULL, "eps_placement", "ε on the other side of the root" },
    { RMS_SWAP_GAMMA, "rmsprop", NULL, "swap_gamma", "(1 − γ)s + γg²" },
    { RMS_NO_DAMPENING, "rmsprop", NULL, "no_dampening", "γs + g²" },
    { RMS_SIGN, "rmsprop", NULL, "sign", "x + step" },
    { RMS_LR_IN_DENOMINATOR, "rmsprop", NULL, "lr_in_denominator", "η divides √s, ε unscaled" },
    { ADA_EPS_PLACEMENT, "adagrad", NULL, "eps_placement", "ε on the other side of the root" },
    { ADA_SIGN, "adagrad", NULL, "sign", "x + step" },
    { ADA_LR_IN_DENOMINATOR, "adagrad", NULL, "lr_in_denominator", "η divides √s, ε unscaled" },
    { GD_SIGN, "gd", NULL, "sign", "x + ηg" },
    { GD_SIGN, "sgd", NULL, "sign", "x + ηg" },
    { MOM_SIGN, "momentum", NULL, "sign", "x + v" },
    { MOM_DAMPENING, "momentum", NULL, "dampening", "v ← γv + (1 − γ)ηg" },
    { MOM_LR_OUTSIDE, "momentum", NULL, "lr_outside", "v ← γv + g, x ← x − ηv (torch's placement)" },
    { ADD_EPS_PLACEMENT, "adadelta", NULL, "eps_placement", "ε outside both roots" },
    { ADD_SWAP_RHO, "adadelta", NULL, "swap_rho", "(1 − ρ)s + ρg², likewise Δx" },
    { ADD_NO_DAMPENING, "adadelta", NULL, "no_dampening", "ρs + g², ρΔx + g′²" },
    { ADD_SIGN, "adadelta", NULL, "sign", "x + g′" },
    { SGDW_COUPLED, "sgdw", "sgdw", "coupled", "λθ in the gradient (L2), no decoupled decay" },
    { SGDW_DECAY_LR, "sgdw", "sgdw", "decay_lr", "decay η_t α λθ" },
    { SGDW_DAMPENING, "sgdw", "sgdw", "dampening", "m ← β1 m + (1 − β1) η_t α g" },
    { SGDW_DECAY_SIGN, "sgdw", "sgdw", "decay_sign", "θ − m + η_t λθ" },
    { SGDW_DECAY_UNSCHEDULED, "sgdw", "sgdw", "decay_unscheduled", "decay λθ, not η_t λθ" },
    { ADAMW_COUPLED, "adamw", "adamw", "coupled", "λθ in the gradient (L2), no decoupled decay" },
    { ADAMW_DECAY_LR, "adamw", "adamw", "decay_lr", "decay η_t α λθ" },
    { ADAMW_DECAY_AFTER, "adamw", "adamw", "decay_after", "decay applied to the updated θ" },
    { ADAMW_DECAY_UNSCHEDULED, "adamw", "adamw", "decay_unscheduled", "decay λθ, not η_t λθ" },
};

size_t optref_mistakes_of(const optref_setup *s, const optref_mistake **list, size_t max)
{
    const optref_algorithm *a = s->alg;
    const char *variant = a->variants[s->variant].name;
    size_t n = 0;
    for (size_t k = 0; k < sizeof mistakes / sizeof *mistakes; k++) {
        const optref_mistake *m = &mistakes[k];
        if (strcmp(m->alg, a->name) || (m->variant && strcmp(m->variant, variant)))
            continue;
        if (n < max)
            list[n] = m;
        n++;
    }
    return n;
}

/* Flat index of quantity name, element i; (size_t)-1 if the setup has none. */
static size_t at(const optref_setup *s, const char *name, size_t i)
{
    const optref_quantity *Q = optref_quantity_from_name(s, name);
    return Q ? Q->offset + (Q->vector ? i : 0) : (size_t)-1;
}

static double hp(const optref_setup *s, const char *name) { return optref_setup_hparam(s, name); }

/* β1^t and β2^t into *B1, *B2, and into out's b1t, b2t where the setup has them. */
static void powers(const optref_setup *s, double b1, double b2, long t, double *out, double *B1, double *B2)
{
    size_t b1i = at(s, "b1t", 0), b2i = at(s, "b2t", 0);
    *B1 = pow(b1, (double)t), *B2 = pow(b2, (double)t);
    if (b1i != (size_t)-1)
        out[b1i] = *B1, out[b2i] = *B2;
}

static int adam(const optref_setup *s, int id, long t, const double *in, double *out)
{
    double b1 = hp(s, "beta1"), b2 = hp(s, "beta2"), eps = hp(s, "eps");
    double B1, B2;
    powers(s, b1, b2, id == ADAM_T_PLUS1 ? t + 1 : id == ADAM_T_MINUS1 ? t - 1 : t, out, &B1, &B2);
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), mi = at(s, "m", i), vi = at(s, "v", i), gi = at(s, "g", i), ei = at(s, "eta", 0);
        double th = in[xi], m = in[mi], v = in[vi], g = in[gi], a = in[ei];
        double w1 = id == ADAM_SWAP_BETA ? b2 : b1, w2 = id == ADAM_SWAP_BETA ? b1 : b2;
        m = w1 * m + (1 - w1) * g;
        v = w2 * v + (1 - w2) * g * g;
        double mh = id == ADAM_NO_BC || id == ADAM_NO_BC1 ? m : m / (1 - B1);
        double vh = id == ADAM_NO_BC || id == ADAM_NO_BC2 ? v : v / (1 - B2);
        double step = id == ADAM_EPS_INSIDE          ? a * mh / sqrt(vh + eps)
                      : id == ADAM_LR_IN_DENOMINATOR ? mh / (sqrt(vh) / a + eps)
                                                     : a * mh / (sqrt(vh) + eps);
        out[xi] = id == ADAM_SIGN ? th + step : th - step;
        out[mi] = m;
        out[vi] = v;
    }
    return 1;
}

static int rmsprop_adagrad(const optref_setup *s, int id, const double *in, double *out)
{
    int rms = strcmp(s->alg->name, "rmsprop") == 0;
    int inside = strcmp(s->alg->variants[s->variant].name, "eps_inside") == 0;
    double gamma = rms ? hp(s, "gamma") : 1, eps = rms || inside ? hp(s, "eps") : hp(s, "delta");
    if (id == RMS_EPS_PLACEMENT || id == ADA_EPS_PLACEMENT)
        inside = !inside;
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), si = at(s, "s", i), gi = at(s, "g", i), ei = at(s, "eta", 0);
        double x = in[xi], sv = in[si], g = in[gi], eta = in[ei];
        if (!rms)
            sv = sv + g * g;
        else if (id == RMS_SWAP_GAMMA)
            sv = (1 - gamma) * sv + gamma * g * g;
        else if (id == RMS_NO_DAMPENING)
            sv = gamma * sv + g * g;
        else
            sv = gamma * sv + (1 - gamma) * g * g;
        double step = id == RMS_LR_IN_DENOMINATOR || id == ADA_LR_IN_DENOMINATOR
                          ? g / (inside ? sqrt(sv / (eta * eta) + eps) : sqrt(sv) / eta + eps)
                          : eta * g / (inside ? sqrt(sv + eps) : sqrt(sv) + eps);
        out[xi] = id == RMS_SIGN || id == ADA_SIGN ? x + step : x - step;
        out[si] = sv;
    }
    return 1;
}

static int momentum(const optref_setup *s, int id, const double *in, double *out)
{
    double gamma = hp(s, "gamma");
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), vi = at(s, "v", i), gi = at(s, "g", i), ei = at(s, "eta", 0);
        double x = in[xi], v = in[vi], g = in[gi], eta = in[ei];
        if (id == MOM_LR_OUTSIDE) {
            v = gamma * v + g;
            x = x - eta * v;
        } else {
            v = gamma * v + (id == MOM_DAMPENING ? (1 - gamma) * eta : eta) * g;
            x = id == MOM_SIGN ? x + v : x - v;
        }
        out[xi] = x, out[vi] = v;
    }
    return 1;
}

/* Zeiler 2012, Algorithm 1. */
static int adadelta(const optref_setup *s, int id, const double *in, double *out)
{
    double rho = hp(s, "rho"), eps = hp(s, "eps");
    double wo = id == ADD_SWAP_RHO ? 1 - rho : rho, wn = id == ADD_SWAP_RHO ? rho : id == ADD_NO_DAMPENING ? 1 : 1 - rho;
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), si = at(s, "s", i), di = at(s, "dx", i), gi = at(s, "g", i), pi = at(s, "gp", i);
        double x = in[xi], sv = in[si], dx = in[di], g = in[gi];
        sv = wo * sv + wn * g * g;
        double gp = id == ADD_EPS_PLACEMENT ? (sqrt(dx) + eps) / (sqrt(sv) + eps) * g : sqrt(dx + eps) / sqrt(sv + eps) * g;
        dx = wo * dx + wn * gp * gp;
        out[xi] = id == ADD_SIGN ? x + gp : x - gp;
        out[si] = sv, out[di] = dx;
        if (pi != (size_t)-1)
            out[pi] = gp;
    }
    return 1;
}

/* Loshchilov & Hutter, Algorithm 1 (SGDW): m ← β1 m + η_t α g, θ ← θ − m − η_t λθ. */
static int sgdw(const optref_setup *s, int id, const double *in, double *out)
{
    double alpha = hp(s, "alpha"), b1 = hp(s, "beta1"), lam = hp(s, "lambda");
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), mi = at(s, "m", i), gi = at(s, "g", i), ei = at(s, "eta", 0);
        double x = in[xi], m = in[mi], g = in[gi], eta = in[ei], ea = eta * alpha;
        if (id == SGDW_COUPLED)
            g = g + lam * x;
        m = b1 * m + (id == SGDW_DAMPENING ? (1 - b1) * ea : ea) * g;
        double dec = id == SGDW_DECAY_LR ? ea * lam : id == SGDW_DECAY_UNSCHEDULED ? lam : eta * lam;
        out[xi] = id == SGDW_COUPLED ? x - m : id == SGDW_DECAY_SIGN ? x - m + dec * x : x - m - dec * x;
        out[mi] = m;
    }
    return 1;
}

/* Loshchilov & Hutter, Algorithm 2 (AdamW): θ ← θ − η_t(α m̂/(√v̂ + ε) + λθ). */
static int adamw(const optref_setup *s, int id, long t, const double *in, double *out)
{
    double alpha = hp(s, "alpha"), b1 = hp(s, "beta1"), b2 = hp(s, "beta2"), eps = hp(s, "eps"), lam = hp(s, "lambda");
    double B1, B2;
    powers(s, b1, b2, t, out, &B1, &B2);
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), mi = at(s, "m", i), vi = at(s, "v", i), gi = at(s, "g", i), ei = at(s, "eta", 0);
        double x = in[xi], m = in[mi], v = in[vi], g = in[gi], eta = in[ei];
        if (id == ADAMW_COUPLED)
            g = g + lam * x;
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        double mh = m / (1 - B1), vh = v / (1 - B2), st = alpha * mh / (sqrt(vh) + eps);
        size_t mhi = at(s, "mhat", i), vhi = at(s, "vhat", i);
        if (mhi != (size_t)-1)
            out[mhi] = mh, out[vhi] = vh;
        if (id == ADAMW_COUPLED)
            x = x - eta * st;
        else if (id == ADAMW_DECAY_AFTER)
            x = x - eta * st, x = x - eta * lam * x;
        else
            x = x - eta * st - (id == ADAMW_DECAY_LR ? eta * alpha * lam : id == ADAMW_DECAY_UNSCHEDULED ? lam
                                                                                                      : eta * lam) * x;
        out[xi] = x, out[mi] = m, out[vi] = v;
    }
    return 1;
}

int optref_mistake_step(const optref_setup *s, const optref_mistake *m, long t, const double *in, double *out)
{
    memcpy(out, in, optref_nq(s) * sizeof *out);
    int id = m ? m->id : CORRECT;
    const char *alg = s->alg->name;
    if (!strcmp(alg, "adam"))
        return adam(s, id, t, in, out);
    if (!strcmp(alg, "rmsprop") || !strcmp(alg, "adagrad"))
        return rmsprop_adagrad(s, id, in, out);
    if (!strcmp(alg, "momentum"))
        return momentum(s, id, in, out);
    if (!strcmp(alg, "adadelta"))
        return adadelta(s, id, in, out);
    if (!strcmp(alg, "adamw"))
        return strcmp(s->alg->variants[s->variant].name, "adamw") ? 0 : adamw(s, id, t, in, out);
    if (!strcmp(alg, "sgdw"))
        return strcmp(s->alg->variants[s->variant].name, "sgdw") ? 0 : sgdw(s, id, in, out);
    if (strcmp(alg, "gd") && strcmp(alg, "sgd"))
        return 0;
    double lo = hp(s, "lo"), hi = hp(s, "hi");
    if (isfinite(lo) || isfinite(hi))
        return 0; /* a projection: not written here */
    for (size_t i = 0; i < s->prob->n; i++) {
        size_t xi = at(s, "x", i), gi = at(s, "g", i);
        double eta = in[at(s, "eta", 0)];
        out[xi] = id == GD_SIGN ? in[xi] + eta * in[gi] : in[xi] - eta * in[gi];
    }
    return 1;
}
