#!/usr/bin/env python3
"""Suite verify (script): how `optref verify --dtype F` reads a candidate's numbers.

1. A decimal is rounded to F once, from its text.  Near-midpoint decimals are
   built here with fractions: d = (lo + hi)/2 + 10^-40, lo with an even
   significand.  Through binary64 first, d becomes the midpoint exactly and
   ties to lo; directly, it rounds to hi.  Such a d is no value of F, so verify
   refuses it, and its message must name hi as the nearest value.  The f16
   cases include a subnormal midpoint and half the smallest subnormal (which
   through binary64 would "underflow to 0").
2. The same trajectory written in hex, with F's round-trip digits (%.9g,
   %.5g) and in the shortest form that reads back (numpy's repr) gets the same
   verdict: a float32 Adam and a float16 gradient descent transcribed here in
   numpy (not from optref), correct (PASS) and with a slip (FAIL, same first
   failure in every form).

Usage: check_verify_read.py OPTREF
"""
import decimal
import math
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import numpy as np

OPTREF = sys.argv[1]
FORMATS = {'f32': (24, -148), 'bf16': (8, -132), 'f16': (11, -23)}  # precision; emin: the least subnormal is 2^(emin−1)
failures = 0


def check(ok, what):
    global failures
    print(('ok   ' if ok else 'FAIL ') + what)
    failures += not ok


def exponent(a):
    """e with 2^(e−1) <= a < 2^e, a > 0."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    while Fraction(2) ** (e - 1) > a:
        e -= 1
    while Fraction(2) ** e <= a:
        e += 1
    return e


def round_to(x, fmt):
    """x (a Fraction) rounded to nearest, ties to even, in fmt (subnormals, no overflow)."""
    prec, emin = FORMATS[fmt]
    if x == 0:
        return Fraction(0)
    q = max(exponent(abs(x)), emin + prec - 1) - prec  # the ulp is 2^q; below 2^(emin+prec−1): subnormal
    n = abs(x) / Fraction(2) ** q
    k = math.floor(n)
    if n - k > Fraction(1, 2) or (n - k == Fraction(1, 2) and k % 2 == 1):
        k += 1
    return (1 if x > 0 else -1) * k * Fraction(2) ** q


def text(x):
    """x's exact decimal expansion (a dyadic plus 10^-40: finite)."""
    decimal.getcontext().prec = 200
    return format(decimal.Decimal(x.numerator) / decimal.Decimal(x.denominator), 'f')


def verify(case_spec, csv, fmt):
    with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as f:
        f.write(csv)
    try:
        p = subprocess.run([OPTREF, 'verify', '--case-spec', case_spec, f.name, '--dtype', fmt, '--quiet'],
                           capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    return p.returncode, p.stdout + p.stderr


def double_rounding():
    two = Fraction(2)
    cases = [('f32', Fraction(1), Fraction(1) + two ** -23), ('bf16', Fraction(1), Fraction(1) + two ** -7),
             ('f16', Fraction(1), Fraction(1) + two ** -10), ('f16', -Fraction(1), -(Fraction(1) + two ** -10)),
             ('f16', 2 * two ** -24, 3 * two ** -24),  # subnormals
             ('f16', Fraction(0), two ** -24)]         # half the smallest subnormal
    for fmt, lo, hi in cases:
        mid = (lo + hi) / 2
        d = mid + (Fraction(1, 10 ** 40) if hi > lo else -Fraction(1, 10 ** 40))
        s = text(d)
        via64 = round_to(Fraction(float(s)), fmt)  # Python's float() rounds the text to binary64 once
        assert Fraction(float(s)) == mid and via64 == lo and round_to(d, fmt) == hi, (fmt, s)
        rc, out = verify('c gd standard square 1 eta=0.5 x0=1', 't,x[0]\n0,%s\n1,0.5\n' % s, fmt)
        nearest = out.split(' = ', 1)[1].split(')')[0] if ' = ' in out else ''
        check(rc == 2 and ("'%s' is not a %s value" % (s[:40], fmt)) in out and nearest
              and float.fromhex(nearest) == float(hi),
              '%s: %s rounds once, to %s (through binary64: %s): %s' % (fmt, s, float(hi), float(lo), out.strip()))


def adam32(swapped):
    """Case quad-adam-eta0.1 in float32, the bias corrections in double then float32 (PyTorch's way);
    the slip: β2 in m̂'s correction.  (ε inside the root is no slip here: in float32 it leaves these
    trajectories bit-identical, issue 9.)"""
    f = np.float32
    a, b1, b2, eps, A = f(0.1), f(0.9), f(0.999), f(1e-8), [f(0.1), f(2.0)]
    x, m, v, g = [f(-5), f(-2)], [f(0), f(0)], [f(0), f(0)], [f('nan')] * 2
    rows = []
    for t in range(21):
        if t > 0:
            bc1 = f(1 - float(b2 if swapped else b1) ** t)
            bc2 = f(1 - float(b2) ** t)
            for i in range(2):
                g[i] = f(2) * A[i] * x[i]
                m[i] = b1 * m[i] + (f(1) - b1) * g[i]
                v[i] = b2 * v[i] + (f(1) - b2) * g[i] * g[i]
                den = np.sqrt(v[i] / bc2) + eps
                x[i] = x[i] - a * (m[i] / bc1) / den
        rows.append([t] + x + m + v + g)
    return 't,x[0],x[1],m[0],m[1],v[0],v[1],g[0],g[1]', rows


def gd16(eta_slip):
    """Case quad-gd-eta0.4 in float16: g = 2 a x, x ← x − η g (η = 0.41: the slip)."""
    h = np.float16
    eta, A = h(0.41 if eta_slip else 0.4), [h(0.1), h(2.0)]
    x, g = [h(-5), h(-2)], [h('nan')] * 2
    rows = []
    for t in range(21):
        if t > 0:
            for i in range(2):
                g[i] = h(2) * A[i] * x[i]
                x[i] = x[i] - eta * g[i]
        rows.append([t] + x + g)
    return 't,x[0],x[1],g[0],g[1]', rows


def written(header, rows, form, digits):
    fmt = {'hex': lambda v: float(v).hex(), 'digits': lambda v: '%.*g' % (digits, float(v)),
           'shortest': lambda v: repr(v.item()) if np.isnan(v) else str(v)}[form]
    return header + '\n' + ''.join(','.join([str(r[0])] + [fmt(v) for v in r[1:]]) + '\n' for r in rows)


def same_verdicts():
    for what, make, spec, fmt, digits in [
            ('f32 Adam', adam32, 'quad-adam-eta0.1 adam standard quad-0.1-2 20 alpha=0.1 beta1=0.9 beta2=0.999',
             'f32', 9),
            ('f16 GD', gd16, 'quad-gd-eta0.4 gd standard quad-0.1-2 20 eta=0.4', 'f16', 5)]:
        for wrong in (False, True):
            header, rows = make(wrong)
            seen = {}
            for form in ('hex', 'digits', 'shortest'):
                rc, out = verify(spec, written(header, rows, form, digits), fmt)
                seen[form] = (rc, out[out.find('does not match'):] if rc == 1 else '')
                check(rc == (1 if wrong else 0), '%s%s written %s: exit %d %s' % (what, ' (wrong)' if wrong else '',
                                                                                form, rc, out.strip()[:300]))
            check(len(set(seen.values())) == 1, '%s%s: one verdict in hex, %d digits and shortest' %
                  (what, ' (wrong)' if wrong else '', digits))


double_rounding()
same_verdicts()
sys.exit(1 if failures else 0)
