/* main.c: the optref command line.
 *
 *   optref list
 *   optref run ALGORITHM PROBLEM [name=value ...] [--variant V] [--steps N]
 *              [--precision double|mpfr:BITS] [--format dec|hex]
 *   optref regen [--spec FILE] [--out DIR [--force]] [--compare DIR] [--case NAME ...]
 *
 * Exit status: 0 success, 1 a comparison found differences, 2 bad usage or
 * bad input (one line on stderr saying which argument and why).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "golden.h"
#include "optref.h"

#define EXIT_MISMATCH 1
#define EXIT_USAGE 2

static const char *prog = "optref";

static int die(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s %s: ", prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* ---- list ---------------------------------------------------------------- */

static void print_default(double d)
{
    if (isnan(d))
        printf("%-10s", "(required)");
    else
        printf("%-10g", d);
}

static int cmd_list(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        puts("usage: optref list\n\nLists the algorithms (variants, hyper-parameters with their\n"
             "defaults, state vectors) and the problems (formula, dimension, start, minimiser).");
        return 0;
    }
    if (argc > 1)
        return die("list", "unexpected argument '%s' (argument 2)", argv[1]);
    puts("ALGORITHMS");
    for (size_t i = 0; optref_algorithms[i]; i++) {
        const optref_algorithm *a = optref_algorithms[i];
        printf("\n%s  %s\n  source: %s\n  read:   %s\n", a->name, a->title, a->source, a->file);
        for (size_t v = 0; v < a->nvariants; v++) {
            printf("  variant %-12s %s%s\n", a->variants[v].name, a->variants[v].doc,
                   v == 0 ? "  [default]" : "");
            for (size_t k = 0; k < a->nhp; k++) {
                if (!optref_hparam_used(a, v, k))
                    continue;
                printf("      %-6s %-3s default ", a->hp[k].name, a->hp[k].symbol);
                print_default(a->hp[k].def);
                printf(" %s\n", a->hp[k].doc);
            }
            for (size_t k = 0; k < a->nstate; k++)
                if (optref_state_used(a, v, k))
                    printf("      state %-4s %s\n", a->state[k].name, a->state[k].doc);
        }
    }
    puts("\nPROBLEMS");
    for (size_t i = 0; optref_problems[i]; i++) {
        const optref_problem *p = optref_problems[i];
        printf("\n%-11s %s   (%s)\n  dim %zu  x0 (", p->name, p->formula, p->source, p->n);
        for (size_t j = 0; j < p->n; j++)
            printf("%s%g", j ? ", " : "", p->x0[j]);
        if (isinf(p->fmin)) {
            printf(")  unbounded below\n");
            continue;
        }
        printf(")  minimiser (");
        for (size_t j = 0; j < p->n; j++)
            printf("%s%g", j ? ", " : "", p->xmin[j]);
        printf(")  minimum %g\n", p->fmin);
    }
    return 0;
}

/* ---- run ----------------------------------------------------------------- */

static const char run_usage[] =
    "usage: optref run ALGORITHM PROBLEM [name=value ...] [--variant V] [--steps N]\n"
    "                  [--precision double|mpfr:BITS] [--format dec|hex]\n"
    "\n"
    "Runs ALGORITHM on PROBLEM and writes the trajectory as CSV to stdout: a header\n"
    "t,x[0],...,<state>[i],...,g[0],...,f then one row per step t = 0..N.  g is the\n"
    "gradient step t used (nan at t = 0).\n"
    "\n"
    "  name=value        a hyper-parameter (see `optref list`), or x0=v1,v2,...\n"
    "  --variant V       a named variant (default: the algorithm's first)\n"
    "  --steps N         number of updates (default 10)\n"
    "  --precision P     double (default), or mpfr:BITS with BITS >= 53: the exact\n"
    "                    trajectory for the given binary64 inputs, at BITS bits\n"
    "  --format F        dec (default: 17 significant digits in double, enough for\n"
    "                    BITS in MPFR) or hex (C99 %a)\n";

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (!s || !*s)
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static void print_mp(mpfr_srcptr x, int hex, int digits)
{
    if (mpfr_nan_p(x))
        fputs("nan", stdout);
    else if (mpfr_inf_p(x))
        fputs(mpfr_signbit(x) ? "-inf" : "inf", stdout);
    else if (hex)
        mpfr_printf("%Ra", x);
    else
        mpfr_printf("%.*Re", digits - 1, x);
}

static int cmd_run(int argc, char **argv)
{
    const char *algname = NULL, *probname = NULL, *variant = NULL;
    long steps = 10, bits = 0;
    int hex = 0;
    const char *items[64];
    int itempos[64];
    size_t nitems = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(run_usage, stdout);
            return 0;
        }
        if (strncmp(a, "--", 2) == 0) {
            const char *val = i + 1 < argc ? argv[i + 1] : NULL;
            if (strcmp(a, "--variant") == 0 || strcmp(a, "--steps") == 0 ||
                strcmp(a, "--precision") == 0 || strcmp(a, "--format") == 0) {
                if (!val)
                    return die("run", "%s needs a value (argument %d)", a, i + 1);
                i++;
            } else
                return die("run", "unknown option '%s' (argument %d); see optref run --help", a, i + 1);
            if (strcmp(a, "--variant") == 0)
                variant = val;
            else if (strcmp(a, "--steps") == 0) {
                if (parse_long(val, 0, 100000000L, &steps) != 0)
                    return die("run", "--steps: '%s' is not a whole number from 0 to 100000000 "
                                      "(argument %d)", val, i + 1);
            } else if (strcmp(a, "--precision") == 0) {
                if (strcmp(val, "double") == 0)
                    bits = 0;
                else if (strncmp(val, "mpfr:", 5) != 0 ||
                         parse_long(val + 5, 53, 1L << 20, &bits) != 0)
                    return die("run", "--precision: '%s' is neither double nor mpfr:BITS with "
                                      "53 <= BITS <= 1048576 (argument %d)", val, i + 1);
            } else {
                if (strcmp(val, "dec") == 0)
                    hex = 0;
                else if (strcmp(val, "hex") == 0)
                    hex = 1;
                else
                    return die("run", "--format: '%s' is neither dec nor hex (argument %d)", val, i + 1);
            }
        } else if (!algname)
            algname = a;
        else if (!probname)
            probname = a;
        else {
            if (nitems == 64)
                return die("run", "too many name=value arguments");
            itempos[nitems] = i + 1;
            items[nitems++] = a;
        }
    }
    if (!algname || !probname)
        return die("run", "missing %s; usage: optref run ALGORITHM PROBLEM [name=value ...]",
                   algname ? "PROBLEM" : "ALGORITHM");
    const optref_algorithm *A = optref_algorithm_from_name(algname);
    if (!A)
        return die("run", "unknown algorithm '%s' (argument 2); `optref list` shows them", algname);
    const optref_problem *P = optref_problem_from_name(probname);
    if (!P)
        return die("run", "unknown problem '%s' (argument 3); `optref list` shows them", probname);
    int v = 0;
    if (variant && (v = optref_variant_from_name(A, variant)) < 0)
        return die("run", "unknown variant '%s' of %s; `optref list` shows them", variant, A->name);

    optref_setup s;
    char err[512];
    optref_setup_init(&s, A, (size_t)v, P);
    for (size_t k = 0; k < nitems; k++)
        if (optref_setup_set(&s, items[k], err, sizeof err) != OPTREF_SUCCESS)
            return die("run", "%s (argument %d)", err, itempos[k]);
    if (optref_setup_check(&s, err, sizeof err) != OPTREF_SUCCESS)
        return die("run", "%s", err);

    optref_run *r;
    optref_status st = optref_run_new(&r, &s, bits ? OPTREF_MPFR : OPTREF_DOUBLE,
                                      bits ? (mpfr_prec_t)bits : 53, NULL);
    if (st != OPTREF_SUCCESS)
        return die("run", "%s", optref_strerror(st));
    size_t nq = optref_nq(&s);
    char name[64];
    int digits = bits ? (int)mpfr_get_str_ndigits(10, (mpfr_prec_t)bits) : 17;
    fputs("t", stdout);
    for (size_t q = 0; q < nq; q++) {
        optref_qname(&s, q, name, sizeof name);
        printf(",%s", name);
    }
    fputc('\n', stdout);
    for (long t = 0; t <= steps; t++) {
        if (t > 0)
            optref_run_step(r);
        printf("%ld", t);
        for (size_t q = 0; q < nq; q++) {
            fputc(',', stdout);
            if (bits)
                print_mp(optref_run_get_mp(r, q), hex, digits);
            else {
                double d = optref_run_get_d(r, q);
                if (isnan(d))
                    fputs("nan", stdout);
                else if (isinf(d))
                    fputs(d < 0 ? "-inf" : "inf", stdout);
                else
                    printf(hex ? "%a" : "%.17g", d);
            }
        }
        fputc('\n', stdout);
    }
    optref_run_free(r);
    if (fflush(stdout) != 0 || ferror(stdout))
        return die("run", "error writing to standard output");
    return 0;
}

/* ---- regen --------------------------------------------------------------- */

static const char regen_usage[] =
    "usage: optref regen [--spec FILE] [--out DIR [--force]] [--compare DIR] [--case NAME ...]\n"
    "\n"
    "Computes every case of the spec file (default golden/cases.in) as a golden\n"
    "trajectory, correctly rounded Ziv-style, and prints a summary table: steps,\n"
    "the precision at which the rounded values settled, and the largest ULP\n"
    "distance of optref's own double variant from them.\n"
    "\n"
    "  --out DIR      write DIR/<case>.out; a file that exists and differs is only\n"
    "                 replaced with --force (golden/out is regenerated this way)\n"
    "  --compare DIR  compare each result byte for byte with DIR/<case>.out;\n"
    "                 exit status 1 if any differs or is missing, or DIR holds a\n"
    "                 .out file that no case produces\n"
    "  --case NAME    only this case (repeatable)\n";

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmd_regen(int argc, char **argv)
{
    const char *spec = "golden/cases.in", *out = NULL, *cmp = NULL;
    int force = 0;
    const char *only[256];
    size_t nonly = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(regen_usage, stdout);
            return 0;
        } else if (strcmp(a, "--force") == 0) {
            force = 1;
            continue;
        } else if (strcmp(a, "--spec") != 0 && strcmp(a, "--out") != 0 &&
                   strcmp(a, "--compare") != 0 && strcmp(a, "--case") != 0)
            return die("regen", "unknown argument '%s' (argument %d); see optref regen --help", a,
                       i + 1);
        if (!val)
            return die("regen", "%s needs a value (argument %d)", a, i + 1);
        i++;
        if (strcmp(a, "--spec") == 0)
            spec = val;
        else if (strcmp(a, "--out") == 0)
            out = val;
        else if (strcmp(a, "--compare") == 0)
            cmp = val;
        else if (nonly < 256)
            only[nonly++] = val;
        else
            return die("regen", "too many --case arguments");
    }
    if (out && !is_dir(out) && mkdir(out, 0777) != 0)
        return die("regen", "--out %s: %s", out, strerror(errno));
    if (cmp && !is_dir(cmp))
        return die("regen", "--compare %s: not a directory", cmp);

    optref_case *cases;
    size_t ncases;
    char err[1024];
    if (optref_cases_read(spec, &cases, &ncases, err, sizeof err) != OPTREF_SUCCESS)
        return die("regen", "%s", err);
    for (size_t k = 0; k < nonly; k++)
        if (!optref_case_find(cases, ncases, only[k])) {
            free(cases);
            return die("regen", "--case %s: no such case in %s", only[k], spec);
        }

    int status = 0, differ = 0;
    printf("%-30s %-9s %-11s %-10s %6s %6s %8s  %-14s %s\n", "case", "algorithm", "variant",
           "problem", "steps", "prec", "confirm", "max ULP (double)", cmp ? "vs committed" : "");
    for (size_t i = 0; i < ncases && status == 0; i++) {
        const optref_case *c = &cases[i];
        int wanted = nonly == 0;
        for (size_t k = 0; k < nonly; k++)
            wanted |= strcmp(only[k], c->name) == 0;
        if (!wanted)
            continue;
        optref_golden g;
        if (optref_golden_compute(c, &g, err, sizeof err) != OPTREF_SUCCESS) {
            status = die("regen", "%s", err);
            break;
        }
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (!mem || optref_golden_write(mem, c, &g) != 0 || fclose(mem) != 0) {
            optref_golden_free(&g);
            free(text);
            status = die("regen", "%s: out of memory", c->name);
            break;
        }
        optref_worst w;
        optref_golden_double_worst(c, &g, &w);
        char where[160] = "";
        if (w.ulp > 0) {
            char qn[64];
            optref_qname(&c->s, w.q, qn, sizeof qn);
            snprintf(where, sizeof where, "%.3g at t=%ld %s", w.ulp, w.t, qn);
        } else
            snprintf(where, sizeof where, "0");
        const char *verdict = "";
        if (cmp) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.out", cmp, c->name);
            size_t olen;
            char *old = slurp(path, &olen);
            if (!old)
                verdict = "MISSING", differ = 1;
            else if (olen != len || memcmp(old, text, len) != 0)
                verdict = "DIFFERS", differ = 1;
            else
                verdict = "identical";
            free(old);
        }
        if (out) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.out", out, c->name);
            size_t olen;
            char *old = slurp(path, &olen);
            int same = old && olen == len && memcmp(old, text, len) == 0;
            free(old);
            if (old && !same && !force) {
                status = die("regen", "%s exists and differs; not replaced (use --force)", path);
            } else if (!same) {
                char tmp[4200];
                snprintf(tmp, sizeof tmp, "%s.tmp", path);
                FILE *f = fopen(tmp, "wb");
                if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0 || rename(tmp, path) != 0)
                    status = die("regen", "%s: %s", path, strerror(errno));
            }
        }
        printf("%-30s %-9s %-11s %-10s %6ld %6ld %8ld  %-16s %s\n", c->name, c->s.alg->name,
               c->s.alg->variants[c->s.variant].name, c->s.prob->name, c->steps, (long)g.prec,
               (long)g.confirm, where, verdict);
        free(text);
        optref_golden_free(&g);
    }
    /* A committed golden file that no case produces is stale. */
    if (status == 0 && cmp && nonly == 0) {
        DIR *d = opendir(cmp);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l < 5 || strcmp(e->d_name + l - 4, ".out") != 0)
                continue;
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(l - 4), e->d_name);
            if (!optref_case_find(cases, ncases, name)) {
                printf("%-30s stale: no case in %s produces it\n", e->d_name, spec);
                differ = 1;
            }
        }
        if (d)
            closedir(d);
    }
    free(cases);
    if (status)
        return status;
    if (cmp)
        printf("%s\n", differ ? "golden files DIFFER from the committed ones"
                              : "all golden files identical to the committed ones");
    return differ ? EXIT_MISMATCH : 0;
}

/* ---- main ---------------------------------------------------------------- */

static const char usage[] =
    "usage: optref COMMAND [ARGS]\n"
    "\n"
    "  list     algorithms, variants, hyper-parameters with defaults, problems\n"
    "  run      run an algorithm on a problem; CSV trajectory to stdout\n"
    "  regen    compute the golden trajectories of golden/cases.in; summary table\n"
    "\n"
    "`optref COMMAND --help` describes each.  optref " OPTREF_VERSION "\n";

int main(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), EXIT_USAGE;
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return fputs(usage, stdout), 0;
    if (strcmp(cmd, "--version") == 0)
        return puts("optref " OPTREF_VERSION), 0;
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "regen") == 0)
        return cmd_regen(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'; try optref --help\n", prog, cmd);
    return EXIT_USAGE;
}
