/* run.c: the run object, a thin dispatcher over the two instantiations of
 * ws.c (the generic driver of GSL's gsl_multimin_fdfminimizer, in shape). */
#include <stdio.h>
#include <stdlib.h>

#include "optref.h"
#include "ws_both.h"

struct optref_run {
    optref_setup s;
    optref_arith arith;
    const optref_format *fmt; /* MPFR exponent range to emulate, or NULL */
    union {
        optref_d_ws d;
        optref_mp_ws mp;
    } w;
};

/* Enter and leave an emulated exponent range around MPFR work. */
typedef struct {
    mpfr_exp_t emin, emax;
} erange;

static erange enter(const optref_run *r)
{
    erange e = { mpfr_get_emin(), mpfr_get_emax() };
    if (r->arith == OPTREF_MPFR && r->fmt) {
        mpfr_set_emin(r->fmt->emin);
        mpfr_set_emax(r->fmt->emax);
    }
    return e;
}

static void leave(erange e)
{
    mpfr_set_emin(e.emin);
    mpfr_set_emax(e.emax);
}

optref_status optref_run_new(optref_run **out, const optref_setup *s, optref_arith arith,
                             mpfr_prec_t prec, const optref_format *fmt)
{
    optref_run *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return OPTREF_ENOMEM;
    r->s = *s;
    r->arith = arith;
    r->fmt = fmt;
    erange e = enter(r);
    int rc = arith == OPTREF_DOUBLE ? optref_d_ws_new(&r->w.d, s, prec)
                                    : optref_mp_ws_new(&r->w.mp, s, prec);
    leave(e);
    if (rc != 0) {
        free(r);
        return OPTREF_ENOMEM;
    }
    *out = r;
    return OPTREF_SUCCESS;
}

void optref_run_step(optref_run *r)
{
    erange e = enter(r);
    if (r->arith == OPTREF_DOUBLE)
        optref_d_ws_step(&r->w.d, r->s.alg);
    else
        optref_mp_ws_step(&r->w.mp, r->s.alg);
    leave(e);
}

void optref_run_free(optref_run *r)
{
    if (!r)
        return;
    if (r->arith == OPTREF_DOUBLE)
        optref_d_ws_free(&r->w.d);
    else
        optref_mp_ws_free(&r->w.mp);
    free(r);
}

long optref_run_t(const optref_run *r) { return r->arith == OPTREF_DOUBLE ? r->w.d.t : r->w.mp.t; }

double optref_run_get_d(const optref_run *r, size_t q)
{
    if (r->arith == OPTREF_DOUBLE)
        return *optref_d_ws_q((optref_d_ws *)&r->w.d, q);
    return mpfr_get_d(optref_mp_ws_q((optref_mp_ws *)&r->w.mp, q), MPFR_RNDN);
}

void optref_run_set_d(optref_run *r, size_t q, double v)
{
    if (r->arith == OPTREF_DOUBLE)
        *optref_d_ws_q(&r->w.d, q) = v;
    else
        mpfr_set_d(optref_mp_ws_q(&r->w.mp, q), v, MPFR_RNDN); /* exact: prec >= 53 */
}

mpfr_srcptr optref_run_get_mp(const optref_run *r, size_t q)
{
    if (r->arith == OPTREF_DOUBLE)
        return NULL;
    return optref_mp_ws_q((optref_mp_ws *)&r->w.mp, q);
}

/* ---- the recorded quantities of a setup --------------------------------- */

static size_t nactive(const optref_setup *s)
{
    size_t k = 0;
    for (size_t j = 0; j < s->alg->nstate; j++)
        k += (size_t)optref_state_used(s->alg, s->variant, j);
    return k;
}

/* The j-th state vector this variant records. */
static size_t active(const optref_setup *s, size_t j)
{
    for (size_t k = 0; k < s->alg->nstate; k++)
        if (optref_state_used(s->alg, s->variant, k) && j-- == 0)
            return k;
    return 0;
}

size_t optref_nq(const optref_setup *s) { return s->prob->n * (2 + nactive(s)) + 1; }

void optref_qname(const optref_setup *s, size_t q, char *buf, size_t len)
{
    size_t n = s->prob->n, k = q / n, i = q % n, na = nactive(s);
    if (k == 0)
        snprintf(buf, len, "x[%zu]", i);
    else if (k <= na)
        snprintf(buf, len, "%s[%zu]", s->alg->state[active(s, k - 1)].name, i);
    else if (k == na + 1)
        snprintf(buf, len, "g[%zu]", i);
    else
        snprintf(buf, len, "f");
}

int optref_q_is_grad(const optref_setup *s, size_t q)
{
    return q / s->prob->n == nactive(s) + 1 && q < optref_nq(s) - 1;
}

int optref_q_line(const optref_setup *s, size_t q)
{
    const optref_variant *v = &s->alg->variants[s->variant];
    size_t n = s->prob->n, k = q / n, na = nactive(s);
    if (q == optref_nq(s) - 1)
        return -1; /* f: the problem's, not a line of the algorithm (lines may be 0) */
    if (k == 0)
        return v->x_line;
    if (k <= na)
        return v->state_line[active(s, k - 1)];
    return v->g_line;
}
