/* optref.h: the public API of optref, a reference implementation and test
 * oracle for the optimization algorithms of deep learning.
 *
 * Shape of the API (see doc/design.md):
 *  - type objects, one per algorithm and per problem, as GSL's
 *    gsl_multimin_fdfminimizer_type: metadata (names, hyper-parameters with
 *    documented defaults, state variables, pseudocode lines) plus two
 *    instantiations of the same body, one in double and one in MPFR;
 *  - a run object that steps an algorithm on a problem in either arithmetic;
 *  - one status enum with optref_strerror(), and name <-> object maps, as NLopt.
 */
#ifndef OPTREF_H
#define OPTREF_H

#include <stddef.h>
#include <stdio.h>
#include <mpfr.h>

#define OPTREF_VERSION "0.1.0"

#define OPTREF_MAX_HP 8       /* hyper-parameters of one algorithm */
#define OPTREF_MAX_STATE 4    /* per-coordinate state vectors of one algorithm */
#define OPTREF_MAX_VARIANTS 4 /* named variants of one algorithm */
#define OPTREF_MAX_COEF 4     /* constants of one problem */
#define OPTREF_MAX_DIM 1024   /* coordinates of one problem */

/* One status enum for the library: 0 is success, failures are negative. */
typedef enum {
    OPTREF_SUCCESS = 0,
    OPTREF_EUNKNOWN = -1,     /* unknown name (algorithm, variant, problem, parameter) */
    OPTREF_EPARSE = -2,       /* a number or a line that does not parse */
    OPTREF_EVALUE = -3,       /* a value out of its allowed range (NaN, negative step, ...) */
    OPTREF_EDIM = -4,         /* wrong number of coordinates */
    OPTREF_ENOMEM = -5,       /* allocation failed */
    OPTREF_EIO = -6,          /* a file could not be read or written */
    OPTREF_ENOTSETTLED = -7,  /* Ziv loop: values did not settle within the precision cap */
    OPTREF_EFORMAT = -8,      /* a broken or truncated file */
    OPTREF_EMISSING = -9      /* a required value was not given */
} optref_status;

const char *optref_strerror(optref_status s);

/* ---- Algorithms ---------------------------------------------------------- */

/* Flags that say which values a hyper-parameter accepts (always rejects NaN). */
enum {
    OPTREF_HP_FINITE = 0,     /* any finite value */
    OPTREF_HP_POSITIVE = 1,   /* > 0 */
    OPTREF_HP_NONNEG = 2,     /* >= 0 */
    OPTREF_HP_UNIT = 4,       /* in [0, 1) */
    OPTREF_HP_INF_OK = 8      /* +-inf accepted (box bounds) */
};

/* vmask: the variants (bit v for variant v) that use a hyper-parameter or a
 * state vector; 0 means every variant. */
typedef struct {
    const char *name;   /* name on the command line and in case specs: "eta" */
    const char *symbol; /* the slide's symbol: "η" */
    double def;         /* documented default; NAN means required */
    unsigned flags;     /* OPTREF_HP_* */
    unsigned vmask;
    const char *doc;    /* one line */
} optref_hparam;

typedef struct {
    const char *name;   /* "m", "v", ... : column prefix in CSV and golden files */
    const char *symbol; /* the slide's symbol */
    unsigned vmask;
    const char *doc;
} optref_statevar;

/* A named variant: a different line of the same pseudocode (e.g. ε inside
 * or outside the root).  Line numbers say which pseudocode line computes
 * each recorded quantity, so a mismatch can be reported by line. */
typedef struct {
    const char *name;
    const char *doc;
    int x_line;                       /* line that writes the parameters */
    int g_line;                       /* line that computes the gradient */
    int state_line[OPTREF_MAX_STATE]; /* line that writes each state vector */
} optref_variant;

struct optref_d_impl;  /* the double instantiation (ref/ws.h) */
struct optref_mp_impl; /* the MPFR instantiation (ref/ws.h) */

typedef struct {
    const char *name;   /* "adam" */
    const char *title;  /* "Adam with bias correction" */
    const char *source; /* primary citation */
    const char *file;   /* "ref/alg/adam.c": where to read it beside the slide */
    const optref_hparam *hp;
    size_t nhp;
    const optref_statevar *state;
    size_t nstate;
    const optref_variant *variants;
    size_t nvariants;
    const struct optref_d_impl *d;
    const struct optref_mp_impl *mp;
    /* Constraints between hyper-parameters (hp in the order above): NULL if
     * they hold, else what is wrong.  NULL when there are none. */
    const char *(*check)(const double *hp);
} optref_algorithm;

/* ---- Problems ------------------------------------------------------------ */

struct optref_d_pimpl;
struct optref_mp_pimpl;

typedef struct {
    const char *name;    /* "quad-d2l" */
    const char *formula; /* "f(x) = 0.1 x1^2 + 2 x2^2" */
    const char *source;
    size_t n;            /* dimension */
    const double *x0;    /* default start */
    const double *xmin;  /* minimizer (closed form) */
    double fmin;         /* minimum (closed form) */
    const double *coef;  /* constants, exact binary64 values */
    size_t ncoef;
    const struct optref_d_pimpl *d;
    const struct optref_mp_pimpl *mp;
} optref_problem;

/* ---- Registry: name <-> object maps ------------------------------------- */

extern const optref_algorithm *const optref_algorithms[]; /* NULL-terminated */
extern const optref_problem *const optref_problems[];     /* NULL-terminated */

const optref_algorithm *optref_algorithm_from_name(const char *name);
const optref_problem *optref_problem_from_name(const char *name);
int optref_variant_from_name(const optref_algorithm *a, const char *name); /* -1 if unknown */
int optref_hparam_from_name(const optref_algorithm *a, const char *name);  /* -1 if unknown */

int optref_hparam_used(const optref_algorithm *a, size_t variant, size_t k);
int optref_state_used(const optref_algorithm *a, size_t variant, size_t k);

/* Parse a number: decimal or C99 hex float, "inf", "-inf", "nan"; the whole
 * string must be consumed.  Returns OPTREF_EPARSE otherwise. */
optref_status optref_parse_double(const char *s, double *out);

/* Parse a whole number lo..hi: decimal digits only, the whole string. */
optref_status optref_parse_long(const char *s, long lo, long hi, long *out);

/* Check a value against a hyper-parameter's flags. */
optref_status optref_hparam_check(const optref_hparam *h, double v);

/* ---- Runs ---------------------------------------------------------------- */

/* What to run: an algorithm and variant, a problem, a start, hyper-parameters. */
typedef struct {
    const optref_algorithm *alg;
    size_t variant;
    const optref_problem *prob;
    double x0[OPTREF_MAX_DIM];  /* prob->n values */
    double hp[OPTREF_MAX_HP];   /* in the order of alg->hp */
    double coef[OPTREF_MAX_COEF]; /* the problem's constants (prob->coef by default) */
} optref_setup;

/* Start from the problem's x0 and the algorithm's defaults. */
void optref_setup_init(optref_setup *s, const optref_algorithm *a, size_t variant,
                       const optref_problem *p);

/* A floating-point format that MPFR emulates exactly: precision and the
 * exponent range in MPFR's convention (significand in [1/2, 1)). */
typedef struct {
    const char *name;
    mpfr_prec_t prec;
    mpfr_exp_t emin, emax;
} optref_format;

extern const optref_format optref_binary64, optref_binary32, optref_bfloat16, optref_binary16;

typedef enum { OPTREF_DOUBLE, OPTREF_MPFR } optref_arith;

typedef struct optref_run optref_run;

/* A run in double (prec, fmt ignored) or in MPFR at precision prec; with fmt
 * non-NULL the MPFR run emulates that format's exponent range and subnormals
 * (fmt->prec should equal prec).  Hyper-parameters and x0 enter as doubles. */
optref_status optref_run_new(optref_run **out, const optref_setup *s, optref_arith arith,
                             mpfr_prec_t prec, const optref_format *fmt);
void optref_run_step(optref_run *r);
void optref_run_free(optref_run *r);
long optref_run_t(const optref_run *r);

/* Recorded quantities, in this order: x[0..n), each state vector [0..n),
 * g[0..n) (the gradient the last step used; absent at t = 0), then f. */
size_t optref_nq(const optref_setup *s);
void optref_qname(const optref_setup *s, size_t q, char *buf, size_t len);
int optref_q_is_grad(const optref_setup *s, size_t q);
int optref_q_line(const optref_setup *s, size_t q); /* pseudocode line; -1 for f */

double optref_run_get_d(const optref_run *r, size_t q);     /* rounded to nearest */
void optref_run_set_d(optref_run *r, size_t q, double v);  /* overwrite x or a state value */
mpfr_srcptr optref_run_get_mp(const optref_run *r, size_t q); /* NULL for a double run */

/* ---- ULPs ---------------------------------------------------------------- */

/* |got - expected| / ulp(expected) in format fmt, as glibc's ULPDIFF, with
 * ulp(0) = ulp(subnormal) = 2^(emin - 1) in MPFR's exponent convention.
 * Both NaN: 0.  One NaN, or infinities that differ: +inf. */
double optref_ulp_distance(double got, double expected, const optref_format *fmt);
/* The same, with ulp taken of max(|expected|, floor): values that approach 0
 * are judged on the scale of the quantity, not of their own tiny ulp. */
double optref_ulp_distance_floor(double got, double expected, double floor,
                                 const optref_format *fmt);
/* The measure verify judges by: ULPs of max(|expected|, the largest finite
 * |expected| of its column so far).  *colmax is that running maximum (start
 * at 0); optref_column_scale notes a value without judging one. */
double optref_ulp_scaled(double got, double expected, double *colmax, const optref_format *fmt);
void optref_column_scale(double *colmax, double v);

/* x rounded to nearest in fmt (precision, exponent range, subnormals). */
double optref_round_to(mpfr_srcptr x, const optref_format *fmt);
/* The same with a caller's scalar of precision fmt->prec, for loops. */
double optref_round_to_scratch(mpfr_ptr scratch, mpfr_srcptr x, const optref_format *fmt);
double optref_round_d_to(double x, const optref_format *fmt);
const optref_format *optref_format_from_name(const char *name);

#endif
