/* vstep_rows.h: verify-step's inputs from a trajectory file instead of .npy
 * dumps: a verify candidate CSV (doc/verify.md) or a golden file
 * (doc/golden-format.md), its rows t − 1 and t (ref/oracle/vstep_rows.c). */
#ifndef OPTREF_VSTEP_ROWS_H
#define OPTREF_VSTEP_ROWS_H

#include "lineread.h"
#include "optref_mpfr.h"

typedef struct {
    char *name;      /* "x", "m", "b1t", "g", "eta", "f" */
    int vector;      /* columns name[0] .. name[n − 1] */
    size_t n;        /* values */
} optref_vsrow_q;

typedef struct {
    int golden;                   /* 1: a golden file, 0: a CSV */
    char algorithm[64], variant[64]; /* a golden file's header; "" for a CSV */
    char **items;                 /* a golden file's "hp NAME VALUE" as "NAME=VALUE" */
    size_t nitems;
    optref_vsrow_q *q;            /* quantities, in column order */
    size_t nq, ncol;
    size_t *col_q, *col_i;        /* per column: its quantity and index */
    double *row[2];               /* rows t − 1 and t, per column; NaN: absent */
    unsigned char *have[2];       /* per column: the value was given */
    long t, line[2];              /* t, and the lines of rows t − 1 and t */
    char *path;
    const optref_format *fmt;     /* the candidate's format: every value is one of its */
    int digits;                   /* its round-trip decimal digits */
    mpfr_ptr scratch;             /* while reading: rounding to fmt (fmtread.h) */
} optref_vsrows;

/* Rows t − 1 and t (t >= 1) of rd; reads no further than row t.  Each value
 * is read as format fmt holds it, by `optref verify`'s rule (fmtread.h:
 * rounded once from its text; a decimal must write out one of fmt's values).
 * Errors are one line, "path:line: what". */
optref_status optref_vsrows_read(optref_lines *rd, long t, const optref_format *fmt, optref_vsrows *r, char *err,
                                 size_t errlen);
void optref_vsrows_free(optref_vsrows *r);
/* The .npy files verify-step reads: before/ holds row t − 1's quantities and
 * row t's g; after/ row t's (but g and f), each in the format read with
 * (f64, f32, f16, or bf16 as '<u2'). */
optref_status optref_vsrows_write(const optref_vsrows *r, const char *before, const char *after, char *err,
                                  size_t errlen);

#endif
