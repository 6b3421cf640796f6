#!/usr/bin/python3
"""Suite script: the mutation matrix (issue 9 item 3).

For every case mut-* of golden/cases.in, the candidates of tests/mutants.py
(NumPy, written apart from ref/alg/, every operation rounded to the format)
are judged by `optref verify CASE - --dtype F` in f64, f32, bf16 and f16:

  - the correct implementation passes (exit 0) in every format;
  - each known mistake fails (exit 1), and the first failure verify reports
    is at the mistake's first divergent step: the step MATRIX gives by hand
    (why, in its comment), which must also be the first row where the
    mistake's float64 candidate differs from the correct one (so the mistake
    is dormant before it, and visible at it).

Each cell of the printed matrix: the step and value verify names first, and
the largest distance at that step in rounding bounds with the mode (t
trajectory, o one step); a correct candidate's cell, its largest distance in
bounds per mode.  A mistake that no case can show in some format is allowed only
as an entry of LIMITS, with the arithmetic that shows it is below the
format's resolution; limits() checks that arithmetic on the case and that
verify indeed cannot tell the two candidates apart there.

usage: check_mutants.py SOURCE_ROOT OPTREF_EXE [--markdown]
(--markdown: also print the matrix as doc/verify.md's table)
"""
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import mutants as M  # noqa: E402  (NumPy: Debian python3-numpy, /usr/bin/python3)
except ImportError as e:
    print(f'skipped: {e}')
    sys.exit(77)

FORMATS = ['f64', 'f32', 'bf16', 'f16']

# (case, mistake, first divergent step, why that step)
MATRIX = [
    ('mut-gd', 'sign', 1, 'x + ηg from the first step'),
    ('mut-gd', 'sched_t_plus1', 1, 'η_1 = η0·0.5 instead of η0'),
    ('mut-gd', 'sched_t_minus1', 2, 'the counter, stuck at 0 for t = 1, gives η_1 = η0 either way; η_2 = η0, not η0/2'),
    ('mut-sgd', 'sign', 1, 'as gd'),
    ('mut-sgd', 'sched_t_plus1', 1, 'as gd'),
    ('mut-sgd', 'sched_t_minus1', 2, 'as gd'),
    ('mut-momentum', 'sign', 1, 'x + v'),
    ('mut-momentum', 'dampening', 1, 'v_1 = (1 − γ)ηg instead of ηg'),
    ('mut-momentum', 'lr_outside', 2, 'η_1 = 1: b_1 = g = v_1; η_2 = 1/2 scales all of b_2 but only g_2 in v_2'),
    ('mut-momentum', 'sched_t_plus1', 1, 'η_1 = 1/2 instead of 1'),
    ('mut-nesterov-lookahead', 'no_lookahead', 2, 'v_0 = 0: W + γv_0 = W at the first step'),
    ('mut-nesterov-lookahead', 'sign', 1, 'W − v'),
    ('mut-nesterov-ux', 'sign', 1, 'u = x + βg'),
    ('mut-nesterov-ux', 'coef_t_plus1', 1, '1/4 instead of 0/3 at the first step'),
    ('mut-adagrad-inside', 'eps_placement', 1, '√(g² + ε) vs |g| + ε, ε = 1/4 of the order of g²'),
    ('mut-adagrad-inside', 'lr_in_denominator', 1, 'ε not scaled by η: √(s/η² + ε) with η = 1/2'),
    ('mut-adagrad-inside', 'sign', 1, 'x + step'),
    ('mut-adagrad-outside', 'eps_placement', 1, 'as above'),
    ('mut-adagrad-outside', 'lr_in_denominator', 1, '√s/η + δ'),
    ('mut-adagrad-outside', 'sign', 1, 'x + step'),
    ('mut-rmsprop-inside', 'eps_placement', 1, 'as adagrad'),
    ('mut-rmsprop-inside', 'no_dampening', 1, 's_1 = g² instead of (1 − γ)g²'),
    ('mut-rmsprop-inside', 'swap_gamma', 1, 's_1 = γg² instead of (1 − γ)g², γ = 3/4'),
    ('mut-rmsprop-inside', 'lr_in_denominator', 1, 'as adagrad'),
    ('mut-rmsprop-inside', 'sign', 1, 'x + step'),
    ('mut-rmsprop-outside', 'eps_placement', 1, 'as adagrad'),
    ('mut-rmsprop-outside', 'no_dampening', 1, 'as inside'),
    ('mut-rmsprop-outside', 'swap_gamma', 1, 'as inside'),
    ('mut-rmsprop-outside', 'lr_in_denominator', 1, 'as adagrad'),
    ('mut-rmsprop-outside', 'sign', 1, 'x + step'),
    ('mut-adadelta', 'eps_placement', 1, 'Δx_0 = 0: ε/(√s + ε) vs √ε/√(s + ε)'),
    ('mut-adadelta', 'swap_rho', 1, 's_1 = ρg² instead of (1 − ρ)g²'),
    ('mut-adadelta', 'no_dampening', 1, 's_1 = g²'),
    ('mut-adadelta', 'sign', 1, 'x + g′'),
    ('mut-adam', 'eps_inside', 1, '√(v̂ + ε) vs √v̂ + ε with ε = 1/16, |g| = 1 and 1/64'),
    ('mut-adam', 'no_bc', 1, 'm/√v = (1 − β1)/√(1 − β2)·sign g = 0.18 instead of 1'),
    ('mut-adam', 'no_bc1', 1, 'm̂ = m: factor 1 − β1 = 1/8'),
    ('mut-adam', 'no_bc2', 1, 'v̂ = v: factor 1/√(1 − β2) = √2'),
    ('mut-adam', 'swap_beta', 1, 'm_1 = (1 − β2)g = g/2 instead of g/8'),
    ('mut-adam', 't_minus1', 1, '1 − β^0 = 0: m̂ = ±inf, x = NaN'),
    ('mut-adam', 't_plus1', 1, '1/(1 + β1) = 8/15 and √(1/(1 + β2)) = 0.82 at t = 1'),
    ('mut-adam', 'lr_in_denominator', 1, 'ε not scaled by α = 1/2: matters where |g| = 1/64'),
    ('mut-adam', 'sign', 1, 'x + step'),
    ('mut-amsgrad', 'no_max', 2, 'v̂_1 = v_1; x_1[1] ≈ 0 so v_2 ≈ β2 v_1 < v̂_1 at t = 2'),
    ('mut-amsgrad', 'max_bias_corrected', 1, 'v̂_1 = v_1/(1 − β2) instead of v_1'),
    ('mut-amsgrad', 'bc_after_max', 1, 'step × √(1 − β2) = 0.87 at t = 1'),
    ('mut-amsgrad', 'swap_beta', 1, 'm_1 = (1 − β2)g'),
    ('mut-amsgrad', 'sched_t_plus1', 1, 'α/√2 instead of α/√1'),
    ('mut-amsgrad', 'sched_t_minus1', 1, 'α/√0 = inf: x = ±inf'),
    ('mut-amsgrad', 'sign', 1, 'x + step'),
    ('mut-adamw', 'coupled', 1, 'λθ in g: m_1, v_1 change'),
    ('mut-adamw', 'decay_lr', 1, 'η αλθ instead of ηλθ, α = 1/4'),
    ('mut-adamw', 'decay_after', 1, 'λ times the updated θ'),
    ('mut-adamw', 'decay_unscheduled', 2, 'η_1 = 1; η_2 = 1/2 scales the step but not λθ'),
    ('mut-adamw', 'sched_t_plus1', 1, 'η_1 = 1/2 instead of 1'),
    ('mut-sgdw', 'coupled', 1, 'λθ in g: m_1 changes'),
    ('mut-sgdw', 'decay_lr', 1, 'η αλθ, α = 1/2'),
    ('mut-sgdw', 'dampening', 1, 'm_1 = (1 − β1)η αg'),
    ('mut-sgdw', 'decay_sign', 1, 'θ + ηλθ'),
    ('mut-sgdw', 'decay_unscheduled', 2, 'η_1 = 1; η_2 = 1/2'),
    ('mut-sgdw', 'sched_t_plus1', 1, 'η_1 = 1/2 instead of 1'),
]

# Mistakes below a format's resolution on a case: (case, format, mistake).
# These are the blind spots of the older golden cases that the mut-* cases
# remove (issue 9: ε placement invisible in float32).  limits() computes, step
# by step on the correct candidate in that format, the relative change the
# mistake makes to the denominator, r = max(ε/√v, ε/(2v)) (moving ε across
# the root shifts √v by ε or by about ε/(2√v)), so the step moves by at most
# |Δx|·r (first order), and asserts that this is below u/2 times the column's
# scale (verify's: the largest |x_i| so far), u the format's unit roundoff.
# Half an ULP of the scale exceeds u/2 times it, so the mistake moves x by
# less than half an ULP: at most one rounding flips, by one ULP, under every
# budget (s, v do not depend on ε; f16 even rounds ε = 1e-8 to 0).  It then
# asserts that verify indeed cannot tell the mistake (exit 0): a physical
# limit of the format on that case, not a blind spot of verify.
LIMITS = [
    ('quad-adam-eta0.1', 'f32', 'eps_inside'),       # ε = 1e-8, √v̂ >= 1: 1e-8 < 2^-25
    ('quad-adam-eta0.1', 'f16', 'eps_inside'),       # ε rounds to 0 in binary16
    ('quad-adagrad-outside', 'f32', 'eps_placement'),
    ('quad-adagrad-outside', 'bf16', 'eps_placement'),
    ('quad-adagrad-outside', 'f16', 'eps_placement'),
    ('quad-rmsprop-eta0.4', 'bf16', 'eps_placement'),
    ('quad-rmsprop-eta0.4', 'f16', 'eps_placement'),
]
PRESETS = {'quad-0.1-2': 'quad:a=0.1,2,x0=-5,-2'}
SPEC_ARGS = []  # ['--spec', FILE] to try cases of another spec file
UNIT_ROUNDOFF = {'f64': 2.0 ** -53, 'f32': 2.0 ** -24, 'bf16': 2.0 ** -8, 'f16': 2.0 ** -11}


def first_divergence(case, mut):
    good, bad = M.rows(case, 'f64', ''), M.rows(case, 'f64', mut)
    for (t, x, st), (_, x2, st2) in zip(good, bad):
        a = list(x) + [e for v in st.values() for e in v]
        b = list(x2) + [e for v in st2.values() for e in v]
        if any(not (p == q or (p != p and q != q)) for p, q in zip(a, b)):
            return t
    return None


def verify(exe, case, csvtext, fmt):
    fd, jp = tempfile.mkstemp(suffix='.json')
    os.close(fd)
    os.unlink(jp)
    p = subprocess.run([exe, 'verify', case, '-', '--dtype', fmt, '--json', jp, '--quiet'] + SPEC_ARGS,
                       input=csvtext, capture_output=True, text=True)
    rep = {}
    if os.path.exists(jp):
        with open(jp, encoding='utf-8') as f:
            rep = json.load(f)
        os.unlink(jp)
    return p.returncode, rep, (p.stdout + p.stderr).strip()


def judge(exe, cases, case, mut, fmt, want_t):
    """One cell: '' if as expected, else why not; and the cell's text."""
    rc, rep, out = verify(exe, case, M.csv(M.rows(cases[case], fmt, mut)), fmt)
    if not mut:
        if rc != 0:
            return f'correct candidate: exit {rc}: {out[:300]}', f'exit {rc}'
        worst = {k[0]: max(q['max_bound_ratio'] for q in v['quantities']) for k, v in rep['modes'].items()
                 if v['judged']}
        return '', 'pass ' + ' '.join(f'{k}{u:.3g}' for k, u in sorted(worst.items()))
    if rc == 1:
        f = rep['failures'][0]
        top = max((g for g in rep['failures'] if g['t'] == f['t']), key=lambda g: float(g['bound_ratio']))
        cell = f"t={f['t']} {top['quantity']} {float(top['bound_ratio']):.3g}x{top['mode'][0]}"
        if f['t'] != want_t:
            return f'first failure at t={f["t"]}, expected t={want_t}: {out[:200]}', cell
        return '', cell
    return f'exit {rc}, expected 1: {out[:300]}', f'exit {rc}'


def markdown_cell(cell):
    w = cell.split()
    if cell.startswith('t='):
        ratio, mode = w[2].split('x')
        return f'{w[1]} {float(ratio):.3g}×' + ('ᵗ' if mode == 't' else '')
    return cell


def limits(exe, spec):
    bad = []
    for name, fmt, mut in LIMITS:
        w = next(l.split() for l in open(spec, encoding='utf-8') if l.split()[:1] == [name])
        w[3] = PRESETS.get(w[3], w[3])
        c = M.parse_case(w)
        A = M.Arith(fmt)
        u = UNIT_ROUNDOFF[fmt]
        eps = float(A.c(c['hp'].get('eps', c['hp'].get('delta'))))
        worst, rs = 0.0, M.rows(c, fmt, '')
        scale = [abs(float(e)) for e in rs[0][1]]
        for (_, xp, _), (t, x, st) in zip(rs, rs[1:]):
            for i, v in enumerate(second_moments(c, t, st)):
                scale[i] = max(scale[i], abs(float(x[i])))
                rel = max(eps / v ** 0.5, eps / (2 * v))
                worst = max(worst, abs(float(x[i]) - float(xp[i])) * rel / scale[i])
        rc, _, out = verify(exe, name, M.csv(M.rows(c, fmt, mut)), fmt)
        same = M.csv(M.rows(c, fmt, '')) == M.csv(M.rows(c, fmt, mut))
        print(f'limit {name} {fmt} {mut}: ε = {eps:.3g}, max |Δx|·r/scale = '
              f'{worst:.3g} {"<" if worst < u / 2 else ">="} u/2 = {u / 2:.3g}; verify exit {rc}; '
              f'candidates bit-identical: {same}')
        if not (worst < u / 2 and rc == 0):
            bad.append(f'limit {name} {fmt} {mut}: not below the resolution (bound {worst:.3g}, exit {rc}: {out[:200]})')
    return bad


def sensitivity(exe, cases, names):
    """The report's own account of what the correct candidate's run could have seen
    (`sensitivity` in the JSON report: each known mistake's difference from the correct
    step, one step, in rounding bounds) agrees with the matrix: a mistake of MATRIX that
    the report names is visible first at its first divergent step, and each LIMITS entry
    (invisible in that format) is reported as invisible."""
    bad, named = [], 0
    invisible = {(n, f, m) for n, f, m in LIMITS}
    for case in names:
        for fmt in FORMATS:
            _, rep, out = verify(exe, case, M.csv(M.rows(cases[case], fmt, '')), fmt)
            sens = {e['mistake']: e for e in rep.get('sensitivity', [])}
            for c, mut, want, _ in MATRIX:
                if c != case or mut not in sens:
                    continue
                named += 1
                e = sens[mut]
                if not e['visible'] or e['first_t'] != want:
                    bad.append(f'sensitivity {case} {fmt} {mut}: the report says visible={e["visible"]} from '
                               f't={e["first_t"]}, the matrix t={want}')
    spec = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden', 'cases.in')
    for name, fmt, mut in sorted(invisible):
        w = next(l.split() for l in open(spec, encoding='utf-8') if l.split()[:1] == [name])
        w[3] = PRESETS.get(w[3], w[3])
        _, rep, out = verify(exe, name, M.csv(M.rows(M.parse_case(w), fmt, '')), fmt)
        e = {x['mistake']: x for x in rep.get('sensitivity', [])}.get(mut)
        if e is None or e['visible']:
            bad.append(f'sensitivity {name} {fmt} {mut}: a limit the report does not name as invisible ({e})')
        else:
            print(f'sensitivity {name} {fmt} {mut}: invisible, at most {float(e["max_bound_ratio"]):.3g} of the bound')
    print(f'sensitivity: {named} cells named by the report, {len(invisible)} limits')
    return bad


def second_moments(c, t, st):
    """What the root is taken of at step t: v̂ = v/(1 − β2^t) for Adam
    (β2^t in binary64: the bound is to first order), s for AdaGrad/RMSProp."""
    if c['alg'] == 'adam':
        return [float(v) / (1 - c['hp']['beta2'] ** t) for v in st['v']]
    return [float(v) for v in st['s']]


def main():
    root, exe = sys.argv[1], sys.argv[2]
    spec = os.path.join(root, 'golden', 'cases.in')
    names = sorted({m[0] for m in MATRIX})
    cases = {n: M.read_case(spec, n) for n in names}
    problems = []
    for case, mut, want, _ in MATRIX:
        got = first_divergence(cases[case], mut)
        if got != want:
            problems.append(f'{case} {mut}: float64 candidates first differ at t={got}, MATRIX says {want}')
        if mut not in M.mistakes(cases[case]):
            problems.append(f'{case} {mut}: not a mistake mutants.py knows')
    for n in names:
        listed = {m[1] for m in MATRIX if m[0] == n}
        missing = set(M.mistakes(cases[n])) - listed
        if missing:
            problems.append(f'{n}: mistakes {sorted(missing)} missing from MATRIX')
    jobs = [(case, '', 0) for case in names] + [(case, mut, want) for case, mut, want, _ in MATRIX]
    with ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as ex:
        res = {(c, m, f): ex.submit(judge, exe, cases, c, m, f, w) for c, m, w in jobs for f in FORMATS}
        print(f'{"case":24s} {"mistake":20s} ' + ' '.join(f'{f:26s}' for f in FORMATS))
        md = ['| case | mistake | step | ' + ' | '.join(FORMATS) + ' |', '|---' * (3 + len(FORMATS)) + '|']
        for c, m, w in jobs:
            cells = []
            for f in FORMATS:
                why, cell = res[(c, m, f)].result()
                cells.append(cell + ('  <-- ' if why else ''))
                if why:
                    problems.append(f'{c} {m or "correct"} {f}: {why}')
            print(f'{c:24s} {m or "correct":20s} ' + ' '.join(f'{s:26s}' for s in cells))
            if m:
                md.append(f'| {c[4:]} | {m} | {w} | ' + ' | '.join(markdown_cell(s) for s in cells) + ' |')
    if '--markdown' in sys.argv:
        print('\n'.join(md))
    problems += limits(exe, spec)
    problems += sensitivity(exe, cases, names)
    for p in problems:
        print('FAIL:', p)
    print(f'{len(jobs) * len(FORMATS)} cells, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
