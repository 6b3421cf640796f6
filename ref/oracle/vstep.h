/* vstep.h: verify one step of a user's optimizer on tensor dumps (.npy).
 *
 * The candidate gives, as .npy files named after optref's quantities:
 *   before/  the inputs of step t: x.npy (parameters x_{t−1}), g.npy (the
 *            gradient g_t that step t used: the user's model produced it),
 *            and each per-coordinate state variable at t − 1 (m.npy, v.npy...);
 *   after/   the outputs of step t: x.npy, and the state variables at t.
 * Each coordinate's step t is recomputed exactly from those inputs (two MPFR
 * runs, 256 and 512 bits, as verify's one-step judgment) and rounded to the
 * candidate's format; a value whose two roundings differ is not judged
 * (counted as unsettled).  The gradient enters through a problem whose
 * gradient is the given g: the linear family, f(x) = Σ g_i x_i.
 * Scalar state that follows t alone (β1^t, β2^t) is taken from
 * before/NAME.npy if given, else computed exactly by t − 1 steps of a one-
 * coordinate run (and refused if it depends on the data).  Per-layer and
 * matrix state cannot be split by coordinate: refused, unless the files hold
 * one layer (layer_rows × layer_cols, from a manifest): then the layer is one
 * chunk, judged as a whole, per-layer (trust ratio), per-row and per-column
 * state included.  Coordinates are processed in chunks by worker threads, so
 * memory is bounded by a chunk (a layer).
 * doc/verify-step.md. */
#ifndef OPTREF_VSTEP_H
#define OPTREF_VSTEP_H

#include "npy.h"

/* Histogram of ULP errors: bin 0 holds 0, bin 1 (0, 1/2], bin b >= 2
 * (2^(b−3), 2^(b−2)], the last bin everything above (and inf, NaN). */
#define OPTREF_VS_NBIN 34

typedef struct {
    const char *algorithm;       /* "adam" or "adam:VARIANT" */
    const char *const *items;    /* name=value: hyper-parameters, schedule=... */
    size_t nitems;
    const char *before, *after;  /* directories */
    const char *dtype;           /* f64, f32, bf16, f16; NULL: the files' own */
    long t;                      /* the step judged, >= 1 */
    double tol;                  /* ULPs; NAN: the onestep budget of tolfile */
    const char *tolfile;         /* golden/TOLERANCES; NULL: the default places */
    int round_hp;                /* 1: hyper-parameters rounded to the format, as verify */
    size_t chunk;                /* coordinates per chunk; 0: 16384 */
    size_t nthreads;             /* 0: 2 */
    size_t max_report;           /* failures listed */
    size_t shard, nshards;       /* judge slice shard of nshards (0, 0: all) */
    size_t layer_rows, layer_cols; /* > 0: the files hold one layer of a manifest, rows × cols,
                                    * judged as a whole (per-layer, row, column state allowed) */
    const char *math, *storage;  /* mixed precision (vstep_mixed.h): the arithmetic's format, and
                                  * "S" or "S,name=S,..." the storage; NULL: not mixed */
    const char *store_rounding;  /* "nearest" (default), "stochastic", or per quantity as storage */
    double sr_alpha;             /* significance of the stochastic-rounding test; 0 or NAN: 1e-6 */
    int bound;                   /* 1: judge by the rounding bound (ref/core/fb_num.h, as verify); 0: by the
                                    ULP budgets tol or tolfile.  Not with math (mixed precision) */
    int any_order;               /* the bound covers any association of each sum and product (1), or
                                    optref's order (0); FMA contraction either way */
    int hp_either;               /* bound mode: a hyper-parameter may be held as given (binary64) or rounded
                                    to the format, either (1); 0: exactly as the truth holds it (round_hp) */
} optref_vsopts;

typedef struct {
    const char *name;            /* "x", "m", "v", "b1t", "eta" */
    int line;                    /* pseudocode line that computes it */
    int vector;
    int coord;                   /* 1: one value per coordinate (indexed in x's shape) */
    long compared, failed, unsettled;
    double max_ulp;
    size_t at;                   /* storage position of the largest error */
    long hist[OPTREF_VS_NBIN];
    double tol;                  /* its budget (ULPs): its own row of TOLERANCES, or the algorithm's */
    double max_ratio;            /* bound mode: the largest |got − truth| / bound, and where */
    size_t ratio_at;
    long unbounded;              /* bound mode: values without a finite bound (not judged) */
} optref_vskind;

typedef struct {
    size_t kind;                 /* index into kind[] */
    size_t i;                    /* storage position */
    double expected, got, ulp;
    double lo, hi;               /* mixed precision: the values allowed (else 0) */
    double bound, ratio;         /* bound mode: the allowance and |got − expected| / bound */
} optref_vsfail;

typedef struct {
    char algorithm[64], variant[64];
    const char *file;            /* "ref/alg/adam.c" */
    const optref_format *fmt;
    long t;
    double tol;
    char tolsrc[512];            /* where tol came from */
    size_t n, ndim, *shape;
    int fortran;
    size_t nkind;
    optref_vskind *kind;         /* judged quantities, in pseudocode line order */
    optref_vsfail *fail;         /* listed failures: by line, then coordinate */
    size_t nlisted;
    long nfailed;
    long fast, fallback;         /* values decided by the error-bounded fast path, by MPFR */
    char notes[256];             /* quantities not judged, and why */
    size_t nthreads, chunk;
    size_t shard, nshards, lo, hi; /* the slice judged: coordinates lo .. hi − 1 */
    size_t max_report;             /* failures listed at most */
    int pass;
    int bound, any_order;        /* judged by the rounding bound (opts' bound, any_order) */
    struct optref_vsm_report_s *mixed; /* mixed precision (vstep_mixed.h); NULL: not mixed */
} optref_vsreport;

optref_status optref_verify_step(const optref_vsopts *o, optref_vsreport *r, char *err, size_t errlen);
void optref_vsreport_free(optref_vsreport *r);
/* The report as JSON (malloc'd; NULL if out of memory). */
char *optref_vsreport_json(const optref_vsreport *r);
/* The bin of u, and its label ("0", "<=0.5", "<=1", ..., ">2^31"). */
int optref_vs_bin(double u);
void optref_vs_bin_label(int b, char *buf, size_t len);

#endif
