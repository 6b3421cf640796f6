/* Suite badinput: the catalogue of bad inputs, every command and every
 * reader (argv items, problem and schedule specs, case specs, TOLERANCES,
 * candidate CSV, output paths).  Each case asserts exit status 2, one line on
 * stderr naming the input and the position (file:line[:column], or the
 * argument), nothing on stdout, and that no file of its directory changed.
 * "@D" in arguments and expectations is the case's directory, "@IN" its
 * input file (the case's text); it runs from @D. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clirun.h"
#include "testutil.h"

enum { NONE, LONG_LINE }; /* generated texts: 1.5 MiB with no newline, after the text */

typedef struct {
    const char *name;
    const char *text; /* @IN's content, or NULL: no @IN */
    size_t len;       /* 0: strlen(text); else the bytes (NULs) */
    int gen;
    const char *args[14];
    const char *want[2];
} bad_case;

#define SPEC(name, text, w1, w2) { name, text, 0, NONE, { "regen", "--spec", "@IN" }, { w1, w2 } }
#define TOL(name, text, w1) { name, text, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--tolerances", "@IN" }, { "@IN" w1, NULL } }
#define CSV(name, text, w1) { name, text, 0, NONE, { "verify", "@D/case.in", "@IN" }, { "@IN" w1, NULL } }

static const bad_case cat[] = {
    /* run: argv items and problem / schedule specs */
    { "run_unknown_algorithm", NULL, 0, NONE, { "run", "nosuch", "square" }, { "unknown algorithm 'nosuch' (argument 2)", NULL } },
    { "run_unknown_problem", NULL, 0, NONE, { "run", "gd", "nosuch" }, { "unknown problem 'nosuch'", "(argument 3)" } },
    { "run_malformed_number", NULL, 0, NONE, { "run", "gd", "square", "eta=abc" }, { "malformed number 'abc' (argument 4)", NULL } },
    { "run_range_stated", NULL, 0, NONE, { "run", "gd", "square", "eta=-1" }, { "eta = -1 is out of range: must be > 0", "(argument 4)" } },
    { "run_unit_range_stated", NULL, 0, NONE, { "run", "adam", "square", "beta1=1" }, { "must be in [0, 1)", "(argument 4)" } },
    { "run_underflow", NULL, 0, NONE, { "run", "gd", "square", "eta=1e-400" }, { "eta = 1e-400 underflows to 0", "(argument 4)" } },
    { "run_x0_underflow", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "x0=1e-999" }, { "underflows to 0", "(argument 5)" } },
    { "run_x0_infinite", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "x0=inf" }, { "must be finite (argument 5)", NULL } },
    { "run_item_twice", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "eta=0.2" }, { "eta given twice (arguments 4 and 5)", NULL } },
    { "run_x0_twice", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "x0=1", "x0=2" }, { "x0 given twice (arguments 5 and 6)", NULL } },
    { "run_unknown_item", NULL, 0, NONE, { "run", "gd", "square", "foo=1" }, { "unknown hyper-parameter 'foo'", "(argument 4)" } },
    { "run_missing_hp", NULL, 0, NONE, { "run", "gd", "square" }, { "missing hyper-parameter eta", "(for gd, argument 2)" } },
    { "run_steps_negative", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "--steps", "-3" }, { "from 0 to 100000000 (argument 6)", NULL } },
    { "run_precision", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "--precision", "mpfr:10" }, { "53 <= BITS", "(argument 6)" } },
    { "run_format", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "--format", "oct" }, { "neither dec nor hex (argument 6)", NULL } },
    { "run_unknown_option", NULL, 0, NONE, { "run", "gd", "square", "--frobnicate" }, { "unknown option '--frobnicate' (argument 4)", NULL } },
    { "run_unknown_variant", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "--variant", "nope" }, { "unknown variant 'nope' of gd (argument 6)", NULL } },
    { "problem_param_twice", NULL, 0, NONE, { "run", "gd", "quad:a=1,2,a=3", "eta=0.1" }, { "parameter a given twice", "(argument 3)" } },
    { "problem_underflow", NULL, 0, NONE, { "run", "gd", "quad:a=1e-400,2", "eta=0.1" }, { "a = 1e-400 underflows to 0", "(argument 3)" } },
    { "problem_unknown_param", NULL, 0, NONE, { "run", "gd", "quad:b=1", "eta=0.1" }, { "unknown parameter 'b'", "(argument 3)" } },
    { "problem_trailing_comma", NULL, 0, NONE, { "run", "gd", "quad:a=1,2,", "eta=0.1" }, { "trailing comma", "(argument 3)" } },
    { "problem_malformed", NULL, 0, NONE, { "run", "gd", "quad:a=1,x", "eta=0.1" }, { "malformed number 'x'", "(argument 3)" } },
    { "schedule_unknown", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "schedule=nosuch" }, { "unknown schedule 'nosuch'", "(argument 5)" } },
    { "schedule_range_stated", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "schedule=invsqrt:c=-1" }, { "c = -1 is out of range: must be >= 0", "(argument 5)" } },
    { "schedule_param_twice", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "schedule=invsqrt:c=1,c=2" }, { "parameter c given twice", "(argument 5)" } },
    { "schedule_unknown_param", NULL, 0, NONE, { "run", "gd", "square", "eta=0.1", "schedule=invsqrt:d=1" }, { "unknown parameter 'd'", "(argument 5)" } },
    /* case specs */
    { "spec_nul_mid_line", "a gd standard square 3 eta=0.1\0 x0=5\n", 37, NONE, { "regen", "--spec", "@IN" }, { "@IN:1:31: NUL byte", NULL } },
    SPEC("spec_bom_visible", "\xEF\xBB\xBF" "a gd standard square 3 eta=0.1\n", "@IN:1:1: invisible byte order mark \\xEF\\xBB\\xBF", NULL),
    SPEC("spec_control_byte_visible", "a\x01z gd standard square 3 eta=0.1\n", "@IN:1: case name 'a\\x01z'", NULL),
    SPEC("spec_unknown_algorithm", "# c\nok gd standard square 3 eta=0.1\nbad adamx standard square 3\n", "@IN:3: unknown algorithm 'adamx'", NULL),
    SPEC("spec_item_twice", "a gd standard square 3 eta=0.1 eta=0.2\n", "@IN:1: eta given twice (eta=0.1, then eta=0.2)", NULL),
    SPEC("spec_case_twice", "a gd standard square 3 eta=0.1\na gd standard square 3 eta=0.2\n", "@IN:2: case 'a' already defined on line 1", NULL),
    SPEC("spec_steps", "a gd standard square 3x eta=0.1\n", "@IN:1: steps: '3x' is not a whole number from 0 to 100000000", NULL),
    SPEC("spec_range_stated", "a gd standard square 3 eta=-1\n", "@IN:1: eta = -1 is out of range: must be > 0", NULL),
    SPEC("spec_underflow", "a gd standard square 3 eta=1e-999\n", "@IN:1: eta = 1e-999 underflows to 0", NULL),
    SPEC("spec_every", "a gd standard square 3 eta=0.1 every=0\n", "@IN:1: every: '0' is not a whole number from 1", NULL),
    SPEC("spec_coords", "a gd standard quad-0.1-2 3 eta=0.1 coords=0:5\n", "@IN:1: coords=0:5: need 0 <= START < STOP <= 2", NULL),
    SPEC("spec_short_line", "a gd standard square\n", "@IN:1: expected: name algorithm", NULL),
    SPEC("spec_x0_dimension", "a gd standard square 3 eta=0.1 x0=1,2\n", "@IN:1: x0: problem square has 1 coordinate", NULL),
    { "spec_long_line", "a gd standard square 3 eta=0.1 x0=", 0, LONG_LINE, { "regen", "--spec", "@IN" }, { "@IN:1: line longer than the limit of 1048576 bytes", NULL } },
    { "spec_missing_file", NULL, 0, NONE, { "regen", "--spec", "@D/nope.in" }, { "@D/nope.in: No such file", NULL } },
    { "verify_spec_bad", "a gd standard square 3 eta=0.1 eta=1\n", 0, NONE, { "verify", "a", "@D/good.csv", "--spec", "@IN" }, { "@IN:1: eta given twice", NULL } },
    /* TOLERANCES */
    TOL("tol_no_reason", "gd * * trajectory 100 4\n", ":1: a non-zero budget needs its reason"),
    TOL("tol_infinite", "gd * * trajectory 100 inf a reason\n", ":1: budget 'inf' is not a finite number of ULPs >= 0"),
    TOL("tol_nan", "# ok\ngd * * onestep 100 nan a reason\n", ":2: budget 'nan' is not a finite number"),
    TOL("tol_negative", "gd * * trajectory 100 -4 a reason\n", ":1: budget '-4' is not a finite number"),
    TOL("tol_horizon", "gd * * trajectory -5 4 a reason\n", ":1: horizon '-5' is not a whole number >= 1"),
    TOL("tol_mode", "gd * * sideways 100 4 a reason\n", ":1: mode 'sideways' is neither trajectory nor onestep"),
    TOL("tol_short", "gd *\n", ":1: expected: algorithm variant format mode horizon ulps reason"),
    { "tol_nul", "gd * * trajectory 100 4 a\0reason\n", 33, NONE, { "verify", "@D/case.in", "@D/good.csv", "--tolerances", "@IN" }, { "@IN:1:26: NUL byte", NULL } },
    TOL("tol_bom", "\xEF\xBB\xBF" "gd * * trajectory 100 4 a reason\n", ":1:1: invisible byte order mark"),
    TOL("tol_bad_line_not_matching", "adam * * trajectory 100 4\n", ":1: a non-zero budget needs its reason"),
    { "tol_long_line", "# ", 0, LONG_LINE, { "verify", "@D/case.in", "@D/good.csv", "--tolerances", "@IN" }, { "@IN:1: line longer than the limit", NULL } },
    { "tol_missing", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--tolerances", "@D/nope" }, { "@D/nope: No such file", NULL } },
    /* candidate CSV */
    CSV("csv_empty", "", ": empty file: expected a header line"),
    CSV("csv_bom", "\xEF\xBB\xBF" "t,x[0]\n0,1\n", ":1:1: invisible byte order mark \\xEF\\xBB\\xBF"),
    { "csv_nul", "t,x[0]\n0,\0" "1\n", 11, NONE, { "verify", "@D/case.in", "@IN" }, { "@IN:2:3: NUL byte", NULL } },
    { "csv_no_newline_bounded", "t,x[0]\n0,", 0, LONG_LINE, { "verify", "@D/case.in", "@IN" }, { "@IN:2: line longer than the limit of 1048576 bytes", NULL } },
    { "csv_dev_zero_bounded", NULL, 0, NONE, { "verify", "@D/case.in", "/dev/zero" }, { "/dev/zero:1: line longer than the limit", NULL } },
    CSV("csv_unknown_column", "t,y\n", ":1:2: unknown column 'y'"),
    CSV("csv_control_byte_visible", "t,x[0]\n0,1\x02\n", ":2:2: malformed number '1\\x02'"),
    CSV("csv_column_twice", "t,x[0],x[0]\n", ":1:3: column 'x[0]' appears twice"),
    CSV("csv_no_t", "x[0]\n", ":1: no column 't'"),
    CSV("csv_malformed", "t,x[0]\n0,1\n1,abc\n", ":3:2: malformed number 'abc'"),
    CSV("csv_underflow", "t,x[0]\n0,1\n1,1e-400\n", ":3:2: '1e-400' underflows to 0 in f64"),
    CSV("csv_fields", "t,x[0]\n0,1\n1\n", ":3: 1 fields, the header has 2"),
    CSV("csv_empty_field", "t,x[0]\n0,\n", ":2:2: empty field"),
    CSV("csv_step_order", "t,x[0]\n0,1\n2,0.5\n", ":3:1: step t=2 out of order or missing: expected t=1"),
    CSV("csv_step_fraction", "t,x[0]\n0,1\n0.5,0.5\n", ":3:1: step '0.5' is not a whole number"),
    CSV("csv_truncated", "t,x[0]\n0,1\n1,0.5\n", ":3: the file ends at t=1, 3 steps are judged (the case's steps: 3"),
    CSV("csv_longer_than_case", "t,x[0]\n0,1\n1,0.5\n2,0.25\n3,0.125\n4,0.0625\n", ":6: step t=4 beyond the 3 steps of case one (--steps N judges the first N"),
    CSV("csv_nan_trailing", "t,x[0]\n0,nanx\n", ":2:2: malformed number 'nanx'"),
    CSV("csv_inf_trailing", "t,x[0]\n0,1\n1,-infx\n", ":3:2: malformed number '-infx'"),
    CSV("csv_nan_payload_open", "t,x[0]\n0,nan(1\n", ":2:2: malformed number 'nan(1'"),
    CSV("csv_hex_no_exponent_digits", "t,x[0]\n0,0x1p\n", ":2:2: malformed number '0x1p'"),
    CSV("csv_overflow_f64", "t,x[0]\n0,1e400\n", ":2:2: '1e400' overflows f64 (beyond its largest finite value)"),
    CSV("csv_empty_line", "t,x[0]\n0,1\n\n", ":3: empty line"),
    CSV("csv_no_rows", "t,x[0]\n", ":1: no rows after the header"),
    { "csv_truncated_steps", "t,x[0]\n0,1\n1,0.5\n", 0, NONE, { "verify", "@D/case.in", "@IN", "--steps", "2" }, { "@IN:3: the file ends at t=1, 2 steps are judged (--steps 2", NULL } },
    { "csv_not_f32", "t,x[0]\n0,1\n1,0.50000001\n", 0, NONE, { "verify", "@D/case.in", "@IN", "--dtype", "f32" }, { "@IN:3:2: '0.50000001' is not a f32 value (nearest 0.5 = 0x1p-1)", NULL } },
    { "csv_f32_hex_not_f32", "t,x[0]\n0,1\n1,0x1.0000000001p-1\n", 0, NONE, { "verify", "@D/case.in", "@IN", "--dtype", "f32" }, { "@IN:3:2: '0x1.0000000001p-1' is not a f32 value", NULL } },
    { "csv_f16_overflow", "t,x[0]\n0,1e6\n", 0, NONE, { "verify", "@D/case.in", "@IN", "--dtype", "f16" }, { "@IN:2:2: '1e6' overflows f16", NULL } },
    { "csv_bf16_underflow", "t,x[0]\n0,1e-50\n", 0, NONE, { "verify", "@D/case.in", "@IN", "--dtype", "bf16" }, { "@IN:2:2: '1e-50' underflows to 0 in bf16", NULL } },
    { "csv_missing", NULL, 0, NONE, { "verify", "@D/case.in", "@D/nope.csv" }, { "@D/nope.csv: No such file", NULL } },
    /* verify's arguments and outputs */
    { "verify_order_bad", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--order", "left" }, { "--order: 'left' is none of any, flavor (argument 5)", NULL } },
    { "verify_hparams_bad", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--hparams", "given" }, { "--hparams: 'given' is none of either, format (argument 5)", NULL } },
    { "verify_contract_bad", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--contract", "yes" }, { "--contract: 'yes' is none of any, none, fma (argument 5)", NULL } },
    { "verify_json_over_candidate", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--json", "@D/good.csv" }, { "--json @D/good.csv: that is an input", NULL } },
    { "verify_json_over_candidate_force", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--json", "./good.csv", "--force" }, { "--json ./good.csv: that is an input", NULL } },
    { "verify_json_over_spec", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--json", "@D/case.in", "--force" }, { "--json @D/case.in: that is an input", NULL } },
    { "verify_json_exists", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--json", "@D/old.json" }, { "--json @D/old.json: exists; not replaced (use --force)", NULL } },
    { "verify_tolerance_infinite", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--tolerance", "inf" }, { "--tolerance: 'inf' is not a finite number of ULPs >= 0 (argument 5)", NULL } },
    { "verify_step_tolerance_negative", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--step-tolerance", "-1" }, { "--step-tolerance: '-1' is not a finite number", "(argument 5)" } },
    { "verify_file_does_not_shadow_case", NULL, 0, NONE, { "verify", "case.in", "good.csv" }, { "unknown case 'case.in'", "write ./case.in (argument 2)" } },
    { "verify_unknown_case", NULL, 0, NONE, { "verify", "no-such-case", "@D/good.csv" }, { "unknown case 'no-such-case'", "(argument 2)" } },
    { "verify_dtype", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--dtype", "f8" }, { "--dtype: 'f8' is none of f64, f32, bf16, f16", NULL } },
    { "verify_steps", NULL, 0, NONE, { "verify", "@D/case.in", "@D/good.csv", "--steps", "x" }, { "--steps: 'x' is not a whole number from 0 to 100000000 (argument 5)", NULL } },
    /* regen's outputs */
    { "regen_all_or_nothing", "a gd standard square 3 eta=0.25 x0=1\nb gd standard square 3 eta=0.25 x0=2\n", 0, NONE, { "regen", "--spec", "@IN", "--out", "@D" }, { "@D/b.out exists and differs; nothing written (use --force)", NULL } },
    { "regen_out_is_spec", "one gd standard square 3 eta=0.25 x0=1\n", 0, NONE, { "regen", "--spec", "@D/one.out", "--out", "@D", "--force" }, { "@D/one.out is the spec file; refusing to write over it", NULL } },
    { "regen_out_is_compare", NULL, 0, NONE, { "regen", "--spec", "@D/case.in", "--out", "@D", "--compare", "./" }, { "--out @D and --compare ./ are the same directory", NULL } },
    { "regen_unknown_case", NULL, 0, NONE, { "regen", "--spec", "@D/case.in", "--case", "nope" }, { "--case nope: no such case in @D/case.in", NULL } },
};

/* "@D" and "@IN" replaced. */
static void subst(char *dst, size_t len, const char *src, const char *dir)
{
    size_t o = 0;
    while (*src && o + 1 < len) {
        if (strncmp(src, "@IN", 3) == 0) {
            o += (size_t)snprintf(dst + o, len - o, "%s/in", dir);
            src += 3;
        } else if (strncmp(src, "@D", 2) == 0) {
            o += (size_t)snprintf(dst + o, len - o, "%s", dir);
            src += 2;
        } else
            dst[o++] = *src++;
    }
    dst[o < len ? o : len - 1] = '\0';
}

static void put(const char *dir, const char *name, const char *text, size_t len, int gen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert(f != NULL);
    fwrite(text, 1, len, f);
    for (long i = 0; gen == LONG_LINE && i < 3L << 19; i++)
        fputc('9', f);
    fclose(f);
}

/* A digest of every file in dir: names, sizes, contents (FNV-1a). */
static uint64_t digest(const char *dir)
{
    uint64_t h = 1469598103934665603ULL;
    DIR *d = opendir(dir);
    struct dirent *e;
    ck_assert(d != NULL);
    while ((e = readdir(d))) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        uint64_t hf = 1469598103934665603ULL;
        for (const char *p = e->d_name; *p; p++)
            hf = (hf ^ (unsigned char)*p) * 1099511628211ULL;
        FILE *f = fopen(path, "rb");
        int c;
        while (f && (c = getc(f)) != EOF)
            hf = (hf ^ (unsigned)c) * 1099511628211ULL;
        if (f)
            fclose(f);
        h += hf; /* order-independent */
    }
    closedir(d);
    return h;
}

static void fixture(const char *dir)
{
    const char *good = "t,x[0]\n0,1\n1,0.5\n2,0.25\n3,0.125\n";
    const char *spec = "one gd standard square 3 eta=0.25 x0=1\n";
    put(dir, "case.in", spec, strlen(spec), NONE);
    put(dir, "good.csv", good, strlen(good), NONE);
    put(dir, "old.json", "{}\n", 3, NONE);
    put(dir, "b.out", "a user's own file\n", 18, NONE);
}

START_TEST(catalogue)
{
    const bad_case *b = &cat[_i];
    char dir[] = "/tmp/optref-badXXXXXX", cwd[PATH_MAX];
    ck_assert(mkdtemp(dir) != NULL && getcwd(cwd, sizeof cwd) != NULL);
    fixture(dir);
    if (b->text)
        put(dir, strcmp(b->name, "regen_out_is_spec") == 0 ? "one.out" : "in", b->text,
            b->len ? b->len : strlen(b->text), b->gen);
    static char args[14][PATH_MAX];
    const char *argv[15] = { NULL };
    for (int k = 0; k < 14 && b->args[k]; k++) {
        subst(args[k], sizeof args[k], b->args[k], dir);
        argv[k] = args[k];
    }
    uint64_t before = digest(dir);
    ck_assert(chdir(dir) == 0);
    cli_result *r = cli(argv);
    ck_assert(chdir(cwd) == 0);
    ck_assert_msg(r->status == 2, "%s: exit %d: %.500s", b->name, r->status, r->err);
    ck_assert_msg(count_lines(r->err) == 1, "%s: stderr is not one line: %.500s", b->name, r->err);
    ck_assert_msg(r->out[0] == '\0' || strncmp(argv[0], "regen", 5) == 0, "%s: wrote to stdout: %.200s",
                  b->name, r->out);
    for (int k = 0; k < 2 && b->want[k]; k++) {
        char want[PATH_MAX];
        subst(want, sizeof want, b->want[k], dir);
        ck_assert_msg(strstr(r->err, want), "%s: '%.500s' lacks '%s'", b->name, r->err, want);
    }
    ck_assert_msg(digest(dir) == before, "%s: a file of %s changed", b->name, dir);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert(system(cmd) == 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("badinput");
    TCase *tc = tcase_create("catalogue");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, catalogue, 0, (int)(sizeof cat / sizeof cat[0]));
    suite_add_tcase(s, tc);
    return tu_main(s);
}
