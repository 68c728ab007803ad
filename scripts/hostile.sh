#!/usr/bin/env bash
# The hostile test suite: runs every scripts/hostile/*.sh against a convergence binary and
# totals their verdicts.
#
#   usage: scripts/hostile.sh [BINARY]        (default .build/release/convergence)
#
# Each script reproduces faults a hostile client or an unlucky operator causes, prints one
# line per check starting with "PASS" or "FAIL", and exits non-zero if one failed (a script
# that fails without printing a FAIL line counts as one failure). Every server is started on
# a free loopback port by the script itself and stopped by PID; everything is bounded in
# count and time. Ends with "N passed, N failed" and exits 1 if anything failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$(realpath -m "${1:-$ROOT/.build/release/convergence}")
[[ -x $BIN ]] || { echo "no executable at $BIN"; exit 2; }
passed=0
failed=0
for script in "$ROOT"/scripts/hostile/*.sh; do
    [[ -e $script ]] || continue
    echo "== $(basename "$script")"
    log=$(mktemp)
    bash "$script" "$BIN" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    p=$(grep -c '^PASS' "$log")
    f=$(grep -c '^FAIL' "$log")
    if [[ $status -ne 0 && $f -eq 0 ]]; then
        echo "FAIL $(basename "$script") exited $status"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    rm -f "$log"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
