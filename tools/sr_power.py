"""The power table of doc/verify-step.md ("Stochastic rounding: the statistic"),
by simulation, independent of optref's C: n coordinates with fractional
positions p uniform on (0, 1); the test of ref/oracle/vstep_mixed.c (ten bins of
p, a bin used when its Σp(1−p) >= 10, chi-square on the bins used, rejection at
significance alpha; the math errors' allowance is ~0 here and left out);
rounding up with probability q = p (the test's size), 0 (always down),
[p > 1/2] (always nearest), min(1, p + 0.1).

usage: /usr/bin/python3 tools/sr_power.py [DRAWS]   (NumPy, SciPy; ~1 min for 1000)
"""
import sys

import numpy as np
from scipy import stats


def rejects(p, up, alpha):
    x2, dof = 0.0, 0
    k = np.minimum((p * 10).astype(int), 9)
    for b in range(10):
        s = k == b
        var = (p[s] * (1 - p[s])).sum()
        if var >= 10:
            x2 += (up[s].sum() - p[s].sum()) ** 2 / var
            dof += 1
    return dof > 0 and stats.chi2.sf(x2, dof) < alpha


ALT = {"always down": lambda p: 0 * p, "always nearest": lambda p: (p > 0.5) * 1.0,
       "p + 0.1": lambda p: np.minimum(1, p + 0.1)}


def main():
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = np.random.default_rng(20261123)
    print("power at alpha = 1e-6 (%d draws each)" % draws)
    print("%8s" % "n" + "".join("%16s" % a for a in ALT))
    for n in (300, 500, 700, 1000, 1300, 1600, 2000, 10000, 100000):
        row = []
        for q in ALT.values():
            d = draws if n < 100000 else max(50, draws // 10)
            hits = 0
            for _ in range(d):
                p = rng.random(n)
                hits += rejects(p, rng.random(n) < q(p), 1e-6)
            row.append(hits / d)
        print("%8d" % n + "".join("%16.3f" % x for x in row))
    print("size: rejection rate of a correct stochastic rounding (%d draws each)" % (4 * draws))
    for n in (1000, 10000):
        for alpha in (0.05, 0.01, 0.001):
            hits = sum(rejects(p, rng.random(n) < p, alpha) for p in (rng.random(n) for _ in range(4 * draws)))
            print("  n = %6d, alpha = %-6g: %.4f" % (n, alpha, hits / (4 * draws)))


if __name__ == "__main__":
    main()
