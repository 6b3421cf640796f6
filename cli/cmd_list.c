/* cmd_list.c: `optref list`: what there is, from the type objects. */
#include <math.h>
#include <stdio.h>
#include <string.h>

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
    for (size_t v = 0; v < a->nvariants; v++) {
        printf("  variant %-12s %s%s\n", a->variants[v].name, a->variants[v].doc, v == 0 ? "  [default]" : "");
        for (size_t k = 0; k < a->nhp; k++)
            if (optref_param_used(&a->hp[k], v))
                print_param(&a->hp[k]);
        for (size_t k = 0; k < a->nstate; k++)
            if (optref_state_used(&a->state[k], v))
                printf("      state %-6s %s%s\n", a->state[k].name, a->state[k].doc,
                       a->state[k].internal ? " (not recorded)" : "");
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

int cmd_list(int argc, char **argv)
{
    if (argc > 1 && is_help(argv[1])) {
        puts("usage: optref list\n\nLists the algorithms (variants, hyper-parameters with their\n"
             "defaults, state), the problem families (parameters, presets) and the\n"
             "learning-rate schedules.  A problem is a preset name or FAMILY:name=value,...;\n"
             "a schedule is given as schedule=NAME[:name=value,...].");
        return 0;
    }
    if (argc > 1)
        return die("list", "unexpected argument '%s' (argument 2)", argv[1]);
    puts("ALGORITHMS");
    for (size_t i = 0; optref_algorithms[i]; i++)
        list_algorithm(optref_algorithms[i]);
    puts("\nPROBLEMS");
    for (size_t i = 0; optref_problem_types[i]; i++)
        list_problem(optref_problem_types[i]);
    puts("\nSCHEDULES");
    for (size_t i = 0; optref_schedules[i]; i++)
        list_schedule(optref_schedules[i]);
    return 0;
}
