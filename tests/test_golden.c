/* Suite golden: regenerating every case reproduces the committed file in
 * golden/out/ byte for byte (written to golden-regen/ in the build
 * directory, never over the committed one); a missing or stale golden file
 * fails; and the Ziv machinery agrees with closed forms, correctly rounded. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static optref_case *cases;
static size_t ncases;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

START_TEST(regenerates_byte_for_byte)
{
    const optref_case *c = &cases[_i];
    optref_golden_info info;
    char err[1024], path[4096];
    mkdir("golden-regen", 0777);
    snprintf(path, sizeof path, "golden-regen/%s.out", c->name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    optref_status st = optref_golden_generate(f, c, OPTREF_ZIV_PMAX, &info, err, sizeof err);
    ck_assert_msg(fclose(f) == 0, "%s: %s", path, strerror(errno));
    ck_assert_msg(st == OPTREF_SUCCESS, "%s", err);
    ck_assert_msg(info.prec >= OPTREF_ZIV_P0 && info.confirm == 2 * info.prec, "case %s: settled at %ld, confirmed at %ld",
                  c->name, info.prec, info.confirm);

    size_t nnew, nold;
    char *fresh = slurp(path, &nnew);
    ck_assert(fresh != NULL);
    snprintf(path, sizeof path, "%s/golden/out/%s.out", tu_srcdir(), c->name);
    char *old = slurp(path, &nold);
    size_t i = 0, line = 1;
    while (old && i < nnew && i < nold && fresh[i] == old[i])
        line += fresh[i++] == '\n';
    int have = old != NULL, same = have && nnew == nold && i == nnew;
    free(fresh);
    free(old);
    ck_assert_msg(have, "case %s: committed golden file %s is missing", c->name, path);
    ck_assert_msg(same, "case %s: regenerated file differs from %s at line %zu (see build/golden-regen/)",
                  c->name, path, line);
}
END_TEST

START_TEST(no_stale_golden_files)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/golden/out", tu_srcdir());
    DIR *d = opendir(path);
    ck_assert_msg(d != NULL, "%s: %s", path, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        ck_assert_msg(l > 4 && strcmp(e->d_name + l - 4, ".out") == 0, "golden/out/%s: not a .out file",
                      e->d_name);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 4), e->d_name);
        ck_assert_msg(optref_case_find(cases, ncases, name), "golden/out/%s: no case produces it",
                      e->d_name);
    }
    closedir(d);
}
END_TEST

/* GD on x² from 10: x_t = (1 − 2η)^t·10, f_t = x_t², g_t = 2 x_{t−1}, and the
 * constant schedule's η_t = η.  The golden records, found by name, must be
 * exactly these closed forms, rounded to nearest (and x to 30 digits); each
 * appears once per step (x and f from t = 0, eta and g from t = 1). */
START_TEST(closed_form_is_correctly_rounded)
{
    const char *names[] = { "square-gd-eta0.2", "square-gd-eta0.05" };
    enum { X, ETA, G, F, NREC };
    const char *recname[NREC] = { "x[0]", "eta", "g[0]", "f" };
    for (int k = 0; k < 2; k++) {
        const optref_case *c = optref_case_find(cases, ncases, names[k]);
        ck_assert_msg(c != NULL, "case %s missing from cases.in", names[k]);
        ck_assert(optref_setup_x0(c->s)[0] == 10 && c->every == 1);
        double eta = optref_setup_hparam(c->s, "eta");
        optref_golden_info info;
        char err[512];
        FILE *out = tmpfile();
        ck_assert(out != NULL);
        ck_assert_msg(optref_golden_generate(out, c, OPTREF_ZIV_PMAX, &info, err, sizeof err) == OPTREF_SUCCESS,
                      "%s", err);
        rewind(out);

        /* the closed forms, at 4096 bits (exact: 53·t bits < 4096) */
        long steps = c->steps;
        double (*want)[NREC] = calloc((size_t)steps + 1, sizeof *want);
        char (*xdec)[64] = calloc((size_t)steps + 1, sizeof *xdec);
        int (*seen)[NREC] = calloc((size_t)steps + 1, sizeof *seen);
        ck_assert(want && xdec && seen);
        mpfr_t r, x, tmp;
        mpfr_inits2(4096, r, x, tmp, (mpfr_ptr)0);
        mpfr_set_d(r, eta, MPFR_RNDN);
        mpfr_mul_2ui(r, r, 1, MPFR_RNDN);
        mpfr_ui_sub(r, 1, r, MPFR_RNDN);
        mpfr_set_d(x, 10, MPFR_RNDN);
        for (long t = 0; t <= steps; t++) {
            if (t) {
                mpfr_mul_2ui(tmp, x, 1, MPFR_RNDN);
                want[t][G] = mpfr_get_d(tmp, MPFR_RNDN);
                want[t][ETA] = eta;
                mpfr_mul(x, x, r, MPFR_RNDN);
            }
            want[t][X] = mpfr_get_d(x, MPFR_RNDN);
            mpfr_sqr(tmp, x, MPFR_RNDN);
            want[t][F] = mpfr_get_d(tmp, MPFR_RNDN);
            mpfr_snprintf(xdec[t], sizeof xdec[t], "%.29Re", x);
        }
        mpfr_clears(r, x, tmp, (mpfr_ptr)0);

        /* the records, by name */
        char line[512];
        int body = 0;
        long nrec = 0;
        while (fgets(line, sizeof line, out)) {
            if (!body) {
                body = strcmp(line, "end-header\n") == 0;
                continue;
            }
            long t;
            char name[64], hex[64], dec[64];
            ck_assert_msg(sscanf(line, "%ld %63s %63s %63s", &t, name, hex, dec) == 4, "%s: bad record '%s'",
                          names[k], line);
            ck_assert_msg(t >= 0 && t <= steps, "%s: record of step %ld", names[k], t);
            int q = 0;
            while (q < NREC && strcmp(name, recname[q]) != 0)
                q++;
            ck_assert_msg(q < NREC, "%s t=%ld: unexpected record %s", names[k], t, name);
            ck_assert_msg(!seen[t][q]++, "%s t=%ld: %s recorded twice", names[k], t, name);
            ck_assert_msg(t > 0 || (q != ETA && q != G), "%s: %s recorded at t=0", names[k], name);
            double v = strtod(hex, NULL);
            ck_assert_msg(v == want[t][q], "%s t=%ld %s: golden %a, closed form %a", names[k], t, name, v,
                          want[t][q]);
            if (q == X)
                ck_assert_msg(strcmp(dec, xdec[t]) == 0, "%s t=%ld: decimal %s, closed form %s", names[k], t, dec,
                              xdec[t]);
            nrec++;
        }
        ck_assert_msg(body, "%s: no end-header", names[k]);
        ck_assert_msg(nrec == 4 * steps + 2, "%s: %ld records, expected %ld", names[k], nrec, 4 * steps + 2);
        fclose(out);
        free(want);
        free(xdec);
        free(seen);
    }
}
END_TEST

/* A trajectory whose rounded values do not settle within the cap is refused,
 * with the step and the quantity, and nothing is written: Adam with a
 * constant α oscillates about the minimum of 0.1 x1² + 2 x2² sensitively
 * enough that 128 and 256 bits round some value of its first 1000 steps
 * differently (α = 0.05; it settles at 256 bits, confirmed at 512). */
START_TEST(unsettled_is_refused)
{
    optref_case c;
    memset(&c, 0, sizeof c);
    strcpy(c.name, "sensitive");
    c.s = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.05");
    c.steps = 1000;
    c.every = 1;
    optref_golden_info info;
    char err[512];
    FILE *out = tmpfile();
    ck_assert(out != NULL);
    ck_assert_int_eq(optref_golden_generate(out, &c, 256, &info, err, sizeof err), OPTREF_ENOTSETTLED);
    ck_assert_msg(strstr(err, "sensitive: t=") && strstr(err, "did not settle: 128 and 256 bits"), "%s", err);
    ck_assert_msg(ftell(out) == 0, "an unsettled trajectory wrote %ld bytes", ftell(out));
    fclose(out);
}
END_TEST

int main(void)
{
    if (tu_cases(&cases, &ncases) != 0)
        return 99; /* a hard error for meson, never a silent pass */
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("regenerate");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, regenerates_byte_for_byte, 0, (int)ncases);
    tcase_add_test(tc, no_stale_golden_files);
    suite_add_tcase(s, tc);
    tc = tcase_create("correct_rounding");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, closed_form_is_correctly_rounded);
    tcase_add_test(tc, unsettled_is_refused);
    suite_add_tcase(s, tc);
    int rc = tu_main(s);
    optref_cases_free(cases, ncases);
    return rc;
}
