# Sourced by scripts/hostile/*.sh (named .bash so scripts/hostile.sh does not run it as a
# check): check results and servers on free loopback ports. The
# sourcing script sets BIN, WORK and PIDS (its cleanup stops every PID in PIDS).
passed=0
failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # URL PID: until URL answers 2xx (10 s at most), false if PID exited first
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# start NAME [ENV=VALUE...]: BIN serve with its output in $WORK/NAME.log; sets PORT and PID;
# records a failure and returns false if it does not answer /healthz.
start() {
    local name=$1; shift
    PORT=$(free_port)
    env "$@" "$BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/$name.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    wait_ready "http://127.0.0.1:$PORT/healthz" "$PID" || { fail "$name: server did not start"; return 1; }
}
