#!/usr/bin/env bash
# `summary.sh LOG [STATUS]`: the closing line of a test run, from the output of `cargo test`
# and `scripts/fuzz.sh` (one test per fuzz target) in LOG, and the run's exit status (STATUS, the status of the tests, by default 0).
#
# A skip is any line that says `SKIPPED:` wherever it stands (the boot tests print
# `!!!!!!!! SKIPPED: …`), plus every ignored test; each is listed. With CI=true a skip fails
# the run.
set -euo pipefail
log=$1
status=${2:-0}
read -r passed failed skipped < <(awk '
    /^test result:/ {
        for (i = 2; i <= NF; i++) {
            if ($(i) ~ /^passed;?$/) p += $(i-1)
            if ($(i) ~ /^failed;?$/) f += $(i-1)
            if ($(i) ~ /^ignored;?$/) s += $(i-1)
        }
    }
    /SKIPPED:/ { s++ }
    /^fuzz target .*: passed/ { p++ }
    /^fuzz target .*: FAILED/ { f++ }
    END { printf "%d %d %d\n", p, f, s }' "$log")
if [ "$skipped" -gt 0 ]; then
    echo "skipped:"
    grep -h 'SKIPPED:' "$log" | sed -E 's/^[! ]*/  /; s/[! ]*$//' || true
    grep -h '^test .* \.\.\. ignored' "$log" | sed 's/^/  /' || true
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$skipped" -gt 0 ] && [ "${CI:-}" = true ]; then
    echo "CI=true: $skipped skipped test(s) fail the run; install what they need (scripts/setup.sh)" >&2
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
