"""Suite schedules (test schedules-torch): optref's η_t, correctly rounded,
beside what a user of PyTorch (run here: Debian python3-torch) or of optax
and Keras (transcribed from their sources in Python floats: neither is
installable here; conventions.md 3.2, 3.3) gets for the same schedule.

Run: /usr/bin/python3 tests/check_schedules_torch.py OPTREF [--table]
Exit 0 when every sequence is within its ULP budget over the range where
the two compute the same function, 77 (skip) when torch is missing, 1 else.
The budgets are about four times the largest difference measured (torch's
recursive schedulers round once more per step; libm's cos and pow are not
correctly rounded); a different formula, an off-by-one or a missed
restart costs thousands of ULPs or more.  The last rows are expected to
differ ([M] rows): they show the check can fail."""
import math
import subprocess
import sys
import warnings

try:
    import torch
    from torch.optim import lr_scheduler as L
except ImportError:
    print("torch not importable: skipped")
    sys.exit(77)

warnings.filterwarnings("ignore")
OPTREF = sys.argv[1]
TABLE = "--table" in sys.argv


def optref(spec, eta0, n):
    """η_t for t = 1..n (index e = t − 1), exact at 256 bits, rounded once to binary64."""
    out = subprocess.run([OPTREF, "schedule", spec, "--eta0", repr(eta0), "--steps", str(n),
                          "--precision", "mpfr:256", "--format", "hex"],
                         check=True, capture_output=True, text=True).stdout.split()
    assert out[0] == "t,eta", out[0]
    return [float.fromhex(row.split(",")[1]) for row in out[1:]]


def torch_seq(make, lr, n):
    """The lr each optimizer step uses, the canonical loop: opt.step(); sched.step()."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sch = make(opt)
    seq = []
    for _ in range(n):
        seq.append(opt.param_groups[0]["lr"])
        opt.step()
        sch.step()
    return seq


def d2l_factor(factor, stop, base, n):
    """D2L FactorScheduler under D2L's train(): epoch 0 uses base, epoch e the (e−1)-th call."""
    seq, lr = [base], base
    for _ in range(n - 1):
        lr = max(stop, lr * factor)
        seq.append(lr)
    return seq


def d2l_cosine(max_update, base, final, warmup, warmup_begin, n):
    """D2L CosineScheduler(max_update, base_lr, final_lr, warmup_steps, warmup_begin_lr), plotted at e."""
    seq, lr = [], base
    for e in range(n):
        if e < warmup:
            seq.append(warmup_begin + (base - warmup_begin) * float(e) / float(warmup))
            continue
        if e <= max_update:
            lr = final + (base - final) * (1 + math.cos(math.pi * (e - warmup) / (max_update - warmup))) / 2
        seq.append(lr)
    return seq


def optax_warmup_cosine(init, peak, W, T, end, exponent, n):
    """optax warmup_cosine_decay_schedule (optax/schedules/_schedule.py), float64."""
    alpha = 0.0 if peak == 0.0 else end / peak
    seq = []
    for c in range(n):
        if c < W:
            frac = 1 - min(max(c, 0), W) / W
            seq.append((init - peak) * frac ** 1 + peak)
        else:
            cc = min(c - W, T - W)
            cd = 0.5 * (1 + math.cos(math.pi * cc / (T - W)))
            seq.append(peak * ((1 - alpha) * cd ** exponent + alpha))
    return seq


def keras_restarts(init, first, t_mul, m_mul, alpha, n):
    """Keras 3 CosineDecayRestarts, in float64 (Keras computes in float32)."""
    seq = []
    for s in range(n):
        f = s / first
        if t_mul == 1.0:
            i = math.floor(f)
            f -= i
        else:
            i = math.floor(math.log(1.0 - f * (1.0 - t_mul)) / math.log(t_mul))
            f = (f - (1.0 - t_mul ** i) / (1.0 - t_mul)) / t_mul ** i
        cd = 0.5 * m_mul ** i * (1.0 + math.cos(math.pi * f))
        seq.append(init * ((1 - alpha) * cd + alpha))
    return seq


def stlr(T, cut_frac, ratio, eta_max, n):
    """Howard & Ruder eq. 3 as a user writes it in a LambdaLR, e from 0, held after T."""
    cut = math.floor(T * cut_frac)
    seq = []
    for e in range(n):
        e = min(e, T)
        p = e / cut if e < cut else 1 - (e - cut) / (cut * (1 / cut_frac - 1))
        seq.append(eta_max * (1 + p * (ratio - 1)) / ratio)
    return seq


def ulps(got, want, scale=0.0):
    """|got − want| in ULPs of max(|want|, scale); scale = the largest |want| so far
    is the measure `optref verify` judges by (optref_ulp_scaled, doc/verify.md)."""
    if got == want:
        return 0.0
    ref = max(abs(want), scale)
    return abs(got - want) / math.ulp(ref) if ref != 0 else math.inf


def scaled(theirs, mine):
    out, top = [], 0.0
    for a, b in zip(theirs, mine):
        top = max(top, abs(b))
        out.append(ulps(a, b, top))
    return out


# (label, optref spec, η0, steps, what the framework user gets, budget in ULPs, expect)
ROWS = [
    ("invsqrt", "invsqrt:c=0", 0.1, 30,
     lambda: torch_seq(lambda o: L.LambdaLR(o, lambda e: (e + 1) ** -0.5), 0.1, 30), 4, "same"),
    ("factor", "factor:alpha=0.9,floor=0", 0.1, 60,
     lambda: torch_seq(lambda o: L.ExponentialLR(o, 0.9), 0.1, 60), 4, "same"),
    ("factor (D2L)", "factor:alpha=0.9,floor=0.01", 2.0, 60,
     lambda: d2l_factor(0.9, 0.01, 2.0, 60), 4, "same"),
    ("multifactor", "multifactor:steps=15,30,45,alpha=0.5", 0.5, 50,
     lambda: torch_seq(lambda o: L.MultiStepLR(o, [15, 30, 45], 0.5), 0.5, 50), 0, "same"),
    ("cosine", "cosine:T=20,eta_T=0.01", 0.3, 21,
     lambda: torch_seq(lambda o: L.CosineAnnealingLR(o, 20, 0.01), 0.3, 21), 4, "same"),
    ("cosine (D2L)", "cosine:T=20,eta_T=0.01", 0.3, 30,
     lambda: d2l_cosine(20, 0.3, 0.01, 0, 0, 30), 4, "same"),
    ("cosine+warm-up", "cosine:T=20,W=5,eta_T=0.01,eta_w=0.03", 0.3, 21,
     lambda: torch_seq(lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.1, 1.0, 5),
                                                    L.CosineAnnealingLR(o, 15, 0.01)], [5]), 0.3, 21), 4, "same"),
    ("cosine+warm-up (D2L)", "cosine:T=20,W=5,eta_T=0.01,eta_w=0.03", 0.3, 30,
     lambda: d2l_cosine(20, 0.3, 0.01, 5, 0.03, 30), 4, "same"),
    ("cosine-torch", "cosine-torch:T=10,eta_min=0.001", 0.1, 50,
     lambda: torch_seq(lambda o: L.CosineAnnealingLR(o, 10, 0.001), 0.1, 50), 128, "same"),
    ("invtime", "invtime:d=0.5", 0.1, 30,
     lambda: torch_seq(lambda o: L.LambdaLR(o, lambda e: 1 / (1 + 0.5 * e)), 0.1, 30), 4, "same"),
    ("exponential", "exponential:gamma=0.9", 0.1, 100,
     lambda: torch_seq(lambda o: L.ExponentialLR(o, 0.9), 0.1, 100), 4, "same"),
    ("slanted", "slanted:T=100", 0.01, 110,
     lambda: torch_seq(lambda o: L.LambdaLR(o, lambda e: stlr(100, 0.1, 32, 1.0, e + 1)[e]), 0.01, 110), 4, "same"),
    ("sgdr", "sgdr:T0=5,Tmult=2,eta_min=0.001", 0.1, 80,
     lambda: torch_seq(lambda o: L.CosineAnnealingWarmRestarts(o, 5, 2, 0.001), 0.1, 80), 4, "same"),
    ("sgdr (AdamW multiplier)", "sgdr:T0=10,Tmult=2", 1.0, 80,
     lambda: torch_seq(lambda o: L.CosineAnnealingWarmRestarts(o, 10, 2), 1.0, 80), 4, "same"),
    ("cosine-optax", "cosine-optax:init=0,W=5,T=50,end=0.001", 0.1, 60,
     lambda: optax_warmup_cosine(0.0, 0.1, 5, 50, 0.001, 1.0, 60), 16, "same"),
    ("cosine-optax exponent 2", "cosine-optax:init=0.01,W=5,T=50,exponent=2", 0.1, 60,
     lambda: optax_warmup_cosine(0.01, 0.1, 5, 50, 0.0, 2.0, 60), 16, "same"),
    ("sgdr-keras", "sgdr-keras:T0=5,t_mul=2,m_mul=0.5,alpha=0.01", 0.1, 80,
     lambda: keras_restarts(0.1, 5, 2.0, 0.5, 0.01, 80), 4, "same"),
    # [M] rows: different functions under one name; must be caught.
    ("[M] cosine (held) vs torch CosineAnnealingLR past T", "cosine:T=20,eta_T=0.01", 0.3, 40,
     lambda: torch_seq(lambda o: L.CosineAnnealingLR(o, 20, 0.01), 0.3, 40), 64, "differ"),
    ("[M] invsqrt c=1 vs torch LambdaLR (e+1)^-1/2", "invsqrt:c=1", 0.1, 30,
     lambda: torch_seq(lambda o: L.LambdaLR(o, lambda e: (e + 1) ** -0.5), 0.1, 30), 4, "differ"),
    ("[M] sgdr vs keras CosineDecayRestarts (m_mul 0.5)", "sgdr:T0=5,Tmult=2", 0.1, 80,
     lambda: keras_restarts(0.1, 5, 2.0, 0.5, 0.0, 80), 8, "differ"),
]


def main():
    bad = 0
    for label, spec, eta0, n, fw, budget, expect in ROWS:
        mine, theirs = optref(spec, eta0, n), fw()
        d, ds = [ulps(a, b) for a, b in zip(theirs, mine)], scaled(theirs, mine)
        worst = max(range(n), key=lambda k: ds[k])
        ok = (ds[worst] <= budget) == (expect == "same")
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {label:52s} {spec} --eta0 {eta0}: max {ds[worst]:.3g} scaled ULP at "
              f"e={worst}, {max(d):.3g} ULP of the value (budget {budget} scaled, expected {expect})")
        if TABLE:
            print("      e  optref (exact, rounded)   framework                 ULPs")
            for e in range(10):
                print(f"    {e:3d}  {mine[e]:<24.17g}  {theirs[e]:<24.17g}  {d[e]:.3g}")
    print(f"{len(ROWS) - bad} of {len(ROWS)} sequences as expected")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
