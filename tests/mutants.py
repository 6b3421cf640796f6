#!/usr/bin/python3
"""Independent candidates for the mutation matrix (issue 9 item 3).

Each algorithm the lectures teach, written again here in NumPy from its paper
or slide (not from ref/alg/), once correctly and once per known mistake, with
every operation rounded to a format as an implementation in that format
rounds it:

  f64   NumPy float64 operations (IEEE binary64, round to nearest even);
  f32   each operation on the operands' values in float64, rounded once to
        float32 (53 >= 2*24 + 2: the double rounding is innocuous for + - * / sqrt,
        Figueroa 1995, so this is float32's correctly rounded operation);
  f16   the same with NumPy's float16 (53 >= 2*11 + 2);
  bf16  the same rounded to float32, then to bfloat16 by bit manipulation,
        round to nearest even on the low 16 bits (as torch's CPU c10::BFloat16
        round_to_nearest_even does; 24 >= 2*8 + 2, so again correctly rounded).

Inputs are held as the format holds them: x0, the problem's constants and the
hyper-parameters rounded to the format (as `optref verify`'s truth takes them,
ref/oracle/verify.c); derived constants (1 - beta, beta^t, eta_t) are computed
in the format.  The cases come from golden/cases.in; their problems (diagonal
quadratics f = sum a_i x_i^2, gradient 2 a_i x_i) and schedules are read from
the spec line here, independently of optref's parser.

Usage:  mutants.py CASES_IN CASE FORMAT VARIANT     CSV (hex) on stdout
        mutants.py --list                           algorithms and variants
"""
import sys

import numpy as np

# ---- formats ---------------------------------------------------------------


def _bf16(a):
    f = np.asarray(a, dtype=np.float64).astype(np.float32)
    u = f.view(np.uint32).astype(np.uint64)
    r = ((u + np.uint64(0x7FFF) + ((u >> np.uint64(16)) & np.uint64(1))) & np.uint64(0xFFFF0000)).astype(np.uint32)
    r = np.where(np.isnan(f), f.view(np.uint32), r).astype(np.uint32)
    return r.view(np.float32).astype(np.float64)


ROUND = {
    'f64': lambda a: np.asarray(a, dtype=np.float64),
    'f32': lambda a: np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64),
    'f16': lambda a: np.asarray(a, dtype=np.float64).astype(np.float16).astype(np.float64),
    'bf16': _bf16,
}


class Arith:
    """Operations rounded to one format; values are float64 arrays holding
    values of the format."""

    def __init__(self, fmt):
        self.r = ROUND[fmt]

    def c(self, v):             # an input, as the format holds it
        return self.r(v)

    def add(self, a, b): return self.r(np.add(a, b))
    def sub(self, a, b): return self.r(np.subtract(a, b))
    def mul(self, a, b): return self.r(np.multiply(a, b))
    def div(self, a, b):
        with np.errstate(divide='ignore', invalid='ignore'):
            return self.r(np.divide(a, b))
    def sqrt(self, a): return self.r(np.sqrt(a))


# ---- cases -----------------------------------------------------------------


def read_case(path, name):
    for line in open(path, encoding='utf-8'):
        w = line.split()
        if w and not w[0].startswith('#') and w[0] == name:
            return parse_case(w)
    raise SystemExit(f'mutants.py: no case {name} in {path}')


def parse_case(w):
    name, alg, variant, prob, steps = w[:5]
    kind, _, args = prob.partition(':')
    if kind != 'quad':
        raise SystemExit(f'mutants.py: case {name}: only quad:a=...,x0=... problems are modelled')
    a, x0, key = [], [], None
    for tok in args.split(','):
        if '=' in tok:
            key, _, tok = tok.partition('=')
        (a if key == 'a' else x0).append(float(tok))
    hp, sched = {}, ('constant', {})
    for tok in w[5:]:
        k, _, v = tok.partition('=')
        if k == 'schedule':
            sk, _, sa = v.partition(':')
            sched = (sk, {p.split('=')[0]: float(p.split('=')[1]) for p in sa.split(',') if p})
        else:
            hp[k] = float(v)
    return dict(name=name, alg=alg, variant=variant, a=a, x0=x0, steps=int(steps), hp=hp, sched=sched)


def schedule(A, sched, eta0, t):
    """η_t for update t = 1, 2, ... (e = t − 1), in the format."""
    kind, p = sched
    if kind == 'constant':
        return eta0
    if kind == 'exponential':          # γ^⌊e/len⌋ η0
        k = (t - 1) // int(p.get('len', 1))
        g = A.c(p['gamma'])
        f = A.c(1.0)
        for _ in range(k):
            f = A.mul(f, g)
        return A.mul(f, eta0)
    if kind == 'invsqrt':              # η0 / √(t + c)
        return A.div(eta0, A.sqrt(A.c(t + p.get('c', 1.0))))
    raise SystemExit(f'mutants.py: schedule {kind} not modelled')


# ---- algorithms ------------------------------------------------------------
# Each takes (A, case, mutant) and yields (t, x, {state name: vector}) for
# t = 0..steps.  `mut` is the mistake's name, '' for the correct one.

def grad(A, a2, x):
    return A.mul(a2, x)


def gd(A, c, mut):
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    eta0 = A.c(c['hp']['eta'] if c['alg'] == 'gd' else c['hp']['eps'])
    yield 0, x, {}
    for t in range(1, c['steps'] + 1):
        te = t + 1 if mut == 'sched_t_plus1' else t - 1 if mut == 'sched_t_minus1' else t
        eta = schedule(A, c['sched'], eta0, te)
        step = A.mul(eta, grad(A, a2, x))
        x = A.add(x, step) if mut == 'sign' else A.sub(x, step)
        yield t, x, {}


def momentum(A, c, mut):
    """Polyak heavy ball, lecture form v ← γv + η_t g, x ← x − v."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    eta0, gam = A.c(c['hp']['eta']), A.c(c['hp']['gamma'])
    v = A.c(np.zeros_like(x))
    yield 0, x, {'v': v}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        eta = schedule(A, c['sched'], eta0, t + 1 if mut == 'sched_t_plus1' else t)
        if mut == 'lr_outside':           # torch's placement: b ← γb + g, x ← x − η_t b
            v = A.add(A.mul(gam, v), g)
            x = A.sub(x, A.mul(eta, v))
        else:
            scale = A.mul(A.sub(A.c(1.0), gam), eta) if mut == 'dampening' else eta
            v = A.add(A.mul(gam, v), A.mul(scale, g))
            x = A.add(x, v) if mut == 'sign' else A.sub(x, v)
        yield t, x, {'v': v}


def nesterov(A, c, mut):
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    if c['variant'] == 'lookahead':       # Sutskever et al. 2013 eq. (3)-(4)
        alpha, gam = A.c(c['hp']['alpha']), A.c(c['hp']['gamma'])
        v = A.c(np.zeros_like(x))
        yield 0, x, {'v': v}
        for t in range(1, c['steps'] + 1):
            at = x if mut == 'no_lookahead' else A.add(x, A.mul(gam, v))
            v = A.sub(A.mul(gam, v), A.mul(alpha, grad(A, a2, at)))
            x = A.sub(x, v) if mut == 'sign' else A.add(x, v)
            yield t, x, {'v': v}
        return
    beta = A.c(c['hp']['beta'])           # STATS 403: u' = x − βg, x = u' + k/(k+3)(u' − u), k = t − 1
    u = x
    yield 0, x, {'u': u}
    for t in range(1, c['steps'] + 1):
        k = t if mut == 'coef_t_plus1' else t - 1
        bg = A.mul(beta, grad(A, a2, x))
        un = A.add(x, bg) if mut == 'sign' else A.sub(x, bg)
        coef = A.div(A.c(k), A.c(k + 3))
        x = A.add(un, A.mul(coef, A.sub(un, u)))
        u = un
        yield t, x, {'u': u}


def adagrad(A, c, mut):
    """Duchi et al. 2011 diagonal: s ← s + g², x ← x − η g/√(s + ε) (inside)
    or η g/(δ + √s) (outside)."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    eta = A.c(c['hp']['eta'])
    inside = c['variant'] == 'eps_inside'
    eps = A.c(c['hp']['eps'] if inside else c['hp']['delta'])
    if mut == 'eps_placement':
        inside = not inside
    s = A.c(np.zeros_like(x))
    yield 0, x, {'s': s}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        s = A.add(s, A.mul(g, g))
        x = A.sub(x, precond_step(A, eta, eps, s, g, inside, mut))
        yield t, x, {'s': s}


def precond_step(A, eta, eps, s, g, inside, mut):
    """η g/√(s + ε) or η g/(√s + ε); mistakes: the sign, η inside the
    denominator (1/(√s/η + ε): ε left unscaled by η)."""
    if mut == 'lr_in_denominator':
        den = (A.sqrt(A.add(A.div(s, A.mul(eta, eta)), eps)) if inside
               else A.add(A.div(A.sqrt(s), eta), eps))
        return A.div(g, den)
    den = A.sqrt(A.add(s, eps)) if inside else A.add(A.sqrt(s), eps)
    st = A.mul(A.div(eta, den), g)
    return A.sub(A.c(np.zeros_like(st)), st) if mut == 'sign' else st


def rmsprop(A, c, mut):
    """Tieleman & Hinton 2012: s ← γs + (1 − γ)g², then as AdaGrad."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    eta, gam, eps = A.c(c['hp']['eta']), A.c(c['hp']['gamma']), A.c(c['hp']['eps'])
    inside = c['variant'] == 'eps_inside'
    if mut == 'eps_placement':
        inside = not inside
    one = A.c(1.0)
    s = A.c(np.zeros_like(x))
    yield 0, x, {'s': s}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        gg = A.mul(g, g)
        if mut == 'no_dampening':
            s = A.add(A.mul(gam, s), gg)
        elif mut == 'swap_gamma':
            s = A.add(A.mul(A.sub(one, gam), s), A.mul(gam, gg))
        else:
            s = A.add(A.mul(gam, s), A.mul(A.sub(one, gam), gg))
        x = A.sub(x, precond_step(A, eta, eps, s, g, inside, mut))
        yield t, x, {'s': s}


def adadelta(A, c, mut):
    """Zeiler 2012 Algorithm 1."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    rho, eps = A.c(c['hp']['rho']), A.c(c['hp']['eps'])
    one = A.c(1.0)
    w_old, w_new = (A.sub(one, rho), rho) if mut == 'swap_rho' else (rho, A.sub(one, rho))
    if mut == 'no_dampening':
        w_new = one
    s = A.c(np.zeros_like(x))
    dx = A.c(np.zeros_like(x))
    yield 0, x, {'s': s, 'dx': dx}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        s = A.add(A.mul(w_old, s), A.mul(w_new, A.mul(g, g)))
        if mut == 'eps_placement':     # ε outside both roots
            r = A.div(A.add(A.sqrt(dx), eps), A.add(A.sqrt(s), eps))
        else:
            r = A.div(A.sqrt(A.add(dx, eps)), A.sqrt(A.add(s, eps)))
        gp = A.mul(r, g)
        dx = A.add(A.mul(w_old, dx), A.mul(w_new, A.mul(gp, gp)))
        x = A.add(x, gp) if mut == 'sign' else A.sub(x, gp)
        yield t, x, {'s': s, 'dx': dx}


def adam_core(A, c, mut, g, m, v, b1t, b2t, b1, b2):
    """One Adam update of the moments and the step m̂/(√v̂ + ε) before α:
    Kingma & Ba Algorithm 1, with its known mistakes."""
    one = A.c(1.0)
    if mut == 'swap_beta':
        b1, b2 = b2, b1
    m = A.add(A.mul(b1, m), A.mul(A.sub(one, b1), g))
    v = A.add(A.mul(b2, v), A.mul(A.sub(one, b2), A.mul(g, g)))
    mh = m if mut in ('no_bc', 'no_bc1') else A.div(m, A.sub(one, b1t))
    vh = v if mut in ('no_bc', 'no_bc2') else A.div(v, A.sub(one, b2t))
    return m, v, mh, vh


def adam(A, c, mut):
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    hp = c['hp']
    alpha, b1, b2, eps = (A.c(hp.get(k, d)) for k, d in
                          (('alpha', 0.001), ('beta1', 0.9), ('beta2', 0.999), ('eps', 1e-8)))
    m = A.c(np.zeros_like(x))
    v = A.c(np.zeros_like(x))
    one = A.c(1.0)
    p1 = p2 = one                        # β^t as running products
    yield 0, x, {'m': m, 'v': v}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        p1, p2 = A.mul(p1, b1), A.mul(p2, b2)
        b1t, b2t = p1, p2
        if mut == 't_minus1':            # the step counter advanced after use
            b1t, b2t = A.div(p1, b1), A.div(p2, b2)
        elif mut == 't_plus1':
            b1t, b2t = A.mul(p1, b1), A.mul(p2, b2)
        m, v, mh, vh = adam_core(A, c, mut, g, m, v, b1t, b2t, b1, b2)
        if mut == 'eps_inside':
            den = A.sqrt(A.add(vh, eps))
        elif mut == 'lr_in_denominator':
            den = A.add(A.div(A.sqrt(vh), alpha), eps)
        else:
            den = A.add(A.sqrt(vh), eps)
        st = A.div(mh, den) if mut == 'lr_in_denominator' else A.div(A.mul(alpha, mh), den)
        x = A.add(x, st) if mut == 'sign' else A.sub(x, st)
        yield t, x, {'m': m, 'v': v}


def adamw(A, c, mut):
    """Loshchilov & Hutter Algorithm 2, decoupled decay scaled by η_t:
    θ ← θ − η_t(α m̂/(√v̂ + ε) + λθ)."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    hp = c['hp']
    alpha, b1, b2, eps, lam, eta0 = (A.c(hp.get(k, d)) for k, d in
                                     (('alpha', 0.001), ('beta1', 0.9), ('beta2', 0.999),
                                      ('eps', 1e-8), ('lambda', 0.0), ('eta', 1.0)))
    m = A.c(np.zeros_like(x))
    v = A.c(np.zeros_like(x))
    p1 = p2 = A.c(1.0)
    yield 0, x, {'m': m, 'v': v}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        if mut == 'coupled':              # L2: λθ added to the gradient
            g = A.add(g, A.mul(lam, x))
        p1, p2 = A.mul(p1, b1), A.mul(p2, b2)
        m, v, mh, vh = adam_core(A, c, '', g, m, v, p1, p2, b1, b2)
        eta = schedule(A, c['sched'], eta0, t + 1 if mut == 'sched_t_plus1' else t)
        st = A.div(A.mul(alpha, mh), A.add(A.sqrt(vh), eps))
        if mut == 'coupled':
            x = A.sub(x, A.mul(eta, st))
        elif mut == 'decay_after':        # decay applied to the already updated θ
            x = A.sub(x, A.mul(eta, st))
            x = A.sub(x, A.mul(A.mul(eta, lam), x))
        else:
            dec = {'decay_lr': A.mul(A.mul(eta, alpha), lam),
                   'decay_unscheduled': lam}.get(mut, A.mul(eta, lam))
            x = A.sub(A.sub(x, A.mul(eta, st)), A.mul(dec, x))
        yield t, x, {'m': m, 'v': v}


def sgdw(A, c, mut):
    """Loshchilov & Hutter Algorithm 1: m ← β1 m + η_t α g, θ ← θ − m − η_t λθ."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    hp = c['hp']
    alpha, b1, lam, eta0 = (A.c(hp.get(k, d)) for k, d in
                            (('alpha', 0.0), ('beta1', 0.9), ('lambda', 0.0), ('eta', 1.0)))
    m = A.c(np.zeros_like(x))
    yield 0, x, {'m': m}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        if mut == 'coupled':
            g = A.add(g, A.mul(lam, x))
        eta = schedule(A, c['sched'], eta0, t + 1 if mut == 'sched_t_plus1' else t)
        ea = A.mul(eta, alpha)
        if mut == 'dampening':
            ea = A.mul(A.sub(A.c(1.0), b1), ea)
        m = A.add(A.mul(b1, m), A.mul(ea, g))
        if mut == 'coupled':
            x = A.sub(x, m)
        else:
            dec = {'decay_lr': A.mul(ea, lam), 'decay_unscheduled': lam}.get(mut, A.mul(eta, lam))
            d = A.mul(dec, x)
            x = A.add(A.sub(x, m), d) if mut == 'decay_sign' else A.sub(A.sub(x, m), d)
        yield t, x, {'m': m}


def amsgrad(A, c, mut):
    """Reddi et al. 2018 Algorithm 2 (no bias correction, box = R^n, β1t = β1):
    v̂ ← max(v̂, v), x ← x − α_t m/(√v̂ + ε)."""
    a2, x = A.c([2 * v for v in c['a']]), A.c(c['x0'])
    hp = c['hp']
    alpha, b1, b2, eps = (A.c(hp.get(k, d)) for k, d in
                          (('alpha', 0.0), ('beta1', 0.9), ('beta2', 0.999), ('eps', 0.0)))
    one = A.c(1.0)
    if mut == 'swap_beta':
        b1, b2 = b2, b1
    m = A.c(np.zeros_like(x))
    v = A.c(np.zeros_like(x))
    vh = A.c(np.zeros_like(x))
    p2 = one
    yield 0, x, {'m': m, 'v': v, 'vhat': vh}
    for t in range(1, c['steps'] + 1):
        g = grad(A, a2, x)
        m = A.add(A.mul(b1, m), A.mul(A.sub(one, b1), g))
        v = A.add(A.mul(b2, v), A.mul(A.sub(one, b2), A.mul(g, g)))
        p2 = A.mul(p2, b2)
        if mut == 'max_bias_corrected':   # the max taken over v/(1 − β2^t)
            vh = np.maximum(vh, A.div(v, A.sub(one, p2)))
            den = vh
        else:
            vh = np.maximum(vh, v)
            den = {'no_max': v, 'bc_after_max': A.div(vh, A.sub(one, p2))}.get(mut, vh)
        at = schedule(A, c['sched'], alpha, t + {'sched_t_plus1': 1, 'sched_t_minus1': -1}.get(mut, 0))
        st = A.div(A.mul(at, m), A.add(A.sqrt(den), eps))
        x = A.add(x, st) if mut == 'sign' else A.sub(x, st)
        yield t, x, {'m': m, 'v': v, 'vhat': vh}


ALGS = {
    'gd': (gd, ['sign', 'sched_t_plus1', 'sched_t_minus1']),
    'sgd': (gd, ['sign', 'sched_t_plus1', 'sched_t_minus1']),
    'momentum': (momentum, ['sign', 'dampening', 'lr_outside', 'sched_t_plus1']),
    'nesterov': (nesterov, {'lookahead': ['no_lookahead', 'sign'], 'ux': ['sign', 'coef_t_plus1']}),
    'adagrad': (adagrad, ['eps_placement', 'lr_in_denominator', 'sign']),
    'rmsprop': (rmsprop, ['eps_placement', 'no_dampening', 'swap_gamma', 'lr_in_denominator', 'sign']),
    'adadelta': (adadelta, ['eps_placement', 'swap_rho', 'no_dampening', 'sign']),
    'adam': (adam, ['eps_inside', 'no_bc', 'no_bc1', 'no_bc2', 'swap_beta', 't_minus1', 't_plus1',
                    'lr_in_denominator', 'sign']),
    'adamw': (adamw, ['coupled', 'decay_lr', 'decay_after', 'decay_unscheduled', 'sched_t_plus1']),
    'sgdw': (sgdw, ['coupled', 'decay_lr', 'dampening', 'decay_sign', 'decay_unscheduled', 'sched_t_plus1']),
    'amsgrad': (amsgrad, ['no_max', 'max_bias_corrected', 'bc_after_max', 'swap_beta', 'sched_t_plus1',
                          'sched_t_minus1', 'sign']),
}


def mistakes(case):
    muts = ALGS[case['alg']][1]
    return muts[case['variant']] if isinstance(muts, dict) else muts


def rows(case, fmt, mut):
    fn, muts = ALGS[case['alg']][0], mistakes(case)
    if mut and mut not in muts:
        raise SystemExit(f'mutants.py: {case["alg"]} has no mistake {mut} (known: {", ".join(muts)})')
    return list(fn(Arith(fmt), case, mut))


def csv(rs):
    t0, x0, st0 = rs[0]
    cols = [f'x[{i}]' for i in range(len(x0))]
    for k, vec in st0.items():
        cols += [f'{k}[{i}]' for i in range(len(vec))]
    out = ['t,' + ','.join(cols)]
    for t, x, st in rs:
        vals = list(x) + [e for vec in st.values() for e in vec]
        out.append(f'{t},' + ','.join(float(e).hex() for e in vals))
    return '\n'.join(out) + '\n'


def main(argv):
    if argv[1:2] == ['--list']:
        for a, (_, muts) in ALGS.items():
            for v, ms in (muts.items() if isinstance(muts, dict) else [('*', muts)]):
                print(a, v, *ms)
        return 0
    if len(argv) != 5:
        print(__doc__.split('Usage:')[1].strip(), file=sys.stderr)
        return 2
    case = read_case(argv[1], argv[2]) if not argv[2].count(' ') else parse_case(argv[2].split())
    sys.stdout.write(csv(rows(case, argv[3], '' if argv[4] == 'correct' else argv[4])))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
