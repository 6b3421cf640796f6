"""Suite cli (verify-step-layers): `optref verify-step --manifest FILE`, layers
judged as a whole (issue 11): LARS's trust ratio, factored Adam's row and column
accumulators.

Expected values come from outside optref: each step is written here from the
paper's formula (You et al. 2017, Alg. 1 with φ(z) = z; Shazeer & Stern 2018,
Alg. 2) and computed exactly in Python, with fractions where the values are
rational and with 60-digit decimals where a square root enters, then rounded
once to binary64.  Each passing check is paired with a broken step whose
first failure (quantity and pseudocode line) is known.  Standard library only:
the .npy files are written by hand (NEP 1, version 1.0).

usage: check_verify_step_layers.py OPTREF_EXE   (env: OPTREF_TOLERANCES)
"""
import decimal
import os
import struct
import subprocess
import sys
import tempfile
from fractions import Fraction

EXE = sys.argv[1]
D = decimal.Context(prec=60)
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def save(path, values, shape):
    """A little-endian float64 .npy file, C order (NEP 1, version 1.0)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dims = "(%s)" % (", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else ""))
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % dims
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1"))
        f.write(struct.pack("<%dd" % len(values), *[float(v) for v in values]))


def to_float(v):
    """Fractions round exactly (CPython's int/int is correctly rounded);
    decimals were computed to 60 digits, then rounded once."""
    return float(v)


def run(*args):
    p = subprocess.run([EXE, "verify-step"] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def dsqrt(x):
    return D.sqrt(decimal.Decimal(x) if not isinstance(x, decimal.Decimal) else x)


def dec(f):
    """A Fraction or float as a 60-digit decimal (exactly, up to that precision)."""
    f = Fraction(f)
    return D.divide(decimal.Decimal(f.numerator), decimal.Decimal(f.denominator))


# ---- LARS (You et al. 2017), identity variant, λ = 0 ----------------------------
# m_t = β1 m_{t−1} + (1 − β1) g;  x_t = x − η ‖x‖/‖m_t‖ · m_t  (L4, L5 of ref/alg/lars.c)
ETA, B1 = 0.1, 0.75


def lars_layer(x, g, m0, broken=None):
    m = [Fraction(B1) * Fraction(a) + (1 - Fraction(B1)) * Fraction(b) for a, b in zip(m0, g)]
    if broken == "m":  # β1 on the gradient instead of the buffer
        m = [Fraction(B1) * Fraction(b) + (1 - Fraction(B1)) * Fraction(a) for a, b in zip(m0, g)]
    nx = dsqrt(dec(sum(Fraction(a) ** 2 for a in x)))
    nm = dsqrt(dec(sum(v ** 2 for v in (g if broken == "trust" else m))))  # broken: ‖g‖ for ‖m‖
    trust = D.divide(nx, nm)
    xs = [D.subtract(dec(a), D.multiply(D.multiply(dec(ETA), trust), dec(v))) for a, v in zip(x, m)]
    return [to_float(a) for a in xs], [to_float(v) for v in m], to_float(trust)


def lars_dump(root, broken_layer=None, broken=None):
    layers = [  # name, shape, x, g, m_{t−1}: ‖x‖ = 5 and ‖m_t‖ = 2.5 in w; √3 and √17 in b
        ("w", (2, 2), [1, 2, 2, 4], [2, 4, 4, -8], [0, 0, 0, 0]),
        ("b", (3,), [1, 1, 1], [0, 8, 8], [4, 0, 0]),
    ]
    lines = ["# name shape before after"]
    for name, shape, x, g, m0 in layers:
        xa, ma, tr = lars_layer(x, g, m0, broken if name == broken_layer else None)
        for q, v in (("x", x), ("g", g), ("m", m0)):
            save("%s/%s/before/%s.npy" % (root, name, q), v, shape)
        for q, v, s in (("x", xa, shape), ("m", ma, shape), ("trust", [tr], ())):
            save("%s/%s/after/%s.npy" % (root, name, q), v, s)
        lines.append("%s %s %s/before %s/after" % (name, "x".join(map(str, shape)), name, name))
    with open(root + "/layers.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    return root + "/layers.txt"


def lars_checks(tmp):
    ok = lars_dump(tmp + "/lars")
    # the hand computation of layer w: trust 5/2.5 = 2, x − 0.1·2·m
    xa, _, tr = lars_layer([1, 2, 2, 4], [2, 4, 4, -8], [0, 0, 0, 0])
    check(tr == 2.0 and xa[3] == float(Fraction(4) + 2 * Fraction(0.1) * 2), "hand LARS: trust 2, x[1,1] = 4 + 0.4")
    rc, out, err = run("lars", "eta=0.1", "beta1=0.75", "--manifest", ok, "--t", "1", "--tolerance", "0")
    check(rc == 0 and "PASS: 2 layers of" in out and "== layer w (2x2)" in out and "== layer b (3x1)" in out
          and "trust    L5             1" in out, "LARS, 2 layers, exact to 0 ULP: %d %s %s" % (rc, out[-300:], err))
    rc, out, _ = run("lars", "eta=0.1", "beta1=0.75", "--manifest", ok, "--t", "1", "--quiet")
    check(rc == 0 and out.count("\n") == 1, "--quiet: only the verdict")
    for broken, first in (("trust", "first x[0], "), ("m", "first m[0], ")):
        bad = lars_dump(tmp + "/lars-" + broken, "b", broken)
        rc, out, err = run("lars", "eta=0.1", "beta1=0.75", "--manifest", bad, "--t", "1", "--quiet")
        line = "L5" if broken == "trust" else "L4"
        check(rc == 1 and out.startswith("FAIL: 2 layers") and "first in layer b: lars step t=1" in out
              and first in out and "pseudocode %s of ref/alg/lars.c" % line in out,
              "LARS broken (%s) fails in layer b at %s: %s %s" % (broken, line, out, err))
    rc, out, err = run("lars", "eta=0.1", "beta1=0.75", "--before", tmp + "/lars/w/before", "--after",
                       tmp + "/lars/w/after", "--t", "1")
    check(rc == 0 and out.rstrip().split("\n")[-1].startswith("PASS: lars step t=1"),
          "LARS without a manifest: x's shape is the layer, judged whole: " + err)


# ---- factored Adam (Shazeer & Stern 2018, Alg. 2), step t = 2 from given R_1, C_1 ----------
# R = β2 R_1 + (1 − β2) rowsums(G²), C = β2 C_1 + (1 − β2) colsums(G²),
# V̂ = (R_i C_j / ΣR) / (1 − β2²),
# X − α G / (√V̂ + ε)   (L3-L6 of ref/alg/adam_factored.c)
A, B2, EPS = 0.01, 0.5, 2.0 ** -20
R1, C1 = [1, 2], [0.5, 1, 1.5]


def factored(x, g, rows, cols, broken=False):
    G = [[Fraction(g[i * cols + j]) for j in range(cols)] for i in range(rows)]
    sq = (lambda v: abs(v)) if broken else (lambda v: v * v)  # broken: |G| for G² in C
    b2 = Fraction(B2)
    R = [b2 * Fraction(R1[i]) + (1 - b2) * sum(v * v for v in G[i]) for i in range(rows)]
    C = [b2 * Fraction(C1[j]) + (1 - b2) * sum(sq(G[i][j]) for i in range(rows)) for j in range(cols)]
    V = [R[i] * C[j] / sum(R) / (1 - b2 ** 2) for i in range(rows) for j in range(cols)]
    X = [D.subtract(dec(x[k]), D.divide(D.multiply(dec(A), dec(g[k])), D.add(dsqrt(dec(V[k])), dec(EPS))))
         for k in range(rows * cols)]
    return [to_float(v) for v in X], [to_float(v) for v in R], [to_float(v) for v in C], [to_float(v) for v in V]


def factored_dump(root, broken=False):
    rows, cols = 2, 3
    x, g = [0.5, -1, 2, 3, 0.25, -4], [1, -2, 3, 0.5, 4, -1]
    X, R, C, V = factored(x, g, rows, cols, broken)
    for q, v, s in (("x", x, (2, 3)), ("g", g, (2, 3)), ("R", R1, (2,)), ("C", C1, (3,)),
                    ("vhat", [7] * 6, (2, 3))):  # V̂_1 is not read, but every recorded state is given
        save("%s/l/before/%s.npy" % (root, q), v, s)
    for q, v, s in (("x", X, (2, 3)), ("R", R, (2,)), ("C", C, (3,)), ("vhat", V, (2, 3))):
        save("%s/l/after/%s.npy" % (root, q), v, s)
    with open(root + "/m.txt", "w") as f:
        f.write("l 2x3 l/before l/after\n")
    return root + "/m.txt"


def factored_checks(tmp):
    hp = ["alpha=0.01", "beta2=0.5", "eps=0x1p-20", "--t", "2"]
    rc, out, err = run("adam_factored", "--manifest", factored_dump(tmp + "/fac"), "--tolerance", "0", *hp)
    check(rc == 0 and "R        L3             2" in out and "C        L4             3" in out,
          "factored Adam, one 2x3 layer, exact to 0 ULP: %d %s %s" % (rc, out[-600:], err))
    rc, out, err = run("adam_factored", "--manifest", factored_dump(tmp + "/fac-bad", True), "--quiet", *hp)
    check(rc == 1 and "first C[0], " in out and "pseudocode L4 of ref/alg/adam_factored.c" in out,
          "factored Adam broken (|G| for G² in C) fails at C, L4: %s %s" % (out, err))


# ---- bad manifests: one line, exit 2 --------------------------------------------------
def bad_checks(tmp):
    fac = factored_dump(tmp + "/badfac")
    d = os.path.dirname(fac)

    made = []

    def manifest(text):
        made.append(d + "/bad%d.txt" % len(made))
        with open(made[-1], "w") as f:
            f.write(text)
        return made[-1]

    hp = ["alpha=0.01", "--t", "1"]
    cases = [
        (manifest("l 2x3 l/before\n"), "bad0.txt:1: 3 fields"),
        (manifest("# only\n\nl 2x l/before l/after\n"), "bad1.txt:3: shape '2x'"),
        (manifest("l 2x3 l/before l/after\nl 2x3 l/before l/after\n"), "bad2.txt:2: layer 'l' named twice"),
        (manifest("# nothing\n"), "no layers"),
        (manifest("l 3x2 l/before l/after\n"), "header field 'shape' is (2, 3), the manifest's layer is 3x2"),
        (manifest("l 6 l/before l/after\n"), "header field 'shape' is (2, 3), the manifest's layer is 6x1"),
        (manifest("l 2x3 l/before nowhere\n"), "nowhere/x.npy"),
        (d + "/none.txt", "none.txt"),
    ]
    for path, want in cases:
        rc, out, err = run("adam_factored", "--manifest", path, *hp)
        check(rc == 2 and want in err and err.count("\n") == 1 and not out, "bad manifest -> %s: %s" % (want, err))
    save(d + "/l/before/R.npy", [0, 0, 0], (3,))
    rc, out, err = run("adam_factored", "--manifest", fac, *hp)
    check(rc == 2 and "R.npy: header field 'shape': 3 values; R is one per row of the layer: 2" in err,
          "R.npy of the wrong length: " + err)
    rc, out, err = run("adam_factored", "--manifest", fac, "--before", d, *hp)
    check(rc == 2 and "not with --before" in err, "--manifest with --before: " + err)


with tempfile.TemporaryDirectory() as tmp:
    lars_checks(tmp)
    factored_checks(tmp)
    bad_checks(tmp)
print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
