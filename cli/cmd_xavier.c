/* cmd_xavier.c: `optref xavier`: the exact σ and a of Xavier/Glorot
 * initialization, and a check of an initialized tensor (ref/oracle/xavier.c). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lineread.h"
#include "xavier.h"

static const char xavier_usage[] =
    "usage: optref xavier --fan-in N --fan-out M [--gain G | --nonlinearity NAME[:SLOPE]]\n"
    "                     [--dist normal|uniform] [--alpha A] [--max-values N] [FILE]\n"
    "\n"
    "Xavier/Glorot initialization (Glorot & Bengio 2010; torch.nn.init.xavier_normal_,\n"
    "xavier_uniform_): N(0, σ²) with σ² = gain²·2/(fan_in + fan_out), or U(−a, a) with\n"
    "a = gain·√(6/(fan_in + fan_out)).  Without FILE, prints σ, σ² and a, each the\n"
    "exact value rounded once to binary64, in decimal and hex.  With FILE (values one a\n"
    "line, or separated by commas and blanks; - for stdin), tests the values against\n"
    "the distribution: n, mean, variance beside σ², the Kolmogorov-Smirnov statistic,\n"
    "its p-value, and PASS or FAIL at significance level A.\n"
    "\n"
    "  --fan-in N, --fan-out M  whole numbers from 1 to 2^52 (torch: a weight of shape\n"
    "                     [out, in, k...] has fan_in = in·Πk, fan_out = out·Πk)\n"
    "  --gain G           a number from 1e-100 to 1e100 (default 1)\n"
    "  --nonlinearity NAME   the gain of torch.nn.init.calculate_gain: linear, identity,\n"
    "                     conv1d..conv3d, conv_transpose1d..3d, sigmoid (1), tanh (5/3),\n"
    "                     relu (√2), leaky_relu[:SLOPE] (√(2/(1 + SLOPE²)), SLOPE 0.01),\n"
    "                     selu (3/4)\n"
    "  --dist D           normal (default, xavier_normal_) or uniform (xavier_uniform_)\n"
    "  --alpha A          significance level, 0 < A <= 0.5 (default 0.01): a sample\n"
    "                     drawn right fails with probability A\n"
    "  --max-values N     values held for the KS statistic (default 4194304 = 32 MiB;\n"
    "                     at most 2^31)\n"
    "\n"
    "Exit status: 0 (no FILE, or PASS), 1 FAIL, 2 bad usage or bad input.\n";

/* An argument as it may be shown on one line of stderr (\xHH for the rest);
 * two buffers, for messages that show two arguments. */
static const char *vis(const char *s)
{
    static char buf[2][64];
    static int k;
    k ^= 1;
    return optref_visible(buf[k], sizeof buf[k], s, (size_t)-1);
}

typedef struct {
    long fan_in, fan_out, max_values;
    const char *gain, *nonlin, *dist, *file;
    double alpha;
} xargs;

static int set_option(xargs *x, const char *a, const char *val, int pos)
{
    if (strcmp(a, "--fan-in") == 0 || strcmp(a, "--fan-out") == 0) {
        long *fan = a[6] == 'i' ? &x->fan_in : &x->fan_out;
        if (optref_parse_long(val, 1, OPTREF_XFAN_MAX, fan) != OPTREF_SUCCESS)
            return die("xavier", "%s: '%s' is not a whole number from 1 to 2^52 (argument %d)", vis(a), vis(val), pos);
    } else if (strcmp(a, "--max-values") == 0) {
        if (optref_parse_long(val, 2, 1L << 31, &x->max_values) != OPTREF_SUCCESS)
            return die("xavier", "--max-values: '%s' is not a whole number from 2 to 2^31 (argument %d)", vis(val), pos);
    } else if (strcmp(a, "--alpha") == 0) {
        if (optref_parse_double(val, &x->alpha) != OPTREF_SUCCESS || !(x->alpha > 0 && x->alpha <= 0.5))
            return die("xavier", "--alpha: '%s' is not a number in (0, 0.5] (argument %d)", vis(val), pos);
    } else if (strcmp(a, "--gain") == 0)
        x->gain = val;
    else if (strcmp(a, "--nonlinearity") == 0)
        x->nonlin = val;
    else if (strcmp(a, "--dist") == 0)
        x->dist = val;
    else
        return die("xavier", "unknown option '%s' (argument %d); try optref xavier --help", vis(a), pos);
    return 0;
}

static int parse_args(xargs *x, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "-") == 0) {
            if (x->file)
                return die("xavier", "unexpected argument '%s' (argument %d): one FILE at most", vis(a), i + 1);
            x->file = a;
            continue;
        }
        if (i + 1 >= argc)
            return die("xavier", "%s needs a value (argument %d)", vis(a), i + 1);
        if (set_option(x, a, argv[i + 1], i + 2))
            return EXIT_USAGE;
        i++;
    }
    if (!x->fan_in || !x->fan_out)
        return die("xavier", "--fan-in and --fan-out are required; try optref xavier --help");
    if (x->gain && x->nonlin)
        return die("xavier", "--gain and --nonlinearity: give one of them");
    if (strcmp(x->dist, "normal") != 0 && strcmp(x->dist, "uniform") != 0)
        return die("xavier", "--dist: '%s' is neither normal nor uniform", vis(x->dist));
    return 0;
}

static int make_gain(const xargs *x, optref_xgain *g)
{
    char err[512];
    double v = 1;
    if (x->nonlin) {
        if (optref_xgain_from_name(g, x->nonlin, err, sizeof err) != OPTREF_SUCCESS)
            return die("xavier", "--nonlinearity: %s", err);
        return 0;
    }
    if (x->gain && optref_parse_double(x->gain, &v) != OPTREF_SUCCESS)
        return die("xavier", "--gain: '%s' is not a number", vis(x->gain));
    if (optref_xgain_from_value(g, v, err, sizeof err) != OPTREF_SUCCESS)
        return die("xavier", "--gain: %s", err);
    return 0;
}

static void print_exact(const xargs *x, const optref_xgain *g, const optref_xexact *e)
{
    printf("xavier %s: fan_in %ld, fan_out %ld, gain %s\n", x->dist, x->fan_in, x->fan_out, g->label);
    printf("%-9s %-24s %-24s %s\n", "quantity", "binary64 (rounded once)", "hex", "exact, 30 digits");
    const struct {
        const char *name;
        double v;
        const char *exact;
    } rows[] = { { "gain", e->gain, e->gain_exact }, { "sigma", e->sigma, e->sigma_exact },
                 { "sigma2", e->var, e->var_exact }, { "a", e->a, e->a_exact } };
    for (size_t k = 0; k < OPTREF_COUNT(rows); k++)
        printf("%-9s %-24.17g %-24a %s\n", rows[k].name, rows[k].v, rows[k].v, rows[k].exact);
}

/* Reads FILE before anything is printed, so bad input leaves stdout empty. */
static int read_file(const xargs *x, const optref_xexact *e, optref_xstats *s)
{
    int normal = strcmp(x->dist, "normal") == 0, use_stdin = strcmp(x->file, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(x->file, "rb");
    if (!f)
        return die("xavier", "%s: cannot open: %s", vis(x->file), strerror(errno));
    char err[1536], name[1024];
    optref_visible(name, sizeof name, use_stdin ? "<stdin>" : x->file, (size_t)-1);
    optref_status st = optref_xavier_sample(f, name, x->max_values,
                                            normal ? OPTREF_XNORMAL : OPTREF_XUNIFORM, e->sigma, e->a, s,
                                            err, sizeof err);
    if (!use_stdin)
        fclose(f);
    return st == OPTREF_SUCCESS ? 0 : die("xavier", "%s", err);
}

static int print_check(const xargs *x, const optref_xexact *e, const optref_xstats *s)
{
    int normal = strcmp(x->dist, "normal") == 0;
    char null[96];
    snprintf(null, sizeof null, normal ? "N(0, sigma^2), sigma = %.17g" : "U(-a, a), a = %.17g",
             normal ? e->sigma : e->a);
    printf("sample %s\n", strcmp(x->file, "-") == 0 ? "<stdin>" : x->file);
    printf("%-9s %ld\n", "n", s->n);
    printf("%-9s %-24.17g expected 0; mean/(sigma/sqrt(n)) = %.3g\n", "mean", s->mean,
           s->mean / (e->sigma / sqrt((double)s->n)));
    printf("%-9s %-24.17g expected sigma2 = %.17g; ratio %.4f\n", "variance", s->var, e->var, s->var / e->var);
    printf("%-9s %-24.17g %.17g\n", "min, max", s->min, s->max);
    printf("%-9s %-24.17g against %s\n", "ks_d", s->ks_d, null);
    printf("%-9s %-24.17g (sqrt(n) + 0.12 + 0.11/sqrt(n))*D, Stephens 1970\n", "ks_lambda", s->ks_lambda);
    printf("%-9s %-24.17g Kolmogorov's limiting distribution\n", "p_value", s->ks_p);
    int pass = s->ks_p >= x->alpha;
    printf("%s: p-value %.3g %s alpha %g: the sample %s %s\n", pass ? "PASS" : "FAIL", s->ks_p,
           pass ? ">=" : "<", x->alpha, pass ? "is consistent with" : "is not drawn from", null);
    return pass ? 0 : EXIT_MISMATCH;
}

int cmd_xavier(int argc, char **argv)
{
    if (argc > 1 && is_help(argv[1]))
        return fputs(xavier_usage, stdout), 0;
    xargs x = { .max_values = OPTREF_XMAX_VALUES_DEFAULT, .dist = "normal", .alpha = 0.01 };
    optref_xgain g;
    optref_xexact e;
    if (parse_args(&x, argc, argv) || make_gain(&x, &g))
        return EXIT_USAGE;
    if (optref_xavier_exact(x.fan_in, x.fan_out, &g, &e) != OPTREF_SUCCESS)
        return die("xavier", "sigma did not settle within 65536 bits (cannot happen: see ref/oracle/xavier.c)");
    optref_xstats s;
    if (x.file && read_file(&x, &e, &s))
        return EXIT_USAGE;
    print_exact(&x, &g, &e);
    return x.file ? print_check(&x, &e, &s) : 0;
}
