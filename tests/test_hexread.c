/* test_hexread.c: optref_hex_exact (ref/core/hexread.c) against glibc's
 * strtod, the independent reader: N random binary64 values written by
 * printf's %a (and %A, and with the significand shifted into other spellings:
 * "0x0.8p-3", integer digits, no exponent, a sign), each read both ways; where
 * hexread answers, the bits must be strtod's, and it must answer for every
 * normal value printf writes.  Also strings it must decline.
 * Usage: test_hexread [N [slow]] (default 100000; suite slow: 10^7, with OPTREF_SLOW set). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ref/core/hexread.h"

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static long fails, answered;

static void check(const char *s, int must)
{
    double a, b;
    char *end;
    int got = optref_hex_exact(s, &a);
    b = strtod(s, &end);
    if (got) {
        answered++;
        if (*end || memcmp(&a, &b, sizeof a) != 0) {
            if (fails++ < 10)
                printf("FAIL %s: hexread %a, strtod %a%s\n", s, a, b, *end ? " (strtod stops early)" : "");
        }
    } else if (must && fails++ < 10)
        printf("FAIL %s: declined, strtod reads %a\n", s, b);
}

static double random_double(void)
{
    uint64_t u = next();
    switch (u & 7) {
    case 0: /* a float's value: few significant bits */
        return (double)(float)((double)(next() >> 11) * 0x1p-53 * ldexp(1, (int)(next() % 80) - 40));
    case 1: /* a bfloat16's */
        return ldexp((double)(128 + next() % 128), (int)(next() % 200) - 100);
    default: { /* any bits: normals, subnormals, zeros, infinities and NaNs */
        double d;
        memcpy(&d, &u, sizeof d);
        return d;
    }
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    if (argc > 2 && strcmp(argv[2], "slow") == 0 && !getenv("OPTREF_SLOW"))
        return 77; /* suite slow runs with OPTREF_SLOW=1, as the others */
    char buf[96], alt[128];
    const char *decline[] = { "1.5", "0x", "0x.", "0xp1", "0x1p", "0x1p+", "0x1.8p1 ", " 0x1p1", "0x1p1x",
                              "0x1.0000000000000001p0", "0x1p-1023", "0x1p1024", "0x1p9999999", "inf", "nan",
                              "0x1.8q1", "--0x1", "+-0x1", "0x1..2" };
    for (size_t k = 0; k < sizeof decline / sizeof *decline; k++)
        if (optref_hex_exact(decline[k], &(double){ 0 }) && fails++ < 10)
            printf("FAIL %s: read, must be declined\n", decline[k]);
    for (long i = 0; i < n; i++) {
        double d = random_double();
        int normal = isnormal(d) || d == 0;
        snprintf(buf, sizeof buf, (i & 1) ? "%a" : "%A", d);
        check(buf, normal);
        /* other spellings of a normal value: 0x0.8p-3-like (a leading zero digit), an integer
         * significand, and with a '+' sign */
        if (isnormal(d)) {
            int e;
            double m = frexp(fabs(d), &e); /* d = m·2^e, m in [1/2, 1) */
            uint64_t bits = (uint64_t)ldexp(m, 53); /* 53-bit integer significand */
            snprintf(alt, sizeof alt, "%s0x%llxp%+d", d < 0 ? "-" : "+", (unsigned long long)bits, e - 53);
            check(alt, 1);
            snprintf(alt, sizeof alt, "0x00.%014llxp%d", (unsigned long long)bits << 3, e);
            check(alt, 1);
        }
    }
    printf("%ld values, %ld read by hexread, %ld disagreements with strtod\n", n, answered, fails);
    return fails != 0;
}
