/* cmd_check.c: `optref check`: the lectures' rates and regret bounds, run as
 * checks on optref's own exact trajectories or on a candidate's. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "theory.h"

static const char check_usage[] =
    "usage: optref check [CLAIM [CANDIDATE.csv]] [--list] [--quiet]\n"
    "\n"
    "Runs the convergence rates and regret bounds of the lectures as checks:\n"
    "for each claim, the bound and the measured value at checkpoints, computed\n"
    "in MPFR at 256 bits from the theorem's formula and the problem's constants,\n"
    "the source, and PASS or FAIL.  A claim's part either must hold at every step\n"
    "or is a control that must be crossed (plain GD against Nesterov's envelope).\n"
    "\n"
    "  CLAIM              run one claim (default: all)\n"
    "  CLAIM FILE.csv     apply the claim to your trajectory on the claim's problem:\n"
    "                     a header with t and x[0], ..., x[n-1] (other columns are\n"
    "                     ignored), rows t = 0, 1, ... (decimal or hex floats)\n"
    "  --list             the claims, their problems and what a candidate gives\n"
    "  --quiet            only the verdict lines\n"
    "\n"
    "Exit status: 0 pass, 1 a claim failed, 2 bad usage or bad input.\n";

static void print_part(const optref_tpart *p, size_t k)
{
    printf("  [%zu] %s\n      %s\n", k + 1, p->what,
           p->expect ? "must hold at every step" : "control: must be crossed somewhere");
    printf("      %8s  %-24s %2s  %-24s\n", "k", p->measured, "", p->bound);
    for (size_t j = 0; j < p->npt; j++) {
        const optref_tpoint *q = &p->pt[j];
        const char *rel = q->ok ? (p->rel == OPTREF_LE ? "<=" : ">=") : (p->rel == OPTREF_LE ? "> " : "< ");
        printf("      %8ld  %-24.10g %2s  %-24.10g%s\n", q->k, q->measured, rel, q->bound,
               q->ok ? "" : "  crossed");
    }
    if (p->nviol)
        printf("      %ld steps judged, %ld crossed, first at k = %ld: %s\n", p->nchecked, p->nviol, p->first_viol,
               p->ok ? "as expected" : "NOT as expected");
    else
        printf("      %ld steps judged, none crossed: %s\n", p->nchecked, p->ok ? "as expected" : "NOT as expected");
}

static void print_report(const optref_claim *c, const optref_treport *r, int quiet)
{
    if (!quiet) {
        printf("%s: %s\n  source: %s\n", c->name, c->title, c->source);
        for (size_t k = 0; k < r->npart; k++)
            print_part(&r->part[k], k);
        for (size_t k = 0; k < r->nnote; k++)
            printf("  note: %s\n", r->note[k]);
    }
    printf("%s %s\n%s", r->pass ? "PASS" : "FAIL", c->name, quiet ? "" : "\n");
}

static int list_claims(void)
{
    for (size_t k = 0; optref_claims[k]; k++) {
        const optref_claim *c = optref_claims[k];
        printf("%-16s %s\n%16s source: %s\n%16s candidate: %s\n", c->name, c->title, "", c->source, "",
               c->candidate);
    }
    return 0;
}

int cmd_check(int argc, char **argv)
{
    const char *claim = NULL, *file = NULL;
    int quiet = 0, list = 0;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i]))
            return fputs(check_usage, stdout), 0;
        if (strcmp(argv[i], "--quiet") == 0)
            quiet = 1;
        else if (strcmp(argv[i], "--list") == 0)
            list = 1;
        else if (strncmp(argv[i], "--", 2) == 0)
            return die("check", "unknown option '%s' (argument %d); see optref check --help", argv[i], i + 1);
        else if (!claim)
            claim = argv[i];
        else if (!file)
            file = argv[i];
        else
            return die("check", "unexpected argument '%s' (argument %d)", argv[i], i + 1);
    }
    if (list)
        return list_claims();
    const optref_claim *one = claim ? optref_claim_from_name(claim) : NULL;
    if (claim && !one)
        return die("check", "unknown claim '%s'; optref check --list names them", claim);
    char err[2048] = "";
    int fail = 0;
    for (size_t k = 0; optref_claims[k]; k++) {
        const optref_claim *c = optref_claims[k];
        if (one && c != one)
            continue;
        optref_treport r;
        optref_status st = file ? optref_claim_check_file(c, file, &r, err, sizeof err)
                                : optref_claim_run(c, &r, err, sizeof err);
        if (st != OPTREF_SUCCESS)
            return die("check", "%s", *err ? err : optref_strerror(st));
        print_report(c, &r, quiet);
        fail |= !r.pass;
    }
    return fail ? EXIT_MISMATCH : 0;
}
