"""Suite doc: the Python loader printed in doc/golden-format.md works on every
committed golden file, and the square cases agree with the closed form
x_t = (1 - 2*eta)^t * x0, computed exactly with fractions and rounded by
Python itself (float() rounds a Fraction to nearest; decimal to 30 digits).
Every file holds exactly the records its header announces: each column at each
recorded step (0, every, 2*every, ..., steps), eta and g[i] from t = 1 on."""
import decimal
import fractions
import os
import re
import sys

root = sys.argv[1]
doc = open(os.path.join(root, "doc", "golden-format.md")).read()
block = re.search(r"```python\n(.*?)```", doc, re.S)
if not block:
    sys.exit("doc/golden-format.md: no python block")
ns = {}
exec(block.group(1), ns)
load_golden = ns["load_golden"]

def dec30(q):
    decimal.getcontext().prec = 30
    decimal.getcontext().rounding = decimal.ROUND_HALF_EVEN
    d = decimal.Decimal(q.numerator) / decimal.Decimal(q.denominator)
    m, e = format(d, ".29e").split("e")
    return m, int(e)

def parse_dec(s):
    m, e = s.split("e")
    return m, int(e)

failures = 0
outdir = os.path.join(root, "golden", "out")
names = sorted(os.listdir(outdir))
for name in names:
    header, rec = load_golden(os.path.join(outdir, name))
    steps = int(header["steps"][0])
    every = int(header.get("every", ["1"])[0])
    cols = header["columns"][0].split()
    # eta and g are the step size and gradient an update used: absent at t = 0
    from_t1 = {c for c in cols if c == "eta" or c.startswith("g[")}
    want = {(t, c) for t in sorted(set(range(0, steps + 1, every)) | {steps})
            for c in cols if t > 0 or c not in from_t1}
    if set(rec) != want:
        print(f"{name}: {len(rec)} records, expected {len(want)}; "
              f"missing {sorted(want - set(rec))[:3]}, unexpected {sorted(set(rec) - want)[:3]}")
        failures += 1
    if header["algorithm"] == ["gd"] and header["problem"] == ["square"] and "schedule" not in header:
        eta = fractions.Fraction(float.fromhex(header["hp"][0].split()[1]))
        x = fractions.Fraction(float.fromhex(header["x0"][0]))
        for t in range(steps + 1):
            if t:
                g = 2 * x
                x = x - eta * g
                if rec[(t, "g[0]")][0] != float(g):
                    print(f"{name}: t={t} g[0]"); failures += 1
                if rec.get((t, "eta"), (None,))[0] != float(eta):  # the constant schedule: eta_t = eta
                    print(f"{name}: t={t} eta"); failures += 1
            got_f, got_d = rec[(t, "x[0]")]
            if got_f != float(x) or parse_dec(got_d) != dec30(x):
                print(f"{name}: t={t} x[0] {got_f!r} {got_d} != {float(x)!r} {dec30(x)}")
                failures += 1
            if rec[(t, "f")][0] != float(x * x):
                print(f"{name}: t={t} f"); failures += 1
print(f"{len(names)} golden files loaded, {failures} failures")
sys.exit(1 if failures or not names else 0)
