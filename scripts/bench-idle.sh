#!/usr/bin/env bash
# 10,000 idle keep-alive connections held while other clients are served.
#
#   usage: scripts/bench-idle.sh [BINARY]        (default .build/release/convergence)
#
# Starts the server (pinned to CPU $SERVER_CPU [0], file-descriptor limit raised to the hard
# limit), opens IDLE_CONNS [10000] keep-alive connections with scripts/bench/idle_clients.py
# (one GET /healthz each, then held), and while they are held runs
# wrk -t1 -c$CONNS [64] -d$DURATION [10s] --latency on GET /healthz (CPU $WRK_CPU [1]).
# Reports the wrk figures and errors, what happened to the held connections, and the server's
# RSS and thread count with all of them open. Prints figures; asserts nothing.
#
# Environment: IDLE_CONNS [10000]  CONNS [64]  DURATION [10s]  PORT [18090]
#   PING [0]        seconds between further GETs on each held connection (0: silent after
#                   the first request). A held connection the server closes counts as
#                   closed_by_server; the service's keep-alive idle timeout (5 s by default) is
#                   raised through OURS_ENV so that the test measures holding connections, not
#                   that timeout. (Pings from Python on wrk's CPU arrive late, so pinging does
#                   not keep connections inside a 5 s timeout reliably.)
#   OURS_ARGS [""]  extra arguments after `serve --port N`
#   OURS_ENV ["CONVERGENCE_LOG_ACCESS=false CONVERGENCE_TIMEOUTS_IDLE_SECONDS=120"]
#                   environment for the service (its settings)
#   SERVER [ours]   or nginx / hummingbird (to try the script on the anchors)
#   TLS [0]         1: ours over HTTPS (a test certificate made under $OUT; docs/tls.md)
#   OUT [bench-results/idle-<UTC stamp>]
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/bench
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

OURS_BIN=$(realpath -m "${1:-$ROOT/.build/release/convergence}")
# The service reads config/convergence.json and Public/ relative to its working directory.
cd "$ROOT"
IDLE_CONNS=${IDLE_CONNS:-10000}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
PORT=${PORT:-18090}
PING=${PING:-0}
OURS_ARGS=${OURS_ARGS:-}
OURS_ENV=${OURS_ENV-CONVERGENCE_LOG_ACCESS=false CONVERGENCE_TIMEOUTS_IDLE_SECONDS=120}
SERVER=${SERVER:-ours}
OUT=${OUT:-$ROOT/bench-results/idle-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
NGINX_DIR=$OUT/nginx
SCHEME=http
if [[ ${TLS:-0} == 1 ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$OUT/key.pem" -out "$OUT/cert.pem" 2>/dev/null
    OURS_ENV="$OURS_ENV CONVERGENCE_TLS_CERTIFICATE=$OUT/cert.pem CONVERGENCE_TLS_KEY=$OUT/key.pem"
    export TLS_CA=$OUT/cert.pem
    SCHEME=https
fi

taskset -cp "$WRK_CPU" $$ >/dev/null
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "# fd limit $(ulimit -n); $IDLE_CONNS held connections (GET every ${PING}s), wrk -t1 -c$CONNS -d$DURATION on /healthz; server=$SERVER"

CLIENT_PID=""
cleanup() {
    [[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null
    stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ $SERVER == nginx ]] && write_nginx_conf "$NGINX_DIR" "$PORT" "$ANCHORS/common/moe-vs-dense.json" 16384
# shellcheck disable=SC2086
START_ENV=$OURS_ENV start_server "$SERVER" "$PORT" "$OUT/server.log" $OURS_ARGS || exit 1

sleep 1
echo "server idle_rss_kib=$(rss_kib "$MEM_PID" VmRSS) threads=$(threads_of "$MEM_PID")"

# The hold lasts long enough for wrk's warm-up and measured run.
hold=$(( ${DURATION%s} + 8 ))
"${PIN_WRK[@]}" python3 "$HERE/idle_clients.py" "$PORT" "$IDLE_CONNS" "$hold" "$PING" \
    > "$OUT/idle-clients.txt" 2>&1 &
CLIENT_PID=$!
for ((i = 0; i < 1200; i++)); do
    grep -q '^held' "$OUT/idle-clients.txt" 2>/dev/null && break
    kill -0 "$CLIENT_PID" 2>/dev/null || break
    sleep 0.1
done
grep '^held' "$OUT/idle-clients.txt" || { echo "idle clients did not get set up:"; cat "$OUT/idle-clients.txt"; exit 1; }
echo "server with connections held: rss_kib=$(rss_kib "$MEM_PID" VmRSS) threads=$(threads_of "$MEM_PID") fds=$(ls "/proc/$MEM_PID/fd" 2>/dev/null | wc -l)"

"${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d2s "$SCHEME://127.0.0.1:$PORT/healthz" >/dev/null 2>&1
"${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$SCHEME://127.0.0.1:$PORT/healthz" \
    > "$OUT/wrk.txt" 2>&1
rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$OUT/wrk.txt")
errs=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$OUT/wrk.txt")
echo "wrk GET /healthz while held: req/s=${rps:-?} p50=${p50:-?} p99=${p99:-?} non2xx=${non2xx:-0} socket_errors=${errs:-0}"
echo "server during load: rss_kib=$(rss_kib "$MEM_PID" VmRSS) peak_rss_kib=$(rss_kib "$MEM_PID" VmHWM) fds=$(ls "/proc/$MEM_PID/fd" 2>/dev/null | wc -l)"

wait "$CLIENT_PID"
CLIENT_PID=""
echo "held connections: $(tail -n1 "$OUT/idle-clients.txt")"
echo "server afterwards: alive=$(kill -0 "$SERVER_PID" 2>/dev/null && echo yes || echo no) fds=$(ls "/proc/$MEM_PID/fd" 2>/dev/null | wc -l)"
echo "# raw output: $OUT"
