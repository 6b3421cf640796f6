#!/usr/bin/python3
"""Per-quantity one-step budgets of golden/TOLERANCES ("adam.v"): the largest ULPs of
tests/mutants.py's correct candidates (NumPy, apart from ref/alg/, every operation
rounded to the format) judged by `optref verify` with no budget, on the mut-* cases
and on the quad cases below (the golden cases' inexact β, γ, ρ), in all four formats.

usage: tools/calibrate_quantities.py BUILD/optref      (/usr/bin/python3: NumPy)
Prints, per algorithm, mode and quantity, the largest ULPs and where."""
import json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
import mutants as M  # noqa: E402

Q = 'quad:a=0.1,2,x0=-5,-2'  # quad-0.1-2
S = 'quad:a=0.3,1.7,x0=0.37,-0.11'
CASES = f"""c-adagrad-in adagrad eps_inside {Q} 100 eta=0.4 eps=1e-6
c-adagrad-out adagrad eps_outside {Q} 100 eta=0.4 delta=1e-7
c-rmsprop-09 rmsprop eps_inside {Q} 20 eta=0.4 gamma=0.9 eps=1e-6
c-rmsprop-099 rmsprop eps_inside {Q} 20 eta=0.01 gamma=0.99 eps=1e-8
c-rmsprop-099-out rmsprop eps_outside {Q} 20 eta=0.01 gamma=0.99 eps=1e-8
c-rmsprop-099-small rmsprop eps_outside {S} 100 eta=0.01 gamma=0.99 eps=1e-8
c-adadelta-09 adadelta standard {Q} 100 rho=0.9 eps=1e-5
c-adadelta-095 adadelta standard {Q} 100 rho=0.95 eps=1e-6
c-adam adam standard {Q} 100 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8
c-adam-small adam standard {S} 100 alpha=0.01 beta1=0.9 beta2=0.999 eps=1e-8
c-adam-099 adam standard {Q} 100 alpha=0.1 beta1=0.8 beta2=0.99 eps=1e-8
c-adamw adamw adamw {Q} 100 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8 lambda=0.1
c-adamw-small adamw adamw {S} 100 alpha=0.01 beta1=0.9 beta2=0.999 eps=1e-8 lambda=0.01
c-amsgrad amsgrad box {Q} 100 alpha=0.1 beta1=0.9 beta2=0.999 eps=1e-8 schedule=invsqrt:c=0
c-amsgrad-099 amsgrad box {S} 100 alpha=0.1 beta1=0.9 beta2=0.99 eps=1e-8 schedule=invsqrt:c=0
"""
ALGS = ('adagrad', 'rmsprop', 'adadelta', 'adam', 'adamw', 'amsgrad')


def judge(exe, spec, name, fmt):
    txt = M.csv(M.rows(M.read_case(spec, name), fmt, None))
    with tempfile.TemporaryDirectory() as d:
        jp = os.path.join(d, 'r.json')
        subprocess.run([exe, 'verify', name, '-', '--spec', spec, '--dtype', fmt, '--json', jp, '--quiet',
                        '--tolerance', '1e30', '--step-tolerance', '1e30'], input=txt, capture_output=True, text=True)
        with open(jp) as fh:
            return json.load(fh)


def main():
    exe = sys.argv[1]
    golden = os.path.join(ROOT, 'golden', 'cases.in')
    with tempfile.NamedTemporaryFile('w', suffix='.in', delete=False) as fh:
        fh.write(CASES)
        mine = fh.name
    jobs = [(mine, ln.split()[0], ln.split()[1]) for ln in CASES.splitlines()]
    jobs += [(golden, w[0], w[1]) for w in (ln.split() for ln in open(golden))
             if w and w[0].startswith('mut-') and w[1] in ALGS]
    todo = [(s, n, a, f) for s, n, a in jobs for f in ('f64', 'f32', 'bf16', 'f16')]
    with ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        reps = list(ex.map(lambda j: judge(exe, j[0], j[1], j[3]), todo))
    os.unlink(mine)
    worst = {}
    for (_, name, alg, fmt), d in zip(todo, reps):
        for mode in ('onestep', 'trajectory'):
            m = d['modes'].get(mode, {})
            for q in m.get('quantities', []) if m.get('judged') else []:
                u = float(q['max_ulps'] or 0)
                k = (alg, mode, q['quantity'])
                if u != float('inf') and u > worst.get(k, (-1,))[0]:
                    worst[k] = (u, f'{name} {fmt} t={q["at_t"]}')
    for (alg, mode, q), (u, where) in sorted(worst.items()):
        print(f'{alg:9} {mode:10} {q:5} {u:8.3g}  {where}')


if __name__ == '__main__':
    main()
