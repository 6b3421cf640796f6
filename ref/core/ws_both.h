/* ws_both.h: both instantiations' workspace types and driver entry points,
 * for run.c, which dispatches between them.  arith_double.h and
 * arith_mpfr.h cannot share a translation unit (their operations have the
 * same names), so the type macros are set here by hand, as they set them. */
#ifndef OPTREF_WS_BOTH_H
#define OPTREF_WS_BOTH_H

#include <mpfr.h>

typedef double optref_d_scalar[1];
typedef optref_d_scalar *optref_d_vec;
typedef double *optref_d_ptr;
typedef const double *optref_d_src;
#define S_T optref_d_scalar
#define S_VEC optref_d_vec
#define S_PTR optref_d_ptr
#define S_SRC optref_d_src
#define PFX(name) optref_d_##name
#include "ws_struct.h"
#undef S_T
#undef S_VEC
#undef S_PTR
#undef S_SRC
#undef PFX

typedef mpfr_t *optref_mp_vec;
#define S_T mpfr_t
#define S_VEC optref_mp_vec
#define S_PTR mpfr_ptr
#define S_SRC mpfr_srcptr
#define PFX(name) optref_mp_##name
#include "ws_struct.h"
#undef S_T
#undef S_VEC
#undef S_PTR
#undef S_SRC
#undef PFX

#endif
