#!/usr/bin/env python3
"""Suite xavier: `optref xavier FILE` on samples drawn right and drawn wrong.

Samples come from PyTorch when /usr/bin/python3 (or this interpreter) can
import torch: torch.nn.init.xavier_normal_ / xavier_uniform_ on float64
tensors after torch.manual_seed(SEED), and for the wrong cases the other
torch.nn.init functions a user may call by mistake.  Without torch they come
from Python's random.Random(SEED) (Mersenne Twister; gauss, uniform,
truncated by rejection), the same distributions; the run says which.

Each right sample must PASS (exit 0) and each wrong one FAIL (exit 1), at the
default significance level alpha = 0.01: a right sample fails with
probability 0.01 (false alarm), so the five right ones together with at most
5 %; the seeds are fixed, so the outcome is deterministic.

Power.  Under a wrong distribution G, sqrt(n)·D_n >= sqrt(n)·Δ − sqrt(n)·sup|F_n − G|
with Δ = sup|G − F| and the last term Kolmogorov-distributed K, so the test
fails the sample (λ > 1.628, alpha 0.01) with probability at least
P(K < sqrt(n)·Δ − 1.63).  Δ for each wrong case (computed on a grid of 2·10^5
points, numbers in the table below):
  wrong gain (1 for tanh's 5/3, σ ratio 0.6)            Δ = 0.121, n = 16384: P(K < 13.8) = 1 − 1e−165
  LeCun/He fan_in only, 256/64 (σ ratio 0.79)           Δ = 0.057, n = 16384: P(K < 5.6)  = 1 − 1e−27
  normal where uniform was meant (same variance)        Δ = 0.057, n = 16384: P(K < 5.7)  = 1 − 1e−28
  uniform where normal was meant                        Δ = 0.057, the same
  fans from the wrong axes (Keras layout [3,3,3,256]
    read by torch's rule: 2304/2304 for 27/2304, ratio 0.71)  Δ = 0.082, n = 6912: P(K < 5.2) = 1 − 1e−23
  the slide's literal σ² = gain·(fan_in + fan_out)     Δ ≈ 0.5
  Keras GlorotNormal (truncated at ±2σ', σ' = σ/0.8796)  Δ = 0.0167, n = 262144: P(K < 6.9) = 1 − 1e−41
The statistics are also recomputed here, independently of optref: n; mean
and variance exactly (integers scaled by 2^1100, rounded once by Python's
correctly rounded int/int division) and compared bit for bit; D_n from the
sorted sample; the p-value from Kolmogorov's series.
"""
import math
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

SEED = 20100513  # Glorot & Bengio, AISTATS 2010 (May 13-15)

# meson test --setup valgrind wraps this interpreter: torch's loader and
# CPython are not ours to memcheck (and would take minutes), so the script
# skips there before importing torch; test_xavier runs the reader and the
# command under valgrind.
UNDER_VALGRIND = "vgpreload" in os.environ.get("LD_PRELOAD", "")
torch = None
if not UNDER_VALGRIND:
    try:
        import torch
    except ImportError:
        pass


def gain_of(nonlin):
    """calculate_gain's table (torch/nn/init.py), written out again."""
    name, _, slope = nonlin.partition(":")
    table = {"linear": 1.0, "tanh": 5.0 / 3, "relu": math.sqrt(2.0), "selu": 0.75}
    if name == "leaky_relu":
        s = float(slope) if slope else 0.01
        return math.sqrt(2.0 / (1 + s * s))
    return table[name]


def draw(kind, shape, std, rng):
    """A sample of prod(shape) values; std is the generator's parameter."""
    n = math.prod(shape)
    if torch is not None:
        t = torch.empty(*shape, dtype=torch.float64)
        if kind == "normal":
            torch.nn.init.normal_(t, 0.0, std)
        elif kind == "uniform":
            a = math.sqrt(3.0) * std
            torch.nn.init.uniform_(t, -a, a)
        elif kind == "trunc":
            torch.nn.init.trunc_normal_(t, 0.0, std, -2 * std, 2 * std)
        return t.flatten().tolist()
    if kind == "normal":
        return [rng.gauss(0.0, std) for _ in range(n)]
    if kind == "uniform":
        a = math.sqrt(3.0) * std
        return [rng.uniform(-a, a) for _ in range(n)]
    out = []
    while len(out) < n:
        x = rng.gauss(0.0, std)
        if abs(x) <= 2 * std:
            out.append(x)
    return out


def torch_init(fn, shape, **kw):
    t = torch.empty(*shape, dtype=torch.float64)
    fn(t, **kw)
    return t.flatten().tolist()


def xavier_std(fi, fo, gain):
    return gain * math.sqrt(2.0 / (fi + fo))


def cases(rng):
    """(name, values, optref arguments, expected exit status)."""
    T = torch is not None
    init = torch.nn.init if T else None
    fi, fo = 256, 64  # a Linear(256, 64) weight: shape [64, 256]
    s1 = xavier_std(fi, fo, 1.0)
    tanh = gain_of("tanh")
    fans = ["--fan-in", str(fi), "--fan-out", str(fo)]
    def xn(shape, g):
        return torch_init(init.xavier_normal_, shape, gain=g) if T else draw("normal", shape, xavier_std(*fan_of(shape), g), rng)
    def xu(shape, g):
        return torch_init(init.xavier_uniform_, shape, gain=g) if T else draw("uniform", shape, xavier_std(*fan_of(shape), g), rng)
    yield "right: xavier_normal_ [64,256]", xn([64, 256], 1.0), fans, 0
    yield "right: xavier_uniform_ [64,256]", xu([64, 256], 1.0), fans + ["--dist", "uniform"], 0
    yield "right: xavier_normal_ tanh", xn([64, 256], tanh), fans + ["--nonlinearity", "tanh"], 0
    yield ("right: xavier_uniform_ relu", xu([64, 256], gain_of("relu")),
           fans + ["--nonlinearity", "relu", "--dist", "uniform"], 0)
    yield ("right: xavier_normal_ conv [64,3,3,3] leaky_relu:0.2", xn([64, 3, 3, 3], gain_of("leaky_relu:0.2")),
           ["--fan-in", "27", "--fan-out", "576", "--nonlinearity", "leaky_relu:0.2"], 0)
    yield "wrong gain: gain 1 where tanh's 5/3 was meant", xn([64, 256], 1.0), fans + ["--nonlinearity", "tanh"], 1
    lecun = (torch_init(init.kaiming_normal_, [64, 256], mode="fan_in", nonlinearity="linear") if T
             else draw("normal", [64, 256], 1 / math.sqrt(fi), rng))
    yield "wrong fans: fan_in only (LeCun, kaiming_normal_ fan_in linear)", lecun, fans, 1
    yield "wrong dist: xavier_normal_ checked as uniform", xn([64, 256], 1.0), fans + ["--dist", "uniform"], 1
    yield "wrong dist: xavier_uniform_ checked as normal", xu([64, 256], 1.0), fans, 1
    # A Keras-layout conv kernel [kh, kw, in, out] = [3, 3, 3, 256] given to
    # torch's fan rule (size(1)·Πk, size(0)·Πk): 2304/2304, not 27/2304.
    yield ("wrong fans: Keras-layout [3,3,3,256] read by torch's rule", xn([3, 3, 3, 256], 1.0),
           ["--fan-in", "27", "--fan-out", "2304"], 1)
    slide = draw("normal", [64, 256], math.sqrt(1.0 * (fi + fo)), rng)
    yield "wrong formula: the slide's literal sigma^2 = gain*(fan_in+fan_out)", slide, fans, 1
    keras = draw("trunc", [512, 512], math.sqrt(2.0 / 1024) / 0.87962566103423978, rng)
    yield "wrong dist: Keras GlorotNormal (truncated) [512,512]", keras, ["--fan-in", "512", "--fan-out", "512"], 1


def fan_of(shape):
    rf = math.prod(shape[2:]) if len(shape) > 2 else 1
    return shape[1] * rf, shape[0] * rf


# ---- independent statistics ------------------------------------------------

SCALE = 1100  # every double is a multiple of 2^-1074


def exact_mean_var(xs):
    ints = [int(Fraction(x) * 2**SCALE) for x in xs]
    n = len(ints)
    s1 = sum(ints)
    s2 = sum(i * i for i in ints)
    mean = s1 / (n * 2**SCALE)  # int/int true division: correctly rounded
    var = (n * s2 - s1 * s1) / (n * (n - 1) * 2**(2 * SCALE))
    return mean, var


def kolmogorov_q(lam):
    if lam <= 0:
        return 1.0
    return max(0.0, min(1.0, 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 200))))


def ks(xs, dist, sigma, a):
    v = sorted(xs)
    n = len(v)
    if dist == "normal":
        F = [0.5 * math.erfc(-x / (sigma * math.sqrt(2))) for x in v]
    else:
        F = [min(1.0, max(0.0, (x + a) / (2 * a))) for x in v]
    d = max(max((i + 1) / n - F[i], F[i] - i / n) for i in range(n))
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d
    return d, kolmogorov_q(lam)


def parse(out):
    got = {}
    for line in out.splitlines():
        k, _, rest = line.partition(" ")
        if k in ("n", "mean", "variance", "ks_d", "p_value"):
            got[k] = float(rest.split()[0])
        if k in ("PASS:", "FAIL:"):
            got["verdict"] = k[:-1]
    return got


def fans_gain(args):
    fi = int(args[args.index("--fan-in") + 1])
    fo = int(args[args.index("--fan-out") + 1])
    g = gain_of(args[args.index("--nonlinearity") + 1]) if "--nonlinearity" in args else 1.0
    dist = args[args.index("--dist") + 1] if "--dist" in args else "normal"
    return fi, fo, g, dist


def check_one(exe, tmp, name, xs, args, want):
    path = os.path.join(tmp, "sample.txt")
    with open(path, "w") as f:
        f.write("\n".join(repr(x) for x in xs) + "\n")
    r = subprocess.run([exe, "xavier"] + args + [path], capture_output=True, text=True)
    got = parse(r.stdout)
    fails = []
    if r.returncode != want:
        fails.append(f"exit {r.returncode}, want {want}: {r.stderr.strip()}")
    fi, fo, g, dist = fans_gain(args)
    sigma = xavier_std(fi, fo, g)
    mean, var = exact_mean_var(xs)
    d, p = ks(xs, dist, sigma, math.sqrt(3.0) * sigma)
    if got.get("n") != len(xs):
        fails.append(f"n {got.get('n')} != {len(xs)}")
    if got.get("mean") != mean or got.get("variance") != var:
        fails.append(f"mean/variance {got.get('mean')!r} {got.get('variance')!r} != exact {mean!r} {var!r}")
    if not math.isclose(got.get("ks_d", -1), d, rel_tol=1e-9):
        fails.append(f"ks_d {got.get('ks_d')} != {d}")
    if not math.isclose(got.get("p_value", -1), p, rel_tol=1e-6, abs_tol=1e-300):
        fails.append(f"p_value {got.get('p_value')} != {p}")
    print(f"{'ok  ' if not fails else 'FAIL'} {name}: n {len(xs)}, variance/sigma^2 {var / sigma**2:.4f}, "
          f"D {d:.5f}, p {p:.3g}, {got.get('verdict')} (exit {r.returncode})")
    for msg in fails:
        print("     " + msg)
    return not fails


def main():
    exe = sys.argv[1]
    if UNDER_VALGRIND:
        print("under valgrind: skipped (test_xavier covers optref xavier there)")
        return 77
    rng = random.Random(SEED)
    if torch is not None:
        torch.manual_seed(SEED)
        print(f"samples from torch {torch.__version__} (torch.manual_seed({SEED}))")
    else:
        print(f"torch not importable: samples from Python's random.Random({SEED})")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, xs, args, want in cases(rng):
            ok &= check_one(exe, tmp, name, xs, args, want)
    print("all right samples pass and all wrong ones fail" if ok else "xavier: FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
