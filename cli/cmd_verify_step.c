/* cmd_verify_step.c: `optref verify-step`: judge one step of a user's
 * optimizer on tensor dumps (.npy), coordinate by coordinate. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vstep.h"
#include "vstep_manifest.h"
#include "vstep_layers.h"
#include "vstep_rows_cli.h"
#include "vstep_merge.h"
#include "vstep_mixed_print.h"
#include "verify.h"

static const char vs_usage[] =
    "usage: optref verify-step ALGORITHM[:VARIANT] [name=value ...] --before DIR --after DIR --t T\n"
    "                          [options]\n"
    "       optref verify-step ALGORITHM[:VARIANT] [name=value ...] --manifest FILE --t T [options]\n"
    "       optref verify-step [ALGORITHM[:VARIANT] name=value ...] --rows CSV|GOLDEN --t T [options]\n"
    "\n"
    "Judges one step t of your optimizer on its own tensors.  DIR holds .npy files named\n"
    "after optref's quantities (`optref list`): --before the inputs of step t, x.npy\n"
    "(parameters x_{t-1}), g.npy (the gradient step t used) and each state variable at\n"
    "t-1 (adam: m.npy, v.npy); --after the outputs, x.npy and the state at t.  Each\n"
    "coordinate's step is recomputed exactly from your inputs and rounded to your\n"
    "format (doc/verify-step.md).\n"
    "\n"
    "  --manifest FILE    the layers, one a line: name ROWSxCOLS|N before-dir after-dir;\n"
    "                     each layer judged as a whole, layers on --threads threads (lars,\n"
    "                     lamb, adam_factored: trust ratios, row and column state)\n"
    "  --rows FILE        before and after from rows t-1 and t of a verify candidate CSV\n"
    "                     or a golden file (its algorithm and hyper-parameters too)\n"
    "  --t T              the step judged, 1 or more (torch: state['step'] after it)\n"
    "  --dtype F          f64, f32, bf16, f16 (default: the files'); bf16 reads '<u2' and\n"
    "                     'V2' files as bfloat16 bits\n"
    "  --hparams H        either (default), format, given: an implementation may hold\n"
    "                     each hyper-parameter as given (binary64, as Python floats)\n"
    "                     or rounded to F; or only rounded to F (the truth's too); or\n"
    "                     only as given.  Budgets (--tolerance): format rounds the\n"
    "                     truth's hyper-parameters, the others keep binary64\n"
    "  --round-hparams    the same as --hparams format\n"
    "  --math F           mixed precision: the arithmetic's format (f64, f32, bf16, f16)\n"
    "  --storage S[,q=S]  the storage format of every quantity, or per quantity (x=bf16,m=f32;\n"
    "                     unnamed ones kept in F: master weights); files are read as stored\n"
    "  --store-rounding R nearest (default) or stochastic, or per quantity (x=stochastic)\n"
    "  --sr-alpha A       significance of the stochastic-rounding test (default 1e-6)\n"
    "  --order O          any (default), flavor: the rounding bound covers every\n"
    "                     association of each sum and product of a line, or optref's\n"
    "                     order of operations (tighter)\n"
    "  --contract C       any (default), none, fma: whether your kernel may fuse a*b+c;\n"
    "                     the bound is the same for all three (a fused operation has\n"
    "                     one rounding fewer, inside the model)\n"
    "  --tolerance U      judge by a fixed budget of U ULPs instead of the rounding\n"
    "                     bound (with --math: the math format's error budget before\n"
    "                     the store; default there: golden/TOLERANCES)\n"
    "  --tolerances FILE  judge by the ULP budgets of FILE instead of the bound\n"
    "  --chunk N          coordinates per chunk (default 16384): memory is per chunk\n"
    "  --threads N        worker threads (default 2)\n"
    "  --max-failures N   failures listed (default 20)\n"
    "  --shard I/N        judge slice I (0 to N-1) of N of the coordinates (with\n"
    "                     --manifest: of the layers)\n"
    "  --json FILE        also write the report as JSON (never over an input; over an\n"
    "                     existing file only with --force)\n"
    "  --force            let --json replace an existing file\n"
    "  --quiet            print only the verdict line\n"
    "\n"
    "\n"
    ;
static const char vs_usage_verdict[] =
    "The verdict, as optref verify's: a value FAILS only when it lies further from the\n"
    "exact value than any implementation performing the pseudocode's operations in\n"
    "the format can land (each operation correctly rounded, unit roundoff 2^-p,\n"
    "underflow included; hyper-parameters held as --hparams says), plus half an ulp\n"
    "for the truth's own rounding: a FAIL is a proof.  doc/verify.md derives the\n"
    "bound.\n"
    "\n"
    "optref verify-step --merge A.json B.json ... [--json FILE [--force]]: one verdict from the\n"
    "JSON reports of the N shards of one dump.\n"
    "\n"
    "Exit status: 0 pass, 1 mismatch, 2 bad usage or bad input.\n";

typedef struct {
    optref_vsopts o;
    const char **items;
    const char *json, *manifest, *rows;
    int quiet, force;
} vs_args;

static int parse_num(vs_args *a, const char *opt, const char *val, int pos)
{
    long l;
    if (strcmp(opt, "--sr-alpha") == 0) {
        if (optref_parse_double(val, &a->o.sr_alpha) != OPTREF_SUCCESS || !(a->o.sr_alpha > 0 && a->o.sr_alpha < 0.5))
            return die("verify-step", "--sr-alpha: '%s' is not a significance in (0, 0.5) (argument %d)", val, pos);
        return 0;
    }
    if (strcmp(opt, "--tolerance") == 0) {
        if (optref_parse_double(val, &a->o.tol) != OPTREF_SUCCESS || !(a->o.tol >= 0))
            return die("verify-step", "--tolerance: '%s' is not a number of ULPs >= 0 (argument %d)", val, pos);
        return 0;
    }
    long hi = strcmp(opt, "--t") == 0 ? 1000000000000L : strcmp(opt, "--threads") == 0 ? 1024 : 1L << 40;
    if (optref_parse_long(val, strcmp(opt, "--max-failures") == 0 ? 0 : 1, hi, &l) != OPTREF_SUCCESS)
        return die("verify-step", "%s: '%s' is not a whole number from %d to %ld (argument %d)", opt, val,
                   strcmp(opt, "--max-failures") == 0 ? 0 : 1, hi, pos);
    if (strcmp(opt, "--t") == 0)
        a->o.t = l;
    else if (strcmp(opt, "--chunk") == 0)
        a->o.chunk = (size_t)l;
    else if (strcmp(opt, "--threads") == 0)
        a->o.nthreads = (size_t)l;
    else
        a->o.max_report = (size_t)l;
    return 0;
}

static int parse_shard(vs_args *a, const char *val, int pos)
{
    char num[32];
    const char *slash = strchr(val, '/');
    long i, n;
    snprintf(num, sizeof num, "%.*s", slash ? (int)(slash - val) : 0, val);
    if (!slash || optref_parse_long(num, 0, 1000000, &i) != OPTREF_SUCCESS ||
        optref_parse_long(slash + 1, 1, 1000000, &n) != OPTREF_SUCCESS || i >= n)
        return die("verify-step", "--shard: '%s' is not I/N with 0 <= I < N <= 1000000 (argument %d)", val, pos);
    a->o.shard = (size_t)i;
    a->o.nshards = (size_t)n;
    return 0;
}

static int parse_opt(vs_args *a, const char *opt, const char *val, int pos)
{
    if (strcmp(opt, "--shard") == 0)
        return parse_shard(a, val, pos);
    static const char *const strs[] = { "--before", "--after", "--dtype", "--tolerances", "--json", "--manifest",
                                        "--rows" };
    const char **dst[] = { &a->o.before, &a->o.after, &a->o.dtype, &a->o.tolfile, &a->json, &a->manifest, &a->rows };
    for (size_t k = 0; k < OPTREF_COUNT(strs); k++)
        if (strcmp(opt, strs[k]) == 0)
            return *dst[k] = val, 0;
    if (strcmp(opt, "--hparams") == 0) {
        if (strcmp(val, "either") && strcmp(val, "format") && strcmp(val, "given"))
            return die("verify-step", "--hparams: '%s' is none of either, format, given (argument %d)", val, pos);
        a->o.round_hp = strcmp(val, "format") == 0;
        a->o.hp_either = strcmp(val, "either") == 0;
        return 0;
    }
    if (strcmp(opt, "--order") == 0 || strcmp(opt, "--contract") == 0) {
        int order = opt[2] == 'o';
        if (order ? strcmp(val, "any") && strcmp(val, "flavor")
                  : strcmp(val, "any") && strcmp(val, "none") && strcmp(val, "fma"))
            return die("verify-step", "%s: '%s' is none of %s (argument %d)", opt, val,
                       order ? "any, flavor" : "any, none, fma", pos);
        if (order)
            a->o.any_order = strcmp(val, "any") == 0;
        return 0;
    }
    static const char *const mixed[] = { "--math", "--storage", "--store-rounding" };
    const char **mdst[] = { &a->o.math, &a->o.storage, &a->o.store_rounding };
    for (size_t k = 0; k < OPTREF_COUNT(mixed); k++)
        if (strcmp(opt, mixed[k]) == 0)
            return *mdst[k] ? die("verify-step", "%s given twice (argument %d)", opt, pos - 1) : (*mdst[k] = val, 0);
    static const char *const nums[] = { "--t", "--sr-alpha", "--tolerance", "--chunk", "--threads", "--max-failures" };
    for (size_t k = 0; k < OPTREF_COUNT(nums); k++)
        if (strcmp(opt, nums[k]) == 0)
            return parse_num(a, opt, val, pos);
    return die("verify-step", "unknown option '%s' (argument %d); see optref verify-step --help", opt, pos - 1);
}

static int parse_args(vs_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--quiet") == 0 || strcmp(s, "--round-hparams") == 0 || strcmp(s, "--force") == 0) {
            *(s[2] == 'q' ? &a->quiet : s[2] == 'f' ? &a->force : &a->o.round_hp) = 1;
            if (s[2] == 'r')
                a->o.hp_either = 0; /* --hparams format */
            continue;
        }
        if (strncmp(s, "--", 2) == 0) {
            if (i + 1 >= argc)
                return die("verify-step", "%s needs a value (argument %d)", s, i + 1);
            if (parse_opt(a, s, argv[i + 1], i + 2) != 0)
                return EXIT_USAGE;
            i++;
        } else if (!a->o.algorithm)
            a->o.algorithm = s;
        else if (strchr(s, '='))
            a->items[a->o.nitems++] = s;
        else
            return die("verify-step", "unexpected argument '%s' (argument %d): hyper-parameters are name=value",
                       s, i + 1);
    }
    if (a->manifest && (a->o.before || a->o.after))
        return die("verify-step", "--manifest names each layer's directories: not with %s",
                   a->o.before ? "--before" : "--after");
    if (a->manifest && a->o.algorithm && a->o.t)
        return 0;
    if (a->rows && (a->o.before || a->o.after || a->manifest))
        return die("verify-step", "--rows FILE holds before and after: not with %s",
                   a->manifest ? "--manifest" : a->o.before ? "--before" : "--after");
    if (a->rows && a->o.t)
        return 0; /* a golden file names its algorithm */
    if (!a->o.algorithm || !a->o.before || !a->o.after || a->o.t == 0)
        return die("verify-step", "missing %s; usage: optref verify-step ALGORITHM name=value ... --before DIR "
                   "--after DIR --t T", !a->o.algorithm ? "ALGORITHM" : !a->o.before ? "--before DIR"
                                                         : !a->o.after ? "--after DIR" : "--t T");
    return 0;
}

/* Enough digits to read back the format's value: 9 up to binary32, 17 for binary64. */
static void print_val(double v, const optref_format *f) { printf("%.*g (%a)", f->prec > 24 ? 17 : 9, v, v); }

/* A value's index: in x's shape for per-coordinate quantities, else its
 * position (a layer's row or column, 0 for its trust ratio). */
static void kind_index(const optref_vsreport *r, const optref_vskind *K, size_t i, char *buf, size_t len)
{
    if (K->coord)
        optref_npy_index(r->shape, r->ndim, r->fortran, i, buf, len);
    else
        snprintf(buf, len, "%zu", i);
}

static void print_table(const optref_vsreport *r)
{
    if (r->bound)
        printf("  %-8s %-5s %10s %10s %11s %-18s %11s  %s\n", "quantity", "line", "compared", "unsettled", "of bound",
               "at", "max ULP", "verdict");
    else
        printf("  %-8s %-5s %10s %10s %11s %-18s  %s\n", "quantity", "line", "compared", "unsettled", "max ULP", "at",
               "verdict");
    for (size_t k = 0; k < r->nkind; k++) {
        const optref_vskind *K = &r->kind[k];
        char at[96] = "-", idx[80];
        if (K->max_ulp > 0 && K->vector) {
            kind_index(r, K, K->at, idx, sizeof idx);
            snprintf(at, sizeof at, "%s[%s]", K->name, idx);
        }
        if (r->bound) {
            char bat[96] = "-", unb[48] = "";
            if (K->max_ratio > 0 && K->vector) {
                kind_index(r, K, K->ratio_at, idx, sizeof idx);
                snprintf(bat, sizeof bat, "%s[%s]", K->name, idx);
            }
            if (K->unbounded)
                snprintf(unb, sizeof unb, " (%ld without a bound)", K->unbounded);
            printf("  %-8s L%-4d %10ld %10ld %11.3g %-18s %11.3g  %s%s\n", K->name, K->line,
                   K->compared - K->unbounded, K->unsettled, K->max_ratio, bat, K->max_ulp,
                   K->failed ? "FAIL" : "PASS", unb);
            continue;
        }
        printf("  %-8s L%-4d %10ld %10ld %11.3g %-18s  %s", K->name, K->line, K->compared, K->unsettled,
               K->max_ulp, at, K->failed ? "FAIL" : "PASS");
        printf(K->tol != r->tol && !r->mixed ? " (budget %g ULP)\n" : "\n", K->tol);
    }
    printf("\nhistogram of ULP errors (values per bin):\n");
    for (size_t k = 0; k < r->nkind; k++) {
        printf("  %-8s", r->kind[k].name);
        for (int b = 0; b < OPTREF_VS_NBIN; b++) {
            char lab[32];
            if (!r->kind[k].hist[b])
                continue;
            optref_vs_bin_label(b, lab, sizeof lab);
            printf("  %s: %ld", lab, r->kind[k].hist[b]);
        }
        putchar('\n');
    }
}

static void print_failures(const optref_vsreport *r)
{
    printf("\nfailures (%zu listed of %ld), in pseudocode line order:\n", r->nlisted, r->nfailed);
    for (size_t f = 0; f < r->nlisted; f++) {
        const optref_vsfail *F = &r->fail[f];
        const optref_vskind *K = &r->kind[F->kind];
        char idx[80] = "";
        if (K->vector)
            kind_index(r, K, F->i, idx, sizeof idx);
        printf("  t=%ld %s%s%s%s: expected ", r->t, K->name, K->vector ? "[" : "", idx, K->vector ? "]" : "");
        print_val(F->expected, r->fmt);
        printf(", got ");
        print_val(F->got, r->fmt);
        if (r->mixed)
            printf(": %.3g ULP, outside the values allowed\n", F->ulp);
        else if (r->bound)
            printf(": %.3g bounds out (|got - expected| = %.3g > %.3g; %.3g ULP)\n", F->ratio,
                   fabs(F->got - F->expected), F->bound, F->ulp);
        else
            printf(": %.3g ULP > %g\n", F->ulp, K->tol);
        if (r->mixed)
            vstep_mixed_print_allowed(r, F);
        const char *txt = optref_pseudocode_line(r->file, K->line);
        printf("      computed by L%d  %s  (%s)\n", K->line, txt ? txt : "", r->file);
    }
}

static void print_report(const vs_args *a, const optref_vsreport *r)
{
    char shape[128] = "(";
    for (size_t d = 0; d < r->ndim && strlen(shape) < 100; d++)
        snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "%zu%s", r->shape[d],
                 r->ndim == 1 ? "," : d + 1 < r->ndim ? ", " : "");
    strcat(shape, ")");
    printf("verify-step: %s %s, step t=%ld, %zu coordinates, shape %s%s, as %s\n", r->algorithm, r->variant, r->t,
           r->n, shape, r->fortran ? " (Fortran order)" : "", r->fmt->name);
    printf("  before %s, after %s; %zu thread%s, chunks of %zu\n", a->o.before, a->o.after, r->nthreads,
           r->nthreads == 1 ? "" : "s", r->chunk);
    printf("  truth: %ld values decided by the error-bounded fast path, %ld by MPFR (fallback)\n", r->fast,
           r->fallback);
    if (r->nshards > 1)
        printf("  shard %zu of %zu: coordinates %zu to %zu\n", r->shard, r->nshards, r->lo, r->hi ? r->hi - 1 : 0);
    if (r->mixed) {
        vstep_mixed_print_truth(r);
        print_table(r);
        vstep_mixed_print(r);
        if (r->nfailed)
            print_failures(r);
        putchar('\n');
        return;
    }
    printf("truth: update t from your own x, state and g, exact (MPFR 256/512 bits), rounded to %s;\n"
           "hyper-parameters %s%s\n", r->fmt->name, a->o.round_hp ? "rounded to the format" : "as given (binary64)",
           r->bound && a->o.hp_either ? "; an implementation may hold them as given or rounded to the format" : "");
    if (r->bound)
        printf("verdict: within the rounding bound, every operation correctly rounded in %s (%s; FMA contraction\n"
               "allowed), plus half an ulp of the truth; ULPs of max(|exact|, |your value before|) for information\n\n",
               r->fmt->name, r->any_order ? "any association of each sum and product" : "optref's order of operations");
    else
        printf("ULPs of %s, taken of max(|exact|, |your value before the step|); tolerance %g ULP (from %s)\n\n",
               r->fmt->name, r->tol, r->tolsrc);
    print_table(r);
    if (*r->notes)
        printf("\nnot judged (no file in --after): %s\n", r->notes);
    if (r->nfailed)
        print_failures(r);
    putchar('\n');
}

static long compared(const optref_vsreport *r)
{
    long n = 0;
    for (size_t k = 0; k < r->nkind; k++)
        n += r->kind[k].compared;
    return n;
}

/* The verdict line, without "PASS: "/"FAIL: " and the newline. */
static void verdict_text(const optref_vsreport *r, char *buf, size_t len)
{
    long n = compared(r);
    if (vstep_mixed_verdict(r, buf, len))
        return;
    if (r->pass) {
        if (r->bound)
            snprintf(buf, len, "%s step t=%ld matches as %s: %ld values within the rounding bound", r->algorithm,
                     r->t, r->fmt->name, n);
        else
            snprintf(buf, len, "%s step t=%ld matches as %s: %ld values within %g ULP", r->algorithm, r->t,
                     r->fmt->name, n, r->tol);
        return;
    }
    const optref_vsfail *F = &r->fail[0];
    if (!r->nlisted) {
        snprintf(buf, len, "%s step t=%ld as %s: %ld of %ld values outside %s", r->algorithm, r->t,
                 r->fmt->name, r->nfailed, n, r->bound ? "the rounding bound" : "tolerance");
        return;
    }
    const optref_vskind *K = &r->kind[F->kind];
    char idx[80] = "";
    if (K->vector)
        kind_index(r, K, F->i, idx, sizeof idx);
    if (r->bound)
        snprintf(buf, len, "%s step t=%ld as %s: %ld of %ld values outside the rounding bound; first %s%s%s%s, %.3g "
                 "bounds out (%.3g ULP), pseudocode L%d of %s", r->algorithm, r->t, r->fmt->name, r->nfailed, n,
                 K->name, K->vector ? "[" : "", idx, K->vector ? "]" : "", F->ratio, F->ulp, K->line, r->file);
    else
        snprintf(buf, len, "%s step t=%ld as %s: %ld of %ld values outside tolerance; first %s%s%s%s, %.3g ULP, "
                 "pseudocode L%d of %s", r->algorithm, r->t, r->fmt->name, r->nfailed, n, K->name,
                 K->vector ? "[" : "", idx, K->vector ? "]" : "", F->ulp, K->line, r->file);
}

static void print_verdict(const optref_vsreport *r)
{
    char buf[1024];
    verdict_text(r, buf, sizeof buf);
    printf("%s: %s\n", r->pass ? "PASS" : "FAIL", buf);
}

static int write_json(const char *path, const optref_vsreport *r)
{
    char *j = optref_vsreport_json(r);
    FILE *f = j ? fopen(path, "w") : NULL;
    int ok = f && fputs(j, f) >= 0;
    if (f)
        ok = fclose(f) == 0 && ok;
    free(j);
    return ok ? 0 : -1;
}

/* The manifest's report as JSON, to path; 0 or EXIT_USAGE. */
static int write_layers_json(const vs_args *a, const vs_layer *L, size_t lo, size_t hi, size_t n,
                             const vs_layer_result *res)
{
    char (*v)[1024] = calloc(hi - lo ? hi - lo : 1, sizeof *v);
    const char **vp = calloc(hi - lo ? hi - lo : 1, sizeof *vp);
    int rc = v && vp ? 0 : die("verify-step", "out of memory");
    for (size_t k = 0; !rc && k < hi - lo; k++) {
        verdict_text(&res[k].r, v[k], sizeof v[k]);
        vp[k] = v[k];
    }
    json_t *j = rc ? NULL : vstep_layers_json(a->manifest, L + lo, lo, hi, n, a->o.nshards > 1 ? a->o.shard : 0,
                                              a->o.nshards > 1 ? a->o.nshards : 1, res, vp);
    if (!rc && (!j || json_dump_file(j, a->json, JSON_INDENT(1)) != 0))
        rc = die("verify-step", "--json %s: cannot write the report", a->json);
    json_decref(j);
    free(v);
    free(vp);
    return rc;
}

/* --manifest FILE: each layer judged as a whole, layers on --threads threads
 * (cli/vstep_layers.c); one report per layer in the manifest's order, then one
 * verdict (the first failing layer's first failure).  --shard i/N: layers
 * lo .. hi − 1 of N equal slices of the manifest's. */
static int manifest_cmd(vs_args *a)
{
    vs_layer *L;
    size_t n;
    char err[2048], first[1400] = "";
    long values = 0, failed = 0;
    if (vstep_manifest_read(a->manifest, &L, &n, err, sizeof err) != 0)
        return die("verify-step", "--manifest %s", err);
    size_t S = a->o.nshards > 1 ? a->o.nshards : 1, i = S > 1 ? a->o.shard : 0;
    size_t lo = n / S * i + n % S * i / S, hi = n / S * (i + 1) + n % S * (i + 1) / S;
    vs_layer_result *res = calloc(hi - lo ? hi - lo : 1, sizeof *res);
    int rc = res ? 0 : die("verify-step", "out of memory");
    if (!rc)
        vstep_layers_run(&a->o, L + lo, hi - lo, res);
    for (size_t k = lo; k < hi && !rc; k++)
        if (res[k - lo].st != OPTREF_SUCCESS)
            rc = die("verify-step", "--manifest %s: layer %s: %s", a->manifest, L[k].name, res[k - lo].err);
    for (size_t k = lo; k < hi && !rc; k++) {
        const optref_vsreport *r = &res[k - lo].r;
        vs_args la = *a;
        la.o.before = L[k].before, la.o.after = L[k].after;
        if (!a->quiet) {
            printf("== layer %s (%zux%zu)\n", L[k].name, L[k].rows, L[k].cols);
            print_report(&la, r);
            print_verdict(r);
            putchar('\n');
        }
        if (!r->pass && !*first) {
            char buf[1024];
            verdict_text(r, buf, sizeof buf);
            snprintf(first, sizeof first, "layer %s: %s", L[k].name, buf);
        }
        values += compared(r);
        failed += r->nfailed;
    }
    if (!rc)
        printf("%s: %zu layers of %s%s: %ld of %ld values outside tolerance%s%s\n", *first ? "FAIL" : "PASS",
               hi - lo, a->manifest, S > 1 ? " (this shard's)" : "", failed, values, *first ? "; first in " : "",
               first);
    if (!rc && a->json)
        rc = write_layers_json(a, L, lo, hi, n, res);
    for (size_t k = 0; res && k < hi - lo; k++)
        optref_vsreport_free(&res[k].r);
    free(res);
    vstep_manifest_free(L, n);
    return rc ? rc : *first ? EXIT_MISMATCH : 0;
}


/* --json's path, checked before any work: never an input (a file read, or a .npy
 * in a directory read), nor an existing file without --force. */
static int json_refused(const char *json, int force, const char *const *in, size_t n, const char *const *dirs,
                        size_t ndirs)
{
    char why[512], dir[4096];
    const char *no = output_refused(json, force, in, n, why, sizeof why);
    const char *slash = strrchr(json, '/'), *dot = strrchr(json, '.');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - json) : 1, slash ? json : ".");
    for (size_t k = 0; !no && k < ndirs; k++)
        if (dirs[k] && dot && strcmp(dot, ".npy") == 0 && same_inode(dir, dirs[k]))
            no = (snprintf(why, sizeof why, "a .npy file in %s, an input directory; refusing to write there", dirs[k]),
                  why);
    return no ? die("verify-step", "--json %s: %s", json, no) : 0;
}

/* --merge A.json B.json ... [--json OUT [--force]] */
static int merge_cmd(int argc, char **argv)
{
    const char **in = calloc((size_t)argc, sizeof *in), *out = NULL;
    int n = 0, force = 0, rc = in ? 0 : die("verify-step", "out of memory");
    for (int i = 1; i < argc && !rc; i++) {
        if (strcmp(argv[i], "--merge") == 0 || (strcmp(argv[i], "--force") == 0 && (force = 1)))
            continue;
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strncmp(argv[i], "--", 2) == 0)
            rc = die("verify-step", "--merge takes report files and --json FILE, not '%s' (argument %d)", argv[i], i + 1);
        else
            in[n++] = argv[i];
    }
    if (!rc && n == 0)
        rc = die("verify-step", "--merge: give the shards' JSON reports");
    if (!rc && out)
        rc = json_refused(out, force, in, (size_t)n, NULL, 0);
    if (!rc)
        rc = vstep_merge(n, in, out);
    free(in);
    return rc;
}

int cmd_verify_step(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (is_help(argv[i]))
            return fputs(vs_usage, stdout), fputs(vs_usage_verdict, stdout), 0;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--merge") == 0)
            return merge_cmd(argc, argv);
    vs_args a = { .o = { .tol = NAN, .max_report = OPTREF_VERIFY_MAXREPORT, .any_order = 1, .hp_either = 1 } };
    if (!(a.items = calloc((size_t)argc, sizeof *a.items)))
        return die("verify-step", "out of memory");
    a.o.items = a.items;
    optref_vsreport r = { 0 };
    char err[2048];
    int rc = parse_args(&a, argc, argv);
    a.o.bound = isnan(a.o.tol) && !a.o.tolfile && !a.o.math && !a.o.storage; /* mixed precision: its budget */
    const char *in[] = { a.manifest, a.rows, a.o.tolfile }, *dirs[] = { a.o.before, a.o.after };
    if (!rc && a.json)
        rc = json_refused(a.json, a.force, in, OPTREF_COUNT(in), dirs, OPTREF_COUNT(dirs));
    if (!rc && a.manifest) {
        rc = manifest_cmd(&a);
        free(a.items);
        return rc;
    }
    vs_rows_tmp rows = { 0 };
    if (!rc && a.rows)
        rc = vstep_rows_prepare(a.rows, &a.o, &rows);
    if (!rc && optref_verify_step(&a.o, &r, err, sizeof err) != OPTREF_SUCCESS)
        rc = die("verify-step", "%s", err);
    if (!rc) {
        if (!a.quiet)
            print_report(&a, &r);
        print_verdict(&r);
        if (a.json && write_json(a.json, &r) != 0)
            rc = die("verify-step", "--json %s: cannot write the report", a.json);
        else
            rc = r.pass ? 0 : EXIT_MISMATCH;
    }
    optref_vsreport_free(&r);
    vstep_rows_cleanup(&rows);
    free(a.items);
    return rc;
}
