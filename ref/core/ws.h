/* ws.h: what an algorithm, problem or schedule body sees, in the arithmetic
 * chosen by arith.h.  Everything a run needs is allocated (and, in MPFR,
 * initialised at the run's precision) once, by ref/core/ws.c, before the
 * first step: no body initialises or clears a scalar in its loop.
 *
 * Bodies name their functions plainly (static, one translation unit per
 * arithmetic) and export one object per instantiation with the macros at the
 * end, so that ctags and editors follow every function by its real name. */
#ifndef OPTREF_WS_H
#define OPTREF_WS_H

#include "arith.h"

#include "ws_struct.h"

typedef PFX(ws) ws;

/* ∇f(x) -> g, through the problem of this run: the loss of step t. */
static inline void grad(ws *w, S_VEC g, S_VEC x)
{
    w->ft = w->t;
    w->prob->type->OPTREF_IMPL->grad(w, g, x);
}

/* ∇²f(x) -> H (n·n, row-major), through the problem of this run; only for
 * an algorithm with needs_hessian (setup refuses a problem without one). */
static inline void hess(ws *w, S_VEC H, S_VEC x)
{
    w->ft = w->t;
    w->prob->type->OPTREF_IMPL->hess(w, H, x);
}

/* η_t: the setup's schedule evaluated at step t from the step size η0,
 * written to the recorded quantity eta. */
static inline S_SRC sched_eta(ws *w)
{
    w->s->sched->OPTREF_IMPL->eta(w, w->eta, w->hp[w->s->step]);
    return w->eta;
}

/* The exported instantiations: OPTREF_ALGORITHM_IMPL(adam) = { adam_init,
 * adam_step }; defines optref_d_adam_impl or optref_mp_adam_impl. */
#define OPTREF_ALGORITHM_IMPL(name) const struct PFX(impl) PFX(name##_impl)
#define OPTREF_PROBLEM_IMPL(name) const struct PFX(pimpl) PFX(name##_pimpl)
#define OPTREF_SCHEDULE_IMPL(name) const struct PFX(simpl) PFX(name##_simpl)
/* In the metadata: both instantiations of name, declared and pointed to. */
#define OPTREF_DECLARE_IMPLS(kind, name)                                 \
    extern const struct optref_d_##kind optref_d_##name##_##kind;        \
    extern const struct optref_mp_##kind optref_mp_##name##_##kind;      \
    extern const struct optref_eb_##kind optref_eb_##name##_##kind;      \
    extern const struct optref_db_##kind optref_db_##name##_##kind;      \
    extern const struct optref_fb_##kind optref_fb_##name##_##kind
#define OPTREF_IMPLS(kind, name) .d = &optref_d_##name##_##kind, .mp = &optref_mp_##name##_##kind, \
                                 .eb = &optref_eb_##name##_##kind, .db = &optref_db_##name##_##kind, \
                                 .fb = &optref_fb_##name##_##kind

#endif
