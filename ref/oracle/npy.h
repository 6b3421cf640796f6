/* npy.h: a streaming reader of NumPy .npy files, the format every framework
 * writes in one line (np.save, torch: t.numpy()).
 *
 * Format: NumPy's "NEP 1 — A simple file format for NumPy arrays" and the
 * numpy.lib.format documentation: the magic "\x93NUMPY", a major and minor
 * version (1.0, 2.0, 3.0), the header length (2 bytes little-endian in
 * version 1, 4 bytes in 2 and 3), then the header, a Python dict literal
 * {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded with
 * spaces and ended by '\n' (latin-1 in 1 and 2, UTF-8 in 3), then the data.
 *
 * Read: little-endian '<f8' '<f4' '<f2' (binary64, binary32, binary16) and
 * bfloat16 as its raw 16 bits: 'bfloat16', or, when the caller says the file
 * holds bfloat16 (--dtype bf16), '<u2' (t.view(torch.int16) / uint16
 * exports) and '<V2' '|V2' (what np.save writes for ml_dtypes.bfloat16).
 * C and Fortran order, any shape.  Values are read in storage order, a slice
 * at a time: memory is bounded by the slice, not by the array.  Big-endian
 * and other dtypes, a malformed header, and data shorter or longer than the
 * shape are refused with one line naming the file and the header field. */
#ifndef OPTREF_NPY_H
#define OPTREF_NPY_H

#include <stdio.h>

#include "optref.h"

typedef struct {
    char *path;
    FILE *f;
    const optref_format *fmt; /* the values' format */
    size_t itemsize;          /* bytes per value: 8, 4 or 2 */
    int fortran;              /* 1: column-major storage */
    int major;                /* format version */
    size_t ndim;
    size_t *shape;            /* ndim values */
    size_t count;             /* values: the product of shape (1 for shape ()) */
    long long data_off;       /* where the data begin */
    unsigned char *buf;       /* raw bytes of the last slice read */
    size_t bufcap;
} optref_npy;

/* Opens and checks path; bf16 = 1 reads '<u2' and 'V2' as bfloat16 bits.
 * err: "path: what" (a header field is named as NumPy names it). */
optref_status optref_npy_open(optref_npy *a, const char *path, int bf16, char *err, size_t errlen);
/* Values first .. first + count − 1, in storage order, as doubles (exact). */
optref_status optref_npy_read(optref_npy *a, size_t first, size_t count, double *out, char *err,
                              size_t errlen);
void optref_npy_close(optref_npy *a);

/* The logical index of storage position k as "3,17" (C order: row-major;
 * Fortran: column-major). */
void optref_npy_index(const size_t *shape, size_t ndim, int fortran, size_t k, char *buf, size_t len);

/* The shape as NumPy prints it: "(3, 4)", "(5,)", "()". */
void optref_npy_shape_text(const optref_npy *a, char *buf, size_t len);

/* Parses a header (the dict literal, without magic and length); for tests
 * and fuzzing.  Fills fmt, itemsize, fortran, ndim, shape, count. */
optref_status optref_npy_parse_header(optref_npy *a, const char *h, size_t len, int bf16, char *err,
                                      size_t errlen);

#endif
