/* main.c: the optref command line.
 *
 *   optref list
 *   optref run ALGORITHM PROBLEM [name=value ...] [--variant V] [--steps N]
 *              [--precision double|mpfr:BITS] [--format dec|hex]
 *   optref regen [--spec FILE] [--out DIR [--force]] [--compare DIR] [--case NAME ...]
 *   optref verify CASE CANDIDATE.csv [--dtype f64|f32|bf16|f16] [--mode ...] ...
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
#include <unistd.h>

#include <jansson.h>
#include <libgen.h>

#include "golden.h"
#include "optref.h"
#include "verify.h"

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
    "                  [--precision double|f32|bf16|f16|mpfr:BITS] [--format dec|hex]\n"
    "\n"
    "Runs ALGORITHM on PROBLEM and writes the trajectory as CSV to stdout: a header\n"
    "t,x[0],...,<state>[i],...,g[0],...,f then one row per step t = 0..N.  g is the\n"
    "gradient step t used (nan at t = 0).\n"
    "\n"
    "  name=value        a hyper-parameter (see `optref list`), or x0=v1,v2,...\n"
    "  --variant V       a named variant (default: the algorithm's first)\n"
    "  --steps N         number of updates (default 10)\n"
    "  --precision P     double (default); f32, bf16 or f16: every operation rounded\n"
    "                    to that format (MPFR emulates its precision, exponent range\n"
    "                    and subnormals; inputs rounded to it too); or mpfr:BITS with\n"
    "                    BITS >= 53: the exact trajectory for the given binary64\n"
    "                    inputs, at BITS bits\n"
    "  --format F        dec (default: 17 significant digits in double, enough for\n"
    "                    BITS in MPFR) or hex (C99 %a)\n";

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
    const optref_format *emul = NULL;
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
                if (optref_parse_long(val, 0, 100000000L, &steps) != 0)
                    return die("run", "--steps: '%s' is not a whole number from 0 to 100000000 "
                                      "(argument %d)", val, i + 1);
            } else if (strcmp(a, "--precision") == 0) {
                emul = optref_format_from_name(val);
                if (strcmp(val, "double") == 0)
                    bits = 0;
                else if (emul)
                    bits = (long)emul->prec;
                else if (strncmp(val, "mpfr:", 5) != 0 ||
                         optref_parse_long(val + 5, 53, 1L << 20, &bits) != 0)
                    return die("run", "--precision: '%s' is none of double, f32, bf16, f16, "
                                      "mpfr:BITS with 53 <= BITS <= 1048576 (argument %d)", val, i + 1);
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
                                      bits ? (mpfr_prec_t)bits : 53, emul);
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
    "distance of optref's own double variant from them: of each golden value,\n"
    "and scaled as `optref verify` scales it (ulp of the largest magnitude of\n"
    "that column so far, so values converging to 0 do not blow it up).\n"
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
    printf("%-26s %-9s %-11s %-10s %5s %5s %7s  %-24s %7s  %s\n", "case", "algorithm", "variant",
           "problem", "steps", "prec", "confirm", "double: max ULP", "scaled", cmp ? "vs committed" : "");
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
        printf("%-26s %-9s %-11s %-10s %5ld %5ld %7ld  %-24s %7.3g  %s\n", c->name, c->s.alg->name,
               c->s.alg->variants[c->s.variant].name, c->s.prob->name, c->steps, (long)g.prec,
               (long)g.confirm, where, w.scaled, verdict);
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


/* ---- verify -------------------------------------------------------------- */

static const char verify_usage[] =
    "usage: optref verify CASE CANDIDATE.csv [options]\n"
    "\n"
    "Judges a trajectory exported by your implementation against the exact one.\n"
    "CASE is a case name of the spec file, or a spec file holding one case.\n"
    "CANDIDATE.csv has a header naming its columns as `optref run` does: t, x[i],\n"
    "and optionally state (m[i], v[i], ...), g[i], f; decimal or hex floats,\n"
    "nan, inf, -inf; rows t = 0, 1, ..., N (doc/verify.md).\n"
    "\n"
    "  --dtype F          f64 (default), f32, bf16, f16: the candidate's format; the\n"
    "                     truth is the exact trajectory from the inputs rounded to F,\n"
    "                     each value rounded to F\n"
    "  --mode M           both (default), trajectory, onestep: judge the free-running\n"
    "                     trajectory, and/or each step from the candidate's own state\n"
    "                     (needs the state columns)\n"
    "  --steps N          judge rows t = 0..N (default: the case's steps)\n"
    "  --tolerance U      trajectory tolerance in ULPs (default: golden/TOLERANCES)\n"
    "  --step-tolerance U one-step tolerance in ULPs (default: golden/TOLERANCES)\n"
    "  --spec FILE        case specs (default: golden/cases.in)\n"
    "  --tolerances FILE  budgets (default: TOLERANCES beside the spec file)\n"
    "  --max-failures N   failures listed (default and at most 20)\n"
    "  --json FILE        also write the report as JSON to FILE\n"
    "  --quiet            print only the verdict line\n"
    "\n"
    "Exit status: 0 pass, 1 mismatch, 2 bad usage or bad input.\n";

static const char *default_spec(void)
{
    static char path[4096];
    if (is_dir("golden") && access("golden/cases.in", R_OK) == 0)
        return "golden/cases.in";
    snprintf(path, sizeof path, "%s/golden/cases.in", OPTREF_SOURCE_ROOT);
    return path;
}

static void print_val(FILE *f, double v)
{
    fprintf(f, "%.17g (%a)", v, v);
}

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_string(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

static int write_json(const char *path, const optref_case *c, const optref_vopts *o,
                      const optref_vreport *r, const char *cand)
{
    const char *modes[2] = { "trajectory", "onestep" };
    json_t *root = json_object();
    json_object_set_new(root, "case", json_string(c->name));
    json_object_set_new(root, "algorithm", json_string(c->s.alg->name));
    json_object_set_new(root, "variant", json_string(c->s.alg->variants[c->s.variant].name));
    json_object_set_new(root, "problem", json_string(c->s.prob->name));
    json_object_set_new(root, "candidate", json_string(cand));
    json_object_set_new(root, "dtype", json_string(o->fmt->name));
    json_object_set_new(root, "steps", json_integer(o->steps));
    json_object_set_new(root, "truth_precision_bits", json_integer((json_int_t)r->prec));
    json_t *jm = json_object();
    for (int m = 0; m < 2; m++) {
        json_t *mo = json_object();
        json_object_set_new(mo, "judged", json_boolean(r->ran[m]));
        if (!r->ran[m]) {
            json_object_set_new(mo, "reason", json_string(r->why_not[m][0] ? r->why_not[m] : "not requested"));
            json_object_set_new(jm, modes[m], mo);
            continue;
        }
        json_object_set_new(mo, "tolerance_ulps", jnum(o->tol[m]));
        json_t *qs = json_array();
        for (size_t k = 0; k < r->nkind; k++) {
            const optref_vkind *K = &r->kind[m][k];
            if (!K->present)
                continue;
            json_t *q = json_object();
            json_object_set_new(q, "quantity", json_string(K->name));
            json_object_set_new(q, "line", K->line >= 0 ? json_integer(K->line) : json_null());
            json_object_set_new(q, "compared", json_integer(K->compared));
            json_object_set_new(q, "failed", json_integer(K->failed));
            json_object_set_new(q, "max_ulps", jnum(K->max_ulp));
            json_object_set_new(q, "max_relative", jnum(K->max_rel));
            json_object_set_new(q, "at_t", json_integer(K->at_t));
            json_object_set_new(q, "at_index", json_integer((json_int_t)K->at_i));
            json_object_set_new(q, "verdict", json_string(K->failed ? "FAIL" : "PASS"));
            json_array_append_new(qs, q);
        }
        json_object_set_new(mo, "quantities", qs);
        json_object_set_new(jm, modes[m], mo);
    }
    json_object_set_new(root, "modes", jm);
    json_t *fl = json_array();
    for (size_t i = 0; i < r->nlisted; i++) {
        const optref_vfail *F = &r->fail[i];
        json_t *x = json_object();
        json_object_set_new(x, "mode", json_string(modes[F->mode]));
        json_object_set_new(x, "t", json_integer(F->t));
        json_object_set_new(x, "quantity", json_string(F->qname));
        json_object_set_new(x, "expected", jnum(F->expected));
        json_object_set_new(x, "got", jnum(F->got));
        char hex[2][64];
        snprintf(hex[0], sizeof hex[0], "%a", F->expected);
        snprintf(hex[1], sizeof hex[1], "%a", F->got);
        json_object_set_new(x, "expected_hex", json_string(hex[0]));
        json_object_set_new(x, "got_hex", json_string(hex[1]));
        json_object_set_new(x, "ulps", jnum(F->ulp));
        json_object_set_new(x, "line", F->line >= 0 ? json_integer(F->line) : json_null());
        const char *txt = F->line >= 0 ? optref_pseudocode_line(c->s.alg->file, F->line) : NULL;
        json_object_set_new(x, "pseudocode", txt ? json_string(txt) : json_null());
        json_object_set_new(x, "candidate_line", json_integer(F->csv_line));
        json_array_append_new(fl, x);
    }
    json_object_set_new(root, "failures", fl);
    json_object_set_new(root, "failures_total", json_integer(r->nfailed));
    json_object_set_new(root, "unsettled", json_integer(r->unsettled));
    json_object_set_new(root, "verdict", json_string(r->pass ? "PASS" : "FAIL"));
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int rc = json_dump_file(root, tmp, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(root);
    if (rc != 0 || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

static int cmd_verify(int argc, char **argv)
{
    const char *casearg = NULL, *cand = NULL, *spec = NULL, *tolfile = NULL, *json = NULL;
    const char *dtype = "f64", *mode = "both";
    long steps = -1, maxf = OPTREF_VERIFY_MAXREPORT;
    double tol[2] = { NAN, NAN };
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(verify_usage, stdout);
            return 0;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (!casearg)
                casearg = a;
            else if (!cand)
                cand = a;
            else
                return die("verify", "unexpected argument '%s' (argument %d)", a, i + 1);
            continue;
        }
        const char *opts[] = { "--spec", "--tolerances", "--json", "--dtype", "--mode", "--steps",
                               "--tolerance", "--step-tolerance", "--max-failures" };
        size_t k = 0;
        while (k < 9 && strcmp(a, opts[k]) != 0)
            k++;
        if (k == 9)
            return die("verify", "unknown option '%s' (argument %d); see optref verify --help", a, i + 1);
        if (!val)
            return die("verify", "%s needs a value (argument %d)", a, i + 1);
        i++;
        double d;
        switch (k) {
        case 0: spec = val; break;
        case 1: tolfile = val; break;
        case 2: json = val; break;
        case 3: dtype = val; break;
        case 4: mode = val; break;
        case 5:
            if (optref_parse_long(val, 0, 100000000L, &steps) != 0)
                return die("verify", "--steps: '%s' is not a whole number from 0 to 100000000 "
                                     "(argument %d)", val, i + 1);
            break;
        case 6:
        case 7:
            if (optref_parse_double(val, &d) != OPTREF_SUCCESS || !(d >= 0))
                return die("verify", "%s: '%s' is not a number of ULPs >= 0 (argument %d)", a, val, i + 1);
            tol[k - 6] = d;
            break;
        case 8:
            if (optref_parse_long(val, 0, OPTREF_VERIFY_MAXREPORT, &maxf) != 0)
                return die("verify", "--max-failures: '%s' is not a whole number from 0 to %d "
                                     "(argument %d)", val, OPTREF_VERIFY_MAXREPORT, i + 1);
            break;
        }
    }
    if (!casearg || !cand)
        return die("verify", "missing %s; usage: optref verify CASE CANDIDATE.csv",
                   casearg ? "CANDIDATE.csv" : "CASE");
    const optref_format *fmt = optref_format_from_name(dtype);
    if (!fmt)
        return die("verify", "--dtype: '%s' is none of f64, f32, bf16, f16", dtype);
    optref_vopts o = { .fmt = fmt, .max_report = (size_t)maxf };
    if (strcmp(mode, "both") == 0)
        o.want[OPTREF_TRAJ] = o.want[OPTREF_STEP] = 1;
    else if (strcmp(mode, "trajectory") == 0)
        o.want[OPTREF_TRAJ] = 1;
    else if (strcmp(mode, "onestep") == 0)
        o.want[OPTREF_STEP] = 1;
    else
        return die("verify", "--mode: '%s' is none of both, trajectory, onestep", mode);

    /* The case: a spec file holding one case, or a name in the spec file. */
    struct stat sb;
    const char *specpath = spec ? spec : default_spec();
    const char *name = casearg;
    if (!spec && stat(casearg, &sb) == 0 && S_ISREG(sb.st_mode)) {
        specpath = casearg;
        name = NULL;
    }
    optref_case *cases;
    size_t ncases;
    char err[2048];
    if (optref_cases_read(specpath, &cases, &ncases, err, sizeof err) != OPTREF_SUCCESS)
        return die("verify", "%s", err);
    const optref_case *c = NULL;
    if (name)
        c = optref_case_find(cases, ncases, name);
    else if (ncases == 1)
        c = &cases[0];
    if (!c) {
        int rc = name ? die("verify", "unknown case '%s' in %s; `grep -v '^#' %s` lists them", name,
                            specpath, specpath)
                      : die("verify", "%s holds %zu cases; name one: optref verify NAME %s --spec %s",
                            specpath, ncases, cand, specpath);
        free(cases);
        return rc;
    }
    o.c = c;
    o.steps = steps >= 0 ? steps : c->steps;

    /* Tolerances: explicit, or the reviewed budgets. */
    char tolpath[4096];
    if (tolfile)
        snprintf(tolpath, sizeof tolpath, "%s", tolfile);
    else {
        char dirbuf[4096];
        snprintf(dirbuf, sizeof dirbuf, "%s", specpath);
        snprintf(tolpath, sizeof tolpath, "%s/TOLERANCES", dirname(dirbuf));
        if (access(tolpath, R_OK) != 0)
            snprintf(tolpath, sizeof tolpath, "%s/golden/TOLERANCES", OPTREF_SOURCE_ROOT);
    }
    const char *tolsrc[2] = { "--tolerance", "--step-tolerance" };
    for (int m = 0; m < 2; m++) {
        if (!o.want[m])
            continue;
        if (isnan(tol[m])) {
            if (optref_tolerance_lookup(tolpath, c, fmt->name, m, o.steps, &tol[m], err, sizeof err) !=
                OPTREF_SUCCESS) {
                free(cases);
                return die("verify", "%s", err);
            }
            tolsrc[m] = tolpath;
        }
        o.tol[m] = tol[m];
    }

    optref_vreport r;
    optref_status st = optref_verify(cand, &o, &r, err, sizeof err);
    if (st != OPTREF_SUCCESS) {
        free(cases);
        return die("verify", "%s", err);
    }
    const char *vname = c->s.alg->variants[c->s.variant].name;
    if (!quiet) {
        printf("case %s: %s %s on %s, %ld steps; candidate %s as %s\n", c->name, c->s.alg->name, vname,
               c->s.prob->name, o.steps, cand, fmt->name);
        printf("truth: the exact trajectory from the inputs rounded to %s, each value rounded to %s "
               "(settled at %ld bits)\n", fmt->name, fmt->name, (long)r.prec);
        printf("ULPs of %s, taken of max(|exact|, largest |exact| of the column so far)\n", fmt->name);
        const char *titles[2] = { "trajectory", "one step from the candidate's state" };
        for (int m = 0; m < 2; m++) {
            if (!r.ran[m]) {
                if (o.want[m])
                    printf("\n%s: not judged: %s\n", titles[m], r.why_not[m]);
                continue;
            }
            printf("\n%s (tolerance %g ULP, from %s)\n", titles[m], o.tol[m], tolsrc[m]);
            printf("  %-8s %-5s %9s %11s %-16s %11s  %s\n", "quantity", "line", "compared", "max ULP",
                   "at", "max rel", "verdict");
            for (size_t k = 0; k < r.nkind; k++) {
                const optref_vkind *K = &r.kind[m][k];
                if (!K->present)
                    continue;
                char at[32], line[16];
                if (strcmp(K->name, "f") == 0)
                    snprintf(at, sizeof at, "t=%ld", K->at_t);
                else
                    snprintf(at, sizeof at, "t=%ld %s[%zu]", K->at_t, K->name, K->at_i);
                snprintf(line, sizeof line, K->line >= 0 ? "L%d" : "-", K->line);
                printf("  %-8s %-5s %9ld %11.3g %-16s %11.3g  %s\n", K->name, line, K->compared,
                       K->max_ulp, K->max_ulp > 0 ? at : "-", K->max_rel, K->failed ? "FAIL" : "PASS");
            }
        }
        if (r.unsettled)
            printf("\n%ld one-step values not judged: their exact value did not settle at 256/512 bits\n",
                   r.unsettled);
        if (r.nfailed) {
            printf("\nfailures (%zu listed of %ld):\n", r.nlisted, r.nfailed);
            for (size_t i = 0; i < r.nlisted; i++) {
                const optref_vfail *F = &r.fail[i];
                const char *txt = optref_pseudocode_line(c->s.alg->file, F->line);
                printf("  %s t=%ld %s (candidate line %ld): expected ", F->mode ? "one-step" : "trajectory",
                       F->t, F->qname, F->csv_line);
                print_val(stdout, F->expected);
                printf(", got ");
                print_val(stdout, F->got);
                printf(": %.3g ULP > %g\n", F->ulp, F->tol);
                if (F->line >= 0)
                    printf("      computed by L%d  %s  (%s)\n", F->line, txt ? txt : "", c->s.alg->file);
                else
                    printf("      f = f(x_t), the problem's objective (%s)\n", c->s.prob->name);
            }
        }
        putchar('\n');
    }
    if (r.pass)
        printf("PASS: %s (%s) matches case %s as %s: %ld rows within tolerance\n", cand, c->s.alg->name,
               c->name, fmt->name, r.rows);
    else {
        const optref_vfail *F = &r.fail[0];
        char where[160] = "";
        if (r.nlisted && F->line >= 0)
            snprintf(where, sizeof where, "pseudocode L%d of %s", F->line, c->s.alg->file);
        else if (r.nlisted)
            snprintf(where, sizeof where, "f, the objective of %s", c->s.prob->name);
        if (r.nlisted)
            printf("FAIL: %s does not match case %s as %s: %ld values outside tolerance; first at t=%ld "
                   "%s (%s), %s\n", cand, c->name, fmt->name, r.nfailed, F->t, F->qname,
                   F->mode ? "one step" : "trajectory", where);
        else
            printf("FAIL: %s does not match case %s as %s: %ld values outside tolerance\n", cand,
                   c->name, fmt->name, r.nfailed);
    }
    if (json && write_json(json, c, &o, &r, cand) != 0) {
        free(cases);
        return die("verify", "--json %s: cannot write the report", json);
    }
    free(cases);
    return r.pass ? 0 : EXIT_MISMATCH;
}

/* ---- main ---------------------------------------------------------------- */

static const char usage[] =
    "usage: optref COMMAND [ARGS]\n"
    "\n"
    "  list     algorithms, variants, hyper-parameters with defaults, problems\n"
    "  run      run an algorithm on a problem; CSV trajectory to stdout\n"
    "  regen    compute the golden trajectories of golden/cases.in; summary table\n"
    "  verify   judge your implementation's trajectory against the exact one\n"
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
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'; try optref --help\n", prog, cmd);
    return EXIT_USAGE;
}
