#!/usr/bin/env bash
# Hostile checks of the HTTP server core (docs/operations-hostile.md): a log reader that goes
# away or stops reading, one slow request among fast ones, clients that never read, a drain
# with work in flight, and busy keep-alive clients during SIGTERM. One "PASS"/"FAIL" line per
# check with its figures.
#
#   usage: [TLS=1] scripts/hostile/server.sh BINARY      (run through scripts/hostile.sh)
#
# hostile: also over TLS. With TLS=1 (lib.bash) checks 3-6 run over HTTPS, every client
# speaking TLS; checks 1-2 are about the log, not the transport, and run in plain mode only.
# Servers run on free loopback ports from the repository root (its config/ and Public/) and
# are stopped by PID. Takes about a minute.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(realpath -m "$1")
CLIENTS="python3 $ROOT/scripts/hostile/server_clients.py"
cd "$ROOT"
# 2,000 clients and as many server connections need descriptors.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# shellcheck source=lib.bash
source "$ROOT/scripts/hostile/lib.bash"
stop() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
json() { python3 -c "import json,sys; print(json.loads(sys.argv[1])$2)" "$1"; }

# 1. `serve | head -c 300`: the reader goes away after 300 bytes; the service keeps serving.
if [[ $SCHEME == http ]]; then
    PORT=$(free_port)
    mkfifo "$WORK/head.fifo"
    head -c 300 <"$WORK/head.fifo" >/dev/null &
    "$BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/head.fifo" 2>"$WORK/head.err" &
    PID=$!
    PIDS+=("$PID")
    if wait_ready "http://127.0.0.1:$PORT/healthz" "$PID"; then
        out=$($CLIENTS load "$PORT" 2000 4)
        sleep 0.5
        if kill -0 "$PID" 2>/dev/null && curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
            pass "stdout closed (serve | head -c 300): still serving after 2,000 more requests ($out)"
        else
            wait "$PID"; fail "stdout closed (serve | head -c 300): the process died (exit $?)"
        fi
        stop "$PID"
    else
        fail "stdout closed: server did not start"
    fi

    # 2. `serve | sleep`: a stdout nobody reads for 6 s, then read. Every request is answered
    # meanwhile, lines beyond the buffer are dropped and counted, and one line reports them.
    PORT=$(free_port)
    mkfifo "$WORK/stuck.fifo"
    sh -c "sleep 6; cat >'$WORK/stuck.out'" <"$WORK/stuck.fifo" &
    PIDS+=("$!")
    "$BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/stuck.fifo" 2>"$WORK/stuck.err" &
    PID=$!
    PIDS+=("$PID")
    if wait_ready "http://127.0.0.1:$PORT/healthz" "$PID"; then
        out=$($CLIENTS load "$PORT" 12000 8)
        dropped=$(curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '/^convergence_log_lines_dropped_total/ {print $2}')
        sleep 7.5
        notice=$(grep -c 'log lines dropped' "$WORK/stuck.out" 2>/dev/null)
        if [[ $(json "$out" "['failed']") == 0 && ${dropped:-0} -gt 0 && ${notice:-0} -ge 1 ]]; then
            pass "stuck stdout (serve | sleep): 12,000 requests answered ($out); convergence_log_lines_dropped_total $dropped; the 'log lines dropped' notice written once the reader came back"
        else
            fail "stuck stdout: load $out, dropped metric '${dropped:-}', notices ${notice:-0}"
        fi
        stop "$PID"
    else
        fail "stuck stdout: server did not start"
    fi
fi

# 3. Two large slow-to-validate POST bodies on one event loop: /healthz on the kept connection
# and on new connections still answers at once, before the slow requests finish.
if start latency CONVERGENCE_SERVER_LOOPS=1 CONVERGENCE_LOG_ACCESS=false; then
    out=$($CLIENTS latency "$PORT" 2 10000 20)
    if python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d['keptMaxMs'] < 100 and d['newMaxMs'] < 100 else 1)" "$out"; then
        pass "slow requests do not stall others$OVER (1 loop, 2 x 120 KB POST /compare): $out"
    else
        fail "slow requests stall others$OVER: $out"
    fi
    stop "$PID"
fi

# 4. 2,000 clients pipelining /openapi.json and never reading: RSS stays within 64 MiB of
# idle and goes back down once they close (to within 16 MiB). Over TLS each connection also
# holds, while it cannot send, OpenSSL's buffer for the record it could not finish (17 KiB),
# and each handshake leaves two sessions in the resumption cache (about 1.3 KiB each, up to
# 20,480 sessions, 5 minutes; docs/tls.md): 2,000 x 17 KiB = 33 MiB more at the peak, and
# 16 MiB more after they close.
grow_limit=64
left_limit=16
if [[ $SCHEME == https ]]; then grow_limit=97; left_limit=32; fi
if start nonreaders CONVERGENCE_LOG_ACCESS=false; then
    out=$($CLIENTS nonreaders "$PORT" "$PID" 2000 100 4 2>"$WORK/nonreaders.err") || out="{}"
    [[ -s $WORK/nonreaders.err ]] && tail -n 3 "$WORK/nonreaders.err"
    verdict=$(python3 -c "
import json,sys; d=json.loads(sys.argv[1])
grow=(d['peakKiB']-d['idleKiB'])/1024; left=(d['afterKiB']-d['idleKiB'])/1024
print('ok' if grow <= $grow_limit and left <= $left_limit and d['healthzWhileHeld'] is True else 'bad', 'peak +%.1f MiB (at most $grow_limit), after close +%.1f MiB (at most $left_limit)' % (grow, left))" "$out")
    if [[ $verdict == ok* ]]; then pass "2,000 non-reading clients$OVER: ${verdict#ok } ($out)"
    else fail "2,000 non-reading clients$OVER: ${verdict#bad } ($out)"; fi
    stop "$PID"
fi

# 5. The drain deadline is hard: drainSeconds 3 with a request body still trickling in (a
# request in flight that would take 10 s): the process exits by 3 s (+0.5) with status 75.
if start deadline CONVERGENCE_TIMEOUTS_DRAIN_SECONDS=3 CONVERGENCE_TIMEOUTS_DRAIN_GRACE_SECONDS=0.5; then
    $CLIENTS trickle "$PORT" 8 &
    trickler=$!
    sleep 0.5
    t0=$(date +%s.%N)
    kill -TERM "$PID"
    wait "$PID"
    status=$?
    elapsed=$(python3 -c "import sys; print('%.2f' % ($(date +%s.%N) - $t0))")
    kill "$trickler" 2>/dev/null; wait "$trickler" 2>/dev/null
    if python3 -c "import sys; sys.exit(0 if $elapsed <= 3.5 else 1)" && [[ $status == 75 ]]; then
        pass "drain deadline 3 s$OVER with a request in flight: exited after ${elapsed} s, status $status"
    else
        fail "drain deadline 3 s$OVER with a request in flight: exited after ${elapsed} s, status $status (want <= 3.5 s, 75)"
    fi
fi

# 6. SIGTERM under 24 busy keep-alive clients: no request written on an open connection goes
# unanswered (the clients stop when the listener refuses them).
if start lost CONVERGENCE_TIMEOUTS_DRAIN_SECONDS=5 CONVERGENCE_TIMEOUTS_DRAIN_GRACE_SECONDS=1 CONVERGENCE_LOG_ACCESS=false; then
    out=$($CLIENTS keepalive "$PORT" 24 "$PID" 1.5 20)
    wait "$PID"
    status=$?
    if [[ $(json "$out" "['lost']") == 0 && $(json "$out" "['answered']") -gt 0 && $status == 0 ]]; then
        pass "SIGTERM under 24 keep-alive clients$OVER: 0 lost, exit $status ($out)"
    else
        fail "SIGTERM under 24 keep-alive clients$OVER: exit $status ($out)"
    fi
fi

exit $((failed > 0))
