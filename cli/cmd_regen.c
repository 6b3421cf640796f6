/* cmd_regen.c: `optref regen`: golden files from the case specs, streamed
 * (memory proportional to the dimension, not to the steps). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "golden.h"

static const char regen_usage[] =
    "usage: optref regen [--spec FILE] [--out DIR [--force]] [--compare DIR] [--case NAME ...]\n"
    "\n"
    "Computes every case of the spec file (default: golden/cases.in of optref's\n"
    "source tree, whatever the current directory; - is standard input) as a golden\n"
    "trajectory, correctly rounded Ziv-style, and prints a summary table: steps,\n"
    "the precision at which the rounded values settled, and the largest ULP\n"
    "distance of optref's own double variant from them: of each golden value,\n"
    "and scaled as `optref verify` scales it (ulp of the largest magnitude of\n"
    "that column so far, so values converging to 0 do not blow it up).\n"
    "\n"
    "  --out DIR      write DIR/<case>.out, all or nothing: every case is computed\n"
    "                 first, then all files are renamed into place; a file that\n"
    "                 exists and differs is only replaced with --force (golden/out\n"
    "                 is regenerated this way); never the spec file itself\n"
    "  --compare DIR  compare each result byte for byte with DIR/<case>.out;\n"
    "                 exit status 1 if any differs or is missing, or DIR holds a\n"
    "                 .out file that no case produces\n"
    "  --case NAME    only this case (repeatable)\n";

typedef struct {
    const char *spec, *out, *cmp;
    int force;
    char **only;
    size_t nonly;
} regen_args;

static int parse_args(regen_args *ra, int argc, char **argv)
{
    ra->spec = default_spec();
    if (!(ra->only = calloc((size_t)argc, sizeof *ra->only)))
        return die("regen", "out of memory");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--force") == 0) {
            ra->force = 1;
            continue;
        }
        const char **dst = strcmp(a, "--spec") == 0 ? &ra->spec : strcmp(a, "--out") == 0 ? &ra->out
                           : strcmp(a, "--compare") == 0 ? &ra->cmp : NULL;
        if (!dst && strcmp(a, "--case") != 0)
            return die("regen", "unknown argument '%s' (argument %d); see optref regen --help", a, i + 1);
        if (!val)
            return die("regen", "%s needs a value (argument %d)", a, i + 1);
        if (dst)
            *dst = val;
        else
            ra->only[ra->nonly++] = argv[i + 1];
        i++;
    }
    if (ra->out && !is_dir(ra->out) && mkdir(ra->out, 0777) != 0)
        return die("regen", "--out %s: %s", ra->out, strerror(errno));
    if (ra->cmp && !is_dir(ra->cmp))
        return die("regen", "--compare %s: not a directory", ra->cmp);
    if (ra->out && ra->cmp && same_inode(ra->out, ra->cmp))
        return die("regen", "--out %s and --compare %s are the same directory: the comparison's input would "
                   "be overwritten", ra->out, ra->cmp);
    return 0;
}

static int wanted(const regen_args *ra, const char *name)
{
    for (size_t k = 0; k < ra->nonly; k++)
        if (strcmp(ra->only[k], name) == 0)
            return 1;
    return ra->nonly == 0;
}

/* Generates one case into a new temporary file of dir (its name in tmp),
 * compares it and prints its row.  0, or the exit status of a failure. */
static int one_case(const regen_args *ra, const optref_case *c, const char *dir, char *tmp, size_t len,
                    int *differ)
{
    char err[1024], path[4096], where[160] = "0";
    optref_golden_info info;
    snprintf(tmp, len, "%s/.optref-regen-%s.XXXXXX", dir, c->name);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd), unlink(tmp);
        tmp[0] = '\0';
        return die("regen", "%s: cannot create a temporary file: %s", dir, strerror(errno));
    }
    optref_status st = optref_golden_generate(f, c, OPTREF_ZIV_PMAX, &info, err, sizeof err);
    if (fclose(f) != 0 && st == OPTREF_SUCCESS)
        return die("regen", "%s: %s", tmp, strerror(errno));
    if (st != OPTREF_SUCCESS)
        return die("regen", "%s", err);
    const char *verdict = "";
    if (ra->cmp) {
        snprintf(path, sizeof path, "%s/%s.out", ra->cmp, c->name);
        int same = same_file(path, tmp);
        verdict = same < 0 ? "MISSING" : same ? "identical" : "DIFFERS";
        *differ |= same != 1;
    }
    if (info.worst_ulp > 0) {
        char qn[64];
        optref_qname(c->s, info.worst_q, qn, sizeof qn);
        snprintf(where, sizeof where, "%.3g at t=%ld %s", info.worst_ulp, info.worst_t, qn);
    }
    const optref_algorithm *a = optref_setup_algorithm(c->s);
    printf("%-26s %-9s %-11s %-10s %5ld %5ld %7ld  %-24s %7.3g  %s\n", c->name, a->name,
           a->variants[optref_setup_variant(c->s)].name, optref_problem_name(optref_setup_problem(c->s)),
           c->steps, info.prec, info.confirm, where, info.worst_scaled, verdict);
    fflush(stdout);
    return 0;
}

/* --out: every file checked before any is renamed into place. */
static int install_all(const regen_args *ra, const optref_case *cases, char **tmp, size_t n)
{
    char path[4096];
    size_t conflicts = 0, first = n;
    for (size_t i = 0; i < n; i++) {
        if (!tmp[i])
            continue;
        snprintf(path, sizeof path, "%s/%s.out", ra->out, cases[i].name);
        if (same_inode(path, ra->spec))
            return die("regen", "--out %s: %s is the spec file; refusing to write over it", ra->out, path);
        if (!ra->force && same_file(path, tmp[i]) == 0 && conflicts++ == 0)
            first = i;
    }
    if (conflicts) {
        snprintf(path, sizeof path, "%s/%s.out", ra->out, cases[first].name);
        return die("regen", "%s exists and differs%s; nothing written (use --force)", path,
                   conflicts > 1 ? ", and other files too" : "");
    }
    for (size_t i = 0; i < n; i++) {
        if (!tmp[i])
            continue;
        snprintf(path, sizeof path, "%s/%s.out", ra->out, cases[i].name);
        if (same_file(path, tmp[i]) != 1 && rename(tmp[i], path) != 0)
            return die("regen", "%s: %s", path, strerror(errno));
    }
    return 0;
}

/* A committed golden file that no case produces is stale. */
static int stale_files(const regen_args *ra, const optref_case *cases, size_t ncases)
{
    int differ = 0;
    DIR *d = opendir(ra->cmp);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".out") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 4), e->d_name);
        if (!optref_case_find(cases, ncases, name)) {
            printf("%-30s stale: no case in %s produces it\n", e->d_name, ra->spec);
            differ = 1;
        }
    }
    if (d)
        closedir(d);
    return differ;
}

/* Every wanted case into its temporary file; then installed or compared. */
static int generate_all(const regen_args *ra, const optref_case *cases, size_t ncases, int *differ)
{
    const char *tmpdir = getenv("TMPDIR");
    const char *dir = ra->out ? ra->out : tmpdir && *tmpdir ? tmpdir : "/tmp";
    char **tmp = calloc(ncases ? ncases : 1, sizeof *tmp), name[4096];
    int status = tmp ? 0 : die("regen", "out of memory");
    for (size_t i = 0; !status && i < ncases; i++) {
        if (!wanted(ra, cases[i].name))
            continue;
        status = one_case(ra, &cases[i], dir, name, sizeof name, differ);
        if (name[0] && !(tmp[i] = strdup(name)))
            status = die("regen", "out of memory");
    }
    if (!status && ra->out)
        status = install_all(ra, cases, tmp, ncases);
    for (size_t i = 0; tmp && i < ncases; i++) {
        if (tmp[i])
            unlink(tmp[i]);
        free(tmp[i]);
    }
    free(tmp);
    return status;
}

int cmd_regen(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (is_help(argv[i]))
            return fputs(regen_usage, stdout), 0;
    regen_args ra = { 0 };
    optref_case *cases = NULL;
    size_t ncases = 0;
    char err[1024];
    int status = parse_args(&ra, argc, argv), differ = 0;
    if (!status && optref_cases_read(ra.spec, &cases, &ncases, err, sizeof err) != OPTREF_SUCCESS)
        status = die("regen", "%s", err);
    for (size_t k = 0; !status && k < ra.nonly; k++)
        if (!optref_case_find(cases, ncases, ra.only[k]))
            status = die("regen", "--case %s: no such case in %s", ra.only[k], ra.spec);
    if (!status)
        printf("%-26s %-9s %-11s %-10s %5s %5s %7s  %-24s %7s  %s\n", "case", "algorithm", "variant", "problem",
               "steps", "prec", "confirm", "double: max ULP", "scaled", ra.cmp ? "vs committed" : "");
    if (!status)
        status = generate_all(&ra, cases, ncases, &differ);
    if (!status && ra.cmp && ra.nonly == 0)
        differ |= stale_files(&ra, cases, ncases);
    if (!status && ra.cmp)
        printf("%s\n", differ ? "golden files DIFFER from the committed ones"
                              : "all golden files identical to the committed ones");
    optref_cases_free(cases, ncases);
    free(ra.only);
    return status ? status : differ ? EXIT_MISMATCH : 0;
}
