"""bench/verify_step_scale.py OPTREF N DTYPE [DIR]: verify-step at tensor scale.

Makes a step of torch.optim.Adam (Debian python3-torch, /usr/bin/python3) on N
coordinates of DTYPE (float32 or float64) at t = 5, dumps before/ and after/
as .npy, then times `optref verify-step adam` on them (wall, CPU, peak memory
by /usr/bin/time) against the anchor measured in the same run: one
torch.optim.Adam step over the same N coordinates in float64 (2 threads, the
mean of 3 steps after a warm-up).  Prints the ratio, and how many values the
error-bounded fast path decided (the rest: MPFR).  The dump is kept in DIR
(default: next to OPTREF) and reused.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch

exe, n, dtype = sys.argv[1], int(float(sys.argv[2])), sys.argv[3]
d = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.path.dirname(exe), "bench-vstep-%s-%d" % (dtype, n))
torch.set_num_threads(2)
dt = {"float32": torch.float32, "float64": torch.float64}[dtype]
t, lr, chunk = 5, 1e-3, 1 << 22


def adam_step(x, g, m, v, steps_done):
    opt = torch.optim.Adam([x], lr=lr, foreach=False)
    x.grad = g
    opt.state[x] = {"step": torch.tensor(float(steps_done)), "exp_avg": m, "exp_avg_sq": v}
    opt.step()


if not os.path.exists(os.path.join(d, "a", "x.npy")):
    os.makedirs(os.path.join(d, "b"), exist_ok=True)
    os.makedirs(os.path.join(d, "a"), exist_ok=True)
    gen = torch.Generator().manual_seed(0)
    x, g = torch.randn(n, generator=gen, dtype=dt), torch.randn(n, generator=gen, dtype=dt)
    m, v = 0.1 * torch.randn(n, generator=gen, dtype=dt), 0.01 * torch.rand(n, generator=gen, dtype=dt)
    for k, a in dict(x=x, g=g, m=m, v=v).items():
        np.save(os.path.join(d, "b", k + ".npy"), a.numpy())
    with torch.no_grad():
        adam_step(x, g, m, v, t - 1)
    for k, a in dict(x=x, m=m, v=v).items():
        np.save(os.path.join(d, "a", k + ".npy"), a.numpy())
    del x, g, m, v

# The anchor: one float64 Adam step over the same n coordinates.
gen = torch.Generator().manual_seed(1)
x = torch.randn(n, generator=gen, dtype=torch.float64)
g = torch.randn(n, generator=gen, dtype=torch.float64)
opt = torch.optim.Adam([x], lr=lr, foreach=False)
x.grad = g
opt.step()
t0 = time.perf_counter()
for _ in range(3):
    opt.step()
anchor = (time.perf_counter() - t0) / 3
del x, g, opt

rep = os.path.join(d, "report.json")
cmd = ["/usr/bin/time", "-f", "%e %U %S %M", exe, "verify-step", "adam", "alpha=%g" % lr, "--before",
       os.path.join(d, "b"), "--after", os.path.join(d, "a"), "--t", str(t), "--quiet", "--json", rep]
if os.path.exists(rep):
    os.remove(rep)
p = subprocess.run(cmd, capture_output=True, text=True)
wall, user, sys_, rss = p.stderr.strip().splitlines()[-1].split()
r = json.load(open(rep))
print("verify-step adam, %d %s coordinates: %s s wall (%s s user, %s s sys), peak RSS %.0f MB; "
      "torch float64 Adam step: %.3f s; ratio %.1fx; fast path %d values, MPFR %d; %s"
      % (n, dtype, wall, user, sys_, int(rss) / 1024, anchor, float(wall) / anchor, r["fast_path"],
         r["mpfr_fallback"], p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""))
