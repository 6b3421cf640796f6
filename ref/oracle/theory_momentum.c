/* theory_momentum.c: Lecture 11.5's facts about momentum and EWMAs (claim 8
 * of the theory issue).
 *
 *   γ = 0 is GD bit for bit   Lecture 11.5, momentum ("γ = 0: mini-batch SGD"; v_0 = 0,
 *                             v ← γv + ηg, x ← x − v): with γ = 0, v = ηg
 *                             exactly (0·v is ±0, ±0 + ηg = ηg), so x − v is
 *                             GD's x − ηg in any arithmetic.  Judged in
 *                             double, the arithmetic where it could fail;
 *                             the control γ = 2^−20 differs.
 *   effective step η/(1 − γ)  Lecture 11.5, momentum, v_t expanded: with a
 *                             constant gradient g, v_t = ηg(1 − γ^t)/(1 − γ)
 *                             exactly (a geometric sum), which tends to
 *                             ηg/(1 − γ): a limit, not the step at any finite
 *                             t (the control reads it as exact and fails).
 *   EWMA weights              Lecture 11.5, RMSProp, s_t expanded: (1 − γ)Σ γ^{t−i}
 *                             g_i², whose weights sum to 1 − γ^t.  Slip: the
 *                             slide says the sum of weights equals 1 (from
 *                             1/(1 − γ) = 1 + γ + γ² + ...), true only in the
 *                             limit; its Adam slide has 1 − β1^t right.  With
 *                             g = 1, s_t = 1 − γ^t; the control (s_t = 1)
 *                             fails.
 * Identities are judged at 256 bits: |measured − closed form| <= 2^−200.
 */
#include <stdio.h>
#include <string.h>

#include "theory.h"

#define P OPTREF_TPREC

/* Largest ULP distance between the x of two double runs, step by step. */
static optref_status same_bits(optref_treport *r, const char *items, int expect, char *err, size_t errlen)
{
    optref_setup *a = NULL, *b = NULL;
    optref_run *ra = NULL, *rb = NULL;
    char both[128];
    snprintf(both, sizeof both, "eta=0.4 %s", items);
    optref_status st = optref_tsetup(&a, "momentum", NULL, "quad-0.1-2", both, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_tsetup(&b, "gd", NULL, "quad-0.1-2", "eta=0.4", err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&ra, a, OPTREF_DOUBLE, 53, NULL);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&rb, b, OPTREF_DOUBLE, 53, NULL);
    optref_tpart *p = optref_tpart_new(r, OPTREF_LE, expect, "max ULPs(x_mom, x_gd)", "0",
                                       "momentum %s eta=0.4 against gd eta=0.4, double, quad-0.1-2", items);
    mpfr_t m, z;
    mpfr_inits2(P, m, z, (mpfr_ptr)0);
    mpfr_set_ui(z, 0, MPFR_RNDN);
    for (long t = 1; st == OPTREF_SUCCESS && p && t <= 200; t++) {
        optref_run_step(ra);
        optref_run_step(rb);
        double u = 0, xa, xb;
        for (size_t i = 0; i < 2; i++) {
            optref_run_value(ra, "x", i, &xa);
            optref_run_value(rb, "x", i, &xb);
            double d = memcmp(&xa, &xb, sizeof xa) == 0 ? 0 : optref_ulp_distance(xa, xb, &optref_binary64);
            u = d > u ? d : u;
        }
        mpfr_set_d(m, u, MPFR_RNDN);
        optref_tpart_add(p, t, m, z);
    }
    if (p)
        optref_tpart_end(p);
    mpfr_clears(m, z, (mpfr_ptr)0);
    optref_run_free(ra);
    optref_run_free(rb);
    optref_setup_free(a);
    optref_setup_free(b);
    return st;
}

/* |q_t / scale − closed(t)| against 2^−200 for an MPFR run of alg on spec;
 * closed(t) = (1 − γ^t)/div (div = 1 − γ: the geometric sum; div = 1: the
 * EWMA's weights), or 1/div alone when `limit` (the slide's reading). */
static optref_status closed_form(optref_treport *r, const char *alg, const char *items, const char *q,
                                 double scale, double gamma, int div, int limit, const char *mhead,
                                 const char *bhead, char *err, size_t errlen)
{
    optref_setup *s = NULL;
    optref_run *run = NULL;
    optref_status st = optref_tsetup(&s, alg, NULL, "linear:c=1,x0=0", items, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&run, s, OPTREF_MPFR, P, NULL);
    optref_tpart *p = optref_tpart_new(r, OPTREF_LE, !limit, mhead, bhead, "%s %s on linear:c=1 (g = 1)", alg,
                                       items);
    mpfr_t g, gt, c, m, tol;
    mpfr_inits2(P, g, gt, c, m, tol, (mpfr_ptr)0);
    mpfr_set_d(g, gamma, MPFR_RNDN);
    mpfr_set_ui(gt, 1, MPFR_RNDN);
    mpfr_set_ui_2exp(tol, 1, -200, MPFR_RNDN);
    size_t qv = st == OPTREF_SUCCESS ? optref_quantity_from_name(s, q)->offset : 0;
    for (long t = 1; st == OPTREF_SUCCESS && p && t <= 200; t++) {
        optref_run_step(run);
        mpfr_mul(gt, gt, g, MPFR_RNDN);
        if (limit && div) { /* the slide's reading: 1/(1 − γ) */
            mpfr_ui_sub(c, 1, g, MPFR_RNDN);
            mpfr_ui_div(c, 1, c, MPFR_RNDN);
        } else if (limit) { /* the slide's reading: weights summing to 1 */
            mpfr_set_ui(c, 1, MPFR_RNDN);
        } else { /* 1 − γ^t, over 1 − γ for the geometric sum */
            mpfr_ui_sub(c, 1, gt, MPFR_RNDN);
            mpfr_ui_sub(m, 1, g, MPFR_RNDN);
            if (div)
                mpfr_div(c, c, m, MPFR_RNDN);
        }
        mpfr_div_d(m, optref_run_get_mp(run, qv), scale, MPFR_RNDN);
        mpfr_sub(m, m, c, MPFR_RNDN);
        mpfr_abs(m, m, MPFR_RNDN);
        optref_tpart_add(p, t, m, tol);
    }
    if (p)
        optref_tpart_end(p);
    mpfr_clears(g, gt, c, m, tol, (mpfr_ptr)0);
    optref_run_free(run);
    optref_setup_free(s);
    return st;
}

static optref_status momentum_facts_run(optref_treport *r, char *err, size_t errlen)
{
    optref_status st = same_bits(r, "gamma=0", 1, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = same_bits(r, "gamma=0x1p-20", 0, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = closed_form(r, "momentum", "eta=0.1 gamma=0.9", "v", 0.1, 0.9, 1, 0,
                         "|v_t/(ηg) − (1 − γ^t)/(1 − γ)|", "2^−200", err, errlen);
    if (st == OPTREF_SUCCESS)
        st = closed_form(r, "momentum", "eta=0.1 gamma=0.9", "v", 0.1, 0.9, 1, 1, "|v_t/(ηg) − 1/(1 − γ)|",
                         "2^−200", err, errlen);
    if (st == OPTREF_SUCCESS)
        st = closed_form(r, "rmsprop", "eta=0.1 gamma=0.9", "s", 1, 0.9, 0, 0, "|s_t − (1 − γ^t)|", "2^−200",
                         err, errlen);
    if (st == OPTREF_SUCCESS)
        st = closed_form(r, "rmsprop", "eta=0.1 gamma=0.9", "s", 1, 0.9, 0, 1, "|s_t − 1|", "2^−200", err,
                         errlen);
    optref_tnote(r, "controls: γ = 2^−20 is not GD; η/(1 − γ) is the limit of the step, not the step; "
                    "the EWMA's weights sum to 1 − γ^t, not to 1 as Lecture 11.5's RMSProp slide says");
    return st;
}

const optref_claim optref_claim_momentum_facts = {
    .name = "momentum-facts",
    .title = "momentum with γ = 0 is GD; effective step η/(1 − γ); EWMA weights sum to 1 − γ^t",
    .source = "Lecture 11.5, momentum (v_t expanded) and RMSProp (s_t expanded); D2L 12.6, 12.8",
    .problem = "quad-0.1-2",
    .candidate = "(not applicable: facts about optref's own implementations)",
    .run = momentum_facts_run,
    .judge = NULL,
};
