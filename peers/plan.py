"""Which golden cases each framework can run, and how (peers/run).

A case runs on a framework when the framework has an optimizer whose update is
the case's algorithm in exact arithmetic (verified against the lecture's
algorithm), or one that a flavor of optref reproduces (verified against that
flavor too).  Everything here is read from `optref cases`, `optref list` and
`optref run --case NAME --steps 0` (the case's inputs), never from optref's
trajectories.
"""
import re
import subprocess

# Problems the exporters build in the framework (f by the framework's own ops,
# g by its autodiff).  Seeded data sets (logistic, lsq) and the online
# quadratics are not rebuilt here.
PROBLEMS = ('quad', 'rosenbrock', 'quadratic', 'reddi', 'online-linear')


def _sh(optref, *args):
    return subprocess.run([optref, *args], check=True, capture_output=True, text=True).stdout


def _numbers(text):
    return [float(v) for v in text.split(',')]


def parse_params(text):
    """'a=0.1,2,x0=-5,-2' -> {'a': '0.1,2', 'x0': '-5,-2'} (a value may hold commas)."""
    out, key = {}, None
    for tok in text.split(',') if text else []:
        if '=' in tok:
            key, val = tok.split('=', 1)
            out[key] = val
        else:
            out[key] += ',' + tok
    return out


def presets(optref):
    """preset name -> 'kind:params', from `optref list`."""
    out = {}
    for line in _sh(optref, 'list').splitlines():
        m = re.match(r'\s+preset\s+(\S+)\s+(\S+)', line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def problem(spec, pre, x0):
    """The problem of a case as plain data for the exporters, or a reason why not."""
    spec = pre.get(spec, spec)
    kind, _, rest = spec.partition(':')
    kind = {'quad': 'quad'}.get(kind, kind)
    if kind not in PROBLEMS:
        return None, f'problem {kind} not rebuilt in the frameworks'
    p = parse_params(rest)
    if 'layers' in p:
        return None, 'per-layer problem'
    d = {'kind': kind, 'x0': x0}
    if kind == 'quad':
        if 'a' in p:
            d['a'] = _numbers(p['a'])
        else:  # ref/problem/quadratic.c: Hessian eigenvalues 2a_i evenly from 1 to cond
            n, cond = int(p['n']), float(p.get('cond', 1))
            d['a'] = [0.5 if n == 1 else (1.0 + (cond - 1.0) * i / (n - 1)) * 0.5 for i in range(n)]
    elif kind == 'rosenbrock':
        d.update(a=float(p.get('a', 1)), b=float(p.get('b', 100)))
    elif kind == 'quadratic':
        d.update(A=_numbers(p['A']), b=_numbers(p['b']), c=float(p.get('c', 0)))
    elif kind == 'reddi':
        d['C'] = float(p.get('C', 3))
    elif kind == 'online-linear':
        d['g'] = _numbers(p['g'])
    return d, None


def flavors(optref):
    """The flavor names of `optref list` (its FLAVORS section)."""
    out, inside = set(), False
    for line in _sh(optref, 'list').splitlines():
        if re.match(r'[A-Z]', line):
            inside = line.startswith('FLAVORS')
        elif inside and re.match(r'\S', line):
            out.add(line.split()[0])
    return out


def cases(optref):
    """Every case of `optref cases`: name, algorithm, variant, problem, steps, hyper-parameters."""
    out = []
    for line in _sh(optref, 'cases').splitlines()[1:]:
        f = line.split()
        hp = dict(kv.split('=', 1) for kv in f[5:])
        hp.pop('x0', None)  # shortened in the listing; the inputs come from run --steps 0
        out.append({'name': f[0], 'alg': f[1], 'variant': f[2], 'problem': f[3],
                    'steps': int(f[4]), 'hp': hp})
    return out


def x0_of(optref, name):
    head, row = _sh(optref, 'run', '--case', name, '--steps', '0', '--format', 'hex').splitlines()[:2]
    cols = head.split(',')
    return [float.fromhex(v) for c, v in zip(cols, row.split(',')) if c.startswith('x[')]


def _num(hp, k):
    return float(hp[k])


def _plain(case):
    """Why a case's setting is beyond a framework optimizer's constructor, or None."""
    hp = case['hp']
    if 'schedule' in hp:
        return 'schedule'
    if hp.get('lo', '-inf') != '-inf' or hp.get('hi', 'inf') != 'inf' or 'R' in hp:
        return 'projection'
    if hp.get('eta', '1') != '1' and case['alg'] in ('adamw', 'sgdw'):
        return 'schedule multiplier'
    return None


def torch_run(case):
    """(optimizer, kwargs, {optref state: torch state}, lecture_math) or a reason."""
    alg, var, hp = case['alg'], case['variant'], case['hp']
    why = _plain(case)
    if why:
        return why
    n = lambda k: _num(hp, k)
    if (alg, var) == ('gd', 'standard'):
        return 'SGD', dict(lr=n('eta')), {}, True
    if (alg, var) == ('momentum', 'standard'):  # torch's buf = v/η: same x in exact arithmetic
        return 'SGD', dict(lr=n('eta'), momentum=n('gamma')), {}, True
    if (alg, var) == ('adagrad', 'eps_outside'):
        return 'Adagrad', dict(lr=n('eta'), eps=n('delta')), {'s': 'sum'}, True
    if (alg, var) == ('rmsprop', 'eps_outside'):
        return 'RMSprop', dict(lr=n('eta'), alpha=n('gamma'), eps=n('eps')), {'s': 'square_avg'}, True
    if (alg, var) == ('adadelta', 'standard'):
        return 'Adadelta', dict(lr=1.0, rho=n('rho'), eps=n('eps')), {'s': 'square_avg', 'dx': 'acc_delta'}, True
    if (alg, var) == ('adam', 'standard'):
        return ('Adam', dict(lr=n('alpha'), betas=(n('beta1'), n('beta2')), eps=n('eps')),
                {'m': 'exp_avg', 'v': 'exp_avg_sq'}, True)
    if (alg, var) == ('adamw', 'l2'):
        return ('Adam', dict(lr=n('alpha'), betas=(n('beta1'), n('beta2')), eps=n('eps'), weight_decay=n('lambda')),
                {'m': 'exp_avg', 'v': 'exp_avg_sq'}, True)
    if (alg, var) == ('adamw', 'adamw_lr'):
        return ('AdamW', dict(lr=n('alpha'), betas=(n('beta1'), n('beta2')), eps=n('eps'), weight_decay=n('lambda')),
                {'m': 'exp_avg', 'v': 'exp_avg_sq'}, True)
    if (alg, var) == ('sgdw', 'l2'):  # torch's buf = m/α
        return 'SGD', dict(lr=n('alpha'), momentum=n('beta1'), weight_decay=n('lambda')), {}, True
    return f'no torch.optim optimizer computes {alg} {var}'


def tfjs_run(case):
    """(optimizer, args, {optref state: tfjs weight suffix}, lecture_math) or a reason.

    tfjs-core 4.22 (dist/optimizers/*.js): sgd(lr); momentum(lr, m); adam(lr, b1, b2, eps);
    rmsprop(lr, decay, momentum, eps, centered) with ε inside the root; adagrad(lr, acc0)
    with ε fixed to the backend's 1e-7 inside the root; adadelta(lr, rho, eps) whose
    step divides by E[g²] of the previous step.
    """
    alg, var, hp = case['alg'], case['variant'], case['hp']
    why = _plain(case)
    if why:
        return why
    n = lambda k: _num(hp, k)
    if (alg, var) == ('gd', 'standard'):
        return 'sgd', [n('eta')], {}, True
    if (alg, var) == ('momentum', 'standard'):  # tfjs's accumulation = v/η
        return 'momentum', [n('eta'), n('gamma')], {}, True
    if (alg, var) == ('rmsprop', 'eps_inside'):
        return 'rmsprop', [n('eta'), n('gamma'), 0.0, n('eps'), False], {'s': 'rms'}, True
    if (alg, var) == ('adam', 'standard'):
        return 'adam', [n('alpha'), n('beta1'), n('beta2'), n('eps')], {'m': 'm', 'v': 'v'}, True
    if (alg, var) == ('adagrad', 'eps_inside'):  # tfjs's defaults: s0 = 0.1, ε = 1e-7 (the backend's)
        return 'adagrad', [n('eta'), 0.1], {'s': 'accumulator'}, False
    if (alg, var) == ('adadelta', 'standard'):  # lr = 1 is Zeiler's; the E[g²] quirk differs
        return 'adadelta', [1.0, n('rho'), n('eps')], {'s': 'accum_grad', 'dx': 'accum_var'}, False
    return f'no tfjs optimizer computes {alg} {var}'


def _np_problem(case):
    kind = case['problem'].split(':')[0]
    return kind in ('quad', 'square', 'quad-0.1-2', 'quad-1-2', 'rosenbrock') and 'layers' not in case['problem']


def optax_run(case):
    """optax's optimizers transcribed to NumPy (peers/transcribed.py): (name, kwargs, state map, lecture math)."""
    alg, var, hp = case['alg'], case['variant'], case['hp']
    why = _plain(case) or (None if _np_problem(case) else 'problem not transcribed (quadratics and Rosenbrock only)')
    if why:
        return why
    n = lambda k: _num(hp, k)
    if (alg, var) == ('adam', 'standard'):
        return 'optax.adam', dict(learning_rate=n('alpha'), b1=n('beta1'), b2=n('beta2'), eps=n('eps')), \
            {'m': 'mu', 'v': 'nu'}, True
    if (alg, var) == ('adagrad', 'eps_inside'):  # optax's default s0 = 0.1
        return 'optax.adagrad', dict(learning_rate=n('eta'), eps=n('eps')), {'s': 'sum_of_squares'}, False
    if (alg, var) in (('rmsprop', 'eps_inside'), ('rmsprop', 'eps_outside')):
        return 'optax.rmsprop', dict(learning_rate=n('eta'), decay=n('gamma'), eps=n('eps'),
                                     eps_in_sqrt=var == 'eps_inside'), {'s': 'nu'}, True
    return f'optax has no {alg} {var} transcribed'


def keras_run(case):
    """Keras 3's Adam transcribed to NumPy (peers/transcribed.py)."""
    alg, var, hp = case['alg'], case['variant'], case['hp']
    why = _plain(case) or (None if _np_problem(case) else 'problem not transcribed (quadratics and Rosenbrock only)')
    if why:
        return why
    n = lambda k: _num(hp, k)
    if (alg, var) == ('adam', 'standard'):  # the ε̂ form: not the lecture's
        return 'keras.Adam', dict(learning_rate=n('alpha'), beta_1=n('beta1'), beta_2=n('beta2'),
                                  epsilon=n('eps')), {'m': 'momentum', 'v': 'velocity'}, False
    return f'Keras has no {alg} {var} transcribed'
