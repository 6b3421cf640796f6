/* theory_rates.c: convergence rates of gradient descent and Nesterov's method
 * (claims 1-3 of the theory issue).
 *
 *   gd-linear      STATS 403 lecture 2, slide "2.1 optimization methods":
 *                  f(x_T) − f* <= (1 − α/β)^T (f(x_0) − f*), α <= λ(∇²f) <= β.
 *                  Slip: the slide states the rate without the step it needs;
 *                  it holds for η = 1/β (Karimi, Nutini & Schmidt 2016,
 *                  Theorem 1 (unconfirmed), under the weaker PL condition).  The control:
 *                  η = 1/(4β) crosses the envelope.
 *   gd-sublinear   STATS 403, slide "Theorem": f(x_k) − f* = O(1/k); with its
 *                  constant, for convex L-smooth f and η = 1/L,
 *                  f(x_k) − f* <= L‖x_0 − x*‖²/(2k) (Beck & Teboulle 2009,
 *                  Theorem 3.1 (unconfirmed), with g = 0).
 *   nesterov-rate  STATS 403, slides "Nesterov's acceleration" and "Theorem":
 *                  f(x_k) − f* <= 2‖x_0 − x*‖²/(s(k+1)²) for s <= 1/L (Su,
 *                  Boyd & Candès 2016, Theorem 6 (unconfirmed; a
 *                  formalisation of arXiv:1503.01243v2 puts Theorem 6 in
 *                  §4.1, their generalised scheme, under the standing
 *                  assumption r > 3: whether it covers r = 3, this bound,
 *                  is unconfirmed); Beck & Teboulle 2009, FISTA), x_k
 *                  the gradient-step sequence: optref's u (ref/alg/nesterov.c).
 *                  On Nesterov's worst function (ref/problem/worst.c) plain
 *                  GD crosses this envelope and Nesterov stays under it; on a
 *                  well-conditioned quadratic GD passes too, so a check there
 *                  cannot tell an accelerated method from a plain one.
 *   nesterov-lower Nesterov, Introductory Lectures, Theorem 2.1.7: for k <=
 *                  (n − 1)/2, on f_{2k+1} started at 0, any method whose x_k
 *                  lies in x_0 + span{∇f(x_0), ..., ∇f(x_{k−1})} has
 *                  f(x_k) − f* >= 3L‖x_0 − x*‖²/(32(k+1)²).
 *                  READ IT RIGHT: the function depends on k.  On one fixed
 *                  f_{2k+1} the bound is claimed at that k only; applied at
 *                  every k of one function it is a misreading, and it fails
 *                  at once (Nesterov goes under it a few steps later): the
 *                  third part of this claim shows it.
 *
 * Exact constants.  Quadratics "quad:n=N,cond=K": L = K and μ = 1 exactly
 * (a_i in binary64, f* = 0, x* = 0).  Worst function f_k: x*_i = (k − i)/(k+1)
 * (0-based i < k), f* = −Lk/(8(k+1)), in MPFR from n, k, L.  f is evaluated
 * by the problem's own MPFR instantiation at 256 bits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "theory.h"

#define P OPTREF_TPREC

enum { K_LINEAR, K_SUBLINEAR, K_NESTEROV, K_LOWER };

/* What a judgment needs: the problem's f at any point, x*, f*, L, μ. */
typedef struct {
    optref_setup *s;    /* gd on the problem: its run evaluates f */
    optref_run *ev;
    size_t n, qx, qf;
    mpfr_t *xs, *x;
    mpfr_t fstar, L, mu, f0, d2, m, b, t1;
} rctx;

static void rctx_free(rctx *c)
{
    for (size_t i = 0; i < c->n && c->xs; i++) {
        mpfr_clear(c->xs[i]);
        mpfr_clear(c->x[i]);
    }
    free(c->xs);
    free(c->x);
    mpfr_clears(c->fstar, c->L, c->mu, c->f0, c->d2, c->m, c->b, c->t1, (mpfr_ptr)0);
    optref_run_free(c->ev);
    optref_setup_free(c->s);
}

/* x* and f* exactly, for the two families the claims use. */
static void exact_min(rctx *c, const optref_problem *p)
{
    int worst = strcmp(optref_problem_family(p)->name, "worst") == 0;
    size_t k = worst ? (size_t)p->coef[2] : 0;
    mpfr_set_d(c->L, p->L, MPFR_RNDN);
    mpfr_set_d(c->mu, isnan(p->mu) ? 0 : p->mu, MPFR_RNDN);
    mpfr_set_ui(c->fstar, 0, MPFR_RNDN);
    for (size_t i = 0; i < c->n; i++) {
        mpfr_set_ui(c->xs[i], worst && i < k ? k - i : 0, MPFR_RNDN);
        mpfr_div_ui(c->xs[i], c->xs[i], worst ? k + 1 : 1, MPFR_RNDN);
    }
    if (worst) { /* −Lk/(8(k+1)) */
        mpfr_mul_ui(c->fstar, c->L, k, MPFR_RNDN);
        mpfr_div_ui(c->fstar, c->fstar, 8 * (k + 1), MPFR_RNDN);
        mpfr_neg(c->fstar, c->fstar, MPFR_RNDN);
    }
}

static optref_status rctx_new(rctx *c, const char *spec, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    mpfr_inits2(P, c->fstar, c->L, c->mu, c->f0, c->d2, c->m, c->b, c->t1, (mpfr_ptr)0);
    optref_status st = optref_setup_new(&c->s, "gd", NULL, spec, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_setup_set(c->s, "eta=1", err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_run_new(&c->ev, c->s, OPTREF_MPFR, P, NULL);
    if (st != OPTREF_SUCCESS)
        return st;
    const optref_problem *p = optref_setup_problem(c->s);
    c->n = optref_problem_dim(p);
    c->qx = optref_quantity_from_name(c->s, "x")->offset;
    c->qf = optref_quantity_from_name(c->s, "f")->offset;
    c->xs = malloc(c->n * sizeof *c->xs);
    c->x = malloc(c->n * sizeof *c->x);
    if (!c->xs || !c->x)
        return OPTREF_ENOMEM;
    for (size_t i = 0; i < c->n; i++) {
        mpfr_init2(c->xs[i], P);
        mpfr_init2(c->x[i], P);
    }
    exact_min(c, p);
    return OPTREF_SUCCESS;
}

/* c->m = f(x) − f*, x = c->x. */
static void gap(rctx *c)
{
    for (size_t i = 0; i < c->n; i++)
        optref_run_set_mp(c->ev, c->qx + i, c->x[i]);
    optref_run_eval_f(c->ev, 1);
    mpfr_sub(c->m, optref_run_get_mp(c->ev, c->qf), c->fstar, MPFR_RNDN);
}

/* c->b = the bound at step k, with step s (η or s of the theorem). */
static void bound(rctx *c, int kind, long k, double s)
{
    switch (kind) {
    case K_LINEAR: /* (1 − μ/L)^k (f(x0) − f*) */
        mpfr_div(c->b, c->mu, c->L, MPFR_RNDN);
        mpfr_ui_sub(c->b, 1, c->b, MPFR_RNDN);
        mpfr_pow_ui(c->b, c->b, (unsigned long)k, MPFR_RNDN);
        mpfr_mul(c->b, c->b, c->f0, MPFR_RNDN);
        break;
    case K_SUBLINEAR: /* L‖x0 − x*‖²/(2k) */
        mpfr_mul(c->b, c->L, c->d2, MPFR_RNDN);
        mpfr_div_ui(c->b, c->b, 2 * (unsigned long)k, MPFR_RNDN);
        break;
    case K_NESTEROV: /* 2‖x0 − x*‖²/(s(k+1)²) */
        mpfr_mul_ui(c->b, c->d2, 2, MPFR_RNDN);
        mpfr_div_d(c->b, c->b, s, MPFR_RNDN);
        mpfr_div_ui(c->b, c->b, (unsigned long)(k + 1), MPFR_RNDN);
        mpfr_div_ui(c->b, c->b, (unsigned long)(k + 1), MPFR_RNDN);
        break;
    default: /* 3L‖x0 − x*‖²/(32(k+1)²) */
        mpfr_mul(c->b, c->L, c->d2, MPFR_RNDN);
        mpfr_mul_ui(c->b, c->b, 3, MPFR_RNDN);
        mpfr_div_ui(c->b, c->b, 32, MPFR_RNDN);
        mpfr_div_ui(c->b, c->b, (unsigned long)(k + 1), MPFR_RNDN);
        mpfr_div_ui(c->b, c->b, (unsigned long)(k + 1), MPFR_RNDN);
    }
}

/* Reads the source to its end and judges every step (only = −1), or step
 * `only` alone (the lower bound on the function built for it). */
static optref_status judge_src(rctx *c, optref_tsource *src, optref_tpart *part, int kind, double s, long only,
                               char *err, size_t errlen)
{
    if (src->n != c->n) {
        snprintf(err, errlen, "the trajectory has %zu coordinates, the problem %zu", src->n, c->n);
        return OPTREF_EDIM;
    }
    long t = 0;
    for (;; t++) {
        int got = src->next(src, t, c->x, err, errlen);
        if (got < 0)
            return OPTREF_EFORMAT;
        if (got == 0)
            break;
        gap(c);
        if (t == 0) {
            mpfr_set(c->f0, c->m, MPFR_RNDN);
            mpfr_set_ui(c->d2, 0, MPFR_RNDN);
            for (size_t i = 0; i < c->n; i++) {
                mpfr_sub(c->t1, c->x[i], c->xs[i], MPFR_RNDN);
                mpfr_fma(c->d2, c->t1, c->t1, c->d2, MPFR_RNDN);
            }
            continue;
        }
        if (only >= 0 && t != only)
            continue;
        bound(c, kind, t, s);
        optref_tpart_add(part, t, c->m, c->b);
    }
    optref_tpart_end(part);
    if (t < 2) {
        snprintf(err, errlen, "%s: no steps after t = 0", part->what);
        return OPTREF_EFORMAT;
    }
    return OPTREF_SUCCESS;
}

/* One part: algorithm `alg` (items) on spec, its quantity q judged. */
static optref_status part_run(optref_treport *r, const char *spec, const char *alg, const char *variant,
                              const char *items, const char *q, long steps, int kind, double s, long only,
                              int expect, const char *mhead, const char *bhead, char *err, size_t errlen)
{
    rctx c;
    optref_setup *su = NULL;
    optref_tsource src = { 0 };
    optref_status st = rctx_new(&c, spec, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_tsetup(&su, alg, variant, spec, items, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = optref_tsource_run(&src, su, q, steps);
    optref_tpart *part = optref_tpart_new(r, kind == K_LOWER ? OPTREF_GE : OPTREF_LE, expect, mhead, bhead,
                                          "%s%s%s %s on %s%s", alg, variant ? " " : "", variant ? variant : "",
                                          items, spec, strcmp(q, "x") ? " (its u)" : "");
    if (st == OPTREF_SUCCESS && part)
        st = judge_src(&c, &src, part, kind, s, only, err, errlen);
    optref_tsource_free(&src);
    optref_setup_free(su);
    rctx_free(&c);
    return st;
}

/* A candidate's trajectory on the claim's problem. */
static optref_status judge_cand(const optref_claim *cl, optref_tsource *src, optref_treport *r, int kind,
                                double s, long only, const char *mhead, const char *bhead, char *err,
                                size_t errlen)
{
    rctx c;
    optref_status st = rctx_new(&c, cl->problem, err, errlen);
    optref_tpart *part = optref_tpart_new(r, kind == K_LOWER ? OPTREF_GE : OPTREF_LE, 1, mhead, bhead,
                                          "the candidate on %s", cl->problem);
    if (st == OPTREF_SUCCESS)
        st = judge_src(&c, src, part, kind, s, only, err, errlen);
    rctx_free(&c);
    return st;
}

/* ---- 1. GD, strongly convex: linear rate ---------------------------------- */

#define LIN_SPEC "quad:n=100,cond=16"
static const char lin_m[] = "f(x_k) − f*", lin_b[] = "(1 − μ/L)^k (f(x_0) − f*)";

static optref_status gd_linear_run(optref_treport *r, char *err, size_t errlen)
{
    optref_status st = part_run(r, LIN_SPEC, "gd", NULL, "eta=0.0625", "x", 300, K_LINEAR, 0, -1, 1, lin_m,
                                lin_b, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = part_run(r, LIN_SPEC, "gd", NULL, "eta=0.015625", "x", 300, K_LINEAR, 0, -1, 0, lin_m, lin_b, err,
                      errlen);
    optref_tnote(r, "L = 16, μ = 1 (eigenvalues of ∇²f evenly from 1 to 16); η = 1/L holds the rate, "
                    "η = 1/(4L) (the control) crosses it: the slide omits the step the rate needs");
    return st;
}

static optref_status gd_linear_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    return judge_cand(&optref_claim_gd_linear, src, r, K_LINEAR, 0, -1, lin_m, lin_b, err, errlen);
}

const optref_claim optref_claim_gd_linear = {
    .name = "gd-linear",
    .title = "GD, μ-strongly convex and L-smooth, η = 1/L: linear rate",
    .source = "STATS 403 lecture 2, \"2.1 optimization methods\"; Karimi, Nutini & Schmidt 2016, Theorem 1 (unconfirmed)",
    .problem = LIN_SPEC,
    .candidate = "x_k of any method from any x_0 on " LIN_SPEC,
    .run = gd_linear_run,
    .judge = gd_linear_judge,
};

/* ---- 2. GD, convex: O(1/k) ---------------------------------------------- */

#define SUB_SPEC "worst:n=201"
#define SUB_SPEC2 "quad:a=0.5,8,x0=1,1"
static const char sub_m[] = "f(x_k) − f*", sub_b[] = "L‖x_0 − x*‖²/(2k)";

static optref_status gd_sublinear_run(optref_treport *r, char *err, size_t errlen)
{
    optref_status st = part_run(r, SUB_SPEC, "gd", NULL, "eta=1", "x", 1000, K_SUBLINEAR, 0, -1, 1, sub_m,
                                sub_b, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = part_run(r, SUB_SPEC2, "gd", NULL, "eta=0.0625", "x", 1000, K_SUBLINEAR, 0, -1, 1, sub_m, sub_b, err,
                      errlen);
    if (st == OPTREF_SUCCESS)
        st = part_run(r, SUB_SPEC2, "gd", NULL, "eta=0.00390625", "x", 1000, K_SUBLINEAR, 0, -1, 0, sub_m, sub_b,
                      err, errlen);
    optref_tnote(r, "f_201 (L = 1, x_0 = 0) and 0.5x_1² + 8x_2² (L = 16): η = 1/L holds the bound; the "
                    "control η = 1/(16L) crosses it (on a·x², GD with η = 1/(cL) reaches c/(2e) times the "
                    "bound), so the constant is checked, not only the order 1/k");
    return st;
}

static optref_status gd_sublinear_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    return judge_cand(&optref_claim_gd_sublinear, src, r, K_SUBLINEAR, 0, -1, sub_m, sub_b, err, errlen);
}

const optref_claim optref_claim_gd_sublinear = {
    .name = "gd-sublinear",
    .title = "GD, convex and L-smooth, η = 1/L: f(x_k) − f* <= L‖x_0 − x*‖²/(2k)",
    .source = "STATS 403 lecture 2, \"Theorem\" (O(1/k)); Beck & Teboulle 2009, Theorem 3.1 (unconfirmed)",
    .problem = SUB_SPEC,
    .candidate = "x_k of any method on " SUB_SPEC,
    .run = gd_sublinear_run,
    .judge = gd_sublinear_judge,
};

/* ---- 3. Nesterov: O(1/k²), and where it discriminates ---------------------- */

#define NES_SPEC "worst:n=1001"
static const char nes_m[] = "f(x_k) − f*", nes_b[] = "2‖x_0 − x*‖²/(s(k+1)²)";

optref_status optref_theory_nesterov_worst(optref_treport *r, size_t n, long steps, char *err, size_t errlen)
{
    char spec[64];
    snprintf(spec, sizeof spec, "worst:n=%zu", n);
    optref_status st = part_run(r, spec, "nesterov", "ux", "beta=1", "u", steps, K_NESTEROV, 1, -1, 1, nes_m,
                                nes_b, err, errlen);
    if (st == OPTREF_SUCCESS)
        st = part_run(r, spec, "gd", NULL, "eta=1", "x", steps, K_NESTEROV, 1, -1, 0, nes_m, nes_b, err, errlen);
    optref_tnote(r, "Nesterov's worst function f_%zu, L = 1, s = 1/L, x_0 = 0: Nesterov stays under the "
                    "envelope, plain GD (the control) crosses it; on a well-conditioned quadratic both stay "
                    "under, and the check could not tell them apart", n);
    return st;
}

static optref_status nesterov_rate_run(optref_treport *r, char *err, size_t errlen)
{
    optref_status st = optref_theory_nesterov_worst(r, 1001, 1000, err, errlen);
    optref_tnote(r, "x_k is the gradient-step sequence of Su, Boyd & Candès (optref's u); a candidate file "
                    "gives it as x[i]");
    return st;
}

static optref_status nesterov_rate_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    return judge_cand(&optref_claim_nesterov_rate, src, r, K_NESTEROV, 1, -1, nes_m, nes_b, err, errlen);
}

const optref_claim optref_claim_nesterov_rate = {
    .name = "nesterov-rate",
    .title = "Nesterov, convex and L-smooth, s = 1/L: f(x_k) − f* <= 2‖x_0 − x*‖²/(s(k+1)²)",
    .source = "STATS 403 lecture 2, \"Nesterov's acceleration\", \"Theorem\"; Su, Boyd & Candès 2016, Theorem 6 (unconfirmed)",
    .problem = NES_SPEC,
    .candidate = "the gradient-step iterates x_k (optref's u) of a method with s = 1/L on " NES_SPEC,
    .run = nesterov_rate_run,
    .judge = nesterov_rate_judge,
};

/* ---- 3b. The lower bound, on the function built for each k ---------------- */

#define LOW_SPEC "worst:n=21"
static const char low_m[] = "f(x_k) − f*", low_b[] = "3L‖x_0 − x*‖²/(32(k+1)²)";

/* One part over many k: f_{2k+1} on n = 2k + 1 for each k, step k judged. */
static optref_status lower_many(optref_treport *r, const char *alg, const char *variant, const char *items,
                                const char *q, char *err, size_t errlen)
{
    static const long ks[] = { 1, 2, 3, 5, 10, 20, 50, 100, 200 };
    optref_tpart *part = optref_tpart_new(r, OPTREF_GE, 1, low_m, low_b, "%s%s%s %s on f_{2k+1}, n = 2k+1%s",
                                          alg, variant ? " " : "", variant ? variant : "", items,
                                          strcmp(q, "x") ? " (its u)" : "");
    for (size_t j = 0; j < OPTREF_COUNT(ks) && part; j++) {
        char spec[64];
        optref_treport one = { 0 };
        snprintf(spec, sizeof spec, "worst:n=%ld", 2 * ks[j] + 1);
        optref_status st = part_run(&one, spec, alg, variant, items, q, ks[j], K_LOWER, 1, ks[j], 1, low_m, low_b,
                                    err, errlen);
        if (st != OPTREF_SUCCESS)
            return st;
        optref_tpoint pt = one.part[0].pt[one.part[0].npt - 1];
        part->nchecked++;
        if (!pt.ok && part->nviol++ == 0)
            part->first_viol = pt.k;
        part->last = pt;
        if (part->npt < OPTREF_TPOINTS)
            part->pt[part->npt++] = pt;
    }
    if (part)
        optref_tpart_end(part);
    return OPTREF_SUCCESS;
}

static optref_status nesterov_lower_run(optref_treport *r, char *err, size_t errlen)
{
    optref_status st = lower_many(r, "gd", NULL, "eta=1", "x", err, errlen);
    if (st == OPTREF_SUCCESS)
        st = lower_many(r, "nesterov", "ux", "beta=1", "u", err, errlen);
    if (st == OPTREF_SUCCESS)
        st = part_run(r, LOW_SPEC, "nesterov", "ux", "beta=1", "u", 200, K_LOWER, 1, -1, 0, low_m, low_b, err,
                      errlen);
    optref_tnote(r, "the function depends on k: on one fixed f_{2k+1} the bound is claimed at that k only "
                    "(k = 10 on %s).  The third part applies it at every k of one fixed function: that is a "
                    "misreading of the theorem, and it fails", LOW_SPEC);
    return st;
}

static optref_status nesterov_lower_judge(optref_tsource *src, optref_treport *r, char *err, size_t errlen)
{
    src->min_steps = 10;
    optref_status st = judge_cand(&optref_claim_nesterov_lower, src, r, K_LOWER, 1, 10, low_m, low_b, err, errlen);
    optref_tnote(r, "judged at k = 10 only, the step f_21 was built for (Theorem 2.1.7 with n = 2k + 1)");
    return st;
}

const optref_claim optref_claim_nesterov_lower = {
    .name = "nesterov-lower",
    .title = "first-order lower bound on f_{2k+1}: f(x_k) − f* >= 3L‖x_0 − x*‖²/(32(k+1)²)",
    .source = "Nesterov 2004, Introductory Lectures, 2.1.2, Theorem 2.1.7",
    .problem = LOW_SPEC,
    .candidate = "x_k from x_0 = 0 of a method whose x_k lies in the span of its past gradients, on " LOW_SPEC
                 "; judged at k = 10",
    .run = nesterov_lower_run,
    .judge = nesterov_lower_judge,
};
