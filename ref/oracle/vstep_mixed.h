/* vstep_mixed.h: verify-step in mixed precision: arithmetic in one format
 * (the math format M), each quantity stored in its own (S), rounded on store
 * to nearest or stochastically (doc/verify-step.md, "Mixed precision").
 *
 * Per value, with e the exact step from the stored inputs and B the math
 * budget (K ULPs of M of max(|e|, |the value before the step|)):
 *   nearest     the stored value must lie in [RN_S(e − B), RN_S(e + B)]:
 *               RN_S(e), or its neighbour where e is within B of a midpoint;
 *   stochastic  in [RD_S(e − B), RU_S(e + B)]: one of e's two neighbours
 *               (three when a grid point is within B of e); and over the
 *               coordinates whose neighbours are unambiguous, the frequency
 *               of rounding up must match p = (e − RD_S(e)) / ulp: a binned
 *               chi-square test, each bin's deviation first reduced by the
 *               largest shift the math errors allow (Σ B/ulp).
 * Master weights: x kept in M, the model's copy read from after/x_model.npy
 * and judged as x_t stored in its own format (a slot of vstep.c). */
#ifndef OPTREF_VSTEP_MIXED_H
#define OPTREF_VSTEP_MIXED_H

#include <mpfr.h>

#include "optref.h"

#define OPTREF_VSM_NBIN 10 /* bins of p: [0, 0.1), ..., [0.9, 1) */
#define OPTREF_VSM_NALT 3  /* power against: always down, always nearest, p + 0.1 */

typedef struct {
    char *name;                /* a quantity, "x", "m", "g" */
    const optref_format *fmt;  /* its storage */
    int sr;                    /* -1: default, 0: nearest, 1: stochastic */
} optref_vsm_entry;

typedef struct {
    const optref_format *math, *storage; /* storage: the default */
    int sr;                              /* default rounding on store: 1 stochastic */
    optref_vsm_entry *e;
    size_t ne;
    double alpha;                        /* significance of the statistic, per quantity */
} optref_vsmixed;

__extension__ typedef __int128 optref_i128; /* GCC and Clang */
__extension__ typedef unsigned __int128 optref_u128;

/* Sums over one bin of p, fixed point (2^-52) so that they add exactly in any order. */
typedef struct {
    long n, ups, above_half;
    optref_i128 sp, spq, sdelta, sq, sqq; /* Σp, Σp(1−p), Σδ, Σq, Σq(1−q) with q = min(1, p + 0.1) */
} optref_vsm_bin;

typedef struct {
    long outside, tested, ambiguous; /* outside the allowed set; in the statistic; near a grid point */
    size_t first_out;
    int any_out;
    optref_vsm_bin bin[OPTREF_VSM_NBIN];
} optref_vsm_acc;

typedef struct {
    const char *name, *storage;
    int sr, line;
    long outside, tested, ambiguous;
    size_t first_out;
    int any_out;
    optref_vsm_bin bin[OPTREF_VSM_NBIN];
    int dof;                            /* bins used (variance >= OPTREF_VSM_MINVAR) */
    double chi2, pvalue, crit;          /* crit: the chi-square quantile at 1 − alpha */
    double power[OPTREF_VSM_NALT];
    int stat_fail;
} optref_vsm_kind;

typedef struct optref_vsm_report_s {
    const char *math;
    double budget, alpha;   /* K ULPs of M; significance */
    size_t nkind;
    optref_vsm_kind *kind;  /* as the report's kinds */
    int stat_failed;        /* a quantity whose statistic rejects */
} optref_vsm_report;

/* One value's judgment. */
typedef struct {
    int settled, outside;
    double expected;        /* RN_S(e) (nearest) or e rounded to binary64 (stochastic) */
    double lo, hi;          /* the allowed set */
    double ulp;             /* |got − expected| in ULPs of S of max(|expected|, |before|) */
} optref_vsm_val;

/* Per worker: MPFR scratch values. */
typedef struct {
    mpfr_t a, b, s;
} optref_vsm_tmp;

/* math, storage ("bf16" or "bf16,m=f32" or "x=f32,m=bf16"), rounding ("nearest",
 * "stochastic", or per quantity as storage): all NULL = not mixed (*out NULL). */
optref_status optref_vsmixed_parse(optref_vsmixed **out, const char *math, const char *storage, const char *rounding,
                                   double alpha, const char *dtype, char *err, size_t errlen);
void optref_vsmixed_free(optref_vsmixed *m);
/* Every quantity named must be one of names[0..n) (x, g, the state). */
optref_status optref_vsmixed_names(const optref_vsmixed *m, const char *const *names, size_t n, char *err,
                                   size_t errlen);
const optref_format *optref_vsmixed_storage(const optref_vsmixed *m, const char *name);
/* 1: stored with stochastic rounding (asked, and S narrower than M). */
int optref_vsmixed_sr(const optref_vsmixed *m, const char *name);

void optref_vsm_tmp_init(optref_vsm_tmp *t);
void optref_vsm_tmp_clear(optref_vsm_tmp *t);
/* Judges got against the exact values e0, e1 (two precisions) of coordinate i. */
void optref_vsmixed_value(const optref_vsmixed *m, const char *name, double budget, mpfr_srcptr e0, mpfr_srcptr e1,
                          double got, double before, size_t i, optref_vsm_acc *acc, optref_vsm_tmp *t,
                          optref_vsm_val *out);
void optref_vsm_acc_add(optref_vsm_acc *to, const optref_vsm_acc *from);
/* Quantity name's report from its tallies: the statistic and its power when stochastic. */
void optref_vsm_kind_set(optref_vsm_kind *k, const optref_vsm_acc *a, const optref_vsmixed *m, const char *name,
                         int line);
/* The statistic and its power for one quantity (kind filled but for the statistic). */
void optref_vsm_finish(optref_vsm_kind *k, double alpha);
/* An exact sum as the JSON report writes it (each bin's "exact": Σp, Σp(1−p), Σδ,
 * Σq, Σq(1−q) in units of 2^-52, decimal): 0, or -1 when s is not one. */
int optref_vsm_i128_parse(const char *s, optref_i128 *out);
/* The report's mixed section as JSON members (malloc'd, starting with ", "). */
char *optref_vsm_json(const optref_vsm_report *r);
void optref_vsm_report_free(optref_vsm_report *r);

/* Chi-square survival P(X > x) for dof degrees of freedom (regularized upper
 * incomplete gamma Q(dof/2, x/2)), and its quantile at 1 − alpha. */
double optref_chi2_sf(double x, int dof);
double optref_chi2_crit(double alpha, int dof);

#endif
