/* Suite cli: the optref command line, run as a user runs it.  Bad input gets
 * exit status 2 and exactly one line on stderr that names the culprit. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clirun.h"
#include "testutil.h"
#include "verify.h"

/* Bad input: exit status 2, one line on stderr holding each of the needles,
 * nothing on stdout. */
static void expect_usage_error(const cli_result *r, int k, const char *want, const char *path)
{
    ck_assert_msg(r->status == 2, "case %d: exit %d: %.500s %.500s", k, r->status, r->err, r->out);
    ck_assert_msg(count_lines(r->err) == 1, "case %d: stderr is not one line: %.500s", k, r->err);
    ck_assert_msg(strstr(r->err, want) && (!path || strstr(r->err, path)), "case %d: '%.500s' lacks '%s'",
                  k, r->err, want);
    ck_assert_msg(r->out[0] == '\0', "case %d: wrote to stdout", k);
}

START_TEST(list_names_everything)
{
    cli_result *r = CLI("list");
    ck_assert_int_eq(r->status, 0);
    for (size_t i = 0; optref_algorithms[i]; i++) {
        ck_assert_msg(strstr(r->out, optref_algorithms[i]->name), "list lacks %s", optref_algorithms[i]->name);
        for (size_t v = 0; v < optref_algorithms[i]->nvariants; v++)
            ck_assert(strstr(r->out, optref_algorithms[i]->variants[v].name));
    }
    for (size_t i = 0; optref_problem_types[i]; i++) {
        const optref_problem_type *T = optref_problem_types[i];
        ck_assert_msg(strstr(r->out, T->name), "list lacks problem family %s", T->name);
        for (size_t k = 0; k < T->npresets; k++)
            ck_assert_msg(strstr(r->out, T->presets[k].name), "list lacks preset %s", T->presets[k].name);
    }
    for (size_t i = 0; optref_schedules[i]; i++)
        ck_assert_msg(strstr(r->out, optref_schedules[i]->name), "list lacks schedule %s", optref_schedules[i]->name);
    ck_assert(strstr(r->out, "(required)") && strstr(r->out, "0.999") && strstr(r->out, "b1t"));
}
END_TEST

START_TEST(help_everywhere)
{
    const char *cmds[] = { "run", "regen", "list", "verify" };
    for (int k = 0; k < 4; k++) {
        cli_result *r = CLI(cmds[k], "--help");
        ck_assert_msg(r->status == 0 && strstr(r->out, "usage: optref"), "%s --help", cmds[k]);
    }
    cli_result *r = CLI("--help");
    ck_assert(r->status == 0 && strstr(r->out, "regen"));
    r = cli((const char *const[]){ NULL });
    ck_assert_int_eq(r->status, 2);
}
END_TEST

/* DS 4440's numbers: 10, 6, 3.6, 2.16. */
START_TEST(run_csv)
{
    cli_result *r = CLI("run", "gd", "square", "eta=0.2", "x0=10", "--steps", "3");
    ck_assert_int_eq(r->status, 0);
    ck_assert_msg(strncmp(r->out, "t,x[0],eta,g[0],f\n", 18) == 0, "header: %s", r->out);
    ck_assert_int_eq(count_lines(r->out), 5);
    const char *row3 = strstr(r->out, "\n3,");
    ck_assert(row3 != NULL);
    ck_assert_ulp(strtod(row3 + 3, NULL), 2.16, 2, "t=3 x[0]");
    r = CLI("run", "adam", "rosenbrock", "--steps", "2", "--precision", "mpfr:200", "--format", "hex");
    ck_assert_int_eq(r->status, 0);
    ck_assert_msg(strstr(r->out, "t,x[0],x[1],m[0],m[1],v[0],v[1],b1t,b2t,eta,g[0],g[1],f\n0,"), "%.300s", r->out);
    const char *row2 = strstr(r->out, "\n2,");
    ck_assert(row2 && strstr(row2, "0x1.") && strstr(row2, "p+"));
}
END_TEST

static const struct {
    const char *args[12];
    const char *want;
} bad[] = {
    { { "run", "nosuch", "square" }, "unknown algorithm 'nosuch'" },
    { { "run", "gd", "nosuch" }, "unknown problem 'nosuch'" },
    { { "run", "gd", "square", "eta=abc" }, "malformed number 'abc' (argument 4)" },
    { { "run", "gd", "square", "eta=" }, "malformed number ''" },
    { { "run", "gd", "square", "eta=0.1x" }, "malformed number '0.1x'" },
    { { "run", "gd", "square", "eta=nan" }, "out of range" },
    { { "run", "gd", "square", "eta=-1" }, "out of range" },
    { { "run", "gd", "square" }, "missing hyper-parameter eta" },
    { { "run", "gd", "square", "eta=0.1", "--steps" }, "--steps needs a value" },
    { { "run", "gd", "square", "eta=0.1", "--steps", "-3" }, "not a whole number" },
    { { "run", "gd", "square", "eta=0.1", "--steps", "1e3" }, "not a whole number" },
    { { "run", "gd", "square", "eta=0.1", "--precision", "mpfr:10" }, "--precision" },
    { { "run", "gd", "square", "eta=0.1", "--precision", "single" }, "--precision" },
    { { "run", "gd", "square", "eta=0.1", "--format", "oct" }, "--format" },
    { { "run", "gd", "square", "eta=0.1", "--frobnicate" }, "unknown option '--frobnicate'" },
    { { "run", "gd", "square", "eta=0.1", "x0=1,2" }, "x0: problem square has 1 coordinate" },
    { { "run", "gd", "quad-0.1-2", "eta=0.1", "x0=1" }, "2 coordinates, 1 given" },
    { { "run", "gd", "square", "eta=0.1", "x0=inf" }, "must be finite" },
    { { "run", "gd", "square", "eta=0.1", "foo=1" }, "unknown hyper-parameter 'foo'" },
    { { "run", "gd", "square", "eta" }, "expected name=value" },
    { { "run", "nesterov", "quad-0.1-2", "--variant", "ux", "alpha=0.1" }, "not used by variant ux" },
    { { "run", "gd", "square", "eta=0.1", "--variant", "nope" }, "unknown variant 'nope'" },
    { { "run", "gd", "square", "eta=0.1", "lo=1", "hi=0" }, "empty box: lo > hi" },
    { { "run", "adam", "square", "beta1=1" }, "beta1 = 1 is out of range" },
    { { "run", "gd", "square", "eta=0.1", "schedule=nosuch" }, "unknown schedule 'nosuch'" },
    { { "run", "gd", "square", "eta=0.1", "schedule=invsqrt:c=-1" }, "invsqrt: c = -1 is out of range" },
    { { "run", "gd", "square", "eta=0.1", "schedule=invsqrt:d=1" }, "invsqrt: unknown parameter 'd'" },
    { { "run", "adadelta", "square", "schedule=invsqrt" }, "adadelta standard has no step size to schedule" },
    { { "run", "gd", "quad:a=1,2,x0=1", "eta=0.1" }, "x0 has 1 values, the problem has dimension 2" },
    { { "run", "gd", "quad:b=1", "eta=0.1" }, "quad:b=1: unknown parameter 'b'" },
    { { "run", "gd" }, "missing PROBLEM" },
    { { "list", "extra" }, "unexpected argument 'extra'" },
    { { "bogus" }, "unknown command 'bogus'" },
    { { "regen", "--spec", "/nonexistent/cases.in" }, "/nonexistent/cases.in" },
    { { "regen", "--spec" }, "--spec needs a value" },
    { { "regen", "--bogus" }, "unknown argument '--bogus'" },
};

/* Under valgrind (OPTREF_VALGRIND) the loops of bad inputs run every third
 * entry: each entry is one traced optref process (~0.5 s), and the plain and
 * ASan/UBSan runs check every entry. */
static int valgrind_skips(int i) { return getenv("OPTREF_VALGRIND") && i % 3 != 0; }

START_TEST(bad_input)
{
    if (valgrind_skips(_i))
        return;
    expect_usage_error(cli(bad[_i].args), _i, bad[_i].want, NULL);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert(f != NULL);
    fputs(text, f);
    fclose(f);
}

/* A spec file with errors: the message names file and line. */
START_TEST(spec_errors_name_file_and_line)
{
    char dir[] = "/tmp/optref-specXXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/cases.in", dir);
    const struct {
        const char *text, *want;
    } specs[] = {
        { "# c\nok gd standard square 3 eta=0.1\nbad adamx standard square 3\n", ":3: unknown algorithm 'adamx'" },
        { "a gd standard square 3x eta=0.1\n", ":1: steps: '3x'" },
        { "a gd standard square 3 eta=0.1\na gd standard square 3 eta=0.2\n", ":2: case 'a' already defined on line 1" },
        { "a gd standard square\n", ":1: expected: name algorithm" },
        { "a/b gd standard square 3 eta=0.1\n", ":1: case name 'a/b'" },
        { "a gd standard square 3 eta=0.1 x0=1,2\n", ":1: x0: problem square has 1 coordinate" },
        { "a gd fancy square 3 eta=0.1\n", ":1: unknown variant 'fancy'" },
        { "a gd standard square 3 eta=0.1 every=0\n", ":1: every: '0' is not a whole number" },
        { "a gd standard quad-0.1-2 3 eta=0.1 coords=0:5\n", ":1: coords=0:5: need 0 <= START < STOP <= 2" },
        { "a gd standard quad-0.1-2 3 eta=0.1 coords=1,0\n", ":1: coords=1,0: '0' is not an increasing coordinate" },
        { "a gd standard quad-0.1-2 3 eta=0.1 coords=\n", ":1: coords=: give START:STOP[:STRIDE]" },
        { "a gd standard square 3 eta=0.1 schedule=nosuch\n", ":1: unknown schedule 'nosuch'" },
        { "a adadelta standard square 3 schedule=invsqrt\n", ":1: schedule invsqrt: adadelta standard has no step size" },
        { "a gd standard quad:a=1,x 3 eta=0.1\n", ":1: quad:a=1,x: a: malformed number 'x'" },
        { "\x01\x02\xff\xfe binary junk\n", ":1: " },
    };
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        write_file(path, specs[k].text);
        expect_usage_error(CLI("regen", "--spec", path), (int)k, specs[k].want, path);
    }
    unlink(path);
    rmdir(dir);
}
END_TEST

/* regen never replaces a file that differs unless told to (--force), and
 * --compare reports a difference with exit status 1. */
START_TEST(regen_protects_files)
{
    char dir[] = "/tmp/optref-regenXXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char spec[256], out[256];
    snprintf(spec, sizeof spec, "%s/cases.in", dir);
    snprintf(out, sizeof out, "%s/one.out", dir);
    write_file(spec, "one gd standard square 3 eta=0.25 x0=1\n");
    write_file(out, "a user's own file\n");
    cli_result *r = CLI("regen", "--spec", spec, "--out", dir);
    ck_assert_msg(r->status == 2 && strstr(r->err, "exists and differs; nothing written (use --force)"), "%d %s",
                  r->status, r->err);
    FILE *f = fopen(out, "rb");
    char buf[64] = "";
    ck_assert(fgets(buf, sizeof buf, f) != NULL);
    fclose(f);
    ck_assert_str_eq(buf, "a user's own file\n");
    r = CLI("regen", "--spec", spec, "--compare", dir);
    ck_assert_int_eq(r->status, 1);
    ck_assert(strstr(r->out, "DIFFERS"));
    r = CLI("regen", "--spec", spec, "--out", dir, "--force");
    ck_assert_msg(r->status == 0, "%s", r->err);
    r = CLI("regen", "--spec", spec, "--compare", dir);
    ck_assert_msg(r->status == 0 && strstr(r->out, "identical"), "%s", r->out);
    /* x = 1 → 0.5 → 0.25 → 0.125: exact, so the file holds these hex values */
    f = fopen(out, "rb");
    static char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    ck_assert(strstr(text, "\n3 x[0] 0x1p-3 1.25000000000000000000000000000e-01\n"));
    unlink(out);
    unlink(spec);
    rmdir(dir);
}
END_TEST


/* verify: bad candidate files, each one line naming file, line and column. */
static const struct {
    const char *text, *want;
} bad_candidates[] = {
    { "", ": empty file" },
    { "t,x[0]\n0,-5\n", ":1: missing column x[1]" },
    { "t,x[0],x[1],foo\n", ":1:4: unknown column 'foo'" },
    { "t,x[0],x[1],x[0]\n", ":1:4: column 'x[0]' appears twice" },
    { "t,x[0],x[1],x[2]\n", ":1:4: column 'x[2]': x has 2 values in case quad-adam-eta0.1" },
    { "t,x[0],x[1],m[0]\n", ":1: missing column m[1]" },
    { "x[0],x[1]\n", ":1: no column 't'" },
    { "t,x[0],x[1]\n0,-5,-2\n1,abc,-1.9\n", ":3:2: malformed number 'abc'" },
    { "t,x[0],x[1]\n0,-5,-2\n1,0x1.8p,-1.9\n", ":3:2: malformed number '0x1.8p'" },
    { "t,x[0],x[1]\n0,-5,-2\n1,-4.9\n", ":3: 2 fields, the header has 3" },
    { "t,x[0],x[1]\n0,-5,-2\n1,-4.9,-1.9,7\n", ":3: 4 fields, the header has 3" },
    { "t,x[0],x[1]\n0,-5,-2\n1,,-1.9\n", ":3:2: empty field" },
    { "t,x[0],x[1]\n0,-5,-2\n2,-4.9,-1.9\n", ":3:1: step t=2 out of order or missing: expected t=1" },
    { "t,x[0],x[1]\n1,-5,-2\n", ":2:1: step t=1 out of order or missing: expected t=0" },
    { "t,x[0],x[1]\n0,-5,-2\n1.5,-4.9,-1.9\n", ":3:1: step '1.5' is not a whole number" },
    { "t,x[0],x[1]\n0,-5,-2\n1,-4.9,-1.9\n", ":3: the file ends at t=1, 20 steps are judged (the case's steps: 20" },
    { "t,x[0],x[1]\n", ":1: no rows after the header" },
    { "t,x[0],x[1]\n0,nan(,-2\n", ":2:2: malformed number 'nan('" },
    { "t,x[0],x[1]\n0,-5,-2\n\n", ":3: empty line" },
    { "t,x[0],x[1]\n0,-5,\0\x01\x02junk\n", ":2:6: NUL byte" },
};

START_TEST(verify_bad_candidate)
{
    if (valgrind_skips(_i))
        return;
    char dir[] = "/tmp/optref-candXXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/cand.csv", dir);
    FILE *f = fopen(path, "wb");
    /* the texts may hold NUL bytes: write up to the documented end */
    const char *t = bad_candidates[_i].text;
    size_t len = strlen(t);
    if (strstr(bad_candidates[_i].want, "NUL"))
        len = 17 + 8; /* "t,x[0],x[1]\n0,-5," then "\0\x01\x02junk\n" */
    fwrite(t, 1, len, f);
    fclose(f);
    expect_usage_error(CLI("verify", "quad-adam-eta0.1", path), _i, bad_candidates[_i].want, path);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* A line of a megabyte, and a file of binary junk. */
START_TEST(verify_huge_line_and_junk)
{
    char dir[] = "/tmp/optref-candXXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/cand.csv", dir);
    FILE *f = fopen(path, "wb");
    fputs("t,x[0],x[1]\n0,-5,", f);
    for (int i = 0; i < (1 << 20); i++)
        fputc('9', f);
    fputs("\n", f);
    fclose(f);
    cli_result *r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 2 && strstr(r->err, ":2: line longer than the limit of 1048576 bytes (1 MiB)"),
                  "%.500s", r->err);
    f = fopen(path, "wb");
    for (int i = 0; i < 4096; i++)
        fputc((i * 7919) % 251 + 1, f);
    fclose(f);
    r = CLI("verify", "quad-adam-eta0.1", path);
    ck_assert_msg(r->status == 2 && count_lines(r->err) == 1 && strstr(r->err, path), "%.500s", r->err);
    unlink(path);
    rmdir(dir);
}
END_TEST

static const struct {
    const char *args[10];
    const char *want;
} bad_verify_args[] = {
    { { "verify" }, "missing CASE" },
    { { "verify", "quad-adam-eta0.1" }, "missing CANDIDATE.csv" },
    { { "verify", "no-such-case", "/dev/null" }, "unknown case 'no-such-case'" },
    { { "verify", "quad-adam-eta0.1", "/nonexistent.csv" }, "/nonexistent.csv: No such file" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--dtype", "f8" }, "--dtype: 'f8'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--mode", "fast" }, "--mode: 'fast'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--tolerance", "-1" }, "--tolerance: '-1'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--tolerance", "nan" }, "--tolerance: 'nan'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--steps", "x" }, "--steps: 'x'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--max-failures", "21" }, "--max-failures: '21'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--tolerances", "/nonexistent" }, "/nonexistent" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "--bogus" }, "unknown option '--bogus'" },
    { { "verify", "quad-adam-eta0.1", "/dev/null", "extra" }, "unexpected argument 'extra'" },
};

START_TEST(verify_bad_arguments)
{
    if (valgrind_skips(_i))
        return;
    expect_usage_error(cli(bad_verify_args[_i].args), _i, bad_verify_args[_i].want, NULL);
}
END_TEST

/* golden/TOLERANCES: it parses, every non-zero budget has its reason, and
 * every algorithm has both kinds of budget for every format, over the longest
 * golden case it has. */
START_TEST(tolerances_cover_every_case)
{
    char path[4096], spec[4096], err[1024];
    snprintf(path, sizeof path, "%s/golden/TOLERANCES", tu_srcdir());
    snprintf(spec, sizeof spec, "%s/golden/cases.in", tu_srcdir());
    optref_case *cases;
    size_t n;
    ck_assert_msg(optref_cases_read(spec, &cases, &n, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    const char *fmts[] = { "f64", "f32", "bf16", "f16" };
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < 4; f++)
            for (int m = 0; m < 2; m++) {
                double u;
                ck_assert_msg(optref_tolerance_lookup(path, &cases[i], fmts[f], m, cases[i].steps, &u, err,
                                                      sizeof err) == OPTREF_SUCCESS, "%s", err);
                ck_assert(u > 0 && u < 1e6);
            }
    optref_cases_free(cases, n);
    /* a budget without its reason is refused */
    char dir[] = "/tmp/optref-tolXXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char tp[256];
    snprintf(tp, sizeof tp, "%s/TOLERANCES", dir);
    FILE *fp = fopen(tp, "w");
    fputs("adam * f64 trajectory 100 64\n", fp);
    fclose(fp);
    optref_case c;
    memset(&c, 0, sizeof c);
    c.s = tu_setup("adam", NULL, "square", NULL);
    double u;
    ck_assert(optref_tolerance_lookup(tp, &c, "f64", 0, 20, &u, err, sizeof err) == OPTREF_EFORMAT);
    ck_assert_msg(strstr(err, ":1: a non-zero budget needs its reason"), "%s", err);
    unlink(tp);
    rmdir(dir);
}
END_TEST

/* "ALG.q" rows: q's own budget wins over the algorithm's at the same horizon,
 * the smallest horizon first; other quantities and other algorithms keep theirs. */
static double qbudget(const char *rows, const char *q, long steps, optref_status want)
{
    char dir[] = "/tmp/optref-tolqXXXXXX", tp[256], err[1024];
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(tp, sizeof tp, "%s/TOLERANCES", dir);
    FILE *fp = fopen(tp, "w");
    fputs(rows, fp);
    fclose(fp);
    optref_case c = { .s = tu_setup("adam", NULL, "square", NULL) };
    double u = -1;
    ck_assert_msg(optref_tolerance_lookup_q(tp, &c, "f32", 1, steps, q, &u, err, sizeof err) == want, "%s", err);
    unlink(tp);
    rmdir(dir);
    return u;
}

START_TEST(tolerances_per_quantity)
{
    const char *rows = "adam * * onestep 100 128 wide: x's cancellation\n"
                       "adam.v * * onestep 100 8 v's own\n"
                       "adam.v * f64 onestep 100 2 not this format\n"
                       "adam.v * * onestep 50 4 a shorter horizon\n"
                       "adamw.v * * onestep 10 1 another algorithm\n";
    ck_assert(qbudget(rows, "v", 20, OPTREF_SUCCESS) == 4);   /* smallest horizon >= 20 */
    ck_assert(qbudget(rows, "v", 60, OPTREF_SUCCESS) == 8);   /* own row beats the algorithm's at 100 */
    ck_assert(qbudget(rows, "m", 60, OPTREF_SUCCESS) == 128); /* no row of its own */
    ck_assert(qbudget(rows, NULL, 20, OPTREF_SUCCESS) == 128); /* the algorithm's */
    ck_assert(qbudget("adam. * * onestep 100 8 empty quantity\n", "v", 1, OPTREF_EFORMAT) == -1);
    ck_assert(qbudget("adam.v * * onestep 100 8 only v\n", "m", 1, OPTREF_EUNKNOWN) == -1);
}
END_TEST


/* ---- issue 12: inputs kept, outputs safe, one number convention ---------- */

static char *slurp(const char *path)
{
    static char text[1 << 16];
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* A directory with a 3-step spec and its exact candidate. */
static void verify_fixture(char *dir, char *spec, char *good, size_t len)
{
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(spec, len, "%s/case.in", dir);
    snprintf(good, len, "%s/good.csv", dir);
    write_file(spec, "one gd standard square 3 eta=0.25 x0=1\n");
    write_file(good, "t,x[0]\n0,1\n1,0.5\n2,0.25\n3,0.125\n");
}

static void rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert(system(cmd) == 0);
}

/* --steps N judges the first N steps of a longer file, as doc/verify.md says. */
START_TEST(verify_steps_judges_first_n)
{
    char dir[] = "/tmp/optref-stepsXXXXXX", spec[256], good[256];
    verify_fixture(dir, spec, good, sizeof spec);
    cli_result *r = CLI("verify", spec, good, "--steps", "2");
    ck_assert_msg(r->status == 0 && strstr(r->out, "PASS") && strstr(r->out, ": 3 rows within the rounding bound"),
                  "%d %s %s", r->status, r->out, r->err);
    r = CLI("verify", spec, good);
    ck_assert_msg(r->status == 0 && strstr(r->out, ": 4 rows within the rounding bound"), "%s", r->err);
    rm_rf(dir);
}
END_TEST

/* "-" is standard input, for the candidate and for a spec. */
START_TEST(dash_is_standard_input)
{
    char dir[] = "/tmp/optref-stdinXXXXXX", spec[256], good[256];
    verify_fixture(dir, spec, good, sizeof spec);
    cli_stdin = good;
    cli_result *r = CLI("verify", spec, "-");
    ck_assert_msg(r->status == 0 && strstr(r->out, "PASS: <stdin>"), "%d %s %s", r->status, r->out, r->err);
    write_file(good, "t,x[0]\n0,1\n1,abc\n");
    r = CLI("verify", spec, "-");
    ck_assert_msg(r->status == 2 && strstr(r->err, "<stdin>:3:2: malformed number 'abc'"), "%s", r->err);
    cli_stdin = spec;
    r = CLI("regen", "--spec", "-");
    ck_assert_msg(r->status == 0 && strstr(r->out, "one "), "%d %s", r->status, r->err);
    cli_stdin = NULL;
    rm_rf(dir);
}
END_TEST

/* --json: an error report on bad input too; replaced only with --force,
 * through a temporary file renamed into place (none left behind). */
START_TEST(verify_json_reports_and_replaces_safely)
{
    char dir[] = "/tmp/optref-jsonXXXXXX", spec[256], good[256], json[256], bad[256];
    verify_fixture(dir, spec, good, sizeof spec);
    snprintf(json, sizeof json, "%s/report.json", dir);
    snprintf(bad, sizeof bad, "%s/bad.csv", dir);
    write_file(bad, "t,x[0]\n0,1\n1,zz\n");
    cli_result *r = CLI("verify", spec, bad, "--json", json);
    ck_assert_msg(r->status == 2 && count_lines(r->err) == 1, "%d %s", r->status, r->err);
    const char *text = slurp(json);
    ck_assert_msg(strstr(text, "\"verdict\": \"ERROR\"") && strstr(text, "bad.csv:3:2: malformed number 'zz'") &&
                  strstr(text, "\"exit_status\": 2"), "%s", text);
    r = CLI("verify", spec, good, "--json", json);
    ck_assert_msg(r->status == 2 && strstr(r->err, "exists; not replaced (use --force)"), "%s", r->err);
    ck_assert(strstr(slurp(json), "ERROR"));
    r = CLI("verify", spec, good, "--json", json, "--force");
    ck_assert_msg(r->status == 0, "%s", r->err);
    ck_assert(strstr(slurp(json), "\"verdict\": \"PASS\""));
    ck_assert(strstr(slurp(good), "0,1\n1,0.5\n")); /* the candidate is untouched */
    r = CLI("verify", spec, good, "--json", good, "--force");
    ck_assert_msg(r->status == 2 && strstr(r->err, "that is an input"), "%s", r->err);
    ck_assert_str_eq(slurp(good), "t,x[0]\n0,1\n1,0.5\n2,0.25\n3,0.125\n");
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)))
        files += e->d_name[0] != '.';
    closedir(d);
    ck_assert_int_eq(files, 4); /* case.in good.csv bad.csv report.json: no temporary left */
    rm_rf(dir);
}
END_TEST

/* bf16 Adam: β2 = 0.999 rounds to 1, 1 − β2^t = 0, the truth is NaN; an
 * all-NaN candidate matches it, and verify says so loudly. */
START_TEST(verify_degenerate_truth_is_loud)
{
    char dir[] = "/tmp/optref-degXXXXXX", spec[256], cand[256];
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(spec, sizeof spec, "%s/deg.in", dir);
    snprintf(cand, sizeof cand, "%s/deg.csv", dir);
    write_file(spec, "deg adam standard square 3 alpha=0.1\n");
    cli_result *r = CLI("run", "adam", "square", "alpha=0.1", "--steps", "3", "--precision", "bf16");
    ck_assert_int_eq(r->status, 0);
    write_file(cand, r->out);
    r = CLI("verify", spec, cand, "--dtype", "bf16", "--quiet");
    ck_assert_msg(r->status == 0, "%s", r->err);
    ck_assert_msg(strstr(r->err, "WARNING: ") && strstr(r->err, "NaN in bf16, the first at t=1 x[0]") &&
                  strstr(r->err, "case deg is degenerate in bf16"), "%s", r->err);
    ck_assert_msg(strstr(r->out, "PASS") && strstr(r->out, "DEGENERATE"), "%s", r->out);
    r = CLI("verify", spec, cand, "--dtype", "f64"); /* in f64 it is not degenerate: NaN is a failure */
    ck_assert_msg(r->status == 1 && strstr(r->out, "\nFAIL: ") && strstr(r->out, "got nan (nan)"), "%s%s", r->out,
                  r->err);
    rm_rf(dir);
}
END_TEST

/* One convention for printed numbers: double and --precision f64 give the
 * same bytes (the bit-exact mode), subnormals included; hex always 0x1.… */
START_TEST(run_one_number_convention)
{
    static char a[1 << 16];
    const char *fmts[] = { "dec", "hex" };
    for (int k = 0; k < 2; k++) {
        cli_result *r = CLI("run", "gd", "square", "eta=0.25", "x0=1e-300", "--steps", "40", "--format", fmts[k]);
        ck_assert_int_eq(r->status, 0);
        strcpy(a, r->out);
        r = CLI("run", "gd", "square", "eta=0.25", "x0=1e-300", "--steps", "40", "--format", fmts[k], "--precision",
                "f64");
        ck_assert_int_eq(r->status, 0);
        ck_assert_msg(strcmp(a, r->out) == 0, "%s: double and f64 print differently:\n%.300s\n%.300s", fmts[k], a,
                      r->out);
    }
    ck_assert_msg(strstr(a, "\n40,0x1.56e1fc2f88p-1037,"), "subnormal not 0x1.…: %.2000s", a);
    cli_result *r = CLI("run", "gd", "square", "eta=0.2", "x0=10", "--steps", "1", "--precision", "mpfr:53");
    ck_assert_msg(strstr(r->out, "\n1,6,0.20000000000000001,20,36\n"), "%s", r->out);
    r = CLI("run", "gd", "square", "eta=0.2", "x0=10", "--steps", "1", "--precision", "mpfr:80", "--format", "hex");
    ck_assert_msg(strstr(r->out, "\n0,0x1.4p+3,nan,nan,0x1.9p+6\n"), "%s", r->out);
    r = CLI("run", "--help");
    ck_assert(strstr(r->out, "f64 is the mode where MPFR at 53 bits") && strstr(r->out, "bit-exact"));
}
END_TEST

/* regen and verify read optref's own golden/cases.in whatever the current
 * directory, and a file there does not shadow a case name. */
START_TEST(location_independent)
{
    char dir[] = "/tmp/optref-cwdXXXXXX", cwd[4096], path[4200], out[4200];
    ck_assert(mkdtemp(dir) != NULL && getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/golden", dir);
    ck_assert(mkdir(path, 0777) == 0);
    snprintf(path, sizeof path, "%s/golden/cases.in", dir);
    write_file(path, "square-gd-eta0.2 gd standard square 1 eta=0.9\n");
    snprintf(path, sizeof path, "%s/square-gd-eta0.2", dir);
    write_file(path, "not a spec\n");
    snprintf(out, sizeof out, "%s/golden/out", tu_srcdir());
    ck_assert(chdir(dir) == 0);
    cli_result *r = CLI("regen", "--case", "square-gd-eta0.2", "--compare", out);
    int st = r->status;
    ck_assert(chdir(cwd) == 0);
    ck_assert_msg(st == 0 && strstr(r->out, "identical"), "%d %s %s", st, r->out, r->err);
    rm_rf(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("commands");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, list_names_everything);
    tcase_add_test(tc, help_everywhere);
    tcase_add_test(tc, run_csv);
    tcase_add_loop_test(tc, bad_input, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, spec_errors_name_file_and_line);
    tcase_add_test(tc, regen_protects_files);
    tcase_add_loop_test(tc, verify_bad_candidate, 0, (int)(sizeof bad_candidates / sizeof bad_candidates[0]));
    tcase_add_test(tc, verify_huge_line_and_junk);
    tcase_add_loop_test(tc, verify_bad_arguments, 0, (int)(sizeof bad_verify_args / sizeof bad_verify_args[0]));
    tcase_add_test(tc, tolerances_cover_every_case);
    tcase_add_test(tc, tolerances_per_quantity);
    tcase_add_test(tc, verify_steps_judges_first_n);
    tcase_add_test(tc, dash_is_standard_input);
    tcase_add_test(tc, verify_json_reports_and_replaces_safely);
    tcase_add_test(tc, verify_degenerate_truth_is_loud);
    tcase_add_test(tc, run_one_number_convention);
    tcase_add_test(tc, location_independent);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
