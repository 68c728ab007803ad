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
# count and time. A script marked "hostile: also over TLS" runs a second time with TLS=1: its
# servers speak HTTPS with a test certificate and its clients TLS (scripts/hostile/lib.bash).
# Ends with "N passed, N failed" and exits 1 if anything failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$(realpath -m "${1:-$ROOT/.build/release/convergence}")
[[ -x $BIN ]] || { echo "no executable at $BIN"; exit 2; }
passed=0
failed=0
# run SCRIPT TLS: one script in one mode; adds its verdicts to the totals.
run() {
    local script=$1 tls=$2 name log status p f
    name=$(basename "$script")
    ((tls)) && name="$name over TLS"
    echo "== $name"
    log=$(mktemp)
    TLS=$tls bash "$script" "$BIN" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    p=$(grep -c '^PASS' "$log")
    f=$(grep -c '^FAIL' "$log")
    if [[ $status -ne 0 && $f -eq 0 ]]; then
        echo "FAIL $name exited $status"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    rm -f "$log"
}
for script in "$ROOT"/scripts/hostile/*.sh; do
    [[ -e $script ]] || continue
    run "$script" 0
    grep -q '^# hostile: also over TLS' "$script" && run "$script" 1
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
