"""Suite cli (verify-step-all): every algorithm and variant of `optref list`
through `optref verify-step` (issue 11: "works on any algorithm optref has").

Each step is transcribed here independently, in NumPy, from the pseudocode
block of ref/alg/NAME.c (the papers' formulas: Kingma & Ba Alg. 1, Zeiler
Alg. 1, Reddi et al. Alg. 2, Shazeer & Stern Alg. 2, You et al. Alg. 1-2,
Duchi et al.'s full-matrix AdaGrad, Newton's x − ηH⁻¹g), computed in binary64
from float32 inputs and rounded once to float32: so the candidate is the
exact step rounded to float32 but where binary64's own error reaches half
a float32 ulp (never, on these inputs), and a tolerance of 2 ULP separates it
from a step with one deliberate slip, whose first failure (quantity and
pseudocode line, read off the pseudocode block) is asserted.  Coordinate-
mixing steps (a ball's projection, LARS/LAMB trust ratios on x's shape,
factored moments, full-matrix AdaGrad's G (n×n), Newton with before/H.npy)
are judged whole.  The test fails if `optref list` shows an algorithm or
variant this table lacks.

usage: check_verify_step_all.py OPTREF_EXE   (env: OPTREF_TOLERANCES)
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError as e:  # meson: exit status 77 is a skip
    print("skip: %s" % e)
    sys.exit(77)

EXE = sys.argv[1]
failures = []
rng = np.random.default_rng(11)
F32 = np.float32


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def r32(shape, lo=-1.0, hi=1.0):
    return rng.uniform(lo, hi, shape).astype(F32)


def spd32(n):
    """A symmetric positive definite float32 matrix (exactly symmetric)."""
    b = rng.uniform(-1, 1, (n, n))
    a = (b @ b.T + n * np.eye(n)).astype(F32)
    return np.triu(a) + np.triu(a, 1).T


def d(a):
    return np.asarray(a, dtype=np.float64)


def ball_mu(w, y, R):
    """μ >= 0 with Σ (w y/(w + μ))² = R² (0 when y is inside), by bisection in binary64."""
    if np.sum(y * y) <= R * R:
        return 0.0
    lo, hi = 0.0, np.max(w) * np.sqrt(np.sum(y * y)) / R
    while True:
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            return hi
        if np.sum((w * y / (w + mid)) ** 2) > R * R:
            lo = mid
        else:
            hi = mid


def psd_sqrt_inv_apply(G, delta, v, mu=0.0):
    """(δI + G^{1/2} + μI)⁻¹ v through G = QΛQᵀ (Λ clipped at 0)."""
    lam, Q = np.linalg.eigh(G)
    h = delta + np.sqrt(np.maximum(lam, 0)) + mu
    return Q @ ((Q.T @ v) / h), Q, lam


# ---- the steps: each returns the after-state in binary64 (rounded by the caller) ----

def gd(b, t, hp, var, slip):
    y = b["x"] - hp["eta"] * b["g"]
    if var == "ball":
        ny = np.sqrt(np.sum(y * y))
        s = min(1.0, hp["R"] / ny) * (1.001 if slip else 1)
        return {"x": y * s}
    return {"x": y - (1e-3 * y if slip else 0)}


def momentum(b, t, hp, var, slip):
    v = hp["gamma"] * b["v"] + hp["eta"] * b["g"] * (1.01 if slip else 1)
    return {"v": v, "x": b["x"] - v}


def nesterov(b, t, hp, var, slip):
    if var == "ux":
        u = b["x"] - hp["beta"] * b["g"]
        c = (t - 1) / (t + 2) if not slip else t / (t + 3)
        return {"u": u, "x": u + c * (u - b["u"])}
    v = hp["gamma"] * b["v"] - hp["alpha"] * b["g"]
    return {"v": v, "x": b["x"] + v * (1.01 if slip else 1)}


def adagrad(b, t, hp, var, slip):
    s = b["s"] + b["g"] * b["g"]
    if var == "eps_inside":
        den = np.sqrt(s + hp["eps"]) if not slip else np.sqrt(s) + hp["eps"]
    else:
        den = (hp["delta"] + np.sqrt(s)) * (1.01 if slip else 1)
    return {"s": s, "x": b["x"] - hp["eta"] / den * b["g"]}


def rmsprop(b, t, hp, var, slip):
    gm = hp["gamma"]
    s = gm * b["s"] + (1 - gm) * b["g"] ** 2 * (1.01 if slip else 1)
    den = np.sqrt(s + hp["eps"]) if var == "eps_inside" else np.sqrt(s) + hp["eps"]
    return {"s": s, "x": b["x"] - hp["eta"] / den * b["g"]}


def adadelta(b, t, hp, var, slip):
    rho, eps = hp["rho"], hp["eps"]
    s = rho * b["s"] + (1 - rho) * b["g"] ** 2
    gp = np.sqrt(b["dx"] + eps) / np.sqrt(s + eps) * b["g"]
    dx = rho * b["dx"] + (1 - rho) * gp * gp * (1.01 if slip else 1)
    return {"s": s, "dx": dx, "x": b["x"] - gp}


def adam_core(m0, v0, g, t, b1, b2, slip_v=False):
    m = b1 * m0 + (1 - b1) * g
    v = b2 * v0 + (1 - b2) * g * g * (1.01 if slip_v else 1)
    return m, v, m / (1 - b1 ** t), v / (1 - b2 ** t)


def adam(b, t, hp, var, slip):
    m, v, mh, vh = adam_core(b["m"], b["v"], b["g"], t, hp["beta1"], hp["beta2"], slip)
    if var == "simplified":
        mh, vh = m, v
    return {"m": m, "v": v, "x": b["x"] - hp["alpha"] * mh / (np.sqrt(vh) + hp["eps"])}


def adamw(b, t, hp, var, slip):
    lam, eta, al = hp["lambda"], hp["eta"], hp["alpha"]
    g = b["g"] + lam * b["x"] if var == "l2" else b["g"]
    m, v, mh, vh = adam_core(b["m"], b["v"], g, t, hp["beta1"], hp["beta2"])
    r = mh / (np.sqrt(vh) + hp["eps"])
    lam = lam * (1.5 if slip else 1)
    if var == "adamw":
        x = b["x"] - eta * (al * r + lam * b["x"])
    elif var == "l2":
        x = b["x"] - eta * al * r * (1.01 if slip else 1)
    else:
        x = b["x"] - eta * al * (r + lam * b["x"])
    return {"m": m, "v": v, "x": x}


def sgd(b, t, hp, var, slip):
    return {"x": b["x"] - hp["eps"] * b["g"] * (1.01 if slip else 1)}


def sgdw(b, t, hp, var, slip):
    lam, eta, al = hp["lambda"], hp["eta"], hp["alpha"]
    g = b["g"] + lam * b["x"] if var == "l2" else b["g"]
    m = hp["beta1"] * b["m"] + eta * al * g * (1.01 if slip else 1)
    x = b["x"] - m - (eta * lam * b["x"] if var == "sgdw" else eta * al * lam * b["x"] if var == "sgdw_lr" else 0)
    return {"m": m, "x": x}


def amsgrad(b, t, hp, var, slip):
    b1, b2 = hp["beta1"], hp["beta2"]
    m = b1 * b["m"] + (1 - b1) * b["g"]
    v = b2 * b["v"] + (1 - b2) * b["g"] ** 2
    vhat = np.maximum(b["vhat"], v) if not slip else v
    w = np.sqrt(vhat) + 0.0
    y = b["x"] - hp["alpha"] * m / w
    if var == "ball":
        mu = ball_mu(w.ravel(), y.ravel(), hp["R"])
        return {"m": m, "v": v, "vhat": vhat, "x": w * y / (w + mu)}
    return {"m": m, "v": v, "vhat": vhat, "x": y}


def adam_factored(b, t, hp, var, slip):
    b2, G = hp["beta2"], b["g"]
    R = b2 * b["R"] + (1 - b2) * np.sum(G * G, axis=1)
    C = b2 * b["C"] + (1 - b2) * np.sum(G * G, axis=0) * (1.01 if slip else 1)
    vhat = np.outer(R, C) / np.sum(R) / (1 - b2 ** t)
    return {"R": R, "C": C, "vhat": vhat, "x": b["x"] - hp["alpha"] * G / (np.sqrt(vhat) + hp["eps"])}


def lars(b, t, hp, var, slip):
    m = hp["beta1"] * b["m"] + (1 - hp["beta1"]) * (b["g"] + hp["lambda"] * b["x"])
    nx = np.sqrt(np.sum(b["x"] ** 2))
    phi = nx if var == "identity" else min(max(nx, hp["gamma_l"]), hp["gamma_u"])
    nm = np.sqrt(np.sum(m * m)) if not slip else np.sqrt(np.sum(b["g"] ** 2))
    return {"m": m, "x": b["x"] - hp["eta"] * phi / nm * m}


def lamb(b, t, hp, var, slip):
    m, v, mh, vh = adam_core(b["m"], b["v"], b["g"], t, hp["beta1"], hp["beta2"])
    r = mh / (np.sqrt(vh) + hp["eps"]) + hp["lambda"] * b["x"]
    nx = np.sqrt(np.sum(b["x"] ** 2))
    phi = nx if var == "identity" else min(max(nx, hp["gamma_l"]), hp["gamma_u"])
    return {"m": m, "v": v, "x": b["x"] - hp["eta"] * phi / np.sqrt(np.sum(r * r)) * r * (1.01 if slip else 1)}


def newton(b, t, hp, var, slip):
    H = b["H"] + (0.5 * np.eye(len(b["x"])) if slip else 0)
    dd = np.linalg.solve(H, b["g"])
    return {"d": dd, "x": b["x"] - hp["eta"] * dd}


def adagrad_full(b, t, hp, var, slip):
    g = b["g"]
    G = b["G"] + np.outer(g, g) * (1.01 if slip else 1)
    if var == "preconditioned":
        dd, _, _ = psd_sqrt_inv_apply(G, hp["delta"], g)
        return {"G": G, "x": b["x"] - hp["eta"] * dd}
    gsum = b["gsum"] + g
    c = hp["eta"] * gsum
    out = {"G": G, "gsum": gsum}
    if var == "primal_dual":
        out["x"] = -psd_sqrt_inv_apply(G, hp["delta"], c)[0]
        return out
    lam, Q = np.linalg.eigh(G)
    h = hp["delta"] + np.sqrt(np.maximum(lam, 0))
    cq = Q.T @ c
    mu = ball_mu(h, -cq / h, hp["R"]) if np.sum((cq / h) ** 2) > hp["R"] ** 2 else 0.0
    out["x"] = -(Q @ (cq / (h + mu)))
    out["mu"] = np.array([mu])
    return out


# ---- framework flavors (ref/flavor/*_torch.c): torch.optim's update rules, PyTorch 1.13.1 docs ----

def adam_torch(b, t, hp, var, slip, decoupled=False):
    lr, b1, b2, eps, lam = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"], hp["weight_decay"]
    x, g = b["x"], b["g"]
    if decoupled:
        x = x * (1 - lr * lam)
    else:
        g = g + lam * x
    m = b1 * b["exp_avg"] + (1 - b1) * g
    v = b2 * b["exp_avg_sq"] + (1 - b2) * g * g * (1.01 if slip and var == "standard" else 1)
    out = {"exp_avg": m, "exp_avg_sq": v}
    if var == "amsgrad":
        v = out["max_exp_avg_sq"] = np.maximum(b["max_exp_avg_sq"], v) if not slip else v
    out["x"] = x - lr / (1 - b1 ** t) * m / (np.sqrt(v) / np.sqrt(1 - b2 ** t) + eps)
    return out


def adamw_torch(b, t, hp, var, slip):
    return adam_torch(b, t, hp, var, slip, decoupled=True)


def sgd_torch(b, t, hp, var, slip):
    g = b["g"] + hp["weight_decay"] * b["x"]
    if var == "standard":
        return {"x": b["x"] - hp["lr"] * g * (1.01 if slip else 1)}
    mu, tau = hp["momentum"], hp.get("dampening", 0.0)
    buf = mu * b["momentum_buffer"] + (1 - tau) * g * (1.01 if slip else 1)
    step = g + mu * buf if var == "nesterov" else buf
    return {"momentum_buffer": buf, "x": b["x"] - hp["lr"] * step}


def adagrad_torch(b, t, hp, var, slip):
    g = b["g"] + hp["weight_decay"] * b["x"]
    clr = hp["lr"] / (1 + (t - 1) * hp["lr_decay"])
    s = b["sum"] + g * g * (1.01 if slip else 1)
    return {"sum": s, "x": b["x"] - clr * g / (np.sqrt(s) + hp["eps"])}


def rmsprop_torch(b, t, hp, var, slip):
    al = hp["alpha"]
    g = b["g"] + hp["weight_decay"] * b["x"]
    s = al * b["square_avg"] + (1 - al) * g * g * (1.01 if slip else 1)
    out = {"square_avg": s}
    if var.startswith("centered"):
        ga = out["grad_avg"] = al * b["grad_avg"] + (1 - al) * g
        sig = np.sqrt(s - ga * ga) + hp["eps"]
    else:
        sig = np.sqrt(s) + hp["eps"]
    if "momentum" not in var:
        out["x"] = b["x"] - hp["lr"] * g / sig
        return out
    buf = out["momentum_buffer"] = hp["momentum"] * b["momentum_buffer"] + g / sig
    out["x"] = b["x"] - hp["lr"] * buf
    return out


def adadelta_torch(b, t, hp, var, slip):
    rho, eps = hp["rho"], hp["eps"]
    g = b["g"] + hp["weight_decay"] * b["x"]
    s = rho * b["square_avg"] + (1 - rho) * g * g
    dl = np.sqrt(b["acc_delta"] + eps) / np.sqrt(s + eps) * g
    u = rho * b["acc_delta"] + (1 - rho) * dl * dl * (1.01 if slip else 1)
    return {"square_avg": s, "acc_delta": u, "x": b["x"] - hp["lr"] * dl}


TORCH_ADAM = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}

# (algorithm:variant, hyper-parameters, t, before's state: name -> shape kind, step, slip's first failure)
M = (4, 6)
CASES = [
    ("gd:standard", {"eta": 0.1}, 3, {}, gd, ("x", 4)),
    ("gd:ball", {"eta": 0.1, "R": 1.5}, 3, {}, gd, ("x", 5)),
    ("momentum:standard", {"eta": 0.1, "gamma": 0.9}, 3, {"v": "any"}, momentum, ("v", 3)),
    ("nesterov:ux", {"beta": 0.1}, 3, {"u": "any"}, nesterov, ("x", 4)),
    ("nesterov:lookahead", {"alpha": 0.1, "gamma": 0.9}, 3, {"v": "any"}, nesterov, ("x", 8)),
    ("adagrad:eps_inside", {"eta": 0.1, "eps": 1e-6}, 3, {"s": "pos"}, adagrad, ("x", 4)),
    ("adagrad:eps_outside", {"eta": 0.1, "delta": 1e-7}, 3, {"s": "pos"}, adagrad, ("x", 5)),
    ("rmsprop:eps_inside", {"eta": 0.01, "gamma": 0.9, "eps": 1e-6}, 3, {"s": "pos"}, rmsprop, ("s", 3)),
    ("rmsprop:eps_outside", {"eta": 0.01, "gamma": 0.9, "eps": 1e-6}, 3, {"s": "pos"}, rmsprop, ("s", 3)),
    ("adadelta:standard", {"rho": 0.9, "eps": 1e-6}, 3, {"s": "pos", "dx": "pos"}, adadelta, ("dx", 6)),
    ("adam:standard", {"alpha": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, 5, {"m": "any", "v": "pos"},
     adam, ("v", 4)),
    ("adam:simplified", {"alpha": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, 5, {"m": "any", "v": "pos"},
     adam, ("v", 4)),
    ("adamw:adamw", {"alpha": 1e-3, "eta": 1.0, "lambda": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, 5,
     {"m": "any", "v": "pos"}, adamw, ("x", 12)),
    ("adamw:l2", {"alpha": 1e-3, "eta": 1.0, "lambda": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, 5,
     {"m": "any", "v": "pos"}, adamw, ("x", 12)),
    ("adamw:adamw_lr", {"alpha": 1e-3, "eta": 1.0, "lambda": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, 5,
     {"m": "any", "v": "pos"}, adamw, ("x", 21)),
    ("sgd:standard", {"eps": 0.1}, 3, {}, sgd, ("x", 3)),
    ("sgdw:sgdw", {"alpha": 0.1, "eta": 1.0, "lambda": 0.01, "beta1": 0.9}, 3, {"m": "any"}, sgdw, ("m", 8)),
    ("sgdw:l2", {"alpha": 0.1, "eta": 1.0, "lambda": 0.01, "beta1": 0.9}, 3, {"m": "any"}, sgdw, ("m", 8)),
    ("sgdw:sgdw_lr", {"alpha": 0.1, "eta": 1.0, "lambda": 0.01, "beta1": 0.9}, 3, {"m": "any"}, sgdw, ("m", 8)),
    ("amsgrad:box", {"alpha": 0.01, "beta1": 0.9, "beta2": 0.999}, 3, {"m": "any", "v": "pos", "vhat": "big"},
     amsgrad, ("vhat", 6)),
    ("amsgrad:ball", {"alpha": 0.01, "beta1": 0.9, "beta2": 0.999, "R": 1.5}, 3,
     {"m": "any", "v": "pos", "vhat": "big"}, amsgrad, ("vhat", 6)),
    ("adam_factored:standard", {"alpha": 1e-3, "beta2": 0.999, "eps": 1e-8}, 5, {"R": "rows", "C": "cols"},
     adam_factored, ("C", 4)),
    ("lars:identity", {"eta": 0.1, "beta1": 0.9, "lambda": 0.0}, 3, {"m": "any"}, lars, ("x", 5)),
    ("lars:clip", {"eta": 0.1, "beta1": 0.9, "lambda": 0.01, "gamma_l": 0.5, "gamma_u": 2.0}, 3, {"m": "any"},
     lars, ("x", 5)),
    ("lamb:identity", {"eta": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "lambda": 0.01}, 5,
     {"m": "any", "v": "pos"}, lamb, ("x", 9)),
    ("lamb:clip", {"eta": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "lambda": 0.0, "gamma_l": 0.5,
                   "gamma_u": 2.0}, 5, {"m": "any", "v": "pos"}, lamb, ("x", 9)),
    ("newton:standard", {"eta": 1.0}, 3, {"H": "spd"}, newton, ("d", 3)),
    ("adagrad_full:preconditioned", {"eta": 0.1, "delta": 0.1}, 3, {"G": "spd"}, adagrad_full, ("G", 3)),
    ("adagrad_full:primal_dual", {"eta": 0.1, "delta": 0.1}, 3, {"G": "spd", "gsum": "any"}, adagrad_full,
     ("G", 3)),
    ("adagrad_full:primal_dual_ball", {"eta": 0.5, "delta": 0.1, "R": 0.3}, 3, {"G": "spd", "gsum": "any"},
     adagrad_full, ("G", 3)),
    ("adam-torch:standard", TORCH_ADAM, 5, {"exp_avg": "any", "exp_avg_sq": "pos"}, adam_torch, ("exp_avg_sq", 5)),
    ("adam-torch:amsgrad", TORCH_ADAM, 5, {"exp_avg": "any", "exp_avg_sq": "pos", "max_exp_avg_sq": "big"},
     adam_torch, ("max_exp_avg_sq", 9)),
    ("adamw-torch:standard", TORCH_ADAM, 5, {"exp_avg": "any", "exp_avg_sq": "pos"}, adamw_torch,
     ("exp_avg_sq", 5)),
    ("adamw-torch:amsgrad", TORCH_ADAM, 5, {"exp_avg": "any", "exp_avg_sq": "pos", "max_exp_avg_sq": "big"},
     adamw_torch, ("max_exp_avg_sq", 9)),
    ("sgd-torch:standard", {"lr": 0.1, "weight_decay": 0.01}, 3, {}, sgd_torch, ("x", 7)),
    ("sgd-torch:momentum", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}, 3,
     {"momentum_buffer": "any"}, sgd_torch, ("momentum_buffer", 4)),
    ("sgd-torch:nesterov", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}, 3,
     {"momentum_buffer": "any"}, sgd_torch, ("momentum_buffer", 4)),
    ("adagrad-torch:standard", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.01, "eps": 1e-10}, 3,
     {"sum": "pos"}, adagrad_torch, ("sum", 5)),
    ("rmsprop-torch:standard", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.01}, 3,
     {"square_avg": "pos"}, rmsprop_torch, ("square_avg", 3)),
    ("rmsprop-torch:centered", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.01}, 3,
     {"square_avg": "big", "grad_avg": "small"}, rmsprop_torch, ("square_avg", 3)),
    ("rmsprop-torch:momentum", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.01, "momentum": 0.5}, 3,
     {"square_avg": "pos", "momentum_buffer": "any"}, rmsprop_torch, ("square_avg", 3)),
    ("rmsprop-torch:centered_momentum", {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.01,
                                         "momentum": 0.5}, 3,
     {"square_avg": "big", "grad_avg": "small", "momentum_buffer": "any"}, rmsprop_torch, ("square_avg", 3)),
    ("adadelta-torch:standard", {"lr": 0.5, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.01}, 3,
     {"square_avg": "pos", "acc_delta": "pos"}, adadelta_torch, ("acc_delta", 6)),
]


def inputs(spec, shape):
    b = {"x": r32(shape), "g": r32(shape)}
    n = int(np.prod(shape))
    for name, kind in spec.items():
        b[name] = {"any": lambda: r32(shape), "pos": lambda: r32(shape, 0.01, 0.5), "big": lambda: r32(shape, 0.5, 1.0),
                   "small": lambda: r32(shape, -0.1, 0.1),
                   "rows": lambda: r32(shape[0], 0.01, 0.5), "cols": lambda: r32(shape[1], 0.01, 0.5),
                   "spd": lambda: spd32(n)}[kind]()
    return b


def save_dir(path, arrays):
    os.makedirs(path)
    for k, a in arrays.items():
        np.save(os.path.join(path, k + ".npy"), np.asarray(a, dtype=F32))


def verify(tmp, alg, hp, t, tag):
    rep = os.path.join(tmp, tag + ".json")
    if os.path.exists(rep):  # --json replaces a file only with --force
        os.remove(rep)
    args = [EXE, "verify-step", alg] + ["%s=%r" % kv for kv in hp.items()] + [
        "--before", os.path.join(tmp, "before"), "--after", os.path.join(tmp, tag), "--t", str(t),
        "--tolerance", "2", "--json", rep, "--quiet"]
    p = subprocess.run(args, capture_output=True, text=True)
    data = json.load(open(rep)) if p.returncode in (0, 1) else None
    return p, data


def listed():
    """algorithm:variant -> (its `optref list --json` entry, flavor?) for every variant."""
    d = json.loads(subprocess.run([EXE, "list", "--json"], capture_output=True, text=True, check=True).stdout)
    return {"%s:%s" % (a["name"], v["name"]): (a, kind == "flavors")
            for kind in ("algorithms", "flavors") for a in d.get(kind, []) for v in a["variants"]}


def accepted(name, a, var):
    """A flavor with no transcription here: verify-step takes its files (exit 0
    or 1 with a report judging x), from its list entry's state and parameters."""
    shape = (4, 6)
    with tempfile.TemporaryDirectory() as tmp:
        b = {"x": r32(shape), "g": r32(shape)}
        for st in a["state"]:
            if var in st["variants"] and not st["internal"] and st["extent"] in ("per_coord", "scalar"):
                b[st["name"]] = r32(shape if st["extent"] == "per_coord" else (), 0.01, 0.5)
        save_dir(os.path.join(tmp, "before"), b)
        save_dir(os.path.join(tmp, "after"), {k: v for k, v in b.items() if k != "g"})
        hp = {p["name"]: 0.1 for p in a["params"] if p["required"] and var in p["variants"]}
        p, r = verify(tmp, name, hp, 3, "after")
        return p.returncode in (0, 1) and any(q["name"] == "x" for q in r["quantities"]), p.stderr.strip()


def main():
    have, every = {c[0] for c in CASES}, listed()
    for name in sorted(set(every) - have):
        a, flavor = every[name]
        if not flavor:
            check(False, "%s has a transcription here" % name)
            continue
        ok, err = accepted(name, a, name.split(":")[1])
        check(ok, "%s (a flavor, no transcription here yet): verify-step takes it %s" % (name, err))
    for alg, hp, t, spec, step, (fq, fl) in CASES:
        name, var = alg.split(":")
        shape = (5,) if name in ("newton", "adagrad_full") else M
        with tempfile.TemporaryDirectory() as tmp:
            b = inputs(spec, shape)
            save_dir(os.path.join(tmp, "before"), b)
            bd = {k: d(v) for k, v in b.items()}
            for tag, slip in (("good", False), ("broken", True)):
                save_dir(os.path.join(tmp, tag), step(bd, t, hp, var, slip))
                p, r = verify(tmp, alg, hp, t, tag)
                if not slip:
                    check(p.returncode == 0 and r["pass"], "%s t=%d: the step passes (%s)" % (
                        alg, t, (p.stdout + p.stderr).strip().split("\n")[-1]))
                else:
                    f = r["failures"][0] if r and r["failures"] else {}
                    check(p.returncode == 1 and (f.get("quantity"), f.get("line")) == (fq, fl),
                          "%s: a slip fails first at %s, L%d (%s)" % (alg, fq, fl,
                                                                       (p.stdout + p.stderr).strip().split("\n")[-1]))
    # state step t reads must be given: Nesterov's u is read at t = 3 (t/(t+3) > 0), not at t = 1
    with tempfile.TemporaryDirectory() as tmp:
        b = inputs({}, M)
        save_dir(os.path.join(tmp, "before"), b)
        bd = {k: d(v) for k, v in b.items()}
        bd["u"] = np.zeros(M)
        save_dir(os.path.join(tmp, "after"), {"x": nesterov(bd, 1, {"beta": 0.1}, "ux", False)["x"]})
        p1, _ = verify(tmp, "nesterov:ux", {"beta": 0.1}, 1, "after")
        p3, _ = verify(tmp, "nesterov:ux", {"beta": 0.1}, 3, "after")
        check(p1.returncode == 0 and p3.returncode == 2 and "u.npy" in p3.stderr,
              "nesterov:ux without before/u.npy: judged at t=1 (u unread), refused at t=3: " + p3.stderr.strip())
    print("%d checks failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
