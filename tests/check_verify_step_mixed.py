"""verify-step in mixed precision (doc/verify-step.md, "Mixed precision").

An independent implementation, in NumPy, of an Adam step computed in float32
and stored in bfloat16 (as PyTorch's for-loop Adam computes it: torch 1.13
torch/optim/adam.py, _single_tensor_adam), rounded on store to nearest or
stochastically as llm.c does (llmc/cuda_utils.cuh, stochastic_rounding: 16 random
bits against the 16 bits below the bfloat16 mantissa), on 10^5 coordinates
from a seeded RNG.  The correct ones pass; broken ones fail where they should:
truncation (always down), nearest where stochastic is claimed, a biased random
source, the random decision taken from the pre-update value.  The first
failure's coordinate is found here independently, in exact rational
arithmetic (fractions); the chi-square statistic is recomputed from this
script's own p values with scipy.  A PyTorch 1.13 check: bfloat16 model
weights with a float32 master copy (.to()).  Bad options: one-line errors.

usage: check_verify_step_mixed.py OPTREF   (OPTREF_LIB, PYTHONPATH: see tests/meson.build)
"""
import json
import math
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import numpy as np

OPTREF = sys.argv[1]
FAILS = []
# 10^5 coordinates; under ASan/UBSan (CI's second run, LD_PRELOAD of the runtime)
# 5·10^4: the same code paths, and every check below still holds there (at 2·10^4
# the +0.1-biased source was not rejected in x).
N = 50000 if "asan" in os.environ.get("LD_PRELOAD", "") else 100000
T = 5
HP = dict(alpha=1e-3, beta1=0.9, beta2=0.999, eps=1e-8)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


# ---- bfloat16 as uint16 bits ------------------------------------------------------------

def to_f32(u16):
    return (u16.astype(np.uint32) << 16).view(np.float32)


def bf16_rn(f32):
    b = np.ascontiguousarray(f32, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((b + 0x7FFF + ((b >> 16) & 1)) >> 16).astype(np.uint16)


def bf16_trunc(f32):
    return (np.ascontiguousarray(f32, dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)


def bf16_sr(f32, rng, frac_of=None, shift=0):
    """llm.c: away from zero when the 16 bits below the mantissa exceed a
    uniform 16-bit threshold.  frac_of: take those bits from another value
    (the pre-update one: a bug); shift: a biased threshold (a bug)."""
    b = np.ascontiguousarray(f32, dtype=np.float32).view(np.uint32)
    low = (np.ascontiguousarray(f32 if frac_of is None else frac_of, dtype=np.float32).view(np.uint32)
           & 0xFFFF).astype(np.int64)
    thr = rng.integers(0, 1 << 16, size=b.shape) - shift
    return ((b >> 16) + (low > thr)).astype(np.uint16)


# ---- Adam in float32 ------------------------------------------------------------------

def adam_f32(x, g, m, v, t, alpha, beta1, beta2, eps):
    """torch 1.13 _single_tensor_adam in float32: constants formed in binary64 (Python floats)."""
    f = np.float32
    m1 = f(beta1) * m + f(1 - beta1) * g
    v1 = f(beta2) * v + f(1 - beta2) * (g * g)
    step = f(alpha / (1 - beta1 ** t))
    denom = np.sqrt(v1) / f(math.sqrt(1 - beta2 ** t)) + f(eps)
    x1 = x - step * (m1 / denom)
    return {"x": x1, "m": m1, "v": v1}, {"x": x, "m": f(beta1) * m, "v": f(beta2) * v}


def inputs(n, seed):
    rng = np.random.default_rng(seed)
    b = {"x": bf16_rn(rng.standard_normal(n).astype(np.float32)),
         "g": bf16_rn((0.1 * rng.standard_normal(n)).astype(np.float32)),
         "m": bf16_rn((0.05 * rng.standard_normal(n)).astype(np.float32)),
         "v": bf16_rn((0.01 * rng.standard_normal(n) ** 2 + 1e-6).astype(np.float32))}
    return b, rng


def exact(b, i):
    """Adam step t at coordinate i in rational arithmetic, hyper-parameters as binary64."""
    x, g, m, v = (Fraction(float(to_f32(b[k][i:i + 1])[0])) for k in "xgmv")
    b1, b2, a, e = (Fraction(HP[k]) for k in ("beta1", "beta2", "alpha", "eps"))
    m1 = b1 * m + (1 - b1) * g
    v1 = b2 * v + (1 - b2) * g * g
    return {"m": m1, "v": v1, "x1": (x, m1 / (1 - b1 ** T), v1 / (1 - b2 ** T), a, e)}


def bf16_rn_exact(q):
    """A Fraction rounded to nearest-even bfloat16 (normal range)."""
    if q == 0:
        return 0.0
    s, q = (-1 if q < 0 else 1), abs(q)
    e = math.floor(math.log2(q))
    while Fraction(2) ** e > q:
        e -= 1
    while Fraction(2) ** (e + 1) <= q:
        e += 1
    ulp = Fraction(2) ** (e - 7)
    k, r = divmod(q, ulp)
    if r * 2 > ulp or (r * 2 == ulp and k % 2 == 1):
        k += 1
    return s * float(k * ulp)


# ---- running optref ----------------------------------------------------------------------

def dump(d, arrays):
    os.makedirs(d, exist_ok=True)
    for k, a in arrays.items():
        np.save(os.path.join(d, k + ".npy"), a)


def verify(tmp, before, after, *opts, t=T):
    dump(os.path.join(tmp, "before"), before)
    dump(os.path.join(tmp, "after"), after)
    js = os.path.join(tmp, "r.json")
    if os.path.exists(js):
        os.remove(js)
    args = [OPTREF, "verify-step", "adam"] + ["%s=%r" % kv for kv in HP.items()] + [
        "--before", os.path.join(tmp, "before"), "--after", os.path.join(tmp, "after"), "--t", str(t),
        "--json", js] + list(opts)
    p = subprocess.run(args, capture_output=True, text=True)
    rep = json.load(open(js)) if p.returncode in (0, 1) else None
    return p, rep


def verdict(p):
    lines = p.stdout.strip().splitlines()
    return lines[-1] if lines else p.stderr.strip()


def mixed_q(rep, name):
    return {q["name"]: q for q in rep["mixed"]["quantities"]}[name]


def first_trunc_outside(b, out, name):
    """The first coordinate whose truncated value differs from RN_bf16(exact):
    what a truncating candidate claimed as nearest must fail at first (in m, L3)."""
    for i in range(N):
        want = bf16_rn_exact(exact(b, i)[name])
        if float(to_f32(bf16_trunc(out[name][i:i + 1]))[0]) != want:
            return i
    return None


def exact_p(b, name):
    """p = (e - RD(e)) / ulp for m or v, e exact: long double first (64-bit
    significand), then fractions for the values long double cannot place
    surely (within 1e-9 of a bin edge or of the grid-point exclusion)."""
    L = np.longdouble
    m, g, v = (to_f32(b[k]).astype(L) for k in "mgv")
    bt = HP["beta1"] if name == "m" else HP["beta2"]
    e = L(bt) * (m if name == "m" else v) + L(1 - bt) * (g if name == "m" else g * g)
    u = np.ldexp(L(1), np.frexp(np.abs(e))[1] - 8)
    lo = np.floor(e / u) * u
    p = ((e - lo) / u).astype(np.float64)
    before = np.abs(to_f32(b[name]).astype(np.float64))
    B = 32 * np.ldexp(1.0, np.frexp(np.maximum(np.abs(e.astype(np.float64)), before))[1] - 24)
    Bu = B / u.astype(np.float64)
    edge = np.abs(p * 10 - np.round(p * 10)) < 1e-9
    near = (np.abs(p - Bu) < 1e-9) | (np.abs(1 - p - Bu) < 1e-9) | (p < 1e-9)
    for i in np.nonzero(edge | near)[0]:
        bf = Fraction(bt)
        mi, gi, vi = (Fraction(float(to_f32(b[k][i:i + 1])[0])) for k in "mgv")
        ei = bf * (mi if name == "m" else vi) + (1 - bf) * (gi if name == "m" else gi * gi)
        ui = Fraction(float(u[i]))
        p[i] = float((ei - math.floor(ei / ui) * ui) / ui)
        if (ei - math.floor(ei / ui) * ui) / ui * 10 == round(p[i] * 10):
            p[i] = round(p[i] * 10) / 10  # exactly on a bin edge: p*10 an integer
    return p, Bu, (lo + u).astype(np.float64)


def my_chi2(b, stored, name):
    """This script's own statistic from its own exact p: 10 bins of p, those
    with variance >= 10, each deviation reduced by the math errors' allowance
    Σ B/ulp (doc/verify-step.md); p-value from scipy's chi-square."""
    from scipy import stats
    p, Bu, hi = exact_p(b, name)
    up = to_f32(stored).astype(np.float64) == hi
    ok = (p > Bu) & (1 - p > Bu)  # no grid point within B
    x2, dof, n = 0.0, 0, 0
    for k in range(10):
        sel = ok & (np.minimum(np.floor(p * 10).astype(int), 9) == k)
        var = (p[sel] * (1 - p[sel])).sum()
        n += sel.sum()
        if var >= 10:
            dev = max(0.0, abs(up[sel].sum() - p[sel].sum()) - Bu[sel].sum())
            x2 += dev ** 2 / var
            dof += 1
    return x2, dof, stats.chi2.sf(x2, dof), n


# ---- the checks ---------------------------------------------------------------------------

def numpy_checks(tmp):
    b, rng = inputs(N, 20261123)
    f = {k: to_f32(b[k]) for k in "xgmv"}
    out, pre = adam_f32(f["x"], f["g"], f["m"], f["v"], T, **HP)
    store = lambda fn: {k: fn(out[k]) for k in "xmv"}
    base = ("--math", "f32", "--storage", "bf16")
    sr = base + ("--store-rounding", "stochastic")

    p, r = verify(tmp + "/rn", b, store(bf16_rn), *base)
    check(p.returncode == 0 and r["pass"], "f32 math, bf16 storage, round to nearest: PASS: " + verdict(p))
    check(all(q["outside"] == 0 for q in r["mixed"]["quantities"]) and r["mixed"]["budget_ulps"] == 32,
          "  nothing outside its set; budget 32 ULP of f32 (adam onestep)")

    good = store(lambda a: bf16_sr(a, rng))
    p, r = verify(tmp + "/sr", b, good, *sr)
    check(p.returncode == 0 and r["pass"], "llm.c-style stochastic rounding: PASS: " + verdict(p))
    for name in "xmv":
        q = mixed_q(r, name)
        check(q["verdict"] == "PASS" and q["tested"] > N // 5 and q["dof"] >= 8,
              "  %s: %d values tested, chi2 %.3g on %d bins, p-value %.3g; power %s" % (
                  name, q["tested"], q["chi2"], q["dof"], q["pvalue"], q["power"]))
        check(min(q["power"].values()) > 0.999, "  %s: power > 0.999 against each alternative" % name)
    p1, r1 = verify(tmp + "/sr1", b, good, *sr, "--threads", "1", "--chunk", "7777")
    check(r1["mixed"] == r["mixed"], "  the statistic is the same on 1 thread in chunks of 7777 (exact sums)")
    for name in "mv":
        x2, dof, pv, n = my_chi2(b, good[name], name)
        q = mixed_q(r, name)
        check(n == q["tested"] and dof == q["dof"] and abs(x2 - q["chi2"]) <= 1e-6 * x2 and
              abs(pv - q["pvalue"]) <= 1e-6 * pv,
              "  %s: statistic recomputed here from exact p: %d tested, chi2 %.6g on %d bins, p-value %.6g "
              "(optref: %d, %.6g, %d, %.6g)" % (name, n, x2, dof, pv, q["tested"], q["chi2"], q["dof"], q["pvalue"]))

    # truncation claimed as nearest: outside its set, first at m (L3), at the coordinate found exactly here
    p, r = verify(tmp + "/tr", b, store(bf16_trunc), *base)
    i = first_trunc_outside(b, out, "m")
    check(p.returncode == 1 and "first m[%d]" % i in verdict(p) and "L3" in verdict(p),
          "truncation as nearest: FAIL at m[%d] (found exactly here), L3: %s" % (i, verdict(p)))
    # truncation claimed as stochastic: inside the neighbours, the statistic rejects
    p, r = verify(tmp + "/trs", b, store(bf16_trunc), *sr)
    check(p.returncode == 1 and all(q["outside"] == 0 for q in r["mixed"]["quantities"]) and
          "biased" in verdict(p) and "of x" not in verdict(p),
          "truncation (always toward zero) as stochastic: FAIL by the statistic: " + verdict(p))
    # nearest claimed as stochastic
    p, r = verify(tmp + "/rns", b, store(bf16_rn), *sr)
    check(p.returncode == 1 and r["mixed"]["statistic_failed"] and "stochastic rounding of m" in verdict(p)
          and "L3" in verdict(p), "nearest as stochastic: FAIL by the statistic: " + verdict(p))
    # a biased random source: P(up) ~ p + 0.1
    p, r = verify(tmp + "/bias", b, store(lambda a: bf16_sr(a, rng, shift=6554)), *sr)
    check(p.returncode == 1 and r["mixed"]["statistic_failed"] and
          all(mixed_q(r, k)["verdict"] == "FAIL" for k in "xmv"),
          "stochastic rounding with a biased random source (+0.1): FAIL in x, m, v: " + verdict(p))
    # the random decision taken from the pre-update value
    bad = {k: bf16_sr(out[k], rng, frac_of=pre[k]) for k in "xmv"}
    p, r = verify(tmp + "/pre", b, bad, *sr)
    check(p.returncode == 1 and r["mixed"]["statistic_failed"] and
          all(q["outside"] == 0 for q in r["mixed"]["quantities"]),
          "stochastic rounding decided on the pre-update value: FAIL by the statistic: " + verdict(p))
    # a value stored one bf16 ulp off: outside its neighbours, named
    wrong = dict(good)
    wrong["v"] = good["v"].copy()
    wrong["v"][777] += 2
    p, r = verify(tmp + "/off", b, wrong, *sr)
    check(p.returncode == 1 and "first v[777]" in verdict(p) and "L4" in verdict(p)
          and mixed_q(r, "v")["outside"] == 1 and mixed_q(r, "v")["first_outside_flat"] == 777,
          "a stochastic store two bf16 ulps off: FAIL at v[777], L4: " + verdict(p))

    # master weights: state and x in f32, the model's bf16 copy x_model
    mw = {"x": out["x"], "m": out["m"], "v": out["v"], "x_model": bf16_rn(out["x"])}
    bm = {"x": f["x"], "g": b["g"], "m": f["m"], "v": f["v"]}
    p, r = verify(tmp + "/master", bm, mw, "--math", "f32", "--storage", "f32,g=bf16,x_model=bf16")
    check(p.returncode == 0 and [q["name"] for q in r["quantities"]] == ["m", "v", "x", "x_model"],
          "master weights (x, m, v f32; g and the model copy bf16): PASS: " + verdict(p))
    mw["x_model"] = bf16_trunc(out["x"])
    p, r = verify(tmp + "/master2", bm, mw, "--math", "f32", "--storage", "f32,g=bf16,x_model=bf16")
    check(p.returncode == 1 and "first x_model[" in verdict(p), "a truncated model copy: FAIL: " + verdict(p))
    p, r = verify(tmp + "/master3", bm, {"x": out["x"], "m": out["m"], "v": out["v"],
                                         "x_model": bf16_sr(out["x"], rng)},
                  "--math", "f32", "--storage", "f32,g=bf16,x_model=bf16", "--store-rounding", "x_model=stochastic")
    check(p.returncode == 0 and mixed_q(r, "x_model")["rounding"] == "stochastic" and
          mixed_q(r, "m")["rounding"] == "nearest", "master weights, stochastic model copy: PASS: " + verdict(p))


def power_check(tmp):
    """optref's power (normal approximation per bin, from its own p) against
    this script's simulation of the whole test (Bernoulli draws on its own
    exact p), on a dump small enough for the power against p + 0.1 to be
    neither 0 nor 1."""
    from scipy import stats
    b, rng = inputs(900, 99)
    f = {k: to_f32(b[k]) for k in "xgmv"}
    out, _ = adam_f32(f["x"], f["g"], f["m"], f["v"], T, **HP)
    p, r = verify(tmp + "/power", b, {k: bf16_sr(out[k], rng) for k in "xmv"}, "--math", "f32", "--storage", "bf16",
                  "--store-rounding", "stochastic")
    q = mixed_q(r, "m")
    pm, Bu, _ = exact_p(b, "m")
    ok = (pm > Bu) & (1 - pm > Bu)
    pm, Bu = pm[ok], Bu[ok]
    k = np.minimum(np.floor(pm * 10).astype(int), 9)
    sel = [k == j for j in range(10)]
    used = [s for s in sel if (pm[s] * (1 - pm[s])).sum() >= 10]
    crit = stats.chi2.isf(r["mixed"]["alpha"], len(used))

    def rejects(up):
        x2 = sum(max(0.0, abs(up[s].sum() - pm[s].sum()) - Bu[s].sum()) ** 2 / (pm[s] * (1 - pm[s])).sum()
                 for s in used)
        return x2 > crit
    sim = np.random.default_rng(5)
    plus = np.mean([rejects(sim.random(pm.size) < np.minimum(1, pm + 0.1)) for _ in range(4000)])
    down, near = rejects(np.zeros(pm.size, bool)), rejects(pm > 0.5)
    check(p.returncode == 0 and len(used) == q["dof"] and abs(crit - q["critical"]) < 1e-6 * crit,
          "power, m of 900 coordinates: %d bins, critical chi2 %.6g (scipy %.6g)" % (q["dof"], q["critical"], crit))
    check(abs(q["power"]["p_plus_0.1"] - plus) < 0.05 and 0.05 < plus < 0.95 and
          q["power"]["always_down"] == down and q["power"]["always_nearest"] == near,
          "  power: optref %s; simulated here: always down %d, always nearest %d, p + 0.1 %.3f" % (
              q["power"], down, near, plus))


def shard_checks(tmp):
    """--shard I/N in mixed precision, then --merge: the merged report's mixed section
    (counts, exact sums, statistic, p-value, power) and verdict equal the unsharded
    report's, exactly; a stochastic source biased by +0.1 fails the same way merged;
    shards of different settings are refused in one line."""
    b, rng = inputs(3000, 11)
    f = {k: to_f32(b[k]) for k in "xgmv"}
    out, _ = adam_f32(f["x"], f["g"], f["m"], f["v"], T, **HP)
    runs = [("rn", {k: bf16_rn(out[k]) for k in "xmv"}, ()),
            ("sr", {k: bf16_sr(out[k], rng) for k in "xmv"}, ("--store-rounding", "stochastic")),
            ("biased", {k: bf16_sr(out[k], rng, shift=6554) for k in "xmv"}, ("--store-rounding", "stochastic"))]
    for name, after, extra in runs:
        d = os.path.join(tmp, "shard-" + name)
        opts = ("--math", "f32", "--storage", "bf16") + extra
        p, whole = verify(d, b, after, *opts)
        shards = []
        for i in range(4):
            js = os.path.join(d, "s%d.json" % i)
            q = subprocess.run([OPTREF, "verify-step", "adam"] + ["%s=%r" % kv for kv in HP.items()] + [
                "--before", os.path.join(d, "before"), "--after", os.path.join(d, "after"), "--t", str(T),
                "--json", js, "--shard", "%d/4" % i] + list(opts), capture_output=True, text=True)
            check(q.returncode in (0, 1), "shard %s %d/4 runs: %s" % (name, i, q.stderr.strip()))
            shards.append(js)
        mj = os.path.join(d, "merged.json")
        q = subprocess.run([OPTREF, "verify-step", "--merge"] + shards + ["--json", mj], capture_output=True, text=True)
        merged = json.load(open(mj)) if q.returncode in (0, 1) else {}
        check(q.returncode == p.returncode and merged.get("mixed") == whole["mixed"] and
              merged.get("pass") == whole["pass"] and merged.get("failed") == whole["failed"],
              "%s: 4 shards merged give the unsharded mixed report (exit %d, pass %s, %s)" % (
                  name, q.returncode, merged.get("pass"), verdict(q)))
        if name == "biased":
            check(q.returncode == 1 and "is biased" in verdict(q), "biased, merged: %s" % verdict(q))
    # a shard judged with other settings
    d = os.path.join(tmp, "shard-rn")
    js = os.path.join(d, "other.json")
    subprocess.run([OPTREF, "verify-step", "adam"] + ["%s=%r" % kv for kv in HP.items()] + [
        "--before", os.path.join(d, "before"), "--after", os.path.join(d, "after"), "--t", str(T), "--json", js,
        "--shard", "1/4", "--math", "f32", "--storage", "bf16,m=bf16,v=bf16", "--store-rounding", "stochastic"],
        capture_output=True, text=True)
    q = subprocess.run([OPTREF, "verify-step", "--merge", os.path.join(d, "s0.json"), js, os.path.join(d, "s2.json"),
                        os.path.join(d, "s3.json")], capture_output=True, text=True)
    err = q.stderr.strip()
    check(q.returncode == 2 and "differs" in err and len(err.splitlines()) == 1,
          "shards of other mixed settings refused: exit %d, %s" % (q.returncode, err))


def output_checks(tmp):
    """--json never writes over an input, nor over an existing file without --force."""
    d = os.path.join(tmp, "shard-rn")  # left by shard_checks: before/, after/, s0..s3.json
    base = [OPTREF, "verify-step", "adam"] + ["%s=%r" % kv for kv in HP.items()] + [
        "--before", os.path.join(d, "before"), "--after", os.path.join(d, "after"), "--t", str(T),
        "--math", "f32", "--storage", "bf16"]
    s0 = os.path.join(d, "s0.json")
    cases = [(base + ["--json", s0], "exists; not replaced (use --force)"),
             (base + ["--json", os.path.join(d, "before", "m.npy"), "--force"], "an input directory"),
             ([OPTREF, "verify-step", "--merge", s0, os.path.join(d, "s1.json"), "--json", s0, "--force"],
              "that is an input"),
             ([OPTREF, "verify-step", "--merge", s0, os.path.join(d, "s1.json"), "--json",
               os.path.join(d, "s2.json")], "exists; not replaced")]
    for args, want in cases:
        before = open(s0, "rb").read()
        p = subprocess.run(args, capture_output=True, text=True)
        err = p.stderr.strip()
        check(p.returncode == 2 and want in err and len(err.splitlines()) == 1 and open(s0, "rb").read() == before,
              "--json refused: %s" % err)
    p = subprocess.run(base + ["--json", s0, "--force", "--shard", "0/4"], capture_output=True, text=True)
    check(p.returncode in (0, 1) and json.load(open(s0))["shard"] == [0, 4], "--json with --force replaces: exit %d"
          % p.returncode)


def f16_sr(y, rng):
    """Stochastic rounding of float32 y to float16: up with probability (y - lo) / (hi - lo)."""
    f = y.astype(np.float16)
    lo = np.where(f.astype(np.float32) > y, np.nextafter(f, np.float16(-np.inf)), f)
    hi = np.nextafter(lo, np.float16(np.inf))
    p = (y.astype(np.float64) - lo.astype(np.float64)) / (hi.astype(np.float64) - lo.astype(np.float64))
    return np.where(rng.random(y.shape) < p, hi, lo)


def f16_checks(tmp):
    """float32 math stored in float16 (NumPy's astype rounds to nearest)."""
    rng = np.random.default_rng(16)
    n = 20000
    b = {"x": rng.standard_normal(n).astype(np.float16), "g": (0.1 * rng.standard_normal(n)).astype(np.float16),
         "m": (0.05 * rng.standard_normal(n)).astype(np.float16),
         "v": (0.01 * rng.standard_normal(n) ** 2 + 1e-3).astype(np.float16)}
    out, _ = adam_f32(*(b[k].astype(np.float32) for k in "xgmv"), T, **HP)
    base = ("--math", "f32", "--storage", "f16")
    p, r = verify(tmp + "/f16", b, {k: out[k].astype(np.float16) for k in "xmv"}, *base)
    check(p.returncode == 0, "f32 math, f16 storage, nearest: PASS: " + verdict(p))
    p, r = verify(tmp + "/f16sr", b, {k: f16_sr(out[k], rng) for k in "xmv"}, *base, "--store-rounding", "stochastic")
    check(p.returncode == 0, "f32 math, f16 storage, stochastic: PASS: " + verdict(p))
    p, r = verify(tmp + "/f16rn", b, {k: out[k].astype(np.float16) for k in "xmv"}, *base,
                  "--store-rounding", "stochastic")
    check(p.returncode == 1 and "stochastic rounding of m (stored as f16)" in verdict(p),
          "f16: nearest as stochastic fails: " + verdict(p))


def torch_check(tmp):
    try:
        import torch
    except ImportError:
        print("skip torch: not installed")
        return
    torch.manual_seed(0)
    model = torch.nn.Linear(64, 32).to(torch.bfloat16)
    master = [p.detach().float().clone().requires_grad_(True) for p in model.parameters()]
    opt = torch.optim.Adam(master, lr=1e-3)
    w = master[0]
    for step in range(1, 4):
        model.zero_grad()
        xin = torch.randn(16, 64).to(torch.bfloat16)
        model(xin).float().square().mean().backward()
        for p, q in zip(model.parameters(), master):
            q.grad = p.grad.float()
        if step == 3:
            st = opt.state[w]
            before = {"x": w.detach().numpy().copy(), "g": model.weight.grad.view(torch.int16).numpy().view(np.uint16).copy(),
                      "m": st["exp_avg"].numpy().copy(), "v": st["exp_avg_sq"].numpy().copy()}
        opt.step()
        with torch.no_grad():
            for p, q in zip(model.parameters(), master):
                p.copy_(q.to(torch.bfloat16))
    st = opt.state[w]
    after = {"x": w.detach().numpy(), "m": st["exp_avg"].numpy(), "v": st["exp_avg_sq"].numpy(),
             "x_model": model.weight.detach().view(torch.int16).numpy().view(np.uint16)}
    p, r = verify(tmp + "/torch", before, after, "--math", "f32", "--storage", "f32,g=bf16,x_model=bf16", t=3)
    check(p.returncode == 0, "torch %s: bf16 Linear, f32 master Adam, .to(bfloat16) copy: PASS: %s" % (
        torch.__version__, verdict(p)))
    after["x_model"] = (model.weight.detach().float() + 2 ** -7).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
    p, r = verify(tmp + "/torch2", before, after, "--math", "f32", "--storage", "f32,g=bf16,x_model=bf16", t=3)
    check(p.returncode == 1 and "x_model" in verdict(p), "torch: a shifted model copy fails: " + verdict(p))


def bad_input_checks(tmp):
    b, rng = inputs(50, 1)
    f = {k: to_f32(b[k]) for k in "xgmv"}
    out, _ = adam_f32(f["x"], f["g"], f["m"], f["v"], T, **HP)
    a = {k: bf16_rn(out[k]) for k in "xmv"}
    cases = [
        (("--math", "f33", "--storage", "bf16"), "--math 'f33'"),
        (("--math", "f32", "--storage", "bf17"), "'bf17' is none of"),
        (("--math", "f32", "--storage", "bf16", "--store-rounding", "random"), "'random' is none of"),
        (("--math", "f32", "--storage", "bf16", "--dtype", "bf16"), "--dtype bf16 with --math"),
        (("--storage", "bf16"), "--storage needs --math"),
        (("--math", "f32"), "--math needs --storage"),
        (("--math", "f32", "--storage", "bf16,f16"), "two defaults"),
        (("--math", "f32", "--storage", "bf16,m=f32,m=f16"), "'m' is given twice"),
        (("--math", "f32", "--storage", "bf16,w=f32"), "'w' is not a quantity"),
        (("--math", "f32", "--storage", "f32", "--store-rounding", "stochastic"), "nothing to round"),
        (("--math", "f32", "--storage", "bf16", "--store-rounding", "m=stochastic,x=nearest,m=nearest"),
         "given twice"),
        (("--math", "f32", "--storage", "bf16", "--math", "f16"), "--math given twice"),
        (("--math", "f32", "--storage", "bf16,m=f32"), "before/m.npy: holds 16-bit words"),  # not "say --dtype bf16"
        (("--math", "f32", "--storage", "bf16", "--sr-alpha", "0.7"), "--sr-alpha"),
        (("--math", "f32", "--storage", "bf16", "--shard", "2/2"), "is not I/N with 0 <= I < N"),
    ]
    for opts, want in cases:
        p, _ = verify(tmp + "/bad", b, a, *opts)
        err = p.stderr.strip()
        check(p.returncode == 2 and want in err and len(err.splitlines()) == 1,
              "bad %s: exit %d, %s" % (" ".join(opts), p.returncode, err))


def python_module_checks(tmp):
    try:
        import optref
    except ImportError as e:
        print("skip python module: %s" % e)
        return
    b, rng = inputs(20000, 7)
    f = {k: to_f32(b[k]) for k in "xgmv"}
    out, _ = adam_f32(f["x"], f["g"], f["m"], f["v"], T, **HP)
    before = {k: b[k] for k in "xgmv"}
    r = optref.verify_step("adam", HP, before, {k: bf16_sr(out[k], rng) for k in "xmv"}, t=T, math="f32",
                           storage="bf16", store_rounding="stochastic")
    check(r.passed and r.mixed["quantities"][0]["rounding"] == "stochastic",
          "optref.verify_step(math='f32', storage='bf16', store_rounding='stochastic'): PASS")
    r = optref.verify_step("adam", HP, before, {k: bf16_rn(out[k]) for k in "xmv"}, t=T, math="f32",
                           storage="bf16", store_rounding="stochastic")
    check(not r.passed and "stochastic" in str(r), "the module: nearest as stochastic fails:\n" + str(r))
    try:
        optref.verify_step("adam", HP, before, {k: bf16_rn(out[k]) for k in "xmv"}, t=T, math="f32",
                           storage="bf16", dtype="bf16")
        check(False, "the module: dtype with math refused")
    except optref.OptrefError as e:
        check("--dtype" in str(e), "the module: dtype with math refused: %s" % e)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        numpy_checks(tmp)
        f16_checks(tmp)
        bad_input_checks(tmp)
        shard_checks(tmp)
        output_checks(tmp)
        python_module_checks(tmp)
        power_check(tmp)
        torch_check(tmp)
    print("%d failed" % len(FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
