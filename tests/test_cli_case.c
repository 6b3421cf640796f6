/* Suite cli (test_cli_case): `optref run --case NAME` and `optref verify
 * --case-spec LINE` (issue 11, "verify on the user's own problem").
 *
 * Expected values come from outside the code under test: the committed golden
 * files (golden/out/NAME.out, the exact trajectories rounded to binary64), the
 * cases' parameters typed here by hand, and an Adam written here from Kingma &
 * Ba's Algorithm 1 on the chained Rosenbrock function of Moré et al. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clirun.h"
#include "testutil.h"

static void expect_usage_error(const cli_result *r, const char *what, const char *want)
{
    ck_assert_msg(r->status == 2, "%s: exit %d: %.500s %.500s", what, r->status, r->err, r->out);
    ck_assert_msg(count_lines(r->err) == 1, "%s: stderr is not one line: %.500s", what, r->err);
    ck_assert_msg(strstr(r->err, want) != NULL, "%s: '%.500s' lacks '%s'", what, r->err, want);
    ck_assert_msg(r->out[0] == '\0', "%s: wrote to stdout", what);
}

/* ---- run --case against the golden files ----------------------------------- */

typedef struct {
    char name[64], alg[64], variant[64];
    long dim, steps, bits;
    char **col;   /* the golden's columns */
    size_t ncol;
} golden_hdr;

static void hdr_free(golden_hdr *h)
{
    for (size_t k = 0; k < h->ncol; k++)
        free(h->col[k]);
    free(h->col);
}

/* The header of a golden file; returns the stream positioned after end-header. */
static FILE *golden_open(const char *path, golden_hdr *h)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s", path);
    char line[1 << 16];
    memset(h, 0, sizeof *h);
    while (fgets(line, sizeof line, f) && strncmp(line, "end-header", 10) != 0) {
        if (sscanf(line, "case %63s", h->name) == 1 || sscanf(line, "algorithm %63s", h->alg) == 1 ||
            sscanf(line, "variant %63s", h->variant) == 1 || sscanf(line, "dim %ld", &h->dim) == 1 ||
            sscanf(line, "steps %ld", &h->steps) == 1 || sscanf(line, "confirmed-at %ld", &h->bits) == 1)
            continue;
        if (strncmp(line, "columns ", 8) == 0)
            for (char *save, *p = strtok_r(line + 8, " \n", &save); p; p = strtok_r(NULL, " \n", &save)) {
                h->col = realloc(h->col, (h->ncol + 1) * sizeof *h->col);
                h->col[h->ncol++] = strdup(p);
            }
    }
    ck_assert_msg(*h->name && h->steps > 0 && h->bits >= 53 && h->ncol > 0, "%s: header", path);
    return f;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

/* The columns of run's CSV header that hold each golden column. */
static size_t *map_columns(const golden_hdr *h, char *csvhead, size_t *ncsv)
{
    char *names[4096];
    size_t n = 0;
    for (char *save, *p = strtok_r(csvhead, ",\n", &save); p && n < 4096; p = strtok_r(NULL, ",\n", &save))
        names[n++] = p;
    size_t *map = malloc(h->ncol * sizeof *map);
    for (size_t k = 0; k < h->ncol; k++) {
        size_t j = 0;
        while (j < n && strcmp(names[j], h->col[k]) != 0)
            j++;
        ck_assert_msg(j < n, "%s: run has no column %s", h->name, h->col[k]);
        map[k] = j;
    }
    *ncsv = n;
    return map;
}

/* Compares run --case NAME at the golden's confirming precision, every value
 * read back to binary64, with every record of the golden file. */
static long compare_case(const char *path)
{
    golden_hdr h;
    FILE *g = golden_open(path, &h);
    char cmd[1024], *row = malloc(1 << 22), rec[4096];
    snprintf(cmd, sizeof cmd, "'%s' run --case %s --precision mpfr:%ld", getenv("OPTREF_EXE"), h.name, h.bits);
    FILE *p = popen(cmd, "r");
    ck_assert(p && row && fgets(row, 1 << 22, p));
    size_t ncsv, *map = map_columns(&h, row, &ncsv);
    double *vals = malloc(ncsv * sizeof *vals);
    long t = -1, records = 0, rows = 0;
    while (fgets(rec, sizeof rec, g)) {
        long rt;
        char q[64], hex[64];
        ck_assert_msg(sscanf(rec, "%ld %63s %63s", &rt, q, hex) == 3, "%s: record '%s'", path, rec);
        while (t < rt) { /* the run's row rt */
            ck_assert_msg(fgets(row, 1 << 22, p) != NULL, "%s: run ends before t=%ld", h.name, rt);
            char *save, *f = strtok_r(row, ",\n", &save);
            ck_assert_msg(f && strtol(f, NULL, 10) == t + 1, "%s: row %ld is '%.40s'", h.name, t + 1, f);
            for (size_t j = 0; j < ncsv; j++)
                vals[j] = (f = strtok_r(NULL, ",\n", &save)) ? strtod(f, NULL) : NAN;
            t++, rows++;
        }
        size_t k = 0;
        while (k < h.ncol && strcmp(h.col[k], q) != 0)
            k++;
        ck_assert_msg(k < h.ncol, "%s: record of %s", path, q);
        double want = strtod(hex, NULL), got = vals[map[k] - 1];
        ck_assert_msg(same_double(got, want), "%s: t=%ld %s: run --case gives %a, the golden file %a", h.name, rt,
                      q, got, want);
        records++;
    }
    ck_assert_msg(!fgets(row, 1 << 22, p), "%s: run has rows beyond t=%ld", h.name, t);
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_msg(rows == h.steps + 1, "%s: %ld rows, %ld steps", h.name, rows, h.steps);
    fclose(g);
    free(map);
    free(vals);
    free(row);
    hdr_free(&h);
    return records;
}

/* Whether an algorithm and variant was already compared (under valgrind, one
 * case of each: every optref process is traced, ~1.5 s each; the ASan/UBSan
 * and plain runs compare them all). */
static int seen_variant(char (*seen)[130], size_t *nseen, const golden_hdr *h)
{
    char key[130];
    snprintf(key, sizeof key, "%s %s", h->alg, h->variant);
    for (size_t k = 0; k < *nseen; k++)
        if (strcmp(seen[k], key) == 0)
            return 1;
    snprintf(seen[(*nseen)++], sizeof seen[0], "%s", key);
    return 0;
}

/* Every small case of golden/cases.in (dimension <= 10, every step and
 * coordinate recorded): run --case equals its committed golden file. */
START_TEST(run_case_equals_golden)
{
    char dir[4096], path[8192];
    snprintf(dir, sizeof dir, "%s/golden/out", tu_srcdir());
    DIR *d = opendir(dir);
    ck_assert(d != NULL);
    int one_each = getenv("OPTREF_VALGRIND") != NULL;
    long cases = 0, records = 0, files = 0;
    for (struct dirent *e; (e = readdir(d));)
        files++;
    rewinddir(d);
    char(*seen)[130] = calloc((size_t)files + 1, sizeof *seen);
    size_t nseen = 0;
    ck_assert(seen != NULL);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".out") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        golden_hdr h;
        FILE *g = golden_open(path, &h);
        fclose(g);
        long small = h.dim <= 10 && h.dim * h.steps <= 2000;
        int skip = !small || (one_each && seen_variant(seen, &nseen, &h));
        hdr_free(&h);
        if (skip)
            continue;
        records += compare_case(path);
        cases++;
    }
    closedir(d);
    free(seen);
    if (one_each)
        ck_assert_msg(cases >= 20 && records > 1000, "only %ld cases, %ld records compared", cases, records);
    else
        ck_assert_msg(cases >= 40 && records > 10000, "only %ld cases, %ld records compared", cases, records);
}
END_TEST

/* The double run of a case is the run of its spec typed by hand, byte for
 * byte (cases.in: algorithm, variant, problem, hyper-parameters, schedule,
 * x0, steps); --steps N cuts it after N steps. */
START_TEST(run_case_is_its_spec)
{
    static const char *const pairs[][12] = {
        { "quad-adam-eta0.1", "adam", "quad-0.1-2", "alpha=0.1", "beta1=0.9", "beta2=0.999", "eps=1e-8",
          "--steps", "20" },
        { "quad-gd-invsqrt", "gd", "quad-0.1-2", "eta=0.4", "schedule=invsqrt:c=1", "--steps", "20" },
        { "square-gd-eta0.05", "gd", "square", "eta=0.05", "x0=10", "--steps", "20" },
        { "quad3-newton-pivot", "newton", "quadratic:A=1,2,0,2,5,1,0,1,3,b=1,-2,0.5,x0=1,1,1", "eta=0.7",
          "--steps", "20" },
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        cli_result *r = CLI("run", "--case", pairs[k][0], "--format", "hex");
        ck_assert_msg(r->status == 0, "%s: %s", pairs[k][0], r->err);
        ck_assert_int_eq(count_lines(r->out), 22);
        char *want = strdup(r->out);
        const char *args[16] = { "run" };
        size_t n = 1;
        for (size_t j = 1; pairs[k][j]; j++)
            args[n++] = pairs[k][j];
        args[n++] = "--format";
        args[n++] = "hex";
        r = cli(args);
        ck_assert_msg(r->status == 0 && strcmp(r->out, want) == 0, "%s differs from its spec:\n%.300s\n%.300s",
                      pairs[k][0], want, r->out);
        r = CLI("run", "--case", pairs[k][0], "--format", "hex", "--steps", "3");
        ck_assert_int_eq(count_lines(r->out), 5);
        ck_assert(strncmp(r->out, want, strlen(r->out)) == 0);
        free(want);
    }
}
END_TEST

static const struct {
    const char *args[10];
    const char *want;
} bad[] = {
    { { "run", "--case", "nosuch" }, "--case: unknown case 'nosuch'" },
    { { "run", "--case" }, "--case needs a value" },
    { { "run", "--case", "quad-adam-eta0.1", "gd" }, "unexpected argument 'gd' (argument 4)" },
    { { "run", "adam", "--case", "quad-adam-eta0.1" }, "unexpected argument 'adam' (argument 2)" },
    { { "run", "--case", "quad-adam-eta0.1", "alpha=0.2" }, "unexpected argument 'alpha=0.2'" },
    { { "run", "--case", "quad-adam-eta0.1", "--variant", "simplified" }, "--variant simplified (argument 5)" },
    { { "run", "--spec", "/nonexistent/cases.in" }, "give --case NAME too" },
    { { "run", "--case", "x", "--spec", "/nonexistent/cases.in" }, "/nonexistent/cases.in" },
    { { "verify", "--case-spec", "mine adam standard rosenbrock:n=10", "c.csv" },
      "--case-spec (argument 3): expected: name algorithm variant problem steps" },
    { { "verify", "--case-spec", "mine nosuch standard quad-0.1-2 5", "c.csv" },
      "--case-spec (argument 3): unknown algorithm 'nosuch'" },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5 alpha=abc", "c.csv" },
      "--case-spec (argument 3): alpha: malformed number 'abc'" },
    { { "verify", "--case-spec", "mine adam standard quad:a=1,x0=1,2 5", "c.csv" },
      "--case-spec (argument 3): " },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5x", "c.csv" }, "steps: '5x'" },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5 alpha=1 alpha=2", "c.csv" },
      "alpha given twice" },
    { { "verify", "--case-spec", "mine\001 adam standard quad-0.1-2 5", "c.csv" }, "case name 'mine\\x01'" },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5", "quad-adam-eta0.1", "c.csv" },
      "--case-spec (argument 3) and CASE 'quad-adam-eta0.1' both given" },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5" }, "missing CANDIDATE.csv" },
    { { "verify", "--case-spec" }, "--case-spec needs a value" },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5", "--spec", "x.in", "c.csv" },
      "--case-spec and --spec both given" },
    { { "verify", "--case-spec", "mine adam standard quad-0.1-2 5", "/nonexistent/c.csv" }, "/nonexistent/c.csv" },
};

START_TEST(bad_case_arguments)
{
    char what[64];
    snprintf(what, sizeof what, "bad[%d]", _i);
    expect_usage_error(cli(bad[_i].args), what, bad[_i].want);
}
END_TEST

/* ---- verify --case-spec on the user's own problem ----------------------------- */

/* ∇f of the chained Rosenbrock function, a = 1, b = 100 (Moré, Garbow,
 * Hillstrom 1981; scipy.optimize.rosen_der). */
static void rosen_grad(const double *x, double *g, int n)
{
    for (int i = 0; i < n; i++) {
        g[i] = 0;
        if (i + 1 < n)
            g[i] += -2 * (1 - x[i]) - 400 * x[i] * (x[i + 1] - x[i] * x[i]);
        if (i > 0)
            g[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
    }
}

/* Adam (Kingma & Ba, Algorithm 1) on rosenbrock:n=10 from Moré's start
 * (−1.2, 1, ...), α = 0.01, 100 steps, as CSV t,x,m,v; eps_inside puts ε
 * inside the root (a classic slip). */
static void write_adam_rosenbrock(const char *path, int eps_inside)
{
    enum { N = 10 };
    double x[N], m[N] = { 0 }, v[N] = { 0 }, g[N], b1 = 0.9, b2 = 0.999, eps = 1e-8, a = 0.01, b1t = 1, b2t = 1;
    for (int i = 0; i < N; i++)
        x[i] = i % 2 ? 1.0 : -1.2;
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fputs("t", f);
    for (int q = 0; q < 3; q++)
        for (int i = 0; i < N; i++)
            fprintf(f, ",%c[%d]", "xmv"[q], i);
    fputc('\n', f);
    for (int t = 0; t <= 100; t++) {
        if (t > 0) {
            rosen_grad(x, g, N);
            b1t *= b1, b2t *= b2;
            for (int i = 0; i < N; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mh = m[i] / (1 - b1t), vh = v[i] / (1 - b2t);
                x[i] -= a * mh / (eps_inside ? sqrt(vh + eps) : sqrt(vh) + eps);
            }
        }
        fprintf(f, "%d", t);
        for (int i = 0; i < 3 * N; i++)
            fprintf(f, ",%a", (i < N ? x : i < 2 * N ? m : v)[i % N]);
        fputc('\n', f);
    }
    fclose(f);
}

START_TEST(verify_case_spec_own_problem)
{
    char dir[] = "/tmp/optref-casespecXXXXXX", good[256], broken[256];
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(good, sizeof good, "%s/mine.csv", dir);
    snprintf(broken, sizeof broken, "%s/broken.csv", dir);
    write_adam_rosenbrock(good, 0);
    write_adam_rosenbrock(broken, 1);
    const char *spec = "mine adam standard rosenbrock:n=10 100 alpha=0.01";
    cli_result *r = CLI("verify", "--case-spec", spec, good, "--tolerance", "64", "--step-tolerance", "32");
    ck_assert_msg(r->status == 0, "exit %d: %.2000s %s", r->status, r->out, r->err);
    ck_assert(strstr(r->out, "case mine: adam standard on rosenbrock:n=10, 100 steps"));
    ck_assert(strstr(r->out, "PASS: ") && strstr(r->out, "matches case mine as f64: 101 rows"));
    /* the verdict defaults to the rounding bound, whatever the horizon */
    r = CLI("verify", "--case-spec", spec, good);
    ck_assert_msg(r->status == 0, "%.2000s", r->out);
    ck_assert(strstr(r->out, "(within the rounding bound of f64, any order)") && !strstr(r->out, "TOLERANCES"));
    /* budgets when asked: golden/TOLERANCES, by algorithm */
    char tolf[512];
    snprintf(tolf, sizeof tolf, "%s/golden/TOLERANCES", getenv("OPTREF_SOURCE_ROOT"));
    r = CLI("verify", "--case-spec", spec, good, "--tolerances", tolf);
    ck_assert_msg(r->status == 0, "%.2000s", r->out);
    ck_assert(strstr(r->out, "golden/TOLERANCES") && strstr(r->out, "(tolerance 128 ULP") &&
              strstr(r->out, "(tolerance 32 ULP"));
    /* the spec is what is judged: another α, another start, ε inside the root */
    r = CLI("verify", "--case-spec", "mine adam standard rosenbrock:n=10 100 alpha=0.02", good, "--quiet");
    ck_assert_msg(r->status == 1 && strstr(r->out, "FAIL: "), "%s", r->out);
    r = CLI("verify", "--case-spec", "mine adam standard rosenbrock:n=10,x0=-1.2,1,-1.2,1,-1.2,1,-1.2,1,-1.2,1.5 100 "
            "alpha=0.01", good, "--quiet");
    ck_assert_msg(r->status == 1 && strstr(r->out, "first at t=0 x[9]"), "%s", r->out);
    r = CLI("verify", "--case-spec", spec, broken, "--mode", "onestep", "--quiet");
    ck_assert_msg(r->status == 1 && strstr(r->out, "pseudocode L7 of ref/alg/adam.c"), "%s", r->out);
    /* the same spec with its steps: the file must end there */
    r = CLI("verify", "--case-spec", "mine adam standard rosenbrock:n=10 50 alpha=0.01", good, "--quiet");
    ck_assert_int_eq(r->status, 2);
    unlink(good);
    unlink(broken);
    rmdir(dir);
}
END_TEST

/* A golden file, rewritten as a candidate CSV, passes the spec of its case
 * typed inline with 0 ULP, and fails it with one hyper-parameter changed. */
START_TEST(verify_case_spec_golden_candidate)
{
    char src[4096], csv[] = "/tmp/optref-casespec-candXXXXXX";
    snprintf(src, sizeof src, "%s/golden/out/quad-adam-eta0.1.out", tu_srcdir());
    golden_hdr h;
    FILE *g = golden_open(src, &h);
    int fd = mkstemp(csv);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("t", f);
    for (size_t k = 0; k < h.ncol; k++)
        fprintf(f, ",%s", h.col[k]);
    char rec[512], (*val)[64] = calloc(h.ncol, sizeof *val);
    long t, last = 0;
    for (int more = 1; more;) {
        char q[64], hex[64];
        more = fgets(rec, sizeof rec, g) != NULL;
        ck_assert(!more || sscanf(rec, "%ld %63s %63s", &t, q, hex) == 3);
        if (!more || t != last) { /* row last: every column, nan where the golden has none (t = 0: eta, g) */
            fprintf(f, "\n%ld", last);
            for (size_t k = 0; k < h.ncol; k++)
                fprintf(f, ",%s", *val[k] ? val[k] : "nan"), val[k][0] = '\0';
            last = t;
        }
        for (size_t k = 0; more && k < h.ncol; k++)
            if (strcmp(h.col[k], q) == 0)
                snprintf(val[k], sizeof val[k], "%s", hex);
    }
    fputc('\n', f);
    free(val);
    fclose(f);
    fclose(g);
    hdr_free(&h);
    const char *spec = "mycase adam standard quad-0.1-2 20 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8";
    cli_result *r = CLI("verify", "--case-spec", spec, csv, "--tolerance", "0", "--step-tolerance", "4");
    ck_assert_msg(r->status == 0, "exit %d: %.3000s %s", r->status, r->out, r->err);
    r = CLI("verify", "--case-spec", "mycase adam standard quad-0.1-2 20 alpha=0.1 beta1=0.9 beta2=0.99 eps=1e-8",
            csv, "--quiet");
    ck_assert_msg(r->status == 1 && strstr(r->out, "FAIL: ") && strstr(r->out, "case mycase"), "%s", r->out);
    unlink(csv);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli-case");
    TCase *tc = tcase_create("case");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, run_case_equals_golden);
    tcase_add_test(tc, run_case_is_its_spec);
    tcase_add_loop_test(tc, bad_case_arguments, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, verify_case_spec_own_problem);
    tcase_add_test(tc, verify_case_spec_golden_candidate);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
