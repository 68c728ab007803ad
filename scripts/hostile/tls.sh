#!/usr/bin/env bash
# Hostile TLS clients (docs/tls.md): handshakes that stall, plain HTTP and other bytes that are
# not TLS sent to the HTTPS port, a flood of handshakes (finished and abandoned) beside a kept
# connection, and garbage TLS records before and after the handshake. One "PASS"/"FAIL" line
# per check with its figures. (The limits of the plain server over TLS: limits.sh and server.sh,
# which scripts/hostile.sh also runs with TLS=1.)
#
#   usage: scripts/hostile/tls.sh BINARY      (run through scripts/hostile.sh)
#
# Makes a test CA and certificate with openssl, runs the server with them on a free loopback
# port (tls.handshakeTimeoutSeconds 2) and stops it by PID. Takes about 30 s.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(realpath -m "$1")
CLIENTS="python3 $ROOT/scripts/hostile/tls_clients.py"
cd "$ROOT"
ulimit -n 4096 2>/dev/null || true

TLS=1
# shellcheck source=lib.bash
source "$ROOT/scripts/hostile/lib.bash"
failures() { metric "$PORT" "tls_handshake_failures_total{reason=\"$1\"}"; }
rss_kib() { awk '$1 == "VmRSS:" {print $2}' "/proc/$1/status"; }

start tls CONVERGENCE_TLS_HANDSHAKE_TIMEOUT_SECONDS=2 CONVERGENCE_LOG_ACCESS=false || exit 1

# 1. Stalled handshakes: closed by tls.handshakeTimeoutSeconds (2 s; the sweep runs every
# 250 ms) and counted as timeouts.
out=$($CLIENTS stall "$PORT" 20 8)
judge "stalled handshakes (20 silent, 20 half a record, 20 a ClientHello only) closed after tls.handshakeTimeoutSeconds 2 s" \
    "$out" "all(k['end'] == {'eof': 20} and 1.9 <= k['closedAfterS'][0] and k['closedAfterS'][1] <= 3 for k in d.values())"
timeouts=$(failures timeout)
if [[ $timeouts == 60 ]]; then pass "the 60 stalled handshakes counted: tls_handshake_failures_total{reason=\"timeout\"} $timeouts"
else fail "tls_handshake_failures_total{reason=\"timeout\"} $timeouts (want 60)"; fi

# 2. Not TLS at all: refused at once, never left to the handshake timeout.
out=$($CLIENTS plain "$PORT")
judge "plain HTTP to the TLS port: 400 saying HTTPS, closed at once; an HTTP/2 preface too; a lowercase word and binary junk closed at once" \
    "$out" "d['http11']['firstLine'] == 'HTTP/1.1 400 Bad Request' and d['http11']['saysHTTPS'] and d['h2Preface']['firstLine'] == 'HTTP/1.1 400 Bad Request' and d['lowercase']['firstLine'] == '' and d['binary']['firstLine'] == '' and max(c['closedAfterS'] for c in d.values()) < 0.5"
plain=$(failures plain_http)
if [[ $plain == 2 ]]; then pass "counted: tls_handshake_failures_total{reason=\"plain_http\"} $plain"
else fail "tls_handshake_failures_total{reason=\"plain_http\"} $plain (want 2)"; fi

# 3. A flood of handshakes: 1,500 finished (each then GET /healthz) and 1,500 abandoned after
# the ClientHello, from 6 threads; a kept connection is answered throughout; nothing leaks.
idle=$(rss_kib "$PID")
before=$(metric "$PORT" 'tls_handshakes_total{resumed="false"}')
out=$($CLIENTS flood "$PORT" 1500 6 1500)
sleep 0.5
after=$(metric "$PORT" 'tls_handshakes_total{resumed="false"}')
open=$(metric "$PORT" http_open_connections)
grown=$(( ($(rss_kib "$PID") - idle) / 1024 ))
judge "handshake flood (1,500 served, 1,500 abandoned after the ClientHello, 6 threads): all served, a kept connection answered within 1 s throughout" \
    "$out" "d['served'] == 1500 and d['failed'] == 0 and d['abandoned'] == 1500 and d['keptMaxMs'] < 1000"
if (( after - before >= 1500 )) && [[ $open == 1 ]] && (( grown < 32 )); then
    pass "after the flood: $((after - before)) handshakes counted, http_open_connections $open, RSS +$grown MiB"
else
    fail "after the flood: $((after - before)) handshakes counted (want >= 1500), http_open_connections $open (want 1), RSS +$grown MiB (want < 32)"
fi

# 4. Garbage records: every one a whole record, so the server closes at once.
out=$($CLIENTS garbage "$PORT" 300 10)
judge "garbage records: 300 random whole records before the handshake, an oversized handshake record, a forged and an oversized application-data record after it: each closed at once; still serving" \
    "$out" "d['randomRecords']['closedAfterS'][1] < 0.5 and d['oversizedHandshakeRecord'][0] < 0.5 and d['forgedApplicationData'][0] < 0.5 and d['oversizedApplicationData'][0] < 0.5 and d['healthzAfter'] == 200"
expect_no_open_connections "$PORT"

kill -TERM "$PID"; wait "$PID" 2>/dev/null
exit $((failed > 0))
