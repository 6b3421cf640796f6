/* cmd_cases.c: `optref cases`: the named cases of golden/cases.in with their
 * specs (algorithm, variant, problem, steps, hyper-parameters, schedule, x0),
 * one per line, read through the same parser as regen and verify. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "golden.h"

static const char cases_usage[] =
    "usage: optref cases [--spec FILE]\n"
    "\n"
    "Lists the named cases (golden/cases.in, or FILE) with their specs:\n"
    "name, algorithm, variant, problem, steps, hyper-parameters, schedule, x0.\n"
    "A case name is what `optref verify CASE` and `optref run --case NAME` take.\n";

/* The shortest decimal that reads back as v. */
static void print_short(double v)
{
    char buf[40], best[40] = "";
    for (int p = 1; p <= 17; p++) { /* "10", not "1e+01" */
        snprintf(buf, sizeof buf, "%.*g", p, v);
        if ((strtod(buf, NULL) == v || isnan(v)) && (!*best || strlen(buf) < strlen(best)))
            strcpy(best, buf);
    }
    fputs(best, stdout);
}

static void print_case(const optref_case *c)
{
    const optref_setup *s = c->s;
    const optref_algorithm *a = optref_setup_algorithm(s);
    size_t v = optref_setup_variant(s), n = optref_problem_dim(optref_setup_problem(s));
    printf("%-28s %-10s %-12s %-22s %6ld ", c->name, a->name, a->variants[v].name,
           optref_problem_name(optref_setup_problem(s)), c->steps);
    for (size_t k = 0; k < a->nhp; k++)
        if (optref_param_used(&a->hp[k], v) && !isnan(optref_setup_hparam(s, a->hp[k].name)))
            printf(" %s=", a->hp[k].name), print_short(optref_setup_hparam(s, a->hp[k].name));
    if (strcmp(optref_setup_schedule_spec(s), "constant") != 0)
        printf(" schedule=%s", optref_setup_schedule_spec(s));
    printf(" x0=");
    for (size_t i = 0; i < n && i < 4; i++)
        printf("%s", i ? "," : ""), print_short(optref_setup_x0(s)[i]);
    printf("%s\n", n > 4 ? ",..." : "");
}

int cmd_cases(int argc, char **argv)
{
    const char *spec = NULL;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i]))
            return fputs(cases_usage, stdout), 0;
        if (strcmp(argv[i], "--spec") == 0 && i + 1 < argc)
            spec = argv[++i];
        else
            return die("cases", "unexpected argument '%s' (argument %d); see optref cases --help", argv[i], i + 1);
    }
    optref_case *cases = NULL;
    size_t n = 0;
    char err[2048];
    if (optref_cases_read(spec ? spec : default_spec(), &cases, &n, err, sizeof err) != OPTREF_SUCCESS)
        return die("cases", "%s", err);
    printf("%-28s %-10s %-12s %-22s %6s  %s\n", "case", "algorithm", "variant", "problem", "steps",
           "hyper-parameters, schedule, x0");
    for (size_t k = 0; k < n; k++)
        print_case(&cases[k]);
    optref_cases_free(cases, n);
    return 0;
}
