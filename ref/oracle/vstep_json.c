/* vstep_json.c: the verify-step report as JSON, and the plain C entry point
 * the Python module (python/optref) calls through ctypes.  Written by hand
 * (no JSON library in liboptref): numbers as %.17g (inf and NaN as strings),
 * names are optref's own identifiers, file paths are escaped. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vstep.h"
#include "verify.h"
#include "vstep_mixed.h"

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

static void put(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->oom || n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = 2 * (b->len + (size_t)n + 1);
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void num(sbuf *b, double v)
{
    if (isnan(v))
        put(b, "\"nan\"");
    else if (isinf(v))
        put(b, v > 0 ? "\"inf\"" : "\"-inf\"");
    else
        put(b, "%.17g", v);
}

static void str(sbuf *b, const char *s)
{
    put(b, "\"");
    for (; *s; s++)
        if (*s == '"' || *s == '\\')
            put(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            put(b, "\\u%04x", (unsigned char)*s);
        else
            put(b, "%c", *s);
    put(b, "\"");
}

static void coord(sbuf *b, const optref_vsreport *r, size_t i)
{
    char idx[256];
    optref_npy_index(r->shape, r->ndim, r->fortran, i, idx, sizeof idx);
    put(b, "[%s]", idx);
}

static void kinds(sbuf *b, const optref_vsreport *r)
{
    put(b, "\"quantities\": [");
    for (size_t k = 0; k < r->nkind; k++) {
        const optref_vskind *K = &r->kind[k];
        put(b, "%s{\"name\": ", k ? ", " : "");
        str(b, K->name);
        put(b, ", \"line\": %d, \"compared\": %ld, \"failed\": %ld, \"unsettled\": %ld, \"max_ulp\": ", K->line,
            K->compared, K->failed, K->unsettled);
        num(b, K->max_ulp);
        put(b, ", \"tolerance_ulps\": ");
        num(b, K->tol);
        if (r->bound) {
            put(b, ", \"max_bound_ratio\": ");
            num(b, K->max_ratio);
            put(b, ", \"bound_at_flat\": %zu, \"bound_at\": ", K->ratio_at);
            if (K->vector)
                coord(b, r, K->ratio_at);
            else
                put(b, "[]");
            put(b, ", \"unbounded\": %ld", K->unbounded);
        }
        put(b, ", \"at_flat\": %zu, \"at\": ", K->at);
        if (K->vector)
            coord(b, r, K->at);
        else
            put(b, "[]");
        put(b, ", \"verdict\": \"%s\", \"histogram\": {", K->failed ? "FAIL" : "PASS");
        int first = 1;
        for (int h = 0; h < OPTREF_VS_NBIN; h++) {
            char lab[32];
            if (!K->hist[h])
                continue;
            optref_vs_bin_label(h, lab, sizeof lab);
            put(b, "%s\"%s\": %ld", first ? "" : ", ", lab, K->hist[h]);
            first = 0;
        }
        put(b, "}}");
    }
    put(b, "]");
}

static void failures(sbuf *b, const optref_vsreport *r)
{
    put(b, "\"failures\": [");
    for (size_t f = 0; f < r->nlisted; f++) {
        const optref_vsfail *F = &r->fail[f];
        const optref_vskind *K = &r->kind[F->kind];
        put(b, "%s{\"quantity\": ", f ? ", " : "");
        str(b, K->name);
        put(b, ", \"index\": ");
        if (K->vector)
            coord(b, r, F->i);
        else
            put(b, "[]");
        put(b, ", \"flat\": %zu, \"line\": %d, \"text\": ", F->i, K->line);
        const char *txt = optref_pseudocode_line(r->file, K->line);
        str(b, txt ? txt : "");
        put(b, ", \"expected\": ");
        num(b, F->expected);
        put(b, ", \"expected_hex\": \"%a\", \"got\": ", F->expected);
        num(b, F->got);
        put(b, ", \"got_hex\": \"%a\", \"ulp\": ", F->got);
        num(b, F->ulp);
        if (r->bound) {
            put(b, ", \"bound\": ");
            num(b, F->bound);
            put(b, ", \"bound_ratio\": ");
            num(b, F->ratio);
        }
        if (r->mixed) {
            put(b, ", \"allowed\": [");
            num(b, F->lo);
            put(b, ", ");
            num(b, F->hi);
            put(b, "]");
        }
        put(b, "}");
    }
    put(b, "]");
}

char *optref_vsreport_json(const optref_vsreport *r)
{
    sbuf b = { 0 };
    put(&b, "{\"algorithm\": \"%s\", \"variant\": \"%s\", \"file\": \"%s\", \"format\": \"%s\", \"t\": %ld, ",
        r->algorithm, r->variant, r->file, r->fmt ? r->fmt->name : "", r->t);
    put(&b, "\"coordinates\": %zu, \"shape\": [", r->n);
    for (size_t d = 0; d < r->ndim; d++)
        put(&b, "%s%zu", d ? ", " : "", r->shape[d]);
    put(&b, "], \"fortran_order\": %s, \"tolerance\": ", r->fortran ? "true" : "false");
    num(&b, r->tol);
    put(&b, ", \"tolerance_from\": ");
    str(&b, r->tolsrc);
    put(&b, ", \"rule\": \"%s\", \"order\": \"%s\"", r->bound ? "bound" : "budget",
        r->bound ? (r->any_order ? "any" : "flavor") : "");
    put(&b, ", \"not_judged\": ");
    str(&b, r->notes);
    put(&b, ", \"threads\": %zu, \"chunk\": %zu, \"shard\": [%zu, %zu], \"range\": [%zu, %zu], ", r->nthreads,
        r->chunk, r->shard, r->nshards, r->lo, r->hi);
    /* values whose truth the error-bounded fast path decided, and those MPFR did (doc/design.md) */
    put(&b, "\"fast_path\": %ld, \"mpfr_fallback\": %ld, ", r->fast, r->fallback);
    kinds(&b, r);
    put(&b, ", \"failed\": %ld, \"max_failures\": %zu, ", r->nfailed, r->max_report);
    failures(&b, r);
    if (r->mixed) { /* mixed precision: per quantity, the neighbour check and the statistic */
        char *m = optref_vsm_json(r->mixed);
        b.oom |= !m;
        put(&b, "%s", m ? m : "");
        free(m);
    }
    put(&b, ", \"pass\": %s}\n", r->pass ? "true" : "false");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

char *optref_verify_step_json(const char *algorithm, const char *const *items, size_t nitems, const char *before,
                              const char *after, const char *dtype, long t, double tol, int round_hp,
                              size_t max_report, char *err, size_t errlen)
{
    optref_vsopts o = { .algorithm = algorithm, .items = items, .nitems = nitems, .before = before,
                        .after = after, .dtype = dtype && *dtype ? dtype : NULL, .t = t, .tol = tol,
                        .round_hp = round_hp, .max_report = max_report, .bound = isnan(tol), .any_order = 1,
                        .hp_either = !round_hp };
    optref_vsreport r;
    char *json = NULL;
    if (optref_verify_step(&o, &r, err, errlen) == OPTREF_SUCCESS && !(json = optref_vsreport_json(&r)))
        snprintf(err, errlen, "out of memory");
    optref_vsreport_free(&r);
    return json;
}

/* One layer of a manifest (rows × cols, judged whole: per-layer, row and column
 * state), for the Python module's layers (python/optref). */
char *optref_verify_step_layer_json(const char *algorithm, const char *const *items, size_t nitems,
                                    const char *before, const char *after, const char *dtype, long t, double tol,
                                    int round_hp, size_t max_report, size_t rows, size_t cols, char *err,
                                    size_t errlen)
{
    optref_vsopts o = { .algorithm = algorithm, .items = items, .nitems = nitems, .before = before,
                        .after = after, .dtype = dtype && *dtype ? dtype : NULL, .t = t, .tol = tol,
                        .round_hp = round_hp, .max_report = max_report, .layer_rows = rows, .layer_cols = cols,
                        .bound = isnan(tol), .any_order = 1, .hp_either = !round_hp };
    optref_vsreport r;
    char *json = NULL;
    if (optref_verify_step(&o, &r, err, errlen) == OPTREF_SUCCESS && !(json = optref_vsreport_json(&r)))
        snprintf(err, errlen, "out of memory");
    optref_vsreport_free(&r);
    return json;
}

void optref_free(void *p) { free(p); }
