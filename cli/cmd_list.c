/* cmd_list.c: `optref list`: what there is, from the type objects; with
 * --json the same as one JSON object (jansson), for tools/site_gen.py, and
 * with --problem SPEC the instance's dimension, start, minimiser and
 * constants (--grid: f tabulated over a 2-D grid, for contour plots). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "optref.h"

static void print_param(const optref_param *p)
{
    printf("      %-8s %-4s ", p->name, p->symbol);
    if (p->flags & OPTREF_P_VECTOR)
        printf("%-10s", "(list)");
    else if (isnan(p->def))
        printf("%-10s", "(required)");
    else
        printf("%-10g", p->def);
    printf(" %s%s\n", p->doc, p->flags & OPTREF_P_STEP ? " [step size: η0 of the schedule]" : "");
}

static void list_algorithm(const optref_algorithm *a)
{
    printf("\n%s  %s\n  source: %s\n  read:   %s\n", a->name, a->title, a->source, a->file);
    if (a->flavor_of)
        printf("  flavor: of %s for %s; also named %s:%s\n", a->flavor_of, a->framework, a->flavor_of, a->framework);
    for (size_t v = 0; v < a->nvariants; v++) {
        printf("  variant %-12s %s%s\n", a->variants[v].name, a->variants[v].doc, v == 0 ? "  [default]" : "");
        for (size_t k = 0; k < a->nhp; k++)
            if (optref_param_used(&a->hp[k], v))
                print_param(&a->hp[k]);
        for (size_t k = 0; k < a->nstate; k++)
            if (optref_state_used(&a->state[k], v))
                printf("      state %-6s %s%s\n", a->state[k].name, a->state[k].doc,
                       a->state[k].internal == OPTREF_INTERMEDIATE ? " (intermediate: not recorded, an optional "
                                                                     "column of verify)"
                       : a->state[k].internal                      ? " (not recorded)"
                                                                   : "");
    }
}

static void list_problem(const optref_problem_type *T)
{
    printf("\n%s  %s: %s   (%s)\n  read:   %s\n", T->name, T->title, T->formula, T->source, T->file);
    for (size_t k = 0; k < T->nparams; k++)
        print_param(&T->params[k]);
    printf("      x0, layers=ROWSxCOLS,... (every problem)\n");
    for (size_t k = 0; k < T->npresets; k++)
        printf("  preset %-12s %s:%s   (%s)\n", T->presets[k].name, T->name, T->presets[k].params,
               T->presets[k].source);
}

static void list_schedule(const optref_schedule *S)
{
    printf("\n%s  %s: %s   (%s)\n  read:   %s\n", S->name, S->title, S->formula, S->source, S->file);
    for (size_t k = 0; k < S->nparams; k++)
        print_param(&S->params[k]);
}

/* ---- --json -------------------------------------------------------------- */

/* A number; the non-finite ones as the strings "inf", "-inf", "nan". */
static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_string(isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *jvec(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, jnum(v[i]));
    return a;
}

/* The variants (by name) a mask selects; 0 selects all. */
static json_t *jvariants(const optref_algorithm *a, unsigned vmask)
{
    json_t *r = json_array();
    for (size_t v = 0; v < a->nvariants; v++)
        if (!vmask || (vmask >> v & 1u))
            json_array_append_new(r, json_string(a->variants[v].name));
    return r;
}

static json_t *jparams(const optref_param *ps, size_t n, const optref_algorithm *a)
{
    static const struct {
        unsigned flag;
        const char *name;
    } fl[] = { { OPTREF_P_POSITIVE, "positive" }, { OPTREF_P_NONNEG, "nonneg" }, { OPTREF_P_UNIT, "unit" },
               { OPTREF_P_INF_OK, "inf_ok" },     { OPTREF_P_STEP, "step" },     { OPTREF_P_WHOLE, "whole" },
               { OPTREF_P_VECTOR, "vector" },     { OPTREF_P_HOST, "host" } };
    json_t *r = json_array();
    for (size_t k = 0; k < n; k++) {
        const optref_param *p = &ps[k];
        int required = isnan(p->def) && !(p->flags & OPTREF_P_VECTOR);
        json_t *o = json_object(), *f = json_array();
        json_object_set_new(o, "name", json_string(p->name));
        json_object_set_new(o, "symbol", jstr(p->symbol));
        json_object_set_new(o, "default", isnan(p->def) ? json_null() : jnum(p->def));
        json_object_set_new(o, "required", json_boolean(required));
        for (size_t j = 0; j < OPTREF_COUNT(fl); j++)
            if (p->flags & fl[j].flag)
                json_array_append_new(f, json_string(fl[j].name));
        json_object_set_new(o, "flags", f);
        json_object_set_new(o, "line", p->line ? json_integer(p->line) : json_null());
        json_object_set_new(o, "doc", jstr(p->doc));
        if (a)
            json_object_set_new(o, "variants", jvariants(a, p->vmask));
        json_array_append_new(r, o);
    }
    return r;
}

static json_t *jalgorithm(const optref_algorithm *a)
{
    static const char *extent[] = { "per_coord", "scalar", "per_layer", "per_coord2" };
    json_t *o = json_object(), *vs = json_array(), *st = json_array();
    json_object_set_new(o, "name", json_string(a->name));
    json_object_set_new(o, "title", jstr(a->title));
    json_object_set_new(o, "source", jstr(a->source));
    json_object_set_new(o, "file", jstr(a->file));
    json_object_set_new(o, "needs_hessian", json_boolean(a->needs_hessian));
    if (a->flavor_of) {
        json_object_set_new(o, "flavor_of", json_string(a->flavor_of));
        json_object_set_new(o, "framework", json_string(a->framework));
    }
    for (size_t v = 0; v < a->nvariants; v++) {
        json_t *V = json_object();
        json_object_set_new(V, "name", json_string(a->variants[v].name));
        json_object_set_new(V, "doc", jstr(a->variants[v].doc));
        json_object_set_new(V, "x_line", json_integer(a->variants[v].x_line));
        json_object_set_new(V, "g_line", json_integer(a->variants[v].g_line));
        json_array_append_new(vs, V);
    }
    json_object_set_new(o, "variants", vs);
    json_object_set_new(o, "params", jparams(a->hp, a->nhp, a));
    for (size_t k = 0; k < a->nstate; k++) {
        const optref_statevar *s = &a->state[k];
        json_t *S = json_object();
        json_object_set_new(S, "name", json_string(s->name));
        json_object_set_new(S, "symbol", jstr(s->symbol));
        json_object_set_new(S, "extent", json_string((unsigned)s->extent < OPTREF_COUNT(extent) ? extent[s->extent]
                                                                                              : "unknown"));
        json_object_set_new(S, "internal", json_boolean(s->internal));
        json_object_set_new(S, "intermediate", json_boolean(s->internal == OPTREF_INTERMEDIATE));
        json_object_set_new(S, "line", json_integer(s->line));
        json_object_set_new(S, "doc", jstr(s->doc));
        json_object_set_new(S, "variants", jvariants(a, s->vmask));
        json_array_append_new(st, S);
    }
    json_object_set_new(o, "state", st);
    return o;
}

static json_t *jproblem_type(const optref_problem_type *T)
{
    json_t *o = json_object(), *ps = json_array();
    json_object_set_new(o, "name", json_string(T->name));
    json_object_set_new(o, "title", jstr(T->title));
    json_object_set_new(o, "formula", jstr(T->formula));
    json_object_set_new(o, "source", jstr(T->source));
    json_object_set_new(o, "file", jstr(T->file));
    json_object_set_new(o, "params", jparams(T->params, T->nparams, NULL));
    for (size_t k = 0; k < T->npresets; k++) {
        json_t *P = json_object();
        json_object_set_new(P, "name", json_string(T->presets[k].name));
        json_object_set_new(P, "params", jstr(T->presets[k].params));
        json_object_set_new(P, "source", jstr(T->presets[k].source));
        json_array_append_new(ps, P);
    }
    json_object_set_new(o, "presets", ps);
    return o;
}

static json_t *jschedule(const optref_schedule *S)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(S->name));
    json_object_set_new(o, "title", jstr(S->title));
    json_object_set_new(o, "source", jstr(S->source));
    json_object_set_new(o, "file", jstr(S->file));
    json_object_set_new(o, "formula", jstr(S->formula));
    json_object_set_new(o, "params", jparams(S->params, S->nparams, NULL));
    return o;
}

/* f over the grid x0..x1 (nx points) × y0..y1 (ny points): rows of y, each
 * a row of x, evaluated by a setup of gd at t = 0 from each point. */
static json_t *jgrid(const char *spec, const double *lim, const long *np, char *err, size_t len)
{
    optref_setup *s;
    if (optref_setup_new(&s, "gd", NULL, spec, err, len) != OPTREF_SUCCESS ||
        optref_setup_set(s, "eta=1", err, len) != OPTREF_SUCCESS)
        return NULL;
    json_t *o = json_object(), *xs = json_array(), *ys = json_array(), *rows = json_array();
    for (long i = 0; i < np[0]; i++)
        json_array_append_new(xs, json_real(lim[0] + (lim[1] - lim[0]) * (double)i / (double)(np[0] - 1)));
    for (long j = 0; j < np[1] && o; j++) {
        double y = lim[2] + (lim[3] - lim[2]) * (double)j / (double)(np[1] - 1), f = NAN;
        json_t *row = json_array();
        json_array_append_new(ys, json_real(y));
        for (long i = 0; i < np[0]; i++) {
            char item[128];
            optref_run *r;
            snprintf(item, sizeof item, "x0=%a,%a", json_real_value(json_array_get(xs, (size_t)i)), y);
            if (optref_setup_set(s, item, err, len) != OPTREF_SUCCESS ||
                optref_run_new(&r, s, OPTREF_DOUBLE, 53, NULL) != OPTREF_SUCCESS) {
                json_decref(o), json_decref(row), o = NULL;
                break;
            }
            optref_run_value(r, "f", 0, &f);
            optref_run_free(r);
            json_array_append_new(row, jnum(f));
        }
        if (o)
            json_array_append_new(rows, row);
    }
    optref_setup_free(s);
    if (!o) {
        json_decref(xs), json_decref(ys), json_decref(rows);
        return NULL;
    }
    json_object_set_new(o, "x", xs);
    json_object_set_new(o, "y", ys);
    json_object_set_new(o, "f", rows);
    return o;
}

static json_t *jinstance(const char *spec, const double *lim, const long *np, char *err, size_t len)
{
    static const char *consts[] = { "fmin", "L", "mu", "D", "Ginf", "m", "batch" };
    optref_problem *p;
    if (optref_problem_new(&p, spec, err, len) != OPTREF_SUCCESS)
        return NULL;
    size_t n = optref_problem_dim(p);
    const optref_problem_type *T = optref_problem_family(p);
    const double *xmin = optref_problem_xmin(p);
    json_t *o = json_object(), *c = json_object();
    json_object_set_new(o, "spec", json_string(spec));
    json_object_set_new(o, "family", T ? json_string(T->name) : json_null());
    json_object_set_new(o, "n", json_integer((json_int_t)n));
    json_object_set_new(o, "x0", jvec(optref_problem_x0(p), n));
    json_object_set_new(o, "xmin", xmin ? jvec(xmin, n) : json_null());
    for (size_t k = 0; k < OPTREF_COUNT(consts); k++) {
        double v = optref_problem_constant(p, consts[k]);
        json_object_set_new(c, consts[k], isnan(v) ? json_null() : jnum(v));
    }
    json_object_set_new(o, "constants", c);
    optref_problem_free(p);
    if (lim && n == 2) {
        json_t *g = jgrid(spec, lim, np, err, len);
        if (!g)
            return json_decref(o), NULL;
        json_object_set_new(o, "grid", g);
    }
    return o;
}

/* "X0:X1:NX,Y0:Y1:NY" */
static int parse_grid(const char *s, double *lim, long *np)
{
    char buf[256], *part[6];
    int k = 0;
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    for (char *p = buf; k < 6; k++) {
        part[k] = p;
        p += strcspn(p, ":,");
        if (!*p) {
            k++;
            break;
        }
        if (*p != (k % 3 == 2 ? ',' : ':'))
            return -1;
        *p++ = '\0';
    }
    if (k != 6)
        return -1;
    for (int d = 0; d < 2; d++)
        if (optref_parse_double(part[3 * d], &lim[2 * d]) != OPTREF_SUCCESS ||
            optref_parse_double(part[3 * d + 1], &lim[2 * d + 1]) != OPTREF_SUCCESS ||
            !isfinite(lim[2 * d]) || !isfinite(lim[2 * d + 1]) || !(lim[2 * d] < lim[2 * d + 1]) ||
            optref_parse_long(part[3 * d + 2], 2, 2000, &np[d]) != OPTREF_SUCCESS)
            return -1;
    return 0;
}

static int list_json(char **specs, size_t nspecs, const double *lim, const long *np)
{
    json_t *root = json_object(), *as = json_array(), *ps = json_array(), *ss = json_array();
    json_object_set_new(root, "version", json_string(OPTREF_VERSION));
    for (size_t i = 0; optref_algorithms[i]; i++)
        json_array_append_new(as, jalgorithm(optref_algorithms[i]));
    for (size_t i = 0; optref_problem_types[i]; i++)
        json_array_append_new(ps, jproblem_type(optref_problem_types[i]));
    for (size_t i = 0; optref_schedules[i]; i++)
        json_array_append_new(ss, jschedule(optref_schedules[i]));
    json_object_set_new(root, "algorithms", as);
    json_t *fs = json_array();
    for (size_t i = 0; optref_flavors[i]; i++)
        json_array_append_new(fs, jalgorithm(optref_flavors[i]));
    json_object_set_new(root, "flavors", fs);
    json_object_set_new(root, "problems", ps);
    json_object_set_new(root, "schedules", ss);
    if (nspecs) {
        json_t *is = json_array();
        json_object_set_new(root, "instances", is);
        for (size_t k = 0; k < nspecs; k++) {
            char err[512];
            json_t *o = jinstance(specs[k], lim, np, err, sizeof err);
            if (!o) {
                json_decref(root);
                return die("list", "--problem %s: %s", specs[k], err);
            }
            json_array_append_new(is, o);
        }
    }
    int rc = json_dumpf(root, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) == 0 && putchar('\n') != EOF &&
                     fflush(stdout) == 0
                 ? 0
                 : die("list", "cannot write the JSON listing");
    json_decref(root);
    return rc;
}

int cmd_list(int argc, char **argv)
{
    if (argc > 1 && is_help(argv[1])) {
        puts("usage: optref list [--json [--problem SPEC ...] [--grid X0:X1:NX,Y0:Y1:NY]]\n\n"
             "Lists the algorithms (variants, hyper-parameters with their\n"
             "defaults, state), the problem families (parameters, presets) and the\n"
             "learning-rate schedules.  A problem is a preset name or FAMILY:name=value,...;\n"
             "a schedule is given as schedule=NAME[:name=value,...].\n\n"
             "  --json          the same as one JSON object (non-finite numbers as \"inf\",\n"
             "                  \"-inf\", \"nan\"; a required default as null)\n"
             "  --problem SPEC  also describe this problem instance: n, x0, minimiser,\n"
             "                  constants fmin, L, mu, D, Ginf, m, batch (null: unknown)\n"
             "  --grid X0:X1:NX,Y0:Y1:NY\n"
             "                  with --problem, f of each 2-D instance at NX x NY points");
        return 0;
    }
    int json = 0;
    char **specs = calloc((size_t)argc, sizeof *specs);
    size_t nspecs = 0;
    double lim[4];
    long np[2];
    const char *grid = NULL;
    if (!specs)
        return die("list", "out of memory");
    for (int k = 1; k < argc; k++) {
        int rc = -1;
        if (strcmp(argv[k], "--json") == 0)
            json = 1;
        else if (strcmp(argv[k], "--problem") == 0 || strcmp(argv[k], "--grid") == 0) {
            if (k + 1 >= argc)
                rc = die("list", "%s needs a value", argv[k]);
            else if (argv[k][2] == 'p')
                specs[nspecs++] = argv[++k];
            else if (parse_grid(argv[++k], lim, np) != 0)
                rc = die("list", "--grid '%s': expected X0:X1:NX,Y0:Y1:NY with X0 < X1, Y0 < Y1, 2 <= N <= 2000",
                         argv[k]);
            else
                grid = argv[k];
        } else
            rc = die("list", "unexpected argument '%s' (argument %d)", argv[k], k + 1);
        if (rc >= 0)
            return free(specs), rc;
    }
    if (!json && (nspecs || grid))
        return free(specs), die("list", "--problem and --grid need --json");
    if (grid && !nspecs)
        return free(specs), die("list", "--grid needs --problem");
    if (json) {
        int rc = list_json(specs, nspecs, grid ? lim : NULL, np);
        free(specs);
        return rc;
    }
    free(specs);
    puts("ALGORITHMS");
    for (size_t i = 0; optref_algorithms[i]; i++)
        list_algorithm(optref_algorithms[i]);
    puts("\nFLAVORS (a framework's own computation of a lecture algorithm: doc/flavors.md)");
    for (size_t i = 0; optref_flavors[i]; i++)
        list_algorithm(optref_flavors[i]);
    puts("\nPROBLEMS");
    for (size_t i = 0; optref_problem_types[i]; i++)
        list_problem(optref_problem_types[i]);
    puts("\nSCHEDULES");
    for (size_t i = 0; optref_schedules[i]; i++)
        list_schedule(optref_schedules[i]);
    return 0;
}
