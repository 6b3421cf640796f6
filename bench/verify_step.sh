#!/bin/sh
# bench/verify_step.sh BUILD_DIR [N]: peak memory and time of `optref verify-step`
# on N (default 10^7) float32 Adam coordinates, a step made here with NumPy
# (/usr/bin/python3, Debian python3-numpy).  Memory should be per chunk and
# thread (~20 MB each at the default 16384 coordinates), not per tensor.
set -eu
build=${1:-build}
n=${2:-10000000}
dir=$build/bench-verify-step-$n
if [ ! -f "$dir/a/x.npy" ]; then
    /usr/bin/python3 - "$dir" "$n" <<'PY'
import os, sys
import numpy as np
d, n, t, f = sys.argv[1], int(sys.argv[2]), 5, np.float32
rng = np.random.default_rng(0)
x, g = rng.standard_normal(n).astype(f), rng.standard_normal(n).astype(f)
m, v = (0.1 * rng.standard_normal(n)).astype(f), (0.01 * rng.random(n)).astype(f)
m2 = f(0.9) * m + f(1 - 0.9) * g                     # torch's Adam, float32, in NumPy
v2 = f(0.999) * v + f(1 - 0.999) * g * g
x2 = x - f(1e-3 / (1 - 0.9**t)) * m2 / (np.sqrt(v2) / f(np.sqrt(1 - 0.999**t)) + f(1e-8))
for sub, arrs in (("b", dict(x=x, g=g, m=m, v=v)), ("a", dict(x=x2, m=m2, v=v2))):
    os.makedirs(os.path.join(d, sub), exist_ok=True)
    for k, a in arrs.items():
        np.save(os.path.join(d, sub, k + ".npy"), a)
PY
fi
echo "verify-step: $n float32 Adam coordinates ($(du -sh "$dir" | cut -f1) of .npy)"
/usr/bin/time -f "verify-step: %e s wall, %U s user, %S s sys, peak RSS %M KB" \
    "$build/optref" verify-step adam alpha=1e-3 --before "$dir/b" --after "$dir/a" --t 5 --quiet || true
