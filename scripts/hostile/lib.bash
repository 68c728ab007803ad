# Sourced by scripts/hostile/*.sh (named .bash so scripts/hostile.sh does not run it as a
# check): check results and servers on free loopback ports. The sourcing script sets BIN, and
# WORK and PIDS with its own cleanup if it needs one; otherwise they are made here: WORK a
# temporary directory removed at exit, PIDS the processes killed at exit.
#
# TLS=1 (scripts/hostile.sh runs the scripts marked "hostile: also over TLS" a second time
# so): a test CA and a server certificate are made in $WORK, `start` serves HTTPS with them,
# SCHEME is https, CURL_TLS holds curl's options to trust the CA, and HOSTILE_TLS_CA makes the
# Python clients (server_clients.py) speak TLS too. Otherwise SCHEME is http, CURL_TLS empty.
if [[ -z ${WORK:-} ]]; then
    WORK=$(mktemp -d)
    PIDS=()
    cleanup() {
        for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
        wait 2>/dev/null
        rm -rf "$WORK"
    }
    trap cleanup EXIT
fi
passed=0
failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # URL PID: until URL answers 2xx (10 s at most), false if PID exited first
    for _ in $(seq 1 100); do
        curl "${CURL_TLS[@]}" -fsS -o /dev/null "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# make_test_ca DIR: DIR/ca.pem (a throw-away CA) and DIR/server.pem + server.key (ECDSA P-256,
# for localhost and 127.0.0.1, signed by it).
make_test_ca() {
    local dir=$1
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" \
        -days 2 -subj "/CN=Hostile Test CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign" 2>/dev/null || return 1
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" \
        -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null || return 1
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
        -out "$dir/server.pem" -days 2 -copy_extensions copyall 2>/dev/null
}
SCHEME=http
CURL_TLS=()
TLS_ENV=()
OVER=""  # appended to check names in TLS mode
if [[ ${TLS:-0} == 1 ]]; then
    OVER=" over TLS"
    mkdir -p "$WORK/tls"
    make_test_ca "$WORK/tls" || { echo "FAIL could not make a test certificate with openssl"; exit 1; }
    SCHEME=https
    CURL_TLS=(--cacert "$WORK/tls/ca.pem")
    TLS_ENV=(CONVERGENCE_TLS_CERTIFICATE="$WORK/tls/server.pem" CONVERGENCE_TLS_KEY="$WORK/tls/server.key")
    export HOSTILE_TLS_CA=$WORK/tls/ca.pem
fi
# start NAME [ENV=VALUE...]: BIN serve with its output in $WORK/NAME.log; sets PORT and PID;
# records a failure and returns false if it does not answer /healthz.
start() {
    local name=$1; shift
    PORT=$(free_port)
    env "${TLS_ENV[@]}" "$@" "$BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/$name.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    wait_ready "$SCHEME://127.0.0.1:$PORT/healthz" "$PID" || { fail "$name: server did not start"; return 1; }
}
# metric PORT NAME_WITH_LABELS: its value on /metrics (0 when absent).
metric() {
    curl "${CURL_TLS[@]}" -sS --max-time 5 "$SCHEME://127.0.0.1:$1/metrics" \
        | awk -v m="$2" 'index($0, m " ") == 1 {v = $2} END {printf "%d\n", v}'
}
# judge NAME JSON PYTHON_EXPRESSION: PASS when the expression over `d` (the JSON) holds.
judge() {
    if python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if ($3) else 1)" "$2" 2>/dev/null; then
        pass "$1$OVER: $2"
    else
        fail "$1$OVER: $2"
    fi
}
# expect_no_open_connections PORT: after the checks, the only connection open is the one
# asking /metrics (none leaked).
expect_no_open_connections() {
    local open
    open=$(metric "$1" http_open_connections)
    if [[ $open == 1 ]]; then pass "no connection leaked$OVER: http_open_connections $open after the checks"
    else fail "connections leaked$OVER: http_open_connections $open after the checks (want 1)"; fi
}
