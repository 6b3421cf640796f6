#!/usr/bin/python3
"""Trajectory budgets of golden/TOLERANCES at the horizons verify uses (100 and
1000 steps): the largest ULPs of tests/mutants.py's correct candidates (NumPy,
written apart from ref/alg/, every operation rounded to the format) judged by
`optref verify` with no budget, over 100- and 1000-step trajectories on two
quadratics, with decay rates up to 0.99 and 0.999, in all four formats.

usage: tools/calibrate_trajectory.py BUILD/optref [--check]   (/usr/bin/python3: NumPy)
Prints, per algorithm and format, the largest ULPs (over quantities), where, the
budget golden/TOLERANCES gives that horizon, and their ratio; rows whose measure
exceeds a quarter of the budget (the file's rule: about four times the largest
error of a faithful implementation) are marked.  --check: exit 1 if any
faithful candidate fails verify with the default budgets."""
import json, math, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
try:
    import mutants as M  # noqa: E402
except ImportError as e:  # no NumPy: meson's "skipped"
    print(f'calibrate_trajectory.py: {e}; skipped')
    sys.exit(77)

Q = 'quad:a=0.1,2,x0=-5,-2'  # quad-0.1-2, the golden cases' problem
S = 'quad:a=0.3,1.7,x0=0.37,-0.11'
CASES = """gd-04 gd standard Q 100 eta=0.4
gd-06 gd standard Q 100 eta=0.6
gd-inv gd standard S 100 eta=0.4 schedule=invsqrt:c=1
momentum-05 momentum standard Q 100 eta=0.6 gamma=0.5
momentum-09 momentum standard S 100 eta=0.1 gamma=0.9
nesterov-ux nesterov ux Q 100 beta=0.4
nesterov-la nesterov lookahead Q 100 alpha=0.4 gamma=0.5
nesterov-la-s nesterov lookahead S 100 alpha=0.1 gamma=0.9
adagrad-in adagrad eps_inside Q 100 eta=0.4 eps=1e-6
adagrad-out adagrad eps_outside S 100 eta=0.4 delta=1e-7
rmsprop-09 rmsprop eps_inside Q 100 eta=0.4 gamma=0.9 eps=1e-6
rmsprop-099 rmsprop eps_inside Q 100 eta=0.01 gamma=0.99 eps=1e-8
rmsprop-099-out rmsprop eps_outside Q 100 eta=0.01 gamma=0.99 eps=1e-8
rmsprop-099-s rmsprop eps_outside S 100 eta=0.01 gamma=0.99 eps=1e-8
rmsprop-0999 rmsprop eps_inside S 100 eta=0.001 gamma=0.999 eps=1e-8
adadelta-09 adadelta standard Q 100 rho=0.9 eps=1e-5
adadelta-095 adadelta standard Q 100 rho=0.95 eps=1e-6
adadelta-099 adadelta standard S 100 rho=0.99 eps=1e-6
adam adam standard Q 100 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8
adam-s adam standard S 100 alpha=0.01 beta1=0.9 beta2=0.999 eps=1e-8
adam-099 adam standard Q 100 alpha=0.1 beta1=0.8 beta2=0.99 eps=1e-8
adam-1000 adam standard Q 1000 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8
adam-1000-s adam standard S 1000 alpha=0.01 beta1=0.9 beta2=0.999 eps=1e-8
adamw adamw adamw Q 100 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8 lambda=0.1
adamw-s adamw adamw S 100 alpha=0.01 beta1=0.9 beta2=0.999 eps=1e-8 lambda=0.01
sgdw sgdw sgdw Q 100 alpha=0.6 beta1=0.5 lambda=0.1
sgdw-s sgdw sgdw S 100 alpha=0.1 beta1=0.9 lambda=0.01
amsgrad amsgrad box Q 100 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8 schedule=invsqrt:c=0
amsgrad-099 amsgrad box S 100 alpha=0.1 beta1=0.9 beta2=0.99 eps=1e-8 schedule=invsqrt:c=0
""".replace(' Q ', f' {Q} ').replace(' S ', f' {S} ')
FORMATS = ('f64', 'f32', 'bf16', 'f16')


def degenerate(spec, name, fmt):
    """Why a faithful run says nothing in fmt: a decay rate that rounds to 1 (bf16's 0.999),
    or a trajectory the format cannot hold (overflow).  None when it does."""
    case = M.read_case(spec, name)
    A = M.Arith(fmt)
    for k, v in case['hp'].items():
        if 0 < v < 1 and float(A.r(v)) == 1:
            return f'{k}={v} rounds to 1'
    for t, x, st in M.rows(case, fmt, None):
        if not all(math.isfinite(float(e)) for vec in [x] + list(st.values()) for e in vec):
            return f'overflows at t={t}'
    return None


def judge(exe, spec, name, fmt, budget):
    """verify's JSON report of a faithful candidate: with no budget, or the default ones."""
    txt = M.csv(M.rows(M.read_case(spec, name), fmt, None))
    loose = [] if budget else ['--tolerance', '1e30', '--step-tolerance', '1e30']
    with tempfile.TemporaryDirectory() as d:
        jp = os.path.join(d, 'r.json')
        subprocess.run([exe, 'verify', name, '-', '--spec', spec, '--tolerances',
                        os.path.join(ROOT, 'golden', 'TOLERANCES'), '--dtype', fmt, '--json', jp, '--quiet'] + loose,
                       input=txt, capture_output=True, text=True)
        with open(jp) as fh:
            return json.load(fh)


def main():
    exe, check = sys.argv[1], '--check' in sys.argv[2:]
    with tempfile.NamedTemporaryFile('w', suffix='.in', delete=False) as fh:
        fh.write(CASES)
        spec = fh.name
    todo, skipped = [], []
    for name, alg in (ln.split()[:2] for ln in CASES.splitlines()):
        for f in FORMATS:
            why = degenerate(spec, name, f)
            todo += [(name, alg, f)] if not why else []
            skipped += [f'{name} {f}: {why}'] if why else []
    with ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        free = list(ex.map(lambda j: judge(exe, spec, j[0], j[2], False), todo))
        dflt = list(ex.map(lambda j: judge(exe, spec, j[0], j[2], True), todo))
    os.unlink(spec)
    worst, fails = {}, []
    for (name, alg, fmt), d, b in zip(todo, free, dflt):
        steps = 1000 if name.endswith('1000') or '-1000-' in name else 100
        m = d['modes'].get('trajectory', {})
        budget = b['modes'].get('trajectory', {}).get('tolerance_ulps')
        for q in m.get('quantities', []) if m.get('judged') else []:
            u = float(q['max_ulps'] or 0)
            k = (alg, steps, fmt)
            if u > worst.get(k, (-1,))[0]:
                worst[k] = (u, f'{q["quantity"]} of {name} t={q["at_t"]}', budget)
        if b.get('verdict') != 'PASS':
            fails.append(f'{name} {fmt}: {b.get("verdict")}')
    print(f'{"algorithm":9} {"steps":>5} {"format":6} {"max ULP":>8}  {"budget":>6} {"ratio":>5}  where')
    for (alg, steps, fmt), (u, where, budget) in sorted(worst.items()):
        mark = ' *' if budget and 4 * u > budget else ''
        print(f'{alg:9} {steps:5} {fmt:6} {u:8.3g}  {budget or 0:6g} {budget / max(u, 1e-300) if budget else 0:5.1f}  {where}{mark}')
    for f in skipped:
        print('not measured:', f)
    for f in fails:
        print('fails with the default budgets:', f)
    return 1 if check and fails else 0


if __name__ == '__main__':
    sys.exit(main())
