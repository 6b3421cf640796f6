/* ws.h: the workspace an algorithm body works in, in the arithmetic chosen
 * by arith.h.  Everything a run needs is allocated (and, in MPFR,
 * initialised at the run's precision) once, by ref/ws.c, before the first
 * step: no algorithm or problem initialises or clears a scalar in its loop.
 */
#ifndef OPTREF_WS_H
#define OPTREF_WS_H

#include "optref.h"
#include "arith.h"

#include "ws_struct.h"

/* ∇f(x) -> g, through the problem of this run. */
static inline void grad(PFX(ws) *w, S_VEC g, S_VEC x) { w->prob->OPTREF_IMPL->grad(w, g, x); }

#endif
