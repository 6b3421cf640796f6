"""optax and Keras 3 optimizers transcribed to NumPy, for peers/run (framework "np").

Neither JAX nor TensorFlow/Keras can be installed here (no Debian package, no
Python package index: doc/peers.md), so these stand in for them: each update is
written operation by operation from the framework's source, in NumPy arrays of
the parameters' dtype, a Python float meeting an array taking the array's dtype
(NumPy 1.24's value-based casting, as JAX's weak types and Keras's casts):

- optax at 2edbcbe2390d: optax/_src/transform.py scale_by_adam (283-300),
  scale_by_rss (63-74), scale_by_rms (125-143), scale (508);
  optax/tree_utils/_tree_math.py update_moment (398), update_moment_per_elem_norm
  (433), bias_correction (449-452: decay**count in float32, or float64 under x64,
  then cast); optax/_src/update.py apply_updates (42).
- Keras at 3422977a5e38: keras/src/optimizers/adam.py Adam.update_step (102-137),
  with the learning-rate variable in the parameters' dtype (floatx = F).

They are not the frameworks: a framework's kernels may round differently (XLA's
pow, fused operations); the table names these rows "np".  Gradients are the
problems' closed forms, each operation in the dtype.  Formats: f64, f32, f16
(NumPy has no bfloat16).
"""
import math

import numpy as np

DTYPES = {'f64': np.float64, 'f32': np.float32, 'f16': np.float16}


def version():
    return f'numpy {np.__version__}'


def _grad(prob, x, t, dt):
    """∇f_t(x) and f_{t+1}(x) in dt, from the closed forms."""
    k, c = prob['kind'], (lambda v: np.asarray(v, dtype=np.float64).astype(dt))
    two = dt(2)
    if k == 'quad':
        a = c(prob['a'])
        return a * (two * x), lambda y, s: (a * (y * y)).sum(dtype=dt)
    if k == 'rosenbrock':
        a, b = dt(prob['a']), dt(prob['b'])
        g = np.zeros_like(x)
        r = x[1:] - x[:-1] * x[:-1]
        g[:-1] += -two * (a - x[:-1]) - two * two * b * r * x[:-1]
        g[1:] += two * b * r
        return g, lambda y, s: ((a - y[:-1]) ** 2 + b * (y[1:] - y[:-1] ** 2) ** 2).sum(dtype=dt)
    raise ValueError(k)


def _loss(prob, x, dt):
    return _grad(prob, x, 1, dt)[1](x, None)


def run(job):
    """CSV text of job's trajectory, state under the framework's names."""
    dt = DTYPES[job['dtype']]
    prob, steps, opt, hp = job['problem'], job['steps'], job['optimizer'], job['kwargs']
    x = np.asarray(prob['x0'], dtype=np.float64).astype(dt)
    n = x.size
    state = INIT[opt](x, hp, dt)
    rows = [(0, x.copy(), {k: v.copy() for k, v in state.items()}, [math.nan] * n, _loss(prob, x, dt))]
    with np.errstate(all='ignore'):
        for t in range(1, steps + 1):
            g, _ = _grad(prob, x, t, dt)
            x = STEP[opt](x, g, state, t, hp, dt)
            rows.append((t, x.copy(), {k: v.copy() for k, v in state.items()}, g.tolist(), _loss(prob, x, dt)))
    names = list(state)
    head = ['t'] + [f'x[{i}]' for i in range(n)]
    for s in names:
        head += [f'{s}[{i}]' for i in range(n)]
    head += [f'g[{i}]' for i in range(n)] + ['f']
    out = [','.join(head)]
    for t, xs, st, g, f in rows:
        vals = [float(v) for v in xs] + [float(v) for s in names for v in st[s]] + [float(v) for v in g] + [float(f)]
        out.append(','.join([str(t)] + [_hex(v) for v in vals]))
    return '\n'.join(out) + '\n'


def _hex(v):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v.hex()


def _count_dtype(dt):
    """The dtype of decay**count in optax: float32 without x64, float64 with it (float64 params)."""
    return np.float64 if dt == np.float64 else np.float32


def _optax_adam_init(x, hp, dt):
    return {'mu': np.zeros_like(x), 'nu': np.zeros_like(x)}


def _optax_adam(x, g, st, t, hp, dt):
    b1, b2, eps, eps_root, lr = hp['b1'], hp['b2'], hp['eps'], hp.get('eps_root', 0.0), hp['learning_rate']
    st['mu'] = (1 - b1) * g + b1 * st['mu']                      # _tree_math.py 398
    st['nu'] = (1 - b2) * (g * g) + b2 * st['nu']                # 433
    cd = _count_dtype(dt)
    bc1 = (cd(1) - cd(b1) ** cd(t)).astype(dt)                   # 449-452
    bc2 = (cd(1) - cd(b2) ** cd(t)).astype(dt)
    u = (st['mu'] / bc1) / (np.sqrt(st['nu'] / bc2 + eps_root) + eps)  # transform.py 300
    return (x + (-1 * lr) * u).astype(dt)                        # 508, update.py 42


def _optax_rss_init(x, hp, dt):
    return {'sum_of_squares': np.full_like(x, hp.get('initial_accumulator_value', 0.1))}


def _optax_adagrad(x, g, st, t, hp, dt):
    st['sum_of_squares'] = g * g + st['sum_of_squares']          # transform.py 68-70
    s = st['sum_of_squares']
    r = np.where(s > 0, dt(1) / np.sqrt(s + hp.get('eps', 1e-7)), dt(0)).astype(dt)  # 71-73 (rsqrt)
    return (x + (-1 * hp['learning_rate']) * (r * g)).astype(dt)


def _optax_rms_init(x, hp, dt):
    return {'nu': np.full_like(x, hp.get('initial_scale', 0.0))}


def _optax_rmsprop(x, g, st, t, hp, dt):
    d, eps = hp['decay'], hp['eps']
    st['nu'] = (1 - d) * (g * g) + d * st['nu']                  # transform.py 132
    if hp.get('eps_in_sqrt', True):
        r = dt(1) / np.sqrt(st['nu'] + eps)                      # 140 (rsqrt)
    else:
        r = 1 / (np.sqrt(st['nu']) + eps)                        # 142
    return (x + (-1 * hp['learning_rate']) * (r.astype(dt) * g)).astype(dt)


def _keras_adam_init(x, hp, dt):
    return {'momentum': np.zeros_like(x), 'velocity': np.zeros_like(x)}


def _keras_adam(x, g, st, t, hp, dt):
    lr = dt(hp['learning_rate'])                                 # adam.py 104 (floatx = F)
    step = dt(t)                                                 # 106
    p1, p2 = dt(hp['beta_1']) ** step, dt(hp['beta_2']) ** step  # 107-112
    alpha = lr * np.sqrt(dt(1) - p2) / (dt(1) - p1)              # 117
    st['momentum'] = st['momentum'] + (g - st['momentum']) * (1 - hp['beta_1'])        # 119-121
    st['velocity'] = st['velocity'] + (g * g - st['velocity']) * (1 - hp['beta_2'])    # 122-127
    return (x - (st['momentum'] * alpha) / (np.sqrt(st['velocity']) + hp['epsilon'])).astype(dt)  # 132-137


INIT = {'optax.adam': _optax_adam_init, 'optax.adagrad': _optax_rss_init, 'optax.rmsprop': _optax_rms_init,
        'keras.Adam': _keras_adam_init}
STEP = {'optax.adam': _optax_adam, 'optax.adagrad': _optax_adagrad, 'optax.rmsprop': _optax_rmsprop,
        'keras.Adam': _keras_adam}
