/* arith.h: selects the arithmetic of this compilation.
 *
 * Every file under ref/alg/ and ref/problem/, and ref/ws.c, is compiled
 * twice by meson.build: once as is (double) and once with -DOPTREF_USE_MPFR=1;
 * and a third time with -DOPTREF_USE_EB=1 (arith_eb.h, the error-bounded
 * fast path of verify-step).
 * Metadata (names, defaults, citations) is compiled in the double pass only,
 * under #if OPTREF_META.
 */
#ifndef OPTREF_ARITH_H
#define OPTREF_ARITH_H

#if defined(OPTREF_USE_MPFR) && OPTREF_USE_MPFR
#include "arith_mpfr.h"
#define OPTREF_META 0
#define OPTREF_IMPL mp
#elif defined(OPTREF_USE_EB) && OPTREF_USE_EB
#include "arith_eb.h" /* error-bounded double-word: verify-step's fast path */
#define OPTREF_META 0
#define OPTREF_IMPL eb
#elif defined(OPTREF_USE_FB) && OPTREF_USE_FB
#include "arith_fb.h" /* the rounding bound of a format: verify's verdicts */
#define OPTREF_META 0
#define OPTREF_IMPL fb
#elif defined(OPTREF_USE_DB) && OPTREF_USE_DB
#include "arith_db.h" /* double + bound: verify-step's fast path for formats of <= 24 bits */
#define OPTREF_META 0
#define OPTREF_IMPL db
#else
#include "arith_double.h"
#define OPTREF_META 1
#define OPTREF_IMPL d
#endif

#endif
