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

# write_nginx_conf DIR PORT TABLE_FILE [WORKER_CONNECTIONS] [ACCESS_LOG]: an nginx config for
# the static routes in DIR, serving TABLE_FILE's bytes as /tables/moe-vs-dense on PORT (the
# anchors' config with our port and paths; 1024 worker connections as there unless given).
# ACCESS_LOG "on" writes a buffered access log to DIR/run/access.log (the combined format,
# written when 64 KiB are waiting); the default is "off", as in the anchors' config.
write_nginx_conf() {
    local dir=$1 port=$2 table_file=$3 conns=${4:-1024} log=${5:-off} here access="off"
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    mkdir -p "$dir/run"
    cp "$table_file" "$dir/moe-vs-dense.json"
    [[ $log == on ]] && access="$dir/run/access.log combined buffer=64k"
    sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" -e "s|@CONNS@|$conns|g" -e "s|@ACCESS_LOG@|$access|g" \
        "$here/nginx.conf.in" > "$dir/nginx.conf"
}

# perf_stat_works: 0 when `perf stat` can count task-clock and syscalls here (root, or a
# kernel.perf_event_paranoid that allows it, and tracefs for the syscall tracepoint).
perf_stat_works() {
    command -v perf >/dev/null && perf stat -x, -e task-clock,raw_syscalls:sys_enter true >/dev/null 2>&1
}

# perf_stat_start PIDS FILE: counts CPU time and syscalls of PIDS (comma-separated; each
# process's threads, and threads they start) into FILE until perf_stat_stop. Sets PERF_PID.
PERF_PID=""
perf_stat_start() {
    perf stat -x, -e task-clock,raw_syscalls:sys_enter -p "$1" -o "$2" 2>/dev/null &
    PERF_PID=$!
    sleep 0.2   # perf attaches before the measured run starts
}
perf_stat_stop() {
    [[ -n $PERF_PID ]] || return 0
    kill -INT "$PERF_PID" 2>/dev/null
    wait "$PERF_PID" 2>/dev/null
    PERF_PID=""
}

# perf_per_request FILE REQUESTS: "<µs CPU per request> <syscalls per request>" from
# perf_stat_start's FILE ("? ?" when a figure is missing).
perf_per_request() {
    awk -F, -v n="$2" '
        $3 ~ /^task-clock/ { ms = $1 }
        $3 ~ /^raw_syscalls:sys_enter/ { sc = $1 }
        END {
            if (n > 0 && ms != "" && ms !~ /not/) printf "%.2f ", ms * 1000 / n; else printf "? "
            if (n > 0 && sc != "" && sc !~ /not/) printf "%.2f\n", sc / n; else printf "?\n"
        }' "$1" 2>/dev/null || echo "? ?"
}

# cpu_ticks PIDS: user and system clock ticks so far of the processes PIDS (comma-separated),
# all their threads, from /proc/PID/stat (fields 14 and 15).
cpu_ticks() {
    local pid user=0 system=0 u s
    for pid in ${1//,/ }; do
        read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null) || continue
        user=$((user + u))
        system=$((system + s))
    done
    echo "$user $system"
}

# ticks_per_request "U0 S0" "U1 S1" REQUESTS: "<µs user per request> <µs system per request>"
# between two cpu_ticks readings ("? ?" without requests). Steadier than their sum: the system
# time moves with how the load happens to batch, the user time is the server's own code.
ticks_per_request() {
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        if (n > 0 && hz > 0) printf "%.2f %.2f\n", (y[1] - x[1]) / hz * 1e6 / n, (y[2] - x[2]) / hz * 1e6 / n
        else print "? ?"
    }'
}

# start_server KIND PORT LOGFILE [extra args...]  -> sets SERVER_PID and MEM_PID
# KIND: ours | ours-* | base | base-* | nginx | nginx-log | hummingbird | vapor | flyingfox. The server runs on
# $SERVER_CPU.
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
        base|base-*)
            # Another build of the service (scripts/bench.sh BINARY BASE_BINARY), started alike.
            # shellcheck disable=SC2086
            env ${START_ENV:-} "${PIN_SERVER[@]}" "$BASE_BIN" serve --port "$port" "$@" >"$log" 2>&1 &
            ;;
        nginx|nginx-log)
            # nginx-log: the configuration written to $NGINX_LOG_DIR, with its access log on.
            local dir=$NGINX_DIR
            [[ $kind == nginx-log ]] && dir=$NGINX_LOG_DIR
            "${PIN_SERVER[@]}" "$NGINX_BIN" -p "$dir/" -c "$dir/nginx.conf" >"$log" 2>&1 &
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
    if [[ $kind == nginx* ]]; then
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
