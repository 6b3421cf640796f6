/* cmd_schedule.c: `optref schedule`: the values η_t of one schedule as CSV. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "optref_mpfr.h"

static const char schedule_usage[] =
    "usage: optref schedule NAME[:name=value,...] [--eta0 X] [--steps N] [--flavor F]\n"
    "                       [--precision double|f64|f32|bf16|f16|mpfr:BITS] [--format dec|hex]\n"
    "\n"
    "Writes the step sizes η_t of a learning-rate schedule as CSV to stdout: a\n"
    "header t,eta then one row per update t = 1..N.  t is the update being made;\n"
    "frameworks evaluate their schedules at e = t − 1 (torch's last_epoch, optax's\n"
    "count, Keras's iterations).  `optref list` shows each schedule, its flavours\n"
    "and their parameters with defaults.\n"
    "\n"
    "  --eta0 X       the step size the schedule starts from (default 1: a multiplier)\n"
    "  --steps N      number of updates (default 10)\n"
    "  --flavor F     the same schedule as framework F computes it: NAME-F\n"
    "                 (cosine --flavor torch is cosine-torch)\n"
    "  --precision P  double (default), f64, f32, bf16, f16 (MPFR emulating that\n"
    "                 format), or mpfr:BITS, BITS >= 53: exact for the binary64 inputs\n"
    "  --format F     dec (default) or hex (C99 %a)\n";

typedef struct {
    const char *spec, *eta0, *flavor;
    long steps, bits;
    const optref_format *emul;
    int hex;
} sched_args;

static int parse_option(sched_args *sa, const char *a, const char *val, int pos)
{
    if (strcmp(a, "--eta0") == 0)
        sa->eta0 = val;
    else if (strcmp(a, "--flavor") == 0)
        sa->flavor = val;
    else if (strcmp(a, "--steps") == 0) {
        if (optref_parse_long(val, 1, 100000000L, &sa->steps) != 0)
            return die("schedule", "--steps: '%s' is not a whole number from 1 to 100000000 (argument %d)", val, pos);
    } else if (strcmp(a, "--precision") == 0) {
        sa->emul = optref_format_from_name(val);
        if (strcmp(val, "double") == 0)
            sa->bits = 0;
        else if (sa->emul)
            sa->bits = sa->emul->prec;
        else if (strncmp(val, "mpfr:", 5) != 0 || optref_parse_long(val + 5, 53, 1L << 20, &sa->bits) != 0)
            return die("schedule", "--precision: '%s' is none of double, f64, f32, bf16, f16, mpfr:BITS with "
                                   "53 <= BITS <= 1048576 (argument %d)", val, pos);
    } else if (strcmp(val, "dec") == 0 || strcmp(val, "hex") == 0)
        sa->hex = strcmp(val, "hex") == 0;
    else
        return die("schedule", "--format: '%s' is neither dec nor hex (argument %d)", val, pos);
    return 0;
}

static int parse_args(sched_args *sa, int argc, char **argv)
{
    static const char *const opts[] = { "--eta0", "--steps", "--flavor", "--precision", "--format" };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            if (sa->spec)
                return die("schedule", "unexpected argument '%s' (argument %d)", a, i + 1);
            sa->spec = a;
            continue;
        }
        size_t k = 0;
        while (k < OPTREF_COUNT(opts) && strcmp(a, opts[k]) != 0)
            k++;
        if (k == OPTREF_COUNT(opts))
            return die("schedule", "unknown option '%s' (argument %d); see optref schedule --help", a, i + 1);
        if (i + 1 >= argc)
            return die("schedule", "%s needs a value (argument %d)", a, i + 1);
        if (parse_option(sa, a, argv[i + 1], i + 2) != 0)
            return EXIT_USAGE;
        i++;
    }
    if (!sa->spec)
        return die("schedule", "missing NAME; usage: optref schedule NAME[:name=value,...] [--steps N]");
    return 0;
}

/* The schedule runs under GD on f(x) = x² with η = η0: its eta is η_t. */
static int make_setup(optref_setup **s, const sched_args *sa)
{
    char err[1024], *item;
    const char *colon = strchr(sa->spec, ':');
    size_t len = colon ? (size_t)(colon - sa->spec) : strlen(sa->spec);
    size_t fl = sa->flavor ? strlen(sa->flavor) + 1 : 0;
    double v;
    if (optref_parse_double(sa->eta0, &v) != OPTREF_SUCCESS || !isfinite(v) || v <= 0)
        return die("schedule", "--eta0: '%s' is not a positive finite number", sa->eta0);
    if (optref_setup_new(s, "gd", NULL, "square", err, sizeof err) != OPTREF_SUCCESS)
        return die("schedule", "%s", err);
    if (!(item = malloc(strlen(sa->spec) + fl + 16)))
        return die("schedule", "out of memory");
    snprintf(item, strlen(sa->spec) + fl + 16, "schedule=%.*s%s%s%s", (int)len, sa->spec, fl ? "-" : "",
             fl ? sa->flavor : "", colon ? colon : "");
    int rc = optref_setup_set(*s, item, err, sizeof err) == OPTREF_SUCCESS ? 0 : die("schedule", "%s", err);
    free(item);
    if (rc == 0) {
        snprintf(err, sizeof err, "eta=%s", sa->eta0);
        if (optref_setup_set(*s, err, err, sizeof err) != OPTREF_SUCCESS)
            rc = die("schedule", "--eta0: %s", err);
    }
    return rc;
}

static void print_eta(const optref_run *r, size_t q, const sched_args *sa, int digits)
{
    if (sa->bits) {
        mpfr_srcptr x = optref_run_get_mp(r, q);
        if (mpfr_nan_p(x) || mpfr_inf_p(x))
            fputs(mpfr_nan_p(x) ? "nan" : mpfr_signbit(x) ? "-inf" : "inf", stdout);
        else if (sa->hex)
            mpfr_printf("%Ra", x);
        else
            mpfr_printf("%.*Re", digits - 1, x);
        return;
    }
    double d = optref_run_get_d(r, q);
    if (isnan(d) || isinf(d))
        fputs(isnan(d) ? "nan" : d < 0 ? "-inf" : "inf", stdout);
    else
        printf(sa->hex ? "%a" : "%.17g", d);
}

int cmd_schedule(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (is_help(argv[i]))
            return fputs(schedule_usage, stdout), 0;
    sched_args sa = { .steps = 10, .eta0 = "1" };
    optref_setup *s = NULL;
    optref_run *r = NULL;
    int rc = parse_args(&sa, argc, argv);
    if (rc == 0)
        rc = make_setup(&s, &sa);
    optref_status st = rc ? OPTREF_SUCCESS
                          : optref_run_new(&r, s, sa.bits ? OPTREF_MPFR : OPTREF_DOUBLE, sa.bits ? sa.bits : 53, sa.emul);
    if (st != OPTREF_SUCCESS)
        rc = die("schedule", "%s", optref_strerror(st));
    if (rc) {
        optref_setup_free(s);
        return rc;
    }
    size_t q = optref_quantity_from_name(s, "eta")->offset;
    int digits = sa.bits ? (int)mpfr_get_str_ndigits(10, (mpfr_prec_t)sa.bits) : 17;
    puts("t,eta");
    for (long t = 1; t <= sa.steps; t++) {
        optref_run_step(r);
        printf("%ld,", t);
        print_eta(r, q, &sa, digits);
        fputc('\n', stdout);
    }
    optref_run_free(r);
    optref_setup_free(s);
    if (fflush(stdout) != 0 || ferror(stdout))
        return die("schedule", "error writing to standard output");
    return 0;
}
