"""Suite doc/problems: an independent transcription, in Python with exact
rationals, of the seeded data set (SplitMix64, examples in [-1, 1)), the
minibatch sampler (Fisher-Yates per epoch, drop-last) and minibatch gradient
descent on least squares, checked against `optref run` (double build) rounded
value by value.  Least squares keeps every iterate rational, so the exact
trajectory is computable here with fractions and rounded once.

Usage: check_minibatch.py OPTREF_EXE"""
import subprocess
import sys
from fractions import Fraction

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def splitmix64(state):
    state = (state + GOLDEN) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def uniform_pm1(state, count):
    out = []
    for _ in range(count):
        state, r = splitmix64(state)
        out.append(2.0 * ((r >> 11) * 2.0**-53) - 1.0)  # exact in binary64
    return state, out


def synthetic(m, d, seed, noise):
    """optref_synthetic: A row-major, w*, then e_k; z = a.w* + noise*e in
    binary64, left to right (Python floats are binary64, one rounding each)."""
    state, A = uniform_pm1(seed, m * d)
    state, w = uniform_pm1(state, d)
    y = []
    for k in range(m):
        z = 0.0
        for j in range(d):
            z += A[k * d + j] * w[j]
        state, (e,) = uniform_pm1(state, 1)
        y.append(z + noise * e)
    return A, y


def epoch_perm(m, seed, epoch):
    state = (seed + epoch * GOLDEN) & MASK
    perm = list(range(m))
    for i in range(m - 1, 0, -1):
        b = i + 1
        limit = MASK - ((MASK % b + 1) % b)
        while True:
            state, r = splitmix64(state)
            if r <= limit:
                break
        j = r % b
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def batches(m, batch, seed, steps):
    k = m // batch
    for t in range(1, steps + 1):
        e, j = divmod(t - 1, k)
        perm = epoch_perm(m, seed, e)
        yield perm[j * batch:(j + 1) * batch]


def exact_gd(m, d, seed, noise, batch, eta, steps):
    A, y = synthetic(m, d, seed, noise)
    A = [Fraction(v) for v in A]
    y = [Fraction(v) for v in y]
    eta = Fraction(eta)
    x = [Fraction(0)] * d
    traj = [list(x)]
    for B in batches(m, batch, seed, steps):
        g = [Fraction(0)] * d
        for k in B:
            r = sum(A[k * d + j] * x[j] for j in range(d)) - y[k]
            for j in range(d):
                g[j] += r * A[k * d + j]
        g = [gj / len(B) for gj in g]
        x = [x[j] - eta * g[j] for j in range(d)]
        traj.append(list(x))
    return traj


def main():
    exe = sys.argv[1]
    m, d, seed, noise, batch, steps = 12, 2, 5, 0.25, 4, 9  # 3 batches an epoch: three epochs
    spec = f"lsq:m={m},d={d},seed={seed},noise={noise},batch={batch}"
    traj = exact_gd(m, d, seed, noise, batch, 0.5, steps)
    bad = 0
    # gd (Topic 27 Algorithm 1) and sgd (Goodfellow Algorithm 8.1): the same update.
    for alg, step in (("gd", "eta=0.5"), ("sgd", "eps=0.5")):
        out = subprocess.run([exe, "run", alg, spec, step, "--steps", str(steps), "--precision", "mpfr:4096",
                              "--format", "hex"], capture_output=True, text=True, check=True).stdout.splitlines()
        cols = out[0].split(",")
        rows = [line.split(",") for line in out[1:]]
        for t, row in enumerate(rows):
            for j in range(d):
                got = float.fromhex(row[cols.index(f"x[{j}]")])
                want = float(traj[t][j])  # Fraction -> nearest binary64
                if got != want:
                    bad += 1
                    print(f"{alg} t={t} x[{j}]: optref {got!r} ({got.hex()}), exact {want!r} ({want.hex()})")
        if len(rows) != steps + 1:
            print(f"{alg}: expected {steps + 1} rows, got {len(rows)}")
            bad += 1
    print(f"{'ok' if not bad else 'FAIL'}: {spec}, {steps} steps of minibatch GD and SGD, exact rationals vs optref")
    sys.exit(1 if bad else 0)


main()
