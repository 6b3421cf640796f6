/* xavier.h: Xavier/Glorot initialization written down exactly, and a
 * statistical check of a tensor a user initialized with it
 * (ref/oracle/xavier.c; the command is `optref xavier`, cli/cmd_xavier.c). */
#ifndef OPTREF_XAVIER_H
#define OPTREF_XAVIER_H

#include <stdio.h>

#include "optref.h"

typedef enum { OPTREF_XNORMAL = 0, OPTREF_XUNIFORM = 1 } optref_xdist;

/* A gain: a nonlinearity of torch.nn.init.calculate_gain by name, or a
 * number.  Kept symbolic so that 5/3 and √2 enter the arithmetic exactly. */
typedef struct {
    int kind;        /* index in the gain table of xavier.c; -1: a number */
    double value;    /* the number (kind -1), or leaky_relu's negative slope */
    char label[48];  /* "tanh", "leaky_relu:0.2", "2.5": for the report */
} optref_xgain;

/* "linear", "tanh", "relu", "leaky_relu" (slope 0.01, as torch),
 * "leaky_relu:0.2", "selu", ... */
optref_status optref_xgain_from_name(optref_xgain *g, const char *spec, char *err, size_t errlen);
/* A number, OPTREF_XGAIN_MIN..OPTREF_XGAIN_MAX (σ and a then stay normal
 * binary64 numbers whatever the fans, so rounding to 53 bits is rounding to
 * binary64). */
optref_status optref_xgain_from_value(optref_xgain *g, double v, char *err, size_t errlen);
#define OPTREF_XGAIN_MIN 1e-100
#define OPTREF_XGAIN_MAX 1e100
#define OPTREF_XFAN_MAX (1L << 52) /* fan_in + fan_out then fits a double exactly */

/* σ, σ² and a, each the exact value rounded once to nearest binary64, and
 * the exact value to 30 significant digits. */
typedef struct {
    double gain, sigma, var, a;
    char gain_exact[48], sigma_exact[48], var_exact[48], a_exact[48];
} optref_xexact;

optref_status optref_xavier_exact(long fan_in, long fan_out, const optref_xgain *g, optref_xexact *out);

/* ---- the check of a sample ---------------------------------------------- */

#define OPTREF_XMAX_VALUES_DEFAULT (1L << 22) /* values held for the KS statistic (32 MiB) */

typedef struct {
    long n;
    double mean;      /* Σx/n, correctly rounded (Σx accumulated exactly) */
    double var;       /* Σ(x − x̄)²/(n − 1), correctly rounded (exact sums) */
    double min, max;
    double ks_d;      /* D_n = sup_x |F_n(x) − F(x)| against N(0, σ²) or U(−a, a) */
    double ks_lambda; /* (√n + 0.12 + 0.11/√n)·D_n (Stephens 1970) */
    double ks_p;      /* P(D_n ≥ d) under the null: Q_KS(ks_lambda) */
} optref_xstats;

/* Reads the values of f (one a line, or separated by commas and blanks;
 * lines of at most 1 MiB, ref/core/lineread.h), at most max_values of them
 * (itself at most 2^31), and tests them against N(0, sigma²)
 * (OPTREF_XNORMAL) or U(−a, a) (OPTREF_XUNIFORM).  Bad input returns
 * non-success with err = "path:line:column: what" (one line). */
optref_status optref_xavier_sample(FILE *f, const char *path, long max_values, optref_xdist dist,
                                   double sigma, double a, optref_xstats *st, char *err,
                                   size_t errlen);

/* Q_KS(λ) = P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²), Kolmogorov's
 * limiting distribution of √n·D_n. */
double optref_kolmogorov_q(double lambda);

#endif
