#!/usr/bin/env bash
# HTTPS end to end against the release binary (docs/tls.md):
#   scripts/tls-test.sh .build/release/convergence
# Makes a throw-away CA and certificates with the openssl command line, starts the binary on
# free loopback ports with them, and checks it with curl --cacert, openssl s_client and
# sslyze --mozilla_config=intermediate (installed into a venv under /tmp when missing).
# Ends with "N passed, N failed"; exits 1 if anything failed.
set -uo pipefail
BIN=${1:?usage: scripts/tls-test.sh BIN}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d)
PASSED=0
FAILED=0
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -n "${2:-}" ]] && printf '%s\n' "$2" | head -n 20; }
# expect NAME PATTERN TEXT: TEXT contains PATTERN (grep -E)
expect() { if grep -qE -- "$2" <<<"$3"; then pass "$1"; else fail "$1 (wanted /$2/)" "$3"; fi; }
expect_not() { if grep -qE -- "$2" <<<"$3"; then fail "$1 (unwanted /$2/)" "$3"; else pass "$1"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- certificates (ECDSA P-256; the server's may also authenticate as a client, for the
# healthcheck under mutual TLS)
cd "$WORK"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days 30 -subj "/CN=Convergence Test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
issue() { # NAME SUBJECT SAN EKU
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" \
        -addext "subjectAltName=$3" -addext "extendedKeyUsage=$4" -addext "keyUsage=critical,digitalSignature" 2>/dev/null
    openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 30 \
        -copy_extensions copyall 2>/dev/null
}
issue server "/CN=localhost" "DNS:localhost,IP:127.0.0.1" "serverAuth,clientAuth"
issue renewed "/CN=localhost/O=Renewed" "DNS:localhost,IP:127.0.0.1" "serverAuth,clientAuth"
issue client "/CN=proxy" "DNS:proxy" "clientAuth"
cp server.pem live.pem; cp server.key live.key
cd - >/dev/null

start() { # PORT LOG [extra env...]
    local port=$1 log=$2
    shift 2
    env CONVERGENCE_TLS_CERTIFICATE="$WORK/live.pem" CONVERGENCE_TLS_KEY="$WORK/live.key" "$@" \
        "$BIN" serve --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "server on $port did not start:"; cat "$log"; return 1
}

PORT=$(free_port)
start "$PORT" "$WORK/server.log" || exit 1
SERVER=${PIDS[0]}
URL="https://localhost:$PORT"
CURL=(curl -sS --max-time 5 --cacert "$WORK/ca.pem" --resolve "localhost:$PORT:127.0.0.1")

# --- HTTP over TLS
expect "curl --cacert GET /healthz is 200" '^200$' "$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$URL/healthz" 2>&1)"
expect "GET /tables/moe-vs-dense over HTTPS" '"id":"moe-vs-dense"' "$("${CURL[@]}" "$URL/tables/moe-vs-dense" 2>&1)"
expect "keep-alive: two requests, one connection" 'Re-using existing connection|Reusing existing' \
    "$("${CURL[@]}" -v -o /dev/null -o /dev/null "$URL/healthz" "$URL/readyz" 2>&1)"
expect "plain HTTP to the TLS port gets a 400" '^400$' \
    "$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" 2>&1)"
expect "curl without the CA refuses the certificate" 'certificate|SSL' \
    "$(curl -sS --max-time 5 --resolve "localhost:$PORT:127.0.0.1" "$URL/healthz" 2>&1)"

# --- protocol (openssl s_client)
sclient() { timeout 5 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost -CAfile "$WORK/ca.pem" "$@" </dev/null 2>&1; }
expect "TLS 1.3 with ALPN http/1.1 and a verified chain" 'ALPN protocol: http/1.1' "$(sclient -tls1_3 -alpn http/1.1)"
expect "TLS 1.3 verified" 'Verify return code: 0 \(ok\)' "$(sclient -tls1_3)"
expect "TLS 1.2 accepted" 'Protocol *: TLSv1.2' "$(sclient -tls1_2)"
expect_not "TLS 1.1 refused" 'Cipher is [A-Z]' "$(sclient -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0')"
expect_not "X448 not offered" 'Server Temp Key' "$(sclient -tls1_3 -groups X448)"
expect_not "P-521 not offered" 'Server Temp Key' "$(sclient -tls1_3 -groups P-521)"
expect "X25519 chosen by default" 'Server Temp Key: X25519' "$(sclient -tls1_3)"
expect_not "CBC cipher refused on TLS 1.2" 'Cipher is ECDHE' "$(sclient -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA)"
# The TLS 1.3 session arrives after the handshake: read a whole response before saving it.
request() { printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'; }
request | timeout 5 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost -CAfile "$WORK/ca.pem" \
    -tls1_3 -ign_eof -sess_out "$WORK/sess" >/dev/null 2>&1
expect "session resumed (TLS 1.3)" '^Reused, TLSv1.3' "$(sclient -tls1_3 -sess_in "$WORK/sess")"
sclient -tls1_2 -sess_out "$WORK/sess12" >/dev/null
expect "session resumed (TLS 1.2)" '^Reused, TLSv1.2' "$(sclient -tls1_2 -sess_in "$WORK/sess12")"
expect "renegotiation refused" 'Secure Renegotiation IS (NOT )?supported' "$(sclient -tls1_2)"

# --- operations
expect "healthcheck over TLS" '^healthy' \
    "$(CONVERGENCE_TLS_CERTIFICATE="$WORK/live.pem" CONVERGENCE_TLS_KEY="$WORK/live.key" "$BIN" healthcheck --host 127.0.0.1 --port "$PORT" 2>&1)"
expect "check-config reports the certificate and its expiry" 'tls: /CN=localhost, expires [0-9-]+T.*\(in (29|30) days\)' \
    "$(CONVERGENCE_TLS_CERTIFICATE="$WORK/live.pem" CONVERGENCE_TLS_KEY="$WORK/live.key" "$BIN" check-config 2>&1)"
expect "check-config refuses a key that does not match" 'error: tls.key .* does not match' \
    "$(CONVERGENCE_TLS_CERTIFICATE="$WORK/live.pem" CONVERGENCE_TLS_KEY="$WORK/client.key" "$BIN" check-config 2>&1)"
METRICS=$("${CURL[@]}" "$URL/metrics")
expect "metrics: handshakes counted" 'tls_handshakes_total\{resumed="(true|false)"\} [1-9]' "$METRICS"
expect "metrics: plain HTTP counted as a failed handshake" 'tls_handshake_failures_total\{reason="plain_http"\} 1' "$METRICS"
expect "metrics: handshake duration" 'tls_handshake_duration_seconds_count [1-9]' "$METRICS"
expect "metrics: certificate expiry gauge" 'tls_certificate_expiry_timestamp_seconds [0-9]' "$METRICS"
if [[ -n "${PROMTOOL:-}" ]]; then # .ci/run passes its promtool: the TLS families need HELP too
    if out=$("$PROMTOOL" check metrics <<<"$METRICS" 2>&1); then pass "promtool: metrics with TLS on"; else fail "promtool: metrics with TLS on" "$out"; fi
fi

# --- reload (SIGHUP): new certificate for new handshakes; a broken file keeps the old one
cp "$WORK/renewed.pem" "$WORK/live.pem"; cp "$WORK/renewed.key" "$WORK/live.key"
kill -HUP "$SERVER"; sleep 1
expect "SIGHUP: new handshakes get the renewed certificate" 'subject=.*O *= *Renewed' "$(sclient -tls1_3)"
echo "not a certificate" >"$WORK/live.pem"
kill -HUP "$SERVER"; sleep 1
expect "SIGHUP with a broken file: the previous certificate keeps serving" 'subject=.*O *= *Renewed' "$(sclient -tls1_3)"
expect "the broken reload is counted as failed" 'convergence_reloads_total\{result="failure"\} 1' "$("${CURL[@]}" "$URL/metrics")"
cp "$WORK/server.pem" "$WORK/live.pem"; cp "$WORK/server.key" "$WORK/live.key"

# --- mutual TLS
MPORT=$(free_port)
start "$MPORT" "$WORK/mtls.log" CONVERGENCE_TLS_CLIENT_CA="$WORK/ca.pem" || exit 1
MURL="https://localhost:$MPORT"
MCURL=(curl -sS --max-time 5 --cacert "$WORK/ca.pem" --resolve "localhost:$MPORT:127.0.0.1")
expect "mutual TLS: no client certificate is refused" '000$' \
    "$("${MCURL[@]}" -o /dev/null -w '%{http_code}' "$MURL/healthz" 2>&1)"
expect "mutual TLS: a CA-signed client certificate is served" '^200$' \
    "$("${MCURL[@]}" --cert "$WORK/client.pem" --key "$WORK/client.key" -o /dev/null -w '%{http_code}' "$MURL/healthz" 2>&1)"
expect "healthcheck under mutual TLS" '^healthy' \
    "$(CONVERGENCE_TLS_CERTIFICATE="$WORK/live.pem" CONVERGENCE_TLS_KEY="$WORK/live.key" CONVERGENCE_TLS_CLIENT_CA="$WORK/ca.pem" \
        "$BIN" healthcheck --host 127.0.0.1 --port "$MPORT" 2>&1)"

# --- sslyze: the Mozilla intermediate profile
SSLYZE=$(command -v sslyze || true)
if [[ -z "$SSLYZE" ]]; then
    python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install -q --disable-pip-version-check sslyze >/dev/null 2>&1
    SSLYZE="$WORK/venv/bin/sslyze"
fi
if [[ -x "$SSLYZE" ]]; then
    OUT=$(timeout 120 "$SSLYZE" --mozilla_config=intermediate --certinfo_ca_file "$WORK/ca.pem" "localhost:$PORT{127.0.0.1}" 2>&1)
    expect "sslyze --mozilla_config=intermediate: compliant" ': OK - Compliant' "$(tail -n 8 <<<"$OUT")"
else
    fail "sslyze could not be installed"
fi

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
