#!/usr/bin/env bash
# Throughput, latency, CPU time and syscalls per request, and memory of the Convergence release
# binary next to nginx and the Hummingbird anchor, all measured in the same run on this machine.
#
#   usage: scripts/bench.sh [BINARY [BASE_BINARY]]   (default .build/release/convergence)
#
# With BASE_BINARY (e.g. main's build) it runs as "base" (and "base-log") next to "ours" in
# every round, with the same settings, and prints the ratios ours/base: a branch against main
# from figures taken seconds apart.
#
# Every server runs pinned to CPU $SERVER_CPU [0]; this script, curl and wrk run on CPU
# $WRK_CPU [1]. In each of ROUNDS rounds every server is started and checked (status and size
# of each route), then route by route each server in turn (the order rotates per round) gets
# wrk -t1 -c$CONNS -d$WARMUP (discarded), then wrk -t1 -c$CONNS -d$DURATION --latency, with
# `perf stat -e task-clock,raw_syscalls:sys_enter -p PID` attached to the server for that run:
# µs of CPU per request = task-clock / requests wrk counted, and syscalls per request; and the
# same CPU split into user and system time (/proc/PID/stat before and after: the user time is
# the server's own code, the steadier figure; the system time moves with batching). Routes:
#   GET  /healthz
#   GET  /tables/moe-vs-dense            (~1.5 KB JSON from memory; nginx serves the bytes our
#                                         binary returned, so both send the same document)
#   POST /score                          extended-model body (scripts/bench/score.lua);
#                                        not nginx, which cannot compute it
# Then the median per server/route and the ratios ours/nginx (GETs, of req/s and of CPU per
# request), ours/hummingbird (POST /score) and, with LOG_ENV or LOG_ARGS, ours-log/ours and
# ours-log/nginx-log (nginx with a buffered access log). Then memory: idle RSS one second after
# start, RSS after 100k and after 1M requests (mixed routes, scripts/bench/count.lua).
# The script prints figures and asserts nothing about them.
#
# Environment (defaults in brackets):
#   ROUNDS [3]  CONNS [64]  DURATION [10s]  WARMUP [2s]  BENCH_NICE [0] (e.g. -5: see lib.sh)
#   SERVERS ["ours nginx hummingbird"]   also: vapor flyingfox (when built under $ANCHORS)
#   ROUTES ["healthz table score"]       which routes to measure (a subset for quick checks)
#   SCORE_LUA [scripts/bench/score.lua]  the wrk script of POST /score (score-varied.lua: a new
#                                        body per request, past the service's memo of answers)
#   ANCHORS [/tmp/anchors]  HB_BIN, VAPOR_BIN, FF_BIN, NGINX_BIN  where the references are
#   OURS_ARGS [""]          extra arguments after `serve --port N` for every "ours" start
#   OURS_ENV ["CONVERGENCE_LOG_ACCESS=false"]  environment for "ours" (the service's settings:
#                           defaults < config/convergence.json < CONVERGENCE_* < flags; the
#                           repository's config file turns the access log on)
#   LOG_ENV [""]            when set, also measures "ours-log": ours with this environment
#                           instead (e.g. LOG_ENV="CONVERGENCE_LOG_ACCESS=true"); the access log
#                           then goes to the server's log file under $OUT; and "nginx-log":
#                           nginx with `access_log FILE combined buffer=64k` (after each round
#                           every log is cut to its first MiB: a round writes hundreds of MB)
#   LOG_ARGS [""]           or extra arguments for "ours-log" (if the switch is a flag)
#   PERF [1]                0 leaves out perf stat (the CPU and syscall columns print "?")
#   MEMORY [1]              0 skips the 100k/1M memory check
#   PORT_BASE [18080]       ours, ours-log, nginx, hummingbird, vapor, flyingfox, nginx-log, base,
#                           base-log: +0..+8
#   OUT [bench-results/<UTC stamp>]   raw wrk and server output, results.tsv, summary.txt
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/bench
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

OURS_BIN=$(realpath -m "${1:-$ROOT/.build/release/convergence}")
BASE_BIN=${2:+$(realpath -m "$2")}
# The service reads config/convergence.json and Public/ relative to its working directory.
cd "$ROOT"
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
SERVERS=${SERVERS:-"ours nginx hummingbird"}
ROUTES=${ROUTES:-"healthz table score"}
OURS_ARGS=${OURS_ARGS:-}
LOG_ARGS=${LOG_ARGS:-}
OURS_ENV=${OURS_ENV-CONVERGENCE_LOG_ACCESS=false}
LOG_ENV=${LOG_ENV:-}
MEMORY=${MEMORY:-1}
PERF=${PERF:-1}
PORT_BASE=${PORT_BASE:-18080}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench-results/$STAMP}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
NGINX_DIR=$OUT/nginx
NGINX_LOG_DIR=$OUT/nginx-log
SCORE_LUA=${SCORE_LUA:-$HERE/score.lua}

command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }
if [[ $PERF == 1 ]] && ! perf_stat_works; then
    echo "perf stat cannot count task-clock,raw_syscalls:sys_enter here (apt-get install -y linux-perf; root):" \
         "no CPU and syscall figures" >&2
    PERF=0
fi

declare -A PORT=([ours]=$PORT_BASE [ours-log]=$((PORT_BASE + 1)) [nginx]=$((PORT_BASE + 2))
                 [hummingbird]=$((PORT_BASE + 3)) [vapor]=$((PORT_BASE + 4)) [flyingfox]=$((PORT_BASE + 5))
                 [nginx-log]=$((PORT_BASE + 6)) [base]=$((PORT_BASE + 7)) [base-log]=$((PORT_BASE + 8)))
declare -A ROUTES_FOR=([nginx]="healthz table" [nginx-log]="healthz table")

# What runs: drop servers that are not built, add ours-log when asked.
LIST=()
for s in $SERVERS; do
    case $s in
        ours) [[ -x $OURS_BIN ]] || { echo "not built: $OURS_BIN" >&2; exit 1; } ;;
        nginx) [[ -x $NGINX_BIN ]] || { echo "skipping nginx: $NGINX_BIN missing" >&2; continue; } ;;
        hummingbird) [[ -x $HB_BIN ]] || { echo "skipping hummingbird: $HB_BIN missing" >&2; continue; } ;;
        vapor) [[ -x $VAPOR_BIN ]] || { echo "skipping vapor: $VAPOR_BIN missing" >&2; continue; } ;;
        flyingfox) [[ -x $FF_BIN ]] || { echo "skipping flyingfox: $FF_BIN missing" >&2; continue; } ;;
        *) echo "unknown server: $s" >&2; exit 2 ;;
    esac
    LIST+=("$s")
    [[ $s == ours && ( -n $LOG_ARGS || -n $LOG_ENV ) ]] && LIST+=("ours-log")
    if [[ $s == ours && -n $BASE_BIN ]]; then
        [[ -x $BASE_BIN ]] || { echo "not built: $BASE_BIN" >&2; exit 1; }
        LIST+=("base")
        [[ -n $LOG_ARGS || -n $LOG_ENV ]] && LIST+=("base-log")
    fi
    [[ $s == nginx && ( -n $LOG_ARGS || -n $LOG_ENV ) ]] && LIST+=("nginx-log")
done

# This shell, curl and wrk stay off the servers' CPU.
taskset -cp "$WRK_CPU" $$ >/dev/null
# 10k-connection runs and wrk need descriptors; take the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

trap 'stop_server' EXIT   # replaced below once the per-round servers exist
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" | tee -a "$OUT/summary.txt"; }

# Arguments and environment for one start of KIND.
args_for() {
    case $1 in
        ours|base) echo "$OURS_ARGS" ;;
        ours-log|base-log) echo "$OURS_ARGS $LOG_ARGS" ;;
        *) echo "" ;;
    esac
}
env_for() {
    case $1 in
        ours|base) echo "$OURS_ENV" ;;
        ours-log|base-log) echo "${LOG_ENV:-$OURS_ENV}" ;;
        *) echo "" ;;
    esac
}

# run_route ROUND SERVER KEY METHOD PATH [wrk args...]: one warm-up and one measured wrk run,
# the latter under perf stat (the server's processes: PERF_PIDS_OF).
run_route() {
    local round=$1 server=$2 key=$3 method=$4 path=$5
    shift 5
    local base="http://127.0.0.1:${PORT[$server]}" perf_file=$OUT/perf-r$round-$server-$key.csv
    "${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d"$WARMUP" "$@" "$base$path" >/dev/null 2>&1 || true
    local out ticks_before ticks_after
    [[ $PERF == 1 ]] && perf_stat_start "${PERF_PIDS_OF[$server]}" "$perf_file"
    ticks_before=$(cpu_ticks "${PERF_PIDS_OF[$server]}")
    out=$("${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$@" "$base$path" 2>&1) || true
    ticks_after=$(cpu_ticks "${PERF_PIDS_OF[$server]}")
    perf_stat_stop
    printf '%s\n' "$out" > "$OUT/wrk-r$round-$server-$key.txt"
    local rps p50 p99 non2xx errs requests cpu="?" sys="?" user_us system_us
    requests=$(awk '/ requests in / {print $1}' <<<"$out")
    [[ $PERF == 1 ]] && read -r cpu sys < <(perf_per_request "$perf_file" "${requests:-0}")
    read -r user_us system_us < <(ticks_per_request "$ticks_before" "$ticks_after" "${requests:-0}")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
    errs=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
    [[ -n $p50 ]] && p50=$(to_ms "$p50") || p50="?"
    [[ -n $p99 ]] && p99=$(to_ms "$p99") || p99="?"
    printf '%s\t%s\t%s %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$server" "$method" "$path" \
        "${rps:-?}" "$p50" "$p99" "${non2xx:-0}/${errs:-0}" "$cpu" "$sys" "$user_us" "$system_us" >> "$OUT/results.tsv"
    printf '%-5s %-12s %-4s %-22s %12s %9s %9s %9s %8s %7s %7s %s\n' "$round" "$server" "$method" "$path" \
        "${rps:-?}" "$p50" "$p99" "$cpu" "$sys" "$user_us" "$system_us" "${non2xx:-0}/${errs:-0}" | tee -a "$OUT/summary.txt"
}

# check SERVER: status and size of each route once (curl), so a wrong answer is visible.
check_routes() {
    local server=$1 base="http://127.0.0.1:${PORT[$1]}" r
    local routes=${ROUTES_FOR[$server]:-"healthz table score"} parts=()
    for r in $routes; do
        case $r in
            healthz) parts+=("healthz=$(curl -s -o /dev/null -w '%{http_code}/%{size_header}+%{size_download}B' "$base/healthz")") ;;
            table) parts+=("table=$(curl -s -o /dev/null -w '%{http_code}/%{size_header}+%{size_download}B' "$base/tables/moe-vs-dense")") ;;
            score) parts+=("score=$(curl -s -o /dev/null -w '%{http_code}/%{size_header}+%{size_download}B' \
                      -H 'Content-Type: application/json' \
                      --data-binary '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}' \
                      "$base/score")") ;;
        esac
    done
    echo "${parts[*]}"
}

# nginx serves the very bytes our binary returns for the table (the anchors' file otherwise).
prepare_nginx() {
    local table=$ANCHORS/common/moe-vs-dense.json
    if [[ " ${LIST[*]} " == *" ours "* ]] && START_ENV=$OURS_ENV start_server ours "${PORT[ours]}" "$OUT/ours-table.log" $OURS_ARGS; then
        if [[ $(curl -s -o "$OUT/moe-vs-dense.json" -w '%{http_code}' \
                "http://127.0.0.1:${PORT[ours]}/tables/moe-vs-dense") == 200 ]]; then
            table=$OUT/moe-vs-dense.json
        fi
        stop_server
    fi
    [[ -f $table ]] || { echo "no table document for nginx ($table)" >&2; return 1; }
    write_nginx_conf "$NGINX_DIR" "${PORT[nginx]}" "$table"
    write_nginx_conf "$NGINX_LOG_DIR" "${PORT[nginx-log]}" "$table" 1024 on
    say "# nginx serves $table ($(wc -c <"$table") bytes) as /tables/moe-vs-dense"
}

say "## $STAMP  bench.sh  ours=$OURS_BIN ($(stat -c %s "$OURS_BIN") bytes)  git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)${BASE_BIN:+  base=$BASE_BIN}"
say "# wrk -t1 -c$CONNS -d$DURATION (+$WARMUP warm-up) --latency; servers on CPU $SERVER_CPU, wrk on CPU $WRK_CPU, nice $BENCH_NICE; $(nproc --all) CPUs, $(uname -r)"
say "# servers: ${LIST[*]}; OURS_ARGS='$OURS_ARGS' OURS_ENV='$OURS_ENV' LOG_ARGS='$LOG_ARGS' LOG_ENV='$LOG_ENV'; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ " ${LIST[*]} " == *" nginx "* ]]; then prepare_nginx || exit 1; fi

: > "$OUT/results.tsv"
if ((ROUNDS > 0)); then
    say ""
    say "$(printf '%-5s %-12s %-4s %-22s %12s %9s %9s %9s %8s %7s %7s %s' round server meth route req/s p50ms p99ms cpu_us/req sys/req user_us kern_us non2xx/err)"
fi
# One round: every server started (all pinned to the same CPU; an idle one costs nothing),
# then route by route each server in turn, so that the figures a ratio compares are taken
# seconds apart, not minutes. The order of the servers rotates from round to round.
declare -A PID_OF MEM_OF IDLE_OF CHECK_OF PERF_PIDS_OF
stop_all() {
    local s
    for s in "${!PID_OF[@]}"; do stop_pid "${PID_OF[$s]}"; done
    PID_OF=()
    MEM_OF=()
}
trap 'perf_stat_stop; stop_all; stop_server' EXIT
for ((round = 1; round <= ROUNDS; round++)); do
    n=${#LIST[@]}
    order=()
    for ((i = 0; i < n; i++)); do order+=("${LIST[$(((i + round - 1) % n))]}"); done
    for server in "${order[@]}"; do
        # shellcheck disable=SC2046  # the argument strings are meant to split
        START_ENV=$(env_for "$server") start_server "$server" "${PORT[$server]}" "$OUT/server-r$round-$server.log" $(args_for "$server") || continue
        PID_OF[$server]=$SERVER_PID
        MEM_OF[$server]=$MEM_PID
        # nginx: the master and its worker (the worker does the work).
        PERF_PIDS_OF[$server]=$SERVER_PID
        [[ $MEM_PID != "$SERVER_PID" ]] && PERF_PIDS_OF[$server]+=",$MEM_PID"
        SERVER_PID=""
    done
    sleep 1
    for server in "${!PID_OF[@]}"; do
        IDLE_OF[$server]=$(rss_kib "${MEM_OF[$server]}" VmRSS)
        CHECK_OF[$server]=$(check_routes "$server")
    done
    for key in $ROUTES; do
        for server in "${order[@]}"; do
            [[ -n ${PID_OF[$server]:-} ]] || continue
            routes=${ROUTES_FOR[$server]:-"healthz table score"}
            [[ " $routes " == *" $key "* ]] || continue
            case $key in
                healthz) run_route "$round" "$server" healthz GET /healthz ;;
                table) run_route "$round" "$server" table GET /tables/moe-vs-dense ;;
                score) run_route "$round" "$server" score POST /score -s "$SCORE_LUA" ;;
            esac
        done
    done
    for server in "${order[@]}"; do
        [[ -n ${PID_OF[$server]:-} ]] || continue
        say "$(printf '%-5s %-12s idle_rss_kib=%s peak_rss_kib=%s threads=%s check: %s' "$round" "$server" \
            "${IDLE_OF[$server]}" "$(rss_kib "${MEM_OF[$server]}" VmHWM)" "$(threads_of "${MEM_OF[$server]}")" \
            "${CHECK_OF[$server]}")"
    done
    stop_all
    # With an access log on, a round writes hundreds of megabytes of it: each log keeps its
    # first MiB (enough to read what was logged), so a long run cannot fill the disk.
    for log in "$OUT"/server-r"$round"-*.log "$NGINX_LOG_DIR/run/access.log"; do
        [[ -f $log ]] && truncate -s '<1M' "$log"
    done
    sleep 1
done

if ((ROUNDS > 0)); then
    say ""
    python3 "$HERE/summarize.py" "$OUT/results.tsv" | tee -a "$OUT/summary.txt"
fi

# wrk_count BASE N FILE: N requests over the three routes (count.lua), at most 10 minutes.
wrk_count() {
    local marker=$OUT/count.done pid i
    rm -f "$marker"
    "${PIN_WRK[@]}" wrk -t1 -c"$CONNS" -d600s -s "$HERE/count.lua" "$1/" -- "$2" "$marker" > "$3" 2>&1 &
    pid=$!
    for ((i = 0; i < 6000; i++)); do
        [[ -f $marker ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -INT "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rm -f "$marker"
}

# Memory: idle, after 100k and after 1M requests on one process (no assertion on growth).
if [[ $MEMORY == 1 ]]; then
    say ""
    say "# memory (KiB): idle = 1 s after start; then after 100k and 1M requests cycling the three routes"
    for server in ours ours-log base base-log; do
        [[ " ${LIST[*]} " == *" $server "* ]] || continue
        # shellcheck disable=SC2046
        START_ENV=$(env_for "$server") start_server "$server" "${PORT[$server]}" "$OUT/server-mem-$server.log" $(args_for "$server") || continue
        sleep 1
        idle=$(rss_kib "$MEM_PID" VmRSS)
        base="http://127.0.0.1:${PORT[$server]}"
        wrk_count "$base" 100000 "$OUT/wrk-mem-$server-100k.txt"
        rss100k=$(rss_kib "$MEM_PID" VmRSS)
        wrk_count "$base" 900000 "$OUT/wrk-mem-$server-1m.txt"
        sleep 1
        rss1m=$(rss_kib "$MEM_PID" VmRSS)
        bad=$(cat "$OUT/wrk-mem-$server-100k.txt" "$OUT/wrk-mem-$server-1m.txt" |
              awk '/Non-2xx/ {n += $NF} /Socket errors:/ {gsub(",", ""); e += $4 + $6 + $8 + $10} END {printf "%d/%d", n, e}')
        say "$(printf '%-12s idle_rss_kib=%s rss_after_100k_kib=%s rss_after_1m_kib=%s peak_rss_kib=%s threads=%s non2xx/err=%s' \
            "$server" "$idle" "$rss100k" "$rss1m" "$(rss_kib "$MEM_PID" VmHWM)" "$(threads_of "$MEM_PID")" "$bad")"
        stop_server
        truncate -s '<1M' "$OUT/server-mem-$server.log"
    done
fi
say "# raw output: $OUT"
