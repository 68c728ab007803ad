#!/usr/bin/env bash
# User-space instructions per request of the whole server path (event loop, parser, service,
# serialiser, observer): `ConvergenceBenchmarks round-trips` (the real server in process, a
# loopback client) run under `valgrind --tool=callgrind` for $SMALL and $LARGE requests; the
# difference divided by the difference in requests is the figure, start-up cancelled out.
# Instruction counts do not move with the machine's load, unlike time: a change of a few
# percent shows, and two builds compare without a same-run pairing. The client's share (one
# send and one recv per request, ~1% of it) is the same for every build.
#
#   usage: scripts/bench/instructions.sh [ROUTE...]     ROUTE: healthz table score [all three]
#
# With LOG=1 the access log is on (written to /dev/null), as `convergence serve` logs by default.
# Prints per route the instructions per request and the top $TOP [25] functions by their own
# instructions per request. Environment: BIN [the release ConvergenceBenchmarks, built here],
# SMALL [2000], LARGE [12000], TOP [25], OUT [bench-results/instructions].
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
ROUTES=("$@")
((${#ROUTES[@]})) || ROUTES=(healthz table score)
SMALL=${SMALL:-2000} LARGE=${LARGE:-12000} TOP=${TOP:-25}
OUT=${OUT:-$ROOT/bench-results/instructions}
mkdir -p "$OUT"
if [[ -z ${BIN:-} ]]; then
    swift build -c release --product ConvergenceBenchmarks >/dev/null
    BIN=$(swift build -c release --show-bin-path)/ConvergenceBenchmarks
fi
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
# valgrind 3.19 cannot read the DWARF 5 the Swift toolchain writes: a copy without debug
# information (the symbol table stays, so functions keep their names).
STRIPPED=$OUT/ConvergenceBenchmarks.nodebug
objcopy --strip-debug "$BIN" "$STRIPPED"
for route in "${ROUTES[@]}"; do
    for n in "$SMALL" "$LARGE"; do
        valgrind --tool=callgrind --callgrind-out-file="$OUT/$route-$n.callgrind" \
            "$STRIPPED" round-trips "$n" "$route" ${LOG:+log} >"$OUT/$route-$n.log" 2>&1 ||
            { echo "valgrind failed, see $OUT/$route-$n.log" >&2; exit 1; }
        callgrind_annotate --inclusive=no --threshold=100 "$OUT/$route-$n.callgrind" >"$OUT/$route-$n.txt"
    done
    python3 - "$OUT/$route-$SMALL.txt" "$OUT/$route-$LARGE.txt" "$((LARGE - SMALL))" "$route${LOG:+ (access log on)}" "$TOP" <<'PY' |
import re, sys
small, large, requests, route, top = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def read(path):
    counts, total = {}, 0
    for line in open(path):
        m = re.match(r'\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(.*)$', line)
        if not m: continue
        n = int(m.group(1).replace(',', ''))
        name = m.group(2).strip()
        if name.startswith('PROGRAM TOTALS'): total = n; continue
        name = re.sub(r'^\S*?:(?=[^/])', '', name, count=1) if ':' in name.split(' [')[0] else name
        name = re.sub(r' \[[^\]]*\]$', '', name)
        counts[name] = counts.get(name, 0) + n
    return counts, total
a, ta = read(small); b, tb = read(large)
print(f"{route}: {(tb - ta) / requests:,.0f} instructions per request")
rows = sorted(((b.get(k, 0) - a.get(k, 0)) / requests, k) for k in set(a) | set(b))
for per, name in reversed(rows[-top:]):
    print(f"  {per:8,.0f}  {name[:150]}")
PY
    swift demangle --simplified
done
