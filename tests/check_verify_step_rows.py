"""Suite cli (verify-step-rows): `optref verify-step --rows FILE`, before and
after from rows t − 1 and t of a verify candidate CSV (doc/verify.md) or a
golden file (doc/golden-format.md) (issue 11).

The trajectories come from outside optref: Kingma & Ba's Algorithm 1 in plain
Python (doc/verify.md's exporter, on 0.1 x1² + 2 x2² from (−5, −2), α = 0.1),
written here as a CSV and as a golden file (hex records), and the same in
float32 through NumPy; a broken one has ε inside the root (line 7 of Adam).
A committed golden file (suite golden proves it regenerates byte for byte)
passes at 0 ULP.  Bad files give one line naming file and line, exit 2.

usage: check_verify_step_rows.py OPTREF_EXE SOURCE_ROOT
"""
import json
import math
import os
import subprocess
import sys
import tempfile

EXE, ROOT = sys.argv[1], sys.argv[2]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def adam(steps=8, inside=False, f32=None, c2=True):
    """Rows (t, x, m, v, g) of Kingma & Ba's Adam on f = 0.1 x1² + 2 x2²
    (c2=False: broken, v̂ = v without its bias correction)."""
    a, b1, b2, eps, A = 0.1, 0.9, 0.999, 1e-8, [0.1, 2.0]
    r = f32 or (lambda z: z)
    x, m, v, g = [-5.0, -2.0], [0.0, 0.0], [0.0, 0.0], [math.nan] * 2
    rows = [(0, x, m, v, g)]
    for t in range(1, steps + 1):
        g = [r(2 * A[i] * x[i]) for i in range(2)]
        m = [r(b1 * m[i] + (1 - b1) * g[i]) for i in range(2)]
        v = [r(b2 * v[i] + (1 - b2) * g[i] * g[i]) for i in range(2)]
        vh = [v[i] / (1 - b2**t) if c2 else v[i] for i in range(2)]
        den = [math.sqrt(vh[i] + eps) if inside else math.sqrt(vh[i]) + eps for i in range(2)]
        x = [r(x[i] - a * (m[i] / (1 - b1**t)) / den[i]) for i in range(2)]
        rows.append((t, x, m, v, g))
    return rows


def write_csv(path, rows, text=repr):
    with open(path, "w") as f:
        f.write("t,x[0],x[1],m[0],m[1],v[0],v[1],g[0],g[1]\n")
        for t, *vals in rows:
            f.write("%d,%s\n" % (t, ",".join(text(z) for vec in vals for z in vec)))


def write_golden(path, rows):
    hp = {"alpha": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    with open(path, "w") as f:
        f.write("optref-golden 1\n# written by tests/check_verify_step_rows.py\nalgorithm adam\nvariant standard\n")
        f.writelines("hp %s %s\n" % (k, v.hex()) for k, v in hp.items())
        f.write("columns x[0] x[1] m[0] m[1] v[0] v[1] g[0] g[1]\nend-header\n")
        for t, *vals in rows:
            for name, vec in zip("xmvg", vals):
                if t > 0 or name != "g":
                    f.writelines("%d %s[%d] %s %r\n" % (t, name, i, z.hex(), z) for i, z in enumerate(vec))


def run(*args):
    p = subprocess.run([EXE, "verify-step"] + list(args) + ["--quiet"], capture_output=True, text=True)
    return p.returncode, (p.stdout + p.stderr).strip()


def decimal_f32(d, np):
    """float32 rows in decimal are read as `optref verify` reads them (issue 11):
    rounded to f32 once from the text, accepted when they write an f32 out."""
    f32 = lambda z: float(np.float32(z))
    texts = {"9 digits": lambda z: "%.9g" % z, "shortest": lambda z: str(np.float32(z))}
    for what, text in texts.items():
        path = os.path.join(d, "f32-%s.csv" % what.split()[0])
        write_csv(path, adam(f32=f32), text)
        for t in (1, 5):
            rc, out = run("adam", "alpha=0.1", "--rows", path, "--t", str(t), "--dtype", "f32")
            check(rc == 0 and out.startswith("PASS: adam step t=%d" % t) and "as f32" in out,
                  "float32 rows in decimal, %s, t=%d, --dtype f32: passes: %s" % (what, t, out))
        broken = os.path.join(d, "f32-broken-%s.csv" % what.split()[0])
        write_csv(broken, adam(f32=f32, c2=False), text)  # (ε inside the root is below f32's ulp)
        rc, out = run("adam", "alpha=0.1", "--rows", broken, "--t", "5", "--dtype", "f32")
        check(rc == 1 and "first x[0]" in out and "pseudocode L7" in out,
              "float32 rows in decimal, %s, v̂ not bias-corrected: judged, fails at L7: %s" % (what, out))
    # a slip in the last of 9 digits of x[0] at t = 5 (line 7): still rounds to an f32, but
    # writes none out (its 9 digits are another decimal), so it is refused at its line
    rows = adam(f32=f32)
    good = "%.9g" % rows[5][1][0]
    slip = good[:-1] + str((int(good[-1]) + 3) % 10)
    assert "%.9g" % np.float32(float(slip)) != slip  # the precondition, from numpy alone
    lines = open(os.path.join(d, "f32-9.csv")).read().split("\n")
    assert lines[6].startswith("5,%s," % good)
    lines[6] = lines[6].replace(good, slip, 1)
    path = os.path.join(d, "f32-slip.csv")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    rc, out = run("adam", "alpha=0.1", "--rows", path, "--t", "5", "--dtype", "f32")
    check(rc == 2 and ("f32-slip.csv:7: x[0]: '%s' is not a f32 value" % slip) in out and out.count("\n") == 0,
          "float32 rows, a slip in a digit of x[0] at t=5: refused at line 7: " + out)
    rc, out = run("adam", "alpha=0.1", "--rows", path, "--t", "4", "--dtype", "f32")
    check(rc == 0, "the same file at t=4 (rows 3 and 4, before the slip): passes: " + out)


def main():
    with tempfile.TemporaryDirectory() as d:
        good, bad = os.path.join(d, "good.csv"), os.path.join(d, "bad.csv")
        write_csv(good, adam())
        write_csv(bad, adam(inside=True))
        for t in (1, 5, 8):
            rc, out = run("adam", "alpha=0.1", "--rows", good, "--t", str(t))
            check(rc == 0 and out.startswith("PASS: adam step t=%d" % t), "CSV, t=%d: passes: %s" % (t, out))
        rc, out = run("adam", "alpha=0.1", "--rows", bad, "--t", "5")
        check(rc == 1 and "first x[0]" in out and "pseudocode L7 of ref/alg/adam.c" in out,
              "CSV, ε inside the root: fails at x, L7: " + out)
        gg, gb = os.path.join(d, "good.out"), os.path.join(d, "bad.out")
        write_golden(gg, adam())
        write_golden(gb, adam(inside=True))
        rc, out = run("--rows", gg, "--t", "5")
        check(rc == 0 and out.startswith("PASS: adam step t=5"), "golden format, its own algorithm: " + out)
        rc, out = run("--rows", gb, "--t", "5")
        check(rc == 1 and "pseudocode L7" in out, "golden format, broken: fails at L7: " + out)
        rc, out = run("adam", "alpha=0.1", "--rows", good, "--t", "5", "--dtype", "f32")
        check(rc == 2 and "good.csv:6: x[0]" in out and "is not a f32 value" in out and out.count("\n") == 0,
              "binary64 rows judged as f32: refused, naming file:line and value: " + out)
        try:
            import numpy as np
            f32 = os.path.join(d, "f32.csv")
            write_csv(f32, adam(f32=lambda z: float(np.float32(z))))
            rc, out = run("adam", "alpha=0.1", "--rows", f32, "--t", "5", "--dtype", "f32")
            check(rc == 0 and "as f32" in out, "float32 rows, --dtype f32: passes: " + out)
            decimal_f32(d, np)
        except ImportError:
            pass
        gold = os.path.join(ROOT, "golden", "out", "quad-adam-eta0.1.out")
        rep = os.path.join(d, "gold.json")
        p = subprocess.run([EXE, "verify-step", "--rows", gold, "--t", "7", "--json", rep], capture_output=True,
                           text=True)
        q = json.load(open(rep))["quantities"] if p.returncode == 0 else []
        # the golden's values at t are the exact trajectory's, rounded once; its m, v at t - 1 are off by
        # <= 1/2 ULP, which β < 1 shrinks, and x's step is far below x: each lands within 1 ULP of the golden
        check(p.returncode == 0 and len(q) == 6 and all(float(k["max_ulp"]) <= 1 for k in q),
              "committed golden quad-adam-eta0.1, t=7: every quantity within 1 ULP: %s" % [k["max_ulp"] for k in q])
        catalogue = [
            ("no-t.csv", "x[0],x[1]\n1,2\n", "no column 't'"),
            ("gap.csv", "t,x[0],x[2]\n0,1,2\n1,1,2\n", "x[0] .. x[1]"),
            ("twice.csv", "t,x[0]\n0,1\n0,1\n1,2\n", "a second row t=0"),
            ("word.csv", "t,x[0]\n0,one\n1,2\n", "x[0]: malformed number 'one'"),
            ("short.csv", "t,x[0]\n0,1\n", "no row t=1"),
            ("fields.csv", "t,x[0]\n0,1,2\n", "3 fields"),
            ("partial.csv", "t,x[0],x[1]\n0,1,\n1,1,2\n", "1 of its 2 values"),
            ("nohead.out", "optref-golden 1\nalgorithm adam\n", "no end-header"),
            ("record.out", "optref-golden 1\ncolumns x[0]\nend-header\n0 y[0] 0x1p+0 1\n", "'y[0]' is not in"),
        ]
        for name, text, want in catalogue:
            path = os.path.join(d, name)
            with open(path, "w") as f:
                f.write(text)
            rc, out = run("adam", "alpha=0.1", "--rows", path, "--t", "1")
            check(rc == 2 and want in out and name in out and out.count("\n") == 0,
                  "%s: one line, exit 2: %s" % (name, out))
        rc, out = run("adam", "--rows", good, "--before", d, "--t", "1")
        check(rc == 2 and "not with --before" in out, "--rows with --before: refused: " + out)
    print("%d checks failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
