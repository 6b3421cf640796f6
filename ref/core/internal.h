/* internal.h: the structures behind optref.h's opaque types, for ref/core,
 * the problem families (create()) and the oracle.  Not installed. */
#ifndef OPTREF_INTERNAL_H
#define OPTREF_INTERNAL_H

#include <stdint.h>

#include "optref.h"

typedef struct {
    size_t off, rows, cols;
} optref_layer;

struct optref_problem {
    const optref_problem_type *type; /* &optref_user_type: the caller's function */
    char *name;                      /* preset name, or the spec as given */
    size_t n;
    double *x0;                      /* n: the default start */
    double *xmin;                    /* n, or NULL: no minimiser or unknown */
    double fmin, L, mu, D, Ginf;     /* NAN when unknown */
    double *coef;                    /* constants entering the arithmetic, exact */
    size_t ncoef;
    size_t m;                        /* examples of a finite sum; 0: not one */
    size_t batch;                    /* minibatch size; 0: the full sum in index order */
    uint64_t seed;                   /* the sampler's seed (ref/core/sampler.c) */
    size_t nlayer;
    optref_layer *layer;
    optref_function_fdf user;
};

/* The parameters of a problem spec, parsed and checked against the family's
 * declarations; create() reads them with these. */
int optref_pv_has(const optref_pvals *v, const char *name);
/* A scalar parameter: its value, or the declared default. */
double optref_pv_real(const optref_pvals *v, const char *name);
/* A vector parameter: its values (NULL if not given) and count. */
const double *optref_pv_vec(const optref_pvals *v, const char *name, size_t *len);

/* create() helpers: allocate p->x0 (zeros), p->xmin (NULL), p->coef. */
optref_status optref_problem_alloc(optref_problem *p, size_t n, size_t ncoef, int has_xmin);

struct optref_setup {
    const optref_algorithm *alg;
    size_t variant;
    optref_problem *prob;          /* owned */
    const optref_schedule *sched;
    char *sched_spec;
    double *sp;                    /* schedule parameters; a list parameter: its count */
    double *spv;                   /* the values of the schedule's list parameter (at most one), exact */
    double *x0;                    /* n */
    double *hp;                    /* alg->nhp */
    int step;                      /* the variant's step-size hyper-parameter; -1: none */
    optref_quantity *qt;           /* recorded quantities */
    int *qsrc;                     /* per quantity: state index, or one of Q_* below */
    size_t nqt, nq;
    const optref_format *fmt;      /* the format F its inputs were rounded to; NULL: none (binary64) */
};

enum { OPTREF_Q_X = -1, OPTREF_Q_ETA = -2, OPTREF_Q_G = -3, OPTREF_Q_F = -4 };

/* A copy of s whose inputs (x0, hyper-parameters, schedule parameters,
 * problem constants) are rounded to fmt, as an implementation in fmt holds
 * them; NULL when out of memory.  A flavor's OPTREF_P_HOST hyper-parameters
 * and its schedule's parameters stay binary64 (the framework keeps them as
 * host numbers); its step rounds what it casts to F itself (ref/flavor/flavor.h). */
optref_setup *optref_setup_rounded(const optref_setup *s, const optref_format *fmt);

/* Widens s's quantities with its algorithm's intermediates (after the
 * recorded state), for verify (ref/core/intermediate.c); whether quantity k
 * is one. */
optref_status optref_setup_add_intermediates(optref_setup *s);
int optref_q_intermediate(const optref_setup *s, size_t k);

/* Length of a state variable of this setup. */
size_t optref_state_len(const optref_setup *s, size_t k);

/* For verify-step (ref/oracle/vstep.c), ref/core/run.c: overwrite problem
 * constant k; set the updates done (the next step is t + 1); copy state
 * variable k exactly (runs of equal precision); compare it. */
void optref_run_set_coef(optref_run *r, size_t k, double v);
void optref_run_set_t(optref_run *r, long t);
void optref_run_copy_state(optref_run *dst, const optref_run *src, size_t k);
int optref_run_state_equal(const optref_run *a, const optref_run *b, size_t k);

/* Whether a number's text has a non-zero digit (so a parsed 0 underflowed). */
int optref_literal_nonzero(const char *s);
/* "must be > 0 and finite": the values a parameter accepts, for messages. */
const char *optref_param_range(const optref_param *p, char *buf, size_t len);

/* Splits "a=1,2,b=3" into items; used for problems and schedules. */
optref_status optref_pvals_parse(optref_pvals **out, const char *what, const char *params,
                                 const optref_param *decl, size_t ndecl, char *err, size_t errlen);
void optref_pvals_free(optref_pvals *v);

/* The minibatch sampler (ref/core/sampler.c). */
uint64_t optref_splitmix64(uint64_t *state);
/* perm = the shuffle of 0..m-1 for epoch e of seed (Fisher–Yates). */
void optref_epoch_perm(size_t *perm, size_t m, uint64_t seed, uint64_t epoch);

/* Dense binary64 helpers for reported constants (ref/core/linalg.c). */
optref_status optref_sym_eig_range(const double *A, size_t n, double *lmin, double *lmax);
optref_status optref_solve(const double *A, const double *b, size_t n, double *x);
void optref_uniform_pm1(double *out, size_t count, uint64_t *state);
/* A synthetic data set from seed: m examples a_k ∈ [−1, 1)^d (row-major),
 * a hidden w* ∈ [−1, 1)^d drawn next, then per example e_k ∈ [−1, 1) and
 * z_k = a_kᵀw* + noise·e_k (binary64, left to right); y_k = z_k, or its sign
 * (+1 for z_k >= 0, −1 else) when classify. */
void optref_synthetic(double *A, double *y, size_t m, size_t d, uint64_t seed, double noise, int classify);

/* The family of optref_problem_from_function (ref/core/user.c): double only. */
extern const optref_problem_type optref_user_type;

#endif
