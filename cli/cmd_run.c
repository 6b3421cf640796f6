/* cmd_run.c: `optref run`: one trajectory as CSV on stdout. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dfmt.h"
#include "golden.h"
#include "optref_mpfr.h"

static const char run_usage[] =
    "usage: optref run ALGORITHM PROBLEM [name=value ...] [--variant V] [--steps N]\n"
    "                  [--precision double|f64|f32|bf16|f16|mpfr:BITS] [--format dec|hex]\n"
    "       optref run --case NAME [--spec FILE] [--steps N] [--precision P] [--format F]\n"
    "\n"
    "Runs ALGORITHM on PROBLEM and writes the trajectory as CSV to stdout: a header\n"
    "t,x[0],...,<state>,...,eta,g[0],...,f then one row per step t = 0..N.  g and\n"
    "eta (the step size η_t) are the ones step t used (nan at t = 0).\n"
    "\n"
    "  PROBLEM           a preset (quad-0.1-2) or FAMILY:name=value,... (quad:n=100,cond=10);\n"
    "                    `optref list` shows them\n"
    "  name=value        a hyper-parameter, x0=v1,v2,..., or schedule=NAME[:p=v,...]\n"
    "  --case NAME       the named case of the spec file (`optref cases` lists them):\n"
    "                    its algorithm, variant, problem, hyper-parameters, schedule,\n"
    "                    x0 and steps; every step and coordinate is printed\n"
    "  --spec FILE       case specs for --case (default: golden/cases.in of optref's\n"
    "                    source tree)\n"
    "  --variant V       a named variant (default: the algorithm's first)\n"
    "  --steps N         number of updates (default 10, or the case's)\n"
    "  --precision P     double (default); f64, f32, bf16 or f16: every operation rounded\n"
    "                    to that format (MPFR emulates its precision, exponent range\n"
    "                    and subnormals; inputs rounded to it too); or mpfr:BITS with\n"
    "                    BITS >= 53: the exact trajectory for the given binary64\n"
    "                    inputs, at BITS bits.  f64 is the mode where MPFR at 53 bits\n"
    "                    is bit-exact with double: same values, same output bytes\n"
    "                    (mpfr:53 has MPFR's own exponent range, no subnormals)\n"
    "  --format F        dec (default) or hex; one convention in every precision:\n"
    "                    dec is %.Dg, D the digits that round-trip the precision\n"
    "                    (17 for double, f64 and mpfr:53; 9 for f32); hex is\n"
    "                    0x1.HHHp+E with the leading digit 1, subnormals included\n";

typedef struct {
    const char *alg, *prob, *variant, *casename, *spec;
    long steps, bits;
    const optref_format *emul;
    int hex;
    int pos_alg, pos_prob, pos_var, pos_case; /* argument numbers, for messages */
} run_args;

static int parse_option(run_args *ra, const char *a, const char *val, int pos)
{
    if (strcmp(a, "--variant") == 0)
        ra->variant = val, ra->pos_var = pos;
    else if (strcmp(a, "--case") == 0)
        ra->casename = val, ra->pos_case = pos;
    else if (strcmp(a, "--spec") == 0)
        ra->spec = val;
    else if (strcmp(a, "--steps") == 0) {
        if (optref_parse_long(val, 0, 100000000L, &ra->steps) != 0)
            return die("run", "--steps: '%s' is not a whole number from 0 to 100000000 (argument %d)", val, pos);
    } else if (strcmp(a, "--precision") == 0) {
        ra->emul = optref_format_from_name(val);
        if (strcmp(val, "double") == 0)
            ra->bits = 0;
        else if (ra->emul)
            ra->bits = ra->emul->prec;
        else if (strncmp(val, "mpfr:", 5) != 0 || optref_parse_long(val + 5, 53, 1L << 20, &ra->bits) != 0)
            return die("run", "--precision: '%s' is none of double, f32, bf16, f16, mpfr:BITS with "
                              "53 <= BITS <= 1048576 (argument %d)", val, pos);
    } else if (strcmp(val, "dec") == 0 || strcmp(val, "hex") == 0)
        ra->hex = strcmp(val, "hex") == 0;
    else
        return die("run", "--format: '%s' is neither dec nor hex (argument %d)", val, pos);
    return 0;
}

/* --case NAME: no ALGORITHM, PROBLEM, items or --variant beside it. */
static int run_case_args(const run_args *ra)
{
    if (!ra->casename)
        return die("run", "--spec %s: give --case NAME too", ra->spec);
    if (ra->alg)
        return die("run", "unexpected argument '%s' (argument %d): --case takes its algorithm, problem and "
                   "hyper-parameters from the case", ra->alg, ra->pos_alg);
    if (ra->variant)
        return die("run", "--variant %s (argument %d): --case takes its variant from the case", ra->variant,
                   ra->pos_var);
    return 0;
}

static int parse_args(run_args *ra, int argc, char **argv)
{
    static const char *const opts[] = { "--variant", "--steps", "--precision", "--format", "--case", "--spec" };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            if (ra->casename || ra->spec)
                return die("run", "unexpected argument '%s' (argument %d): --case takes its algorithm, problem "
                           "and hyper-parameters from the case", a, i + 1);
            if (!ra->alg)
                ra->alg = a, ra->pos_alg = i + 1;
            else if (!ra->prob)
                ra->prob = a, ra->pos_prob = i + 1;
            continue;
        }
        size_t k = 0;
        while (k < OPTREF_COUNT(opts) && strcmp(a, opts[k]) != 0)
            k++;
        if (k == OPTREF_COUNT(opts))
            return die("run", "unknown option '%s' (argument %d); see optref run --help", a, i + 1);
        if (i + 1 >= argc)
            return die("run", "%s needs a value (argument %d)", a, i + 1);
        if (parse_option(ra, a, argv[i + 1], i + 2) != 0)
            return EXIT_USAGE;
        i++;
    }
    if (ra->casename || ra->spec)
        return run_case_args(ra);
    if (!ra->alg || !ra->prob)
        return die("run", "missing %s; usage: optref run ALGORITHM PROBLEM [name=value ...]",
                   ra->alg ? "PROBLEM" : "ALGORITHM");
    return 0;
}

/* The argument, among the items before argument i, that gives the same name. */
static int given_before(char **argv, int i, int first)
{
    size_t len = strcspn(argv[i], "=");
    for (int k = first; k < i; k++)
        if (strncmp(argv[k], "--", 2) != 0 && strcspn(argv[k], "=") == len && strncmp(argv[k], argv[i], len) == 0)
            return k;
    return 0;
}

/* The setup from the arguments: items are the positionals after ALGORITHM PROBLEM. */
static int make_setup(optref_setup **s, const run_args *ra, int argc, char **argv)
{
    char err[1024];
    const optref_algorithm *a = optref_algorithm_from_name(ra->alg);
    if (!a)
        return die("run", "unknown algorithm '%s' (argument %d); `optref list` shows them", ra->alg, ra->pos_alg);
    if (ra->variant && optref_variant_from_name(a, ra->variant) < 0)
        return die("run", "unknown variant '%s' of %s (argument %d); `optref list` shows them", ra->variant,
                   a->name, ra->pos_var);
    if (optref_setup_new(s, ra->alg, ra->variant, ra->prob, err, sizeof err) != OPTREF_SUCCESS)
        return die("run", "%s (argument %d)", err, ra->pos_prob);
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            i++;
            continue;
        }
        if (++positional <= 2)
            continue;
        int k = given_before(argv, i, ra->pos_prob);
        if (k)
            return die("run", "%.*s given twice (arguments %d and %d)", (int)strcspn(argv[i], "="), argv[i], k + 1,
                       i + 1);
        if (optref_setup_set(*s, argv[i], err, sizeof err) != OPTREF_SUCCESS)
            return die("run", "%s (argument %d)", err, i + 1);
    }
    if (optref_setup_check(*s, err, sizeof err) != OPTREF_SUCCESS)
        return die("run", "%s (for %s, argument %d)", err, ra->alg, ra->pos_alg);
    return 0;
}

/* The setup of case --case in the spec file; the case's steps unless --steps. */
static int case_setup(optref_setup **s, run_args *ra)
{
    optref_case *cases = NULL;
    size_t n = 0;
    char err[2048];
    const char *spec = ra->spec ? ra->spec : default_spec();
    if (optref_cases_read(spec, &cases, &n, err, sizeof err) != OPTREF_SUCCESS)
        return die("run", "%s", err);
    optref_case *c = (optref_case *)optref_case_find(cases, n, ra->casename);
    int rc = c ? 0 : die("run", "--case: unknown case '%s' in %s (argument %d); `optref cases` lists them",
                         ra->casename, spec, ra->pos_case);
    if (c) {
        *s = c->s; /* taken over */
        c->s = NULL;
        if (ra->steps < 0)
            ra->steps = c->steps;
    }
    optref_cases_free(cases, n);
    return rc;
}

/* Hex in one normalisation for every precision: 0x1.<hex digits>p<exp>, the
 * leading digit 1 (subnormals too: 2^-1074 is 0x1p-1074), trailing zeros
 * dropped, zero 0x0p+0 -- what glibc's %a prints for a normal double. */
static void print_hex_mp(mpfr_srcptr x)
{
    if (mpfr_zero_p(x)) {
        fputs(mpfr_signbit(x) ? "-0x0p+0" : "0x0p+0", stdout);
        return;
    }
    mpfr_exp_t e;
    char *bits = mpfr_get_str(NULL, &e, 2, 0, x, MPFR_RNDN); /* exact: x = 0.1b...b × 2^e */
    const char *d = bits + (bits[0] == '-') + 1;             /* the bits after the leading 1 */
    size_t n = strlen(d);
    while (n > 0 && d[n - 1] == '0')
        n--;
    printf("%s0x1", bits[0] == '-' ? "-" : "");
    for (size_t i = 0; i < n; i += 4) {
        int nib = 0;
        for (size_t k = 0; k < 4; k++)
            nib = 2 * nib + (i + k < n && d[i + k] == '1');
        printf("%s%x", i == 0 ? "." : "", nib);
    }
    printf("p%+ld", (long)e - 1);
    mpfr_free_str(bits);
}

/* Decimal in one convention: %.Dg with D the digits that round-trip the
 * precision (17 for 53 bits), the same bytes from double and from MPFR. */
static void print_value_mp(const optref_run *r, size_t q, const run_args *ra, int digits)
{
    mpfr_srcptr x = optref_run_get_mp(r, q);
    if (mpfr_nan_p(x))
        fputs("nan", stdout);
    else if (mpfr_inf_p(x))
        fputs(mpfr_signbit(x) ? "-inf" : "inf", stdout);
    else if (ra->hex)
        print_hex_mp(x);
    else
        mpfr_printf("%.*Rg", digits, x);
}

/* Binary64: ",value" at o, the same bytes as %a (subnormals normalised as
 * print_hex_mp does) and %.17g, without printf (ref/core/dfmt.c: run spent
 * 95-98% of its time in printf).  Returns the end. */
static char *put_value_d(char *o, double d, int hex)
{
    *o++ = ',';
    const char *special = isnan(d) ? "nan" : isinf(d) ? (d < 0 ? "-inf" : "inf") : NULL;
    if (special) {
        size_t n = strlen(special);
        memcpy(o, special, n);
        return o + n;
    }
    return o + (hex ? optref_fmt_hex : optref_fmt_g17)(d, o);
}

/* One row: t, then each quantity; a double row is written whole, one fwrite. */
static void print_row(const optref_run *r, long t, size_t nq, const run_args *ra, int digits, char *row,
                      double *vals)
{
    if (ra->bits) {
        printf("%ld", t);
        for (size_t q = 0; q < nq; q++) {
            fputc(',', stdout);
            print_value_mp(r, q, ra, digits);
        }
        fputc('\n', stdout);
        return;
    }
    char *o = row + optref_fmt_long(t, row);
    optref_run_get_row_d(r, vals);
    for (size_t q = 0; q < nq; q++)
        o = put_value_d(o, vals[q], ra->hex);
    *o++ = '\n';
    fwrite(row, 1, (size_t)(o - row), stdout);
}

int cmd_run(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (is_help(argv[i]))
            return fputs(run_usage, stdout), 0;
    run_args ra = { .steps = -1 };
    optref_setup *s = NULL;
    optref_run *r = NULL;
    int rc = parse_args(&ra, argc, argv);
    if (rc == 0)
        rc = ra.casename ? case_setup(&s, &ra) : make_setup(&s, &ra, argc, argv);
    if (ra.steps < 0)
        ra.steps = 10;
    optref_status st = rc ? OPTREF_SUCCESS
                          : optref_run_new(&r, s, ra.bits ? OPTREF_MPFR : OPTREF_DOUBLE, ra.bits ? ra.bits : 53, ra.emul);
    if (st != OPTREF_SUCCESS)
        rc = die("run", "%s", optref_strerror(st));
    if (rc) {
        optref_setup_free(s);
        return rc;
    }
    size_t nq = optref_nq(s);
    char name[64];
    int digits = ra.bits ? (int)mpfr_get_str_ndigits(10, (mpfr_prec_t)ra.bits) : 17;
    fputs("t", stdout);
    for (size_t q = 0; q < nq; q++) {
        optref_qname(s, q, name, sizeof name);
        printf(",%s", name);
    }
    fputc('\n', stdout);
    char *row = malloc((nq + 1) * (OPTREF_DFMT_MAX + 1)); /* a double row, bounded by nq */
    double *vals = malloc((nq ? nq : 1) * sizeof *vals);
    if (!row || !vals) {
        free(row);
        free(vals);
        optref_run_free(r);
        optref_setup_free(s);
        return die("run", "out of memory");
    }
    for (long t = 0; t <= ra.steps; t++) {
        if (t > 0)
            optref_run_step(r);
        print_row(r, t, nq, &ra, digits, row, vals);
    }
    free(row);
    free(vals);
    optref_run_free(r);
    optref_setup_free(s);
    if (fflush(stdout) != 0 || ferror(stdout))
        return die("run", "error writing to standard output");
    return 0;
}
