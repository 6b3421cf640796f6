/* npy_write.c: writes a little-endian .npy file (NEP 1, version 1.0) of one
 * vector or one number in a format of optref's (f64 '<f8', f32 '<f4', f16
 * '<f2', bf16 as its raw bits '<u2', which verify-step reads with --dtype
 * bf16) from values of that format; and verify-step's inputs from trajectory
 * rows (vstep_rows.h), which hold values of their format (fmtread.h). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vstep_rows.h"

/* The bits of v in fmt (v is a value of fmt). */
static uint64_t bits_of(double v, const optref_format *fmt)
{
    if (fmt == &optref_binary64) {
        uint64_t u;
        memcpy(&u, &v, 8);
        return u;
    }
    float f = (float)v;
    uint32_t u;
    memcpy(&u, &f, 4);
    if (fmt == &optref_binary32)
        return u;
    if (fmt == &optref_bfloat16)
        return isnan(v) ? 0x7fc0u | (u >> 16 & 0x8000u) : u >> 16;
    uint64_t s = signbit(v) ? 0x8000u : 0; /* binary16 */
    double a = fabs(v);
    int e;
    if (isnan(v))
        return 0x7e00u;
    if (isinf(v))
        return s | 0x7c00u;
    if (a < ldexp(1, -14)) /* zero, subnormal: units of 2^-24 */
        return s | (uint64_t)ldexp(a, 24);
    double m = frexp(a, &e); /* a = 2m·2^(e−1), 2m in [1, 2) */
    return s | (uint64_t)(e + 14) << 10 | (uint64_t)(ldexp(m, 11) - 1024);
}

/* path: values v[0 .. n) (scalar: shape ()) in fmt.  0, or -1 with err. */
static int npy_write(const char *path, const double *v, size_t n, int scalar, const optref_format *fmt,
                     char *err, size_t errlen)
{
    const char *descr = fmt == &optref_binary64 ? "<f8" : fmt == &optref_binary32 ? "<f4"
                        : fmt == &optref_bfloat16 ? "<u2" : "<f2";
    size_t size = fmt == &optref_binary64 ? 8 : fmt == &optref_binary32 ? 4 : 2;
    char h[128];
    int len = scalar ? snprintf(h, sizeof h, "{'descr': '%s', 'fortran_order': False, 'shape': (), }", descr)
                     : snprintf(h, sizeof h, "{'descr': '%s', 'fortran_order': False, 'shape': (%zu,), }", descr, n);
    int pad = 63 - (len + 10) % 64;
    FILE *f = fopen(path, "wb");
    if (!f)
        return snprintf(err, errlen, "%s: cannot write", path), -1;
    fprintf(f, "\x93NUMPY%c%c%c%c%s%*s\n", 1, 0, (len + pad + 1) & 0xff, (len + pad + 1) >> 8, h, pad, "");
    for (size_t i = 0; i < n; i++) {
        uint64_t u = bits_of(v[i], fmt);
        for (size_t b = 0; b < size; b++)
            fputc((int)(u >> (8 * b) & 0xff), f);
    }
    if (fclose(f) != 0)
        return snprintf(err, errlen, "%s: cannot write", path), -1;
    return 0;
}

/* Quantity q of row p, by index, into out; 0: absent, 1: complete, -1: partial (err). */
static int gather(const optref_vsrows *r, size_t q, int p, double *out, char *err, size_t errlen)
{
    size_t have = 0;
    for (size_t c = 0; c < r->ncol; c++)
        if (r->col_q[c] == q && r->have[p][c]) {
            out[r->col_i[c]] = r->row[p][c];
            have++;
        }
    if (have && have != r->q[q].n)
        return snprintf(err, errlen, "%s:%ld: %s has %zu of its %zu values at t=%ld: all or none", r->path,
                        r->line[p], r->q[q].name, have, r->q[q].n, r->t - 1 + p), -1;
    return have != 0;
}

optref_status optref_vsrows_write(const optref_vsrows *r, const char *before, const char *after, char *err,
                                  size_t errlen)
{
    const optref_format *fmt = r->fmt;
    size_t most = 1;
    for (size_t q = 0; q < r->nq; q++)
        most = r->q[q].n > most ? r->q[q].n : most;
    double *v = malloc(most * sizeof *v);
    int rc = v ? 0 : (snprintf(err, errlen, "out of memory"), -1);
    for (size_t q = 0; q < r->nq && rc == 0; q++)
        for (int side = 0; side < 2 && rc == 0; side++) {
            const char *name = r->q[q].name, *dir = side ? after : before;
            int isg = strcmp(name, "g") == 0, p = side || isg; /* g: the gradient update t used */
            if (strcmp(name, "f") == 0 || (side && isg) || (!side && strcmp(name, "eta") == 0))
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.npy", dir, name);
            if ((rc = gather(r, q, p, v, err, errlen)) == 1)
                rc = npy_write(path, v, r->q[q].n, !r->q[q].vector, fmt, err, errlen);
            rc = rc == 1 ? 0 : rc;
        }
    free(v);
    return rc ? OPTREF_EFORMAT : OPTREF_SUCCESS;
}
