#!/usr/bin/env python3
"""Suite verify (script): every spelling the usual printers write for a value of
F reads back, under `optref verify --dtype F`'s rule (ref/core/fmtread.c), as
that value; spellings of no value of F are refused with the one-line message.

The values: float32, N of them at random (random bits, subnormals, every power
of two, the extremes, values with few significand bits, whose digits end in a
tie, integers beyond 2^24); bfloat16 and float16, every finite value (slow) or
N/3 at random with every subnormal, power of two and extreme.  The
printers, each the real one (not a copy of optref's code):

  C        glibc's printf through ctypes: %.Dg (D = 9, 4, 5: as `optref run
           --precision F` prints F) and %.17g of the value promoted to double
  Python   '%.9g', repr of the promoted double (csv, json), '%.{D-1}e'
  NumPy    repr and str of np.float32 / np.float16 scalars, format_float_
           positional / _scientific, str and repr of arrays (8 values each:
           padded digits, positional and scientific)
  PyTorch  str of bfloat16 tensors (the one bfloat16 printer at hand; 4
           decimals: lossy, so read as the value the decimal names)
  Node     toPrecision(D) (ties away from zero), String() (shortest double),
           toExponential(D-1)
  optref   `optref run --precision F` on cases whose float32 trajectories hold
           9-digit ties (-4.50976562 = -4.509765625 rounded to even): verify
           --dtype F must pass them

A lossless printer's spelling must read as the value printed; a lossy one's
(NumPy's arrays in positional notation, torch) as the value of F nearest the
decimal, computed here exactly with fractions.  Then the refusals: %.17g of
doubles next to the values (no value of F), through fr_tool and through
`optref verify` (exit 2, one line, file:line:column).

Usage: check_fmtread_printers.py FR_TOOL OPTREF [N [slow]]
(N float32 values, N/3 of each 16-bit format with its corners, default 12000;
slow: N = 10^6, every bfloat16 and float16 value, every case's run)
"""
import ctypes
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

try:
    import numpy as np
except ImportError:
    print("numpy not installed: skipped")
    sys.exit(77)

FR_TOOL, OPTREF = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 12000
SLOW = len(sys.argv) > 4 and sys.argv[4] == "slow"
if SLOW and not os.environ.get("OPTREF_SLOW"):
    sys.exit(77)
FORMATS = {"f32": (24, -149, 9), "bf16": (8, -133, 4), "f16": (11, -24, 5)}  # precision, least subnormal 2^q, D
EMAX = {"f32": 128, "bf16": 128, "f16": 16}
failures = 0
rng = np.random.default_rng(20240611)
libc = ctypes.CDLL(None)
libc.snprintf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]


def check(ok, what):
    global failures
    if not ok:
        failures += 1
        if failures <= 30:
            print("FAIL " + what)
    return ok


def c_printf(fmt, v):
    buf = ctypes.create_string_buffer(64)
    libc.snprintf(buf, 64, fmt.encode(), ctypes.c_double(v))
    return buf.value.decode()


def round_to(x, fmt):
    """x (a Fraction) rounded to nearest, ties to even, in fmt; None if it overflows."""
    prec, qmin, _ = FORMATS[fmt]
    if x == 0:
        return 0.0
    a = abs(x)
    e = a.numerator.bit_length() - a.denominator.bit_length()  # 2^(e-1) <= a < 2^e after adjusting
    while Fraction(2) ** (e - 1) > a:
        e -= 1
    while Fraction(2) ** e <= a:
        e += 1
    q = max(e - prec, qmin)
    n = a / Fraction(2) ** q
    k = n.numerator // n.denominator
    if n - k > Fraction(1, 2) or (n - k == Fraction(1, 2) and k % 2 == 1):
        k += 1
    r = k * Fraction(2) ** q
    if r >= Fraction(2) ** EMAX[fmt]:
        return None
    return math.copysign(float(r), x)


named_cache = {}


def named(tok, fmt):
    """The value of fmt a decimal names (nearest, exactly), or None (overflow); NaN/inf as such."""
    key = (tok, fmt)
    if key not in named_cache:
        low = tok.lower().lstrip("+-")
        if low in ("nan", "inf", "infinity"):
            named_cache[key] = float(tok)
        else:
            v = round_to(Fraction(tok), fmt)
            named_cache[key] = -0.0 if v == 0 and tok.startswith("-") else v
    return named_cache[key]


# ---- the values ------------------------------------------------------------------

def values_f32(n):
    bits = rng.integers(0, 2 ** 32, n, dtype=np.uint64).astype(np.uint32)
    v = bits.view(np.float32)
    v = v[np.isfinite(v)]
    extra = [np.float32(2.0 ** k) for k in range(-149, 128)]                      # every power of two
    extra += [np.float32(x) for x in (3.4028234663852886e38, 1.1754943508222875e-38, 1.401298464324817e-45,
                                      -4.509765625, 0.1, 16777217.0, 134217728.0)]
    sub = (rng.integers(1, 2 ** 23, n // 20, dtype=np.uint64).astype(np.uint32)).view(np.float32)   # subnormals
    few = []  # few significand bits: short expansions, 9-digit ties among them
    for m, q in zip(rng.integers(1, 2 ** 12, n // 5), rng.integers(-40, 30, n // 5)):
        few.append(np.float32(math.ldexp(int(m), int(q))))
    big = (rng.integers(2 ** 24, 2 ** 31, n // 50).astype(np.float32))             # integers beyond 2^24
    allv = np.concatenate([v, np.array(extra, np.float32), sub, np.array(few, np.float32), big])
    signs = rng.integers(0, 2, allv.size) * 2 - 1
    return (allv * signs.astype(np.float32)).astype(np.float32)


def values_16(fmt, n):
    """Every finite value of a 16-bit format (n = None), or n of them at random with every subnormal,
    power of two and extreme."""
    bits = np.arange(0, 2 ** 16, dtype=np.uint32)
    if n is not None:
        e = (bits >> (10 if fmt == "f16" else 7)) & (31 if fmt == "f16" else 255)
        m = bits & ((1 << (10 if fmt == "f16" else 7)) - 1)
        corner = (e == 0) | (m == 0) | (m == m.max()) | (e >= e.max() - 1)
        bits = np.union1d(bits[corner], rng.choice(bits, n, replace=False))
    if fmt == "f16":
        v = bits.astype(np.uint16).view(np.float16)
    else:
        v = (bits << 16).view(np.float32)  # bfloat16: float32's top half
    return v[np.isfinite(v)]


# ---- the printers -------------------------------------------------------------------

NODE = shutil.which("node")


def node_spellings(doubles, D):
    """toPrecision(D), String, toExponential(D-1) of each double (given exactly as %.17g)."""
    if not NODE:
        return None
    script = ('const l=require("fs").readFileSync(0,"utf8").trim().split("\\n");const D=+process.argv[1];'
              'const o=[];for(const s of l){const x=parseFloat(s);o.push(x.toPrecision(D),String(x),'
              'x.toExponential(D-1));}process.stdout.write(o.join("\\n")+"\\n");')
    p = subprocess.run([NODE, "-e", script, str(D)], input="\n".join("%.17g" % d for d in doubles) + "\n",
                       capture_output=True, text=True, check=True)
    out = p.stdout.split("\n")
    return [out[3 * i:3 * i + 3] for i in range(len(doubles))]


def array_tokens(text):
    """The numbers of numpy's or torch's str/repr of an array."""
    for junk in ("array(", "tensor(", "[", "]", "dtype=float32", "dtype=float16", "dtype=torch.bfloat16", ")"):
        text = text.replace(junk, " ")
    return [t for t in text.replace(",", " ").split() if t]


def spellings(fmt, vals):
    """[(text, expected value or None for 'the value it names', printer)]"""
    D = FORMATS[fmt][2]
    out = []
    doubles = [float(v) for v in vals]
    for d in doubles:
        out.append((c_printf("%%.%dg" % D, d), d, "printf %%.%dg" % D))
        out.append((c_printf("%.17g", d), d, "printf %.17g"))
        out.append(("%.9g" % d, d, "Python %.9g"))
        out.append((repr(d), d, "Python repr"))
        out.append(("%.*e" % (D - 1, d), d, "Python %%.%de" % (D - 1)))
    if fmt in ("f32", "f16"):
        for v in vals:
            out.append((repr(v).replace("np.float32(", "").replace("np.float16(", "").rstrip(")"), float(v),
                        "numpy repr"))
            out.append((str(v), float(v), "numpy str"))
            out.append((np.format_float_positional(v), float(v), "numpy positional"))
            out.append((np.format_float_scientific(v), float(v), "numpy scientific"))
        for i in range(0, len(vals), 8):
            chunk = vals[i:i + 8]
            for how, text in (("str", str(chunk)), ("repr", repr(chunk))):
                toks = array_tokens(text)
                if not check(len(toks) == len(chunk), "numpy array %s: %d tokens for %d values: %s" %
                             (how, len(toks), len(chunk), text)):
                    continue
                for t, v in zip(toks, chunk):
                    # positional arrays keep at most 8 decimals (lossy); scientific ones are unique
                    lossless = "e" in t or "E" in t
                    out.append((t, float(v) if lossless else None, "numpy array " + how))
    try:
        import torch
    except ImportError:
        torch = None  # (then no bfloat16 printer but printf, Python and Node)
    if fmt == "bf16" and torch is not None:
        tv = torch.tensor(doubles, dtype=torch.bfloat16)
        for i in range(0, len(doubles), 8):
            toks = array_tokens(str(tv[i:i + 8]))
            if check(len(toks) == len(doubles[i:i + 8]), "torch str: tokens %s" % toks):
                out.extend((t, None, "torch str") for t in toks)
    js = node_spellings(doubles, D)
    if js is not None:
        for d, (p, s, e) in zip(doubles, js):
            d = d if d != 0 else 0.0  # JavaScript writes -0 as 0: the text names +0
            out.append((p, d, "node toPrecision(%d)" % D))
            out.append((s, d, "node String"))
            out.append((e, d, "node toExponential(%d)" % (D - 1)))
    return out


def fr_read(fmt, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(texts) + "\n")
    try:
        with open(f.name) as inp:
            p = subprocess.run([FR_TOOL, "read", fmt], stdin=inp, capture_output=True, text=True, check=True)
    finally:
        os.unlink(f.name)
    res = p.stdout.split("\n")[:len(texts)]
    assert len(res) == len(texts), (len(res), len(texts))
    return res


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def printers(fmt, vals):
    t0 = time.time()
    sp = spellings(fmt, vals)
    got = fr_read(fmt, [s for s, _, _ in sp])
    by = {}
    bad = 0
    for (text, want, who), g in zip(sp, got):
        by[who] = by.get(who, 0) + 1
        want = named(text, fmt) if want is None else want
        ok = g.startswith("=") and same(float.fromhex(g[1:]), want)
        if not check(ok, "%s: %s spelling '%s' of %s read as %s" % (fmt, who, text, float(want).hex(), g)):
            bad += 1
    print("%s: %d values, %d spellings read back (%s), %.1f s" % (
        fmt, len(vals), len(sp) - bad, ", ".join("%s %d" % kv for kv in sorted(by.items())), time.time() - t0))


# ---- refusals ------------------------------------------------------------------------

def refusals(fmt, vals):
    """%.17g of doubles next to values of fmt (17 significant digits, no value of fmt): refused."""
    texts = []
    for v in vals[:5000]:
        d = float(v)
        if d == 0 or not math.isfinite(d):
            continue
        for k in (1, -1, 3):
            x = d
            for _ in range(abs(k)):
                x = math.nextafter(x, math.inf if k > 0 else -math.inf)
            t = "%.17g" % x
            digits = t.lower().split("e")[0].lstrip("-").replace(".", "").strip("0")
            if len(digits) == 17 and math.isfinite(x):
                texts.append(t)
    got = fr_read(fmt, texts)
    n = 0
    for t, g in zip(texts, got):
        n += check(g.startswith("!'%s' is not a %s value (nearest " % (t[:40], fmt)),
                   "%s: %s (a double, no value of %s) read as %s" % (fmt, t, fmt, g))
    print("%s: %d doubles next to its values (%%.17g) refused" % (fmt, n))


def verify(spec, csv, fmt):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write(csv)
    try:
        p = subprocess.run([OPTREF, "verify", "--case-spec", spec, f.name, "--dtype", fmt, "--quiet"],
                           capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    return p.returncode, (p.stdout + p.stderr), f.name


def one_line_errors():
    spec = "c gd standard square 1 eta=0.5 x0=1"
    for fmt, bad, nearest in [("f32", "0.10000000000000001", "0x1.99999ap-4"),   # the double 0.1
                              ("f32", "-4.50976561", "-0x1.20ap+2"),             # not the tie's 9 digits
                              ("f32", "1.26217746e-29", "0x1p-96"),
                              ("bf16", "1.564", "0x1.9p+0"),
                              ("f16", "0.100000001", "0x1.998p-4")]:
        rc, out, path = verify(spec, "t,x[0]\n0,1\n1,%s\n" % bad, fmt)
        want = "%s:3:2: '%s' is not a %s value (nearest " % (path, bad, fmt)
        check(rc == 2 and want in out and out.count("\n") == 1 and ("= %s)" % nearest) in out,
              "verify --dtype %s on %s: exit 2, one line naming file:line:column: exit %d: %s" % (fmt, bad, rc, out))
    # ... and the tie itself, written both ways, reads (exit 0 or 1: judged, not refused)
    for tok in ("-4.50976562", "-4.50976563"):
        rc, out, _ = verify(spec, "t,x[0]\n0,%s\n1,0.5\n" % tok, "f32")
        check(rc in (0, 1) and "is not a" not in out, "verify --dtype f32 reads %s: exit %d: %s" % (tok, rc, out))
    print("verify: refusals are one line naming file:line:column; the tie reads both ways")


def is_tie(d, D):
    """Whether double d's exact decimal has D + 1 significant digits, the last a 5."""
    s = "%.*e" % (D + 30, abs(d))  # exact enough for a float32 of these magnitudes to show its tail
    mant = s.split("e")[0].replace(".", "").rstrip("0")
    return len(mant) == D + 1 and mant.endswith("5")


def run_writer():
    """optref run --precision F writes; verify --dtype F reads it all back (and passes)."""
    cases = {"f32": ["quad-gd-eta0.6", "quad-newton-eta0.5", "mut-momentum", "quad1000-adam"],
             "bf16": ["quad-gd-eta0.6", "quad-adam-eta0.1"], "f16": ["quad-gd-eta0.6", "quad-adam-eta0.1"]}
    if SLOW:
        listing = subprocess.run([OPTREF, "cases"], capture_output=True, text=True, check=True).stdout
        allc = [l.split()[0] for l in listing.splitlines()[1:] if l.strip()]
        cases = {f: allc for f in FORMATS}
    with tempfile.TemporaryDirectory() as d:
        for fmt, names in cases.items():
            ties = values = 0
            for c in names:
                dec = subprocess.run([OPTREF, "run", "--case", c, "--precision", fmt], capture_output=True, text=True)
                hx = subprocess.run([OPTREF, "run", "--case", c, "--precision", fmt, "--format", "hex"],
                                    capture_output=True, text=True)
                if dec.returncode != 0:
                    continue
                for a, b in zip(dec.stdout.split("\n")[1:], hx.stdout.split("\n")[1:]):
                    for s, h in zip(a.split(",")[1:], b.split(",")[1:]):
                        if s not in ("nan", "inf", "-inf"):
                            values += 1
                            ties += is_tie(float.fromhex(h), FORMATS[fmt][2])
                path = os.path.join(d, "%s.%s.csv" % (c, fmt))
                with open(path, "w") as f:
                    f.write(dec.stdout)
                p = subprocess.run([OPTREF, "verify", c, path, "--dtype", fmt, "--quiet"], capture_output=True,
                                   text=True)
                # read whole: never bad input (exit 2); a verdict other than PASS is no reading matter
                check(p.returncode != 2, "optref run --case %s --precision %s, read back by verify --dtype %s: "
                      "exit %d: %s" % (c, fmt, fmt, p.returncode, (p.stdout + p.stderr).strip()))
                if p.returncode == 1 and not SLOW:
                    check(False, "optref's own %s run of %s fails verify: %s" % (fmt, c, p.stdout.strip()))
            if fmt == "f32":
                check(ties > 0, "the float32 runs hold 9-digit ties (%d)" % ties)
            print("optref run --precision %s: %d cases, %d values (%d ties at %d digits) read back by verify" % (
                fmt, len(names), values, ties, FORMATS[fmt][2]))


def main():
    t0 = time.time()
    if not NODE:
        print("node not installed: the JavaScript spellings are skipped")
    v32 = values_f32(N)
    for i in range(0, len(v32), 100000):  # (in parts: 10^6 values write 1.4·10^7 spellings)
        printers("f32", v32[i:i + 100000])
    refusals("f32", v32)
    for fmt in ("bf16", "f16"):
        vals = values_16(fmt, None if SLOW else N // 3)
        printers(fmt, vals)
        refusals(fmt, vals)
    one_line_errors()
    run_writer()
    print("%d failures (%.1f s)" % (failures, time.time() - t0))
    sys.exit(1 if failures else 0)


main()
