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

/* Enter and leave an emulated exponent range around MPFR work.  Only an MPFR
 * run with a format touches MPFR's (thread-local) range: a double run does no
 * MPFR work at all (issue 13: the get/set cost ~12% of a double step). */
typedef struct {
    int set;
    mpfr_exp_t emin, emax;
} erange;

static erange enter(const optref_run *r)
{
    erange e = { 0, 0, 0 };
    if (r->arith == OPTREF_MPFR && r->fmt) {
        e = (erange){ 1, mpfr_get_emin(), mpfr_get_emax() };
        mpfr_set_emin(r->fmt->emin);
        mpfr_set_emax(r->fmt->emax);
    }
    return e;
}

static void leave(erange e)
{
    if (e.set) {
        mpfr_set_emin(e.emin);
        mpfr_set_emax(e.emax);
    }
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

void optref_run_get_row_d(const optref_run *r, double *out)
{
    if (r->arith == OPTREF_DOUBLE)
        optref_d_ws_row_d((optref_d_ws *)&r->w.d, out);
    else
        optref_mp_ws_row_d((optref_mp_ws *)&r->w.mp, out);
}

void optref_run_set_d(optref_run *r, size_t q, double v)
{
    if (r->arith == OPTREF_DOUBLE)
        *optref_d_ws_q(&r->w.d, q) = v;
    else
        mpfr_set_d(optref_mp_ws_q(&r->w.mp, q), v, MPFR_RNDN); /* exact: prec >= 53 */
}

void optref_run_set_mp(optref_run *r, size_t q, mpfr_srcptr v)
{
    if (r->arith == OPTREF_DOUBLE)
        *optref_d_ws_q(&r->w.d, q) = mpfr_get_d(v, MPFR_RNDN);
    else
        mpfr_set(optref_mp_ws_q(&r->w.mp, q), v, MPFR_RNDN);
}

optref_status optref_run_eval_f(optref_run *r, long ft)
{
    erange e = enter(r);
    if (r->arith == OPTREF_DOUBLE) {
        r->w.d.ft = ft;
        r->w.d.prob->type->d->f(&r->w.d, r->w.d.f, r->w.d.x);
    } else {
        r->w.mp.ft = ft;
        r->w.mp.prob->type->mp->f(&r->w.mp, r->w.mp.f, r->w.mp.x);
    }
    leave(e);
    return OPTREF_SUCCESS;
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

/* ---- For verify-step (ref/oracle/vstep.c): one step t from given values ---- */

void optref_run_set_coef(optref_run *r, size_t k, double v)
{
    if (r->arith == OPTREF_DOUBLE)
        r->w.d.pc[k][0] = v;
    else
        mpfr_set_d(r->w.mp.pc[k], v, MPFR_RNDN); /* exact: prec >= 53 */
}

void optref_run_set_t(optref_run *r, long t)
{
    if (r->arith == OPTREF_DOUBLE)
        r->w.d.t = t, r->w.d.ft = t + 1;
    else
        r->w.mp.t = t, r->w.mp.ft = t + 1;
}

void optref_run_copy_state(optref_run *dst, const optref_run *src, size_t k)
{
    size_t n = optref_state_len(src->s, k), m = optref_state_len(dst->s, k);
    for (size_t i = 0; i < n && i < m; i++)
        if (dst->arith == OPTREF_DOUBLE)
            dst->w.d.st[k][i][0] = src->w.d.st[k][i][0];
        else
            mpfr_set(dst->w.mp.st[k][i], src->w.mp.st[k][i], MPFR_RNDN); /* exact at equal precision */
}

int optref_run_state_equal(const optref_run *a, const optref_run *b, size_t k)
{
    size_t n = optref_state_len(a->s, k);
    if (n != optref_state_len(b->s, k) || a->arith != b->arith)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (a->arith == OPTREF_DOUBLE ? memcmp(a->w.d.st[k][i], b->w.d.st[k][i], sizeof(double)) != 0
                                      : !mpfr_equal_p(a->w.mp.st[k][i], b->w.mp.st[k][i]) &&
                                            !(mpfr_nan_p(a->w.mp.st[k][i]) && mpfr_nan_p(b->w.mp.st[k][i])))
            return 0;
    return 1;
}
