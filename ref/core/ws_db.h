/* ws_db.h: the double + bound instantiation's workspace type and driver, for
 * a file that also uses MPFR (ref/oracle/vstep.c); its type macros are set
 * here by hand and undone, as ws_eb.h does. */
#ifndef OPTREF_WS_DB_H
#define OPTREF_WS_DB_H

#include "db_num.h"

typedef optref_db_num optref_db_scalar[1];
typedef optref_db_scalar *optref_db_vec;
typedef optref_db_num *optref_db_ptr;
typedef const optref_db_num *optref_db_src;
#define S_T optref_db_scalar
#define S_VEC optref_db_vec
#define S_PTR optref_db_ptr
#define S_SRC optref_db_src
#define PFX(name) optref_db_##name
#include "ws_struct.h"
#undef S_T
#undef S_VEC
#undef S_PTR
#undef S_SRC
#undef PFX

#endif
