/* cmd_verify.c: `optref verify`: judge a candidate trajectory. */
#define _POSIX_C_SOURCE 200809L
#include <libgen.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "verify.h"

static const char verify_usage[] =
    "usage: optref verify CASE CANDIDATE.csv [options]\n"
    "       optref verify --case-spec 'NAME ALG VARIANT PROBLEM STEPS name=value ...' CANDIDATE.csv\n"
    "                     [options]\n"
    "\n"
    "Judges a trajectory exported by your implementation against the exact one.\n"
    "CASE is a case name of the spec file; a path with a '/' (./mine.in) is a spec\n"
    "file holding one case.  A file in the current directory never shadows a name.\n"
    "--case-spec gives the case inline instead, as a line of golden/cases.in: your\n"
    "own problem (rosenbrock:n=10, quad:a=1,2, x0=...), hyper-parameters, schedule.\n"
    "CANDIDATE.csv may be - (standard input).\n"
    "CANDIDATE.csv has a header naming its columns as `optref run` does: t, x[i],\n"
    "and optionally state (m[i], v[i], b1t, ...), eta, g[i], f; decimal or hex\n"
    "floats, nan, inf, -inf; rows t = 0, 1, ..., N (doc/verify.md).\n"
    "\n"
    "  --dtype F          f64 (default), f32, bf16, f16: the candidate's format; the\n"
    "                     truth is the exact trajectory from the inputs rounded to F,\n"
    "                     each value rounded to F\n"
    "  --mode M           both (default), trajectory, onestep: judge the free-running\n"
    "                     trajectory, and/or each step from the candidate's own state\n"
    "                     (needs the state columns)\n"
    "  --steps N          judge rows t = 0..N, the first N steps of a longer file\n"
    "                     (default: the case's steps, and the file must end there)\n"
    "  --order O          any (default), flavor: the rounding bound covers every\n"
    "                     association of each sum and product of a line, or the\n"
    "                     order of optref's transcription (tighter)\n"
    "  --hparams H        either (default), format: an implementation may hold each\n"
    "                     hyper-parameter as the case gives it (binary64) or rounded\n"
    "                     to F; or only rounded to F, as the truth does (then a\n"
    "                     framework's binary64 constants fail the lecture algorithm\n"
    "                     in f32: its flavor is the check)\n"
    "  --contract C       any (default), none, fma: whether the candidate may fuse\n"
    "                     a*b+c; the bound is the same for all three (a fused\n"
    "                     operation has one rounding fewer, inside the model)\n"
    "  --tolerance U      judge the trajectory by a fixed budget of U ULPs instead\n"
    "                     of the rounding bound (a finite number >= 0)\n"
    "  --step-tolerance U one-step budget, likewise\n"
    "  --case-spec LINE   the case inline, in the format of a golden/cases.in line,\n"
    "                     instead of CASE\n"
    "  --spec FILE        case specs (default: golden/cases.in of optref's source tree)\n"
    "  --tolerances FILE  judge by the ULP budgets of FILE (golden/TOLERANCES is\n"
    "                     optref's) instead of the rounding bound\n"
    "  --max-failures N   failures listed (default and at most 20)\n"
    "  --json FILE        also write the report as JSON to FILE (an error report on\n"
    "                     bad input); never over an input, nor over an existing\n"
    "                     file without --force\n"
    "  --force            let --json replace an existing file\n"
    "  --quiet            print only the verdict line\n"
    "\n"
    "The verdict: every value the candidate gives is compared with the exact value\n"
    "computed from the same inputs (the trajectory from x0, and each step from the\n"
    "candidate's own state at t-1); it FAILS only when it lies further from it than\n"
    "any implementation performing the pseudocode's operations in the format can\n"
    "land, each operation correctly rounded (unit roundoff 2^-p, underflow\n"
    "included), plus half an ulp for the rounding of the truth.  Hyper-parameters\n"
    "enter as the algorithm holds them: rounded to the format (lecture algorithms),\n"
    "or binary64 host numbers cast as the framework casts them (flavors).  A FAIL is\n"
    "a proof; doc/verify.md derives the bound.  Trajectories of any length are\n"
    "judged: where the propagated bound says nothing more, the report says from\n"
    "which step, and the one-step rule judges the rest.\n"
    "\n"
    "Exit status: 0 pass, 1 mismatch, 2 bad usage or bad input.\n";

typedef struct {
    const char *casearg, *cand, *spec, *tolfile, *json, *dtype, *mode, *casespec, *order, *contract, *hparams;
    int pos_casespec;
    long steps, maxf;
    double tol[2];
    int quiet, force;
} verify_args;

/* The one-line message of bad input, said at the end (and put in the JSON
 * error report under --json). */
static char verr_msg[4096];

static int verr(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static int verr(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(verr_msg, sizeof verr_msg, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

static int parse_value(verify_args *va, size_t k, const char *a, const char *val, int pos)
{
    const char **str[] = { &va->spec, &va->tolfile, &va->json, &va->dtype, &va->mode };
    if (k >= 10) {
        static const char *const choices[3][4] = { { "any", "flavor" }, { "any", "none", "fma" },
                                                   { "either", "format" } };
        static const char *const said[3] = { "any, flavor", "any, none, fma", "either, format" };
        const char *const *ok = choices[k - 10];
        for (; *ok && strcmp(*ok, val) != 0; ok++)
            ;
        if (!*ok)
            return verr("%s: '%s' is none of %s (argument %d)", a, val, said[k - 10], pos);
        *(k == 10 ? &va->order : k == 11 ? &va->contract : &va->hparams) = val;
        return 0;
    }
    double d;
    if (k < OPTREF_COUNT(str))
        *str[k] = val;
    else if (k == 9)
        va->casespec = val, va->pos_casespec = pos;
    else if (k == 5) {
        if (optref_parse_long(val, 0, 100000000L, &va->steps) != 0)
            return verr("--steps: '%s' is not a whole number from 0 to 100000000 (argument %d)", val, pos);
    } else if (k == 6 || k == 7) {
        if (optref_parse_double(val, &d) != OPTREF_SUCCESS || !(d >= 0) || !isfinite(d))
            return verr("%s: '%s' is not a finite number of ULPs >= 0 (argument %d)", a, val, pos);
        va->tol[k - 6] = d;
    } else if (optref_parse_long(val, 0, OPTREF_VERIFY_MAXREPORT, &va->maxf) != 0)
        return verr("--max-failures: '%s' is not a whole number from 0 to %d (argument %d)", val,
                   OPTREF_VERIFY_MAXREPORT, pos);
    return 0;
}

static int parse_args(verify_args *va, int argc, char **argv)
{
    static const char *const opts[] = { "--spec", "--tolerances", "--json", "--dtype", "--mode", "--steps",
                                        "--tolerance", "--step-tolerance", "--max-failures", "--case-spec",
                                        "--order", "--contract", "--hparams" };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "--force") == 0) {
            *(a[2] == 'q' ? &va->quiet : &va->force) = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "-") == 0) {
            if (va->casearg && va->cand)
                return verr("unexpected argument '%s' (argument %d)", a, i + 1);
            *(va->casearg ? &va->cand : &va->casearg) = a;
            continue;
        }
        size_t k = 0;
        while (k < OPTREF_COUNT(opts) && strcmp(a, opts[k]) != 0)
            k++;
        if (k == OPTREF_COUNT(opts))
            return verr("unknown option '%s' (argument %d); see optref verify --help", a, i + 1);
        if (i + 1 >= argc)
            return verr("%s needs a value (argument %d)", a, i + 1);
        if (parse_value(va, k, a, argv[i + 1], i + 2) != 0)
            return EXIT_USAGE;
        i++;
    }
    if (va->casespec && va->cand)
        return verr("--case-spec (argument %d) and CASE '%s' both given: give one", va->pos_casespec, va->casearg);
    if (va->casespec) /* the one positional is the candidate */
        return va->casearg ? (va->cand = va->casearg, va->casearg = NULL, 0)
                           : verr("missing CANDIDATE.csv; usage: optref verify --case-spec LINE CANDIDATE.csv");
    if (!va->casearg || !va->cand)
        return verr("missing %s; usage: optref verify CASE CANDIDATE.csv",
                   va->casearg ? "CANDIDATE.csv" : "CASE");
    return 0;
}

static int set_mode(optref_vopts *o, const char *mode)
{
    o->want[OPTREF_TRAJ] = strcmp(mode, "both") == 0 || strcmp(mode, "trajectory") == 0;
    o->want[OPTREF_STEP] = strcmp(mode, "both") == 0 || strcmp(mode, "onestep") == 0;
    if (!o->want[OPTREF_TRAJ] && !o->want[OPTREF_STEP])
        return verr("--mode: '%s' is none of both, trajectory, onestep", mode);
    return 0;
}

/* --case-spec LINE: one case parsed as a line of golden/cases.in. */
static int inline_case(const verify_args *va, optref_case **cases, size_t *ncases, const optref_case **c)
{
    char err[2048], vis[2200];
    if (va->spec)
        return verr("--case-spec and --spec both given: --case-spec is the case itself");
    if (!(*cases = calloc(1, sizeof **cases)))
        return verr("out of memory");
    if (optref_case_parse(va->casespec, &(*cases)[0], err, sizeof err) != OPTREF_SUCCESS)
        return verr("--case-spec (argument %d): %s", va->pos_casespec, optref_visible(vis, sizeof vis, err, (size_t)-1));
    *ncases = 1;
    *c = &(*cases)[0];
    return 0;
}

/* The case: a name in the spec file, or, when CASE holds a '/', a spec file
 * holding one case.  A file of the current directory never shadows a name. */
static int load_case(const verify_args *va, optref_case **cases, size_t *ncases, const optref_case **c,
                     const char **specpath)
{
    const char *name = va->casearg;
    char err[2048];
    struct stat sb;
    *specpath = va->spec ? va->spec : default_spec();
    if (va->casespec)
        return inline_case(va, cases, ncases, c);
    if (!va->spec && strchr(va->casearg, '/')) {
        *specpath = va->casearg;
        name = NULL;
    }
    if (optref_cases_read(*specpath, cases, ncases, err, sizeof err) != OPTREF_SUCCESS)
        return verr("%s", err);
    *c = name ? optref_case_find(*cases, *ncases, name) : *ncases == 1 ? &(*cases)[0] : NULL;
    if (*c)
        return 0;
    if (name && stat(name, &sb) == 0)
        return verr("unknown case '%s' in %s; to use the spec file %s, write ./%s (argument 2)", name,
                    *specpath, name, name);
    if (name)
        return verr("unknown case '%s' in %s (argument 2); `grep -v '^#' %s` lists them", name, *specpath,
                    *specpath);
    return verr("%s holds %zu cases; name one: optref verify NAME %s --spec %s", *specpath, *ncases, va->cand,
                *specpath);
}

/* Tolerances: explicit, or the reviewed budgets beside the spec file. */
static int tolerances(optref_vopts *o, const verify_args *va, const char *specpath, const char *tolsrc[2],
                      char *tolpath, size_t len)
{
    char err[2048], dirbuf[4096];
    if (va->tolfile)
        snprintf(tolpath, len, "%s", va->tolfile);
    else {
        snprintf(dirbuf, sizeof dirbuf, "%s", specpath);
        snprintf(tolpath, len, "%s/TOLERANCES", dirname(dirbuf));
        if (access(tolpath, R_OK) != 0)
            snprintf(tolpath, len, "%s/golden/TOLERANCES", OPTREF_SOURCE_ROOT);
    }
    o->bound = !va->tolfile && isnan(va->tol[0]) && isnan(va->tol[1]);
    for (int m = 0; m < 2; m++) {
        tolsrc[m] = m ? "--step-tolerance" : "--tolerance";
        o->tol[m] = va->tol[m];
        if (o->bound || !o->want[m] || !isnan(va->tol[m]))
            continue;
        if (optref_tolerance_lookup(tolpath, o->c, o->fmt->name, m, o->steps, &o->tol[m], err, sizeof err) !=
                OPTREF_SUCCESS ||
            optref_tolerance_quantities(tolpath, o, m, (optref_qtol **)&o->qtol[m], &o->nqtol[m], err, sizeof err) !=
                OPTREF_SUCCESS)
            return verr("%s", err);
        tolsrc[m] = tolpath;
    }
    return 0;
}

static void print_val(FILE *f, double v) { fprintf(f, "%.17g (%a)", v, v); }

/* Bound mode: per quantity, the largest distance in bounds and where. */
static void print_table_bound(const optref_vreport *r, int m, const optref_vopts *o, const char *title)
{
    printf("\n%s (within the rounding bound of %s, %s)\n", title, o->fmt->name,
           o->any_order ? "any order" : "optref's order");
    if (m == OPTREF_TRAJ && r->traj_cut)
        printf(r->traj_until >= 0 ? "  judged up to t=%ld: %s; %s\n" : "  not judged (t=%ld): %s; %s\n", r->traj_until,
               r->traj_why,
               r->ran[OPTREF_STEP] ? "every step is judged from the candidate's state below"
                                   : "later steps are not judged (give the state columns to judge them one step "
                                     "at a time)");
    printf("  %-8s %-5s %9s %11s %-16s %11s  %s\n", "quantity", "line", "compared", "of bound", "at", "max ULP",
           "verdict");
    for (size_t k = 0; k < r->nkind; k++) {
        const optref_vkind *K = &r->kind[m][k];
        if (!K->present)
            continue;
        char at[64], line[16], unb[48] = "";
        if (K->ratio_t < 0)
            snprintf(at, sizeof at, "-");
        else if (K->vector)
            snprintf(at, sizeof at, "t=%ld %s[%zu]", K->ratio_t, K->name, K->ratio_i);
        else
            snprintf(at, sizeof at, "t=%ld", K->ratio_t);
        snprintf(line, sizeof line, K->line >= 0 ? "L%d" : "-", K->line);
        if (K->unbounded)
            snprintf(unb, sizeof unb, " (%ld without a bound)", K->unbounded);
        printf("  %-8s %-5s %9ld %11.3g %-16s %11.3g  %s%s\n", K->name, line, K->compared - K->unbounded,
               K->max_ratio, at, K->max_ulp, K->failed ? "FAIL" : "PASS", unb);
    }
    if (m == OPTREF_STEP && r->unproved_steps)
        printf("  %ld steps not judged: a comparison there could go either way in an implementation in %s\n",
               r->unproved_steps, o->fmt->name);
    if (m != OPTREF_STEP || !r->nsens)
        return;
    printf("\nwhat these inputs could show (one step): each known mistake's values against the truth, in bounds\n");
    for (size_t k = 0; k < r->nsens; k++) {
        const struct optref_vsens *S = &r->sens[k];
        if (S->at_t < 0)
            printf("  %-18s not computed here (%s)\n", S->name, S->what);
        else if (S->first_t >= 0)
            printf("  %-18s would fail from t=%ld: up to %.3g bounds (%s at t=%ld)  [%s]\n", S->name, S->first_t,
                   S->max_ratio, S->at_q, S->at_t, S->what);
        else
            printf("  %-18s would be invisible here: at most %.3g of the bound (%s at t=%ld)  [%s]\n", S->name,
                   S->max_ratio, S->at_q, S->at_t, S->what);
    }
}

static void print_table(const optref_vreport *r, int m, const optref_vopts *o, const char *tolsrc)
{
    static const char *const titles[2] = { "trajectory", "one step from the candidate's state" };
    if (!r->ran[m]) {
        if (o->want[m])
            printf("\n%s: not judged: %s\n", titles[m], r->why_not[m]);
        return;
    }
    if (o->bound) {
        print_table_bound(r, m, o, titles[m]);
        return;
    }
    printf("\n%s (tolerance %g ULP, from %s)\n", titles[m], o->tol[m], tolsrc);
    printf("  %-8s %-5s %9s %11s %-16s %11s  %s\n", "quantity", "line", "compared", "max ULP", "at", "max rel",
           "verdict");
    for (size_t k = 0; k < r->nkind; k++) {
        const optref_vkind *K = &r->kind[m][k];
        if (!K->present)
            continue;
        char at[64], line[16];
        if (K->vector)
            snprintf(at, sizeof at, "t=%ld %s[%zu]", K->at_t, K->name, K->at_i);
        else
            snprintf(at, sizeof at, "t=%ld", K->at_t);
        snprintf(line, sizeof line, K->line >= 0 ? "L%d" : "-", K->line);
        printf("  %-8s %-5s %9ld %11.3g %-16s %11.3g  %s", K->name, line, K->compared, K->max_ulp,
               K->max_ulp > 0 ? at : "-", K->max_rel, K->failed ? "FAIL" : K->excused ? "PASS*" : "PASS");
        printf(K->tol != o->tol[m] ? " (budget %g ULP)\n" : "\n", K->tol);
    }
}

static void print_failures(const optref_vreport *r, const optref_case *c)
{
    const optref_algorithm *a = optref_setup_algorithm(c->s);
    printf("\nfailures (%zu listed of %ld):\n", r->nlisted, r->nfailed);
    for (size_t i = 0; i < r->nlisted; i++) {
        const optref_vfail *F = &r->fail[i];
        const char *txt = optref_pseudocode_line(a->file, F->line);
        printf("  %s t=%ld %s (candidate line %ld): expected ", F->mode ? "one-step" : "trajectory", F->t,
               F->qname, F->csv_line);
        print_val(stdout, F->expected);
        printf(", got ");
        print_val(stdout, F->got);
        if (F->tol == INFINITY) /* the rounding bound: no budget */
            printf(": %.3g bounds out (|got - expected| = %.3g > %.3g; %.3g ULP)\n", F->ratio,
                   fabs(F->got - F->expected), F->bound, F->ulp);
        else
            printf(": %.3g ULP > %g\n", F->ulp, F->tol);
        if (F->line >= 0)
            printf("      computed by L%d  %s  (%s)\n", F->line, txt ? txt : "", a->file);
        if (strcmp(F->qname, "eta") == 0 && strcmp(optref_setup_schedule(c->s)->name, "constant") != 0)
            printf("      η_t from schedule %s  (%s)\n", optref_setup_schedule_spec(c->s),
                   optref_setup_schedule(c->s)->file);
        if (F->line < 0)
            printf("      f = f(x_t), the problem's objective (%s)\n",
                   optref_problem_name(optref_setup_problem(c->s)));
    }
}

/* "between L4 (v agreed) and L7 (x)": the lines a defect may be in, when
 * lines between the last agreeing one and the first failing one compute
 * values that are not columns; "" when the failing line is the place. */
static const char *divergence_range(const optref_vdiv *d, char *buf, size_t len)
{
    buf[0] = '\0';
    if (d->t <= 0 || d->line < 0 || !d->between)
        return buf;
    if (d->after >= 0)
        snprintf(buf, len, "between L%d (%s agreed) and L%d (%s)", d->after, d->after_q, d->line, d->q);
    else
        snprintf(buf, len, "at or before L%d (%s), no earlier line's values all columns that agreed", d->line, d->q);
    return buf;
}

static void print_divergence(const optref_vdiv *d, int mode)
{
    char range[200];
    if (!*divergence_range(d, range, sizeof range))
        return;
    if (d->after >= 0)
        printf("\nfirst divergence (%s, t=%ld) in L%d–L%d: %s; the defect is in one of L%d–L%d\n",
               mode ? "one step" : "trajectory", d->t, d->after, d->line, range, d->after + 1, d->line);
    else
        printf("\nfirst divergence (%s, t=%ld): %s\n", mode ? "one step" : "trajectory", d->t, range);
    if (d->unseen[0])
        printf("  not columns there: %s; give them to judge those lines\n", d->unseen);
}

static void print_report(const optref_vreport *r, const optref_vopts *o, const char *cand, const char *tolsrc[2])
{
    const optref_case *c = o->c;
    const optref_algorithm *a = optref_setup_algorithm(c->s);
    const char *fmt = o->fmt->name;
    printf("case %s: %s %s on %s, %ld steps; candidate %s as %s\n", c->name, a->name,
           a->variants[optref_setup_variant(c->s)].name, optref_problem_name(optref_setup_problem(c->s)), o->steps,
           cand, fmt);
    printf("truth: the exact trajectory from the inputs rounded to %s, each value rounded to %s ", fmt, fmt);
    if (r->prec > 0)
        printf("(settled at %ld bits)\n", r->prec);
    else
        printf("(decided within a proved bound)\n");
    printf("truth: %ld values decided by the error-bounded fast path, %ld by MPFR (fallback", r->fast, r->fallback);
    if (r->handover_t >= 0)
        printf("; MPFR took the trajectory over at t=%ld", r->handover_t);
    printf(")\n");
    if (o->bound)
        printf("verdict: within the rounding bound, every operation correctly rounded in %s (%s; FMA "
               "contraction allowed), plus half an ulp of the truth; ULPs for information\n", fmt,
               o->any_order ? "any association of each sum and product" : "optref's order of operations");
    printf("ULPs of %s, taken of max(|exact|, largest |exact| of the column so far)\n", fmt);
    for (int m = 0; m < 2; m++)
        print_table(r, m, o, tolsrc[m]);
    if (r->unsettled)
        printf("\n%ld one-step values not judged: their exact value did not settle at 256/512 bits\n",
               r->unsettled);
    if (r->excused)
        printf("\n* %ld values of intermediates over tolerance at steps where every recorded value agreed: "
               "not failures (an intermediate locates a failure; alone, its excess is rounding, e.g. the "
               "cancellation in 1 − β^t near t = 1)\n", r->excused);
    if (r->nfailed)
        print_failures(r, c);
    for (int m = 0; m < 2; m++)
        print_divergence(&r->div[m], m);
    putchar('\n');
}

static void print_verdict(const optref_vreport *r, const optref_vopts *o, const char *cand)
{
    const optref_case *c = o->c;
    const optref_algorithm *a = optref_setup_algorithm(c->s);
    if (r->pass) {
        printf("PASS: %s (%s) matches case %s as %s: %ld rows within %s%s\n", cand, a->name, c->name,
               o->fmt->name, r->rows, o->bound ? "the rounding bound" : "tolerance",
               r->degenerate ? ", but the case is DEGENERATE in this format (WARNING above)" : "");
        return;
    }
    const optref_vfail *F = &r->fail[0];
    char where[160] = "";
    if (r->nlisted && F->line >= 0)
        snprintf(where, sizeof where, "pseudocode L%d of %s", F->line, a->file);
    else if (r->nlisted)
        snprintf(where, sizeof where, "f, the objective of %s", optref_problem_name(optref_setup_problem(c->s)));
    char range[200];
    divergence_range(&r->div[F->mode], range, sizeof range);
    if (r->nlisted)
        printf("FAIL: %s does not match case %s as %s: %ld values outside %s; first at t=%ld %s (%s), %s%s%s\n",
               cand, c->name, o->fmt->name, r->nfailed, o->bound ? "the rounding bound" : "tolerance", F->t,
               F->qname, F->mode ? "one step" : "trajectory", where,
               *range && r->div[F->mode].t == F->t ? "; first divergence " : "",
               *range && r->div[F->mode].t == F->t ? range : "");
    else
        printf("FAIL: %s does not match case %s as %s: %ld values outside %s\n", cand, c->name,
               o->fmt->name, r->nfailed, o->bound ? "the rounding bound" : "tolerance");
}

int verify_write_json(const char *path, const optref_vopts *o, const optref_vreport *r, const char *cand);
int verify_write_json_error(const char *path, const char *casearg, const char *cand, const char *error);

/* A truth that is NaN or infinite: the case is degenerate in that format. */
static void warn_degenerate(const optref_vreport *r, const optref_vopts *o)
{
    if (!r->degenerate)
        return;
    char msg[400];
    snprintf(msg, sizeof msg, "WARNING: %ld exact values are %s in %s, the first at t=%ld %s (%s): case %s is "
             "degenerate in %s; values there match only a NaN or an infinity", r->degenerate,
             isnan(r->degen_v) ? "NaN" : "infinite", o->fmt->name, r->degen_t, r->degen_q,
             r->degen_mode ? "one step" : "trajectory", o->c->name, o->fmt->name);
    printf("%s\n", msg);
    fprintf(stderr, "optref verify: %s\n", msg);
}

/* --json's path: never an input, nor an existing file without --force. */
static int json_allowed(const verify_args *va, const char *specpath, const char *tolpath)
{
    char why[256];
    const char *in[] = { va->cand, va->casearg, va->spec, va->tolfile, specpath, tolpath, default_spec() };
    const char *no = va->json ? output_refused(va->json, va->force, in, OPTREF_COUNT(in), why, sizeof why) : NULL;
    if (no)
        verr("--json %s: %s", va->json, no);
    return va->json && !no;
}

static int judge(verify_args *va, optref_vopts *o, optref_vreport *r, optref_case **cases, size_t *ncases)
{
    const char *specpath = NULL, *tolsrc[2];
    char tolpath[4096] = "", err[2048];
    int rc = 0;
    if (!(o->fmt = optref_format_from_name(va->dtype)))
        rc = verr("--dtype: '%s' is none of f64, f32, bf16, f16", va->dtype);
    if (!rc)
        rc = set_mode(o, va->mode);
    if (!rc)
        rc = load_case(va, cases, ncases, &o->c, &specpath);
    if (!rc) {
        o->max_report = (size_t)va->maxf;
        o->steps = va->steps >= 0 ? va->steps : o->c->steps;
        o->first_steps = va->steps >= 0;
        o->any_order = strcmp(va->order, "flavor") != 0;
        o->hp_format = strcmp(va->hparams, "format") == 0;
        rc = tolerances(o, va, specpath, tolsrc, tolpath, sizeof tolpath);
    }
    if (!rc && va->json && !json_allowed(va, specpath, tolpath))
        return EXIT_USAGE;
    if (!rc && optref_verify(va->cand, o, r, err, sizeof err) != OPTREF_SUCCESS)
        rc = verr("%s", err);
    if (rc)
        return rc;
    const char *cand = strcmp(va->cand, "-") == 0 ? "<stdin>" : va->cand;
    if (!va->quiet)
        print_report(r, o, cand, tolsrc);
    warn_degenerate(r, o);
    print_verdict(r, o, cand);
    if (va->json && verify_write_json(va->json, o, r, cand) != 0)
        return verr("--json %s: cannot write the report: %s", va->json, strerror(errno));
    return r->pass ? 0 : EXIT_MISMATCH;
}

int cmd_verify(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (is_help(argv[i]))
            return fputs(verify_usage, stdout), 0;
    verify_args va = { .dtype = "f64", .mode = "both", .steps = -1, .maxf = OPTREF_VERIFY_MAXREPORT,
                       .order = "any", .contract = "any", .hparams = "either",
                       .tol = { NAN, NAN } };
    optref_vopts o = { 0 };
    optref_vreport r = { 0 };
    optref_case *cases = NULL;
    size_t ncases = 0;
    verr_msg[0] = '\0';
    int rc = parse_args(&va, argc, argv);
    if (!rc && va.json && !json_allowed(&va, NULL, NULL))
        rc = EXIT_USAGE;
    else if (!rc)
        rc = judge(&va, &o, &r, &cases, &ncases);
    if (rc == EXIT_USAGE) {
        fprintf(stderr, "optref verify: %s\n", verr_msg);
        if (va.json && !strstr(verr_msg, "--json") &&
            verify_write_json_error(va.json, va.casearg ? va.casearg : va.casespec, va.cand, verr_msg) != 0)
            fprintf(stderr, "optref verify: --json %s: cannot write the error report\n", va.json);
    }
    optref_vreport_free(&r);
    free((optref_qtol *)o.qtol[0]);
    free((optref_qtol *)o.qtol[1]);
    optref_cases_free(cases, ncases);
    return rc;
}
