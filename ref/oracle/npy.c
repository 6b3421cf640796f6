/* npy.c: a streaming reader of NumPy .npy files (npy.h; the format is
 * NumPy's NEP 1 and the numpy.lib.format documentation). */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "npy.h"

/* ---- the header: a Python dict literal ------------------------------------ */

typedef struct {
    const char *p, *end;
    const char *path;
    char *err;
    size_t errlen;
} cursor;

static int fail(cursor *c, const char *fmt, const char *a)
{
    char what[512];
    snprintf(what, sizeof what, fmt, a);
    int field = strncmp(what, "header field", 12) == 0 || strncmp(what, "unknown header field", 20) == 0;
    snprintf(c->err, c->errlen, "%s: %s%s", c->path, field ? "" : "header: ", what);
    for (char *e = c->err; *e; e++) /* the header's bytes, quoted: one line, printable */
        if ((unsigned char)*e < 0x20 || *e == 0x7f)
            *e = '?';
    return -1;
}

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* A quoted string (' or ") into out; longer strings are cut (and so unknown). */
static int read_string(cursor *c, char *out, size_t len)
{
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return fail(c, "expected a quoted string at offset %s", "");
    char q = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != q) {
        if (n + 1 < len)
            out[n++] = *c->p;
        c->p++;
    }
    out[n] = '\0';
    if (c->p >= c->end)
        return fail(c, "unterminated string '%s'", out);
    c->p++;
    return 0;
}

static int read_bool(cursor *c, int *out)
{
    if (c->end - c->p >= 4 && strncmp(c->p, "True", 4) == 0)
        return c->p += 4, *out = 1, 0;
    if (c->end - c->p >= 5 && strncmp(c->p, "False", 5) == 0)
        return c->p += 5, *out = 0, 0;
    return fail(c, "header field 'fortran_order': expected True or False%s", "");
}

/* (d1, d2, ...): a tuple of whole numbers, () for a scalar. */
static int read_shape(cursor *c, optref_npy *a)
{
    if (c->p >= c->end || *c->p != '(')
        return fail(c, "header field 'shape': expected a tuple such as (3, 4)%s", "");
    c->p++;
    size_t cap = 0;
    a->ndim = 0;
    a->count = 1;
    for (;;) {
        skip_ws(c);
        if (c->p < c->end && *c->p == ')')
            return c->p++, 0;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9')
            return fail(c, "header field 'shape': expected a whole number or ')'%s", "");
        size_t d = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            if (d > (SIZE_MAX - 9) / 10)
                return fail(c, "header field 'shape': a dimension overflows%s", "");
            d = d * 10 + (size_t)(*c->p++ - '0');
        }
        if (a->ndim == cap) {
            size_t *s = realloc(a->shape, (cap = 2 * cap + 4) * sizeof *s);
            if (!s)
                return fail(c, "out of memory%s", "");
            a->shape = s;
        }
        a->shape[a->ndim++] = d;
        if (d && a->count > SIZE_MAX / 8 / d)
            return fail(c, "header field 'shape': more values than memory can address%s", "");
        a->count *= d;
        skip_ws(c);
        if (c->p < c->end && *c->p == ',')
            c->p++;
    }
}

static int set_descr(cursor *c, optref_npy *a, const char *d, int bf16)
{
    static const struct {
        const char *descr;
        const optref_format *fmt;
        size_t size;
        int raw16; /* bfloat16 only when the caller says so */
    } known[] = { { "<f8", &optref_binary64, 8, 0 }, { "<f4", &optref_binary32, 4, 0 },
                  { "<f2", &optref_binary16, 2, 0 }, { "bfloat16", &optref_bfloat16, 2, 0 },
                  { "<u2", &optref_bfloat16, 2, 1 }, { "<V2", &optref_bfloat16, 2, 1 },
                  { "|V2", &optref_bfloat16, 2, 1 } };
    for (size_t k = 0; k < OPTREF_COUNT(known); k++) {
        if (strcmp(d, known[k].descr) != 0)
            continue;
        if (known[k].raw16 && !bf16)
            return fail(c, "header field 'descr': '%s' holds 16-bit words; if they are bfloat16 bits, say "
                        "--dtype bf16 (dtype=\"bf16\")", d);
        a->fmt = known[k].fmt;
        a->itemsize = known[k].size;
        return 0;
    }
    if (d[0] == '>')
        return fail(c, "header field 'descr': '%s' is big-endian; optref reads little-endian files "
                    "(a.astype(a.dtype.newbyteorder('<')))", d);
    return fail(c, "header field 'descr': unsupported dtype '%s' (optref reads '<f8', '<f4', '<f2', and "
                "bfloat16 as 'bfloat16', or '<u2'/'V2' with --dtype bf16)", d);
}

static int read_field(cursor *c, optref_npy *a, const char *key, unsigned *seen, int bf16)
{
    static const char *const keys[] = { "descr", "fortran_order", "shape" };
    size_t k = 0;
    while (k < 3 && strcmp(key, keys[k]) != 0)
        k++;
    if (k == 3)
        return fail(c, "unknown header field '%s' (NumPy writes descr, fortran_order, shape)", key);
    if (*seen & (1u << k))
        return fail(c, "header field '%s' appears twice", key);
    *seen |= 1u << k;
    if (k == 1)
        return read_bool(c, &a->fortran);
    if (k == 2)
        return read_shape(c, a);
    if (c->p < c->end && *c->p == '[')
        return fail(c, "header field 'descr': a structured dtype (a list of fields); optref reads one "
                    "number per value%s", "");
    char d[64];
    return read_string(c, d, sizeof d) || set_descr(c, a, d, bf16);
}

optref_status optref_npy_parse_header(optref_npy *a, const char *h, size_t len, int bf16, char *err,
                                      size_t errlen)
{
    cursor c = { h, h + len, a->path ? a->path : "npy", err, errlen };
    unsigned seen = 0;
    skip_ws(&c);
    if (c.p >= c.end || *c.p++ != '{')
        return fail(&c, "expected a dict literal '{...}'%s", ""), OPTREF_EFORMAT;
    for (;;) {
        skip_ws(&c);
        if (c.p < c.end && *c.p == '}') {
            c.p++;
            break;
        }
        char key[32];
        if (read_string(&c, key, sizeof key) != 0)
            return OPTREF_EFORMAT;
        skip_ws(&c);
        if (c.p >= c.end || *c.p++ != ':')
            return fail(&c, "expected ':' after '%s'", key), OPTREF_EFORMAT;
        skip_ws(&c);
        if (read_field(&c, a, key, &seen, bf16) != 0)
            return OPTREF_EFORMAT;
        skip_ws(&c);
        if (c.p < c.end && *c.p == ',')
            c.p++;
        else if (c.p >= c.end || *c.p != '}')
            return fail(&c, "expected ',' or '}' after field '%s'", key), OPTREF_EFORMAT;
    }
    skip_ws(&c);
    if (c.p != c.end)
        return fail(&c, "bytes after the dict literal%s", ""), OPTREF_EFORMAT;
    static const char *const keys[] = { "descr", "fortran_order", "shape" };
    for (int k = 0; k < 3; k++)
        if (!(seen & (1u << k)))
            return fail(&c, "header field '%s' missing", keys[k]), OPTREF_EFORMAT;
    return OPTREF_SUCCESS;
}

/* ---- the file --------------------------------------------------------------- */

static optref_status read_preamble(optref_npy *a, unsigned long long *hlen, char *err, size_t errlen)
{
    unsigned char m[12];
    size_t got = fread(m, 1, 10, a->f);
    if (got < 10 || memcmp(m, "\x93NUMPY", 6) != 0)
        return snprintf(err, errlen, "%s: not a .npy file (no \\x93NUMPY magic)", a->path), OPTREF_EFORMAT;
    a->major = m[6];
    if (a->major < 1 || a->major > 3 || m[7] != 0)
        return snprintf(err, errlen, "%s: .npy format version %d.%d; optref reads 1.0, 2.0 and 3.0", a->path,
                        m[6], m[7]), OPTREF_EFORMAT;
    *hlen = m[8] | (unsigned)m[9] << 8;
    if (a->major >= 2) {
        if (fread(m + 10, 1, 2, a->f) != 2)
            return snprintf(err, errlen, "%s: truncated in the header length", a->path), OPTREF_EFORMAT;
        *hlen |= (unsigned long long)m[10] << 16 | (unsigned long long)m[11] << 24;
    }
    a->data_off = (a->major >= 2 ? 12 : 10) + (long long)*hlen;
    return OPTREF_SUCCESS;
}

static optref_status read_header(optref_npy *a, long long fsize, int bf16, char *err, size_t errlen)
{
    unsigned long long hlen;
    optref_status st = read_preamble(a, &hlen, err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    if (a->data_off > fsize)
        return snprintf(err, errlen, "%s: truncated: the header length says %llu bytes, the file is %lld bytes",
                        a->path, hlen, fsize), OPTREF_EFORMAT;
    char *h = malloc(hlen ? hlen : 1);
    if (!h)
        return snprintf(err, errlen, "%s: out of memory", a->path), OPTREF_ENOMEM;
    if (fread(h, 1, hlen, a->f) != hlen)
        st = (snprintf(err, errlen, "%s: truncated in the header", a->path), OPTREF_EFORMAT);
    else if (hlen == 0 || h[hlen - 1] != '\n')
        st = (snprintf(err, errlen, "%s: header: not ended by a newline", a->path), OPTREF_EFORMAT);
    else if (memchr(h, '\0', hlen))
        st = (snprintf(err, errlen, "%s: header: NUL byte", a->path), OPTREF_EFORMAT);
    else
        st = optref_npy_parse_header(a, h, hlen, bf16, err, errlen);
    free(h);
    return st;
}

void optref_npy_shape_text(const optref_npy *a, char *buf, size_t len)
{
    size_t u = (size_t)snprintf(buf, len, "(");
    for (size_t d = 0; d < a->ndim && u < len; d++)
        u += (size_t)snprintf(buf + u, len - u, "%zu%s", a->shape[d], a->ndim == 1 ? "," : d + 1 < a->ndim ? ", " : "");
    if (u < len)
        snprintf(buf + u, len - u, ")");
}

optref_status optref_npy_open(optref_npy *a, const char *path, int bf16, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    struct stat sb;
    if (!(a->path = strdup(path)))
        return snprintf(err, errlen, "%s: out of memory", path), OPTREF_ENOMEM;
    if (!(a->f = fopen(path, "rb")) || fstat(fileno(a->f), &sb) != 0)
        return snprintf(err, errlen, "%s: %s", path, strerror(errno)), OPTREF_EIO;
    if (!S_ISREG(sb.st_mode))
        return snprintf(err, errlen, "%s: not a regular file", path), OPTREF_EIO;
    optref_status st = read_header(a, (long long)sb.st_size, bf16, err, errlen);
    if (st != OPTREF_SUCCESS)
        return st;
    long long want = (long long)(a->count * a->itemsize), have = (long long)sb.st_size - a->data_off;
    if (have != want) {
        char sh[96];
        optref_npy_shape_text(a, sh, sizeof sh);
        snprintf(err, errlen, "%s: %s: shape %s of %s needs %lld bytes of data, the file has %lld", path,
                 have < want ? "truncated data" : "bytes after the data", sh, a->fmt->name, want, have);
        return OPTREF_EFORMAT;
    }
    return OPTREF_SUCCESS;
}

/* ---- values ----------------------------------------------------------------- */

static double half_to_d(unsigned h)
{
    unsigned e = (h >> 10) & 31, m = h & 1023;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m + 1024, (int)e - 25);
    return h & 0x8000 ? -v : v;
}

static double decode(const unsigned char *b, const optref_format *fmt)
{
    if (fmt == &optref_binary64) {
        uint64_t u = 0;
        for (int k = 7; k >= 0; k--)
            u = u << 8 | b[k];
        double d;
        memcpy(&d, &u, sizeof d);
        return d;
    }
    uint32_t u = fmt == &optref_binary32 ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                                               (uint32_t)b[3] << 24
                                         : (uint32_t)b[0] | (uint32_t)b[1] << 8;
    if (fmt == &optref_binary16)
        return half_to_d(u);
    if (fmt == &optref_bfloat16)
        u <<= 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

optref_status optref_npy_read(optref_npy *a, size_t first, size_t count, double *out, char *err,
                              size_t errlen)
{
    if (first > a->count || count > a->count - first)
        return snprintf(err, errlen, "%s: values %zu..%zu beyond its %zu", a->path, first, first + count,
                        a->count), OPTREF_EDIM;
    size_t bytes = count * a->itemsize;
    if (bytes > a->bufcap) {
        unsigned char *b = realloc(a->buf, bytes);
        if (!b)
            return snprintf(err, errlen, "%s: out of memory", a->path), OPTREF_ENOMEM;
        a->buf = b;
        a->bufcap = bytes;
    }
    if (fseeko(a->f, (off_t)(a->data_off + (long long)(first * a->itemsize)), SEEK_SET) != 0 ||
        fread(a->buf, 1, bytes, a->f) != bytes)
        return snprintf(err, errlen, "%s: truncated data: value %zu cannot be read", a->path, first),
               OPTREF_EFORMAT;
    for (size_t i = 0; i < count; i++)
        out[i] = decode(a->buf + i * a->itemsize, a->fmt);
    return OPTREF_SUCCESS;
}

void optref_npy_close(optref_npy *a)
{
    if (a->f)
        fclose(a->f);
    free(a->path);
    free(a->shape);
    free(a->buf);
    memset(a, 0, sizeof *a);
}

void optref_npy_index(const size_t *shape, size_t ndim, int fortran, size_t k, char *buf, size_t len)
{
    size_t u = 0;
    buf[0] = '\0';
    if (ndim == 0)
        snprintf(buf, len, "0");
    for (size_t d = 0; d < ndim && u < len; d++) {
        size_t stride = 1; /* C order: the product of the later dimensions; Fortran: of the earlier */
        for (size_t e = fortran ? 0 : d + 1; e < (fortran ? d : ndim); e++)
            stride *= shape[e];
        size_t idx = shape[d] ? k / stride % shape[d] : 0;
        u += (size_t)snprintf(buf + u, len - u, "%s%zu", d ? "," : "", idx);
    }
}
