#!/usr/bin/env bash
# Hostile checks of the API (docs/limits.md): the client address through real HAProxy and
# nginx (a client-sent X-Forwarded-For / Forwarded must not be what the access log records),
# the bodies of issue 9 (bounded answers), JSON names by code units, and a Public/ holding
# symlinks to itself. One "PASS"/"FAIL" line per check, then "N passed, N failed".
#
#   usage: scripts/hostile/api.sh BINARY      (also run by scripts/hostile.sh)
#
# Installs haproxy and nginx from Debian when missing. Every server runs on a free loopback
# port and is stopped by PID. The client connects from 127.0.0.2 and the proxies from
# 127.0.0.1 (the only trusted hop), so the real client is told apart from the proxy.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(realpath -m "${1:?usage: $0 BINARY}")
[[ -x $BIN ]] || { echo "no executable at $BIN"; exit 2; }
cd "$ROOT"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=lib.bash
source "$ROOT/scripts/hostile/lib.bash"
# serve NAME [ENV=VALUE...]: start (lib.bash) with the access log as JSON, which client_of reads.
serve() { local name=$1; shift; start "$name" CONVERGENCE_LOG_FORMAT=json "$@"; }
# client_of LOG REQUEST_ID: the "client" the access log recorded for that request.
client_of() {
    sleep 0.3  # the log sink flushes on an interval
    python3 - "$1" "$2" <<'PY'
import json, sys
for line in open(sys.argv[1], errors="replace"):
    try: entry = json.loads(line)
    except ValueError: continue
    if entry.get("requestId") == sys.argv[2]: print(entry.get("client", "")); break
PY
}
# expect_client NAME LOG ID: the log must name 127.0.0.2 (where curl connected from).
expect_client() {
    local got
    got=$(client_of "$2" "$3")
    if [[ $got == 127.0.0.2 ]]; then pass "$1: logged client $got"; else fail "$1: logged client '${got}', want 127.0.0.2"; fi
}
send() { curl -sS -o /dev/null --interface 127.0.0.2 --max-time 10 "$@"; }

# --- proxies ------------------------------------------------------------------------------
if ! command -v haproxy >/dev/null || ! command -v nginx >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy nginx) >"$WORK/apt.log" 2>&1 \
        || { cat "$WORK/apt.log"; fail "apt-get install haproxy nginx"; }
fi
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if serve xff CONVERGENCE_PROXY_TRUSTED=127.0.0.1 CONVERGENCE_PROXY_HEADER=x-forwarded-for; then
    XFF_PORT=$PORT
else
    XFF_PORT=0
fi
if serve fwd CONVERGENCE_PROXY_TRUSTED=127.0.0.1 CONVERGENCE_PROXY_HEADER=forwarded; then
    FWD_PORT=$PORT
else
    FWD_PORT=0
fi

# HAProxy: `option forwardfor` adds its own X-Forwarded-For line after the client's.
HA_PORT=$(free_port)
cat >"$WORK/haproxy.cfg" <<EOF
global
    maxconn 64
defaults
    mode http
    timeout connect 5s
    timeout client 10s
    timeout server 10s
frontend api
    bind 127.0.0.1:$HA_PORT
    option forwardfor
    default_backend service
backend service
    server s1 127.0.0.1:$XFF_PORT source 127.0.0.1
EOF
"$HAPROXY" -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HA_PID=$!
PIDS+=("$HA_PID")
if wait_ready "http://127.0.0.1:$HA_PORT/healthz" "$HA_PID"; then
    send -H 'X-Forwarded-For: 6.6.6.6' -H 'X-Request-ID: ha-xff' "http://127.0.0.1:$HA_PORT/healthz"
    expect_client "HAProxy, client X-Forwarded-For: 6.6.6.6 (two field lines)" "$WORK/xff.log" ha-xff
    send -H 'Forwarded: for=6.6.6.6' -H 'X-Request-ID: ha-fwd' "http://127.0.0.1:$HA_PORT/healthz"
    expect_client "HAProxy, client Forwarded: for=6.6.6.6" "$WORK/xff.log" ha-fwd
else
    fail "haproxy did not start: $(tail -3 "$WORK/haproxy.log")"
fi

# nginx: appends to X-Forwarded-For (one line) but passes the client's Forwarded through; a
# second location sets Forwarded itself for the service that reads that header.
NG_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$NG_PORT;
        location /fwd/ {
            proxy_pass http://127.0.0.1:$FWD_PORT/;
            proxy_bind 127.0.0.1;
            proxy_set_header Forwarded "for=\$remote_addr";
        }
        location / {
            proxy_pass http://127.0.0.1:$XFF_PORT;
            proxy_bind 127.0.0.1;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/stdout.log" 2>&1 &
NG_PID=$!
PIDS+=("$NG_PID")
if wait_ready "http://127.0.0.1:$NG_PORT/healthz" "$NG_PID"; then
    send -H 'X-Forwarded-For: 6.6.6.6' -H 'X-Request-ID: ng-xff' "http://127.0.0.1:$NG_PORT/healthz"
    expect_client "nginx, client X-Forwarded-For: 6.6.6.6 (appended)" "$WORK/xff.log" ng-xff
    send -H 'Forwarded: for=6.6.6.6' -H 'X-Request-ID: ng-fwd' "http://127.0.0.1:$NG_PORT/healthz"
    expect_client "nginx, client Forwarded: for=6.6.6.6 (passed through)" "$WORK/xff.log" ng-fwd
    send -H 'X-Forwarded-For: 6.6.6.6' -H 'Forwarded: for=6.6.6.6' -H 'X-Request-ID: ng-set-fwd' "http://127.0.0.1:$NG_PORT/fwd/healthz"
    expect_client "nginx setting Forwarded, proxy.header forwarded, client sends both" "$WORK/fwd.log" ng-set-fwd
else
    fail "nginx did not start: $(tail -3 "$WORK/nginx/error.log" 2>/dev/null)"
fi

# Straight to the service from an untrusted address: its headers are not believed.
send -H 'X-Forwarded-For: 6.6.6.6' -H 'X-Request-ID: direct' "http://127.0.0.1:$XFF_PORT/healthz"
expect_client "direct from an untrusted peer with X-Forwarded-For: 6.6.6.6" "$WORK/xff.log" direct

# --- bodies (issue 9) ------------------------------------------------------------------------
# post NAME PATH BODYFILE WANT_STATUS: the status, a problem under 64 KiB, an answer within 10 s.
post() {
    local name=$1 path=$2 file=$3 want=$4 out status size
    out=$(curl -sS -o "$WORK/answer" -w '%{http_code} %{size_download} %{time_total}' --max-time 10 \
        -H 'Content-Type: application/json' --data-binary "@$file" "http://127.0.0.1:$XFF_PORT$path" 2>&1)
    read -r status size _ <<<"$out"
    if [[ $status == "$want" && ( $want == 200 || $size -le 65536 ) ]]; then
        pass "$name: $status, $size bytes"
    else
        fail "$name: got '$out', want $want with a body of at most 65536 bytes"
    fi
}
python3 - "$WORK" <<'PY'
import sys
w = sys.argv[1]
def put(name, text): open(f"{w}/{name}", "w").write(text)
put("approaches4000", '{"approaches":[' + ",".join(["{}"] * 4000) + "]}")
put("share8000", '{"approaches":[' + ",".join(['{"share":2}'] * 8000) + "]}")
put("share1000", '{"approaches":[' + ",".join(['{"share":2}'] * 1000) + "]}")
put("empty1mib", "[" + ",".join(["{}"] * ((1024 * 1024 - 2) // 3)) + "]")
put("empty1000", "[" + ",".join(["{}"] * 1000) + "]")
put("cafe", '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"café":1,"cafe\\u0301":2}')
PY
if [[ $XFF_PORT != 0 ]]; then
    post "POST /compare 4,000 {} approaches (over limits.batchItems)" /compare "$WORK/approaches4000" 413
    post 'POST /compare 8,000 {"share":2}' /compare "$WORK/share8000" 413
    post 'POST /compare 1,000 {"share":2} (2,000 problems, capped)' /compare "$WORK/share1000" 422
    post "POST /score 1 MiB batch of {}" /score "$WORK/empty1mib" 413
    post "POST /score 1,000 {} (3,000 problems, capped)" /score "$WORK/empty1000" 422
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["errors"])==100 and d["moreErrors"]==2900 else 1)' "$WORK/answer" 2>/dev/null; then
        pass "422 lists the first 100 problems and moreErrors 2900"
    else
        fail "422 problem list not capped: $(head -c 300 "$WORK/answer")"
    fi
    post 'POST /score {"café":1,"cafe\u0301":2} (two members)' /score "$WORK/cafe" 200
    if grep -q '"unused":\["café","cafe' "$WORK/answer"; then pass "both names listed as unused"; else fail "unused: $(head -c 300 "$WORK/answer")"; fi
    curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$XFF_PORT/healthz" | grep -q 200 \
        && pass "still serving after the hostile bodies" || fail "not serving after the hostile bodies"
fi

# --- Public/ with two symlinks to itself --------------------------------------------------
cp -r "$ROOT/Public" "$WORK/public"
ln -s . "$WORK/public/a"
ln -s . "$WORK/public/b"
if serve cycles CONVERGENCE_PATHS_PUBLIC="$WORK/public"; then
    CY_PID=$PID
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" && pass "Public/ with two symlinks to .: listening and serving /" \
        || fail "Public/ with two symlinks to .: / not served"
    kill -HUP "$CY_PID"
    sleep 1
    if curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/" && grep -q '"message":"reloaded"' "$WORK/cycles.log"; then
        pass "Public/ with two symlinks to .: reload finishes"
    else
        fail "Public/ with two symlinks to .: reload did not finish"
    fi
    rm -rf "$WORK/public"
    kill -HUP "$CY_PID"
    sleep 1
    if curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/" \
        && curl -sS "http://127.0.0.1:$PORT/metrics" | grep -q 'convergence_reloads_total{result="failure"} 1'; then
        pass "Public/ removed: reload refused and counted, / still served"
    else
        fail "Public/ removed: the files were lost or the failure not counted"
    fi
else
    fail "Public/ with two symlinks to .: the server never started listening"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
