#!/usr/bin/env bash
# Hostile checks of the server's limits (docs/limits.md, config/README.md): slow heads
# (slowloris), stalled bodies, idle and silent connections, clients that never read (write
# timeout), the connection cap, heads and bodies over the limits, a pipelining flood and a
# client that half-closes. One "PASS"/"FAIL" line per check with its figures.
#
#   usage: [TLS=1] scripts/hostile/limits.sh BINARY      (run through scripts/hostile.sh)
#
# hostile: also over TLS. With TLS=1 (lib.bash) the server speaks HTTPS and every client TLS,
# so each limit is shown to hold over TLS as it does over plain HTTP (docs/tls.md).
# Timeouts are set to 2 s (the sweep then runs every 0.5 s), so a limit is met when the client
# is answered or closed between 1.5 s and 3.5 s after its last byte. Servers run on free
# loopback ports and are stopped by PID. Takes about 40 s.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(realpath -m "$1")
CLIENTS="python3 $ROOT/scripts/hostile/limit_clients.py"
cd "$ROOT"
ulimit -n 4096 2>/dev/null || true

# shellcheck source=lib.bash
source "$ROOT/scripts/hostile/lib.bash"
within() { echo "d['closedAfterS'] is not None and 1.5 <= d['closedAfterS'][0] and d['closedAfterS'][1] <= 3.5"; }

TIMEOUTS=(CONVERGENCE_TIMEOUTS_HEADER_SECONDS=2 CONVERGENCE_TIMEOUTS_BODY_SECONDS=2
    CONVERGENCE_TIMEOUTS_IDLE_SECONDS=2 CONVERGENCE_TIMEOUTS_WRITE_SECONDS=2 CONVERGENCE_LOG_ACCESS=false)
if start limits "${TIMEOUTS[@]}"; then
    out=$($CLIENTS slowhead "$PORT" 50 8)
    judge "slowloris: 50 heads sent a byte every 0.25 s get 408 within timeouts.headerSeconds 2 s; /healthz answered meanwhile" \
        "$out" "d['status'] == {'408': 50} and $(within) and d['healthzMaxMs'] < 1000"

    out=$($CLIENTS stalledbody "$PORT" 50 8)
    judge "stalled bodies: 50 POSTs that stop after 10 of 1,000 bytes get 408 within timeouts.bodySeconds 2 s" \
        "$out" "d['status'] == {'408': 50} and $(within)"

    out=$($CLIENTS idle "$PORT" 8)
    judge "idle: a kept connection closed after timeouts.idleSeconds 2 s, one that never sends after timeouts.headerSeconds 2 s" \
        "$out" "d['afterResponse'] == 'eof' and 1.5 <= d['afterResponseS'] <= 3.5 and d['neverSent'] == 'eof' and 1.5 <= d['neverSentS'] <= 3.5"

    out=$($CLIENTS writestall "$PORT" 20 50 5)
    judge "non-reading clients: 20 pipelining 50 GET /openapi.json each with a 4 KiB window, reading nothing for 5 s, are closed (timeouts.writeSeconds 2 s)" \
        "$out" "set(d['end']) <= {'eof', 'reset'} and d['bytesRead'][1] < d['bytesIfAllAnswered']"

    out=$($CLIENTS oversize "$PORT")
    judge "over the limits: 9,000-byte request line 414, 40 KiB header 431, 101 headers 431, 2 MiB unended head 431, 2 MiB body 413; still serving" \
        "$out" "[d['requestLine9000'], d['headers40KiB'], d['headers101'], d['head2MiBUnended'], d['body2MiB'], d['healthzAfter']] == [414, 431, 431, 431, 413, 200]"

    out=$($CLIENTS pipeline "$PORT" 10000)
    judge "pipelining flood: 10,000 GET /healthz on one connection, all answered in order" \
        "$out" "d['answered'] == 10000 and d['ok'] == 10000 and not d['errors']"

    out=$($CLIENTS halfclose "$PORT")
    judge "half-close: a request then the client's FIN gets the whole response, then the server closes" \
        "$out" "d.get('status') == 200 and d['bodyBytes'] == d['contentLength'] and d['then'] == 'eof' and d['extraBytes'] == 0"

    expect_no_open_connections "$PORT"
    kill -TERM "$PID"; wait "$PID" 2>/dev/null
fi

# The cap: 32 connections held; the 33rd is refused at once (plain: 503; TLS: closed before
# the handshake, as a 503 would mean nothing to a TLS client); closing 8 lets a new one in.
if start cap CONVERGENCE_SERVER_MAX_CONNECTIONS=32 CONVERGENCE_TIMEOUTS_IDLE_SECONDS=30 CONVERGENCE_LOG_ACCESS=false; then
    out=$($CLIENTS cap "$PORT" 32)
    if [[ $SCHEME == https ]]; then
        want="d['overTheCap']['handshake'] != 'completed' and d['overTheCap']['afterS'] < 1"
    else
        want="d['overTheCap'].get('status') == 503 and d['overTheCap']['afterS'] < 1"
    fi
    judge "connection cap 32: the 33rd refused at once, served again once 8 close" "$out" "$want and d['afterClosingEight'] == 200"
    rejected=$(metric "$PORT" http_connections_rejected_total)
    if [[ $rejected == 1 ]]; then pass "the refused connection counted$OVER: http_connections_rejected_total $rejected"
    else fail "http_connections_rejected_total$OVER: $rejected (want 1)"; fi
    kill -TERM "$PID"; wait "$PID" 2>/dev/null
fi

exit $((failed > 0))
