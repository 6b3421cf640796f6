/* run.c: the run object, a thin dispatcher over the two instantiations of
 * ws.c (the generic driver of GSL's gsl_multimin_fdfminimizer, in shape). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optref_mpfr.h"
#include "internal.h"
#include "ws_both.h"

struct optref_run {
    const optref_setup *s;
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

optref_status optref_run_new(optref_run **out, const optref_setup *s, optref_arith arith, long prec,
                             const optref_format *fmt)
{
    *out = NULL;
    if (arith == OPTREF_MPFR && (!s->prob->type->mp || !s->alg->mp || !s->sched->mp))
        return OPTREF_EARITH;
    if (arith == OPTREF_MPFR && (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX))
        return OPTREF_EVALUE;
    optref_run *r = calloc(1, sizeof *r);
    if (!r)
        return OPTREF_ENOMEM;
    r->s = s;
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

optref_status optref_run_step(optref_run *r)
{
    erange e = enter(r);
    if (r->arith == OPTREF_DOUBLE)
        optref_d_ws_step(&r->w.d);
    else
        optref_mp_ws_step(&r->w.mp);
    leave(e);
    return OPTREF_SUCCESS;
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

optref_status optref_run_value(const optref_run *r, const char *quantity, size_t i, double *out)
{
    const optref_quantity *Q = optref_quantity_from_name(r->s, quantity);
    if (!Q)
        return OPTREF_EUNKNOWN;
    if (i >= Q->len)
        return OPTREF_EDIM;
    *out = optref_run_get_d(r, Q->offset + i);
    return OPTREF_SUCCESS;
}
