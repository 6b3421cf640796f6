#!/bin/sh
# tests/fuzz/run.sh [SECONDS|total:SECONDS] [BUILD_DIR]: builds the libFuzzer
# harnesses with clang, ASan and UBSan (BUILD_DIR, default build-fuzz) and runs
# each for SECONDS (default 20; total:S shares S among them) from its seed corpus in tests/fuzz/corpus/<reader>/
# (copied: the committed seeds are never rewritten).  One line per harness:
#   fuzz <reader>: OK|FAIL <execs> execs, cov <edges>, ft <features>, <crashes> crashes
# and a last line "fuzz: N passed, N failed".  Exit status 1 if any failed.
set -u
secs=${1:-20}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$src/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debugoptimized >/dev/null || { echo "fuzz: 0 passed, 1 failed (setup)"; exit 1; }
fi
names=$(sed -n "s/^fuzzers = \[\(.*\)\]/\1/p" "$src/tests/fuzz/meson.build" | tr -d "',")
targets=""
for f in $names; do targets="$targets tests/fuzz/fuzz_$f"; done
ninja -C "$build" $targets >/dev/null || { echo "fuzz: 0 passed, 1 failed (build)"; exit 1; }
case $secs in total:*)
    n=$(echo $names | wc -w); secs=$(( ${secs#total:} / (n > 0 ? n : 1) )); [ "$secs" -ge 1 ] || secs=1 ;;
esac
passed=0; failed=0
work=$(mktemp -d)
for f in $names; do
    mkdir -p "$work/$f/corpus" "$work/$f/art"
    cp "$src/tests/fuzz/corpus/$f"/* "$work/$f/corpus/" 2>/dev/null
    ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1:verify_asan_link_order=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$build/tests/fuzz/fuzz_$f" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$work/$f/art/" "$work/$f/corpus" > "$work/$f/log" 2>&1
    rc=$?
    crashes=$(ls "$work/$f/art" | grep -cv "^slow-unit")
    last=$(grep -aE '^#[0-9]+[[:space:]]+(INITED|NEW|REDUCE|pulse|DONE|RELOAD)' "$work/$f/log" | tail -1)
    execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
        verdict=OK; passed=$((passed + 1))
    else
        verdict=FAIL; failed=$((failed + 1))
        grep -E 'ERROR|SUMMARY|==[0-9]+==' "$work/$f/log" | head -5
        mkdir -p "$build/fuzz-artifacts" && cp "$work/$f/art"/* "$build/fuzz-artifacts/" 2>/dev/null
    fi
    echo "fuzz $f: $verdict ${execs:-0} execs, cov ${cov:-0}, ft ${ft:-0}, $crashes crashes"
done
rm -rf "$work"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
