/* theory_decay.c: weight decay against L2 regularisation (claim 7 of the
 * theory issue).  Topic 27, Propositions 1-3; Loshchilov & Hutter, ICLR
 * 2019, Propositions 1-3.
 *
 *   Proposition 1  SGD with decay λ, θ ← (1 − λ)θ − α∇f_t(θ), takes the
 *                  steps SGD takes on f_t + (λ'/2)‖θ‖² with λ' = λ/α:
 *                  θ − α(∇f_t + (λ/α)θ) is the same number.  Checked on
 *                  minibatch least squares with ref/alg/sgdw.c (β1 = 0):
 *                  variant sgdw with λ against variant l2 with λ/α, both at
 *                  256 bits (the two round differently; in exact arithmetic
 *                  they are equal, and at 256 bits they agree to 2^−200).
 *                  The control forgets the 1/α (λ' = λ) and differs.
 *   Proposition 2  for an adaptive method (M_t ≠ kI) no λ' reproduces
 *                  decoupled decay.  On a case: AdamW (ref/alg/adamw.c)
 *                  against Adam with L2, λ' = λ/α, differ (a control that
 *                  must cross).  Why no λ' at all, already at step 1: with
 *                  ε = 0, m̂_1/√v̂_1 = sign(g_1 + λ'θ_0) coordinate-wise, so
 *                  Adam+L2 moves every coordinate by exactly α whatever λ',
 *                  while AdamW moves coordinate i by α sign(g_1,i) + λθ_0,i
 *                  (θ_0 = 0 here, so the runs part at step 2).
 *   Proposition 3  with a fixed preconditioner M = diag(s)^{−1}, decay λ
 *                  equals L2 on f_t + (λ'/2)‖θ ⊙ √s‖², λ' = λ/α (the step
 *                  θ − αM(∇f + λ' s ⊙ θ) = θ − αM∇f − λθ).  Slip: the slide
 *                  writes the preconditioner "diag(s) − 1" where the paper
 *                  has diag(s)^{−1}; and the regulariser (λ'/2α)‖θ⊙√s‖²
 *                  with λ' = λ/α, dividing by α twice, where the paper has
 *                  (λ'/2)‖θ⊙√s‖² (the step above needs exactly λ/α).
 *                  Run exactly through a change of variables, with an
 *                  existing algorithm: in φ = √s ⊙ θ the fixed-preconditioner
 *                  step θ − αs⁻¹⊙∇f(θ) is the plain SGD step on
 *                  f̃(φ) = f(φ ⊘ √s) (∇f̃ = ∇f ⊘ √s, so φ − α∇f̃ =
 *                  √s ⊙ (θ − α s⁻¹⊙∇f)); decay (1 − λ)θ is (1 − λ)φ; and
 *                  (λ'/2)‖θ⊙√s‖² is (λ'/2)‖φ‖².  So Proposition 3 on f is
 *                  Proposition 1 on f̃, run with sgdw (decay λ) against sgdw
 *                  l2 (λ' = λ/α) on f̃.  f(θ) = bᵀθ + ½θᵀAθ with A =
 *                  diag(1, 2, 0.5), b = (1, −1, 0.5), s = (4, 16, 1): f̃ has
 *                  A/s = diag(0.25, 0.125, 0.5), b/√s = (0.5, −0.25, 0.5),
 *                  exact (√s powers of 2), so f̃ is f in the new coordinates
 *                  to the bit and θ = φ ⊘ √s exactly.  The control
 *                  regularises θ without the scale, (λ'/2)‖θ‖² =
 *                  (λ'/2)Σ φ_i²/s_i, i.e. plain SGD (l2 with λ = 0) on
 *                  A/s + λ' diag(1/s): it differs from decay.  Neither
 *                  newton (its preconditioner, the Hessian, changes when the
 *                  regulariser is added) nor adagrad (no frozen variant)
 *                  runs the proposition directly.
 */
#include <stdio.h>
#include <string.h>

#include "theory.h"

#define P OPTREF_TPREC
#define DECAY_SPEC "lsq:m=20,d=4,seed=2,batch=5"
/* Proposition 3's f in φ = √s ⊙ θ (above); PREC_CTRL adds λ' diag(1/s), λ' = 0.04. */
#define PREC_SPEC "quadratic:A=0.25,0,0,0,0.125,0,0,0,0.5,b=0.5,-0.25,0.5,x0=0,0,0"
#define PREC_CTRL "quadratic:A=0.26,0,0,0,0.1275,0,0,0,0.54,b=0.5,-0.25,0.5,x0=0,0,0"

/* max_i |θ_a − θ_b| after each step, against 2^−200. */
static optref_status compare2(optref_treport *r, const char *alg, const char *sa, const char *va, const char *ia,
                              const char *sb, const char *vb, const char *ib, const char *on, int expect, char *err,
                              size_t errlen)
{
    optref_setup *a = NULL, *b = NULL;
    optref_run *ra = NULL, *rb = NULL;
    optref_status st = optref_tsetup(&a, alg, va, sa, ia, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_tsetup(&b, alg, vb, sb, ib, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&ra, a, OPTREF_MPFR, P, NULL);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&rb, b, OPTREF_MPFR, P, NULL);
    optref_tpart *p = optref_tpart_new(r, OPTREF_LE, expect, "max_i |θ_a − θ_b|", "2^−200",
                                       "%s %s %s  vs  %s %s, on %s", alg, va, ia, vb, ib, on);
    mpfr_t m, d, tol;
    mpfr_inits2(P, m, d, tol, (mpfr_ptr)0);
    mpfr_set_ui_2exp(tol, 1, -200, MPFR_RNDN);
    size_t qx = st == OPTREF_SUCCESS ? optref_quantity_from_name(a, "x")->offset : 0;
    size_t n = st == OPTREF_SUCCESS ? optref_problem_dim(optref_setup_problem(a)) : 0;
    for (long t = 1; st == OPTREF_SUCCESS && p && t <= 200; t++) {
        optref_run_step(ra);
        optref_run_step(rb);
        mpfr_set_ui(m, 0, MPFR_RNDN);
        for (size_t i = 0; i < n; i++) {
            mpfr_sub(d, optref_run_get_mp(ra, qx + i), optref_run_get_mp(rb, qx + i), MPFR_RNDN);
            mpfr_abs(d, d, MPFR_RNDN);
            mpfr_max(m, m, d, MPFR_RNDN);
        }
        optref_tpart_add(p, t, m, tol);
    }
    if (p)
        optref_tpart_end(p);
    mpfr_clears(m, d, tol, (mpfr_ptr)0);
    optref_run_free(ra);
    optref_run_free(rb);
    optref_setup_free(a);
    optref_setup_free(b);
    return st;
}

static optref_status compare(optref_treport *r, const char *alg, const char *va, const char *ia, const char *vb,
                             const char *ib, int expect, char *err, size_t errlen)
{
    return compare2(r, alg, DECAY_SPEC, va, ia, DECAY_SPEC, vb, ib, DECAY_SPEC, expect, err, errlen);
}

static optref_status decay_run(optref_treport *r, char *err, size_t errlen)
{
    /* α = 0.25, λ = 0.01: λ/α = 4λ, exact in binary64 (a power-of-two scaling). */
    char l2[96], wrong[96];
    snprintf(l2, sizeof l2, "alpha=0.25 beta1=0 lambda=%.17g", 0.01 / 0.25);
    snprintf(wrong, sizeof wrong, "alpha=0.25 beta1=0 lambda=%.17g", 0.01);
    optref_status st = compare(r, "sgdw", "sgdw", "alpha=0.25 beta1=0 lambda=0.01", "l2", l2, 1, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = compare(r, "sgdw", "sgdw", "alpha=0.25 beta1=0 lambda=0.01", "l2", wrong, 0, err, errlen);
    snprintf(l2, sizeof l2, "alpha=0.25 eps=0 lambda=%.17g", 0.01 / 0.25);
    if (st == OPTREF_SUCCESS)
        st = compare(r, "adamw", "adamw", "alpha=0.25 eps=0 lambda=0.01", "l2", l2, 0, err, errlen);
    optref_tnote(r, "Proposition 1: decay λ = 0.01 with α = 0.25 is L2 with λ' = λ/α = 0.04 step for step "
                    "(exact arithmetic; 256-bit runs agree to 2^−200); λ' = λ (the control) is not");
    optref_tnote(r, "Proposition 2: AdamW is not Adam+L2 with λ' = λ/α, nor with any λ': at step 1 (ε = 0, "
                    "θ_0 ≠ 0) Adam+L2 moves each coordinate by exactly α, AdamW by α·sign(g) + λθ_0");
    snprintf(l2, sizeof l2, "alpha=0.25 beta1=0 lambda=%.17g", 0.01 / 0.25);
    if (st == OPTREF_SUCCESS)
        st = compare2(r, "sgdw", PREC_SPEC, "sgdw", "alpha=0.25 beta1=0 lambda=0.01", PREC_SPEC, "l2", l2,
                      "f̃ (Proposition 3 in φ = √s⊙θ)", 1, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = compare2(r, "sgdw", PREC_SPEC, "sgdw", "alpha=0.25 beta1=0 lambda=0.01", PREC_CTRL, "l2",
                      "alpha=0.25 beta1=0 lambda=0", "f̃, and f̃ + (λ'/2)‖θ‖² for b", 0, err, errlen);
    optref_tnote(r, "Proposition 3 [4, 5]: the fixed preconditioner M = diag(s)^{−1} (the slide's \"diag(s) − 1\" "
                    "is a slip, as is its λ'/2α) on f = bᵀθ + ½θᵀAθ, A = diag(1, 2, 0.5), b = (1, −1, 0.5), "
                    "s = (4, 16, 1), run as plain SGD in φ = √s⊙θ on f̃ = " PREC_SPEC ": decay λ = scaled L2 "
                    "(λ'/2)‖θ⊙√s‖², λ' = λ/α; the unscaled (λ'/2)‖θ‖² (f̃ = " PREC_CTRL ") is not");
    return st;
}

const optref_claim optref_claim_weight_decay = {
    .name = "weight-decay",
    .title = "SGD: decay λ = L2 with λ' = λ/α; Adam: no λ' gives decoupled decay",
    .source = "Topic 27, Propositions 1-3; Loshchilov & Hutter 2019, Propositions 1-3",
    .problem = DECAY_SPEC,
    .candidate = "(not applicable: compares optref's own variants)",
    .run = decay_run,
    .judge = NULL,
};
