#!/usr/bin/env bash
# HTTPS throughput of the Convergence release binary next to nginx, same certificate, same
# TLS profile, same run (docs/tls.md):
#
#   usage: scripts/bench-tls.sh [BINARY]        (default .build/release/convergence)
#
# Makes a test CA and an ECDSA P-256 certificate, starts both servers pinned to CPU
# $SERVER_CPU (wrk on $WRK_CPU, as scripts/bench.sh), and for ROUNDS rounds, alternating
# which server goes first, runs wrk on:
#   keep-alive   GET /healthz, GET /tables/moe-vs-dense    (-c $CONNS)
#   handshake    GET /healthz with Connection: close        (a full TLS handshake per request)
# then prints the median requests/s per server and the ratios ours/nginx. Each run also
# records the server's CPU time per request (utime + stime of our process, of nginx's worker,
# from /proc: on a shared machine the fairer figure, as it does not count time the server
# waited for a CPU), wrk's socket errors and timeouts, and for ours the TLS handshakes (full,
# resumed) and failures by reason from /metrics, and how long the server's threads waited for a
# CPU (run-queue wait from /proc/PID/task/*/schedstat, as a share of the run): a run where the
# server waited most of the time was starved by other work on its CPU (a higher-priority
# process on CPU $SERVER_CPU brings both servers down to tens of requests/s with wrk
# timeouts), not slow by itself. Prints figures and asserts nothing about them.
#
# Environment: ROUNDS [3]  CONNS [64]  DURATION [10s]  WARMUP [2s]  PORT_BASE [18443]
#              OUT [bench-results/tls-<UTC stamp>]
set -uo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/bench
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
OURS_BIN=$(realpath -m "${1:-$ROOT/.build/release/convergence}")
cd "$ROOT"
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
PORT_BASE=${PORT_BASE:-18443}
OUT=${OUT:-$ROOT/bench-results/tls-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
NGINX_DIR=$OUT/nginx
declare -A PORT=([ours]=$PORT_BASE [nginx]=$((PORT_BASE + 1)))
[[ -x $OURS_BIN ]] || { echo "not built: $OURS_BIN" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found" >&2; exit 1; }
taskset -cp "$WRK_CPU" $$ >/dev/null
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
say() { printf '%s\n' "$*" | tee -a "$OUT/summary.txt"; }

# --- the certificate both servers use
CERTS=$OUT/certs
mkdir -p "$CERTS"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$CERTS/ca.key" \
    -out "$CERTS/ca.pem" -days 30 -subj "/CN=Bench CA" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$CERTS/server.key" \
    -out "$CERTS/server.csr" -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
openssl x509 -req -in "$CERTS/server.csr" -CA "$CERTS/ca.pem" -CAkey "$CERTS/ca.key" -CAcreateserial \
    -out "$CERTS/server.pem" -days 30 -copy_extensions copyall 2>/dev/null

PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; PIDS=(); }
trap stop_all EXIT
trap 'exit 130' INT TERM
CURL=(curl -s --cacert "$CERTS/ca.pem")

declare -A SERVER_PID=()
start_ours() {
    env CONVERGENCE_LOG_ACCESS=false CONVERGENCE_TLS_CERTIFICATE="$CERTS/server.pem" CONVERGENCE_TLS_KEY="$CERTS/server.key" \
        "${PIN_SERVER[@]}" "$OURS_BIN" serve --host 127.0.0.1 --port "${PORT[ours]}" >"$OUT/ours.log" 2>&1 &
    PIDS+=($!)
    SERVER_PID[ours]=$!
}
start_nginx() {
    mkdir -p "$NGINX_DIR/run"
    "${CURL[@]}" "https://127.0.0.1:${PORT[ours]}/tables/moe-vs-dense" >"$NGINX_DIR/moe-vs-dense.json"
    sed -e "s|@PORT@|${PORT[nginx]}|g" -e "s|@DIR@|$NGINX_DIR|g" -e "s|@CERT@|$CERTS/server.pem|g" \
        -e "s|@KEY@|$CERTS/server.key|g" "$HERE/nginx-tls.conf.in" >"$NGINX_DIR/nginx.conf"
    "${PIN_SERVER[@]}" "$NGINX_BIN" -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" >"$OUT/nginx.log" 2>&1 &
    PIDS+=($!)
}
wait_https() {
    for _ in $(seq 1 100); do
        [[ $("${CURL[@]}" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$1/healthz") == 200 ]] && return 0
        sleep 0.1
    done
    echo "nothing answers on $1" >&2; return 1
}

start_ours; wait_https "${PORT[ours]}" || exit 1
start_nginx; wait_https "${PORT[nginx]}" || exit 1
SERVER_PID[nginx]=$(pgrep -P "${PIDS[-1]}" | head -n1)
# cpu_ticks PID: utime + stime (clock ticks) of the process and its threads so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TICKS_PER_S=$(getconf CLK_TCK)
# wait_ns PID: nanoseconds the process's threads have waited on a run queue so far.
wait_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{w += $2} END {printf "%.0f", w}'; }
# tls_counts: our handshake counters, "full resumed failures-by-reason" (one line).
tls_counts() {
    "${CURL[@]}" "https://127.0.0.1:${PORT[ours]}/metrics" | awk '
        /^tls_handshakes_total\{resumed="false"\}/ {full = $2}
        /^tls_handshakes_total\{resumed="true"\}/ {resumed = $2}
        /^tls_handshake_failures_total/ {split($1, a, "\""); fail[a[2]] = $2}
        END {printf "%d %d", full, resumed; for (r in fail) printf " %s=%d", r, fail[r]; print ""}'
}
for s in ours nginx; do
    say "# $s: healthz $("${CURL[@]}" -o /dev/null -w '%{http_code}/%{size_download}B' "https://127.0.0.1:${PORT[$s]}/healthz")," \
        "table $("${CURL[@]}" -o /dev/null -w '%{http_code}/%{size_download}B' "https://127.0.0.1:${PORT[$s]}/tables/moe-vs-dense")"
done
say "# wrk -t1 -c$CONNS -d$DURATION, $ROUNDS rounds; servers on CPU $SERVER_CPU, wrk on CPU $WRK_CPU"
printf 'round\tserver\tcase\trps\tcpu_us_per_req\n' >"$OUT/results.tsv"

measure() { # ROUND SERVER CASE PATH [wrk args]
    local round=$1 server=$2 case=$3 path=$4 out rps errs requests ticks cpu tls_before tls_after="" waited started
    shift 4
    local url="https://127.0.0.1:${PORT[$server]}$path"
    "${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d"$WARMUP" "$@" "$url" >/dev/null 2>&1 || true
    [[ $server == ours ]] && tls_before=$(tls_counts)
    ticks=$(cpu_ticks "${SERVER_PID[$server]}")
    waited=$(wait_ns "${SERVER_PID[$server]}")
    started=$(date +%s%N)
    out=$("${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d"$DURATION" "$@" "$url" 2>&1) || true
    ticks=$(( $(cpu_ticks "${SERVER_PID[$server]}") - ticks ))
    waited=$(( ($(wait_ns "${SERVER_PID[$server]}") - waited) * 100 / ($(date +%s%N) - started) ))
    [[ $server == ours ]] && tls_after=$(tls_counts)
    printf '%s\n' "$out" >"$OUT/wrk-r$round-$server-$case.txt"
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu=$(awk -v t="$ticks" -v hz="$TICKS_PER_S" -v n="${requests:-0}" 'BEGIN {printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0)}')
    errs=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$server" "$case" "${rps:-0}" "$cpu" >>"$OUT/results.tsv"
    say "$(printf '%-3s %-6s %-18s %10s req/s %6s us CPU/req %3s%% waiting for a CPU  %s' \
        "$round" "$server" "$case" "${rps:-?}" "$cpu" "$waited" "$errs")"
    # Handshakes during the measured run (the metrics requests themselves add one each).
    if [[ -n $tls_after && $case == handshake* ]]; then
        say "    ours tls: $(awk -v b="$tls_before" -v a="$tls_after" 'BEGIN {
            nb = split(b, x, " "); na = split(a, y, " ")
            printf "full %d, resumed %d", y[1] - x[1], y[2] - x[2]
            for (i = 3; i <= nb; i++) { split(x[i], kv, "="); before[kv[1]] = kv[2] }
            for (i = 3; i <= na; i++) { split(y[i], kv, "="); d = kv[2] - before[kv[1]]; if (d) printf ", failed %s %d", kv[1], d }
        }')"
    fi
}

for round in $(seq 1 "$ROUNDS"); do
    order="ours nginx"; (( round % 2 == 0 )) && order="nginx ours"
    for s in $order; do measure "$round" "$s" keepalive-healthz /healthz; done
    for s in $order; do measure "$round" "$s" keepalive-table /tables/moe-vs-dense; done
    for s in $order; do measure "$round" "$s" handshake-healthz /healthz -H "Connection: close"; done
done

say ""
median() { # SERVER CASE COLUMN
    awk -F'\t' -v s="$1" -v c="$2" -v k="$3" '$2 == s && $3 == c {print $k}' "$OUT/results.tsv" | sort -g \
        | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
say "medians: requests/s ours / nginx = ratio; CPU us per request ours / nginx = ratio"
for c in keepalive-healthz keepalive-table handshake-healthz; do
    say "$(awk -v c="$c" -v o="$(median ours "$c" 4)" -v n="$(median nginx "$c" 4)" \
        -v co="$(median ours "$c" 5)" -v cn="$(median nginx "$c" 5)" 'BEGIN {
        printf "%-18s %8.0f / %8.0f = %.2f   %6.0f / %6.0f us = %.2f", c, o, n, (n > 0 ? o / n : 0), co, cn, (cn > 0 ? co / cn : 0) }')"
done
say "raw output: $OUT"
