/* test_bound.c: soundness of the rounding bound (ref/core/arith_fb.h), one
 * step at a time, against independent evaluations.
 *
 * For each algorithm (variant) of algs[] below, in f64, f32, bf16 and f16,
 * with the model's any = 0 and any = 1: N samples (argument; default 10^4
 * per algorithm × format × any; suite slow: 10^6, OPTREF_SLOW=1, and the
 * variants marked slow), and first the fixed samples of fixed_samples[]:
 *  1. random inputs of F at t − 1 (x, the state, the gradient c of
 *     linear:c, t from 1..5 and up to 10^4, hyper-parameters: β near 1 and
 *     anything in [0, 1), ε of 1, 1e-30, F's subnormals, 0 and the default),
 *     with hard cases: a moving average that nearly cancels, x as large as
 *     its update (x_t near 0), zeros, subnormals; a lecture algorithm's
 *     hyper-parameters rounded to F, or (verify-step --hparams either) held
 *     as given, either way;
 *  2. one fb step from them (as ref/oracle/verify.c's fb_step): v, d and e of
 *     every quantity the step writes (x, the state, m̂ and v̂, g);
 *  3. the step transcribed here from its source (each line's formula: the
 *     paper's, or torch 1.13's _single_tensor_* for a flavor; each line's
 *     order, for any = 0, optref's, which its comments give), as lines of
 *     +, −, ×, ÷, √, evaluated
 *       - exactly in MPFR: sums and products exact (up to 2200 bits), ÷ and
 *         √ to 2^-320 relative (2^-1200 in the slow run and the fixed
 *         samples), that error allowed for in every comparison;
 *       - as every implementation of the model: each operation correctly
 *         rounded to F (F's precision, exponent range and subnormals), for
 *         p < 24 also through binary32 first (RN_F(RN_32(·)), the 16-bit
 *         kernels' opmath), each product that feeds a sum also fused (FMA),
 *         and with any = 1 every association of each line's sums and
 *         products; where a later line reads two values derived from one
 *         line, that line's values are taken one at a time (one
 *         implementation computes one of them);
 *  4. |ĉ − c| <= e for every such ĉ, |c − v| <= d, and no finite e where c
 *     is undefined (√ of a negative, 0/0);
 *  5. how often some ĉ lies beyond e/2: a bound half as large would fail
 *     there, so that count must be > 0 for every algorithm, format and any
 *     (else the bound is loose there: "LOOSE", and the test fails).
 * A sample where fb reports a comparison that could go either way
 * (optref_fb_unproved) claims nothing and is only counted.  Every count is
 * printed per algorithm, format and any; a violation also with its inputs
 * in hex.
 *
 * Sources of the transcriptions: Kingma & Ba 2015 Algorithm 1 (adam);
 * DS 4440 "Adam" (adam simplified); Loshchilov & Hutter 2019 Algorithms 1
 * and 2 (sgdw, adamw); Tieleman & Hinton, Lecture 6.5, and Goodfellow et al.
 * 8.5 (rmsprop); Zeiler 2012 Algorithm 1 (adadelta); Duchi et al. 2011 and
 * Goodfellow et al. Algorithm 8.4 (adagrad); Polyak's momentum as Lecture
 * 11.5 writes it; Goodfellow et al. Algorithm 8.1 (sgd); PyTorch 1.13.1
 * torch/optim/{adam,rmsprop,adadelta,sgd,adagrad}.py, _single_tensor_*, with
 * the constants as those files form them (Python floats: binary64 on the
 * host, ** faithful), then cast to F (or to binary32, the opmath of the
 * 16-bit CPU kernels' value= arguments), as the headers of ref/flavor/ say.
 * Also Reddi et al. 2018 Algorithm 2 (amsgrad, no projection); STATS 403 and
 * Sutskever et al. 2013 (nesterov ux, lookahead); torch 1.13.1 adamw.py and
 * adam.py with amsgrad; TensorFlow.js 4.22.0 dist/optimizers/NAME_optimizer.js
 * (rmsprop, adam, adagrad, adadelta, momentum); optax scale_by_rms and
 * scale_by_rss (rmsprop-optax, adagrad-optax): each as its flavor's header
 * states it, max(a, b) exact (E_MAX).
 * The state a lecture algorithm carries between steps (adam's β^t as running
 * products) is optref's: verify feeds the candidate's own at t − 1. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mpfr.h>

#include "ws_fb.h"

#define P_EXACT 2200 /* sums and products of the inputs here: exact */
/* Quotients and roots: 2^-P_DIV relative, exact when the result is
 * representable; 320 bits, 1200 in the slow run (to see d's errors below
 * binary64's least subnormal, where |c| is near 1). */
static mpfr_prec_t P_DIV = 320;

/* ---- random numbers (xorshift64, as test_fastpath_db.c) ------------------ */

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double unif(void) { return (double)(next() >> 11) * 0x1p-53; }
static int irand(int lo, int hi) { return lo + (int)(next() % (uint64_t)(hi - lo + 1)); }
static double sgn(void) { return next() & 1 ? -1.0 : 1.0; }

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return q;
}

/* ---- the format F in MPFR ------------------------------------------------ */

static const optref_format *F;      /* the sample's format */
static mpfr_exp_t emin0, emax0;     /* MPFR's own range, for the exact values */
static mpfr_t A_, B_, C_, T53, R53, RF, R32;

static void wide(void) { mpfr_set_emin(emin0), mpfr_set_emax(emax0); }
static void range_of(const optref_format *G) { mpfr_set_emin(G->emin), mpfr_set_emax(G->emax); }

/* d (a double: no MPFR variable out of range) rounded to nearest in G, G's
 * exponent range and subnormals (R: a variable of G's precision).  Between
 * G's least normal and 2^(emax − 1) that is RN to G's precision alone (no
 * range to switch: MPFR's range is thread-local, each switch costs). */
static double lo_F, hi_F, lo_32, hi_32; /* [least normal, 2^(emax − 1)) of F and of binary32 */
static double round_to(double d, const optref_format *G, mpfr_ptr R)
{
    double a = fabs(d), lo = G == F ? lo_F : lo_32, hi = G == F ? hi_F : hi_32;
    if (a >= lo && a < hi) {
        mpfr_set_d(R, d, MPFR_RNDN);
        return mpfr_get_d(R, MPFR_RNDN);
    }
    range_of(G);
    int inex = mpfr_set_d(R, d, MPFR_RNDN);
    inex = mpfr_check_range(R, inex, MPFR_RNDN);
    mpfr_subnormalize(R, inex, MPFR_RNDN);
    double r = mpfr_get_d(R, MPFR_RNDN);
    wide();
    return r;
}
static double rnF(double x) { return round_to(x, F, RF); }
static double rn32(double x) { return round_to(x, &optref_binary32, R32); }
/* A torch kernel's value= scalar: binary32 for 16-bit tensors, else F (ref/flavor/flavor.h). */
static double opmath(double x) { return F->prec < 24 ? rn32(x) : rnF(x); }

/* ---- value sets ----------------------------------------------------------- */

typedef struct {
    double *v;
    size_t n, cap;
} dset;

/* The same value, its sign of zero included; any NaN is any other. */
static int same(double a, double b) { return (a != a && b != b) || memcmp(&a, &b, sizeof a) == 0; }

static void ds_add(dset *s, double x)
{
    for (size_t i = 0; i < s->n; i++)
        if (same(s->v[i], x))
            return;
    if (s->n == s->cap)
        s->cap = s->cap ? 2 * s->cap : 8, s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    s->v[s->n++] = x;
}

/* Scratch sets, reused from evaluation to evaluation (their storage kept). */
static dset **pool;
static size_t npool, pused;
static dset *ds_new(void)
{
    if (pused == npool) {
        pool = xrealloc(pool, (npool + 64) * sizeof *pool);
        for (size_t i = npool; i < npool + 64; i++)
            pool[i] = calloc(1, sizeof **pool);
        npool += 64;
    }
    pool[pused]->n = 0;
    return pool[pused++];
}

/* ---- one operation of an implementation ---------------------------------- */

enum { OP_ADD, OP_MUL, OP_DIV, OP_SQRT, OP_FMA };


/* The reference: a ∘ b (c: the addend of an FMA) rounded to F in MPFR, into
 * out; for p < 24 also RN_F(RN_32(a ∘ b)).  F = binary64: MPFR in
 * binary64's range on its own values, subnormalized (MPFR's manual, "IEEE
 * 754 emulation").  p <= 24: the exact result rounded to odd at 53 bits in
 * MPFR's own range (it lies well inside binary64's normal range: operands
 * are values of F or of binary32), whose RN to F or binary32 is RN of the
 * exact result (Boldo & Melquiond 2008: 53 >= p + 2). */
static void fop_mp(int op, double a, double b, double c, double *r, double *r32)
{
    int p53 = F->prec >= 53, inex;
    mpfr_ptr T = p53 ? R53 : T53;
    mpfr_rnd_t rnd = p53 ? MPFR_RNDN : MPFR_RNDZ;
    if (p53)
        range_of(F);
    mpfr_set_d(A_, a, MPFR_RNDN);
    mpfr_set_d(B_, b, MPFR_RNDN);
    switch (op) {
    case OP_ADD: inex = mpfr_add(T, A_, B_, rnd); break;
    case OP_MUL: inex = mpfr_mul(T, A_, B_, rnd); break;
    case OP_DIV: inex = mpfr_div(T, A_, B_, rnd); break;
    case OP_SQRT: inex = mpfr_sqrt(T, A_, rnd); break;
    default: mpfr_set_d(C_, c, MPFR_RNDN), inex = mpfr_fma(T, A_, B_, C_, rnd); break;
    }
    if (p53) {
        mpfr_subnormalize(T, inex, MPFR_RNDN);
        *r = *r32 = mpfr_get_d(T, MPFR_RNDN);
        wide();
        return;
    }
    if (inex && mpfr_min_prec(T) < 53)
        mpfr_sgn(T) > 0 ? mpfr_nextabove(T) : mpfr_nextbelow(T);
    double d = mpfr_get_d(T, MPFR_RNDN);
    *r = rnF(d);
    *r32 = F->prec < 24 ? rnF(rn32(d)) : *r;
}

/* x rounded to nearest even in a format of precision p and MPFR exponent
 * range [emin, emax] (subnormals, overflow), where x = s + t exactly, s a
 * double and ts the sign of t (t below half a double's spacing at s): s and
 * x lie on the same side of every midpoint of the format (a double), so only
 * a midpoint s needs ts. */
static double pow2(int k) /* 2^k, k in [-1022, 1023] */
{
    uint64_t u = (uint64_t)(k + 1023) << 52;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}
/* (Here |s| lies in [2^-300, 2^300] and emax <= 128: every scaling is exact.)
 * *near: x lies within 2^(p−24) of F's spacing from a midpoint of F, the only
 * place where a rounding to binary32 first can change RN_F. */
static double rn_fmt(double s, int ts, int p, int emin, int emax, int *near)
{
    if (s == 0 || !isfinite(s))
        return *near = 0, s;
    uint64_t u;
    memcpy(&u, &s, sizeof u);
    int E = u >> 52 & 0x7ff ? (int)(u >> 52 & 0x7ff) - 1022 : ilogb(s) + 1; /* s = m·2^E, 1/2 <= |m| < 1 */
    int q = E - p;
    if (q < emin - 1)
        q = emin - 1;
    double a = fabs(s), y = a * pow2(-q), fl = (double)(int64_t)y, fr = y - fl; /* exact: y < 2^(p+1) */
    int up = fr > 0.5 || (fr == 0.5 && (ts != 0 ? (ts > 0) == (s > 0) : ((int64_t)fl & 1)));
    *near = fabs(fr - 0.5) <= pow2(p - 24);
    double r = (fl + up) * pow2(q);
    return copysign(r >= pow2(emax) ? INFINITY : r, s);
}

/* An implementation's operation: a ∘ b (c: an FMA's addend) rounded to F,
 * and for p < 24 also RN_F(RN_32(a ∘ b)), into out.  binary64: the host's
 * IEEE operations (-ffp-contract=off; fma() correctly rounded).  p <= 24
 * (operands of at most 24 bits, >= 2^-149): the exact result as s + t by
 * error-free transformations (products exact, TwoSum, the FMA residual of a
 * quotient or root), then rn_fmt.  Every 97th operation is recomputed in
 * MPFR (fop_mp), and any difference fails the test. */
static long nops, opcount, arith_checked, arith_bad;
static int valgrind; /* OPTREF_VALGRIND (meson's valgrind setup): a twentieth of the samples */
static void fop(int op, double a, double b, double c, dset *out)
{
    double r, r32 = 0;
    nops++;
    if ((op == OP_MUL || op == OP_FMA) && F->prec < 53 && isfinite(a * b) && fma(a, b, -(a * b)) != 0) {
        fop_mp(op, a, b, c, &r, &r32); /* a product not exact in binary64 (no operand here is one) */
    } else if (F->prec >= 53) {
        switch (op) {
        case OP_ADD: r = a + b; break;
        case OP_MUL: r = a * b; break;
        case OP_DIV: r = a / b; break;
        case OP_SQRT: r = sqrt(a); break;
        default:
            if (valgrind) /* valgrind's FMA loses the sign of an exact zero */
                fop_mp(op, a, b, c, &r, &r32);
            else
                r = fma(a, b, c);
            break;
        }
        r32 = r;
    } else {
        double s, t = 0, x, y, z;
        switch (op) {
        case OP_ADD: x = a, y = b; goto twosum;
        case OP_MUL: s = a * b; break;
        case OP_DIV:
            s = a / b;
            t = isfinite(s) && s != 0 ? fma(-s, b, a) * (b > 0 ? 1 : -1) : 0;
            break;
        case OP_SQRT: s = sqrt(a), t = isfinite(s) && s > 0 ? fma(-s, s, a) : 0; break;
        default: x = a * b, y = c; goto twosum;
        }
        goto rounded;
    twosum:
        s = x + y, z = s - x, t = (x - (s - z)) + (y - z);
        if (!isfinite(s))
            t = 0;
    rounded:;
        int ts = (t > 0) - (t < 0), near, n2;
        r = r32 = rn_fmt(s, ts, (int)F->prec, (int)F->emin, (int)F->emax, &near);
        if (F->prec < 24 && near)
            r32 = rn_fmt(rn_fmt(s, ts, 24, -148, 128, &n2), 0, (int)F->prec, (int)F->emin, (int)F->emax, &n2);
    }
    if (opcount++ % 97 == 0) {
        double m, m32;
        fop_mp(op, a, b, c, &m, &m32);
        arith_checked++;
        if (!same(m, r) || (F->prec < 24 && !same(m32, r32))) {
            if (arith_bad++ < 10)
                printf("ARITHMETIC %s op %d (%a, %a, %a): %a %a, MPFR %a %a\n", F->name, op, a, b, c, r, r32, m, m32);
        }
    }
    ds_add(out, r);
    if (F->prec < 24)
        ds_add(out, r32);
}

/* ---- lines: expressions, their exact values, their implementations ------- */

enum { E_IN, E_REF, E_SUM, E_PROD, E_SQRT, E_MAX };
typedef struct {
    int k;
    double v; /* E_IN: an exact input */
    int ref;  /* E_REF: a line */
    int a, b; /* E_SUM: a + s·b; E_PROD: a · b^s; E_SQRT: √a; E_MAX: max(a, b) (exact) */
    int s;
} ex;

typedef struct {
    uint64_t gen;
    dset *val;
    size_t np, npcap;
    dset **pa, **pb; /* E_PROD: the pairs whose product may be its last operation (for an FMA) */
} memo;

typedef struct {
    const char *q;    /* the fb quantity: "x", "g" or a state's name; NULL: a constant or scratch */
    int root;         /* -1: a host constant (given: truth and implementations) */
    uint64_t refs;    /* the lines it reads */
    double truth;
    dset given;
    mpfr_t c;         /* exact value */
    int rnd;          /* c was rounded (a quotient or root on the way): within 2^(emax − P_DIV + 8) */
    mpfr_exp_t emax;
    dset set;         /* the implementations' values */
    const double *view; /* what later lines read: set, or one of its values (branching) */
    size_t nview;
    int branch;       /* later lines combine two values derived from it: enumerate it */
    uint64_t anc;     /* lines it depends on, itself included */
} line;

static ex *E;
static memo *M;
static size_t ne, necap, nmemo;
static uint64_t gen; /* the current assignment: memo entries of another are stale */
static line **L; /* each line on its own: an mpfr_t is not moved */
static size_t nl, nlcap;
static double *refval; /* the value of each line in the current assignment */
static int any_order;

static int node(ex e)
{
    if (ne == necap) {
        necap = necap ? 2 * necap : 64;
        E = xrealloc(E, necap * sizeof *E);
    }
    E[ne] = e;
    return (int)ne++;
}
static int IN(double v) { return node((ex){ .k = E_IN, .v = v }); }
static int RF_(int l) { return node((ex){ .k = E_REF, .ref = l }); }
static int ADD(int a, int b) { return node((ex){ .k = E_SUM, .a = a, .b = b, .s = 1 }); }
static int SUB(int a, int b) { return node((ex){ .k = E_SUM, .a = a, .b = b, .s = -1 }); }
static int MUL(int a, int b) { return node((ex){ .k = E_PROD, .a = a, .b = b, .s = 1 }); }
static int DIV(int a, int b) { return node((ex){ .k = E_PROD, .a = a, .b = b, .s = -1 }); }
static int SQRT(int a) { return node((ex){ .k = E_SQRT, .a = a }); }
static int MAX(int a, int b) { return node((ex){ .k = E_MAX, .a = a, .b = b }); }

static line *new_line(const char *q)
{
    if (nl == nlcap) {
        size_t old = nlcap;
        nlcap = nlcap ? 2 * nlcap : 16;
        L = xrealloc(L, nlcap * sizeof *L);
        refval = xrealloc(refval, nlcap * sizeof *refval);
        for (size_t i = old; i < nlcap; i++) {
            L[i] = xrealloc(NULL, sizeof **L);
            *L[i] = (line){ 0 };
            mpfr_init2(L[i]->c, P_EXACT);
        }
    }
    line *l = L[nl];
    l->q = q, l->root = -1, l->given.n = 0, l->set.n = 0, l->branch = 0;
    return l;
}
static uint64_t refs_of(int k)
{
    const ex *e = &E[k];
    switch (e->k) {
    case E_IN: return 0;
    case E_REF: return (uint64_t)1 << e->ref;
    case E_SQRT: return refs_of(e->a);
    default: return refs_of(e->a) | refs_of(e->b);
    }
}

/* A line of the step: q ← expr, every operation of expr rounded. */
static int LINE(const char *q, int expr)
{
    line *l = new_line(q);
    l->root = expr;
    l->refs = refs_of(expr);
    return (int)nl++;
}
/* A host constant: the truth's value and every implementation's (ref/flavor/flavor.h). */
static int GIVEN(const char *q, double truth, const dset *impl)
{
    line *l = new_line(q);
    l->truth = truth, l->refs = 0;
    for (size_t i = 0; i < impl->n; i++)
        ds_add(&l->given, impl->v[i]);
    return (int)nl++;
}

static dset *ev(int k);

/* The sum's terms (any order: a chain of sums flattened), with signs. */
static void flat_sum(int k, int s, int *t, int *ts, int *n)
{
    if (E[k].k == E_SUM) {
        flat_sum(E[k].a, s, t, ts, n);
        flat_sum(E[k].b, s * E[k].s, t, ts, n);
        return;
    }
    if (*n >= 6) {
        fprintf(stderr, "a sum of more than 6 terms: widen flat_sum\n");
        exit(2);
    }
    t[*n] = k, ts[(*n)++] = s;
}
static void flat_prod(int k, int s, int *t, int *ts, int *n)
{
    if (E[k].k == E_PROD) {
        flat_prod(E[k].a, s, t, ts, n);
        flat_prod(E[k].b, s * E[k].s, t, ts, n);
        return;
    }
    if (*n >= 6) {
        fprintf(stderr, "a product of more than 6 factors: widen flat_prod\n");
        exit(2);
    }
    t[*n] = k, ts[(*n)++] = s;
}

static void add_pair(memo *m, dset *a, dset *b)
{
    if (m->np == m->npcap) {
        m->npcap = m->npcap ? 2 * m->npcap : 4;
        m->pa = xrealloc(m->pa, m->npcap * sizeof *m->pa);
        m->pb = xrealloc(m->pb, m->npcap * sizeof *m->pb);
    }
    m->pa[m->np] = a, m->pb[m->np++] = b;
}

static void all2(int op, const dset *a, const dset *b, dset *out)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            fop(op, a->v[i], b->v[j], 0, out);
}

/* x + y for x in a, y in b, and fused: p·q + y for each pair (p, q) whose
 * product is a's last operation (a term s·Π: the pairs of that product). */
static void sum2(const dset *a, const dset *b, dset *out)
{
    all2(OP_ADD, a, b, out);
}
static void fused(const memo *m, int s, const dset *y, dset *out)
{
    for (size_t k = 0; k < m->np; k++)
        for (size_t i = 0; i < m->pa[k]->n; i++)
            for (size_t j = 0; j < m->pb[k]->n; j++)
                for (size_t l = 0; l < y->n; l++)
                    fop(OP_FMA, s * m->pa[k]->v[i], m->pb[k]->v[j], y->v[l], out);
}
static dset *negated(const dset *a, int s)
{
    if (s > 0)
        return (dset *)a;
    dset *r = ds_new();
    for (size_t i = 0; i < a->n; i++)
        ds_add(r, -a->v[i]);
    return r;
}

/* A sum in the line's order: a + s·b, either product fused. */
static void sum_fixed(int k, dset *out)
{
    const ex *e = &E[k];
    dset *a = ev(e->a), *b = negated(ev(e->b), e->s);
    sum2(a, b, out);
    if (E[e->a].k == E_PROD)
        fused(&M[e->a], 1, b, out);
    if (E[e->b].k == E_PROD)
        fused(&M[e->b], e->s, a, out);
}

/* A sum in any association: every binary tree over its terms (subsets),
 * a single product term fused with the rest. */
static void sum_any(int k, dset *out)
{
    int t[6], ts[6], n = 0;
    flat_sum(k, 1, t, ts, &n);
    dset *V[64] = { 0 };
    for (int i = 0; i < n; i++)
        V[1 << i] = negated(ev(t[i]), ts[i]);
    int full = (1 << n) - 1;
    for (int mask = 1; mask <= full; mask++) {
        if (!(mask & (mask - 1)))
            continue;
        dset *r = mask == full ? out : ds_new();
        int low = mask & -mask;
        for (int A = (mask - 1) & mask; A; A = (A - 1) & mask) {
            if (!(A & low))
                continue;
            int B = mask ^ A;
            sum2(V[A], V[B], r);
            for (int side = 0; side < 2; side++) {
                int one = side ? B : A, rest = side ? A : B;
                if (!(one & (one - 1))) {
                    int i = 0;
                    while (!(one >> i & 1))
                        i++;
                    if (E[t[i]].k == E_PROD)
                        fused(&M[t[i]], ts[i], V[rest], r);
                }
            }
        }
        V[mask] = r;
    }
}

static void prod_fixed(int k, dset *out)
{
    const ex *e = &E[k];
    dset *a = ev(e->a), *b = ev(e->b);
    all2(e->s > 0 ? OP_MUL : OP_DIV, a, b, out);
    if (e->s > 0)
        add_pair(&M[k], a, b);
}

/* A product in any association: Vp[S] = Π over S of f^e (S holds a
 * numerator), Vd[S] = Π over S of f (S divisors only); a divisor enters
 * only through a division by a product of divisors. */
static void prod_any(int k, dset *out)
{
    int t[6], ts[6], n = 0;
    flat_prod(k, 1, t, ts, &n);
    dset *Vp[64] = { 0 }, *Vd[64] = { 0 };
    for (int i = 0; i < n; i++)
        (ts[i] > 0 ? Vp : Vd)[1 << i] = ev(t[i]);
    int full = (1 << n) - 1;
    for (int mask = 1; mask <= full; mask++) {
        if (!(mask & (mask - 1)))
            continue;
        dset *p = mask == full ? out : ds_new(), *d = ds_new();
        int low = mask & -mask;
        for (int A = (mask - 1) & mask; A; A = (A - 1) & mask) {
            if (!(A & low))
                continue;
            int B = mask ^ A;
            if (Vp[A] && Vp[B]) {
                all2(OP_MUL, Vp[A], Vp[B], p);
                if (mask == full)
                    add_pair(&M[k], Vp[A], Vp[B]);
            }
            if (Vp[A] && Vd[B])
                all2(OP_DIV, Vp[A], Vd[B], p);
            if (Vp[B] && Vd[A])
                all2(OP_DIV, Vp[B], Vd[A], p);
            if (Vd[A] && Vd[B])
                all2(OP_MUL, Vd[A], Vd[B], d);
        }
        Vp[mask] = p->n ? p : NULL;
        Vd[mask] = d->n ? d : NULL;
    }
}

static dset *ev(int k)
{
    memo *m = &M[k];
    if (m->gen == gen)
        return m->val;
    m->gen = gen, m->np = 0;
    dset *out = ds_new();
    const ex *e = &E[k];
    switch (e->k) {
    case E_IN: ds_add(out, e->v); break;
    case E_REF: ds_add(out, refval[e->ref]); break;
    case E_SQRT: {
        dset *a = ev(e->a);
        for (size_t i = 0; i < a->n; i++)
            fop(OP_SQRT, a->v[i], 0, 0, out);
        break;
    }
    case E_MAX: { /* exact, NaN propagating (torch.maximum); max(−0, +0) = +0 */
        dset *a = ev(e->a), *b = ev(e->b);
        for (size_t i = 0; i < a->n; i++)
            for (size_t j = 0; j < b->n; j++) {
                double x = a->v[i], y = b->v[j];
                ds_add(out, x != x || y != y ? NAN : x > y ? x : y > x ? y : signbit(x) ? y : x);
            }
        break;
    }
    case E_SUM: any_order ? sum_any(k, out) : sum_fixed(k, out); break;
    default: any_order ? prod_any(k, out) : prod_fixed(k, out); break;
    }
    m->val = out;
    return out;
}

/* The exact value of expression k, in r: sums and products exact (each at
 * the precision it needs, up to P_EXACT), quotients and roots at P_DIV bits.
 * Alongside, for the line: whether anything was rounded (rnd) and the
 * largest exponent of any value (emax_l): c is then within
 * 2^(emax_l − P_DIV + 8) of the exact value (each rounding errs by 2^-P_DIV
 * relative to its own value, carried to c relatively through products and
 * absolutely through sums). */
static mpfr_t Qd; /* P_DIV bits */

static mpfr_ptr *stk; /* temporaries by depth, each on its own (a deeper call may add more) */
static size_t nstk, depth;
static int rnd_l;
static mpfr_exp_t emax_l;

static void note(mpfr_srcptr r, int inex)
{
    rnd_l |= inex != 0;
    if (mpfr_regular_p(r) && mpfr_get_exp(r) > emax_l)
        emax_l = mpfr_get_exp(r);
}
static void grow(mpfr_ptr r, mpfr_prec_t p)
{
    if (p > P_EXACT)
        p = P_EXACT;
    if (p > mpfr_get_prec(r))
        mpfr_prec_round(r, p, MPFR_RNDN); /* exact: more bits */
}
/* Bits that hold a ± b exactly (a carry included). */
static mpfr_prec_t span(mpfr_srcptr a, mpfr_srcptr b)
{
    if (!mpfr_regular_p(a) || !mpfr_regular_p(b))
        return mpfr_get_prec(a) > mpfr_get_prec(b) ? mpfr_get_prec(a) : mpfr_get_prec(b);
    mpfr_exp_t ea = mpfr_get_exp(a), eb = mpfr_get_exp(b);
    mpfr_exp_t la = ea - (mpfr_exp_t)mpfr_get_prec(a), lb = eb - (mpfr_exp_t)mpfr_get_prec(b);
    return (mpfr_prec_t)((ea > eb ? ea : eb) + 1 - (la < lb ? la : lb));
}

static void exact(int k, mpfr_ptr r)
{
    const ex *e = &E[k];
    switch (e->k) {
    case E_IN: mpfr_set_prec(r, 53), mpfr_set_d(r, e->v, MPFR_RNDN), note(r, 0); return;
    case E_REF: {
        const line *l = L[e->ref];
        mpfr_set_prec(r, mpfr_get_prec(l->c)), mpfr_set(r, l->c, MPFR_RNDN);
        rnd_l |= l->rnd;
        if (l->emax > emax_l)
            emax_l = l->emax;
        return;
    }
    case E_SQRT: {
        exact(e->a, r);
        int inex = mpfr_sqrt(Qd, r, MPFR_RNDN);
        mpfr_set_prec(r, P_DIV), mpfr_set(r, Qd, MPFR_RNDN), note(r, inex);
        return;
    }
    default: break;
    }
    if (depth == nstk) {
        stk = xrealloc(stk, (nstk + 8) * sizeof *stk);
        for (size_t i = nstk; i < nstk + 8; i++) {
            stk[i] = xrealloc(NULL, sizeof(mpfr_t));
            mpfr_init2(stk[i], P_EXACT);
        }
        nstk += 8;
    }
    mpfr_ptr t = stk[depth++];
    exact(e->a, r);
    exact(e->b, t);
    if (e->k == E_MAX) { /* exact: the larger (either, if equal); no max of an undefined value */
        if (mpfr_nan_p(r) || mpfr_nan_p(t))
            mpfr_set_nan(r);
        else if (mpfr_cmp(t, r) > 0)
            mpfr_set_prec(r, mpfr_get_prec(t)), mpfr_set(r, t, MPFR_RNDN);
        depth--;
        return;
    }
    int inex;
    if (e->k == E_SUM)
        grow(r, span(r, t)), inex = (e->s > 0 ? mpfr_add : mpfr_sub)(r, r, t, MPFR_RNDN);
    else if (e->s > 0)
        grow(r, mpfr_get_prec(r) + mpfr_get_prec(t)), inex = mpfr_mul(r, r, t, MPFR_RNDN);
    else {
        inex = mpfr_div(Qd, r, t, MPFR_RNDN);
        mpfr_set_prec(r, P_DIV), mpfr_set(r, Qd, MPFR_RNDN);
    }
    note(r, inex);
    depth--;
}

/* ---- the configuration: algorithm, fb workspace, counts ------------------ */

typedef struct algdef algdef;
struct algdef {
    const char *name, *variant, *items; /* setup; items: required hyper-parameters */
    int slow;                           /* only in the slow run (near repeats of another: the default's time) */
    void (*draw)(void);
    void (*build)(void);
};

typedef struct {
    long samples, unproved, values, nobound, viol, vnonfin, vnan, dviol, halved;
    double maxratio;
} counts;

static const algdef *D;
static const optref_algorithm *alg;
static optref_fb_ws W;
static double *hpv, *stv; /* the sample's inputs: hyper-parameters and state at t − 1 */
static double X0, G0;     /* x_{t−1} and the gradient */
static long T;            /* the step t */
static int probe_x;       /* hard case: x_{t−1} near the update (x_t near 0) */
static counts *cnt;
static int sample_halved; /* some value of the sample beyond e/2 */
static long printed; /* violations printed for this algorithm and format */

static double *hp(const char *name)
{
    int k = optref_param_from_name(alg->hp, alg->nhp, name);
    if (k < 0) {
        fprintf(stderr, "%s: no hyper-parameter %s\n", alg->name, name);
        exit(2);
    }
    return &hpv[k];
}
static int st_index(const char *name)
{
    for (size_t k = 0; k < alg->nstate; k++)
        if (strcmp(alg->state[k].name, name) == 0)
            return (int)k;
    fprintf(stderr, "%s: no state %s\n", alg->name, name);
    exit(2);
}
static double *st(const char *name) { return &stv[st_index(name)]; }
static double H(const char *name) { return *hp(name); }
static double S(const char *name) { return *st(name); }

/* A lecture algorithm's hyper-parameter, drawn as the binary64 number h.
 * As optref_setup_rounded holds it: RN_F(h).  In a sample of "given" mode
 * (verify-step --hparams either; ref/core/ws.c): h itself, which an
 * implementation may hold as h or as RN_F(h); fb is told so for each (as
 * ws.c's fb_held), and the implementations here hold one of them, drawn,
 * both ways (all of them both ways would multiply the evaluations).
 * Returns the value the truth uses. */
static double *halt;   /* per hyper-parameter: RN_F(h) where it is not h (given mode); NaN: none */
static int *hpline;    /* per hyper-parameter: its line of values in this sample; -1: none yet */
static int given_mode; /* this sample's hyper-parameters as given (binary64), not rounded */
static size_t given_pick; /* the one held both ways */
static double LH(const char *name, double h)
{
    double *v = hp(name), r = rnF(h);
    size_t k = (size_t)(v - hpv);
    *v = given_mode ? h : r;
    halt[k] = given_mode && !same(r, h) ? r : NAN;
    return *v;
}
static int GIVEN(const char *q, double truth, const dset *impl);
/* Hyper-parameter name in an expression: its value, or its line of values. */
static int HP(const char *name)
{
    double *v = hp(name);
    size_t k = (size_t)(v - hpv);
    if (halt[k] != halt[k] || k != given_pick)
        return IN(*v);
    if (hpline[k] < 0) {
        dset *both = ds_new();
        ds_add(both, *v), ds_add(both, halt[k]);
        hpline[k] = GIVEN(NULL, *v, both);
    }
    return RF_(hpline[k]);
}

static optref_fb_num exact_in(double v) { return (optref_fb_num){ .v = v, .pa = 1, .pr = 1, .nn = v >= 0 }; }

/* One fb step from the sample's inputs (verify.c's fb_step). */
static void fb_step(void)
{
    for (size_t k = 0; k < alg->nhp; k++) {
        W.hp[k][0] = exact_in(hpv[k]);
        if (halt[k] == halt[k])
            fb_held(W.hp[k], halt[k]); /* as ws.c holds a hyper-parameter that is no value of F */
    }
    for (size_t k = 0; k < alg->nstate; k++)
        if (optref_state_used(&alg->state[k], W.variant) && alg->state[k].internal != OPTREF_INTERMEDIATE &&
            optref_state_len(W.s, k) > 0)
            W.st[k][0][0] = exact_in(stv[k]);
    W.x[0][0] = exact_in(X0);
    W.pc[0][0] = exact_in(G0);
    W.t = T - 1;
    optref_fb_unproved = 0;
    optref_fb_ws_step(&W);
}

static const optref_fb_num *fb_of(const char *q)
{
    if (strcmp(q, "x") == 0)
        return W.x[0];
    if (strcmp(q, "g") == 0)
        return W.g[0];
    return W.st[st_index(q)][0];
}

static void print_inputs(void)
{
    printf("    %st=%ld x=%a g=%a", given_mode ? "(hyper-parameters as given) " : "", T, X0, G0);
    for (size_t k = 0; k < alg->nhp; k++)
        if (optref_param_used(&alg->hp[k], W.variant))
            printf(" %s=%a", alg->hp[k].name, hpv[k]);
    for (size_t k = 0; k < alg->nstate; k++)
        if (optref_state_used(&alg->state[k], W.variant) && alg->state[k].internal != OPTREF_INTERMEDIATE)
            printf(" %s=%a", alg->state[k].name, stv[k]);
    printf("\n");
}

static mpfr_t Dm;

/* Line l's implementations against fb's bound of its quantity. */
static mpfr_t Sl; /* the exact value's own accuracy */

/* |c − y| (in Dm) beyond bound, c's own error allowed for. */
static int beyond(double bound)
{
    if (!(mpfr_cmp_d(Dm, bound) > 0))
        return 0;
    mpfr_sub(Dm, Dm, Sl, MPFR_RNDD);
    int r = mpfr_cmp_d(Dm, bound) > 0;
    mpfr_add(Dm, Dm, Sl, MPFR_RNDU);
    return r;
}

/* c as c_hi + c_lo + rest, |rest| <= c_rb (c's own error, Sl, included):
 * |c − y| to within a bound in binary64, MPFR only where that is too close
 * to call.  c_ok: c and its pieces are finite normal doubles (or 0). */
static double c_hi, c_lo, c_rb;
static mpfr_t Cl;
static int c_ok;
static void split_c(mpfr_srcptr c)
{
    c_hi = mpfr_get_d(c, MPFR_RNDN);
    c_ok = isfinite(c_hi) && (c_hi == 0 || fabs(c_hi) >= 0x1p-900) && fabs(c_hi) <= 0x1p900;
    if (!c_ok)
        return;
    mpfr_set_prec(Cl, mpfr_get_prec(c) + 64);
    mpfr_sub_d(Cl, c, c_hi, MPFR_RNDN); /* exact */
    c_lo = mpfr_get_d(Cl, MPFR_RNDN);
    c_rb = (fabs(c_lo) * 0x1p-52 + 0x1p-1074 + mpfr_get_d(Sl, MPFR_RNDU)) * 2;
}
/* |c − y| > bound: 1 yes, 0 no (c's own error allowed for), -1 too close to call. */
static int dd_beyond(double y, double bound, double *approx)
{
    double s = y - c_hi, z = s - y, t = (y - (s - z)) + (-c_hi - z); /* TwoSum: y − c_hi = s + t */
    double u = t - c_lo, dd = s + u;
    double err = (fabs(u) + fabs(dd)) * 0x1p-52 + c_rb;
    *approx = fabs(dd);
    if (!isfinite(dd))
        return -1;
    if (fabs(dd) + err <= bound)
        return 0;
    if (fabs(dd) - err > bound)
        return 1;
    return -1;
}

typedef struct fixed fixed;
static const fixed *FX; /* the fixed sample being run, or NULL */
static int trace; /* OPTREF_BOUND_TRACE set: each line of the fixed samples, printed */

static void check(const line *l)
{
    if (trace && FX) {
        mpfr_printf("  line %-12s c %.17Rg, %zu values:", l->q ? l->q : "(scratch)", l->c, l->set.n);
        for (size_t i = 0; i < l->set.n; i++)
            printf(" %a", l->set.v[i]);
        if (l->q)
            printf("; fb v %a d %a e %a", fb_of(l->q)->v, fb_of(l->q)->d, fb_of(l->q)->e);
        printf("\n");
    }
    if (!l->q)
        return;
    const optref_fb_num *b = fb_of(l->q);
    if (!mpfr_number_p(l->c)) { /* no finite truth (√ of a negative, 0/0): fb must say nothing */
        if (!(b->e < INFINITY)) {
            cnt->nobound++;
            return;
        }
        cnt->vnan++;
        if (printed++ < 6) {
            mpfr_printf("VIOLATION %s:%s %s any=%d %s: the exact value is %Rg, yet e = %a (fb v %a d %a)\n",
                        D->name, D->variant, F->name, any_order, l->q, l->c, b->e, b->v, b->d);
            print_inputs();
        }
        return;
    }
    if (l->rnd)
        mpfr_set_ui_2exp(Sl, 1, l->emax - P_DIV + 8, MPFR_RNDU);
    else
        mpfr_set_ui(Sl, 0, MPFR_RNDN);
    split_c(l->c);
    double ap;
    int dbad = !(b->d == b->d) ? 1 : c_ok && isfinite(b->v) ? dd_beyond(b->v, b->d, &ap) : -1;
    if (dbad < 0) {
        mpfr_sub_d(Dm, l->c, b->v, MPFR_RNDN);
        mpfr_abs(Dm, Dm, MPFR_RNDN);
        dbad = beyond(b->d);
    }
    if (dbad) {
        cnt->dviol++;
        if (printed++ < 6) {
            mpfr_sub_d(Dm, l->c, b->v, MPFR_RNDN);
            mpfr_printf("D-VIOLATION %s:%s %s any=%d %s: |c - v| > d: c %.20Ra v %a d %a, c - v %.6Ra\n",
                        D->name, D->variant, F->name, any_order, l->q, l->c, b->v, b->d, Dm);
            print_inputs();
        }
    }
    if (!(b->e < INFINITY)) {
        cnt->nobound++;
        return;
    }
    for (size_t i = 0; i < l->set.n; i++) {
        double y = l->set.v[i];
        cnt->values++;
        int bad = !isfinite(y), half = 0;
        double ratio = INFINITY;
        if (!bad) {
            if (c_ok)
                bad = dd_beyond(y, b->e, &ap), half = dd_beyond(y, b->e / 2, &ap);
            else
                bad = half = -1;
            if (bad < 0 || half < 0) {
                mpfr_sub_d(Dm, l->c, y, MPFR_RNDN);
                mpfr_abs(Dm, Dm, MPFR_RNDN);
                bad = beyond(b->e);
                half = mpfr_cmp_d(Dm, b->e / 2) > 0;
                ap = mpfr_get_d(Dm, MPFR_RNDU);
            }
            sample_halved |= half; /* a bound half as large would fail here */
            ratio = b->e > 0 ? ap / b->e : ap == 0 ? 0 : INFINITY;
        }
        if (ratio > cnt->maxratio)
            cnt->maxratio = ratio;
        if (bad) {
            cnt->viol++;
            cnt->vnonfin += !isfinite(y);
            if (printed++ < 6) {
                mpfr_printf("VIOLATION %s:%s %s any=%d %s: |c^ - c| > e: c %.20Ra c^ %a e %a (fb v %a d %a)\n",
                            D->name, D->variant, F->name, any_order, l->q, l->c, y, b->e, b->v, b->d);
                print_inputs();
            }
        }
    }
}

/* Lines from l on, the sets of earlier ones fixed; a branch line with
 * several values is enumerated one value at a time, so that a later line
 * never combines two values no single implementation computes together. */
static void run_from(size_t l)
{
    if (l == nl)
        return;
    line *ln = L[l];
    ln->set.n = 0;
    if (ln->root < 0) {
        for (size_t i = 0; i < ln->given.n; i++)
            ds_add(&ln->set, ln->given.v[i]);
    } else {
        uint64_t r = ln->refs;
        int idx[64], nr = 0;
        size_t pos[64];
        for (int j = 0; j < 64 && r >> j; j++)
            if (r >> j & 1)
                pos[nr] = 0, idx[nr++] = j;
        for (;;) {
            for (int j = 0; j < nr; j++)
                refval[idx[j]] = L[idx[j]]->view[pos[j]];
            gen++, pused = 0;
            dset *v = ev(ln->root);
            for (size_t i = 0; i < v->n; i++)
                ds_add(&ln->set, v->v[i]);
            int j = 0;
            while (j < nr && ++pos[j] == L[idx[j]]->nview)
                pos[j++] = 0;
            if (j == nr)
                break;
        }
    }
    check(ln);
    if (ln->branch && ln->set.n > 1) {
        for (size_t i = 0; i < ln->set.n; i++) {
            ln->view = &ln->set.v[i], ln->nview = 1;
            run_from(l + 1);
        }
    } else {
        ln->view = ln->set.v, ln->nview = ln->set.n;
        run_from(l + 1);
    }
}

/* Every line of the sample: exact values, which lines branch. */
static void prepare_lines(void)
{
    if (nl > 64) {
        fprintf(stderr, "more than 64 lines: widen anc\n");
        exit(2);
    }
    if (ne > nmemo) {
        M = xrealloc(M, ne * sizeof *M);
        for (size_t i = nmemo; i < ne; i++)
            M[i] = (memo){ 0 };
        nmemo = ne;
    }
    for (size_t l = 0; l < nl; l++) {
        line *ln = L[l];
        rnd_l = 0, emax_l = mpfr_get_emin();
        if (ln->root < 0)
            mpfr_set_prec(ln->c, 53), mpfr_set_d(ln->c, ln->truth, MPFR_RNDN);
        else
            exact(ln->root, ln->c);
        ln->rnd = rnd_l, ln->emax = emax_l;
        uint64_t r = ln->refs;
        ln->anc = (uint64_t)1 << l;
        for (size_t j = 0; j < l; j++)
            if (r >> j & 1)
                ln->anc |= L[j]->anc;
        /* two of its references sharing an ancestor: that ancestor branches */
        for (size_t i = 0; i < l; i++)
            for (size_t j = i + 1; j < l; j++)
                if ((r >> i & 1) && (r >> j & 1))
                    for (size_t k = 0; k < l; k++)
                        if ((L[i]->anc & L[j]->anc) >> k & 1)
                            L[k]->branch = 1;
    }
}

/* ---- drawing inputs ------------------------------------------------------- */

/* A value of F: mostly ± a p-bit significand times 2^[lo, hi]; sometimes
 * an exact zero, a subnormal of F, or anything from F's least subnormal to
 * near its overflow threshold. */
static double draw(int lo, int hi)
{
    long p = F->prec;
    double m = ((double)(next() >> (64 - p)) + pow2((int)p - 1)) * pow2((int)-p); /* [1/2, 1), p bits */
    switch (next() % 16) {
    case 0: return sgn() * 0.0;
    case 1: return sgn() * rnF(ldexp(m, irand((int)F->emin, (int)(F->emin + p) - 2))); /* subnormal */
    case 2: return sgn() * rnF(ldexp(m, irand((int)F->emin - (int)p + 2, (int)F->emax - 1)));
    default: {
        int k = irand(lo, hi);
        return sgn() * rnF(k >= -1022 ? m * pow2(k) : ldexp(m, k));
    }
    }
}
/* β: the usual 0.9, 0.99, 0.999, 1 − 2^-k, or anything in [0, 1) (a double). */
static double draw_beta(void)
{
    static const double usual[] = { 0.9, 0.99, 0.999, 0.9999, 0.5, 0.0 };
    switch (next() % 4) {
    case 0:
    case 1: return usual[next() % 4];
    case 2: return next() % 3 ? 1 - ldexp(1, -irand(1, 20)) : usual[4 + next() % 2];
    default: return unif();
    }
}
/* ε: the default, 1 (huge), 1e-30, a subnormal of F, 0 or anything in 10^[-12, 0]. */
static double draw_eps(double def)
{
    switch (next() % 8) {
    case 0: return 1.0;
    case 1: return 1e-30;
    case 2: return ldexp((double)irand(1, 8), (int)F->emin - 1);
    case 3: return 0.0;
    case 4:
    case 5: return pow(10, -12 * unif());
    default: return def;
    }
}
/* A step size: 1e-3, 1, or 10^[-6, 0]. */
static double draw_rate(void)
{
    switch (next() % 4) {
    case 0: return 1e-3;
    case 1: return 1.0;
    default: return pow(10, -6 * unif());
    }
}
/* t: 1..5, or up to 10^4. */
static long draw_t(void) { return next() % 2 ? irand(1, 5) : (long)ceil(pow(10, 4 * unif())); }

/* x moved by k spacings of F (from F's value x). */
static double nudge(double x, int k)
{
    if (!isfinite(x))
        return draw(-10, 4); /* (a target beyond F: any input instead) */
    int q = x == 0 ? (int)F->emin - 1 : ilogb(x) + 1 - (int)F->prec; /* MPFR's exponent minus p */
    if (q < F->emin - 1)
        q = (int)F->emin - 1; /* subnormal: the least subnormal's spacing */
    return rnF(x + k * ldexp(1, q));
}
/* The state value s with β s + c g = 0 (nearly): a moving average that cancels. */
static double cancel(double beta, double c, double g)
{
    if (beta == 0)
        return draw(-8, 0);
    return nudge(rnF(-c * g / beta), irand(-2, 2));
}
/* About RN_F(b^n), b a double: a plausible β^(t−1) a candidate holds (any
 * value of F would do as an input). */
static mpfr_t Pw; /* 64 bits */
static double pow_F(double b, long n)
{
    mpfr_set_d(Pw, b, MPFR_RNDN);
    mpfr_pow_ui(Pw, Pw, (unsigned long)n, MPFR_RNDN);
    return rnF(mpfr_get_d(Pw, MPFR_RNDN));
}

/* The host's binary64 (ref/flavor/flavor.h): correctly rounded +, −, ×, ÷, √
 * (IEEE, on the host; MPFR at 53 bits in binary64's range), ** faithful. */
enum { H_ADD, H_MUL, H_DIV, H_SQRT, H_POW };
static double h_op(int op, double a, double b, mpfr_rnd_t rnd)
{
    range_of(&optref_binary64);
    mpfr_set_d(A_, a, MPFR_RNDN), mpfr_set_d(B_, b, MPFR_RNDN);
    int inex = op == H_ADD ? mpfr_add(R53, A_, B_, rnd) : op == H_MUL ? mpfr_mul(R53, A_, B_, rnd)
               : op == H_DIV ? mpfr_div(R53, A_, B_, rnd) : op == H_SQRT ? mpfr_sqrt(R53, A_, rnd)
                             : mpfr_pow(R53, A_, B_, rnd);
    mpfr_subnormalize(R53, inex, rnd);
    double r = mpfr_get_d(R53, MPFR_RNDN);
    wide();
    return r;
}
static double h_add(double a, double b) { return h_op(H_ADD, a, b, MPFR_RNDN); }
static double h_sub(double a, double b) { return h_op(H_ADD, a, -b, MPFR_RNDN); }
static double h_mul(double a, double b) { return h_op(H_MUL, a, b, MPFR_RNDN); }
static double h_div(double a, double b) { return h_op(H_DIV, a, b, MPFR_RNDN); }
static double h_sqrt(double a) { return h_op(H_SQRT, a, 0, MPFR_RNDN); }
/* b ** n in Python: *truth RN64, and into pw each faithful result (RD64,
 * RU64), for n the step and, as fb allows, the step held in F. */
static void h_pow(double b, long n, double *truth, dset *pw)
{
    double ns[2] = { (double)n, rnF((double)n) };
    pw->n = 0;
    *truth = h_op(H_POW, b, ns[0], MPFR_RNDN);
    for (int k = 0; k < 2; k++) {
        ds_add(pw, h_op(H_POW, b, ns[k], MPFR_RNDD));
        ds_add(pw, h_op(H_POW, b, ns[k], MPFR_RNDU));
        if (!isfinite(ns[1]) || ns[1] == ns[0])
            break;
    }
}

/* ---- the algorithms --------------------------------------------------------
 * Each draw_* sets the inputs (lecture algorithms: hyper-parameters rounded to
 * F, as optref_setup_rounded does; flavors: binary64 host numbers); each
 * build_* writes the step's lines.  A line is the source's; its order (for
 * any = 0) is the transcription's, which says it in its comments. */

#define HARD(k) (hard >> (k) & 1)
static unsigned hard; /* the sample's hard cases: bit 0 cancellation, 1 x_t near 0, 2 zeros */

/* Kingma & Ba, Algorithm 1; β^t as optref's running products b1t, b2t. */
static void draw_adam(void)
{
    double b1 = LH("beta1", draw_beta()), b2 = LH("beta2", draw_beta()), g = draw(-20, 4);
    LH("alpha", draw_rate()), LH("eps", draw_eps(1e-8));
    T = draw_t();
    G0 = g, X0 = draw(-10, 4);
    *st("m") = HARD(0) ? cancel(b1, rnF(1 - b1), g) : draw(-20, 4);
    *st("v") = fabs(draw(-40, 8));
    if (HARD(2))
        G0 = *st("m") = sgn() * 0.0, *st("v") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    int standard = strcmp(D->variant, "standard") == 0;
    if (standard) {
        *st("b1t") = next() % 8 ? pow_F(b1, T - 1) : fabs(draw(-4, 0));
        *st("b2t") = next() % 8 ? pow_F(b2, T - 1) : fabs(draw(-4, 0));
    }
    probe_x = HARD(1);
}
static void build_adam(void)
{
    double g = G0;
    int c1 = LINE(NULL, SUB(IN(1), HP("beta1")));                                              /* 1 − β1 */
    int c2 = LINE(NULL, SUB(IN(1), HP("beta2")));                                              /* 1 − β2 */
    int m = LINE("m", ADD(MUL(HP("beta1"), IN(S("m"))), MUL(RF_(c1), IN(g))));                 /* m ← β1 m + (1 − β1) g */
    int v = LINE("v", ADD(MUL(HP("beta2"), IN(S("v"))), MUL(RF_(c2), MUL(IN(g), IN(g)))));     /* v ← β2 v + (1 − β2) g² */
    int den = strcmp(D->variant, "standard") == 0;
    int mm = m, vv = v;
    if (den) {
        int b1t = LINE("b1t", MUL(IN(S("b1t")), HP("beta1")));                                  /* β1^t */
        int b2t = LINE("b2t", MUL(IN(S("b2t")), HP("beta2")));                                  /* β2^t */
        int bc1 = LINE(NULL, SUB(IN(1), RF_(b1t)));
        int bc2 = LINE(NULL, SUB(IN(1), RF_(b2t)));
        mm = LINE("mhat", DIV(RF_(m), RF_(bc1)));                                          /* m̂ ← m/(1 − β1^t) */
        vv = LINE("vhat", DIV(RF_(v), RF_(bc2)));                                          /* v̂ ← v/(1 − β2^t) */
    }
    /* θ ← θ − α m̂/(√v̂ + ε)  (simplified, DS 4440: m, v) */
    LINE("x", SUB(IN(X0), DIV(MUL(HP("alpha"), RF_(mm)), ADD(SQRT(RF_(vv)), HP("eps")))));
}

/* Loshchilov & Hutter, Algorithm 2 (variants adamw, l2, adamw_lr). */
static void draw_adamw(void)
{
    double b1 = LH("beta1", draw_beta()), b2 = LH("beta2", draw_beta()), g = draw(-20, 4);
    LH("eta", draw_rate()), LH("alpha", draw_rate());
    LH("eps", draw_eps(1e-8)), LH("lambda", next() % 4 ? pow(10, -4 * unif()) : 0.0);
    T = draw_t();
    G0 = g, X0 = draw(-10, 4);
    *st("m") = HARD(0) ? cancel(b1, rnF(1 - b1), g) : draw(-20, 4);
    *st("v") = fabs(draw(-40, 8));
    if (HARD(2))
        G0 = *st("m") = sgn() * 0.0, *st("v") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    *st("b1t") = pow_F(b1, T - 1), *st("b2t") = pow_F(b2, T - 1);
    probe_x = HARD(1);
}
static void build_adamw(void)
{
    int l2 = strcmp(D->variant, "l2") == 0, lrform = strcmp(D->variant, "adamw_lr") == 0;
    int g = LINE("g", l2 ? ADD(IN(G0), MUL(HP("lambda"), IN(X0))) : IN(G0));                      /* L6 */
    int c1 = LINE(NULL, SUB(IN(1), HP("beta1"))), c2 = LINE(NULL, SUB(IN(1), HP("beta2")));
    int b1t = LINE("b1t", MUL(IN(S("b1t")), HP("beta1"))), b2t = LINE("b2t", MUL(IN(S("b2t")), HP("beta2")));
    int bc1 = LINE(NULL, SUB(IN(1), RF_(b1t))), bc2 = LINE(NULL, SUB(IN(1), RF_(b2t)));
    int m = LINE("m", ADD(MUL(HP("beta1"), IN(S("m"))), MUL(RF_(c1), RF_(g))));                 /* L7 */
    int v = LINE("v", ADD(MUL(HP("beta2"), IN(S("v"))), MUL(RF_(c2), MUL(RF_(g), RF_(g)))));    /* L8 */
    int mh = LINE("mhat", DIV(RF_(m), RF_(bc1)));                                          /* L9 */
    int vh = LINE("vhat", DIV(RF_(v), RF_(bc2)));                                          /* L10 */
    int den = ADD(SQRT(RF_(vh)), HP("eps"));
    if (lrform) { /* L21: θ ← θ − η α (m̂/(√v̂ + ε) + λθ), η α formed first */
        int lr = LINE(NULL, MUL(HP("eta"), HP("alpha")));
        LINE("x", SUB(IN(X0), MUL(RF_(lr), ADD(DIV(RF_(mh), den), MUL(HP("lambda"), IN(X0))))));
    } else if (l2) /* L12 without λθ */
        LINE("x", SUB(IN(X0), MUL(HP("eta"), DIV(MUL(HP("alpha"), RF_(mh)), den))));
    else /* L12: θ ← θ − η (α m̂/(√v̂ + ε) + λθ) */
        LINE("x", SUB(IN(X0), MUL(HP("eta"), ADD(DIV(MUL(HP("alpha"), RF_(mh)), den), MUL(HP("lambda"), IN(X0))))));
}

/* RMSprop (Tieleman & Hinton; Goodfellow 8.5): s ← γ s + (1 − γ) g², then
 * x ← x − η/√(s + ε) g (eps_inside) or η/(√s + ε) g (eps_outside). */
static void draw_rmsprop(void)
{
    LH("eta", draw_rate()), LH("gamma", draw_beta()), LH("eps", draw_eps(1e-6));
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("s") = fabs(draw(-40, 8));
    if (HARD(0) && G0 != 0) /* s − g² nearly cancelling is not a cancellation here (all terms >= 0): tiny s */
        *st("s") = fabs(draw((int)F->emin - 4, (int)F->emin + 8));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("s") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_rmsprop(void)
{
    double g = G0;
    int c = LINE(NULL, SUB(IN(1), HP("gamma")));
    int s = LINE("s", ADD(MUL(HP("gamma"), IN(S("s"))), MUL(RF_(c), MUL(IN(g), IN(g)))));
    int den = strcmp(D->variant, "eps_inside") == 0 ? SQRT(ADD(RF_(s), HP("eps"))) : ADD(SQRT(RF_(s)), HP("eps"));
    LINE("x", SUB(IN(X0), MUL(DIV(HP("eta"), den), IN(g))));
}

/* Zeiler, Algorithm 1. */
static void draw_adadelta(void)
{
    double eps = draw_eps(1e-6);
    LH("rho", draw_beta()), LH("eps", eps > 0 ? eps : 1e-6);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("s") = fabs(draw(-40, 8)), *st("dx") = fabs(draw(-40, 4));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("dx") = 0.0, *st("s") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adadelta(void)
{
    double g = G0;
    int c = LINE(NULL, SUB(IN(1), HP("rho")));
    int s = LINE("s", ADD(MUL(HP("rho"), IN(S("s"))), MUL(RF_(c), MUL(IN(g), IN(g)))));           /* L4 */
    int gp = LINE("gp", MUL(DIV(SQRT(ADD(IN(S("dx")), HP("eps"))), SQRT(ADD(RF_(s), HP("eps")))), IN(g))); /* L5 */
    LINE("dx", ADD(MUL(HP("rho"), IN(S("dx"))), MUL(RF_(c), MUL(RF_(gp), RF_(gp)))));              /* L6 */
    LINE("x", SUB(IN(X0), RF_(gp)));                                                             /* L7 */
}

/* AdaGrad (Duchi et al.; Goodfellow Algorithm 8.4): s ← s + g², then
 * x ← x − η/√(s + ε) g (eps_inside) or η/(δ + √s) g (eps_outside). */
static void draw_adagrad(void)
{
    LH("eta", draw_rate()), LH("eps", draw_eps(1e-6)), LH("delta", draw_eps(1e-7));
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("s") = fabs(draw(-40, 12));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("s") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adagrad(void)
{
    double g = G0;
    int s = LINE("s", ADD(IN(S("s")), MUL(IN(g), IN(g))));
    int den = strcmp(D->variant, "eps_inside") == 0 ? SQRT(ADD(RF_(s), HP("eps")))
                                                    : ADD(HP("delta"), SQRT(RF_(s)));
    LINE("x", SUB(IN(X0), MUL(DIV(HP("eta"), den), IN(g))));
}

/* Polyak's momentum (Lecture 11.5): v ← γ v + η g, x ← x − v. */
static void draw_momentum(void)
{
    double gam = LH("gamma", draw_beta()), eta = LH("eta", draw_rate());
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("v") = HARD(0) ? cancel(gam, eta, G0) : draw(-20, 4);
    if (HARD(2))
        G0 = sgn() * 0.0, *st("v") = next() % 2 ? 0.0 : draw(-150, -120);
    if (HARD(1)) /* x near v_t: x_t near 0 */
        X0 = nudge(rnF(gam * *st("v") + eta * G0), irand(-3, 3));
    probe_x = 0;
}
static void build_momentum(void)
{
    int v = LINE("v", ADD(MUL(HP("gamma"), IN(S("v"))), MUL(HP("eta"), IN(G0))));
    LINE("x", SUB(IN(X0), RF_(v)));
}

/* Goodfellow et al., Algorithm 8.1: θ ← θ − ε g. */
static void draw_sgd(void)
{
    LH("eps", draw_rate());
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    if (HARD(1))
        X0 = nudge(rnF(H("eps") * G0), irand(-3, 3));
    probe_x = 0;
}
static void build_sgd(void)
{
    LINE("x", SUB(IN(X0), MUL(HP("eps"), IN(G0))));
}

/* Loshchilov & Hutter, Algorithm 1 (SGDW; variants sgdw, l2, sgdw_lr): the
 * three-term sum of L9 and the three-factor products η_t α g and η_t λ θ
 * (η_t α and η_t λ formed first, as the transcription hoists them). */
static void draw_sgdw(void)
{
    double b1 = LH("beta1", draw_beta()), eta = LH("eta", draw_rate()), al = LH("alpha", draw_rate());
    LH("lambda", next() % 4 ? pow(10, -4 * unif()) : 0.0);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("m") = HARD(0) ? cancel(b1, rnF(eta * al), G0) : draw(-20, 4);
    if (HARD(2))
        G0 = sgn() * 0.0, *st("m") = sgn() * 0.0;
    probe_x = HARD(1);
}
static void build_sgdw(void)
{
    int l2 = strcmp(D->variant, "l2") == 0, lrform = strcmp(D->variant, "sgdw_lr") == 0;
    int g = LINE("g", l2 ? ADD(IN(G0), MUL(HP("lambda"), IN(X0))) : IN(G0));                  /* L6 */
    int m = LINE("m", ADD(MUL(HP("beta1"), IN(S("m"))), MUL(MUL(HP("eta"), HP("alpha")), RF_(g)))); /* L8 */
    if (l2)
        LINE("x", SUB(IN(X0), RF_(m)));                                                          /* L9 */
    else /* L9: θ − m − η_t λ θ;  L19: θ − m − η_t α λ θ */
        LINE("x", SUB(SUB(IN(X0), RF_(m)),
                      MUL(lrform ? MUL(MUL(HP("eta"), HP("alpha")), HP("lambda")) : MUL(HP("eta"), HP("lambda")),
                          IN(X0))));
}

/* ---- torch flavors -------------------------------------------------------- */

static double draw_wd(void) { return next() % 2 ? 0.0 : pow(10, -4 * unif()); }

/* torch 1.13 _single_tensor_adam, amsgrad off:
 *   grad = grad.add(param, alpha=weight_decay)            (λ ≠ 0)
 *   exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
 *   exp_avg_sq.mul_(beta2).addcmul_(grad, grad.conj(), value=1 - beta2)
 *   bias_correction1 = 1 - beta1 ** step; bias_correction2 = 1 - beta2 ** step
 *   step_size = lr / bias_correction1; bias_correction2_sqrt = math.sqrt(bias_correction2)
 *   denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
 *   param.addcdiv_(exp_avg, denom, value=-step_size) */
static void draw_adam_torch(void)
{
    double b1 = draw_beta(), b2 = draw_beta();
    *hp("lr") = draw_rate(), *hp("beta1") = b1, *hp("beta2") = b2, *hp("eps") = draw_eps(1e-8);
    *hp("weight_decay") = draw_wd();
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("exp_avg") = HARD(0) ? cancel(rnF(b1), rnF(1 - b1), G0) : draw(-20, 4);
    *st("exp_avg_sq") = fabs(draw(-40, 8));
    if (HARD(2))
        G0 = *st("exp_avg") = sgn() * 0.0, *st("exp_avg_sq") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adam_torch(void)
{
    double b1 = H("beta1"), b2 = H("beta2"), lr = H("lr"), p1, p2;
    dset *pw1 = ds_new(), *pw2 = ds_new(), *sv = ds_new(), *rv = ds_new();
    h_pow(b1, T, &p1, pw1);
    h_pow(b2, T, &p2, pw2);
    for (size_t i = 0; i < pw1->n; i++)
        ds_add(sv, opmath(h_div(lr, h_sub(1, pw1->v[i]))));  /* step_size, as addcdiv_'s value */
    for (size_t i = 0; i < pw2->n; i++)
        ds_add(rv, rnF(h_sqrt(h_sub(1, pw2->v[i]))));         /* bias_correction2_sqrt, as div_'s */
    int s = GIVEN(NULL, opmath(h_div(lr, h_sub(1, p1))), sv);
    int r = GIVEN(NULL, rnF(h_sqrt(h_sub(1, p2))), rv);
    int gi = LINE(NULL, ADD(IN(G0), MUL(IN(rnF(H("weight_decay"))), IN(X0))));
    int m = LINE("exp_avg", ADD(MUL(IN(S("exp_avg")), IN(rnF(b1))), MUL(IN(rnF(h_sub(1, b1))), RF_(gi))));
    int v = LINE("exp_avg_sq", ADD(MUL(IN(S("exp_avg_sq")), IN(rnF(b2))),
                                   MUL(IN(opmath(h_sub(1, b2))), MUL(RF_(gi), RF_(gi)))));
    int d = LINE(NULL, ADD(DIV(SQRT(RF_(v)), RF_(r)), IN(rnF(H("eps")))));
    LINE("x", SUB(IN(X0), DIV(MUL(RF_(s), RF_(m)), RF_(d))));
}

/* torch 1.13 _single_tensor_rmsprop:
 *   grad = grad.add(param, alpha=weight_decay)            (λ ≠ 0)
 *   square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
 *   centered: grad_avg.mul_(alpha).add_(grad, alpha=1 - alpha)
 *             avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
 *   else      avg = square_avg.sqrt()
 *   avg = avg.add_(eps)
 *   momentum > 0: buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr)
 *   else          param.addcdiv_(grad, avg, value=-lr) */
static int centered, with_mom;
static void draw_rmsprop_torch(void)
{
    centered = strstr(D->variant, "centered") != NULL, with_mom = strstr(D->variant, "momentum") != NULL;
    double al = draw_beta();
    *hp("lr") = draw_rate(), *hp("alpha") = al, *hp("eps") = draw_eps(1e-8), *hp("weight_decay") = draw_wd();
    if (with_mom)
        *hp("momentum") = draw_beta() + 0x1p-30;
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("square_avg") = fabs(draw(-40, 8));
    if (centered) {
        *st("grad_avg") = HARD(0) ? cancel(rnF(al), rnF(h_sub(1, al)), G0) : draw(-20, 4);
        if (next() % 2) /* s − ḡ² nearly cancelling: s_t near ḡ_t² */
            *st("square_avg") = fabs(rnF(*st("grad_avg") * *st("grad_avg") * (1 + ldexp(sgn(), -irand(2, 30)))));
    }
    if (with_mom)
        *st("momentum_buffer") = draw(-20, 4);
    if (HARD(2))
        G0 = sgn() * 0.0, *st("square_avg") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_rmsprop_torch(void)
{
    centered = strstr(D->variant, "centered") != NULL, with_mom = strstr(D->variant, "momentum") != NULL;
    double al = H("alpha"), c = h_sub(1, al), eps = rnF(H("eps")), lr = H("lr");
    int gi = LINE(NULL, ADD(IN(G0), MUL(IN(rnF(H("weight_decay"))), IN(X0))));
    int s = LINE("square_avg", ADD(MUL(IN(S("square_avg")), IN(rnF(al))), MUL(IN(opmath(c)), MUL(RF_(gi), RF_(gi)))));
    int sig;
    if (centered) {
        int ga = LINE("grad_avg", ADD(MUL(IN(S("grad_avg")), IN(rnF(al))), MUL(IN(rnF(c)), RF_(gi))));
        sig = LINE(NULL, ADD(SQRT(SUB(RF_(s), MUL(RF_(ga), RF_(ga)))), IN(eps)));
    } else
        sig = LINE(NULL, ADD(SQRT(RF_(s)), IN(eps)));
    if (with_mom) {
        int b = LINE("momentum_buffer", ADD(MUL(IN(S("momentum_buffer")), IN(rnF(H("momentum")))),
                                            DIV(RF_(gi), RF_(sig))));
        LINE("x", SUB(IN(X0), MUL(IN(rnF(lr)), RF_(b))));
    } else
        LINE("x", SUB(IN(X0), DIV(MUL(IN(opmath(lr)), RF_(gi)), RF_(sig))));
}

/* torch 1.13 _single_tensor_adadelta:
 *   grad = grad.add(param, alpha=weight_decay)            (λ ≠ 0)
 *   square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
 *   std = square_avg.add(eps).sqrt_()
 *   delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
 *   acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
 *   param.add_(delta, alpha=-lr) */
static void draw_adadelta_torch(void)
{
    *hp("lr") = draw_rate(), *hp("rho") = draw_beta(), *hp("eps") = draw_eps(1e-6);
    *hp("weight_decay") = draw_wd();
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("square_avg") = fabs(draw(-40, 8)), *st("acc_delta") = fabs(draw(-40, 4));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("acc_delta") = 0.0, *st("square_avg") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adadelta_torch(void)
{
    double rho = H("rho"), c = opmath(h_sub(1, rho)), eps = rnF(H("eps"));
    int gi = LINE(NULL, ADD(IN(G0), MUL(IN(rnF(H("weight_decay"))), IN(X0))));
    int s = LINE("square_avg", ADD(MUL(IN(S("square_avg")), IN(rnF(rho))), MUL(IN(c), MUL(RF_(gi), RF_(gi)))));
    int sd = LINE(NULL, SQRT(ADD(RF_(s), IN(eps))));
    int d = LINE(NULL, MUL(DIV(SQRT(ADD(IN(S("acc_delta")), IN(eps))), RF_(sd)), RF_(gi)));
    LINE("acc_delta", ADD(MUL(IN(S("acc_delta")), IN(rnF(rho))), MUL(IN(c), MUL(RF_(d), RF_(d)))));
    LINE("x", SUB(IN(X0), MUL(IN(rnF(H("lr"))), RF_(d))));
}

/* torch 1.13 _single_tensor_sgd:
 *   d_p = d_p.add(param, alpha=weight_decay)              (λ ≠ 0)
 *   momentum ≠ 0: buf = clone(d_p) at the first step, else buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
 *                 nesterov: d_p = d_p.add(buf, alpha=momentum); else d_p = buf
 *   param.add_(d_p, alpha=-lr) */
static void draw_sgd_torch(void)
{
    int mom = strcmp(D->variant, "standard") != 0, nest = strcmp(D->variant, "nesterov") == 0;
    *hp("lr") = draw_rate(), *hp("weight_decay") = draw_wd();
    if (mom) {
        *hp("momentum") = draw_beta() + 0x1p-30;
        *hp("dampening") = nest || next() % 2 ? 0.0 : unif();
    }
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    if (mom)
        *st("momentum_buffer") = HARD(0) ? cancel(rnF(H("momentum")), rnF(h_sub(1, H("dampening"))), G0)
                                         : draw(-20, 4);
    if (HARD(2))
        G0 = sgn() * 0.0;
    probe_x = HARD(1);
}
static void build_sgd_torch(void)
{
    int mom = strcmp(D->variant, "standard") != 0, nest = strcmp(D->variant, "nesterov") == 0;
    int gi = LINE(NULL, ADD(IN(G0), MUL(IN(rnF(H("weight_decay"))), IN(X0)))), d = gi;
    if (mom) {
        double mu = rnF(H("momentum"));
        int b = T == 1 ? LINE("momentum_buffer", RF_(gi))
                       : LINE("momentum_buffer", ADD(MUL(IN(S("momentum_buffer")), IN(mu)),
                                                     MUL(IN(rnF(h_sub(1, H("dampening")))), RF_(gi))));
        d = nest ? LINE(NULL, ADD(RF_(gi), MUL(IN(mu), RF_(b)))) : b;
    }
    LINE("x", ADD(IN(X0), MUL(IN(rnF(-H("lr"))), RF_(d))));
}

/* torch 1.13 _single_tensor_adagrad (dense):
 *   grad = grad.add(param, alpha=weight_decay)            (λ ≠ 0)
 *   clr = lr / (1 + (step - 1) * lr_decay)
 *   state_sum.addcmul_(grad, grad, value=1)
 *   std = state_sum.sqrt().add_(eps)
 *   param.addcdiv_(grad, std, value=-clr) */
static void draw_adagrad_torch(void)
{
    *hp("lr") = draw_rate(), *hp("lr_decay") = next() % 2 ? 0.0 : pow(10, -4 * unif());
    *hp("weight_decay") = draw_wd(), *hp("eps") = draw_eps(1e-10);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("sum") = fabs(draw(-40, 12));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("sum") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adagrad_torch(void)
{
    double lr = H("lr"), dec = H("lr_decay"), ts[2] = { (double)T, rnF((double)T) };
    dset *cv = ds_new();
    for (int k = 0; k < 2; k++) /* the step as torch holds it, or held in F (fb's s_set_si) */
        if (isfinite(ts[k]))
            ds_add(cv, opmath(h_div(lr, h_add(1, h_mul(h_sub(ts[k], 1), dec)))));
    int c = GIVEN(NULL, opmath(h_div(lr, h_add(1, h_mul(h_sub(ts[0], 1), dec)))), cv);
    int gi = LINE(NULL, ADD(IN(G0), MUL(IN(rnF(H("weight_decay"))), IN(X0))));
    int s = LINE("sum", ADD(IN(S("sum")), MUL(RF_(gi), RF_(gi))));
    int sd = LINE(NULL, ADD(SQRT(RF_(s)), IN(rnF(H("eps")))));
    LINE("x", SUB(IN(X0), DIV(MUL(RF_(c), RF_(gi)), RF_(sd))));
}

/* ---- more lecture algorithms ----------------------------------------------- */

/* Reddi, Kale, Kumar 2018, Algorithm 2 (AMSGrad; variant box with its default
 * F = R^n: no projection, the clamp to ±∞ the identity), optref's ε added to
 * √v̂ (0: the paper), α_t = α (the constant schedule); β1t = β1 λ^(t−1) with
 * λ^(t−1) the running product lt (one rounding a step, as adam's β^t):
 *   β1t ← β1 λ^(t−1);  λ^t ← λ^(t−1) λ
 *   m ← β1t m + (1 − β1t) g
 *   v ← β2 v + (1 − β2) g²
 *   v̂ ← max(v̂, v)
 *   x ← x − (α m)/(√v̂ + ε) */
static double amsgrad_v(void) /* v_t as F would hold it (a v̂_{t−1} near it: a close max) */
{
    double b2 = H("beta2");
    return rnF(b2 * S("v") + rnF(1 - b2) * G0 * G0);
}
static void draw_amsgrad(void)
{
    double b1 = LH("beta1", draw_beta()), b2 = LH("beta2", draw_beta()), g = draw(-20, 4);
    double lam = LH("lambda", next() % 2 ? 1.0 : next() % 2 ? 1 - ldexp(1, -irand(1, 20)) : 1 - unif());
    LH("alpha", draw_rate()), LH("eps", draw_eps(0.0));
    (void)b2;
    T = draw_t();
    G0 = g, X0 = draw(-10, 4);
    *st("lt") = next() % 8 ? pow_F(lam, T - 1) : fabs(draw(-4, 0));
    *st("b1t") = rnF(b1 * S("lt")); /* (overwritten: β1t is formed anew) */
    double b1t = rnF(b1 * S("lt"));
    *st("m") = HARD(0) ? cancel(b1t, rnF(1 - b1t), g) : draw(-20, 4);
    *st("v") = fabs(draw(-40, 8));
    if (HARD(2))
        G0 = *st("m") = sgn() * 0.0, *st("v") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    *st("vhat") = next() % 2 ? fabs(nudge(amsgrad_v(), irand(-2, 2))) : fabs(draw(-40, 8));
    if (HARD(2) && next() % 2)
        *st("vhat") = 0.0;
    probe_x = HARD(1);
}
static void build_amsgrad(void)
{
    int b1t = LINE("b1t", MUL(HP("beta1"), IN(S("lt"))));                                      /* L4: β1t */
    LINE("lt", MUL(IN(S("lt")), HP("lambda")));                                                /* L4: λ^t */
    int c1 = LINE(NULL, SUB(IN(1), RF_(b1t)));                                                 /* 1 − β1t */
    int c2 = LINE(NULL, SUB(IN(1), HP("beta2")));                                              /* 1 − β2 */
    int m = LINE("m", ADD(MUL(RF_(b1t), IN(S("m"))), MUL(RF_(c1), IN(G0))));                   /* L4 */
    int v = LINE("v", ADD(MUL(HP("beta2"), IN(S("v"))), MUL(RF_(c2), MUL(IN(G0), IN(G0)))));   /* L5 */
    int vh = LINE("vhat", MAX(IN(S("vhat")), RF_(v)));                                         /* L6 */
    LINE("x", SUB(IN(X0), DIV(MUL(HP("alpha"), RF_(m)), ADD(SQRT(RF_(vh)), HP("eps")))));      /* L7 */
}

/* Nesterov, form ux (STATS 403; Su, Boyd, Candès 2016, eq. (3)), the slide's
 * t the driver's t − 1, its integers t − 1 and t + 2 held exactly or in F:
 *   u' ← x − β g
 *   x ← u' + (t − 1)/(t + 2) (u' − u),  u ← u'
 * Form lookahead (Sutskever et al. 2013, eqs. (3)-(4)): g = ∇f(W + γv) = c,
 * the linear problem's gradient wherever it is taken:
 *   v ← γ v − α g;  W ← W + v */
static void draw_nesterov(void)
{
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    if (strcmp(D->variant, "ux") == 0) {
        double beta = LH("beta", draw_rate()), y = rnF(X0 - rnF(beta * G0)), c = (double)(T - 1) / (double)(T + 2);
        *st("u") = draw(-10, 4);
        if (HARD(0)) /* u' − u nearly cancels */
            *st("u") = nudge(y, irand(-2, 2));
        if (HARD(1) && c > 0) /* u' + c (u' − u) near 0 */
            *st("u") = nudge(rnF(y * (1 + c) / c), irand(-3, 3));
        if (HARD(2))
            G0 = sgn() * 0.0;
    } else {
        double gam = LH("gamma", draw_beta()), al = LH("alpha", draw_rate());
        *st("v") = HARD(0) ? cancel(gam, -al, G0) : draw(-20, 4);
        if (HARD(2))
            G0 = sgn() * 0.0, *st("v") = next() % 2 ? 0.0 : draw(-150, -120);
        if (HARD(1)) /* x near −v_t: x_t near 0 */
            X0 = nudge(rnF(-(gam * S("v") - al * G0)), irand(-3, 3));
    }
    probe_x = 0;
}
static void build_nesterov(void)
{
    if (strcmp(D->variant, "ux") == 0) {
        dset *na = ds_new(), *nb = ds_new();
        ds_add(na, (double)(T - 1)), ds_add(na, rnF((double)(T - 1)));
        ds_add(nb, (double)(T + 2)), ds_add(nb, rnF((double)(T + 2)));
        int a = GIVEN(NULL, (double)(T - 1), na), b = GIVEN(NULL, (double)(T + 2), nb);
        int c = LINE(NULL, DIV(RF_(a), RF_(b)));                                           /* L4: t/(t + 3) */
        int y = LINE("u", SUB(IN(X0), MUL(HP("beta"), IN(G0))));                            /* L3 */
        LINE("x", ADD(RF_(y), MUL(RF_(c), SUB(RF_(y), IN(S("u"))))));                        /* L4 */
    } else {
        int v = LINE("v", SUB(MUL(HP("gamma"), IN(S("v"))), MUL(HP("alpha"), IN(G0))));    /* L7 */
        LINE("x", ADD(IN(X0), RF_(v)));                                                      /* L8 */
    }
}

/* ---- more torch flavors ----------------------------------------------------- */

/* torch 1.13 _single_tensor_adamw (amsgrad off and on):
 *   param.mul_(1 - lr * weight_decay)
 *   exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
 *   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
 *   bias_correction1 = 1 - beta1 ** step; bias_correction2 = 1 - beta2 ** step
 *   step_size = lr / bias_correction1; bias_correction2_sqrt = math.sqrt(bias_correction2)
 *   amsgrad: torch.maximum(max_exp_avg_sqs[i], exp_avg_sq, out=max_exp_avg_sqs[i])
 *            denom = (max_exp_avg_sqs[i].sqrt() / bias_correction2_sqrt).add_(eps)
 *   else     denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
 *   param.addcdiv_(exp_avg, denom, value=-step_size)
 * adam-torch's amsgrad variant: _single_tensor_adam as above (build_adam_torch)
 * with the same maximum. */
static void draw_adamw_torch(void)
{
    int adamw = strcmp(D->name, "adamw-torch") == 0;
    double b1 = draw_beta(), b2 = draw_beta();
    *hp("lr") = draw_rate(), *hp("beta1") = b1, *hp("beta2") = b2, *hp("eps") = draw_eps(1e-8);
    *hp("weight_decay") = adamw ? (next() % 4 ? pow(10, -4 * unif()) : 0.0) : draw_wd();
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("exp_avg") = HARD(0) ? cancel(rnF(b1), rnF(1 - b1), G0) : draw(-20, 4);
    *st("exp_avg_sq") = fabs(draw(-40, 8));
    if (HARD(2))
        G0 = *st("exp_avg") = sgn() * 0.0, *st("exp_avg_sq") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    if (strcmp(D->variant, "amsgrad") == 0) {
        double gi = adamw ? G0 : rnF(G0 + rnF(H("weight_decay")) * X0);
        double vt = rnF(S("exp_avg_sq") * rnF(b2) + opmath(h_sub(1, b2)) * gi * gi);
        *st("max_exp_avg_sq") = next() % 2 ? fabs(nudge(vt, irand(-2, 2))) : fabs(draw(-40, 8));
        if (HARD(2) && next() % 2)
            *st("max_exp_avg_sq") = 0.0;
    }
    probe_x = HARD(1);
}
static void build_adamw_torch(void)
{
    int adamw = strcmp(D->name, "adamw-torch") == 0, ams = strcmp(D->variant, "amsgrad") == 0;
    double b1 = H("beta1"), b2 = H("beta2"), lr = H("lr"), p1, p2;
    dset *pw1 = ds_new(), *pw2 = ds_new(), *sv = ds_new(), *rv = ds_new();
    h_pow(b1, T, &p1, pw1);
    h_pow(b2, T, &p2, pw2);
    for (size_t i = 0; i < pw1->n; i++)
        ds_add(sv, opmath(h_div(lr, h_sub(1, pw1->v[i]))));  /* step_size, as addcdiv_'s value */
    for (size_t i = 0; i < pw2->n; i++)
        ds_add(rv, rnF(h_sqrt(h_sub(1, pw2->v[i]))));         /* bias_correction2_sqrt, as div_'s */
    int s = GIVEN(NULL, opmath(h_div(lr, h_sub(1, p1))), sv);
    int r = GIVEN(NULL, rnF(h_sqrt(h_sub(1, p2))), rv);
    int th = -1, gl = -1;
    if (adamw) /* param.mul_(1 - lr * weight_decay): the factor formed on the host, cast to F */
        th = LINE(NULL, MUL(IN(X0), IN(rnF(h_sub(1, h_mul(lr, H("weight_decay")))))));
    else /* grad.add(param, alpha=weight_decay) */
        gl = LINE(NULL, ADD(IN(G0), MUL(IN(rnF(H("weight_decay"))), IN(X0))));
#define GI (adamw ? IN(G0) : RF_(gl))
    int m = LINE("exp_avg", ADD(MUL(IN(S("exp_avg")), IN(rnF(b1))), MUL(IN(rnF(h_sub(1, b1))), GI)));
    int v = LINE("exp_avg_sq", ADD(MUL(IN(S("exp_avg_sq")), IN(rnF(b2))), MUL(IN(opmath(h_sub(1, b2))), MUL(GI, GI))));
#undef GI
    if (ams)
        v = LINE("max_exp_avg_sq", MAX(IN(S("max_exp_avg_sq")), RF_(v)));
    int d = LINE(NULL, ADD(DIV(SQRT(RF_(v)), RF_(r)), IN(rnF(H("eps")))));
    LINE("x", SUB(adamw ? RF_(th) : IN(X0), DIV(MUL(RF_(s), RF_(m)), RF_(d))));
}

/* ---- tfjs flavors (TensorFlow.js 4.22.0, cpu backend) ------------------------
 * Each JavaScript number (binary64) becomes a scalar tensor of F where it
 * meets a tensor; 1 − ρ, 1 − β are formed in binary64 first, −lr is the
 * negated number (the headers of ref/flavor/NAME_tfjs.c). */
static double draw_mu(void) { return next() % 2 ? 0.0 : draw_beta(); }

/* RMSPropOptimizer.applyGradients (rmsprop_optimizer.js 87-106):
 *   s ← s ρ + g² (1 − ρ)
 *   centered: ḡ ← ḡ ρ + g (1 − ρ);  b ← b μ + (g lr)/√(s − (ḡ² + ε))
 *   else      b ← b μ + (g lr)/√(s + ε)
 *   θ ← θ − b */
static void draw_rmsprop_tfjs(void)
{
    int cen = strcmp(D->variant, "centered") == 0;
    double rho = draw_beta();
    *hp("learningRate") = draw_rate(), *hp("decay") = rho, *hp("momentum") = draw_mu();
    *hp("epsilon") = draw_eps(1e-7);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("rms") = fabs(draw(-40, 8));
    *st("momentum") = draw(-20, 4);
    if (cen) {
        *st("mg") = HARD(0) ? cancel(rnF(rho), rnF(h_sub(1, rho)), G0) : draw(-20, 4);
        if (next() % 2) /* s − (ḡ² + ε) nearly cancelling */
            *st("rms") = fabs(rnF((*st("mg") * *st("mg") + rnF(H("epsilon"))) * (1 + ldexp(sgn(), -irand(2, 30)))));
    }
    if (HARD(2))
        G0 = sgn() * 0.0, *st("rms") = next() % 2 ? 0.0 : fabs(draw(-150, -120)), *st("momentum") = sgn() * 0.0;
    probe_x = HARD(1);
}
static void build_rmsprop_tfjs(void)
{
    double rho = H("decay"), eps = rnF(H("epsilon")), c = rnF(h_sub(1, rho)), lr = rnF(H("learningRate"));
    int s = LINE("rms", ADD(MUL(IN(S("rms")), IN(rnF(rho))), MUL(MUL(IN(G0), IN(G0)), IN(c))));
    int den;
    if (strcmp(D->variant, "centered") == 0) {
        int mg = LINE("mg", ADD(MUL(IN(S("mg")), IN(rnF(rho))), MUL(IN(G0), IN(c))));
        den = LINE(NULL, SQRT(SUB(RF_(s), ADD(MUL(RF_(mg), RF_(mg)), IN(eps)))));
    } else
        den = LINE(NULL, SQRT(ADD(RF_(s), IN(eps))));
    int b = LINE("momentum", ADD(MUL(IN(S("momentum")), IN(rnF(H("momentum")))), DIV(MUL(IN(G0), IN(lr)), RF_(den))));
    LINE("x", SUB(IN(X0), RF_(b)));
}

/* AdamOptimizer.applyGradients (adam_optimizer.js 59-94), a1 = β1^t, a2 = β2^t
 * the float32 running products (accBeta1, accBeta2):
 *   c1 ← 1 − a1,  c2 ← 1 − a2
 *   m ← m β1 + g (1 − β1);  v ← v β2 + g² (1 − β2)
 *   θ ← ((m/c1)/(√(v/c2) + ε)) (−lr) + θ
 *   a1 ← a1 β1,  a2 ← a2 β2 */
static void draw_adam_tfjs(void)
{
    double b1 = draw_beta(), b2 = draw_beta();
    *hp("learningRate") = draw_rate(), *hp("beta1") = b1, *hp("beta2") = b2, *hp("epsilon") = draw_eps(1e-7);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("m") = HARD(0) ? cancel(rnF(b1), rnF(h_sub(1, b1)), G0) : draw(-20, 4);
    *st("v") = fabs(draw(-40, 8));
    if (HARD(2))
        G0 = *st("m") = sgn() * 0.0, *st("v") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    *st("accBeta1") = next() % 8 ? pow_F(rnF(b1), T) : fabs(draw(-4, 0));
    *st("accBeta2") = next() % 8 ? pow_F(rnF(b2), T) : fabs(draw(-4, 0));
    probe_x = HARD(1);
}
static void build_adam_tfjs(void)
{
    double b1 = H("beta1"), b2 = H("beta2");
    int c1 = LINE(NULL, SUB(IN(1), IN(S("accBeta1")))), c2 = LINE(NULL, SUB(IN(1), IN(S("accBeta2"))));
    int m = LINE("m", ADD(MUL(IN(S("m")), IN(rnF(b1))), MUL(IN(G0), IN(rnF(h_sub(1, b1))))));
    int v = LINE("v", ADD(MUL(IN(S("v")), IN(rnF(b2))), MUL(MUL(IN(G0), IN(G0)), IN(rnF(h_sub(1, b2))))));
    int mh = LINE(NULL, DIV(RF_(m), RF_(c1))), vh = LINE(NULL, DIV(RF_(v), RF_(c2)));
    LINE("x", ADD(MUL(DIV(RF_(mh), ADD(SQRT(RF_(vh)), IN(rnF(H("epsilon"))))), IN(rnF(-H("learningRate")))), IN(X0)));
    LINE("accBeta1", MUL(IN(S("accBeta1")), IN(rnF(b1))));
    LINE("accBeta2", MUL(IN(S("accBeta2")), IN(rnF(b2))));
}

/* AdagradOptimizer.applyGradients (adagrad_optimizer.js 63-65):
 *   s ← s + g²;  θ ← (g/√(s + ε)) (−lr) + θ */
static void draw_adagrad_tfjs(void)
{
    *hp("learningRate") = draw_rate(), *hp("epsilon") = draw_eps(1e-7);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("accumulator") = fabs(draw(-40, 12));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("accumulator") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adagrad_tfjs(void)
{
    int s = LINE("accumulator", ADD(IN(S("accumulator")), MUL(IN(G0), IN(G0))));
    LINE("x", ADD(MUL(DIV(IN(G0), SQRT(ADD(RF_(s), IN(rnF(H("epsilon")))))), IN(rnF(-H("learningRate")))), IN(X0)));
}

/* AdadeltaOptimizer.applyGradients (adadelta_optimizer.js 74-79), s of step
 * t − 1 in δ:
 *   s′ ← s ρ + g² (1 − ρ);  δ ← √(u + ε)/√(s + ε) · g
 *   u ← u ρ + δ² (1 − ρ);  s ← s′;  θ ← δ (−lr) + θ */
static void draw_adadelta_tfjs(void)
{
    *hp("learningRate") = draw_rate(), *hp("rho") = draw_beta(), *hp("epsilon") = draw_eps(1e-7);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("accum_grad") = fabs(draw(-40, 8)), *st("accum_var") = fabs(draw(-40, 4));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("accum_var") = 0.0, *st("accum_grad") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adadelta_tfjs(void)
{
    double rho = rnF(H("rho")), c = rnF(h_sub(1, H("rho"))), eps = rnF(H("epsilon"));
    LINE("accum_grad", ADD(MUL(IN(S("accum_grad")), IN(rho)), MUL(MUL(IN(G0), IN(G0)), IN(c))));
    int d = LINE(NULL, MUL(DIV(SQRT(ADD(IN(S("accum_var")), IN(eps))), SQRT(ADD(IN(S("accum_grad")), IN(eps)))), IN(G0)));
    LINE("accum_var", ADD(MUL(IN(S("accum_var")), IN(rho)), MUL(MUL(RF_(d), RF_(d)), IN(c))));
    LINE("x", ADD(MUL(RF_(d), IN(rnF(-H("learningRate")))), IN(X0)));
}

/* MomentumOptimizer.applyGradients (momentum_optimizer.js 64-69):
 *   b ← μ b + g
 *   θ ← (−lr) b + θ;  useNesterov: θ ← (−lr)(g + b μ) + θ */
static void draw_momentum_tfjs(void)
{
    double mu = draw_beta(), lr = draw_rate();
    *hp("learningRate") = lr, *hp("momentum") = mu;
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("momentum") = HARD(0) ? cancel(rnF(mu), 1, G0) : draw(-20, 4);
    if (HARD(2))
        G0 = sgn() * 0.0, *st("momentum") = next() % 2 ? 0.0 : draw(-150, -120);
    if (HARD(1)) /* x near lr b_t: x_t near 0 */
        X0 = nudge(rnF(rnF(lr) * rnF(rnF(mu) * S("momentum") + G0)), irand(-3, 3));
    probe_x = 0;
}
static void build_momentum_tfjs(void)
{
    double mu = rnF(H("momentum")), nlr = rnF(-H("learningRate"));
    int b = LINE("momentum", ADD(MUL(IN(mu), IN(S("momentum"))), IN(G0)));
    if (strcmp(D->variant, "nesterov") == 0)
        LINE("x", ADD(MUL(IN(nlr), ADD(IN(G0), MUL(RF_(b), IN(mu)))), IN(X0)));
    else
        LINE("x", ADD(MUL(IN(nlr), RF_(b)), IN(X0)));
}

/* ---- optax flavors (optax, JAX without x64) -----------------------------------
 * Python floats take the parameters' dtype F (weak types); 1 − ρ and −lr
 * are formed in binary64 first (the headers of ref/flavor/NAME_optax.c). */

/* scale_by_rms, then scale_by_learning_rate (transform.py 132-143):
 *   ν ← (1 − ρ) g² + ρ ν
 *   r ← 1/√(ν + ε)  (eps_in_sqrt)  or  1/(√ν + ε)
 *   θ ← θ + (−lr)(r g) */
static void draw_rmsprop_optax(void)
{
    *hp("learning_rate") = draw_rate(), *hp("decay") = draw_beta(), *hp("eps") = draw_eps(1e-8);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("nu") = fabs(draw(-40, 8));
    if (HARD(0) && G0 != 0) /* tiny ν */
        *st("nu") = fabs(draw((int)F->emin - 4, (int)F->emin + 8));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("nu") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_rmsprop_optax(void)
{
    double rho = H("decay"), eps = rnF(H("eps"));
    int nu = LINE("nu", ADD(MUL(IN(rnF(h_sub(1, rho))), MUL(IN(G0), IN(G0))), MUL(IN(rnF(rho)), IN(S("nu")))));
    int r = strcmp(D->variant, "eps_outside") == 0 ? LINE(NULL, DIV(IN(1), ADD(SQRT(RF_(nu)), IN(eps))))
                                                   : LINE(NULL, DIV(IN(1), SQRT(ADD(RF_(nu), IN(eps)))));
    LINE("x", ADD(IN(X0), MUL(IN(rnF(-H("learning_rate"))), MUL(RF_(r), IN(G0)))));
}

/* scale_by_rss, then scale_by_learning_rate (transform.py 68-74):
 *   s ← g² + s
 *   r ← 1/√(s + ε) where s > 0, else 0
 *   θ ← θ + (−lr)(r g)
 * (The guard as the truth takes it: r = 0 only where s_t = 0 exactly; an
 * implementation whose g² underflows to 0 beside s = 0 takes the other
 * branch, which fb's comparison leaves unproved.) */
static void draw_adagrad_optax(void)
{
    *hp("learning_rate") = draw_rate(), *hp("eps") = draw_eps(1e-7);
    T = draw_t();
    G0 = draw(-20, 4), X0 = draw(-10, 4);
    *st("sum_of_squares") = fabs(draw(-40, 12));
    if (HARD(2))
        G0 = sgn() * 0.0, *st("sum_of_squares") = next() % 2 ? 0.0 : fabs(draw(-150, -120));
    probe_x = HARD(1);
}
static void build_adagrad_optax(void)
{
    int s = LINE("sum_of_squares", ADD(MUL(IN(G0), IN(G0)), IN(S("sum_of_squares"))));
    int r = S("sum_of_squares") == 0 && G0 == 0 ? LINE(NULL, IN(0))
                                                : LINE(NULL, DIV(IN(1), SQRT(ADD(RF_(s), IN(rnF(H("eps")))))));
    LINE("x", ADD(IN(X0), MUL(IN(rnF(-H("learning_rate"))), MUL(RF_(r), IN(G0)))));
}

static const algdef algs[] = {
    { "adam", "standard", NULL, 0, draw_adam, build_adam },
    { "adam", "simplified", NULL, 0, draw_adam, build_adam },
    { "adamw", "adamw", "lambda=0.01", 0, draw_adamw, build_adamw },
    { "adamw", "l2", "lambda=0.01", 1, draw_adamw, build_adamw },
    { "adamw", "adamw_lr", "lambda=0.01", 1, draw_adamw, build_adamw },
    { "rmsprop", "eps_inside", "eta=0.01", 0, draw_rmsprop, build_rmsprop },
    { "rmsprop", "eps_outside", "eta=0.01", 0, draw_rmsprop, build_rmsprop },
    { "adadelta", "standard", NULL, 0, draw_adadelta, build_adadelta },
    { "adagrad", "eps_inside", "eta=0.01", 0, draw_adagrad, build_adagrad },
    { "adagrad", "eps_outside", "eta=0.01", 0, draw_adagrad, build_adagrad },
    { "momentum", "standard", "eta=0.01", 0, draw_momentum, build_momentum },
    { "sgd", "standard", "eps=0.01", 0, draw_sgd, build_sgd },
    { "sgdw", "sgdw", "alpha=0.01,lambda=0.01", 0, draw_sgdw, build_sgdw },
    { "sgdw", "l2", "alpha=0.01,lambda=0.01", 1, draw_sgdw, build_sgdw },
    { "sgdw", "sgdw_lr", "alpha=0.01,lambda=0.01", 0, draw_sgdw, build_sgdw },
    { "adam-torch", "standard", NULL, 0, draw_adam_torch, build_adam_torch },
    { "rmsprop-torch", "standard", NULL, 0, draw_rmsprop_torch, build_rmsprop_torch },
    { "rmsprop-torch", "centered", NULL, 0, draw_rmsprop_torch, build_rmsprop_torch },
    { "rmsprop-torch", "momentum", "momentum=0.9", 0, draw_rmsprop_torch, build_rmsprop_torch },
    { "rmsprop-torch", "centered_momentum", "momentum=0.9", 0, draw_rmsprop_torch, build_rmsprop_torch },
    { "adadelta-torch", "standard", NULL, 0, draw_adadelta_torch, build_adadelta_torch },
    { "sgd-torch", "standard", "lr=0.01", 0, draw_sgd_torch, build_sgd_torch },
    { "sgd-torch", "momentum", "lr=0.01,momentum=0.9", 0, draw_sgd_torch, build_sgd_torch },
    { "sgd-torch", "nesterov", "lr=0.01,momentum=0.9", 0, draw_sgd_torch, build_sgd_torch },
    { "adagrad-torch", "standard", NULL, 0, draw_adagrad_torch, build_adagrad_torch },
    { "amsgrad", "box", "alpha=0.01", 0, draw_amsgrad, build_amsgrad },
    { "nesterov", "ux", "beta=0.01", 0, draw_nesterov, build_nesterov },
    { "nesterov", "lookahead", "alpha=0.01", 0, draw_nesterov, build_nesterov },
    { "adamw-torch", "standard", NULL, 0, draw_adamw_torch, build_adamw_torch },
    { "adamw-torch", "amsgrad", NULL, 1, draw_adamw_torch, build_adamw_torch },
    { "adam-torch", "amsgrad", NULL, 1, draw_adamw_torch, build_adamw_torch },
    { "rmsprop-tfjs", "standard", NULL, 1, draw_rmsprop_tfjs, build_rmsprop_tfjs },
    { "rmsprop-tfjs", "centered", NULL, 0, draw_rmsprop_tfjs, build_rmsprop_tfjs },
    { "adam-tfjs", "standard", NULL, 1, draw_adam_tfjs, build_adam_tfjs },
    { "adagrad-tfjs", "standard", NULL, 1, draw_adagrad_tfjs, build_adagrad_tfjs },
    { "adadelta-tfjs", "standard", NULL, 0, draw_adadelta_tfjs, build_adadelta_tfjs },
    { "momentum-tfjs", "standard", NULL, 1, draw_momentum_tfjs, build_momentum_tfjs },
    { "momentum-tfjs", "nesterov", NULL, 0, draw_momentum_tfjs, build_momentum_tfjs },
    { "rmsprop-optax", "eps_inside", NULL, 0, draw_rmsprop_optax, build_rmsprop_optax },
    { "rmsprop-optax", "eps_outside", NULL, 1, draw_rmsprop_optax, build_rmsprop_optax },
    { "adagrad-optax", "standard", NULL, 0, draw_adagrad_optax, build_adagrad_optax },
};

/* Fixed samples: inputs that broke a bound once (the smallest found), run
 * before the random ones of their algorithm and format, through the same
 * checks.  items: "name=value" of hyper-parameters (as held: F's values, or
 * binary64 for a flavor) and of the state at t − 1. */
struct fixed {
    const char *name, *variant, *fmt;
    long t;
    double x, g;
    const char *items;
    const char *why;
};
static const fixed fixed_samples[] = {
    /* (η/ε)·g with ε subnormal: η/ε overflows F, inf·0 = NaN (the transcription's own order) */
    { "rmsprop", "eps_outside", "f32", 188, -0x1.7492f6p-5, 0.0,
      "eta=0x1.0624dep-10,gamma=0x1.fff2e4p-1,eps=0x1.4p-147,s=0", "zero factor times an overflow" },
    /* γ = 1 in bfloat16: (1 − γ)·g² = 0·inf = NaN */
    { "rmsprop", "eps_outside", "bf16", 5, -0x1.2p-5, 0x1.54p+117,
      "eta=0x1.1ep-10,gamma=1,eps=0x1.44p-100,s=0x1.64p-15", "zero factor times an overflow" },
    /* any order: (α/(√v̂ + ε))·m̂ with ε = 2^-149 overflows binary32 */
    { "adam", "standard", "f32", 2, 0x1.2c706cp-4, -0x1.1p-145,
      "alpha=1,beta1=0x1.ff7ceep-1,beta2=0x1.5ea5c6p-1,eps=0x1p-149,m=-0x1.f4552p-130,v=0,"
      "b1t=0x1.ff7ceep-1,b2t=0x1.5ea5c6p-1", "a partial product overflows" },
    /* β1 = β2 = 1 in bfloat16 (0.999 rounds to 1), g² overflows: v̂ = 0·inf = NaN, then
       x = θ − α·0/(√NaN + ε) = NaN */
    { "adam", "simplified", "bf16", 4, 0.0, 0x1.6p+118,
      "alpha=0x1.06p-10,beta1=1,beta2=1,eps=0x1.16p-18,m=-0.0,v=0x1.28p-22", "0/b with b NaN" },
    /* a candidate's β2^(t−1) = 2^706: 1 − β2^t < 0, so v̂ < 0 and √v̂ is undefined while m̂ = 0 */
    { "adam", "standard", "f64", 59, -0x1.714593a8dd7a6p-264, -0.0,
      "alpha=0x1.9361ce65ee16bp-19,beta1=0x1.fae147ae147aep-1,beta2=0x1.fae147ae147aep-1,"
      "eps=0x1.3391c3934ea83p-27,m=-0.0,v=0x1.15bf7be808562p-518,b1t=0x1.1dd50f2f0df79p-1,"
      "b2t=0x1.51edaded0483p+706", "0/b with b = √(negative)" },
    /* s = 0 beside a subnormal ḡ (an implementation whose g² underflowed holds such a state):
       s − ḡ² < 0 exactly, √ undefined, while binary64 rounds ḡ² to 0 */
    { "rmsprop-torch", "centered", "f64", 4, 0x0.0000000000002p-1022, -0.0,
      "lr=1,alpha=0x1.fae147ae147aep-1,eps=1,weight_decay=0,square_avg=0,grad_avg=-0x1.3beed4146da91p-770",
      "√ of a negative exact value" },
    /* d of a sum in binary64's subnormal range: its (1 + 2^-40) margin is lost there */
    { "adamw", "l2", "f64", 4, 0x0.0004e5361c013p-1022, 0x1.7abd2256c1e59p-15,
      "eta=0x1.ead083d3d7008p-6,alpha=0x1.b386d0d1cc479p-16,beta1=0x1.fffep-1,beta2=0x1.ff7ced916872bp-1,"
      "eps=0,lambda=0x1.3c81b0209ac87p-1,m=0,v=0x1.1ee72a8bdb06ap-10,b1t=0x1.fffa0005fffep-1,"
      "b2t=0x1.fe772d5570166p-1", "d below binary64's normal range" },
    /* d of gi/σ with gi subnormal: s_div's small-operand branch forms |q|·σ.d first (2^-1077:
       underflows binary64) and divides by σ (2^-20) after: d misses the divisor's error (2^-1057);
       c − v = 0x1.253a92p-1056 > d = 0x0.00000000419cbp-1022 */
    { "rmsprop-torch", "momentum", "f64", 2, 0x1.d837e35a946bdp-10, -0x0.50ae22bbf340cp-1022,
      "lr=0x1.0624dd2f1a9fcp-10,alpha=0x1.b849f82d3b645p-1,eps=0,weight_decay=0,momentum=0x1.22a6de5ff6a28p-3,"
      "square_avg=0x1.4bc4613df3e26p-40,momentum_buffer=-0x0.0000016314b24p-1022", "d of a quotient, underflow" },
    /* d of a quotient by 1 − 2^-1053: |c − v| ~ 2^-1185, below binary64's least subnormal */
    { "adam", "standard", "f64", 1410, -0x0.0000000000002p-1022, 0.0,
      "alpha=0x1.f024649ae27ddp-18,beta1=0x1.f8p-1,beta2=0.5,eps=0x1.681648ee08699p-36,m=0,"
      "v=0x1.5a3fb70d3d306p-132,b1t=0x1.fb8d58b966266p-33,b2t=0x0.00000000027b3p-1022", "d underflows" },
};

static void draw_fixed(void)
{
    T = FX->t, X0 = FX->x, G0 = FX->g;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", FX->items);
    for (char *it = strtok(buf, ","); it; it = strtok(NULL, ",")) {
        char *eq = strchr(it, '=');
        *eq = 0;
        double v = strtod(eq + 1, NULL);
        if (optref_param_from_name(alg->hp, alg->nhp, it) >= 0)
            *hp(it) = v;
        else
            *st(it) = v;
    }
    probe_x = 0;
}

static const optref_format *const fmts[] = { &optref_binary64, &optref_binary32, &optref_bfloat16,
                                             &optref_binary16 };

/* One sample: inputs, the lines and their exact values, then for each order
 * model (any = 0, 1) fb's bounds and the implementations' values checked. */
static optref_fb_model model[2]; /* F's, any = 0 and 1 (optref_fb_set_model once per format) */
static void one_sample(const double *hp0, size_t nst, counts *cn, long *ops)
{
    memcpy(hpv, hp0, alg->nhp * sizeof *hpv);
    for (size_t k = 0; k < nst; k++)
        stv[k] = 0;
    for (size_t k = 0; k < alg->nhp; k++)
        halt[k] = NAN, hpline[k] = -1;
    if (FX) {
        given_mode = 0;
        draw_fixed();
    } else {
        hard = next() % 2 ? (unsigned)(next() % 8) : 0;
        given_mode = !alg->framework && next() % 3 == 0;
        given_pick = (size_t)irand(0, (int)alg->nhp - 1);
        D->draw();
    }
    if (probe_x) { /* x_{t−1} := the update (nudged): x_t near 0 */
        optref_fb_m = model[0];
        X0 = 0;
        fb_step();
        X0 = isfinite(W.x[0][0].v) ? nudge(rnF(-W.x[0][0].v), irand(-3, 3)) : draw(-10, 4);
    }
    ne = 0, nl = 0, pused = 0;
    D->build();
    prepare_lines();
    for (int any = 0; any < 2; any++) {
        any_order = any, cnt = &cn[any];
        optref_fb_m = model[any];
        fb_step();
        cnt->samples++;
        if (optref_fb_unproved) {
            cnt->unproved++;
            continue;
        }
        sample_halved = 0;
        nops = 0;
        run_from(0);
        ops[any] += nops;
        int gline = 0;
        for (size_t l = 0; l < nl; l++)
            gline |= L[l]->q && strcmp(L[l]->q, "g") == 0;
        if (!gline && !(same(W.g[0][0].v, G0) && W.g[0][0].d == 0 && W.g[0][0].e == 0)) { /* g = c, exact */
            cnt->viol++;
            printf("VIOLATION %s:%s %s any=%d g: the gradient c = %a is exact, yet fb has v %a d %a e %a\n",
                   D->name, D->variant, F->name, any_order, G0, W.g[0][0].v, W.g[0][0].d, W.g[0][0].e);
        }
        cnt->halved += sample_halved;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000;
    if (argc > 2 && strcmp(argv[2], "slow") == 0 && !getenv("OPTREF_SLOW")) {
        printf("skipped: set OPTREF_SLOW=1\n");
        return 77;
    }
    trace = getenv("OPTREF_BOUND_TRACE") != NULL;
    const char *only = getenv("OPTREF_BOUND_ONLY");
    valgrind = getenv("OPTREF_VALGRIND") != NULL;
    if (valgrind)
        n = n / 20 + 1;
#if defined(__SANITIZE_ADDRESS__)
#define OPTREF_BOUND_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OPTREF_BOUND_ASAN 1
#endif
#endif
#ifdef OPTREF_BOUND_ASAN
    n = n / 4 + 1; /* under ASan (5-7x slower): the same checks on a quarter of the samples */
#endif
    emin0 = mpfr_get_emin(), emax0 = mpfr_get_emax();
    lo_32 = 0x1p-126, hi_32 = 0x1p127;
    mpfr_inits2(53, A_, B_, C_, T53, R53, (mpfr_ptr)0);
    mpfr_init2(R32, 24);
    mpfr_init2(RF, 53);
    mpfr_init2(Dm, P_EXACT);
    mpfr_init2(Pw, 64);
    int slow = argc > 2 && strcmp(argv[2], "slow") == 0;
    if (slow)
        P_DIV = 1200;
    mpfr_init2(Qd, P_DIV);
    mpfr_init2(Sl, 16);
    mpfr_init2(Cl, P_EXACT + 64);
    size_t nalg = OPTREF_COUNT(algs), nfmt = OPTREF_COUNT(fmts);
    counts *all = calloc(nalg * nfmt * 2, sizeof *all);
    long fail = 0;
    clock_t t0 = clock();
    for (size_t a = 0; a < nalg; a++) {
        D = &algs[a];
        long nrun = D->slow && !slow ? 0 : n; /* (its fixed samples, always) */
        if (only && strcmp(only, D->name) != 0) /* OPTREF_BOUND_ONLY=NAME: that algorithm alone (debugging) */
            continue;
        for (size_t f = 0; f < nfmt; f++) {
            F = fmts[f];
            mpfr_set_prec(RF, F->prec);
            lo_F = ldexp(1, (int)(F->emin + F->prec) - 2), hi_F = ldexp(1, (int)F->emax - 1);
            char err[256], spec[64];
            optref_setup *s0, *s;
            snprintf(spec, sizeof spec, "linear:c=1,x0=0");
            if (optref_setup_new(&s0, D->name, D->variant, spec, err, sizeof err) != OPTREF_SUCCESS) {
                printf("setup %s:%s: %s\n", D->name, D->variant, err);
                return 1;
            }
            if (D->items) {
                char items[128];
                snprintf(items, sizeof items, "%s", D->items);
                for (char *it = strtok(items, ","); it; it = strtok(NULL, ","))
                    if (optref_setup_set(s0, it, err, sizeof err) != OPTREF_SUCCESS) {
                        printf("setup %s:%s %s: %s\n", D->name, D->variant, it, err);
                        return 1;
                    }
            }
            s = optref_setup_rounded(s0, F);
            if (!s || optref_fb_ws_new(&W, s, 0) != 0) {
                printf("out of memory\n");
                return 1;
            }
            alg = s->alg;
            hpv = xrealloc(NULL, (alg->nhp + 1) * sizeof *hpv);
            halt = xrealloc(NULL, (alg->nhp + 1) * sizeof *halt);
            hpline = xrealloc(NULL, (alg->nhp + 1) * sizeof *hpline);
            stv = xrealloc(NULL, (alg->nstate + 1) * sizeof *stv);
            counts *cn = &all[(a * nfmt + f) * 2];
            for (int any = 0; any < 2; any++)
                optref_fb_set_model(F, any), model[any] = optref_fb_m;
            long ops[2] = { 0, 0 };
            printed = 0;
            clock_t c0 = clock();
            for (size_t k = 0; k < OPTREF_COUNT(fixed_samples); k++) {
                FX = &fixed_samples[k];
                if (strcmp(FX->name, D->name) == 0 && strcmp(FX->variant, D->variant) == 0 &&
                    strcmp(FX->fmt, F->name) == 0) {
                    mpfr_prec_t p0 = P_DIV;
                    P_DIV = 1200, mpfr_set_prec(Qd, P_DIV); /* d's errors below 2^-1074 */
                    long v0 = cn[0].viol + cn[0].vnan + cn[1].viol + cn[1].vnan + cn[0].dviol + cn[1].dviol;
                    one_sample(s->hp, alg->nstate, cn, ops);
                    printf("fixed sample (%s): %s\n", FX->why,
                           cn[0].viol + cn[0].vnan + cn[1].viol + cn[1].vnan + cn[0].dviol + cn[1].dviol > v0 ? "violated" : "holds");
                    P_DIV = p0, mpfr_set_prec(Qd, P_DIV);
                }
            }
            FX = NULL;
            for (long k = 0; k < nrun; k++)
                one_sample(s->hp, alg->nstate, cn, ops);
            double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
            for (int any = 0; any < 2; any++) {
                cnt = &cn[any];
                int loose = nrun > 0 && cnt->values > 0 && cnt->halved == 0;
                printf("%-14s %-17s %-4s any=%d: %6ld samples (%ld unproved), %8ld values (%.1f F ops a sample), "
                       "%5ld without bound; %6ld beyond e/2 (%5.1f%%), max |c^-c|/e %.3f; %ld violations (%ld not "
                       "finite), %ld undefined truths bounded, %ld d-violations%s\n",
                       D->name, D->variant, F->name, any, cnt->samples, cnt->unproved, cnt->values,
                       (double)ops[any] / (double)(cnt->samples ? cnt->samples : 1), cnt->nobound, cnt->halved,
                       cnt->samples ? 100.0 * (double)cnt->halved / (double)cnt->samples : 0.0, cnt->maxratio,
                       cnt->viol, cnt->vnonfin, cnt->vnan, cnt->dviol, loose ? "  LOOSE: none beyond e/2" : "");
                fail += cnt->viol + cnt->vnan + cnt->dviol + loose;
            }
            printf("%-14s %-17s %-4s %.2f s\n", D->name, D->variant, F->name, secs);
            free(hpv), free(halt), free(hpline);
            free(stv);
            optref_fb_ws_free(&W);
            optref_setup_free(s);
            optref_setup_free(s0);
        }
    }
    printf("arithmetic: %ld operations recomputed in MPFR, %ld differences\n", arith_checked, arith_bad);
    fail += arith_bad;
    printf("total %.2f s: %s (%ld failed checks: violations, d-violations, bounded undefined truths, "
           "configurations without a value beyond e/2, arithmetic differences)\n",
           (double)(clock() - t0) / CLOCKS_PER_SEC, fail ? "FAIL" : "ok", fail);
    free(all);
    /* release */
    for (size_t i = 0; i < nlcap; i++)
        mpfr_clear(L[i]->c), free(L[i]->given.v), free(L[i]->set.v), free(L[i]);
    free(L), free(refval), free(E);
    for (size_t i = 0; i < nmemo; i++)
        free(M[i].pa), free(M[i].pb);
    free(M);
    for (size_t i = 0; i < npool; i++)
        free(pool[i]->v), free(pool[i]);
    free(pool);
    for (size_t i = 0; i < nstk; i++)
        mpfr_clear(stk[i]), free(stk[i]);
    free(stk);
    mpfr_clears(A_, B_, C_, T53, R53, R32, RF, Dm, Pw, Qd, Sl, Cl, (mpfr_ptr)0);
    mpfr_free_cache();
    return fail ? 1 : 0;
}
