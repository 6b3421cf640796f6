"""PyTorch exporter for peers/run: one case in one dtype, as torch.optim runs it.

f is built from torch's own ops and g taken by autograd, as a user's training loop
does; every value is written in hex (exact in any format).  Runs under
/usr/bin/python3 (Debian python3-torch 1.13.1).
"""
import math
import subprocess

import torch

DTYPES = {'f64': torch.float64, 'f32': torch.float32, 'bf16': torch.bfloat16, 'f16': torch.float16}


def version():
    """torch's own version string, and Debian's package version where dpkg knows it."""
    try:
        deb = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'python3-torch'],
                             capture_output=True, text=True).stdout.strip()
    except OSError:
        deb = ''
    return torch.__version__ + (f' (Debian {deb})' if deb else '')


def _f(prob, x, t, dt):
    """f_t(x) in torch ops, the problem's constants rounded to dt."""
    k = prob['kind']
    c = lambda v: torch.tensor(v, dtype=dt)
    if k == 'quad':
        return (c(prob['a']) * x ** 2).sum()
    if k == 'rosenbrock':
        a, b = c(prob['a']), c(prob['b'])
        return ((a - x[:-1]) ** 2 + b * (x[1:] - x[:-1] ** 2) ** 2).sum()
    if k == 'quadratic':
        n = len(prob['b'])
        A = c(prob['A']).reshape(n, n)
        return c(prob['c']) + (c(prob['b']) * x).sum() + c(0.5) * (x * (A * x).sum(1)).sum()
    if k == 'reddi':
        return (c(prob['C']) if t % 3 == 1 else c(-1.0)) * x[0]
    if k == 'online-linear':
        n = len(prob['x0'])
        rows = len(prob['g']) // n
        r = (t - 1) % rows
        return (c(prob['g'][r * n:(r + 1) * n]) * x).sum()
    raise ValueError(k)


def run(job):
    """CSV text of job's trajectory (t = 0..steps) with every per-coordinate state
    tensor under torch's own name (exp_avg[0], ...), or raises with torch's message."""
    dt = DTYPES[job['dtype']]
    prob, steps = job['problem'], job['steps']
    x = torch.tensor(prob['x0'], dtype=dt, requires_grad=True)
    opt = getattr(torch.optim, job['optimizer'])([x], **job['kwargs'])
    n = x.numel()
    rows = []

    def row(t, g):
        st = opt.state.get(x, {})
        state = {k: v.tolist() for k, v in st.items() if torch.is_tensor(v) and v.dim() == 1 and v.numel() == n}
        with torch.no_grad():
            # f_{t+1}(x_t), as optref records online losses: the loss the next step sees
            f = _f(prob, x, t + 1, dt).item()
        rows.append((t, x.detach().tolist(), state, g, f))

    row(0, [math.nan] * n)
    for t in range(1, steps + 1):
        opt.zero_grad()
        _f(prob, x, t, dt).backward()
        g = x.grad.detach().tolist()
        opt.step()
        row(t, g)
    names = list(rows[-1][2])  # torch creates its state at the first step
    head = ['t'] + [f'x[{i}]' for i in range(n)]
    for s in names:
        head += [f'{s}[{i}]' for i in range(n)]
    head += [f'g[{i}]' for i in range(n)] + ['f']
    out = [','.join(head)]
    for t, xs, state, g, f in rows:
        vals = list(xs)
        for s in names:
            vals += state.get(s, [0.0] * n)  # before the first step: torch's zeros
        out.append(','.join([str(t)] + [_hex(v) for v in vals + list(g) + [f]]))
    return '\n'.join(out) + '\n'


def _hex(v):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return float(v).hex()
