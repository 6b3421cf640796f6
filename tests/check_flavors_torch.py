"""PyTorch's own optimizers judged by optref verify in their flavors (ref/flavor/*_torch.c).

Runs the real torch.optim classes (PyTorch 1.13.1, Debian python3-torch, CPU, the for-loop path)
on optref problems, exports each trajectory in verify's CSV format (doc/verify.md), and asserts:
  - float64: each flavor passes; the lecture algorithm (same problem, same hyper-parameters)
    fails where torch's math differs from it;
  - float32 and bfloat16 (float16 for SGD: the other classes are refused on CPU, which is checked):
    torch passes its flavor; float32 Adam and RMSprop fail the lecture algorithm's float32 truth;
  - deliberately wrong float32 optimizers (written here with torch tensor ops) fail their flavor;
  - with OPTREF_LIB set (meson's env), verify-step through the Python module on one step of torch's
    float32 and bfloat16 Adam and RMSprop: pass as ALG:torch, fail as the lecture algorithm.
Usage: check_flavors_torch.py OPTREF [--table] [--measure]
  --table: one line per run with its largest ULPs; --measure: no budgets, the largest ULPs of the
  passing runs per flavor, format and mode (how golden/TOLERANCES's flavor rows were calibrated).
Exit 77 (skipped) without torch.
Needs /usr/bin/python3 with torch; suite 'script'."""
import json
import os
import subprocess
import sys
import tempfile

try:
    import torch
except ImportError:
    sys.exit(77)

OPTREF = sys.argv[1]
TABLE = "--table" in sys.argv
MEASURE = "--measure" in sys.argv  # no budgets: print the largest ULPs of the passing runs per flavor and format
MEASURED = {}
DT = {"f64": torch.float64, "f32": torch.float32, "bf16": torch.bfloat16, "f16": torch.float16}

# ---- problems, written here from optref list's formulas -------------------------------------------

PROBLEMS = {
    # quad:a=...,x0=...: f = Σ a_i x_i²
    "quad": ("quad:a=0.1,2,x0=-5,-2", lambda x, a=(0.1, 2.0): (torch.tensor(a, dtype=x.dtype) * x * x).sum(),
             [-5.0, -2.0]),
    # small gradients (the ε placements show): f = Σ a_i x_i² from near the minimum
    "quad-small": ("quad:a=0.5,0.05,1,x0=0.003,-0.02,0.0007",
                   lambda x: (torch.tensor([0.5, 0.05, 1.0], dtype=x.dtype) * x * x).sum(), [0.003, -0.02, 0.0007]),
    # Rosenbrock 1960, n = 2: (1 − x0)² + 100 (x1 − x0²)²
    "rosenbrock": ("rosenbrock", lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2, [-1.5, 2.0]),
}


def torch_run(cls, kw, prob, dtype, steps, names):
    """Rows t = 0..steps of (x, state, g) from the real optimizer; names: torch state keys exported."""
    _, f, x0 = PROBLEMS[prob]
    x = torch.tensor(x0, dtype=torch.float64).to(DT[dtype]).requires_grad_(True)
    opt = cls([x], **kw) if not callable(getattr(cls, "custom", None)) else cls.custom([x], **kw)
    rows = []
    nan = [float("nan")] * len(x0)
    st0 = opt.state[x] if x in opt.state else {}
    rows.append((0, x.detach().double().tolist(), {k: st0[k].double().tolist() if k in st0 else [0.0] * len(x0) for k in names}, nan))
    for t in range(1, steps + 1):
        opt.zero_grad()
        f(x).backward()
        g = x.grad.detach().double().tolist()
        opt.step()
        st = opt.state[x]
        rows.append((t, x.detach().double().tolist(), {k: st[k].double().tolist() for k in names}, g))
    return rows


def export(rows, names, path, state_as):
    n = len(rows[0][1])
    cols = ["t"] + [f"x[{i}]" for i in range(n)]
    for k in names:
        cols += [f"{state_as.get(k, k)}[{i}]" for i in range(n)]
    cols += [f"g[{i}]" for i in range(n)]
    with open(path, "w") as fh:
        fh.write(",".join(cols) + "\n")
        for t, x, st, g in rows:
            vals = x + sum((st[k] for k in names), []) + g
            fh.write(",".join([str(t)] + [float(v).hex() for v in vals]) + "\n")


def verify(spec, path, dtype, mode=None, extra=()):
    cmd = [OPTREF, "verify", "--case-spec", spec, path, "--dtype", dtype, *extra]
    with tempfile.TemporaryDirectory() as d:
        js = os.path.join(d, "r.json")
        cmd += ["--json", js] + (["--mode", mode] if mode else [])
        if MEASURE:
            cmd += ["--tolerance", "1e9", "--step-tolerance", "1e9"]
        p = subprocess.run(cmd, capture_output=True, text=True)
        try:
            rep = json.load(open(js))
        except (OSError, ValueError):
            rep = None
    if p.returncode not in (0, 1):
        sys.exit(f"verify exited {p.returncode}: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return p.returncode == 0, p.stdout, rep


failures = []


def judge(label, spec, path, dtype, want_pass, mode=None, extra=()):
    if MEASURE and not want_pass:
        return
    ok, out, rep = verify(spec, path, dtype, mode, extra)
    if MEASURE and rep:
        for m, res in rep["modes"].items():
            for q in res.get("quantities", []) if res.get("judged") else []:
                key = (rep["algorithm"], dtype, m)
                if q["max_ulps"] > MEASURED.get(key, (-1,))[0]:
                    MEASURED[key] = (q["max_ulps"], f"{label} {q['quantity']} t={q['at_t']}")
        return
    if TABLE:
        worst = ""
        for m, res in (rep or {}).get("modes", {}).items():
            qs = [q for q in res.get("quantities", [])] if res.get("judged") else []
            if qs:
                q = max(qs, key=lambda q: q["max_ulps"])
                worst += f"  {m} {q['max_ulps']:.4g}/{res['tolerance_ulps']:g} ULP ({q['quantity']} t={q['at_t']})"
        print(f"{label:52s} {dtype:5s} {'PASS' if ok else 'FAIL'}{worst}")
    if ok != want_pass:
        failures.append(f"{label} [{dtype}]: expected {'PASS' if want_pass else 'FAIL'}\n  {spec}\n{out}")


# ---- deliberately wrong float optimizers, written with torch tensor ops ----------------------------

class Manual:
    """A one-parameter optimizer whose update is a function of (x, g, state, t) in x's dtype."""

    def __init__(self, params, update, init):
        self.x, self.update, self.t = params[0], update, 0
        self.state = {self.x: {k: torch.full_like(self.x, v).detach() for k, v in init.items()}}

    def zero_grad(self):
        self.x.grad = None

    def step(self):
        self.t += 1
        with torch.no_grad():
            self.update(self.x, self.x.grad, self.state[self.x], self.t)


def f32(c, dt):
    """c as the tensor format holds it: the lecture's way of forming constants from rounded inputs."""
    return torch.tensor(c, dtype=torch.float64).to(dt)


def adam_lecture_constants(x, g, st, t, lr=0.01, b1=0.9, b2=0.999, eps=1e-8):
    one, B1, B2 = f32(1.0, x.dtype), f32(b1, x.dtype), f32(b2, x.dtype)
    st["exp_avg"].mul_(B1).add_((one - B1) * g)
    st["exp_avg_sq"].mul_(B2).add_((one - B2) * g * g)  # 1 − β2 from β2 rounded to F
    mh = st["exp_avg"] / (one - B1 ** t)
    vh = st["exp_avg_sq"] / (one - B2 ** t)
    x.sub_(f32(lr, x.dtype) * mh / (vh.sqrt() + f32(eps, x.dtype)))


def adam_eps_inside(x, g, st, t, lr=0.01, b1=0.9, b2=0.999, eps=1e-4):
    st["exp_avg"].mul_(b1).add_(g, alpha=1 - b1)
    st["exp_avg_sq"].mul_(b2).addcmul_(g, g, value=1 - b2)
    denom = (st["exp_avg_sq"] / (1 - b2 ** t) + eps).sqrt()  # ε inside the root
    x.addcdiv_(st["exp_avg"], denom, value=-lr / (1 - b1 ** t))


def rmsprop_lecture_constants(x, g, st, t, lr=0.01, a=0.99, eps=1e-8):
    one, A = f32(1.0, x.dtype), f32(a, x.dtype)
    st["square_avg"].mul_(A).add_((one - A) * g * g)  # 1 − α from α rounded to F
    x.sub_(f32(lr, x.dtype) * g / (st["square_avg"].sqrt() + f32(eps, x.dtype)))


def sgd_dampened_first(x, g, st, t, lr=0.05, mu=0.9, d=0.5):
    st["momentum_buffer"].mul_(mu).add_(g, alpha=1 - d)  # (1 − τ) g already at step 1
    x.add_(st["momentum_buffer"], alpha=-lr)


def adagrad_eps_inside(x, g, st, t, lr=0.1, eps=1e-3):
    st["sum"].addcmul_(g, g, value=1)
    x.addcdiv_(g, (st["sum"] + eps).sqrt(), value=-lr)


def manual(update, init):
    class C:
        @staticmethod
        def custom(params, **kw):
            return Manual(params, update, init)
    return C


# ---- the runs --------------------------------------------------------------------------------------

O = torch.optim
# (label, torch class, torch kwargs, flavor, variant, optref items, torch state keys, problem, steps,
#  lecture: (algorithm, variant, items, verdict in f64[, torch state key -> the lecture's name]) or None)
RUNS = [
    ("sgd lr", O.SGD, dict(lr=0.05), "sgd-torch", "standard", "lr=0.05", [], "quad", 20,
     ("gd", "standard", "eta=0.05", True)),
    ("sgd momentum", O.SGD, dict(lr=0.05, momentum=0.9), "sgd-torch", "momentum", "lr=0.05 momentum=0.9",
     ["momentum_buffer"], "quad", 20, ("momentum", "standard", "eta=0.05 gamma=0.9", True)),
    ("sgd momentum dampening", O.SGD, dict(lr=0.05, momentum=0.9, dampening=0.5), "sgd-torch", "momentum",
     "lr=0.05 momentum=0.9 dampening=0.5", ["momentum_buffer"], "quad", 20,
     ("momentum", "standard", "eta=0.025 gamma=0.9", False)),
    ("sgd nesterov weight_decay", O.SGD, dict(lr=2e-4, momentum=0.9, nesterov=True, weight_decay=0.1),
     "sgd-torch", "nesterov", "lr=2e-4 momentum=0.9 weight_decay=0.1", ["momentum_buffer"], "rosenbrock", 30, None),
    ("adagrad", O.Adagrad, dict(lr=0.1), "adagrad-torch", "standard", "lr=0.1", ["sum"], "quad", 20,
     ("adagrad", "eps_outside", "eta=0.1 delta=1e-10", True, {"sum": "s"})),
    ("adagrad lr_decay s0", O.Adagrad, dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.3, eps=1e-6),
     "adagrad-torch", "standard", "lr=0.1 lr_decay=0.05 initial_accumulator_value=0.3 eps=1e-6", ["sum"],
     "quad-small", 20, ("adagrad", "eps_outside", "eta=0.1 delta=1e-6", False)),
    ("rmsprop", O.RMSprop, dict(lr=0.01), "rmsprop-torch", "standard", "lr=0.01", ["square_avg"], "quad", 20,
     ("rmsprop", "eps_outside", "eta=0.01 gamma=0.99 eps=1e-8", True, {"square_avg": "s"})),
    ("rmsprop centered momentum", O.RMSprop, dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.01),
     "rmsprop-torch", "centered_momentum", "lr=0.01 momentum=0.5 weight_decay=0.01",
     ["square_avg", "grad_avg", "momentum_buffer"], "quad", 20,
     ("rmsprop", "eps_outside", "eta=0.01 gamma=0.99 eps=1e-8", False)),
    ("adadelta", O.Adadelta, dict(), "adadelta-torch", "standard", "", ["square_avg", "acc_delta"], "quad", 20,
     ("adadelta", "standard", "rho=0.9 eps=1e-6", True, {"square_avg": "s", "acc_delta": "dx"})),
    ("adadelta lr rho", O.Adadelta, dict(lr=0.5, rho=0.95, eps=1e-5), "adadelta-torch", "standard",
     "lr=0.5 rho=0.95 eps=1e-5", ["square_avg", "acc_delta"], "rosenbrock", 30,
     ("adadelta", "standard", "rho=0.95 eps=1e-5", False)),
    ("adam", O.Adam, dict(lr=0.01), "adam-torch", "standard", "lr=0.01", ["exp_avg", "exp_avg_sq"], "quad", 20,
     ("adam", "standard", "alpha=0.01", True, {"exp_avg": "m", "exp_avg_sq": "v"})),
    ("adam rosenbrock weight_decay", O.Adam, dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.01), "adam-torch",
     "standard", "lr=0.01 beta1=0.8 beta2=0.99 weight_decay=0.01", ["exp_avg", "exp_avg_sq"], "rosenbrock", 50, None),
    ("adam amsgrad", O.Adam, dict(lr=0.1, amsgrad=True), "adam-torch", "amsgrad", "lr=0.1",
     ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"], "quad-small", 20,
     ("amsgrad", "box", "alpha=0.1 eps=1e-8", False)),
    ("adamw", O.AdamW, dict(lr=0.01, weight_decay=0.1), "adamw-torch", "standard", "lr=0.01 weight_decay=0.1",
     ["exp_avg", "exp_avg_sq"], "quad", 20, ("adamw", "adamw_lr", "eta=0.01 alpha=1 lambda=0.1", True)),
    ("adamw amsgrad", O.AdamW, dict(lr=0.01, amsgrad=True), "adamw-torch", "amsgrad", "lr=0.01",
     ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"], "rosenbrock", 30, None),
]

# Deliberately wrong, float32: (label, optimizer, flavor, variant, items, state keys, problem, steps).
WRONG = [
    ("adam, 1 − β2 from β2 rounded to F", manual(adam_lecture_constants, {"exp_avg": 0, "exp_avg_sq": 0}),
     "adam-torch", "standard", "lr=0.01", ["exp_avg", "exp_avg_sq"], "quad", 20),
    ("adam, ε inside the root", manual(adam_eps_inside, {"exp_avg": 0, "exp_avg_sq": 0}),
     "adam-torch", "standard", "lr=0.01 eps=1e-4", ["exp_avg", "exp_avg_sq"], "quad-small", 20),
    ("rmsprop, 1 − α from α rounded to F", manual(rmsprop_lecture_constants, {"square_avg": 0}),
     "rmsprop-torch", "standard", "lr=0.01", ["square_avg"], "quad", 20),
    ("sgd, dampening at step 1", manual(sgd_dampened_first, {"momentum_buffer": 0}),
     "sgd-torch", "momentum", "lr=0.05 momentum=0.9 dampening=0.5", ["momentum_buffer"], "quad", 20),
    ("adagrad, ε inside the root", manual(adagrad_eps_inside, {"sum": 0}),
     "adagrad-torch", "standard", "lr=0.1 eps=1e-3", ["sum"], "quad-small", 20),
]

# Formats torch 1.13.1 CPU runs each optimizer in (float16: addcmul_/sqrt/addcdiv_ are not implemented
# for 'Half' on CPU; SGD needs only mul_ and add_).
FORMATS = {"sgd-torch": ["f64", "f32", "bf16", "f16"]}
DEFAULT_FORMATS = ["f64", "f32", "bf16"]


def spec_of(alg, variant, prob, steps, items):
    return f"torch {alg} {variant} {PROBLEMS[prob][0]} {steps} {items}".strip()


def verify_step_checks():
    """One step t = 3 of torch's float32 and bfloat16 Adam and RMSprop on 1000 coordinates, judged by
    verify-step through the Python module (when the environment gives it: OPTREF_LIB): each passes
    as ALG:torch and fails as the lecture algorithm with hyper-parameters rounded to the format."""
    if not os.environ.get("OPTREF_LIB"):
        return
    import optref
    torch.manual_seed(1)
    lecture = {"adam": ("adam", {"alpha": 0.01}, {"exp_avg": "m", "exp_avg_sq": "v"}),
               "rmsprop": ("rmsprop:eps_outside", {"eta": 0.01, "gamma": 0.99, "eps": 1e-8}, {"square_avg": "s"})}
    for name, cls, keys in [("adam", O.Adam, ["exp_avg", "exp_avg_sq"]), ("rmsprop", O.RMSprop, ["square_avg"])]:
        for dt in ["f32", "bf16"]:
            x = torch.randn(1000, dtype=torch.float64).to(DT[dt]).requires_grad_(True)
            opt = cls([x], lr=0.01)
            for t in range(1, 4):
                x.grad = torch.randn(1000, dtype=torch.float64).to(DT[dt])
                if t == 3:
                    before = {"x": x.detach().clone(), "g": x.grad.clone(),
                              **{k: opt.state[x][k].clone() for k in keys}}
                opt.step()
            after = {"x": x.detach().clone(), **{k: opt.state[x][k].clone() for k in keys}}
            arr = (lambda v: v.numpy()) if dt == "f32" else (lambda v: v)
            alg, hp, ren = lecture[name]
            for judged, h, names, want in [(f"{name}:torch", {"lr": 0.01}, {}, True), (alg, hp, ren, False)]:
                r = optref.verify_step(judged, h, {names.get(k, k): arr(v) for k, v in before.items()},
                                       {names.get(k, k): arr(v) for k, v in after.items()}, t=3, dtype=dt,
                                       round_hparams=not want)
                lab = f"verify-step: torch {name} t=3 as {judged}"
                if TABLE:
                    print(f"{lab:52s} {dt:5s} {'PASS' if r.passed else 'FAIL'} ",
                          " ".join(f"{k} {q['max_ulp']:g}" for k, q in r.quantities.items()))
                if r.passed != want:
                    failures.append(f"{lab} [{dt}]: expected {'PASS' if want else 'FAIL'}\n{r}")


def main():
    d = tempfile.mkdtemp(prefix="optref-torch-")
    path = os.path.join(d, "c.csv")
    for label, cls, kw, alg, var, items, names, prob, steps, lect in RUNS:
        for dt in FORMATS.get(alg, DEFAULT_FORMATS):
            rows = torch_run(cls, kw, prob, dt, steps, names)
            export(rows, names, path, {})
            judge(f"torch {label} as {alg}", spec_of(alg, var, prob, steps, items), path, dt, True)
        if lect:
            ren = lect[4] if len(lect) > 4 else {}
            rows = torch_run(cls, kw, prob, "f64", steps, list(ren))
            export(rows, list(ren), path, ren)
            judge(f"torch {label} as lecture {lect[0]} {lect[1]}", spec_of(lect[0], lect[1], prob, steps, lect[2]),
                  path, "f64", lect[3])
    # torch refuses float16 for the adaptive methods on CPU: the f16 flavors have no torch run to judge.
    # In a process of its own, without the environment's LD_PRELOAD: torch's refusal is a C++ exception,
    # which an ASan runtime preloaded for liboptref cannot intercept.
    probe = ("import torch\nx = torch.ones(2, dtype=torch.float16, requires_grad=True)\n(x * x).sum().backward()\n"
             "try:\n    torch.optim.Adam([x]).step()\nexcept RuntimeError:\n    raise SystemExit(3)\n")
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    if subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True).returncode != 3:
        failures.append("torch Adam ran on float16 CPU tensors (or the probe failed): add f16 to its FORMATS")
    for label, cls, alg, var, items, names, prob, steps in WRONG:
        rows = torch_run(cls, {}, prob, "f32", steps, names)
        export(rows, names, path, {})
        judge(f"wrong: {label}", spec_of(alg, var, prob, steps, items), path, "f32", False)
    # With the hyper-parameters held in float32 as the lecture's truth holds them (--hparams format),
    # torch's correct float32 Adam and RMSprop, whose 1 − β is binary64's, fail: why the flavors exist;
    # with either holding allowed (the default) they pass.
    for label, cls, kw, alg, var, items, names, prob, steps, lect in RUNS:
        if label in ("adam", "rmsprop"):
            rows = torch_run(cls, kw, prob, "f32", steps, list(lect[4]))
            export(rows, list(lect[4]), path, lect[4])
            spec = spec_of(lect[0], lect[1], prob, steps, lect[2])
            judge(f"torch {label} f32 as lecture {lect[0]}, --hparams format", spec, path, "f32", False,
                  extra=("--hparams", "format"))
            judge(f"torch {label} f32 as lecture {lect[0]}", spec, path, "f32", True)
    os.remove(path)
    os.rmdir(d)
    verify_step_checks()
    for key in sorted(MEASURED):
        print(*key, *MEASURED[key])
    if failures:
        sys.exit("\n".join(failures))
    print(f"ok: {len(RUNS)} torch configurations in their flavors, {len(WRONG)} wrong ones caught")


main()
