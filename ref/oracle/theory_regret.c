/* theory_regret.c: regret bounds of online convex optimisation (claims 5 and
 * 6 of the theory issue).  Regret against a fixed comparator x*:
 * R(T) = Σ_{t=1}^T (f_t(x_{t−1}) − f_t(x*)), x_{t−1} the point step t's
 * gradient is taken at (optref counts steps from 1, points from 0).  Any
 * fixed x* gives a valid check, as each bound holds for every x* in the
 * domain; the claims take the best fixed point of one period of the cyclic
 * sequence.  Losses are linear, g_t = ∇f_t does not depend on x, and is read
 * from the problem's data.
 *
 * adagrad-regret  Topic 27, "AdaGrad" (regret of Algorithm 2); Duchi, Hazan &
 *   Singer 2011, Theorem 5 (unconfirmed, as is Theorem 7 below: the
 *   search tools reach the paper's opening pages only), composite mirror
 *   descent with diagonal
 *   H_t = δI + diag(s_t)^{1/2}: optref's adagrad eps_outside, projected onto
 *   the box F = [−1, 1]^n after each step (the H_t-weighted projection onto a
 *   box is the coordinate clamp, exact; ref/alg/amsgrad.c explains why).
 *   Its proof gives, for every x* in F and δ > 0,
 *     R(T) <= (δ/2η)‖x* − x_0‖²_2 + (1/2η) D∞² Σ_i ‖g_{1:T,i}‖_2 + η Σ_i ‖g_{1:T,i}‖_2,
 *   D∞ = 2 bounding max_t ‖x* − x_t‖_∞ in F; the first term is B_ψ1(x*, x_0),
 *   which the theorem's statement folds away (it starts from ψ_0 = 0).
 *   Slip: the slide quotes the primal-dual bound (δ/η)‖x*‖² + (1/η)‖x*‖²
 *   tr(G_T^{1/2}) + η tr(G_T^{1/2}) without its condition δ >= max_t ‖g_t‖_2
 *   (Duchi et al., Theorem 7; max_t ‖g_t‖_∞ in the diagonal Theorem 5), and
 *   its Algorithm 2's Require line even allows "δ ≥ 0" (seed 004): at δ = 0
 *   the bound's condition fails for every nonzero gradient.  The
 *   check runs with δ = G∞ = max_t ‖g_t‖_∞, so that condition holds too, and
 *   says so.  R(T)/T → 0: the bound grows as √T.  A wrong AdaGrad, without
 *   the root (η/(δ + s_t)), freezes after the first phases and crosses it.
 *   Full matrices: the slide's own bound, for its Algorithm 2 (primal-dual,
 *   ref/alg/adagrad_full.c variant primal_dual_ball, X the unit ball):
 *     R(T) <= (δ/η)‖x*‖² + (1/η)‖x*‖² tr(G_T^{1/2}) + η tr(G_T^{1/2}),
 *   Duchi et al., Theorem 7, for δ >= max_t ‖g_t‖_2 (checked with δ = 1.5 on
 *   online-pm1, where max ‖g_t‖_2 = √2).  With n = 2, tr(G^{1/2}) =
 *   √(tr G + 2√det G) exactly ((√λ1 + √λ2)² = λ1 + λ2 + 2√(λ1λ2)).
 *   Its control: the same algorithm without the root (H_t = δI + G_t),
 *   computed below (noroot_next), crosses that bound.  Not δ below
 *   max ‖g_t‖_2: that voids the theorem's proof, not the inequality, and on
 *   online-pm1 the root method's regret stays under the bound anyway
 *   (δ = 10⁻⁶, 0.01, 0.1, η = 1, R = 1: R(3000) ≈ 16.5 against ≈ 185, no
 *   step crossed), so it could not be a control that must cross.
 * adagrad-quad  the same diagonal bound on online quadratic losses
 *   (ref/problem/online_quad.c, f_t(x) = Σ a_t,i (x_i − z_t,i)² on
 *   [−1, 1]²): ∇f_t depends on x, so S = Σ_i ‖g_{1:T,i}‖_2 sums the
 *   gradients the trajectory met, computed here from its points; δ = G∞ = 4,
 *   the problem's bound on |∇f_t(x)_i| over the box.  x* minimises one
 *   period's sum (Σ a z / Σ a per coordinate).  Control: projected GD with a
 *   fixed step 0.5 settles into a 2-cycle, regret linear, and crosses.
 *   Full matrices (n = 2, so tr G_T^½ = √(tr G + 2√det G) exactly): the
 *   slide's primal-dual bound above, adagrad_full primal_dual_ball on the
 *   unit ball with η = 1, δ = 4 >= max_t ‖g_t‖_2 (<= √10 on the ball); G_T
 *   and g01 from the gradients the trajectory met; x* = (0, 0.2), inside
 *   the ball.  Its control: H_t = δI (G_t left out), computed here
 *   (noroot_next, frozen): a fixed step η/δ, a 2-cycle, linear regret.
 *   Not the no-root form: on these strongly convex losses H_t = δI + G_t
 *   gives 1/t steps, as the online Newton step does, and its regret
 *   (R(3000) ≈ 9.4) stays under the bound (≈ 66.9): it cannot be a control.
 * adam-reddi  Topic 27, "Adam" and "AMSGrad" regrets.  Kingma & Ba 2015,
 *   Theorem 4.1 (unconfirmed; Phong & Phong 2019 cite its proof as the
 *   appendix's Theorem 10.5), as quoted (slip: Topic 27 writes (1 − β) in the second
 *   term's denominator; Kingma & Ba have (1 − β1)):
 *     R(T) <= D²/(2α(1−β1)) Σ_i √(T v̂_{T,i})
 *             + α(1+β1)G∞/((1−β1)√(1−β2)(1−γ)²) Σ_i ‖g_{1:T,i}‖_2
 *             + Σ_i D∞² G∞ √(1−β2)/(2α(1−β1)(1−λ)²),   γ = β1²/√β2.
 *   Reddi, Kale & Kumar 2018, Theorem 4 (AMSGrad, β1t = β1λ^{t−1}; the
 *   number confirmed by Phong & Phong, IEEE Access 2019, "Theorem 4 in
 *   [3]"; their Theorem 1, the counterexample, unconfirmed):
 *     R(T) <= D∞²√T/(α(1−β1)) Σ_i v̂_{T,i}^{1/2} + D∞²/(1−β1)² Σ_t Σ_i β1t v̂_{t,i}^{1/2}/α_t
 *             + α√(1 + log T)/((1−β1)²(1−γ)√(1−β2)) Σ_i ‖g_{1:T,i}‖_2,   γ = β1/√β2.
 *   On Reddi's sequence (ref/problem/reddi.c, C = 3, F = [−1, 1]) with their
 *   Theorem 1's β1 = 0, β2 = 1/(1 + C²), α_t = α/√t (α = 0.5 <
 *   √(1 − β2)): β1 = 0 removes every λ and γ term (λ → 0 in Kingma & Ba's
 *   third term, which holds for every λ in (0, 1)).  v̂_{T,i} is bounded by
 *   G∞² (an EWMA or a maximum of squared gradients, bias-corrected or not,
 *   never exceeds their maximum): the bounds checked are these larger
 *   ones, so Adam crossing one crosses the theorem's too.  Adam (projected
 *   onto F by clamping after each step: exact) drifts to +1 and its regret
 *   grows as (2C − 4)/3 · T, crossing the quoted bound: the Adam bound does
 *   not hold in general (Reddi et al., §3, find the gap in Kingma & Ba's
 *   proof).  AMSGrad goes to −1 and stays under its bound.
 *   Where it breaks: every condition Theorem 4.1 states holds there (β1 = 0
 *   satisfies β1,t = β1λ^{t−1} and β1²/√β2 < 1); the proof's telescoping
 *   also needs Γ_t,i = √v̂_t,i/α_t − √v̂_{t−1},i/α_{t−1} >= 0, which Adam
 *   violates from t = 2 on (a control part, gamma_part).
 *   A second sequence inside both theorems' conditions (SEQ2_SPEC: |g_t,i|
 *   constant per coordinate, so Adam's bias-corrected v̂_t,i = g_i² and
 *   Γ_t >= 0, checked as a part): Adam under Kingma & Ba's bound, AMSGrad
 *   under Reddi's.  β1 = 0 throughout: optref's adam has a constant β1,
 *   and β1,t = β1λ^{t−1} holds for a constant only at 0; for AMSGrad with
 *   a decaying β1t, Phong & Phong (IEEE Access 2019) find Theorem 4's proof
 *   flawed.  Versions of Theorem 4 (unconfirmed against the paper itself):
 *   Topic 27 writes the second term D∞²/(1−β1)² and a factor (1 + β1) in
 *   the third; Phong & Phong quote D∞²/(2(1−β1)) and no (1 + β1).  At
 *   β1 = 0 both read D∞²√T Σ v̂^{1/2}/α + α√(1 + log T)/√(1−β2) Σ‖g_{1:T,i}‖,
 *   the bound computed here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "theory.h"

#define P OPTREF_TPREC

/* 100 losses x, then 150 losses −x, over and over, on [−1, 1]. */
#define P10 "1,1,1,1,1,1,1,1,1,1,"
#define M10 "-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,"
#define P50 P10 P10 P10 P10 P10
#define M50 M10 M10 M10 M10 M10
#define ADA_SPEC "online-linear:n=1,g=" P50 P50 M50 M50 M50 "radius=1"
#define ADA_ITEMS "eta=1.5 delta=1"
#define FULL_SPEC "online-pm1"
#define FULL_ITEMS "eta=1 delta=1.5 R=1 x0=0,0"
#define QUAD_SPEC "online-quad:n=2,a=1,0.25,0.5,1,z=0.5,-1,-1,0.5"
#define QUAD_ITEMS "eta=1 delta=4"
#define QFULL_ITEMS "eta=1 delta=4 R=1 x0=0,0"
#define REDDI_SPEC "reddi:C=3"

static const char ada_b[] = "δ‖x*−x_0‖²/2η + D∞²S/2η + ηS";
static const char full_b[] = "(δ + tr G_T^½)‖x*‖²/η + η tr G_T^½";
#define REDDI_ITEMS "alpha=0.5 beta1=0 beta2=0.1 eps=0 schedule=invsqrt:c=0"
/* A second sequence, inside both theorems' conditions: |g_t,i| constant per
 * coordinate, so Adam's bias-corrected v̂_t,i = g_i² and Γ_t >= 0 (below). */
#define SEQ2_SPEC "online-linear:n=2,g=1,-0.5,1,0.5,-1,-0.5,radius=1"
#define SEQ2_ITEMS "alpha=0.5 beta1=0 beta2=0.9 eps=0 schedule=invsqrt:c=0"

enum { B_ADAGRAD, B_ADAM, B_AMSGRAD, B_FULL };

typedef struct {
    optref_problem *p;
    size_t n, rows;
    int reddi, quad; /* quad: online-quad, ∇f_t depends on x */
    int kind;
    double eta, delta, beta2; /* the claim's hyper-parameters */
    mpfr_t *xs, *prev, *sg2, *x;
    mpfr_t R, b, d0, t1, t2, t3, sum, g01, xs2; /* g01: Σ g_t,0 g_t,1 (n = 2); xs2: ‖x*‖² */
    mpfr_t gq0; /* online-quad, B_FULL: step t's g_t,0 at x_{t−1} */
} reg;

/* g_{t,i}: the row of step t (online-linear; online-quad: a_t,i) or Reddi's ±C. */
static double grad_ti(const reg *g, long t, size_t i)
{
    if (g->reddi)
        return t % 3 == 1 ? g->p->coef[0] : -1.0;
    return g->p->coef[(size_t)((t - 1) % (long)g->rows) * g->n + i];
}

/* online-quad: z_t,i (the z rows follow the a rows in coef). */
static double zc_ti(const reg *g, long t, size_t i)
{
    return g->p->coef[g->p->ncoef / 2 + (size_t)((t - 1) % (long)g->rows) * g->n + i];
}

/* Step t's gradient at x (coordinate i) into out; its share of
 * f_t(x) − f_t(x*) added to R.  Linear: g_t,i (x_i − x*_i).  Quadratic:
 * a((x_i − z)² − (x*_i − z)²) = a (x_i − x*_i)(x_i + x*_i − 2z), exact at
 * 256 bits for the claims' dyadic data (as is 2a(x_i − z)). */
static void grad_loss(reg *g, long t, size_t i, mpfr_srcptr x, mpfr_ptr out)
{
    double a = grad_ti(g, t, i);
    mpfr_sub(g->t1, x, g->xs[i], MPFR_RNDN);
    if (!g->quad) {
        mpfr_set_d(out, a, MPFR_RNDN);
        mpfr_mul(g->t1, g->t1, out, MPFR_RNDN);
        mpfr_add(g->R, g->R, g->t1, MPFR_RNDN);
        return;
    }
    double z = zc_ti(g, t, i);
    mpfr_add(g->t3, x, g->xs[i], MPFR_RNDN);
    mpfr_sub_d(g->t3, g->t3, 2 * z, MPFR_RNDN);
    mpfr_mul(g->t1, g->t1, g->t3, MPFR_RNDN);
    mpfr_mul_d(g->t1, g->t1, a, MPFR_RNDN);
    mpfr_add(g->R, g->R, g->t1, MPFR_RNDN);
    mpfr_sub_d(out, x, z, MPFR_RNDN);
    mpfr_mul_d(out, out, 2 * a, MPFR_RNDN);
}

/* online-quad's comparator: per coordinate the minimiser of one period's
 * Σ_t a_t,i (x − z_t,i)², Σ a z / Σ a, clamped to [−R, R] (the period sum
 * is convex in x, so the clamp is the box's minimiser). */
static void quad_comparator(reg *g)
{
    double R = g->p->D / 2;
    for (size_t i = 0; i < g->n; i++) {
        mpfr_set_ui(g->t1, 0, MPFR_RNDN);
        mpfr_set_ui(g->t2, 0, MPFR_RNDN);
        for (long t = 1; t <= (long)g->rows; t++) {
            mpfr_set_d(g->t3, grad_ti(g, t, i), MPFR_RNDN);
            mpfr_add(g->t2, g->t2, g->t3, MPFR_RNDN);
            mpfr_mul_d(g->t3, g->t3, zc_ti(g, t, i), MPFR_RNDN);
            mpfr_add(g->t1, g->t1, g->t3, MPFR_RNDN);
        }
        if (mpfr_zero_p(g->t2))
            mpfr_set_ui(g->xs[i], 0, MPFR_RNDN);
        else
            mpfr_div(g->xs[i], g->t1, g->t2, MPFR_RNDN);
        mpfr_set_d(g->t3, R, MPFR_RNDN);
        if (mpfr_cmpabs(g->xs[i], g->t3) > 0)
            mpfr_mul_si(g->xs[i], g->t3, mpfr_sgn(g->xs[i]), MPFR_RNDN);
    }
}

static optref_status reg_new(reg *g, const char *spec, int kind, double eta, double delta, double beta2,
                             char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    mpfr_inits2(P, g->R, g->b, g->d0, g->t1, g->t2, g->t3, g->sum, g->g01, g->xs2, g->gq0, (mpfr_ptr)0);
    mpfr_set_ui(g->g01, 0, MPFR_RNDN);
    optref_status st = optref_problem_new(&g->p, spec, err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    g->n = g->p->n;
    g->reddi = strcmp(g->p->type->name, "reddi") == 0;
    g->quad = strcmp(g->p->type->name, "online-quad") == 0;
    g->rows = g->reddi ? 3 : g->p->ncoef / g->n / (g->quad ? 2 : 1);
    g->kind = kind;
    g->eta = eta;
    g->delta = delta;
    g->beta2 = beta2;
    mpfr_t **v[] = { &g->xs, &g->prev, &g->sg2, &g->x };
    for (size_t k = 0; k < 4; k++) {
        if (!(*v[k] = malloc(g->n * sizeof(mpfr_t))))
            return OPTREF_ENOMEM;
        for (size_t i = 0; i < g->n; i++)
            mpfr_init2((*v[k])[i], P);
    }
    double half = g->reddi ? 1 : g->p->D / 2; /* comparator: best corner of one period */
    for (size_t i = 0; i < g->n; i++) {
        double s = 0;
        for (long t = 1; t <= (long)g->rows; t++)
            s += grad_ti(g, t, i); /* its sign only */
        mpfr_set_d(g->xs[i], s > 0 ? -half : s < 0 ? half : 0, MPFR_RNDN);
        mpfr_set_ui(g->sg2[i], 0, MPFR_RNDN);
    }
    if (g->quad)
        quad_comparator(g);
    if (kind == B_FULL && g->n != 2) {
        snprintf(err, errlen, "%s: the full-matrix bound is computed for n = 2", spec);
        return OPTREF_EDIM;
    }
    if (kind == B_FULL && g->quad) { /* the box's minimiser must lie in the ball ‖x‖ <= R */
        mpfr_sqr(g->t2, g->xs[0], MPFR_RNDN);
        mpfr_fma(g->t2, g->xs[1], g->xs[1], g->t2, MPFR_RNDN);
        if (mpfr_cmp_d(g->t2, half * half) > 0) {
            snprintf(err, errlen, "%s: the period's minimiser lies outside the ball", spec);
            return OPTREF_EVALUE;
        }
    } else if (kind == B_FULL) { /* the Euclidean ball: x* = −R s/‖s‖, s the sum of one period */
        mpfr_set_ui(g->t2, 0, MPFR_RNDN);
        for (size_t i = 0; i < 2; i++) {
            mpfr_set_ui(g->xs[i], 0, MPFR_RNDN);
            for (long t = 1; t <= (long)g->rows; t++)
                mpfr_add_d(g->xs[i], g->xs[i], grad_ti(g, t, i), MPFR_RNDN);
            mpfr_fma(g->t2, g->xs[i], g->xs[i], g->t2, MPFR_RNDN);
        }
        mpfr_sqrt(g->t2, g->t2, MPFR_RNDN);
        for (size_t i = 0; i < 2; i++) {
            mpfr_div(g->xs[i], g->xs[i], g->t2, MPFR_RNDN);
            mpfr_mul_d(g->xs[i], g->xs[i], -half, MPFR_RNDN);
        }
    }
    mpfr_set_ui(g->xs2, 0, MPFR_RNDN);
    for (size_t i = 0; i < g->n; i++)
        mpfr_fma(g->xs2, g->xs[i], g->xs[i], g->xs2, MPFR_RNDN);
    return OPTREF_SUCCESS;
}

static void reg_free(reg *g)
{
    mpfr_t *v[] = { g->xs, g->prev, g->sg2, g->x };
    for (size_t k = 0; k < 4; k++) {
        for (size_t i = 0; v[k] && i < g->n; i++)
            mpfr_clear(v[k][i]);
        free(v[k]);
    }
    mpfr_clears(g->R, g->b, g->d0, g->t1, g->t2, g->t3, g->sum, g->g01, g->xs2, g->gq0, (mpfr_ptr)0);
    optref_problem_free(g->p);
}

/* ‖x* − x‖²_2 into d0. */
static void dist(reg *g, mpfr_t *x)
{
    mpfr_set_ui(g->d0, 0, MPFR_RNDN);
    for (size_t i = 0; i < g->n; i++) {
        mpfr_sub(g->t1, g->xs[i], x[i], MPFR_RNDN);
        mpfr_fma(g->d0, g->t1, g->t1, g->d0, MPFR_RNDN);
    }
}

/* The bound at step T into g->b (sum = Σ_i ‖g_{1:T,i}‖_2 on entry). */
static void reg_bound(reg *g, long T)
{
    mpfr_ptr b = g->b, s = g->sum, u = g->t1;
    double Ginf = g->p->Ginf, D = g->p->D, a = g->eta;
    if (g->kind == B_FULL) { /* δ/η‖x*‖² + (1/η)‖x*‖² tr(G_T^{1/2}) + η tr(G_T^{1/2}) */
        mpfr_mul(u, g->sg2[0], g->sg2[1], MPFR_RNDN); /* n = 2: tr √G = √(tr G + 2√det G) */
        mpfr_fms(u, g->g01, g->g01, u, MPFR_RNDN);
        mpfr_neg(u, u, MPFR_RNDN);
        mpfr_sqrt(u, u, MPFR_RNDN);
        mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
        mpfr_add(u, u, g->sg2[0], MPFR_RNDN);
        mpfr_add(u, u, g->sg2[1], MPFR_RNDN);
        mpfr_sqrt(u, u, MPFR_RNDN);
        mpfr_add_d(b, u, g->delta, MPFR_RNDN);
        mpfr_mul(b, b, g->xs2, MPFR_RNDN);
        mpfr_div_d(b, b, a, MPFR_RNDN);
        mpfr_mul_d(u, u, a, MPFR_RNDN);
        mpfr_add(b, b, u, MPFR_RNDN);
        return;
    }
    if (g->kind == B_ADAGRAD) { /* δ/(2η)‖x*−x0‖² + D∞²/(2η) s + η s */
        mpfr_mul_d(b, g->d0, g->delta / 2, MPFR_RNDN);
        mpfr_mul_d(u, s, D * D, MPFR_RNDN);
        mpfr_div_ui(u, u, 2, MPFR_RNDN);
        mpfr_add(b, b, u, MPFR_RNDN);
        mpfr_div_d(b, b, a, MPFR_RNDN);
        mpfr_mul_d(u, s, a, MPFR_RNDN);
        mpfr_add(b, b, u, MPFR_RNDN);
        return;
    }
    mpfr_set_d(u, 1, MPFR_RNDN); /* √(1 − β2) */
    mpfr_sub_d(u, u, g->beta2, MPFR_RNDN);
    mpfr_sqrt(u, u, MPFR_RNDN);
    if (g->kind == B_ADAM) { /* β1 = 0: D²/(2α) n √T G∞ + α G∞/√(1−β2) s + n D² G∞ √(1−β2)/(2α) */
        mpfr_set_d(b, D * D * Ginf * (double)g->n / (2 * a), MPFR_RNDN);
        mpfr_mul(b, b, u, MPFR_RNDN);
        mpfr_sqrt_ui(g->t2, (unsigned long)T, MPFR_RNDN);
        mpfr_mul_d(g->t2, g->t2, D * D * Ginf * (double)g->n / (2 * a), MPFR_RNDN);
        mpfr_add(b, b, g->t2, MPFR_RNDN);
        mpfr_mul_d(g->t2, s, a * Ginf, MPFR_RNDN);
        mpfr_div(g->t2, g->t2, u, MPFR_RNDN);
        mpfr_add(b, b, g->t2, MPFR_RNDN);
        return;
    }
    /* AMSGrad, β1 = 0: D²√T n G∞/α + α√(1 + log T)/√(1−β2) s */
    mpfr_sqrt_ui(b, (unsigned long)T, MPFR_RNDN);
    mpfr_mul_d(b, b, D * D * (double)g->n * Ginf / a, MPFR_RNDN);
    mpfr_set_ui(g->t2, (unsigned long)T, MPFR_RNDN);
    mpfr_log(g->t2, g->t2, MPFR_RNDN);
    mpfr_add_ui(g->t2, g->t2, 1, MPFR_RNDN);
    mpfr_sqrt(g->t2, g->t2, MPFR_RNDN);
    mpfr_mul_d(g->t2, g->t2, a, MPFR_RNDN);
    mpfr_div(g->t2, g->t2, u, MPFR_RNDN);
    mpfr_mul(g->t2, g->t2, s, MPFR_RNDN);
    mpfr_add(b, b, g->t2, MPFR_RNDN);
}

/* Step t >= 1: the loss at prev, then the bound; the point x_t becomes prev. */
static void reg_step(reg *g, long t, optref_tpart *part)
{
    mpfr_set_ui(g->sum, 0, MPFR_RNDN);
    for (size_t i = 0; i < g->n; i++) {
        grad_loss(g, t, i, g->prev[i], g->t2);
        if (g->quad && g->kind == B_FULL && i == 0)
            mpfr_set(g->gq0, g->t2, MPFR_RNDN);
        else if (g->quad && g->kind == B_FULL) /* g01 += g_t,0 g_t,1, the gradients met */
            mpfr_fma(g->g01, g->gq0, g->t2, g->g01, MPFR_RNDN);
        mpfr_fma(g->sg2[i], g->t2, g->t2, g->sg2[i], MPFR_RNDN);
        mpfr_sqrt(g->t1, g->sg2[i], MPFR_RNDN);
        mpfr_add(g->sum, g->sum, g->t1, MPFR_RNDN);
    }
    if (g->kind == B_FULL && !g->quad) {
        mpfr_set_d(g->t1, grad_ti(g, t, 0), MPFR_RNDN);
        mpfr_mul_d(g->t1, g->t1, grad_ti(g, t, 1), MPFR_RNDN);
        mpfr_add(g->g01, g->g01, g->t1, MPFR_RNDN);
    }
    reg_bound(g, t);
    optref_tpart_add(part, t, g->R, g->b);
    for (size_t i = 0; i < g->n; i++)
        mpfr_set(g->prev[i], g->x[i], MPFR_RNDN);
}

/* Reads a source to its end; R(T)/T at the end into *avg. */
static optref_status reg_judge(reg *g, optref_tsource *src, optref_tpart *part, double *avg, double *xlast,
                               char *err, size_t errlen)
{
    if (src->n != g->n) {
        snprintf(err, errlen, "the trajectory has %zu coordinates, the problem %zu", src->n, g->n);
        return OPTREF_EDIM;
    }
    mpfr_set_ui(g->R, 0, MPFR_RNDN);
    long t = 0;
    for (;; t++) {
        int got = src->next(src, t, g->x, err, errlen);
        if (got < 0)
            return OPTREF_EFORMAT;
        if (got == 0)
            break;
        if (t > 0) {
            reg_step(g, t, part);
            continue;
        }
        dist(g, g->x);
        for (size_t i = 0; i < g->n; i++)
            mpfr_set(g->prev[i], g->x[i], MPFR_RNDN);
    }
    optref_tpart_end(part);
    if (t < 2)
        return snprintf(err, errlen, "%s: no steps after t = 0", part->what), OPTREF_EFORMAT;
    *avg = mpfr_get_d(g->R, MPFR_RNDN) / (double)(t - 1);
    *xlast = mpfr_get_d(g->prev[0], MPFR_RNDN);
    return OPTREF_SUCCESS;
}

/* ---- a projected run: clamp x into [−1, 1] after each step (exact) -------- */

typedef struct {
    optref_tsource inner;
    optref_run *run;
    size_t qx;
} proj_ctx;

static int proj_next(optref_tsource *src, long t, mpfr_t *x, char *err, size_t errlen)
{
    proj_ctx *c = src->ctx;
    int got = c->inner.next(&c->inner, t, x, err, errlen);
    for (size_t i = 0; got > 0 && i < src->n; i++)
        if (mpfr_cmpabs_ui(x[i], 1) > 0) {
            mpfr_set_si(x[i], mpfr_sgn(x[i]), MPFR_RNDN);
            optref_run_set_mp(c->run, c->qx + i, x[i]);
        }
    return got;
}

/* One part: alg (items) on spec, judged with bound `kind`; project: clamp. */
static optref_status reg_part(optref_treport *r, const char *spec, const char *alg, const char *variant,
                              const char *items, long T, int kind, double eta, double delta, double beta2,
                              int project, int expect, const char *bhead, double *avg, double *xlast, char *err,
                              size_t errlen)
{
    reg g;
    optref_setup *s = NULL;
    proj_ctx pc = { 0 };
    optref_status st = reg_new(&g, spec, kind, eta, delta, beta2, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_tsetup(&s, alg, variant, spec, items, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_tsource_run(&pc.inner, s, "x", T);
    int cut = strlen(spec) > 60;
    optref_tpart *part = optref_tpart_new(r, OPTREF_LE, expect, "R(T)", bhead, "%s%s%s %s on %.*s%s%s", alg,
                                          variant ? " " : "", variant ? variant : "", items, cut ? 32 : 60, spec,
                                          cut ? "..." : "", project ? ", clamped to [-1, 1]" : "");
    if (st == OPTREF_SUCCESS && part) {
        optref_tsource src = pc.inner;
        if (project) {
            pc.run = optref_tsource_run_of(&pc.inner);
            pc.qx = optref_quantity_from_name(s, "x")->offset;
            src.next = proj_next;
            src.ctx = &pc;
        }
        st = reg_judge(&g, &src, part, avg, xlast, err, errlen);
    }
    optref_tsource_free(&pc.inner);
    optref_setup_free(s);
    reg_free(&g);
    return st;
}

/* ---- full-matrix AdaGrad without its root: the control of claim 5 ----------
 * Topic 27's Algorithm 2 with H_t = δI + G_t in place of δI + G_t^{1/2},
 * on online-pm1 (n = 2), computed here at 256 bits (optref's adagrad_full
 * always takes the root): x_{t+1} = −η (δI + G_t)⁻¹ Σ_{τ<=t} g_τ, the 2×2
 * inverse written out.  That point is the unconstrained minimiser of L5's
 * objective; it is also L9's on the unit ball as long as it lies inside,
 * which the source checks at every step (an error if not).  Why it must
 * fail: G_t grows as t, so x_t tends to the fixed point −η C⁻¹ m (C, m the
 * per-step means of g gᵀ and g), ‖·‖ = 0.57 inside the ball, not the
 * comparator: the regret grows linearly, the bound as √T. */

typedef struct {
    double eta, delta;
    long t;
    mpfr_t G[3], s[2], det, u, gq[2]; /* G00, G01, G11; gq: an online-quad gradient */
    const optref_problem *p;
    int quad;   /* online-quad: g_t = ∇f_t(x_{t−1}), x_{t−1} in x on entry */
    int frozen; /* H_t = δI (G_t left out): −ηΣg/δ, projected onto the unit ball radially */
} noroot_ctx;

static int noroot_next(optref_tsource *src, long t, mpfr_t *x, char *err, size_t errlen)
{
    noroot_ctx *c = src->ctx;
    if (t > src->steps)
        return 0;
    if (t == 0) {
        mpfr_set_ui(x[0], 0, MPFR_RNDN);
        mpfr_set_ui(x[1], 0, MPFR_RNDN);
        return 1;
    }
    size_t rows = c->p->ncoef / (c->quad ? 4 : 2);
    const double *g = c->p->coef + (size_t)((t - 1) % (long)rows) * 2;
    for (int i = 0; i < 2; i++) { /* linear: the row; quadratic: 2a(x_{t−1} − z), exact */
        if (c->quad) {
            mpfr_sub_d(c->gq[i], x[i], g[c->p->ncoef / 2 + i], MPFR_RNDN);
            mpfr_mul_d(c->gq[i], c->gq[i], 2 * g[i], MPFR_RNDN);
        } else
            mpfr_set_d(c->gq[i], g[i], MPFR_RNDN);
    }
    for (int k = 0; k < 3; k++) {
        mpfr_mul(c->u, c->gq[k > 0], c->gq[k == 2], MPFR_RNDN);
        mpfr_add(c->G[k], c->G[k], c->u, MPFR_RNDN);
    }
    mpfr_add(c->s[0], c->s[0], c->gq[0], MPFR_RNDN);
    mpfr_add(c->s[1], c->s[1], c->gq[1], MPFR_RNDN);
    if (c->frozen) { /* argmin_{‖x‖<=1} η⟨s, x⟩ + δ‖x‖²/2: −ηs/δ, or −s/‖s‖ if that lies outside */
        mpfr_sqr(c->u, c->s[0], MPFR_RNDN);
        mpfr_fma(c->u, c->s[1], c->s[1], c->u, MPFR_RNDN);
        mpfr_sqrt(c->u, c->u, MPFR_RNDN);
        mpfr_mul_d(c->det, c->u, c->eta / c->delta, MPFR_RNDN);
        if (mpfr_cmp_ui(c->det, 1) <= 0)
            mpfr_set_d(c->u, c->eta / c->delta, MPFR_RNDN);
        else
            mpfr_ui_div(c->u, 1, c->u, MPFR_RNDN);
        for (int i = 0; i < 2; i++) {
            mpfr_mul(x[i], c->s[i], c->u, MPFR_RNDN);
            mpfr_neg(x[i], x[i], MPFR_RNDN);
        }
        return 1;
    }
    /* (δI + G)⁻¹ = [[G11 + δ, −G01], [−G01, G00 + δ]] / det */
    mpfr_add_d(c->det, c->G[0], c->delta, MPFR_RNDN);
    mpfr_add_d(c->u, c->G[2], c->delta, MPFR_RNDN);
    mpfr_mul(c->det, c->det, c->u, MPFR_RNDN);
    mpfr_fms(c->det, c->G[1], c->G[1], c->det, MPFR_RNDN);
    mpfr_neg(c->det, c->det, MPFR_RNDN);
    for (int i = 0; i < 2; i++) {
        mpfr_add_d(c->u, c->G[i ? 0 : 2], c->delta, MPFR_RNDN);
        mpfr_mul(x[i], c->u, c->s[i], MPFR_RNDN);
        mpfr_mul(c->u, c->G[1], c->s[1 - i], MPFR_RNDN);
        mpfr_sub(x[i], x[i], c->u, MPFR_RNDN);
        mpfr_div(x[i], x[i], c->det, MPFR_RNDN);
        mpfr_mul_d(x[i], x[i], -c->eta, MPFR_RNDN);
    }
    mpfr_sqr(c->u, x[0], MPFR_RNDN);
    mpfr_fma(c->u, x[1], x[1], c->u, MPFR_RNDN);
    if (mpfr_cmp_ui(c->u, 1) > 0)
        return snprintf(err, errlen, "no-root AdaGrad left the unit ball at t = %ld", t), -1;
    return 1;
}

/* Part: the no-root run judged against the full-matrix bound (a control). */
static optref_status noroot_part(optref_treport *r, const char *spec, const char *items, double eta, double delta,
                                 int frozen, long T, double *avg, char *err, size_t errlen)
{
    reg g;
    noroot_ctx c = { .eta = eta, .delta = delta, .frozen = frozen };
    optref_status st = reg_new(&g, spec, B_FULL, eta, delta, 0, err, errlen);
    optref_tpart *part = optref_tpart_new(r, OPTREF_LE, 0, "R(T)", full_b, "full-matrix AdaGrad %s %s on %s",
                                          frozen ? "with G_T left out (H_t = δI, projected onto the unit ball)"
                                                 : "without the root (H_t = δI + G_t)",
                                          items, spec);
    mpfr_inits2(P, c.G[0], c.G[1], c.G[2], c.s[0], c.s[1], c.det, c.u, c.gq[0], c.gq[1], (mpfr_ptr)0);
    for (int k = 0; k < 3; k++)
        mpfr_set_ui(c.G[k], 0, MPFR_RNDN);
    mpfr_set_ui(c.s[0], 0, MPFR_RNDN);
    mpfr_set_ui(c.s[1], 0, MPFR_RNDN);
    double xl;
    if (st == OPTREF_SUCCESS && part) {
        c.p = g.p;
        c.quad = g.quad;
        optref_tsource src = { .n = 2, .next = noroot_next, .ctx = &c, .steps = T };
        st = reg_judge(&g, &src, part, avg, &xl, err, errlen);
    }
    mpfr_clears(c.G[0], c.G[1], c.G[2], c.s[0], c.s[1], c.det, c.u, c.gq[0], c.gq[1], (mpfr_ptr)0);
    reg_free(&g);
    return st;
}

/* ---- 5. AdaGrad ------------------------------------------------------------ */


static optref_status adagrad_regret_run(optref_treport *r, char *err, size_t errlen)
{
    double avg = 0, avg2 = 0, avg3 = 0, xl;
    optref_status st = reg_part(r, ADA_SPEC, "adagrad", "eps_outside", ADA_ITEMS, 10000, B_ADAGRAD, 1.5, 1, 0, 1,
                                1, ada_b, &avg, &xl, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = reg_part(r, FULL_SPEC, "adagrad_full", "primal_dual_ball", FULL_ITEMS, 3000, B_FULL, 1, 1.5, 0, 0, 1,
                      full_b, &avg2, &xl, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = noroot_part(r, FULL_SPEC, FULL_ITEMS, 1, 1.5, 0, 3000, &avg3, err, errlen);
    optref_tnote(r, "[1] f_t(x) = x for 100 steps, −x for 150, cyclically, on F = [−1, 1]: x* = 1, D∞ = 2, "
                    "S = Σ_i ‖g_{1:T,i}‖_2 = √T; δ = 1 = max_t ‖g_t‖_∞ = G∞: the condition δ >= max‖g_t‖ "
                    "that Topic 27 omits holds");
    optref_tnote(r, "[1] R(T)/T at T = 10000: %.6g (→ 0: the bound grows as √T; negative: AdaGrad follows the "
                    "phases better than any fixed point).  AdaGrad without the root (η/(δ + s_t)) crosses "
                    "the bound (tests/test_theory.c)", avg);
    optref_tnote(r, "[2] the slide's bound for its Algorithm 2 (primal-dual, full matrices), X the unit ball: "
                    "δ = 1.5 >= max_t ‖g_t‖_2 = √2 (the condition it omits); x* = −Σg/‖Σg‖; R(T)/T at "
                    "T = 3000: %.6g", avg2);
    optref_tnote(r, "[3] control: without the root H_t = δI + G_t grows as t, x_t settles at a fixed point "
                    "inside the ball that is not x*, R(T) grows linearly (R(T)/T = %.6g at T = 3000) and "
                    "crosses the bound at T = %ld.  (δ below max‖g_t‖_2 is no control: the bound's proof "
                    "needs it, but the regret need not exceed the bound when it fails)",
                 avg3, r->npart > 2 ? r->part[2].first_viol : -1);
    return st;
}

static optref_status adagrad_regret_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    reg g;
    double avg = 0, xl;
    optref_status st = reg_new(&g, ADA_SPEC, B_ADAGRAD, 1.5, 1, 0, err, errlen);
    optref_tpart *part = optref_tpart_new(r, OPTREF_LE, 1, "R(T)", ada_b, "the candidate (AdaGrad %s) on %.32s...",
                                          ADA_ITEMS, ADA_SPEC);
    if (st == OPTREF_SUCCESS)
        st = reg_judge(&g, src, part, &avg, &xl, err, errlen);
    reg_free(&g);
    optref_tnote(r, "R(T)/T at the last step: %.6g", avg);
    return st;
}

const optref_claim optref_claim_adagrad_regret = {
    .name = "adagrad-regret",
    .title = "diagonal AdaGrad on online linear losses, projected: R(T) <= Duchi et al.'s bound, R(T)/T → 0",
    .source = "Topic 27, \"AdaGrad\" (regret); Duchi, Hazan & Singer 2011, Theorem 5 (unconfirmed)",
    .problem = ADA_SPEC,
    .candidate = "x_t of AdaGrad (δ outside the root) with " ADA_ITEMS ", projected onto [−1, 1] (a clamp), "
                 "from x_0 = 0",
    .run = adagrad_regret_run,
    .judge = adagrad_regret_judge,
};

/* ---- 5b. diagonal AdaGrad on online quadratic losses ---------------------- */

static optref_status adagrad_quad_run(optref_treport *r, char *err, size_t errlen)
{
    double avg = 0, avg2 = 0, xl;
    optref_status st = reg_part(r, QUAD_SPEC, "adagrad", "eps_outside", QUAD_ITEMS, 3000, B_ADAGRAD, 1, 4, 0, 1, 1,
                                ada_b, &avg, &xl, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = reg_part(r, QUAD_SPEC, "gd", NULL, "eta=0.5", 3000, B_ADAGRAD, 1, 4, 0, 1, 0, ada_b, &avg2, &xl, err,
                      errlen);
    double avg3 = 0, avg4 = 0;
    if (st == OPTREF_SUCCESS)
        st = reg_part(r, QUAD_SPEC, "adagrad_full", "primal_dual_ball", QFULL_ITEMS, 3000, B_FULL, 1, 4, 0, 0, 1,
                      full_b, &avg3, &xl, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = noroot_part(r, QUAD_SPEC, QFULL_ITEMS, 1, 4, 1, 3000, &avg4, err, errlen);
    optref_tnote(r, "f_t(x) = Σ_i a_t,i (x_i − z_t,i)², two losses alternating, on F = [−1, 1]²: D∞ = 2, "
                    "G∞ = max 2a(1 + |z|) = 4 = δ (the condition δ >= max‖g_t‖_∞ holds); x* = Σa z/Σa per "
                    "coordinate = (0, 0.2); S = Σ_i ‖g_{1:T,i}‖_2 from the gradients the trajectory met");
    optref_tnote(r, "R(T)/T at T = 3000: AdaGrad %.6g (→ 0); the control, GD with the fixed step 0.5 "
                    "(clamped), does not shrink its step: it settles into a 2-cycle away from x*, R(T)/T = %.6g: it crosses the same "
                    "bound (η = 1, δ = 4) at T = %ld", avg, avg2, r->npart > 1 ? r->part[1].first_viol : -1);
    optref_tnote(r, "[3] full matrices: Topic 27's Algorithm 2 (primal-dual, H_t = δI + G_t^½) on the unit ball, "
                    "the slide's bound with Duchi et al.'s condition δ = 4 >= max_t ‖g_t‖_2 (<= √(3² + 1²) on "
                    "the ball); x* = (0, 0.2) minimises one period's sum and lies in the ball; tr G_T^½ = "
                    "√(tr G + 2√det G), exact for n = 2 (G_T from the gradients the trajectory met); R(T)/T at "
                    "T = 3000: %.6g (→ 0)", avg3);
    optref_tnote(r, "[4] control: H_t = δI, G_T left out (dual averaging with a fixed step η/δ = 1/4, the "
                    "full-matrix form of GD): x_t settles into a 2-cycle away from x*, R(T)/T = %.6g, and crosses "
                    "the bound at T = %ld.  Without the root (H_t = δI + G_t, the control on linear losses) is "
                    "no control here: on these strongly convex losses its 1/t steps are Newton-like and its "
                    "regret stays far under the bound (R(3000) ≈ 9.4 against ≈ 66.9)",
                 avg4, r->npart > 3 ? r->part[3].first_viol : -1);
    return st;
}

static optref_status adagrad_quad_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    reg g;
    double avg = 0, xl;
    optref_status st = reg_new(&g, QUAD_SPEC, B_ADAGRAD, 1, 4, 0, err, errlen);
    optref_tpart *part = optref_tpart_new(r, OPTREF_LE, 1, "R(T)", ada_b, "the candidate (AdaGrad %s) on %s",
                                          QUAD_ITEMS, QUAD_SPEC);
    if (st == OPTREF_SUCCESS)
        st = reg_judge(&g, src, part, &avg, &xl, err, errlen);
    reg_free(&g);
    optref_tnote(r, "R(T)/T at the last step: %.6g", avg);
    return st;
}

const optref_claim optref_claim_adagrad_quad = {
    .name = "adagrad-quad",
    .title = "diagonal and full-matrix AdaGrad on online quadratic losses, projected: R(T) <= Duchi et al.'s "
             "bounds, R(T)/T → 0",
    .source = "Topic 27, \"AdaGrad\" (regret); Duchi, Hazan & Singer 2011, Theorems 5 and 7 (unconfirmed)",
    .problem = QUAD_SPEC,
    .candidate = "x_t of AdaGrad (δ outside the root) with " QUAD_ITEMS ", projected onto [−1, 1]² (a clamp), "
                 "from x_0 = 0",
    .run = adagrad_quad_run,
    .judge = adagrad_quad_judge,
};

/* ---- 6. Adam and AMSGrad on Reddi's sequence ---------------------------------- */

static const char adam_b[] = "Kingma & Ba 4.1 (v̂ <= G∞²)", ams_b[] = "Reddi et al. Thm 4 (v̂ <= G∞²)";

/* Kingma & Ba's proof telescopes Σ_t (√v̂_t,i/α_t − √v̂_{t−1},i/α_{t−1})
 * (x_t,i − x*_i)² and needs every such Γ_t,i >= 0: the gap Reddi et al.
 * (§3) find, a condition the theorem does not state.  Measured here:
 * min_i Γ_t,i for Adam (β1 = 0, v̂ bias-corrected, α_t = α/√t) from the
 * sequence's gradients (for linear losses v̂ does not depend on x), at 256
 * bits, against 0. */
static optref_status gamma_part(optref_treport *r, const char *spec, double alpha, double beta2, long T,
                                int expect, char *err, size_t errlen)
{
    reg g;
    optref_status st = reg_new(&g, spec, B_ADAM, alpha, 0, beta2, err, errlen);
    optref_tpart *part = optref_tpart_new(r, OPTREF_GE, expect, "min_i Γ_t,i", "0",
                                          "Kingma & Ba's unstated Γ_t = √v̂_t/α_t − √v̂_{t−1}/α_{t−1} >= 0, "
                                          "Adam beta2=%g alpha_t=%g/√t on %.40s", beta2, alpha, spec);
    mpfr_t b2t, prev, m, zero;
    mpfr_inits2(P, b2t, prev, m, zero, (mpfr_ptr)0);
    mpfr_set_ui(b2t, 1, MPFR_RNDN);
    mpfr_set_ui(zero, 0, MPFR_RNDN);
    for (long t = 1; st == OPTREF_SUCCESS && part && t <= T; t++) {
        mpfr_mul_d(b2t, b2t, beta2, MPFR_RNDN);
        mpfr_set_inf(m, 1);
        for (size_t i = 0; i < g.n; i++) { /* sg2 holds v_t,i; x holds √v̂_t,i/α_t */
            mpfr_set_d(g.t1, grad_ti(&g, t, i), MPFR_RNDN);
            mpfr_sqr(g.t1, g.t1, MPFR_RNDN);
            mpfr_mul_d(g.t1, g.t1, 1 - beta2, MPFR_RNDN);
            mpfr_mul_d(g.sg2[i], g.sg2[i], beta2, MPFR_RNDN);
            mpfr_add(g.sg2[i], g.sg2[i], g.t1, MPFR_RNDN);
            mpfr_ui_sub(g.t2, 1, b2t, MPFR_RNDN);
            mpfr_div(g.t2, g.sg2[i], g.t2, MPFR_RNDN);
            mpfr_mul_ui(g.t2, g.t2, (unsigned long)t, MPFR_RNDN);
            mpfr_sqrt(g.t2, g.t2, MPFR_RNDN);
            mpfr_div_d(g.t2, g.t2, alpha, MPFR_RNDN);
            mpfr_set(prev, g.x[i], MPFR_RNDN);
            mpfr_set(g.x[i], g.t2, MPFR_RNDN);
            if (t > 1) {
                mpfr_sub(g.t2, g.t2, prev, MPFR_RNDN);
                mpfr_min(m, m, g.t2, MPFR_RNDN);
            }
        }
        if (t > 1)
            optref_tpart_add(part, t, m, zero);
    }
    if (part)
        optref_tpart_end(part);
    mpfr_clears(b2t, prev, m, zero, (mpfr_ptr)0);
    reg_free(&g);
    return st;
}

static optref_status adam_reddi_run(optref_treport *r, char *err, size_t errlen)
{
    double aa = 0, xa = 0, am = 0, xm = 0, a2 = 0, m2 = 0, xl;
    optref_status st = reg_part(r, REDDI_SPEC, "adam", NULL, REDDI_ITEMS, 3000, B_ADAM, 0.5, 0, 0.1, 1, 0, adam_b,
                                &aa, &xa, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = reg_part(r, REDDI_SPEC, "amsgrad", NULL, REDDI_ITEMS " lo=-1 hi=1", 3000, B_AMSGRAD, 0.5, 0, 0.1, 0,
                      1, ams_b, &am, &xm, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = gamma_part(r, REDDI_SPEC, 0.5, 0.1, 3000, 0, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = reg_part(r, SEQ2_SPEC, "adam", NULL, SEQ2_ITEMS, 3000, B_ADAM, 0.5, 0, 0.9, 1, 1, adam_b, &a2, &xl, err,
                      errlen);
    if (st == OPTREF_SUCCESS)
        st = reg_part(r, SEQ2_SPEC, "amsgrad", NULL, SEQ2_ITEMS " lo=-1 hi=1", 3000, B_AMSGRAD, 0.5, 0, 0.9, 0, 1,
                      ams_b, &m2, &xl, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = gamma_part(r, SEQ2_SPEC, 0.5, 0.9, 3000, 1, err, errlen);
    optref_tnote(r, "Adam's bound does not hold in general: on Reddi's sequence (C = 3, β1 = 0, "
                    "β2 = 1/(1 + C²), α_t = 0.5/√t) Adam crosses it at T = %ld, and R(T) grows linearly",
                 r->npart ? r->part[0].first_viol : -1);
    optref_tnote(r, "T = 3000: Adam x_T = %.6g, R(T)/T = %.6g (Reddi et al.: → (2C − 4)/3 = %.6g); "
                    "AMSGrad x_T = %.6g, R(T)/T = %.6g (→ 0)", xa, aa, (2 * 3.0 - 4) / 3, xm, am);
    optref_tnote(r, "[1, 3] where it breaks: every condition Theorem 4.1 states holds on Reddi's sequence "
                    "(‖g_t‖_∞ <= G∞ = 3, D∞ = 2 on the clamped domain, β1²/√β2 = 0 < 1, β1,t = 0 = β1λ^{t−1}, "
                    "α_t = α/√t); its proof also needs Γ_t >= 0, which fails at t = %ld: after each C step "
                    "v̂ = 0.9C² + ... falls back (Reddi et al. §3)", r->npart > 2 ? r->part[2].first_viol : -1);
    optref_tnote(r, "[4-6] a second sequence, g_t = (1, −0.5), (1, 0.5), (−1, −0.5) cyclically on [−1, 1]²: "
                    "G∞ = 1, D∞ = 2, β1 = 0 (optref's Adam keeps β1 constant, and β1,t = β1λ^{t−1} holds only "
                    "at 0; for AMSGrad Phong & Phong 2019 find Theorem 4's proof flawed for a decaying β1t), "
                    "β2 = 0.9, α = 0.5: Γ_t >= 0 at every step, so Kingma & Ba's argument holds; R(T)/T at "
                    "T = 3000: Adam %.6g, AMSGrad %.6g", a2, m2);
    return st;
}

static optref_status adam_reddi_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    reg g;
    double avg = 0, xl = 0;
    optref_status st = reg_new(&g, REDDI_SPEC, B_AMSGRAD, 0.5, 0, 0.1, err, errlen);
    optref_tpart *part = optref_tpart_new(r, OPTREF_LE, 1, "R(T)", ams_b, "the candidate (%s) on %s",
                                          REDDI_ITEMS, REDDI_SPEC);
    if (st == OPTREF_SUCCESS)
        st = reg_judge(&g, src, part, &avg, &xl, err, errlen);
    reg_free(&g);
    optref_tnote(r, "a regret within O(√T log T): AMSGrad's bound (Reddi et al. Theorem 4); x_T = %.6g, "
                    "R(T)/T = %.6g", xl, avg);
    return st;
}

const optref_claim optref_claim_adam_reddi = {
    .name = "adam-reddi",
    .title = "Reddi's counterexample: Adam's quoted regret bound fails (its proof's Γ_t >= 0 fails), AMSGrad's "
             "holds; both hold on a sequence inside their conditions",
    .source = "Topic 27, \"Adam\", \"AMSGrad\"; Kingma & Ba 2015, Theorem 4.1 (unconfirmed); Reddi, Kale & "
              "Kumar 2018, Theorem 1 (unconfirmed) and Theorem 4",
    .problem = REDDI_SPEC,
    .candidate = "x_t in [−1, 1] with " REDDI_ITEMS ", from x_0 = 1; judged against AMSGrad's bound",
    .run = adam_reddi_run,
    .judge = adam_reddi_judge,
};
