#!/usr/bin/env bash
# Two replicas behind each real proxy, with a rolling restart under load:
#   scripts/proxy-test.sh BIN
# For nginx (deploy/nginx/convergence.conf) and HAProxy (deploy/haproxy/haproxy.cfg), this very
# configuration is run with its ports rewritten to free loopback ports, two replicas of BIN
# are started behind it, and wrk sends GETs and POSTs through it while each replica in turn is
# stopped with SIGTERM (the drain), started again and waited for until ready. Client-visible
# errors (wrk's non-2xx responses and socket errors) are reported; the script ends with
# "N passed, N failed" and exits 1 on any failure. Installs nginx, HAProxy and wrk (Debian) when
# missing. Everything listens on 127.0.0.1 and stops by itself (wrk runs for DURATION seconds).
set -uo pipefail
BIN=$(realpath "${1:?usage: scripts/proxy-test.sh BIN}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-24}
WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
PASSED=0
FAILED=0

cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

need=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || need+=(haproxy)
command -v wrk >/dev/null || need+=(wrk)
if ((${#need[@]})); then
    echo "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

# start_replica NAME PORT HEADER: BIN serve from the repository (config/, Public/), one event
# loop, believing the forwarding header (HEADER) from loopback, the proxy's address here.
declare -A REPLICA_PID
start_replica() {
    local name=$1 port=$2 header=$3
    (cd "$ROOT" && CONVERGENCE_SERVER_LOOPS=1 CONVERGENCE_PROXY_TRUSTED=127.0.0.1 \
        CONVERGENCE_PROXY_HEADER="$header" CONVERGENCE_LOG_ACCESS=true \
        exec "$BIN" serve --host 127.0.0.1 --port "$port") >>"$WORK/$name.log" 2>&1 &
    REPLICA_PID[$name]=$!
    PIDS+=($!)
}

# wait_ready URL: until it answers 200 (10 s at most).
wait_ready() {
    for _ in $(seq 1 100); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" == 200 ]] && return 0
        sleep 0.1
    done
    return 1
}

# stop_replica NAME: SIGTERM and wait; the drain must end with exit 0.
stop_replica() {
    local name=$1 pid=${REPLICA_PID[$1]}
    kill -TERM "$pid"
    local started=$SECONDS
    wait "$pid"
    local status=$?
    echo "      $name: SIGTERM → exit $status after $((SECONDS - started)) s"
    [[ $status -eq 0 ]]
}

# run_proxy LABEL HEADER CONFIG_TEMPLATE START_FUNCTION
run_one() {
    local label=$1 header=$2
    echo "== $label"
    local p1 p2 px
    p1=$(free_port); p2=$(free_port); px=$(free_port)
    local dir="$WORK/$label"
    mkdir -p "$dir"; chmod 755 "$dir"
    start_replica "$label-1" "$p1" "$header"
    start_replica "$label-2" "$p2" "$header"
    if wait_ready "http://127.0.0.1:$p1/readyz" && wait_ready "http://127.0.0.1:$p2/readyz"; then
        pass "$label: two replicas ready on :$p1 and :$p2"
    else
        fail "$label: replicas did not start"; tail -5 "$WORK/$label-"*.log; return
    fi

    local proxy_pid
    if [[ $label == nginx ]]; then
        sed -e "s/replica-1:8080/127.0.0.1:$p1/; s/replica-2:8080/127.0.0.1:$p2/; s/listen 80;/listen 127.0.0.1:$px;/" \
            "$ROOT/deploy/nginx/convergence.conf" >"$dir/convergence.conf"
        {
            [[ $EUID -eq 0 ]] && echo "user root;"
            cat <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    include $dir/convergence.conf;
}
CONF
        } >"$dir/nginx.conf"
        if nginx -t -q -p "$dir" -c "$dir/nginx.conf" 2>"$dir/check.log"; then pass "$label: nginx -t accepts deploy/nginx/convergence.conf"
        else fail "$label: nginx -t"; cat "$dir/check.log"; return; fi
        nginx -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/error.log" &
    else
        sed -e "s/replica-1:8080/127.0.0.1:$p1/; s/replica-2:8080/127.0.0.1:$p2/; s/bind :80/bind 127.0.0.1:$px/" \
            "$ROOT/deploy/haproxy/haproxy.cfg" >"$dir/haproxy.cfg"
        if haproxy -c -q -f "$dir/haproxy.cfg" >"$dir/check.log" 2>&1; then pass "$label: haproxy -c accepts deploy/haproxy/haproxy.cfg"
        else fail "$label: haproxy -c"; cat "$dir/check.log"; return; fi
        haproxy -db -f "$dir/haproxy.cfg" >"$dir/error.log" 2>&1 &
    fi
    proxy_pid=$!
    PIDS+=("$proxy_pid")
    if wait_ready "http://127.0.0.1:$px/readyz"; then pass "$label: /readyz answers 200 through the proxy"
    else fail "$label: the proxy does not answer"; cat "$dir/error.log"; return; fi
    sleep 2 # HAProxy: both servers' health checks up (rise 2, inter 1 s)

    # Same catalog, same bytes: any replica revalidates another's ETag.
    local e1 e2
    e1=$(curl -sI "http://127.0.0.1:$p1/levels" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
    e2=$(curl -sI "http://127.0.0.1:$p2/levels" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
    if [[ -n "$e1" && "$e1" == "$e2" ]]; then pass "$label: both replicas give /levels the same ETag $e1"
    else fail "$label: ETags differ: '$e1' vs '$e2'"; fi

    # Load: a mix of GETs (catalog, scores) and POSTs through the proxy.
    cat >"$dir/mix.lua" <<'LUA'
local host = {["Host"] = "convergence"}
local json = {["Host"] = "convergence", ["Content-Type"] = "application/json"}
local requests = {
  wrk.format("GET", "/levels/L2", host),
  wrk.format("GET", "/score?adoption=0.6&standardization=0.7&controversy=0.3&model=formal", host),
  wrk.format("POST", "/score", json, '{"technology":"moe-vs-dense"}'),
  wrk.format("GET", "/technologies?level=L2", host),
}
local i = 0
request = function()
  i = i % #requests + 1
  return requests[i]
end
LUA
    local before1 before2
    before1=$(wc -l <"$WORK/$label-1.log"); before2=$(wc -l <"$WORK/$label-2.log")
    wrk -t1 -c8 -d"${DURATION}s" --latency -s "$dir/mix.lua" "http://127.0.0.1:$px" >"$dir/wrk.txt" 2>&1 &
    local wrk_pid=$!
    PIDS+=("$wrk_pid")

    # Rolling restart: one replica at a time, the next only once the first is ready again.
    sleep 3
    local restart_ok=1
    for n in 1 2; do
        local port
        [[ $n == 1 ]] && port=$p1 || port=$p2
        stop_replica "$label-$n" || restart_ok=0
        start_replica "$label-$n" "$port" "$header"
        wait_ready "http://127.0.0.1:$port/readyz" || restart_ok=0
        echo "      $label-$n: ready again on :$port"
        sleep 4 # health checks see it up before the next one stops
    done
    wait "$wrk_pid"
    if ((restart_ok)); then pass "$label: rolling restart (each replica drained with exit 0 and came back ready)"
    else fail "$label: rolling restart"; fi

    sed 's/^/      /' "$dir/wrk.txt"
    local total non2xx socket
    total=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
    non2xx=$(awk -F': ' '/Non-2xx/ {print $2}' "$dir/wrk.txt"); non2xx=${non2xx:-0}
    socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$dir/wrk.txt"); socket=${socket:-0}
    if [[ -n "$total" && "$total" -gt 0 ]]; then pass "$label: wrk sent $total requests through the proxy"
    else fail "$label: wrk sent no requests"; fi
    if [[ "$non2xx" -eq 0 ]]; then pass "$label: 0 non-2xx responses during the rolling restart"
    else fail "$label: $non2xx non-2xx responses during the rolling restart"; fi
    if [[ "$socket" -eq 0 ]]; then pass "$label: 0 socket errors during the rolling restart"
    else fail "$label: $socket socket errors during the rolling restart"; fi
    local served1 served2
    served1=$(grep -c '"path"\|path=' "$WORK/$label-1.log"); served2=$(grep -c '"path"\|path=' "$WORK/$label-2.log")
    if [[ $served1 -gt 0 && $served2 -gt 0 ]]; then pass "$label: both replicas served (access-log lines: $served1, $served2)"
    else fail "$label: a replica served nothing ($served1, $served2)"; fi
    if [[ $label == nginx ]]; then
        # Upstream failures nginx hid from the client by retrying on the other replica.
        echo "      nginx retried $(grep -cE 'upstream prematurely closed|reset by peer|Connection refused|timed out' "$dir/error.log") upstream failures on the other replica; the first:"
        grep -E 'upstream prematurely closed|reset by peer|Connection refused|timed out' "$dir/error.log" | sed 's/^/      nginx: /' | head -3
    else
        grep -Ei 'is DOWN|is UP' "$dir/error.log" | sed 's/^/      haproxy: /' | head -8
    fi

    for n in 1 2; do stop_replica "$label-$n" >/dev/null || true; done
    kill -TERM "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null
    echo "      ($before1/$before2 log lines before the load)"
}

run_one nginx x-forwarded-for
run_one haproxy forwarded

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
