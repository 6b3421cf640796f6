/* ws.c: allocates a workspace and drives one step; compiled once per
 * arithmetic (see arith.h).  All scalars are initialised here, once. */
#include <math.h>
#include <stdlib.h>

#include "ws.h"

static S_VEC vec_new(size_t n, mpfr_prec_t prec)
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

#define ALL_SCALARS(DO)                                      \
    do {                                                     \
        for (size_t k = 0; k < OPTREF_MAX_HP; k++) DO(w->hp[k]);     \
        for (size_t k = 0; k < OPTREF_NSC; k++) DO(w->sc[k]);        \
        for (size_t k = 0; k < OPTREF_NTMP; k++) DO(w->tmp[k]);      \
        for (size_t k = 0; k < OPTREF_MAX_COEF; k++) DO(w->pc[k]);   \
        for (size_t k = 0; k < OPTREF_NPTMP; k++) DO(w->ptmp[k]);    \
        DO(w->f);                                            \
        DO(w->one);                                          \
    } while (0)

int PFX(ws_new)(PFX(ws) *w, const optref_setup *s, mpfr_prec_t prec)
{
    const optref_algorithm *a = s->alg;
    const optref_problem *p = s->prob;
    size_t n = p->n;

    w->n = n;
    w->t = 0;
    w->variant = s->variant;
    w->prob = p;
#define INIT(x) s_init((x), prec)
    ALL_SCALARS(INIT);
#undef INIT
    w->x = vec_new(n, prec);
    w->g = vec_new(n, prec);
    w->y = vec_new(n, prec);
    int ok = w->x && w->g && w->y;
    for (size_t k = 0; k < OPTREF_MAX_STATE; k++) {
        w->st[k] = k < a->nstate ? vec_new(n, prec) : NULL;
        ok = ok && (k >= a->nstate || w->st[k]);
    }
    if (!ok) {
        PFX(ws_free)(w);
        return -1;
    }
    w->nact = 0;
    for (size_t k = 0; k < a->nstate; k++)
        if (optref_state_used(a, s->variant, k))
            w->act[w->nact++] = k;
    s_set_d(w->one, 1.0);
    for (size_t k = 0; k < a->nhp; k++)
        s_set_d(w->hp[k], s->hp[k]);
    for (size_t k = 0; k < p->ncoef; k++)
        s_set_d(w->pc[k], s->coef[k]);
    for (size_t i = 0; i < n; i++)
        s_set_d(w->x[i], s->x0[i]);
    /* The gradient is undefined before the first step: NaN, never a stale 0. */
    for (size_t i = 0; i < n; i++)
        s_set_d(w->g[i], NAN);
    a->OPTREF_IMPL->init(w);
    p->OPTREF_IMPL->f(w, w->f, w->x);
    return 0;
}

void PFX(ws_free)(PFX(ws) *w)
{
    size_t n = w->n;
#define CLEAR(x) s_clear(x)
    ALL_SCALARS(CLEAR);
#undef CLEAR
    vec_free(w->x, n);
    vec_free(w->g, n);
    vec_free(w->y, n);
    for (size_t k = 0; k < OPTREF_MAX_STATE; k++)
        vec_free(w->st[k], n);
    w->x = w->g = w->y = NULL;
}

void PFX(ws_step)(PFX(ws) *w, const optref_algorithm *a)
{
    w->t++;
    a->OPTREF_IMPL->step(w);
    w->prob->OPTREF_IMPL->f(w, w->f, w->x);
}

/* Quantity q in the order documented in optref.h: x, state vectors, g, f. */
S_PTR PFX(ws_q)(PFX(ws) *w, size_t q)
{
    size_t n = w->n, k = q / n, i = q % n;
    if (k == 0)
        return w->x[i];
    if (k <= w->nact)
        return w->st[w->act[k - 1]][i];
    if (k == w->nact + 1)
        return w->g[i];
    return w->f;
}
