#!/usr/bin/env python3
"""verify's error-bounded fast path changes nothing but speed (issue 13).

For every case of golden/cases.in, candidates from `optref run --case` in
binary64, binary32 and bfloat16 (decimal and hex), judged in both modes with
budgets of 0 ULPs (so every value over 0 is listed with its ULP figure):
the JSON report with the fast path (default) and without it
(OPTREF_VERIFY_FASTPATH=0, MPFR only) must agree in every verdict, figure and
failure; only the truth's provenance (truth_precision_bits, truth_fast,
truth_fallback, truth_handover_t) may differ.  Also prints how often the
fallback fired.  Usage: check_verify_fastpath.py OPTREF SPEC [quick]
"""
import json, os, subprocess, sys, tempfile

optref, spec = sys.argv[1], sys.argv[2]
quick = len(sys.argv) > 3 and sys.argv[3] == "quick"
if not quick and not os.environ.get("OPTREF_SLOW"):
    sys.exit(77)  # suite slow runs with OPTREF_SLOW=1
names = [l.split()[0] for l in open(spec) if l.strip() and not l.startswith("#")]
PROVENANCE = {"truth_precision_bits", "truth_fast", "truth_fallback", "truth_handover_t"}
combos = [("double", "f64", "dec")] if quick else \
    [(p, d, f) for p, d in (("double", "f64"), ("f32", "f32"), ("bf16", "bf16")) for f in ("dec", "hex")]


def report(cand, dtype, name, fast, tmp):
    out = os.path.join(tmp, "r%d.json" % fast)
    env = dict(os.environ, OPTREF_VERIFY_FASTPATH="1" if fast else "0")
    p = subprocess.run([optref, "verify", name, cand, "--spec", spec, "--dtype", dtype, "--tolerance", "0",
                        "--step-tolerance", "0", "--json", out, "--force", "--quiet"],
                       env=env, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return {"exit": p.returncode, "stderr": p.stderr}
    with open(out) as f:
        return json.load(f)


bad = checked = fast = fallback = handovers = 0
with tempfile.TemporaryDirectory() as tmp:
    cand = os.path.join(tmp, "c.csv")
    for name in names:
        for prec, dtype, fmt in combos:
            with open(cand, "w") as f:
                r = subprocess.run([optref, "run", "--case", name, "--spec", spec, "--precision", prec,
                                    "--format", fmt], stdout=f)
            if r.returncode != 0:
                continue
            a, b = report(cand, dtype, name, 1, tmp), report(cand, dtype, name, 0, tmp)
            checked += 1
            fast += a.get("truth_fast", 0)
            fallback += a.get("truth_fallback", 0)
            handovers += a.get("truth_handover_t", -1) >= 0
            a2 = {k: v for k, v in a.items() if k not in PROVENANCE}
            b2 = {k: v for k, v in b.items() if k not in PROVENANCE}
            if a2 != b2:
                bad += 1
                keys = sorted(k for k in set(a2) | set(b2) if a2.get(k) != b2.get(k))
                print("DIFFER %s %s %s %s: %s" % (name, prec, dtype, fmt, keys))
                for k in keys[:3]:
                    print("  fast:", json.dumps(a2.get(k))[:400])
                    print("  mpfr:", json.dumps(b2.get(k))[:400])
print("%d candidates judged both ways, %d differ; truth values: %d by the fast path, %d by MPFR; "
      "%d trajectories handed over to MPFR" % (checked, bad, fast, fallback, handovers))
sys.exit(1 if bad or checked == 0 else 0)
