/* theory.h: the lectures' convergence rates and regret bounds as checks
 * (`optref check`, suite theory).  One file per family of claims:
 * theory_rates.c (GD, Nesterov, the lower bound), theory_regret.c (AdaGrad
 * on online linear and quadratic losses, Adam and AMSGrad on Reddi's and a
 * second sequence), theory_momentum.c (Lecture 11.5's facts);
 * theory.c holds the table, the report and the candidate reader.
 *
 * A claim runs optref's own MPFR trajectories (256 bits: exact far below
 * every margin) and compares each step's measured quantity with the bound,
 * computed in MPFR from the theorem's formula and the problem's constants.
 * A claim has parts: a part either must hold at every step, or is a control
 * that must be crossed (plain GD against Nesterov's envelope), so that the
 * claim's PASS says the check can tell the two apart. */
#ifndef OPTREF_THEORY_H
#define OPTREF_THEORY_H

#include <mpfr.h>

#include "optref_mpfr.h"

#define OPTREF_TPREC 256    /* precision of runs and bounds */
#define OPTREF_TPOINTS 16   /* checkpoints shown per part */
#define OPTREF_TPARTS 8
#define OPTREF_TNOTES 6

enum { OPTREF_LE = 0, OPTREF_GE = 1 };  /* measured <= bound, measured >= bound */

typedef struct {
    long k;
    double measured, bound;   /* rounded to nearest, for the table */
    int ok;
} optref_tpoint;

typedef struct {
    char what[160];           /* "nesterov ux, s = 1/L": the trajectory judged */
    char measured[48];        /* column heads: "f(x_k) − f*" */
    char bound[64];
    int rel;                  /* OPTREF_LE or OPTREF_GE */
    int expect;               /* 1: holds at every step; 0: a control, crossed somewhere */
    int showall;              /* show every step judged, not only checkpoints */
    optref_tpoint pt[OPTREF_TPOINTS];
    size_t npt;
    optref_tpoint last;       /* the last step judged, shown at the end */
    long nchecked, nviol, first_viol;
    int ok;                   /* behaved as expected */
} optref_tpart;

typedef struct {
    optref_tpart part[OPTREF_TPARTS];
    size_t npart;
    char note[OPTREF_TNOTES][640];
    size_t nnote;
    int pass;
} optref_treport;

/* Where a trajectory comes from: optref's own MPFR run, or a candidate CSV. */
typedef struct optref_tsource optref_tsource;

typedef struct optref_claim {
    const char *name;     /* "nesterov-rate" */
    const char *title;
    const char *source;   /* deck · slide; the paper */
    const char *problem;  /* the problem a candidate runs on (optref check CLAIM file) */
    const char *candidate;/* what the candidate's file must hold */
    /* Runs the claim on optref's trajectories. */
    optref_status (*run)(optref_treport *r, char *err, size_t errlen);
    /* Judges a candidate's trajectory (NULL: not applicable). */
    optref_status (*judge)(optref_tsource *src, optref_treport *r, char *err, size_t errlen);
} optref_claim;

extern const optref_claim *const optref_claims[]; /* NULL-terminated */
const optref_claim *optref_claim_from_name(const char *name);

/* Runs a claim on optref's own trajectories. */
optref_status optref_claim_run(const optref_claim *c, optref_treport *r, char *err, size_t errlen);
/* Applies a claim to a candidate CSV (header t,x[0],...; other columns are
 * ignored); bad input returns non-success with err "file:line:column: what". */
optref_status optref_claim_check_file(const optref_claim *c, const char *path, optref_treport *r, char *err,
                                      size_t errlen);

/* ---- for the claim files ------------------------------------------------ */

/* A source: n coordinates; next() fills x (n values at OPTREF_TPREC) with
 * the point of step t = 0, 1, ...; 1 read, 0 end, -1 error (err set). */
struct optref_tsource {
    size_t n;
    int (*next)(optref_tsource *s, long t, mpfr_t *x, char *err, size_t errlen);
    void *ctx;
    long steps;           /* rows expected, -1: any */
    long min_steps;       /* a candidate file must reach t = min_steps (>= 1) */
};
/* A source over an MPFR run of s: the quantity qname ("x", "u") after each
 * step, for `steps` steps.  Free with optref_tsource_free. */
optref_status optref_tsource_run(optref_tsource *src, const optref_setup *s, const char *qname, long steps);
void optref_tsource_free(optref_tsource *src);
/* A setup of alg (variant NULL: its first) on spec with space-separated
 * items "eta=1 gamma=0.9", checked. */
optref_status optref_tsetup(optref_setup **s, const char *alg, const char *variant, const char *spec,
                            const char *items, char *err, size_t errlen);
/* The run behind a source of optref_tsource_run (to project its x). */
optref_run *optref_tsource_run_of(optref_tsource *src);

optref_tpart *optref_tpart_new(optref_treport *r, int rel, int expect, const char *measured, const char *bound,
                               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Judges step k: measured against bound (both at OPTREF_TPREC). */
void optref_tpart_add(optref_tpart *p, long k, mpfr_srcptr measured, mpfr_srcptr bound);
/* Closes a part: ok as expected; shows the first violation if not shown. */
void optref_tpart_end(optref_tpart *p);
void optref_tnote(optref_treport *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Checkpoints shown: 1, 2, 5, 10, 20, 50, ... and the last step. */
int optref_tcheckpoint(long k, long last);

/* Claim nesterov-rate at another size: f_n, `steps` steps (suite slow:
 * n = 4001, 3000 steps). */
optref_status optref_theory_nesterov_worst(optref_treport *r, size_t n, long steps, char *err, size_t errlen);

/* The claims, by family. */
extern const optref_claim optref_claim_gd_linear, optref_claim_gd_sublinear, optref_claim_nesterov_rate,
    optref_claim_nesterov_lower, optref_claim_adagrad_regret, optref_claim_adagrad_quad,
    optref_claim_adam_reddi,
    optref_claim_momentum_facts, optref_claim_weight_decay, optref_claim_ode_limits;

#endif
