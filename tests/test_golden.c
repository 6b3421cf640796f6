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
    optref_golden g;
    char err[1024];
    ck_assert_msg(optref_golden_compute(c, &g, err, sizeof err) == OPTREF_SUCCESS, "%s", err);
    char path[4096];
    mkdir("golden-regen", 0777);
    snprintf(path, sizeof path, "golden-regen/%s.out", c->name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    ck_assert(optref_golden_write(f, c, &g) == 0);
    fclose(f);
    optref_golden_free(&g);

    size_t nnew, nold;
    char *fresh = slurp(path, &nnew);
    snprintf(path, sizeof path, "%s/golden/out/%s.out", tu_srcdir(), c->name);
    char *old = slurp(path, &nold);
    ck_assert_msg(old != NULL, "case %s: committed golden file %s is missing", c->name, path);
    size_t i = 0, line = 1;
    while (i < nnew && i < nold && fresh[i] == old[i])
        line += fresh[i++] == '\n';
    ck_assert_msg(nnew == nold && i == nnew,
                  "case %s: regenerated file differs from %s at line %zu (see build/golden-regen/)",
                  c->name, path, line);
    free(fresh);
    free(old);
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

/* GD on x² from 10: x_t = (1 − 2η)^t·10, f_t = x_t², g_t = 2 x_{t−1}.  The
 * golden values must be exactly these closed forms, rounded to nearest. */
START_TEST(closed_form_is_correctly_rounded)
{
    const char *names[] = { "square-gd-eta0.2", "square-gd-eta0.05" };
    for (int k = 0; k < 2; k++) {
        const optref_case *c = optref_case_find(cases, ncases, names[k]);
        ck_assert_msg(c != NULL, "case %s missing from cases.in", names[k]);
        optref_golden g;
        char err[512];
        ck_assert(optref_golden_compute(c, &g, err, sizeof err) == OPTREF_SUCCESS);
        mpfr_t r, x, prev;
        mpfr_inits2(4096, r, x, prev, (mpfr_ptr)0);
        mpfr_set_d(r, c->s.hp[0], MPFR_RNDN);
        mpfr_mul_2ui(r, r, 1, MPFR_RNDN);
        mpfr_ui_sub(r, 1, r, MPFR_RNDN); /* exact at 4096 bits */
        mpfr_set_d(x, 10, MPFR_RNDN);
        for (long t = 0; t <= c->steps; t++) {
            if (t) {
                mpfr_set(prev, x, MPFR_RNDN);
                mpfr_mul(x, x, r, MPFR_RNDN); /* exact: 53·t bits < 4096 */
                mpfr_mul_2ui(prev, prev, 1, MPFR_RNDN);
                ck_assert_msg(g.val[t * 3 + 1] == mpfr_get_d(prev, MPFR_RNDN), "%s t=%ld g", names[k], t);
            }
            ck_assert_msg(g.val[t * 3 + 0] == mpfr_get_d(x, MPFR_RNDN), "%s t=%ld x", names[k], t);
            mpfr_sqr(prev, x, MPFR_RNDN);
            ck_assert_msg(g.val[t * 3 + 2] == mpfr_get_d(prev, MPFR_RNDN), "%s t=%ld f", names[k], t);
            char dec[64];
            mpfr_snprintf(dec, sizeof dec, "%.29Re", x);
            ck_assert_msg(strcmp(g.dec[t * 3 + 0], dec) == 0, "%s t=%ld: decimal %s, closed form %s",
                          names[k], t, g.dec[t * 3], dec);
        }
        mpfr_clears(r, x, prev, (mpfr_ptr)0);
        optref_golden_free(&g);
    }
}
END_TEST

/* A trajectory whose rounded values do not settle within the cap is refused,
 * with the step and the quantity: Adam with a constant α oscillates about the
 * minimum of 0.1 x1² + 2 x2² sensitively enough that 128 and 256 bits round
 * some value of its first 1000 steps differently (α = 0.05; it settles at
 * 256 bits, confirmed at 512). */
START_TEST(unsettled_is_refused)
{
    optref_case c;
    memset(&c, 0, sizeof c);
    strcpy(c.name, "sensitive");
    c.s = tu_setup("adam", NULL, "quad-0.1-2", "alpha=0.05");
    c.steps = 1000;
    optref_golden g;
    char err[512];
    ck_assert_int_eq(optref_golden_compute_cap(&c, &g, 256, err, sizeof err), OPTREF_ENOTSETTLED);
    ck_assert_msg(strstr(err, "sensitive: t=") && strstr(err, "did not settle: 128 and 256 bits"), "%s", err);
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
    free(cases);
    return rc;
}
