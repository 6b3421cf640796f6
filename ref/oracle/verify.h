/* verify.h: judge a candidate trajectory (CSV, from any implementation)
 * against the exact trajectory of a case, rounded to the candidate's format.
 * The verdict (bound = 1, the default of `optref verify`): a value fails
 * only when it lies further from the exact value than any implementation
 * doing the pseudocode's operations in the candidate's format can land,
 * the rounding bound of ref/core/arith_fb.h, plus the rounding of the truth
 * to the format; bound = 0: fixed ULP budgets (golden/TOLERANCES).
 * Format of the candidate file and of the verdict: doc/verify.md. */
#ifndef OPTREF_VERIFY_H
#define OPTREF_VERIFY_H

#include "golden.h"

enum { OPTREF_TRAJ = 0, OPTREF_STEP = 1 };  /* the two ways to judge */
#define OPTREF_VERIFY_MAXREPORT 20   /* failures listed in a report (all are counted) */

typedef struct optref_qtol_s {
    char q[32];               /* "v" */
    double ulps;
} optref_qtol;

typedef struct {
    const optref_case *c;
    const optref_format *fmt; /* the candidate's arithmetic */
    int want[2];              /* judge by trajectory, by one step */
    double tol[2];            /* ULP tolerance of each mode */
    const struct optref_qtol_s *qtol[2]; /* budgets of named quantities (rows "ALG.q"); others: tol[mode] */
    size_t nqtol[2];
    long steps;               /* rows t = 0..steps are expected */
    int first_steps;          /* 1 (--steps N): judge the first N steps of a longer file */
    size_t max_report;        /* failures listed (<= OPTREF_VERIFY_MAXREPORT) */
    int bound;                /* 1: judge by the rounding bound; 0: by the ULP budgets tol, qtol */
    int any_order;            /* the bound covers any association of each sum and product (1), or the
                                 transcription's order (0); FMA contraction either way */
    int hp_format;            /* 1: an implementation holds the hyper-parameters rounded to the format, as
                                 the truth does; 0: as the case gives them (binary64) or rounded, either */
} optref_vopts;

typedef struct {
    const char *name; /* "x", "m", "b1t", "eta", "g", "f": the case's quantity */
    int present;     /* the candidate has these columns */
    long compared, failed;
    double max_ulp, max_rel;
    long at_t;
    size_t at_i;
    int line;        /* pseudocode line that computes it (-1: f, the problem's) */
    int vector;      /* named with an index: "m[3]" */
    int intermediate; /* an intermediate (m̂, v̂, g′): an optional column, not state */
    double tol;      /* its budget (ULPs) */
    long excused;    /* an intermediate's values over tolerance at steps where no recorded value
                        failed: not failures (they locate one; doc/verify.md) */
    double max_ratio; /* bound mode: largest |got − truth| / bound */
    long ratio_t;
    size_t ratio_i;
    long unbounded;  /* values with no finite bound (not judged) */
} optref_vkind;

/* Where a mode's first failing step went wrong, in the order the pseudocode
 * executes: the first line whose value failed, and the last line before it
 * whose values are all columns that agreed.  Lines between them compute
 * values the candidate did not give (m̂, v̂ in Adam's L5-L6): the defect is in
 * one of after+1 .. line, not necessarily at line. */
typedef struct {
    long t;            /* the step; -1: no failure in this mode */
    int line;          /* first failing line (-1: f, the objective) */
    char q[16];        /* its quantity: "x" */
    int after;         /* last agreeing line before it; -1: none */
    char after_q[16];  /* a quantity of it: "v" */
    int between;       /* 1: pseudocode lines lie strictly between after and line */
    char unseen[128];  /* quantities of those lines that are not columns: "mhat (L5), vhat (L6)" */
} optref_vdiv;

typedef struct {
    int mode;
    long t;
    size_t q;
    char qname[32];
    double expected, got, ulp, tol;
    double bound, ratio; /* bound mode: the bound (rounding of the implementation and of the truth) and
                            |got − expected| / bound */
    int line;
    long csv_line;
} optref_vfail;

typedef struct {
    int ran[2];                 /* modes judged */
    char why_not[2][160];       /* why a mode was not judged */
    size_t nkind;               /* one per quantity of the case */
    optref_vkind *kind[2];
    optref_vfail fail[OPTREF_VERIFY_MAXREPORT];
    size_t nlisted;
    long nfailed;               /* all failures, listed or not */
    long rows;
    long unsettled;             /* one-step values whose truth did not settle (not judged) */
    long prec;                  /* trajectory truth: precision reached */
    double bytes;
    int pass;
    long degenerate;            /* values whose exact value is NaN or infinite in the format */
    long degen_t;               /* the first of them: step, mode, quantity, value */
    int degen_mode;
    char degen_q[32];
    double degen_v;
    optref_vdiv div[2];         /* per mode: where its first failing step diverged */
    long excused;               /* the kinds' excused values, all modes */
    long fast, fallback;        /* truth values decided by the error-bounded fast path, by MPFR (both modes) */
    long handover_t;            /* trajectory: the step from which MPFR took over from the fast path; -1: never */
    int traj_cut;               /* bound mode: the trajectory is judged up to traj_until only: from the next
                                   step the propagated bound says nothing (why: traj_why) */
    long traj_until;
    char traj_why[200];
    long unproved_steps;        /* one-step: steps whose bounds are not proved (a comparison either way) */
    size_t nsens;               /* bound mode, one step: the known mistakes of the algorithm (sensitivity.h) */
    struct optref_vsens {
        const char *name, *what;
        double max_ratio;       /* the largest distance of its values from the truth, in bounds */
        long at_t;              /* where */
        char at_q[32];
        long first_t;           /* the first step where it would have failed (over 1 bound); -1: none */
    } *sens;
} optref_vreport;

/* Reads `path` and judges it.  Bad input (and anything else that stops the
 * judgment) returns non-success with err = "file:line:column: what". */
optref_status optref_verify(const char *path, const optref_vopts *o, optref_vreport *r, char *err,
                            size_t errlen);
void optref_vreport_free(optref_vreport *r);

/* golden/TOLERANCES: reviewed ULP budgets per algorithm, variant, format, mode
 * and horizon.  Returns the budget for the smallest horizon >= steps.  Every
 * line is checked (finite budgets >= 0, horizons >= 1), matching or not. */
optref_status optref_tolerance_lookup(const char *path, const optref_case *c, const char *fmt,
                                      int mode, long steps, double *ulps, char *err, size_t errlen);

/* The same from an open line reader (lineread.h), which the caller closes. */
optref_status optref_tolerance_scan(optref_lines *rd, const optref_case *c, const char *fmt, int mode,
                                    long steps, double *ulps, char *err, size_t errlen);

/* The budget of quantity q ("v"): a row "ALG.q" wins over the algorithm's
 * own row at the same horizon (variant and format decide after that); NULL q
 * reads the algorithm's rows only. */
optref_status optref_tolerance_lookup_q(const char *path, const optref_case *c, const char *fmt, int mode,
                                        long steps, const char *q, double *ulps, char *err, size_t errlen);
/* Every quantity's budget (intermediates too) for o's case, format and
 * steps, in *qt (malloc'd, *n entries; the caller frees it, also on error). */
optref_status optref_tolerance_quantities(const char *path, const optref_vopts *o, int mode, optref_qtol **qt,
                                          size_t *n, char *err, size_t errlen);
optref_status optref_tolerance_scan_q(optref_lines *rd, const optref_case *c, const char *fmt, int mode,
                                      long steps, const char *q, double *ulps, char *err, size_t errlen);

const char *optref_pseudocode_line(const char *file, int line); /* generated table */

#endif
