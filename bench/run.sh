#!/bin/sh
# bench/run.sh BUILD_DIR: verify's speed on a large candidate (10^6 steps of
# Adam on a 2-parameter problem, state and gradient included) against parsing
# the same file with strtod alone.  Prints MB/s and the ratios.
set -u
build=${1:-build}
# What correct rounding of exp and log1p costs the double build (doc/design.md).
"$build/bench_transcendental"
# Issue 13's ratios, each against its anchor (doc/performance.md): double
# reference / raw C loop, run output / printf-free loop, regen / raw MPFR.
"$build/bench_ratios"
src=$(cd "$(dirname "$0")" && pwd)
csv=$build/bench-adam-1e6.csv
[ -f "$csv" ] || "$build/optref" run adam linear alpha=0.001 --steps 1000000 --format hex > "$csv"
dcsv=$build/bench-adam-1e6-dec.csv
[ -f "$dcsv" ] || "$build/optref" run adam linear alpha=0.001 --steps 1000000 > "$dcsv"
size=$(wc -c < "$csv")
# Under a constant gradient every rounding of x − step falls the same way, so
# binary64's free-running error grows about linearly in t (~t/2 ULP): over
# 10^6 steps the trajectory budget must be ~10^6 ULP.  The one-step budget
# stays a few ULPs.  Issue 13's ratio: verify / parse-only (getline + strtod),
# in CPU seconds (user + sys) of each process, hex and decimal, each mode;
# OPTREF_VERIFY_FASTPATH=0 gives MPFR only, for comparison.
cpu() { /usr/bin/time -f '%U %S' -o "$build/bench-cpu" "$@" >/dev/null 2>&1; awk '{ print $1 + $2 }' "$build/bench-cpu"; }
for f in "$csv" "$dcsv"; do
    p=$(cpu "$build/bench_parse" "$f")
    for mode in trajectory onestep both; do
        v=$(cpu "$build/optref" verify bench-adam-1e6 "$f" --spec "$src/cases.in" --mode "$mode" \
            --tolerance 1e7 --step-tolerance 32 --quiet)
        echo "$f $mode $p $v" | awk '{ n = split($1, a, "/"); printf "verify --mode %s on %s: %.2f s CPU; parse only: %.2f s CPU; verify/parse-only throughput ratio %.3f\n", $2, a[n], $4, $3, $3 / $4 }'
    done
done
# Peak memory (maximum resident set, /usr/bin/time -f %M) of verify and regen
# on 10^6 steps: bounded by the dimension and one line, not by the steps.
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "verify --mode both, 10^6 steps ($size bytes): peak memory %M KB" \
        "$build/optref" verify bench-adam-1e6 "$csv" --spec "$src/cases.in" --tolerance 1e7 --step-tolerance 32 \
        --quiet >/dev/null || true
    /usr/bin/time -f "regen, 10^6 steps (every=100000): peak memory %M KB" \
        "$build/optref" regen --spec "$src/cases.in" --case bench-regen-1e6 >/dev/null || true
    printf '%s' "t,x[0]" > "$build/bench-noline.csv"
    head -c 100000000 /dev/zero | tr '\0' '9' >> "$build/bench-noline.csv"
    /usr/bin/time -f "verify on 100 MB with no newline (refused at 1 MiB): peak memory %M KB" \
        "$build/optref" verify bench-adam-1e6 "$build/bench-noline.csv" --spec "$src/cases.in" --quiet 2>&1 |
        grep -v "^optref verify"
    rm -f "$build/bench-noline.csv"
else
    echo "peak memory: /usr/bin/time not installed (apt-get install time)"
fi
# The rounding bound's cost: the default verdict / a fixed budget, verify-step and verify.
"$src/bound_cost.sh" "$build"
# verify-step: peak memory and time on 10^7 float32 Adam coordinates (.npy dumps).
"$src/verify_step.sh" "$build" 10000000
# verify-step with the error-bounded fast path at tensor scale: time, peak memory and the
# ratio to one torch.optim.Adam float64 step over the same tensor (same run); 10^7
# coordinates, 10^8 (the issue's target) with OPTREF_BENCH_BIG=1.
n=1e7
[ -n "${OPTREF_BENCH_BIG:-}" ] && n=1e8
for dt in float32 float64; do
    /usr/bin/python3 "$src/verify_step_scale.py" "$build/optref" $n $dt
done
