#!/usr/bin/env bash
# Where one route's CPU goes: `perf record -e cpu-clock -g` on the release binary while wrk
# loads that route, then the top entries by self time and by time including callees.
#
#   usage: scripts/bench/profile.sh [BINARY] [ROUTE...]     ROUTE: healthz table score
#
# The server runs on CPU $SERVER_CPU [0] with the access log off (OURS_ENV, as bench.sh),
# wrk -t1 -c64 on CPU $WRK_CPU [1] for $DURATION [5s] after a 1 s warm-up. Writes
# $OUT/profile-<label>-<route>.txt (top $TOP [20] entries, self and children) and keeps the
# perf.data next to it; swift-demangle names the Swift symbols. Environment: OUT [bench-results/profiles], LABEL [the git commit],
# PORT [a free one], OURS_ENV [CONVERGENCE_LOG_ACCESS=false], TOP [20], DURATION [5s].
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/bench
# shellcheck source=lib.sh
source "$HERE/lib.sh"

OURS_BIN=$(realpath -m "${1:-$ROOT/.build/release/convergence}")
shift || true
ROUTES=("$@")
((${#ROUTES[@]})) || ROUTES=(healthz table score)
cd "$ROOT"
OUT=${OUT:-$ROOT/bench-results/profiles}
LABEL=${LABEL:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo build)}
OURS_ENV=${OURS_ENV-CONVERGENCE_LOG_ACCESS=false}
TOP=${TOP:-20}
DURATION=${DURATION:-5s}
FREQ=${FREQ:-10000}
DEMANGLE=(cat)
command -v swift-demangle >/dev/null && DEMANGLE=(swift-demangle --simplified)
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
mkdir -p "$OUT"
command -v perf >/dev/null || { echo "perf not found (apt-get install -y linux-perf)" >&2; exit 1; }
[[ -x $OURS_BIN ]] || { echo "not built: $OURS_BIN" >&2; exit 1; }
taskset -cp "$WRK_CPU" $$ >/dev/null
trap 'stop_server' EXIT

for route in "${ROUTES[@]}"; do
    case $route in
        healthz) path=/healthz; extra=() ;;
        table) path=/tables/moe-vs-dense; extra=() ;;
        score) path=/score; extra=(-s "$HERE/score.lua") ;;
        *) echo "unknown route: $route" >&2; exit 2 ;;
    esac
    START_ENV=$OURS_ENV start_server ours "$PORT" "$OUT/server-$LABEL-$route.log" || exit 1
    url="http://127.0.0.1:$PORT$path"
    "${PIN_WRK[@]}" wrk -t1 -c64 -d1s "${extra[@]}" "$url" >/dev/null 2>&1
    data=$OUT/perf-$LABEL-$route.data
    perf record -q -e cpu-clock -F "$FREQ" -g -p "$SERVER_PID" -o "$data" 2>/dev/null &
    perf_pid=$!
    sleep 0.3
    wrk_out=$("${PIN_WRK[@]}" wrk -t1 -c64 -d"$DURATION" "${extra[@]}" "$url" 2>&1)
    kill -INT "$perf_pid" 2>/dev/null
    wait "$perf_pid" 2>/dev/null
    stop_server
    report=$OUT/profile-$LABEL-$route.txt
    {
        echo "# $OURS_BIN ($LABEL), ${path}: perf record -e cpu-clock -g -p PID during wrk -t1 -c64 -d$DURATION"
        grep -E 'requests in|Requests/sec' <<<"$wrk_out"
        echo
        echo "## where it goes (scripts/bench/perf_split.py: each sample charged to one area)"
        perf script -i "$data" -F comm,ip,sym,dso 2>/dev/null | python3 "$HERE/perf_split.py"
        echo
        echo "## top $TOP by self time (perf report --no-children --sort dso,sym)"
        perf report -i "$data" --no-children --sort dso,sym --stdio -g none --percent-limit 0 2>/dev/null |
            grep -E '^ +[0-9]' | head -n "$TOP" | "${DEMANGLE[@]}" | cut -c1-200
        echo
        echo "## top $TOP user-space functions by self time (percent of all samples)"
        perf report -i "$data" --no-children --sort dso,sym --stdio -g none --percent-limit 0 2>/dev/null |
            grep -E '^ +[0-9].*\[\.\]' | head -n "$TOP" | "${DEMANGLE[@]}" | cut -c1-200
        echo
        echo "## top $TOP user-space functions, including callees (perf report --children;"
        echo "## without the frames every sample passes through: thread start, Dispatch, EventLoop.start/drain/handle)"
        perf report -i "$data" --children --sort sym --stdio -g none --percent-limit 0 2>/dev/null |
            grep -E '^ +[0-9].*\[\.\]' | "${DEMANGLE[@]}" |
            grep -v -E '\] (start_thread|_dispatch_|thunk for|partial apply for closure #1 in EventLoop\.start|EventLoop\.(drain|handle\(token))' |
            head -n "$TOP" | cut -c1-200
    } > "$report"
    echo "$report"
done
