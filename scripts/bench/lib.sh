# Shared helpers for scripts/bench.sh and scripts/bench-idle.sh (sourced, not run).
# Starting and stopping the servers under test, readiness probes, memory figures.

# Where the reference servers were copied and built (see docs/benchmarks.md).
ANCHORS=${ANCHORS:-/tmp/anchors}
HB_BIN=${HB_BIN:-$ANCHORS/hummingbird-anchor/.build/release/HummingbirdAnchor}
VAPOR_BIN=${VAPOR_BIN:-$ANCHORS/vapor-anchor/.build/release/VaporAnchor}
FF_BIN=${FF_BIN:-$ANCHORS/flyingfox-anchor/.build/release/FlyingFoxAnchor}
NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
# BENCH_NICE [0]: niceness of the servers and wrk; a negative value (root only) gives them the
# upper hand over builds running on the same cores, at those builds' expense.
BENCH_NICE=${BENCH_NICE:-0}
PIN_SERVER=(nice -n "$BENCH_NICE" taskset -c "$SERVER_CPU")
PIN_WRK=(nice -n "$BENCH_NICE" taskset -c "$WRK_CPU")

# wrk latency value ("412.00us", "1.23ms", "2.00s", "1.00m") -> milliseconds
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

now_us() { local t=${EPOCHREALTIME}; echo "${t/./}"; }

# One GET /healthz over bash's /dev/tcp (no fork): 0 when the status is 200.
probe() {
    local port=$1 line
    # Over HTTPS (TLS_CA set: scripts/bench-idle.sh TLS=1) the probe needs curl.
    if [[ -n ${TLS_CA:-} ]]; then
        [[ $(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS_CA" --resolve "localhost:$port:127.0.0.1" \
            "https://localhost:$port/healthz") == 200 ]]
        return
    fi
    { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 2>/dev/null
    IFS= read -r -t 2 line <&3
    exec 3<&- 3>&-
    [[ $line == "HTTP/1."?" 200"* ]]
}

# rss_kib PID FIELD  (FIELD: VmRSS or VmHWM)
rss_kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null; }
threads_of() { awk '$1 == "Threads:" {print $2}' "/proc/$1/status" 2>/dev/null; }

# write_nginx_conf DIR PORT TABLE_FILE [WORKER_CONNECTIONS]: an nginx config for the static
# routes in DIR, serving TABLE_FILE's bytes as /tables/moe-vs-dense on PORT (the anchors'
# config with our port and paths; 1024 worker connections as there unless given).
write_nginx_conf() {
    local dir=$1 port=$2 table_file=$3 conns=${4:-1024} here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    mkdir -p "$dir/run"
    cp "$table_file" "$dir/moe-vs-dense.json"
    sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" -e "s|@CONNS@|$conns|g" "$here/nginx.conf.in" > "$dir/nginx.conf"
}

# start_server KIND PORT LOGFILE [extra args...]  -> sets SERVER_PID and MEM_PID
# KIND: ours | nginx | hummingbird | vapor | flyingfox. The server runs on $SERVER_CPU.
# MEM_PID is the process whose memory is reported (nginx: its single worker).
SERVER_PID=""
MEM_PID=""
start_server() {
    local kind=$1 port=$2 log=$3
    shift 3
    # Someone else's server on the port would answer the probes below in our server's place.
    if probe "$port" || ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
        echo "port $port is already in use: pick others (PORT_BASE / PORT)" >&2
        return 1
    fi
    case $kind in
        ours|ours-*)
            # START_ENV: VAR=value words for this start (the service reads settings from the
            # environment, e.g. CONVERGENCE_LOG_ACCESS); env and taskset both exec, so $! is
            # still the server's PID.
            # shellcheck disable=SC2086
            env ${START_ENV:-} "${PIN_SERVER[@]}" "$OURS_BIN" serve --port "$port" "$@" >"$log" 2>&1 &
            ;;
        nginx)
            "${PIN_SERVER[@]}" "$NGINX_BIN" -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" >"$log" 2>&1 &
            ;;
        hummingbird)
            PORT=$port "${PIN_SERVER[@]}" "$HB_BIN" >"$log" 2>&1 &
            ;;
        vapor)
            PORT=$port "${PIN_SERVER[@]}" "$VAPOR_BIN" serve --env production >"$log" 2>&1 &
            ;;
        flyingfox)
            TCP_NODELAY=1 PORT=$port "${PIN_SERVER[@]}" "$FF_BIN" >"$log" 2>&1 &
            ;;
        *) echo "unknown server kind: $kind" >&2; return 1 ;;
    esac
    SERVER_PID=$!   # taskset execs the server, so this is the server's own PID
    local deadline=$(($(now_us) + 30000000))
    until probe "$port"; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null || (($(now_us) > deadline)); then
            echo "$kind failed to start on port $port (see $log)" >&2
            stop_server
            return 1
        fi
        sleep 0.02
    done
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "$kind exited right after start (see $log)" >&2
        stop_server
        return 1
    fi
    MEM_PID=$SERVER_PID
    if [[ $kind == nginx ]]; then
        MEM_PID=$(pgrep -P "$SERVER_PID" | head -n1)
        [[ -n $MEM_PID ]] || MEM_PID=$SERVER_PID
    fi
}

# stop_pid PID: SIGTERM, SIGKILL after 10 s, then reap it.
stop_pid() {
    local pid=$1 i
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
}

# Stops the server started last.
stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=""
    MEM_PID=""
}
