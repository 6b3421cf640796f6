"""Suite cli (verify-step-manifest): `optref verify-step --manifest` on two
threads, with --json, --shard i/N and --merge, and the Python module's layers
(issue 11).

Five LARS layers (You et al. 2017, Alg. 1, φ(z) = z: m = β1 m + (1 − β1) g,
x = x − η ‖x‖/‖m‖ m per layer) in float32, the step transcribed here in NumPy
in binary64 and rounded once to float32; layer "l3" has a slip (‖g‖ for ‖m‖ in
the trust ratio), so the first failure is in l3 at x, L5 of ref/alg/lars.c.
Checks: the verdict names l3; --threads 1 and 2 print the same report; the
4 shards' JSON reports merged equal the unsharded JSON report; the Python
module judges the same layers from a dict of arrays and from the manifest.

usage: check_verify_step_manifest.py OPTREF_EXE   (env: OPTREF_LIB, PYTHONPATH)
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError as e:
    print("skip: %s" % e)
    sys.exit(77)

import optref

EXE = sys.argv[1]
failures = []
ETA, B1 = 0.1, 0.9
SHAPES = [(4, 6), (7,), (3, 5), (2, 2), (9,)]
BROKEN = 3


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def lars(b, slip):
    x, g, m0 = (np.asarray(b[k], dtype=np.float64) for k in ("x", "g", "m"))
    m = B1 * m0 + (1 - B1) * g
    nm = np.sqrt(np.sum((g if slip else m) ** 2))
    return {"x": (x - ETA * np.sqrt(np.sum(x * x)) / nm * m).astype(np.float32), "m": m.astype(np.float32)}


def layers():
    rng = np.random.default_rng(7)
    out = {}
    for k, shape in enumerate(SHAPES):
        b = {n: rng.uniform(-1, 1, shape).astype(np.float32) for n in ("x", "g", "m")}
        out["l%d" % k] = (b, lars(b, k == BROKEN))
    return out


def run(*args):
    p = subprocess.run([EXE, "verify-step", "lars", "eta=%r" % ETA, "beta1=%r" % B1, "--t", "2",
                        "--tolerance", "2"] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    L = layers()
    with tempfile.TemporaryDirectory() as tmp:
        man = os.path.join(tmp, "layers.txt")
        with open(man, "w") as f:
            for name, (b, a) in L.items():
                shape = b["x"].shape
                for d, arrays in (("before", b), ("after", a)):
                    os.makedirs(os.path.join(tmp, d, name))
                    for k, v in arrays.items():
                        np.save(os.path.join(tmp, d, name, k + ".npy"), v)
                f.write("%s %s before/%s after/%s\n" % (name, "x".join(map(str, shape)), name, name))
        rc, out1, _ = run("--manifest", man, "--threads", "1")
        rc2, out2, _ = run("--manifest", man, "--threads", "2", "--json", os.path.join(tmp, "all.json"))
        last = out2.rstrip().split("\n")[-1]
        check(rc == 1 and rc2 == 1 and last.startswith("FAIL: 5 layers of ") and "first in layer l3: lars" in last
              and "pseudocode L5 of ref/alg/lars.c" in last, "the slip is found in layer l3 at L5: " + last)
        check(out1 == out2, "--threads 1 and 2 print the same report")
        whole = json.load(open(os.path.join(tmp, "all.json")))
        check([l["name"] for l in whole["layers"]] == list(L) and not whole["pass"]
              and whole["first"].startswith("layer l3: "), "the JSON report lists the 5 layers, first failure in l3")
        parts = []
        for i in range(4):
            parts.append(os.path.join(tmp, "s%d.json" % i))
            rc, out, err = run("--manifest", man, "--shard", "%d/4" % i, "--json", parts[-1], "--quiet")
            check(rc == (1 if i == 3 else 0), "shard %d/4: exit %d (%s)" % (i, rc, (out + err).strip()))
        p = subprocess.run([EXE, "verify-step", "--merge"] + parts[::-1] + ["--json", os.path.join(tmp, "m.json")],
                           capture_output=True, text=True)
        merged = json.load(open(os.path.join(tmp, "m.json")))
        check(p.returncode == 1 and merged == whole, "4 shards merged == the unsharded report: " + p.stdout.strip())
        p = subprocess.run([EXE, "verify-step", "--merge"] + parts[:3], capture_output=True, text=True)
        check(p.returncode == 2 and "shard" in p.stderr, "a shard missing: refused: " + p.stderr.strip())

        # Python: a dict of layers, and the manifest
        hp = {"eta": ETA, "beta1": B1}
        before = {n: b for n, (b, a) in L.items()}
        after = {n: a for n, (b, a) in L.items()}
        r = optref.verify_step("lars", hp, before, after, t=2, tolerance=2)
        check(not r.passed and r.first == "l3" and list(r.layers) == list(L)
              and r.layers["l3"].failures[0]["line"] == 5, "Python, dict of layers: fails in l3 at L5")
        good = {n: v for n, v in after.items() if n != "l3"}
        r = optref.verify_step("lars", hp, {n: before[n] for n in good}, good, t=2, tolerance=2)
        check(r.passed, "Python, dict of layers without l3: passes")
        r = optref.verify_step("lars", hp, manifest=man, t=2, tolerance=2)
        check(not r.passed and r.first == "l3" and all(r.layers[n].passed for n in good),
              "Python, manifest path: the same verdict")
        try:
            optref.assert_step_matches("lars", hp, before, after, t=2, tolerance=2)
            check(False, "assert_step_matches on layers raises")
        except AssertionError as e:
            check("first in layer l3" in str(e) and "L5" in str(e), "assert_step_matches names layer l3 and L5")
        # coupled steps are judged whole: no --shard
        p = subprocess.run([EXE, "verify-step", "gd:ball", "eta=0.1", "R=1", "--before",
                            os.path.join(tmp, "before", "l0"), "--after", os.path.join(tmp, "after", "l0"),
                            "--t", "1", "--shard", "0/2"], capture_output=True, text=True)
        check(p.returncode == 2 and "judged whole" in p.stderr and p.stderr.count("\n") == 1,
              "gd:ball with --shard: refused: " + p.stderr.strip())
    print("%d checks failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
