/* golden.h: case specs, golden trajectories earned Ziv-style, their files.
 * Format: doc/golden-format.md. */
#ifndef OPTREF_GOLDEN_H
#define OPTREF_GOLDEN_H

#include <stdio.h>

#include "lineread.h"
#include "optref_mpfr.h"

#define OPTREF_DEC_DIGITS 30          /* significant digits of the decimal column */
#define OPTREF_DEC_LEN 48             /* room for one decimal string */
#define OPTREF_ZIV_P0 128             /* first precision of the Ziv loop */
#define OPTREF_ZIV_PMAX 32768         /* refuse to emit what has not settled here */

typedef struct {
    char name[64];
    optref_setup *s;
    long steps;
    long every;      /* record steps 0, every, 2·every, ..., and the last */
    size_t *coords;  /* coordinates recorded of each vector quantity; NULL: all */
    size_t ncoords;
    int line;        /* line of the spec file */
} optref_case;

/* Read a spec file (golden/cases.in).  On error, err says "file:line: what". */
optref_status optref_cases_read(const char *path, optref_case **cases, size_t *ncases,
                                char *err, size_t errlen);
/* The same from an open line reader (lineread.h): "-", memory, a fuzzer. */
optref_status optref_cases_read_lines(optref_lines *rd, optref_case **cases, size_t *ncases, char *err,
                                      size_t errlen);
/* One case line (without the file:line prefix in err). */
optref_status optref_case_parse(const char *line, optref_case *c, char *err, size_t errlen);
void optref_case_clear(optref_case *c);
void optref_cases_free(optref_case *cases, size_t n);
const optref_case *optref_case_find(const optref_case *cases, size_t n, const char *name);

/* Whether the case records step t, and value q of the setup. */
int optref_case_records_t(const optref_case *c, long t);
int optref_case_records_q(const optref_case *c, size_t q);

/* What generating a golden file found. */
typedef struct {
    long prec, confirm;  /* values settled at prec, confirmed at confirm bits */
    double worst_ulp;    /* the double variant's largest distance, ULPs of each golden value */
    long worst_t;
    size_t worst_q;
    double worst_scaled; /* ULPs of max(|golden|, largest |golden| of its column so far), as verify */
} optref_golden_info;

/* Computes the case's exact trajectory, rounded to binary64 and to 30 digits,
 * and writes its golden file to out.  Two MPFR runs at p and 2p bits go in
 * lockstep; a recorded step is written when both round it alike, else the
 * precision doubles: the 2p run goes on as the new p run, a new 4p run catches
 * up, and the step is checked again (OPTREF_ENOTSETTLED past pmax).  Memory is
 * proportional to the dimension, not to the steps: the body goes to a
 * temporary file until the header's precision is known.  The double variant
 * runs alongside, for info's distances. */
optref_status optref_golden_generate(FILE *out, const optref_case *c, long pmax,
                                     optref_golden_info *info, char *err, size_t errlen);

#endif
