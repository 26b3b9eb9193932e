#!/usr/bin/env bash
# Runs each coverage-guided fuzz target in fuzz/ (cargo fuzz, libFuzzer) for a bounded time:
# `scripts/fuzz.sh [SECONDS per target, default 60] [target…]`. Starts from the committed seeds
# (fuzz/seeds/<target>), keeps what it finds in fuzz/corpus/<target> (not committed) and a
# crashing input in fuzz/artifacts/<target>. Prints per target: executions, coverage (libFuzzer's
# `cov:` edges and `ft:` features) and `fuzz target <name>: passed` or `FAILED`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(attribute dispatch)

# The nightly toolchain and cargo-fuzz come from setup.
command -v cargo-fuzz >/dev/null || bash scripts/setup.sh

status=0
for target in "${targets[@]}"; do
    corpus=fuzz/corpus/$target
    mkdir -p "$corpus"
    flags=(-max_total_time="$seconds" -print_final_stats=1)
    [ -f "fuzz/$target.dict" ] && flags+=(-dict="fuzz/$target.dict")
    # The attribute target is safe code; only the dispatch target copies through raw pointers.
    # Each dispatch sequence leaks its small policy on purpose (policies are `&'static`).
    sanitizer=address
    [ "$target" = attribute ] && sanitizer=none
    asan=detect_leaks=1
    [ "$target" = dispatch ] && asan=detect_leaks=0 && flags+=(-detect_leaks=0)
    log=$(mktemp)
    rc=0
    ASAN_OPTIONS=$asan cargo +nightly fuzz run --fuzz-dir fuzz --sanitizer "$sanitizer" "$target" \
        "$corpus" "fuzz/seeds/$target" -- "${flags[@]}" >"$log" 2>&1 || rc=$?
    grep -aE '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" || true
    execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
    if [ "$rc" -eq 0 ] && [ -n "$execs" ]; then
        echo "fuzz target $target: passed ($execs executions in ${seconds}s; $(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true))"
    else
        tail -n 40 "$log"
        echo "fuzz target $target: FAILED (exit $rc; see fuzz/artifacts/$target)"
        status=1
    fi
    rm -f "$log"
done
exit "$status"
