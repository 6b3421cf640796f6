/* ws_fb.h: the rounding-bound instantiation's workspace type and driver, for
 * a file that also uses MPFR (ref/oracle/vstep.c); its type macros are set
 * here by hand and undone, as ws_eb.h does. */
#ifndef OPTREF_WS_FB_H
#define OPTREF_WS_FB_H

#include "fb_num.h"

typedef optref_fb_num optref_fb_scalar[1];
typedef optref_fb_scalar *optref_fb_vec;
typedef optref_fb_num *optref_fb_ptr;
typedef const optref_fb_num *optref_fb_src;
#define S_T optref_fb_scalar
#define S_VEC optref_fb_vec
#define S_PTR optref_fb_ptr
#define S_SRC optref_fb_src
#define PFX(name) optref_fb_##name
#include "ws_struct.h"
/* The hyper-parameters an implementation may hold otherwise (ref/core/ws.c). */
void optref_fb_ws_held(optref_fb_ws *w, const double *hp, const double *sp);
#undef S_T
#undef S_VEC
#undef S_PTR
#undef S_SRC
#undef PFX

#endif
