/* ws.c: allocates a workspace from the declarations of its algorithm,
 * problem and schedule, and drives one step; compiled once per arithmetic
 * (see arith.h).  All scalars are initialised here, once. */
#include <math.h>
#include <stdlib.h>

#include "ws.h"

static S_VEC vec_new(size_t n, long prec)
{
    S_VEC v = malloc((n ? n : 1) * sizeof(S_T));
    if (v)
        for (size_t i = 0; i < n; i++)
            s_init(v[i], prec);
    return v;
}

static void vec_free(S_VEC v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        s_clear(v[i]);
    free(v);
}

static void vec_set_d(S_VEC v, const double *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s_set_d(v[i], d[i]);
}

/* The vectors of a workspace and their lengths, for allocation and release. */
typedef struct {
    S_VEC *v;
    size_t len;
} slot;

static size_t slots(ws *w, slot *out)
{
    const optref_setup *s = w->s;
    const optref_problem *p = s->prob;
    size_t k = 0;
    out[k++] = (slot){ &w->x, w->n };
    out[k++] = (slot){ &w->g, w->n };
    out[k++] = (slot){ &w->y, w->n };
    out[k++] = (slot){ &w->hp, s->alg->nhp };
    out[k++] = (slot){ &w->sp, s->sched->nparams };
    out[k++] = (slot){ &w->tmp, s->alg->ntmp };
    out[k++] = (slot){ &w->pc, p->ncoef };
    out[k++] = (slot){ &w->ptmp, p->type->ntmp };
    out[k++] = (slot){ &w->stmp, s->sched->ntmp };
    return k;
}
#define NSLOTS 9

#if defined(OPTREF_USE_FB) && OPTREF_USE_FB
void PFX(ws_held)(ws *w, const double *hp, const double *sp); /* also in ws_fb.h */
#endif

int PFX(ws_new)(ws *w, const optref_setup *s, long prec)
{
    const optref_algorithm *a = s->alg;
    const optref_problem *p = s->prob;
    slot sl[NSLOTS];

    *w = (ws){ .s = s, .prob = p, .n = p->n, .variant = s->variant, .epoch = -1,
               .layer = p->layer, .nlayer = p->nlayer };
    s_init(w->one, prec);
    s_init(w->f, prec);
    s_init(w->eta, prec);
    int ok = 1;
    size_t ns = slots(w, sl);
    for (size_t k = 0; k < ns; k++)
        ok = ok && (*sl[k].v = vec_new(sl[k].len, prec)) != NULL;
    ok = ok && (w->st = calloc(a->nstate ? a->nstate : 1, sizeof *w->st)) != NULL;
    for (size_t k = 0; ok && k < a->nstate; k++)
        ok = (w->st[k] = vec_new(optref_state_len(s, k), prec)) != NULL;
    if (ok && p->m) {
        w->nbatch = p->batch ? p->batch : p->m;
        ok = (w->batch = malloc(w->nbatch * sizeof *w->batch)) != NULL &&
             (w->perm = malloc(p->m * sizeof *w->perm)) != NULL;
    }
    if (!ok) {
        PFX(ws_free)(w);
        return -1;
    }
    s_set_d(w->one, 1.0);
    vec_set_d(w->hp, s->hp, a->nhp);
    vec_set_d(w->sp, s->sp, s->sched->nparams);
    vec_set_d(w->pc, p->coef, p->ncoef);
    vec_set_d(w->x, s->x0, w->n);
#if defined(OPTREF_USE_FB) && OPTREF_USE_FB
    PFX(ws_held)(w, NULL, NULL);
#endif
    /* The gradient and η are undefined before the first step: NaN, never a stale 0. */
    for (size_t i = 0; i < w->n; i++)
        s_set_d(w->g[i], NAN);
    s_set_d(w->eta, NAN);
    a->OPTREF_IMPL->init(w);
    w->ft = 1;
    p->type->OPTREF_IMPL->f(w, w->f, w->x);
    return 0;
}

#if defined(OPTREF_USE_FB) && OPTREF_USE_FB
/* A hyper-parameter or schedule parameter may be held as the setup holds it
 * or as hp/sp (the values it was rounded from; NULL: the setup's rounded to
 * F): both are allowed, an input error of the bound (arith_fb.h), when the
 * model says so (either).  A flavor's host numbers stay binary64. */
void PFX(ws_held)(ws *w, const double *hp, const double *sp)
{
    const optref_setup *s = w->s;
    const optref_algorithm *a = s->alg;
    for (size_t k = 0; optref_fb_m.either && k < a->nhp; k++)
        if (!(a->hp[k].flags & OPTREF_P_HOST))
            fb_held(w->hp[k], hp ? hp[k] : optref_fb_round(s->hp[k], optref_fb_m.fmt));
    for (size_t k = 0; optref_fb_m.either && !a->framework && k < s->sched->nparams; k++)
        fb_held(w->sp[k], sp ? sp[k] : optref_fb_round(s->sp[k], optref_fb_m.fmt));
}
#endif

void PFX(ws_free)(ws *w)
{
    slot sl[NSLOTS];
    size_t ns = slots(w, sl);
    for (size_t k = 0; k < ns; k++) {
        vec_free(*sl[k].v, sl[k].len);
        *sl[k].v = NULL;
    }
    for (size_t k = 0; w->st && k < w->s->alg->nstate; k++)
        vec_free(w->st[k], optref_state_len(w->s, k));
    free(w->st);
    free(w->batch);
    free(w->perm);
    s_clear(w->one);
    s_clear(w->f);
    s_clear(w->eta);
    w->st = NULL;
    w->batch = w->perm = NULL;
}

/* The minibatch of step t: batch j = (t − 1) mod k of epoch e = (t − 1) div k,
 * k = ⌊m / B⌋ batches an epoch (a last partial batch is dropped, as
 * PyTorch's drop_last), positions jB .. jB + B − 1 of epoch e's shuffle.
 * Without a batch size: all m examples in index order. */
static void sample(ws *w)
{
    const optref_problem *p = w->prob;
    if (!p->batch) {
        for (size_t i = 0; i < p->m; i++)
            w->batch[i] = i;
        return;
    }
    size_t k = p->m / p->batch;
    long e = (w->t - 1) / (long)k, j = (w->t - 1) % (long)k;
    if (e != w->epoch) {
        optref_epoch_perm(w->perm, p->m, p->seed, (uint64_t)e);
        w->epoch = e;
    }
    for (size_t i = 0; i < p->batch; i++)
        w->batch[i] = w->perm[(size_t)j * p->batch + i];
}

void PFX(ws_step)(ws *w)
{
    w->t++;
    if (w->prob->m)
        sample(w);
    w->s->alg->OPTREF_IMPL->step(w);
    /* A problem's f is its full objective (a finite sum: all examples in
     * index order); for an online problem, the next loss f_{t+1}(x_t). */
    w->ft = w->t + 1;
    w->prob->type->OPTREF_IMPL->f(w, w->f, w->x);
}

/* Every flat value, rounded to double, into out (nq of them): one pass over
 * the quantities, where ws_q searches for each (run's rows; issue 13). */
void PFX(ws_row_d)(ws *w, double *out)
{
    for (size_t k = 0; k < w->s->nqt; k++) {
        const optref_quantity *Q = &w->s->qt[k];
        int src = w->s->qsrc[k];
        for (size_t i = 0; i < Q->len; i++) {
            S_SRC v = src == OPTREF_Q_X ? w->x[i] : src == OPTREF_Q_G ? w->g[i]
                      : src == OPTREF_Q_ETA ? w->eta : src == OPTREF_Q_F ? w->f : w->st[src][i];
            out[Q->offset + i] = s_get_d(v);
        }
    }
}

/* Flat value q, in the order of the setup's quantities. */
S_PTR PFX(ws_q)(ws *w, size_t q)
{
    size_t i;
    const optref_quantity *Q = optref_q_quantity(w->s, q, &i);
    int src = w->s->qsrc[Q - w->s->qt];
    switch (src) {
    case OPTREF_Q_X: return w->x[i];
    case OPTREF_Q_G: return w->g[i];
    case OPTREF_Q_ETA: return w->eta;
    case OPTREF_Q_F: return w->f;
    default: return w->st[src][i];
    }
}
