/* optref.h: the installed API of optref, a reference implementation and test
 * oracle for the optimization algorithms of deep learning.  No MPFR type
 * appears here; exact values are in optref_mpfr.h.
 *
 * Shape (doc/design.md):
 *  - type objects, one per algorithm, problem family and learning-rate
 *    schedule, as GSL's gsl_multimin_fdfminimizer_type: metadata declared
 *    with designated initialisers (parameters with documented defaults, named
 *    state, pseudocode lines) and two instantiations of one body, in double
 *    and in MPFR;
 *  - a problem is an instance made from its family and parameters
 *    ("quad:a=0.1,2", "quad:n=1000,cond=100"), or from the caller's own
 *    objective (optref_function_fdf, as gsl_multimin_function_fdf);
 *  - a setup (algorithm, variant, problem, schedule, hyper-parameters, x0)
 *    and runs of it in either arithmetic; recorded quantities by name;
 *  - one status enum with optref_strerror(), and name <-> object maps, as
 *    NLopt.
 */
#ifndef OPTREF_H
#define OPTREF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OPTREF_VERSION "0.2.0"

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
    OPTREF_EMISSING = -9,     /* a required value was not given */
    OPTREF_EARITH = -10       /* not available in this arithmetic (a user objective in MPFR) */
} optref_status;

const char *optref_strerror(optref_status s);

/* Elements of a static array, for the counts of the type objects. */
#define OPTREF_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Declarations shared by algorithms, problems and schedules ---------- */

/* Which values a parameter accepts (NaN is always refused). */
enum {
    OPTREF_P_FINITE = 0,     /* any finite value */
    OPTREF_P_POSITIVE = 1,   /* > 0 */
    OPTREF_P_NONNEG = 2,     /* >= 0 */
    OPTREF_P_UNIT = 4,       /* in [0, 1) */
    OPTREF_P_INF_OK = 8,     /* +-inf accepted (box bounds) */
    OPTREF_P_STEP = 16,      /* the step size: the schedule's η0, η_t = schedule(t) */
    OPTREF_P_WHOLE = 32,     /* a whole number (problem sizes, seeds) */
    OPTREF_P_VECTOR = 64,    /* a list of numbers, any length: a=0.1,2 */
    OPTREF_P_HOST = 128      /* a flavor's: kept in binary64 as the framework's host language keeps it,
                                not rounded to the run's format F (doc/flavors.md) */
};

/* A named parameter with its documented default, as libLBFGS declares its
 * own.  vmask: the variants (bit v for variant v) that use it, 0 = all. */
typedef struct {
    const char *name;   /* on the command line and in case specs: "eta" */
    const char *symbol; /* the slide's symbol: "η" */
    double def;         /* documented default; NAN means required (vectors: none) */
    unsigned flags;     /* OPTREF_P_* */
    unsigned vmask;
    int line;           /* a step size: the pseudocode line that uses η_t */
    const char *doc;    /* one line */
} optref_param;

/* How many values a state variable holds. */
typedef enum {
    OPTREF_PER_COORD = 0,  /* one per coordinate of x: m, v, ... */
    OPTREF_SCALAR = 1,     /* one: β1^t, ... */
    OPTREF_PER_LAYER = 2,  /* one per layer (group) of x: trust ratios */
    OPTREF_PER_COORD2 = 3, /* n·n, a matrix row-major: a Hessian, a Gram matrix */
    OPTREF_PER_ROW = 4,    /* one per row of each layer, layer by layer: Σ rows */
    OPTREF_PER_COL = 5     /* one per column of each layer, layer by layer: Σ cols */
} optref_extent;

/* A state variable, declared by name; zero at the start unless the
 * algorithm's init sets it.  Recorded (a quantity of the trajectory, a
 * column of golden and candidate files) unless .internal. */
typedef struct {
    const char *name;   /* "m": column prefix "m[i]", or "b1t" for a scalar */
    const char *symbol; /* the slide's symbol */
    optref_extent extent;
    int internal;       /* 1: working storage, not recorded; OPTREF_INTERMEDIATE: see below */
    unsigned vmask;
    int line;           /* pseudocode line that writes it */
    const char *doc;
} optref_statevar;

/* .internal of an intermediate: a value the step computes at .line and then
 * uses (m̂, v̂, g′), stored so that verify can judge it at its own line; not
 * recorded by `optref run` or the golden files, an optional column of
 * `optref verify` (ref/core/intermediate.c, doc/verify.md). */
enum { OPTREF_INTERMEDIATE = 2 };

/* A named variant: other lines of the same pseudocode (ε inside or outside
 * the root).  x_line and g_line: the lines that write x and compute g. */
typedef struct {
    const char *name;
    const char *doc;
    int x_line, g_line;
} optref_variant;

struct optref_d_impl;   /* the double instantiation of an algorithm */
struct optref_mp_impl;  /* its MPFR instantiation */
struct optref_eb_impl;  /* its error-bounded double-word instantiation (fast path) */
struct optref_db_impl;  /* its double + bound instantiation (fast path, formats of <= 24 bits) */
struct optref_fb_impl;  /* its rounding-bound instantiation (verify's verdicts) */

typedef struct optref_algorithm {
    const char *name;   /* "adam" */
    const char *title;  /* "Adam with bias correction" */
    const char *source; /* primary citation */
    const char *file;   /* "ref/alg/adam.c": where to read it beside the slide */
    const optref_param *hp;
    size_t nhp;
    const optref_statevar *state;
    size_t nstate;
    const optref_variant *variants;
    size_t nvariants;
    size_t ntmp;        /* scratch scalars one step uses */
    const struct optref_d_impl *d;
    const struct optref_mp_impl *mp;
    const struct optref_eb_impl *eb;
    const struct optref_db_impl *db;
    const struct optref_fb_impl *fb;
    /* Constraints between hyper-parameters (in the order of hp): NULL if
     * they hold, else what is wrong.  NULL when there are none. */
    const char *(*check)(const double *hp);
    /* 1: the step reads the problem's Hessian (hess, ref/core/ws.h); a setup
     * on a problem family without one is refused. */
    int needs_hessian;
    /* A flavor (ref/flavor/, doc/flavors.md): a framework's own computation of
     * a lecture algorithm.  flavor_of names that algorithm ("adam"), framework
     * the framework ("torch"); both NULL for a lecture algorithm. */
    const char *flavor_of;
    const char *framework;
} optref_algorithm;

/* ---- Learning-rate schedules --------------------------------------------- */

struct optref_d_simpl;
struct optref_mp_simpl;
struct optref_eb_simpl;
struct optref_db_simpl;
struct optref_fb_simpl;

typedef struct optref_schedule {
    const char *name;   /* "invsqrt" */
    const char *title;
    const char *source;
    const char *file;   /* "ref/sched/invsqrt.c" */
    const char *formula;/* "η_t = η0 / √(t + c)" */
    const optref_param *params;
    size_t nparams;
    size_t ntmp;
    const struct optref_d_simpl *d;
    const struct optref_mp_simpl *mp;
    const struct optref_eb_simpl *eb;
    const struct optref_db_simpl *db;
    const struct optref_fb_simpl *fb;
    /* Constraints between parameters (in the order of params; a list
     * parameter holds its count): NULL if they hold, else what is wrong.
     * NULL when there are none. */
    const char *(*check)(const double *sp);
} optref_schedule;

/* ---- Problems ------------------------------------------------------------ */

typedef struct optref_problem optref_problem;   /* an instance: n, x0, data, constants */
typedef struct optref_pvals optref_pvals;       /* parsed parameters, for create() */

struct optref_d_pimpl;
struct optref_mp_pimpl;
struct optref_eb_pimpl;
struct optref_db_pimpl;
struct optref_fb_pimpl;

/* A named preset: a problem family with given parameters. */
typedef struct {
    const char *name;   /* "quad-0.1-2" */
    const char *params; /* "a=0.1,2,x0=-5,-2" */
    const char *source; /* where the slides use it */
} optref_preset;

typedef struct optref_problem_type {
    const char *name;    /* "quad": the family in a spec "quad:a=0.1,2" */
    const char *title;
    const char *formula; /* "f(x) = Σ a_i x_i²" */
    const char *source;
    const char *file;
    const optref_param *params; /* besides x0 and layers, which every problem takes */
    size_t nparams;
    const optref_preset *presets;
    size_t npresets;
    size_t ntmp;         /* scratch scalars f and ∇f use */
    /* Fills n, x0, constants and data from the parameters (ref/core/problem.h). */
    optref_status (*create)(optref_problem *p, const optref_pvals *v, char *err, size_t errlen);
    const struct optref_d_pimpl *d;
    const struct optref_mp_pimpl *mp;
    const struct optref_eb_pimpl *eb; /* NULL: no fast path (the caller's own function) */
    const struct optref_db_pimpl *db; /* likewise */
    const struct optref_fb_pimpl *fb; /* likewise */
} optref_problem_type;

/* The caller's own objective, in the shape of GSL's gsl_multimin_function_fdf:
 * f(x), its gradient g = ∇f(x), optionally both at once.  Runs in double only
 * (optref cannot evaluate it exactly). */
typedef struct {
    size_t n;
    double (*f)(const double *x, void *params);
    void (*df)(const double *x, void *params, double *g);
    void (*fdf)(const double *x, void *params, double *f, double *g); /* may be NULL */
    void *params;
} optref_function_fdf;

/* A problem from a spec "family:name=value,..." or a preset name.  Vector
 * values continue over commas: "quad:a=0.1,2,x0=-5,-2". */
optref_status optref_problem_new(optref_problem **p, const char *spec, char *err, size_t errlen);
/* A problem from the caller's objective, started at x0 (n values). */
optref_status optref_problem_from_function(optref_problem **p, const optref_function_fdf *fn,
                                           const double *x0);
void optref_problem_free(optref_problem *p);

const char *optref_problem_name(const optref_problem *p);   /* preset or spec */
const optref_problem_type *optref_problem_family(const optref_problem *p); /* NULL: a user function */
size_t optref_problem_dim(const optref_problem *p);
const double *optref_problem_x0(const optref_problem *p);
const double *optref_problem_xmin(const optref_problem *p); /* NULL if none or unknown */
/* Named constants, NAN when unknown or meaningless: "fmin", "L" (smoothness),
 * "mu" (strong convexity), "D" (diameter of the domain), "Ginf" (bound on
 * |∇f_t|_∞), "m" (examples of a finite sum), "batch". */
double optref_problem_constant(const optref_problem *p, const char *name);
/* Layers (groups of coordinates): count and each one's rows × cols. */
size_t optref_problem_nlayers(const optref_problem *p);
void optref_problem_layer(const optref_problem *p, size_t k, size_t *offset, size_t *rows,
                          size_t *cols);

/* ---- Registry: name <-> object maps ------------------------------------- */

extern const optref_algorithm *const optref_algorithms[];       /* NULL-terminated */
extern const optref_problem_type *const optref_problem_types[]; /* NULL-terminated */
extern const optref_schedule *const optref_schedules[];         /* NULL-terminated */
extern const optref_algorithm *const optref_flavors[];          /* NULL-terminated: the frameworks' flavors */

/* An algorithm or a flavor by name ("adam", "adam-torch"), or ALG:FRAMEWORK
 * ("adam:torch"): the flavor of ALG for that framework, when FRAMEWORK is not
 * a variant of ALG.  NULL if none. */
const optref_algorithm *optref_algorithm_from_name(const char *name);
/* The flavor of lecture algorithm alg for framework fw; NULL if none. */
const optref_algorithm *optref_flavor_from(const char *alg, const char *fw);
const optref_problem_type *optref_problem_type_from_name(const char *name);
const optref_schedule *optref_schedule_from_name(const char *name);
/* The preset of that name, and the family that holds it; NULL if none. */
const optref_preset *optref_preset_from_name(const char *name, const optref_problem_type **family);
int optref_variant_from_name(const optref_algorithm *a, const char *name); /* -1 if unknown */
int optref_param_from_name(const optref_param *ps, size_t n, const char *name); /* -1 if unknown */
int optref_param_used(const optref_param *p, size_t variant);
int optref_state_used(const optref_statevar *s, size_t variant);

/* Parse a number: decimal or C99 hex float, "inf", "-inf", "nan"; the whole
 * string must be consumed.  Returns OPTREF_EPARSE otherwise. */
optref_status optref_parse_double(const char *s, double *out);
/* Parse a whole number lo..hi: decimal digits only, the whole string. */
optref_status optref_parse_long(const char *s, long lo, long hi, long *out);
/* Check a value against a parameter's flags. */
optref_status optref_param_check(const optref_param *p, double v);

/* ---- Setups: what to run -------------------------------------------------- */

typedef struct optref_setup optref_setup;

/* Algorithm (variant NULL: its first), problem (spec or preset), defaults. */
optref_status optref_setup_new(optref_setup **s, const char *algorithm, const char *variant,
                               const char *problem, char *err, size_t errlen);
/* The same on a problem the caller made; the setup takes it over. */
optref_status optref_setup_new_on(optref_setup **s, const optref_algorithm *a, size_t variant,
                                  optref_problem *p, char *err, size_t errlen);
/* "name=value": a hyper-parameter, x0=v1,v2,..., or schedule=NAME[:p=v,...]. */
optref_status optref_setup_set(optref_setup *s, const char *item, char *err, size_t errlen);
/* Every used hyper-parameter given and in range, constraints hold. */
optref_status optref_setup_check(const optref_setup *s, char *err, size_t errlen);
void optref_setup_free(optref_setup *s);

const optref_algorithm *optref_setup_algorithm(const optref_setup *s);
size_t optref_setup_variant(const optref_setup *s);
const optref_problem *optref_setup_problem(const optref_setup *s);
const optref_schedule *optref_setup_schedule(const optref_setup *s);
double optref_setup_hparam(const optref_setup *s, const char *name); /* NAN if unknown */
const double *optref_setup_x0(const optref_setup *s);
/* The schedule's spec as given ("constant", "invsqrt:c=1"). */
const char *optref_setup_schedule_spec(const optref_setup *s);

/* ---- Recorded quantities --------------------------------------------------
 * In this order: x, each recorded state variable, eta (η_t, when the
 * variant has a step size), g (the gradient the last step used; NaN at
 * t = 0), f (the objective; for an online problem f_{t+1}(x_t), the loss the
 * point will incur next).  A quantity is reached by name; its values are
 * also numbered flat (q) in that order, for files and tables. */
typedef struct {
    const char *name;   /* "x", "m", "b1t", "eta", "g", "f" */
    size_t len;         /* n, 1, or the number of layers */
    size_t offset;      /* its first flat index */
    int line;           /* pseudocode line that computes it; -1 for f */
    int vector;         /* 1: named with an index "m[3]"; 0: a scalar "b1t" */
    int from_t1;        /* 1: defined from t = 1 on (g, eta), NaN at t = 0 */
} optref_quantity;

size_t optref_nquantities(const optref_setup *s);
const optref_quantity *optref_quantity_at(const optref_setup *s, size_t k);
const optref_quantity *optref_quantity_from_name(const optref_setup *s, const char *name);
size_t optref_nq(const optref_setup *s);   /* flat values */
const optref_quantity *optref_q_quantity(const optref_setup *s, size_t q, size_t *index);
void optref_qname(const optref_setup *s, size_t q, char *buf, size_t len); /* "m[3]", "f" */
int optref_q_from_t1(const optref_setup *s, size_t q); /* g, eta: not at t = 0 */
int optref_q_line(const optref_setup *s, size_t q);

/* ---- Formats --------------------------------------------------------------- */

/* A floating-point format that MPFR emulates exactly: precision and the
 * exponent range in MPFR's convention (significand in [1/2, 1)). */
typedef struct {
    const char *name;
    long prec;
    long emin, emax;
} optref_format;

extern const optref_format optref_binary64, optref_binary32, optref_bfloat16, optref_binary16;
const optref_format *optref_format_from_name(const char *name);
double optref_round_d_to(double x, const optref_format *fmt);

/* ---- Runs ------------------------------------------------------------------ */

typedef enum { OPTREF_DOUBLE, OPTREF_MPFR } optref_arith;
typedef struct optref_run optref_run;

/* A run in double (prec, fmt ignored) or in MPFR at precision prec; with fmt
 * non-NULL the MPFR run emulates that format's exponent range and subnormals
 * (fmt->prec should equal prec).  The setup must outlive the run. */
optref_status optref_run_new(optref_run **out, const optref_setup *s, optref_arith arith, long prec,
                             const optref_format *fmt);
optref_status optref_run_step(optref_run *r);
void optref_run_free(optref_run *r);
long optref_run_t(const optref_run *r);

/* Value i of a quantity, rounded to nearest double. */
optref_status optref_run_value(const optref_run *r, const char *quantity, size_t i, double *out);
double optref_run_get_d(const optref_run *r, size_t q);     /* flat index */
void optref_run_get_row_d(const optref_run *r, double *out); /* all optref_nq(s) values, in flat order */
void optref_run_set_d(optref_run *r, size_t q, double v);  /* overwrite x or a state value */
/* Re-evaluates the recorded f at the run's current x (after optref_run_set_d),
 * as the loss f_ft (online problems; others ignore ft); the run's t and
 * state are untouched.  For theory checks of another implementation's x. */
optref_status optref_run_eval_f(optref_run *r, long ft);

/* ---- ULPs ------------------------------------------------------------------ */

/* |got - expected| / ulp(expected) in format fmt, as glibc's ULPDIFF, with
 * ulp(0) = ulp(subnormal) = 2^(emin - 1) in MPFR's exponent convention.
 * Both NaN: 0.  One NaN, or infinities that differ: +inf. */
double optref_ulp_distance(double got, double expected, const optref_format *fmt);
/* The same, with ulp taken of max(|expected|, floor). */
double optref_ulp_distance_floor(double got, double expected, double floor,
                                 const optref_format *fmt);
/* The measure verify judges by: ULPs of max(|expected|, the largest finite
 * |expected| of its column so far).  *colmax is that running maximum (start
 * at 0); optref_column_scale notes a value without judging one. */
double optref_ulp_scaled(double got, double expected, double *colmax, const optref_format *fmt);
void optref_column_scale(double *colmax, double v);

/* ---- Verify one step of tensor dumps (doc/verify-step.md) ------------------
 * As `optref verify-step`: algorithm "adam" or "adam:VARIANT", items
 * "name=value", directories of .npy files before and after step t; dtype
 * "f64", "f32", "bf16", "f16" or NULL (the files'); tol in ULPs or NAN (the
 * reviewed budget; OPTREF_TOLERANCES names the file); round_hp 1 rounds the
 * hyper-parameters to the format.  Returns the report as JSON (free it with
 * optref_free), or NULL with err set.  A plain C ABI, for ctypes. */
char *optref_verify_step_json(const char *algorithm, const char *const *items, size_t nitems,
                              const char *before, const char *after, const char *dtype, long t,
                              double tol, int round_hp, size_t max_report, char *err, size_t errlen);
/* The same on one layer of rows × cols (a manifest's line), judged whole:
 * per-layer, row and column state (LARS, LAMB, factored Adam). */
char *optref_verify_step_layer_json(const char *algorithm, const char *const *items, size_t nitems,
                                    const char *before, const char *after, const char *dtype, long t,
                                    double tol, int round_hp, size_t max_report, size_t rows, size_t cols,
                                    char *err, size_t errlen);
/* The same in mixed precision (doc/verify-step.md): math, the arithmetic's
 * format; storage "S" or "S,name=S,..."; rounding "nearest", "stochastic" or
 * per quantity; alpha, the stochastic-rounding test's significance (0: 1e-6). */
char *optref_verify_step_mixed_json(const char *algorithm, const char *const *items, size_t nitems,
                                    const char *before, const char *after, const char *dtype, long t,
                                    double tol, int round_hp, size_t max_report, const char *math,
                                    const char *storage, const char *rounding, double alpha, char *err,
                                    size_t errlen);
void optref_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
