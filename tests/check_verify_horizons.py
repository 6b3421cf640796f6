"""Suite verify: runs of any length are judged by the rounding bound, with no budget.

For Adam on Rosenbrock (curved valley: errors are amplified) and GD on a quadratic, in
f64, f32, bf16 and f16, over 10, 100, 1000 and 10^4 steps:
  - a faithful run (`optref run --precision F`, every operation correctly rounded in F)
    passes `optref verify` with no --tolerance, both modes; where the propagated bound
    stops saying anything the report says up to which step the trajectory was judged,
    and every step is still judged from the candidate's state (one step, all rows);
  - an independent NumPy transcription of Adam (Kingma & Ba, Algorithm 1; float64,
    float32, float16 arrays, every operation rounded to the format by NumPy) passes too;
  - the same faithful run with one value doubled at step k fails, first at step k, one
    step.
verify (one step) and verify-step --rows give the same verdict on the same steps, faithful
and with ε inside Adam's root.  Also: verify-step's --hparams, --order and --contract refuse
a value they do not know.
usage: check_verify_horizons.py OPTREF_EXE"""
import json
import os
import subprocess
import sys
import tempfile

EXE = sys.argv[1]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def verify(spec, csv, fmt, extra=()):
    with tempfile.TemporaryDirectory() as d:
        js = os.path.join(d, "r.json")
        p = subprocess.run([EXE, "verify", "--case-spec", spec, csv, "--dtype", fmt, "--json", js, "--quiet",
                            *extra], capture_output=True, text=True)
        rep = json.load(open(js)) if os.path.exists(js) else {}
    return p.returncode, rep, p.stdout + p.stderr


def numpy_adam(steps, dt, alpha=0.01, b1=0.9, b2=0.999, eps=1e-8):
    """Kingma & Ba Algorithm 1 on Rosenbrock (1 − x)² + 100 (y − x²)², x0 = (−1.5, 2),
    hyper-parameters held in the format; rows of the verify CSV (hex)."""
    import numpy as np
    f = dt.type
    th = np.array([-1.5, 2.0], dt)
    m, v = np.zeros(2, dt), np.zeros(2, dt)
    b1f, b2f, af, ef, one = f(b1), f(b2), f(alpha), f(eps), f(1)
    b1t, b2t = one, one
    rows = [[0, th[0], th[1], m[0], m[1], v[0], v[1]]]
    for t in range(1, steps + 1):
        x, y = th[0], th[1]
        r = y - x * x
        g = np.array([f(-2) * (one - x) - f(400) * x * r, f(200) * r], dt)
        m = b1f * m + (one - b1f) * g
        v = b2f * v + (one - b2f) * g * g
        b1t, b2t = b1t * b1f, b2t * b2f
        mh, vh = m / (one - b1t), v / (one - b2t)
        th = th - af * mh / (np.sqrt(vh) + ef)
        rows.append([t, th[0], th[1], m[0], m[1], v[0], v[1]])
    return rows


def write_quad_adam(path, np, inside):
    """Kingma & Ba Algorithm 1 in float32 on 0.1 x1² + 2 x2² from (−5, −2), α = 0.1, ε = 0.01, with g."""
    f = np.float32
    b1, b2, al, eps, one = f(0.9), f(0.999), f(0.1), f(1e-2), f(1)  # ε large enough that its place shows
    a, x = np.array([0.1, 2.0], f), np.array([-5.0, -2.0], f)
    m, v, b1t, b2t = np.zeros(2, f), np.zeros(2, f), one, one
    rows = [(0, *x, *m, *v, float("nan"), float("nan"))]
    for t in range(1, 13):
        g = a * x + a * x
        m, v = b1 * m + (one - b1) * g, b2 * v + (one - b2) * g * g
        b1t, b2t = b1t * b1, b2t * b2
        mh, vh = m / (one - b1t), v / (one - b2t)
        x = x - al * mh / (np.sqrt(vh + eps) if inside else np.sqrt(vh) + eps)
        rows.append((t, *x, *m, *v, *g))
    with open(path, "w") as fh:
        fh.write("t,x[0],x[1],m[0],m[1],v[0],v[1],g[0],g[1]\n")
        for r in rows:
            fh.write(",".join([str(r[0])] + [float(e).hex() if e == e else "nan" for e in r[1:]]) + "\n")


def write_rows(path, rows):
    with open(path, "w") as fh:
        fh.write("t,x[0],x[1],m[0],m[1],v[0],v[1]\n")
        for r in rows:
            fh.write(",".join([str(r[0])] + [float(e).hex() for e in r[1:]]) + "\n")


def main():
    with tempfile.TemporaryDirectory() as d:
        csv = os.path.join(d, "c.csv")
        # β2 = 0.99: bf16 holds 0.999 as 1, where 1 − β2^t = 0 makes the case degenerate
        for alg, prob, hp in (("adam", "rosenbrock", "alpha=0.01 beta2=0.99"), ("gd", "quad-0.1-2", "eta=0.4")):
            for fmt in ("f64", "f32", "bf16", "f16"):
                for steps in (10, 100, 1000, 10000):
                    spec = f"h {alg} standard {prob} {steps} {hp}"
                    with open(csv, "w") as fh:
                        subprocess.run([EXE, "run", alg, prob, *hp.split(), "--steps", str(steps), "--precision",
                                        fmt, "--format", "hex"], stdout=fh, check=True)
                    rc, rep, out = verify(spec, csv, fmt)
                    traj = rep.get("modes", {}).get("trajectory", {})
                    step = rep.get("modes", {}).get("onestep", {})
                    until = traj.get("judged_until_t")
                    unbounded = sum(q.get("unbounded", 0) for q in step.get("quantities", []))
                    check(rc == 0 and rep.get("rule") == "bound" and step.get("judged") and unbounded == 0,
                          f"{alg} {fmt} {steps} steps: faithful run passes, no budget "
                          f"(trajectory judged to t={until if until is not None else steps})" +
                          ("" if rc == 0 else f": exit {rc} {out[:300]}"))
                    if until is not None:
                        check(bool(traj.get("judged_until_why")), f"{alg} {fmt} {steps}: the cut is explained")
                    if steps == 100:  # one value moved at step k: the first failure is there
                        k = 37
                        lines = open(csv).read().splitlines()
                        cells = lines[k + 1].split(",")
                        x = float.fromhex(cells[1])
                        cells[1] = (2 * x if x != 0 else 1.0).hex()  # a value of every format
                        lines[k + 1] = ",".join(cells)
                        bad = os.path.join(d, "bad.csv")
                        open(bad, "w").write("\n".join(lines) + "\n")
                        rc, rep, out = verify(spec, bad, fmt, ("--mode", "onestep"))
                        first = (rep.get("failures") or [{}])[0]
                        check(rc == 1 and first.get("t") == k and first.get("quantity") == "x[0]",
                              f"{alg} {fmt}: x[0] moved at t={k} fails there, one step (first: t={first.get('t')} "
                              f"{first.get('quantity')})")
        try:
            import numpy as np
        except ImportError:
            np = None
        for name, dt in (("f64", "float64"), ("f32", "float32"), ("f16", "float16")):
            if np is None:
                break
            for steps in (100, 1000):
                write_rows(csv, numpy_adam(steps, np.dtype(dt)))
                rc, rep, out = verify(f"h adam standard rosenbrock {steps} alpha=0.01", csv, name)
                check(rc == 0, f"NumPy Adam {name} {steps} steps on Rosenbrock passes" +
                      ("" if rc == 0 else f": {out[:400]}"))
    # verify (one step) and verify-step --rows judge the same steps by the same rule: the same verdicts,
    # step by step, on a faithful float32 Adam and on one with ε inside the root (NumPy, Kingma & Ba).
    try:
        import numpy as np
        for inside in (False, True):
            with tempfile.TemporaryDirectory() as d:
                csv = os.path.join(d, "c.csv")
                write_quad_adam(csv, np, inside)
                rc, rep, out = verify("q adam standard quad-0.1-2 12 alpha=0.1 eps=0.01", csv, "f32",
                                      ("--mode", "onestep"))
                check(rc == (1 if inside else 0), f"verify: {'ε inside fails' if inside else 'faithful passes'}")
                first = rep["failures"][0]["t"] if rep.get("failures") else None
                total, vs_first = 0, None
                for t in range(1, 13):
                    js = os.path.join(d, "s.json")
                    p = subprocess.run([EXE, "verify-step", "adam", "alpha=0.1", "eps=0.01", "--rows", csv, "--t",
                                        str(t), "--dtype", "f32", "--quiet", "--json", js, "--force"],
                                       capture_output=True, text=True)
                    n = json.load(open(js))["failed"] if p.returncode in (0, 1) else -1
                    total += n
                    vs_first = t if n and vs_first is None else vs_first
                check(total == rep.get("failures_total") and vs_first == first,
                      f"verify and verify-step agree ({'ε inside' if inside else 'faithful'}): verify "
                      f"{rep.get('failures_total')} values outside, first t={first}; verify-step {total}, "
                      f"first t={vs_first}")
    except ImportError:
        pass
    for opt, val in (("--hparams", "both"), ("--order", "left"), ("--contract", "yes")):
        p = subprocess.run([EXE, "verify-step", "adam", "--before", "b", "--after", "a", "--t", "1", opt, val],
                           capture_output=True, text=True)
        check(p.returncode == 2 and f"{opt}: '{val}' is none of" in p.stderr and p.stderr.count("\n") == 1,
              f"verify-step {opt} {val}: one line, exit 2 ({p.stderr.strip()})")
    if failures:
        sys.exit(f"{len(failures)} failed")
    print("ok: horizons judged by the rounding bound")


if __name__ == "__main__":
    main()
