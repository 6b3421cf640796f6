/* hexread.c: C17's hexadecimal floating constant (§6.4.4.2, the form strtod
 * reads and printf's %a writes), read without strtod where the value needs
 * no rounding: the significand's digits into an integer m, the value
 * m·2^E built from m's exact conversion and two exact scalings.  What it
 * declines, strtod reads (tests/test_hexread.c checks the bits against it). */
#include <stdint.h>

#include "hexread.h"

static int hexdigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 2^k for -1022 <= k <= 1023, from its bits. */
static double pow2(int k)
{
    union { uint64_t u; double d; } b = { .u = (uint64_t)(k + 1023) << 52 };
    return b.d;
}

int optref_hex_exact(const char *s, double *out)
{
    int neg = *s == '-';
    s += *s == '-' || *s == '+';
    if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return 0;
    s += 2;
    uint64_t m = 0;
    int nd = 0, any = 0, shift = 0, d, point = 0;
    for (;; s++) {
        if (*s == '.' && !point) {
            point = 1;
            continue;
        }
        if ((d = hexdigit(*s)) < 0)
            break;
        any = 1;
        if (m == 0 && d == 0) { /* a leading zero: no significant bit */
            shift -= 4 * point;
            continue;
        }
        if (++nd > 15)
            return 0;
        m = m * 16 + (uint64_t)d;
        shift -= 4 * point;
    }
    if (!any)
        return 0;
    long e = 0;
    if (*s == 'p' || *s == 'P') {
        int eneg = s[1] == '-';
        s += 1 + (s[1] == '-' || s[1] == '+');
        if (hexdigit(*s) < 0 || *s > '9')
            return 0;
        for (int k = 0; *s >= '0' && *s <= '9'; s++, k++) {
            if (k >= 6)
                return 0;
            e = e * 10 + (*s - '0');
        }
        e = eneg ? -e : e;
    }
    if (*s)
        return 0;
    if (m == 0) {
        *out = neg ? -0.0 : 0.0;
        return 1;
    }
    int lz = __builtin_clzll(m), tz = __builtin_ctzll(m);
    long E = e + shift, top = 63 - lz + E;
    if (64 - lz - tz > 53 || top < -1022 || top > 1023)
        return 0;
    double v = (double)m; /* exact: at most 53 significant bits */
    if (E < -1000)
        v *= 0x1p-600, E += 600;
    else if (E > 1000)
        v *= 0x1p600, E -= 600;
    v *= pow2((int)E); /* exact: the result is normal */
    *out = neg ? -v : v;
    return 1;
}
