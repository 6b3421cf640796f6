/* dfmt.c: exact binary64 formatting without printf (see dfmt.h). */
#include <stdint.h>
#include <string.h>

#include "dfmt.h"
#define d2exp_buffered_n optref_ryu_d2exp_buffered_n /* renamed in meson.build */
#include "ryu/ryu.h"

/* %.17g from %.16e (C17 7.21.6.1: with P = 17 and X the exponent %e would
 * print, fixed notation with P-1-X decimals when -4 <= X < P, else %e with
 * P-1; then trailing zeros and a bare point removed).  Both notations carry
 * the same 17 rounded digits, so Ryu's %e digits serve either. */
int optref_fmt_g17(double d, char *out)
{
    char e[OPTREF_DFMT_MAX];
    int n = d2exp_buffered_n(d, 16, e); /* [-]D.DDDDDDDDDDDDDDDDe±XX[X] */
    int neg = e[0] == '-';
    const char *m = e + neg;
    char dig[17];
    dig[0] = m[0];
    memcpy(dig + 1, m + 2, 16);
    int x = 0;
    for (const char *p = m + 20; p < e + n; p++)
        x = 10 * x + (*p - '0');
    if (m[19] == '-')
        x = -x;
    int nd = 17; /* significant digits kept after dropping trailing zeros */
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    char *o = out;
    if (neg)
        *o++ = '-';
    if (x >= -4 && x < 17) {
        if (x < 0) {
            *o++ = '0';
            *o++ = '.';
            for (int i = -1; i > x; i--)
                *o++ = '0';
            memcpy(o, dig, (size_t)nd);
            o += nd;
        } else {
            memcpy(o, dig, (size_t)x + 1);
            o += x + 1;
            if (nd > x + 1) {
                *o++ = '.';
                memcpy(o, dig + x + 1, (size_t)(nd - x - 1));
                o += nd - x - 1;
            }
        }
        if (dig[0] == '0') /* zero: %.16e prints 0.0000000000000000e+00 */
            o = out + neg + 1;
    } else {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        size_t tail = (size_t)(e + n - (m + 18)); /* "e±XX[X]" as Ryu wrote it */
        memcpy(o, m + 18, tail);
        o += tail;
    }
    *o = '\0';
    return (int)(o - out);
}

int optref_fmt_hex(double d, char *out)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    char *o = out;
    if (u >> 63)
        *o++ = '-';
    uint64_t f = u & ((UINT64_C(1) << 52) - 1);
    int be = (int)(u >> 52 & 0x7ff);
    if (be == 0 && f == 0) {
        memcpy(o, "0x0p+0", 7);
        return (int)(o - out) + 6;
    }
    int x = be - 1023;
    if (be == 0) { /* subnormal: shift the leading 1 to bit 52, drop it */
        int sh = __builtin_clzll(f) - 11;
        f = (f << sh) & ((UINT64_C(1) << 52) - 1);
        x = -1022 - sh;
    }
    memcpy(o, "0x1", 3);
    o += 3;
    if (f) { /* 52 fraction bits: 13 digits, trailing zero digits dropped */
        int nn = 13 - __builtin_ctzll(f) / 4;
        *o++ = '.';
        for (int i = 0; i < nn; i++)
            *o++ = hex[f >> (48 - 4 * i) & 0xf];
    }
    *o++ = 'p';
    *o++ = x < 0 ? '-' : '+';
    unsigned ax = (unsigned)(x < 0 ? -x : x); /* at most 1074 */
    if (ax >= 1000)
        *o++ = (char)('0' + ax / 1000);
    if (ax >= 100)
        *o++ = (char)('0' + ax / 100 % 10);
    if (ax >= 10)
        *o++ = (char)('0' + ax / 10 % 10);
    *o++ = (char)('0' + ax % 10);
    *o = '\0';
    return (int)(o - out);
}

int optref_fmt_long(long v, char *out)
{
    char tmp[24];
    int n = 0;
    unsigned long a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    char *o = out;
    if (v < 0)
        *o++ = '-';
    while (n)
        *o++ = tmp[--n];
    *o = '\0';
    return (int)(o - out);
}
