/* main.c: the optref command line; one file per command (cli/cmd_*.c).
 *
 *   optref list
 *   optref run ALGORITHM PROBLEM [name=value ...] [--variant V] [--steps N] ...
 *   optref regen [--spec FILE] [--out DIR [--force]] [--compare DIR] [--case NAME ...]
 *   optref verify CASE CANDIDATE.csv [--dtype f64|f32|bf16|f16] [--mode ...] ...
 *   optref schedule NAME[:p=v,...] [--eta0 X] [--steps N] [--flavor F] [--precision P] [--format F]
 *   optref check [CLAIM [CANDIDATE.csv]] [--list] [--quiet]
 *   optref xavier --fan-in N --fan-out M [--gain G | --nonlinearity NAME] [--dist D] [FILE]
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "optref.h"

static const char usage[] =
    "usage: optref COMMAND [ARGS]\n"
    "\n"
    "  list     algorithms, variants, hyper-parameters with defaults, problems, schedules\n"
    "  run      run an algorithm on a problem; CSV trajectory to stdout\n"
    "  regen    compute the golden trajectories of golden/cases.in; summary table\n"
    "  verify   judge your implementation's trajectory against the exact one\n"
    "  verify-step  judge one step of your optimizer on its tensors (.npy dumps)\n"
    "  cases    the named cases of golden/cases.in with their specs\n"
    "  schedule the step sizes η_t of a learning-rate schedule as CSV\n"
    "  xavier   exact sigma and a of Xavier/Glorot initialization; check a sample\n"
    "  check    the lectures' convergence rates and regret bounds as checks, on optref's\n"
    "           exact trajectories or on yours\n"
    "\n"
    "`optref COMMAND --help` describes each; man optref.  optref " OPTREF_VERSION "\n";

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } cmds[] = { { "list", cmd_list }, { "run", cmd_run }, { "regen", cmd_regen }, { "verify", cmd_verify },
                   { "schedule", cmd_schedule },
                   { "xavier", cmd_xavier },
                   { "verify-step", cmd_verify_step },
                   { "cases", cmd_cases },
                   { "check", cmd_check } };
    if (argc < 2)
        return fputs(usage, stderr), EXIT_USAGE;
    const char *cmd = argv[1];
    if (is_help(cmd) || strcmp(cmd, "help") == 0)
        return fputs(usage, stdout), 0;
    if (strcmp(cmd, "--version") == 0)
        return puts("optref " OPTREF_VERSION), 0;
    for (size_t k = 0; k < OPTREF_COUNT(cmds); k++)
        if (strcmp(cmd, cmds[k].name) == 0)
            return cmds[k].run(argc - 1, argv + 1);
    fprintf(stderr, "optref: unknown command '%s'; try optref --help\n", cmd);
    return EXIT_USAGE;
}
