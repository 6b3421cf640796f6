/* golden.h: case specs, golden trajectories earned Ziv-style, their files.
 * Format: doc/golden-format.md. */
#ifndef OPTREF_GOLDEN_H
#define OPTREF_GOLDEN_H

#include "optref.h"

#define OPTREF_DEC_DIGITS 30          /* significant digits of the decimal column */
#define OPTREF_DEC_LEN 48             /* room for one decimal string */
#define OPTREF_ZIV_P0 128             /* first precision of the Ziv loop */
#define OPTREF_ZIV_PMAX 32768         /* refuse to emit what has not settled here */

/* Parse "name=value" (a hyper-parameter, or x0=v1,v2,...) into s. */
optref_status optref_setup_set(optref_setup *s, const char *item, char *err, size_t errlen);
/* Every used hyper-parameter given and in range, and the algorithm's own
 * constraints between them hold. */
optref_status optref_setup_check(const optref_setup *s, char *err, size_t errlen);

typedef struct {
    char name[64];
    optref_setup s;
    long steps;
    int line; /* line of the spec file */
} optref_case;

/* Read a spec file (golden/cases.in).  On error, err says "file:line: what". */
optref_status optref_cases_read(const char *path, optref_case **cases, size_t *ncases,
                                char *err, size_t errlen);
const optref_case *optref_case_find(const optref_case *cases, size_t n, const char *name);

typedef struct {
    size_t nq;
    long steps;
    double *val;           /* [(steps+1)*nq]: binary64 nearest to the exact value */
    char (*dec)[OPTREF_DEC_LEN]; /* [(steps+1)*nq]: 30 significant digits */
    mpfr_prec_t prec;      /* precision whose rounded values were confirmed... */
    mpfr_prec_t confirm;   /* ...by this higher precision */
} optref_golden;

/* The exact trajectory rounded to binary64 and to 30 digits: precision is
 * doubled from OPTREF_ZIV_P0 until two successive precisions agree on every
 * rounded value; OPTREF_ENOTSETTLED past OPTREF_ZIV_PMAX. */
optref_status optref_golden_compute(const optref_case *c, optref_golden *g, char *err, size_t errlen);
/* The same with another precision cap. */
optref_status optref_golden_compute_cap(const optref_case *c, optref_golden *g, mpfr_prec_t pmax,
                                        char *err, size_t errlen);
void optref_golden_free(optref_golden *g);
int optref_golden_write(FILE *f, const optref_case *c, const optref_golden *g);

/* The double variant's largest ULP distance from the golden values. */
typedef struct {
    double ulp;        /* ULPs of the golden value */
    long t;
    size_t q;
    double scaled;     /* ULPs of max(|golden|, largest |golden| of its column so far), as verify */
} optref_worst;
optref_status optref_golden_double_worst(const optref_case *c, const optref_golden *g,
                                         optref_worst *w);

#endif
