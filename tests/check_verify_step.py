"""Suite python: `optref verify-step` and the Python module on real PyTorch steps.

Expected verdicts come from outside optref: the steps are PyTorch's own
(torch.optim, Debian python3-torch, foreach=False), or NumPy code written here
from Kingma & Ba's Algorithm 1 with one deliberate change whose line is known
(ε inside the root: line 7 of Adam; β2 for β1 in the first moment: line 3).
torch.optim: Adam, AdamW, SGD.
Each passing check is paired with a failing one, so every check can fail.

usage: check_verify_step.py OPTREF_EXE   (env: OPTREF_LIB, PYTHONPATH, OPTREF_TOLERANCES)
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
except ImportError as e:  # meson: exit status 77 is a skip
    print("skip: %s" % e)
    sys.exit(77)

import optref

EXE = sys.argv[1]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def torch_step(opt_cls, dtype, t, **kw):
    """A small real model (Linear + MSE), t steps of torch.optim; the state
    before and after step t of its weight, as optref names it."""
    torch.manual_seed(1)
    model = torch.nn.Linear(300, 200).to(dtype)  # 60000 weights: 4 chunks of 16384
    opt = opt_cls(model.parameters(), foreach=False, **kw)
    w = model.weight
    before = None
    for step in range(1, t + 1):
        opt.zero_grad()
        x, y = torch.randn(32, 300, dtype=dtype), torch.randn(32, 200, dtype=dtype)
        (model(x) - y).square().mean().backward()  # MSE (mse_loss has no bfloat16 kernel on CPU)
        if step == t:
            st = opt.state.get(w, {})
            before = {"x": w.detach().clone(), "g": w.grad.clone()}
            if "exp_avg" in st:
                before.update(m=st["exp_avg"].clone(), v=st["exp_avg_sq"].clone())
            elif opt_cls is torch.optim.Adam:
                before.update(m=torch.zeros_like(w), v=torch.zeros_like(w))
        opt.step()
    st = opt.state[w]
    after = {"x": w.detach().clone()}
    if "exp_avg" in st:
        after.update(m=st["exp_avg"].clone(), v=st["exp_avg_sq"].clone())
        check(int(st["step"]) == t, "torch's state['step'] is t = %d" % t)
    return before, after


def numpy_adam(before, t, lr, b1=0.9, b2=0.999, eps=1e-8, eps_inside=False, m_beta=None):
    """Kingma & Ba Algorithm 1 in NumPy, in the arrays' own dtype."""
    x, g, m, v = (before[k].numpy() for k in ("x", "g", "m", "v"))
    dt = x.dtype.type
    m = dt(m_beta if m_beta is not None else b1) * m + dt(1 - b1) * g
    v = dt(b2) * v + dt(1 - b2) * g * g
    mh, vh = m / dt(1 - b1 ** t), v / dt(1 - b2 ** t)
    x = x - dt(lr) * mh / (np.sqrt(vh + dt(eps)) if eps_inside else np.sqrt(vh) + dt(eps))
    return {"x": x, "m": m, "v": v}


def torch_names(d):
    """optref's adam names to adam:torch's (torch's state keys)."""
    return {{"m": "exp_avg", "v": "exp_avg_sq"}.get(k, k): v for k, v in d.items()}


def main():
    hp = {"alpha": 1e-3}
    # 1. PyTorch Adam, float32 and float64: the step passes.
    for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        before, after = torch_step(torch.optim.Adam, dtype, 5, lr=1e-3)
        r = optref.verify_step("adam", hp, before, after, t=5)
        check(r.passed and r.data["coordinates"] == 60000, "torch Adam %s step 5 passes (60000 weights)" % name)
        check(all(q["compared"] == 60000 for q in r.data["quantities"]), "every coordinate judged (%s)" % name)
        print(r)
        # The same dump judged as step 4 (wrong bias correction) must fail on x.
        r4 = optref.verify_step("adam", hp, before, after, t=4)
        check(not r4.passed and r4.failures[0]["quantity"] == "x", "%s judged as t = 4 fails on x" % name)

    # 2. torch holds β in binary64 and computes 1 − β there: with the hyper-parameters
    # held rounded to float32 (round_hparams, --hparams format), m and v (lines 3, 4)
    # no longer match; by default either holding is allowed, and its flavor adam:torch,
    # which forms the constants as torch does, passes too.
    before, after = torch_step(torch.optim.Adam, torch.float32, 5, lr=1e-3)
    r = optref.verify_step("adam", hp, before, after, t=5, round_hparams=True)
    check(not r.passed and r.failures[0]["line"] == 3 and r.quantities["v"]["verdict"] == "FAIL",
          "float32 with hyper-parameters held in float32 fails at L3 and L4")
    rf = optref.verify_step("adam:torch", {"lr": 1e-3}, torch_names(before), torch_names(after), t=5)
    check(optref.verify_step("adam", hp, before, after, t=5).passed and rf.passed,
          "float32: passes adam (either holding) and adam:torch")

    # 3. A broken step: ε inside the root.  It fails, first at line 7 on x;
    # the moments (lines 3, 4) pass.  The correct NumPy step passes.
    for dtype in (torch.float64, torch.float32):
        before, _ = torch_step(torch.optim.Adam, dtype, 3, lr=1e-3)
        good = numpy_adam(before, 3, 1e-3)
        check(optref.verify_step("adam", hp, before, good, t=3).passed, "NumPy Adam %s passes" % dtype)
        bad = numpy_adam(before, 3, 1e-3, eps_inside=True)
        try:
            optref.assert_step_matches("adam", hp, before, bad, t=3, max_failures=3)
            check(False, "ε inside the root must fail (%s)" % dtype)
        except AssertionError as e:
            msg = str(e)
            print(msg)
            check("x[" in msg and "computed by L7" in msg and "computed by L3" not in msg,
                  "ε inside the root (%s): assertion names x and L7, not L3" % dtype)
        r = optref.verify_step("adam", hp, before, bad, t=3)
        q = r.quantities
        check(q["m"]["verdict"] == "PASS" and q["v"]["verdict"] == "PASS" and q["x"]["verdict"] == "FAIL",
              "ε inside the root: m, v PASS, x FAIL (%s)" % dtype)
    # 4. β2 in the first moment (the DS 4440 slip): the first failure is line 3.
    before, _ = torch_step(torch.optim.Adam, torch.float64, 3, lr=1e-3)
    r = optref.verify_step("adam", hp, before, numpy_adam(before, 3, 1e-3, m_beta=0.999), t=3)
    check(not r.passed and r.failures[0]["quantity"] == "m" and r.failures[0]["line"] == 3,
          "β2 in the first moment fails first at L3 on m")

    # 5. PyTorch AdamW (decay scaled by lr) is adamw:adamw_lr with α = lr, λ = weight_decay
    # (η = 1); the paper's variant (decay per unit η_t, not ×α) must fail on x.
    for dtype in (torch.float32, torch.float64):
        before, after = torch_step(torch.optim.AdamW, dtype, 4, lr=1e-3, weight_decay=0.01)
        awh = {"alpha": 1e-3, "lambda": 0.01}
        check(optref.verify_step("adamw:adamw_lr", awh, before, after, t=4).passed, "torch AdamW %s passes" % dtype)
        r = optref.verify_step("adamw:adamw", awh, before, after, t=4)
        check(not r.passed and r.failures[0]["quantity"] == "x", "AdamW judged as the paper's variant fails on x")

    # 6. bfloat16 (torch tensors travel as their 16 bits, '<u2' + dtype bf16), float16
    # (half storage, float32 arithmetic, as mixed-precision kernels do), and Fortran
    # order; each paired with a failing step.
    before, after = torch_step(torch.optim.Adam, torch.bfloat16, 3, lr=1e-3)
    r = optref.verify_step("adam", hp, before, after, t=3)
    check(r.passed and r.data["format"] == "bf16", "torch Adam bfloat16 passes: max x %s ULP" % r.quantities["x"]["max_ulp"])
    # In bf16, β2 = 0.999 may be held as bf16(0.999) = 1: then 1 − β2^t may be 0 and the
    # lecture's x has no bound (said, not judged); the flavor forms 1 − β2^t in binary64.
    check(r.quantities["x"]["unbounded"] > 0, "bfloat16: x partly without a bound in the lecture's adam")
    check(optref.verify_step("adam:torch", {"lr": 1e-3}, torch_names(before), torch_names(after), t=3).passed,
          "torch Adam bfloat16 passes adam:torch")
    check(not optref.verify_step("adam:torch", {"lr": 2e-3}, torch_names(before), torch_names(after), t=3).passed,
          "bfloat16 with 2α fails adam:torch")
    before, _ = torch_step(torch.optim.Adam, torch.float32, 3, lr=1e-3)
    b16 = {k: v.numpy().astype(np.float16) for k, v in before.items()}
    a16 = numpy_adam({k: torch.from_numpy(v.astype(np.float32)) for k, v in b16.items()}, 3, 1e-3, eps=1e-4)
    a16 = {k: v.astype(np.float16) for k, v in a16.items()}  # half storage, float32 arithmetic
    r = optref.verify_step("adam", {"alpha": 1e-3, "eps": 1e-4}, b16, a16, t=3)
    check(r.passed and r.data["format"] == "f16", "NumPy float16 Adam passes")
    if not r.passed:
        print(r)
    check(not optref.verify_step("adam", {"alpha": 1e-3, "eps": 1e-2}, b16, a16, t=3).passed, "float16, other ε fails")
    bF = {k: np.asfortranarray(v) for k, v in b16.items()}
    aF = {k: np.asfortranarray(v) for k, v in a16.items()}
    aF["x"][5, 7] += np.float16(1.0)   # one coordinate broken, in Fortran storage order
    r = optref.verify_step("adam", {"alpha": 1e-3, "eps": 1e-4}, bF, aF, t=3)
    check(r.data["fortran_order"] and not r.passed and r.failures[0]["index"] == [5, 7] and r.data["failed"] == 1,
          "Fortran order: the one broken coordinate is reported at [5, 7]")

    # 7. PyTorch SGD (no momentum) is optref's gd.
    before, after = torch_step(torch.optim.SGD, torch.float32, 2, lr=0.1)
    check(optref.verify_step("gd", {"eta": 0.1}, before, after, t=2).passed, "torch SGD float32 passes as gd")
    check(not optref.verify_step("gd", {"eta": 0.11}, before, after, t=2).passed, "gd with another η fails")

    # 8. β^t given as before/b1t.npy, b2t.npy (the candidate's own scalar state) instead of
    # derived from t: β^4 passes at t = 5, β^3 fails; a NaN in x after fails at its coordinate.
    # β = (0.5, 0.75): their powers are exact in binary64, so the given β^4 is the exact one
    # (a rounded β2^t costs ULPs where θ is small: 1 − β2^t cancels).
    hpb = {"alpha": 1e-3, "beta1": 0.5, "beta2": 0.75}
    before, after = torch_step(torch.optim.Adam, torch.float64, 5, lr=1e-3, betas=(0.5, 0.75))
    given = dict(before, b1t=np.array(0.5 ** 4), b2t=np.array(0.75 ** 4))
    check(optref.verify_step("adam", hpb, given, after, t=5).passed, "β1^4, β2^4 given in before/: passes")
    given = dict(before, b1t=np.array(0.5 ** 3), b2t=np.array(0.75 ** 3))
    check(not optref.verify_step("adam", hpb, given, after, t=5).passed, "β1^3, β2^3 given at t = 5: fails")
    nan_after = dict(after, x=after["x"].clone())
    nan_after["x"][7, 11] = float("nan")
    r = optref.verify_step("adam", hpb, before, nan_after, t=5)
    check(not r.passed and r.data["failed"] == 1 and r.failures[0]["index"] == [7, 11] and r.failures[0]["ulp"] == "inf",
          "NaN where the truth is finite: one FAIL at [7, 11], inf ULP")

    # 9. A schedule: η_t = η0/√(t + c) (optref's invsqrt) at t = 4, in NumPy float64;
    # the same dump judged as step 5 must fail (the step count reaches the schedule).
    rng = np.random.default_rng(3)
    x, g = rng.standard_normal(1000), rng.standard_normal(1000)
    sb, sa = {"x": x, "g": g}, {"x": x - (0.1 / np.sqrt(4 + 1)) * g}
    items = {"eta": 0.1, "schedule": "invsqrt:c=1"}
    check(optref.verify_step("gd", items, sb, sa, t=4).passed, "gd with η0/√(t + 1) at t = 4 passes")
    check(not optref.verify_step("gd", items, sb, sa, t=5).passed, "the same judged as t = 5 fails")

    cli_checks()
    doc_checks()
    bad_input_checks()
    print("%d failed" % len(failures))
    return 1 if failures else 0


def save(d, arrays):
    os.makedirs(d, exist_ok=True)
    for k, a in arrays.items():
        np.save(os.path.join(d, k + ".npy"), a.numpy() if hasattr(a, "numpy") else a)


def cli(*args):
    p = subprocess.run([EXE, "verify-step"] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def cli_checks():
    with tempfile.TemporaryDirectory() as d:
        before, _ = torch_step(torch.optim.Adam, torch.float32, 3, lr=1e-3)
        save(d + "/b", before)
        save(d + "/a", numpy_adam(before, 3, 1e-3, eps_inside=True))
        rc, out, err = cli("adam", "alpha=1e-3", "--before", d + "/b", "--after", d + "/a", "--t", "3",
                           "--json", d + "/r.json")
        print(out)
        check(rc == 1 and "FAIL: adam step t=3" in out and "pseudocode L7" in out, "CLI: broken step exits 1, L7")
        check("histogram of ULP errors" in out and "(0x1." in out, "CLI: histogram and hex values printed")
        j = json.load(open(d + "/r.json"))
        check(j["pass"] is False and j["failures"][0]["line"] == 7, "CLI --json: verdict and line")
        save(d + "/a", numpy_adam(before, 3, 1e-3))
        rc1, _, _ = cli("adam", "alpha=1e-3", "--before", d + "/b", "--after", d + "/a", "--t", "3", "--threads", "1")
        rc2, out2, _ = cli("adam", "alpha=1e-3", "--before", d + "/b", "--after", d + "/a", "--t", "3",
                           "--chunk", "1000")
        check(rc1 == 0 and rc2 == 0 and "2 threads, chunks of 1000" in out2, "CLI: correct step passes, 1 or 2 threads")
        # 4 shards (each 15000 coordinates, chunks of 4000) merged equal the whole dump's report.
        save(d + "/a", numpy_adam(before, 3, 1e-3, eps_inside=True))
        common = ["adam", "alpha=1e-3", "--before", d + "/b", "--after", d + "/a", "--t", "3", "--chunk", "4000"]
        cli(*common, "--json", d + "/whole.json")
        for i in range(4):
            rc, _, err = cli(*common, "--shard", "%d/4" % i, "--json", d + "/s%d.json" % i)
            check(rc == 1, "shard %d/4 judged: %s" % (i, err.strip()))
        p = subprocess.run([EXE, "verify-step", "--merge"] + [d + "/s%d.json" % i for i in (2, 0, 3, 1)] +
                           ["--json", d + "/merged.json"], capture_output=True, text=True)
        whole, merged = json.load(open(d + "/whole.json")), json.load(open(d + "/merged.json"))
        for k in ("threads", "chunk"):
            whole.pop(k), merged.pop(k)
        check(p.returncode == 1 and merged == whole and "4 shards merged" in p.stdout,
              "4 shards merged equal the unsharded report: " + p.stdout.strip())
        ws = json.load(open(d + "/s1.json"))
        check(ws["range"] == [15000, 30000] and ws["quantities"][0]["compared"] == 15000, "shard 1/4: 15000..29999")
        p = subprocess.run([EXE, "verify-step", "--merge", d + "/s0.json", d + "/s0.json", d + "/s1.json",
                            d + "/s2.json"], capture_output=True, text=True)
        check(p.returncode == 2 and "once" in p.stderr, "merge refuses a shard given twice: " + p.stderr.strip())


def doc_block(text, marker):
    """The ```python block of doc/verify-step.md that contains marker."""
    for block in text.split("```python\n")[1:]:
        code = block.split("```")[0]
        if marker in code:
            return code
    raise AssertionError("doc/verify-step.md: no python block with %r" % marker)


def doc_checks():
    """doc/verify-step.md's exporters, run as written, then its command."""
    text = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "doc", "verify-step.md")).read()
    with tempfile.TemporaryDirectory() as d:
        env = {}
        exec(doc_block(text, "def dump(opt, p, d"), env)
        torch.manual_seed(2)
        model = torch.nn.Sequential()
        model.fc = torch.nn.Linear(50, 40)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=False)
        for step in range(3):
            opt.zero_grad()
            loss = model.fc(torch.randn(8, 50)).square().mean()
            if step < 2:
                loss.backward()
                opt.step()
        loop = doc_block(text, "loss.backward()").replace('"before"', repr(d + "/b")).replace('"after"', repr(d + "/a"))
        exec(loop, dict(env, loss=loss, opt=opt, model=model))
        t = int(opt.state[model.fc.weight]["step"])
        rc, out, _ = cli("adam", "alpha=1e-3", "--before", d + "/b", "--after", d + "/a", "--t", str(t), "--quiet")
        check(rc == 0 and t == 3, "doc's PyTorch exporter: the step passes: " + out.strip())
        rc, _, _ = cli("adam", "alpha=2e-3", "--before", d + "/b", "--after", d + "/a", "--t", str(t), "--quiet")
        check(rc == 1, "doc's PyTorch exporter: another α fails")
        env = {}
        exec(doc_block(text, "def dump(d, **arrays)"), env)
        b = {k: v.numpy() for k, v in torch_step(torch.optim.Adam, torch.float32, 2, lr=1e-3)[0].items()}
        env["dump"](d + "/nb", **b)
        env["dump"](d + "/na", **numpy_adam({k: torch.from_numpy(v) for k, v in b.items()}, 2, 1e-3))
        rc, out, _ = cli("adam", "alpha=1e-3", "--before", d + "/nb", "--after", d + "/na", "--t", "2", "--quiet")
        check(rc == 0, "doc's NumPy exporter: the step passes: " + out.strip())


def bad_input_checks():
    with tempfile.TemporaryDirectory() as d:
        b = {k: np.ones((4, 3), np.float32) for k in ("x", "g", "m", "v")}
        a = {k: np.ones((4, 3), np.float32) for k in ("x", "m", "v")}
        save(d + "/b", b)
        save(d + "/a", a)
        args = ["adam", "--before", d + "/b", "--after", d + "/a", "--t", "1"]
        np.save(d + "/b/m.npy", np.ones((4, 3), ">f4"))
        rc, _, err = cli(*args)
        check(rc == 2 and "m.npy" in err and "'descr'" in err and "big-endian" in err, "big-endian refused: " + err.strip())
        np.save(d + "/b/m.npy", np.ones((3, 4), np.float32))
        rc, _, err = cli(*args)
        check(rc == 2 and "m.npy" in err and "'shape'" in err, "shape mismatch refused: " + err.strip())
        np.save(d + "/b/m.npy", np.asfortranarray(np.ones((4, 3), np.float32)))
        rc, _, err = cli(*args)
        check(rc == 2 and "fortran_order" in err, "mixed C and Fortran order refused: " + err.strip())
        np.save(d + "/b/m.npy", np.ones((4, 3), np.float64))
        rc, _, err = cli(*args)
        check(rc == 2 and "m.npy" in err and "f64" in err, "mixed dtypes refused: " + err.strip())
        raw = open(d + "/b/x.npy", "rb").read()
        open(d + "/b/m.npy", "wb").write(raw[:-5])
        rc, _, err = cli(*args)
        check(rc == 2 and "m.npy" in err and "truncated" in err, "truncated data refused: " + err.strip())
        np.save(d + "/b/m.npy", np.ones((4, 3), np.uint16))
        rc, _, err = cli(*args)
        check(rc == 2 and "--dtype bf16" in err, "'<u2' without --dtype bf16 refused: " + err.strip())
        np.save(d + "/b/m.npy", np.ones((4, 3), np.float32))
        os.remove(d + "/a/x.npy")
        rc, _, err = cli(*args)
        check(rc == 2 and "x.npy" in err and "missing" in err, "missing after/x.npy refused: " + err.strip())


if __name__ == "__main__":
    sys.exit(main())
