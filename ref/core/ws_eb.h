/* ws_eb.h: the error-bounded instantiation's workspace type and driver, for
 * a file that also uses MPFR (ref/oracle/vstep.c): arith_eb.h's operations
 * would clash with nothing there, but its type macros would, so they are set
 * here by hand and undone, as ws_both.h does for the other two. */
#ifndef OPTREF_WS_EB_H
#define OPTREF_WS_EB_H

#include "eb_num.h"

typedef optref_eb_num optref_eb_scalar[1];
typedef optref_eb_scalar *optref_eb_vec;
typedef optref_eb_num *optref_eb_ptr;
typedef const optref_eb_num *optref_eb_src;
#define S_T optref_eb_scalar
#define S_VEC optref_eb_vec
#define S_PTR optref_eb_ptr
#define S_SRC optref_eb_src
#define PFX(name) optref_eb_##name
#include "ws_struct.h"
#undef S_T
#undef S_VEC
#undef S_PTR
#undef S_SRC
#undef PFX

#endif
