#!/bin/sh
# bench/bound_cost.sh BUILD_DIR: what the rounding bound costs (doc/verify.md,
# "The rounding bound"): the default verdict against the same command judged by
# a fixed ULP budget (no bound computed), in the same run, 5 interleaved pairs;
# CPU seconds (user + sys), medians and the spread of the pair ratios.
# verify-step on the 10^7-coordinate float32 Adam dump of bench/verify_step.sh
# (made there first), verify --mode onestep on the first 10^5 steps of run.sh's Adam file.
set -u
build=${1:-build}
src=$(cd "$(dirname "$0")" && pwd)
cpu() { /usr/bin/time -f '%U %S' -o "$build/bench-cpu" "$@" >/dev/null 2>&1; awk '{ print $1 + $2 }' "$build/bench-cpu"; }
pairs() { # label, then the bound command and the budget command as two strings
    label=$1 a=$2 b=$3 out=""
    for i in 1 2 3 4 5; do
        ta=$(eval cpu $a) tb=$(eval cpu $b)
        out="$out $ta $tb"
    done
    echo "$out" | awk -v l="$label" 'function srt(X, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && X[j - 1] > X[j]; j--) { t = X[j]; X[j] = X[j - 1]; X[j - 1] = t } }
    {
        n = 0; for (i = 1; i <= NF; i += 2) { n++; A[n] = $i; B[n] = $(i + 1); R[n] = $i / $(i + 1) }
        srt(A, n); srt(B, n); srt(R, n)
        printf "%s: bound %.2f s CPU, budget %.2f s CPU (medians of %d); bound/budget %.2f (pairs %.2f to %.2f; goal <= 1.3)\n",
               l, A[(n + 1) / 2], B[(n + 1) / 2], n, R[(n + 1) / 2], R[1], R[n] }'
}
d=$build/bench-verify-step-10000000
[ -f "$d/a/x.npy" ] || "$src/verify_step.sh" "$build" 10000000 >/dev/null
vs="$build/optref verify-step adam alpha=1e-3 --before $d/b --after $d/a --t 5 --quiet"
pairs "verify-step, 10^7 float32 Adam coordinates" "$vs" "$vs --tolerance 64"
csv=$build/bench-adam-1e6.csv
[ -f "$csv" ] || "$build/optref" run adam linear alpha=0.001 --steps 1000000 --format hex > "$csv"
vf="$build/optref verify bench-adam-1e6 $csv --spec $src/cases.in --mode onestep --steps 100000 --quiet"
pairs "verify --mode onestep, 10^5 Adam steps (hex)" "$vf" "$vf --step-tolerance 32"
