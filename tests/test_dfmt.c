/* Suite dfmt: run's printf-free binary64 formatting (ref/core/dfmt.c) against
 * glibc's snprintf "%.17g" and "%a", byte for byte, and strtod reading each
 * decimal back to the same double.  Arguments: random bit patterns (every
 * exponent, subnormals), random integers scaled by powers of two (short
 * decimal expansions: ties at the 17th digit), ratios of small integers
 * (what trajectories look like), and edges.  "%a" differs from optref's hex
 * only on subnormals, which optref normalises (2^-1074 is 0x1p-1074): those
 * are checked against ldexp of the printed normal form instead.
 * Normal run: 10^5 values; suite slow (argument "slow", OPTREF_SLOW=1): 10^7;
 * under valgrind (OPTREF_VALGRIND, set by its test setup) 3000. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfmt.h"
#include "testutil.h"

static long nvalues = 100000;

static uint64_t rng = 0x243f6a8885a308d3u;
static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double draw(long i)
{
    uint64_t u = next();
    double d;
    switch (i % 4) {
    case 0:
        memcpy(&d, &u, sizeof d);
        return d;
    case 1: /* m * 2^e with m of up to 60 bits: exact decimals of many digits, and ties */
        return ldexp((double)(u >> (4 + u % 56)), (int)((u >> 8) % 240) - 120);
    case 2:
        return (double)(int64_t)(u % 2000001 - 1000000) / (double)(1 + (u >> 40) % 999);
    default:
        return ldexp((double)(u >> 11) * 0x1p-53, (int)((u >> 3) % 2100) - 1080);
    }
}

static long bad;

static void check(double d)
{
    if (!isfinite(d))
        return;
    char got[OPTREF_DFMT_MAX], want[64];
    int n = optref_fmt_g17(d, got);
    snprintf(want, sizeof want, "%.17g", d);
    if (strcmp(got, want) != 0 || n != (int)strlen(want) || strtod(got, NULL) != d) {
        if (bad++ < 10)
            fprintf(stderr, "%%.17g of %a: got %s, printf %s\n", d, got, want);
    }
    n = optref_fmt_hex(d, got);
    if (d != 0 && fabs(d) < DBL_MIN) { /* normalised subnormal: read it back */
        if (strtod(got, NULL) != d || strncmp(got + (d < 0), "0x1", 3) != 0 || n != (int)strlen(got))
            if (bad++ < 10)
                fprintf(stderr, "hex of subnormal %a: got %s\n", d, got);
        return;
    }
    snprintf(want, sizeof want, "%a", d);
    if (strcmp(got, want) != 0 || n != (int)strlen(want))
        if (bad++ < 10)
            fprintf(stderr, "%%a of %a: got %s, printf %s\n", d, got, want);
}

START_TEST(edges)
{
    static const double e[] = { 0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1e16, 1e17, 12345678901234567.0,
                                99999999999999999.0, 1e-4, 9.9999999999999995e-5, 1e-5, 0x1p-1074, -0x1p-1074,
                                0x1p-1022, DBL_MAX, -DBL_MAX, DBL_EPSILON, 1e100, 1e-100, 123.456, 5e-324,
                                0x1.fffffffffffffp-1, 1e21, 1e22, 1e23, 0.3, 2.5, 0.000123 };
    bad = 0;
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
        check(e[i]);
    for (int k = -1074; k <= 1023; k++) { /* every power of two, and its neighbours */
        check(ldexp(1.0, k));
        check(nextafter(ldexp(1.0, k), 0));
        check(-nextafter(ldexp(1.0, k), INFINITY));
    }
    double p10 = 1;
    for (int k = 0; k < 23; k++, p10 *= 10) /* powers of ten, exact up to 10^22 */
        check(p10), check(1.0 / p10);
    ck_assert_msg(bad == 0, "%ld values formatted unlike printf", bad);
    char out[OPTREF_DFMT_MAX];
    ck_assert(optref_fmt_long(-1234567, out) == 8 && strcmp(out, "-1234567") == 0);
    ck_assert(optref_fmt_long(0, out) == 1 && strcmp(out, "0") == 0);
}
END_TEST

START_TEST(random_values)
{
    bad = 0;
    for (long i = 0; i < nvalues; i++)
        check(draw(i));
    ck_assert_msg(bad == 0, "%ld of %ld values formatted unlike printf", bad, nvalues);
}
END_TEST

int main(int argc, char **argv)
{
    int slow = argc > 1 && strcmp(argv[1], "slow") == 0;
    if (slow && !getenv("OPTREF_SLOW"))
        return 77; /* skipped; OPTREF_SLOW=1 meson test -C build --suite slow */
    if (slow)
        nvalues = 10000000;
    else if (getenv("OPTREF_VALGRIND"))
        nvalues = 3000;
    Suite *s = suite_create(slow ? "dfmt-slow" : "dfmt");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, slow ? 600 : 60);
    tcase_add_test(tc, edges);
    tcase_add_test(tc, random_values);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
