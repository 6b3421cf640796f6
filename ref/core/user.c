/* user.c: the caller's own objective (optref_function_fdf, in the shape of
 * GSL's gsl_multimin_function_fdf) as a problem family.  Compiled in double
 * only: optref cannot evaluate a caller's function exactly, so a run of it in
 * MPFR is refused (OPTREF_EARITH).  A double scalar is double[1], so a
 * vector of them is a plain array of n doubles, passed as is. */
#include <math.h>

#include "ws.h"

#if OPTREF_META
static void user_f(ws *w, S_PTR out, S_VEC x)
{
    const optref_function_fdf *fn = &w->prob->user;
    *out = fn->f((const double *)x, fn->params);
}

static void user_grad(ws *w, S_VEC g, S_VEC x)
{
    const optref_function_fdf *fn = &w->prob->user;
    if (fn->fdf) {
        double f;
        fn->fdf((const double *)x, fn->params, &f, (double *)g);
    } else
        fn->df((const double *)x, fn->params, (double *)g);
}

OPTREF_PROBLEM_IMPL(user) = { user_f, user_grad, NULL }; /* no Hessian */

const optref_problem_type optref_user_type = {
    .name = "user",
    .title = "the caller's objective (optref_function_fdf)",
    .formula = "f and ∇f given by the caller",
    .source = "GSL gsl_multimin_function_fdf",
    .file = "ref/core/user.c",
    .d = &optref_d_user_pimpl,
    .mp = NULL,
};
#endif
