#!/usr/bin/env bash
# nginx's user-space instructions per request, counted as scripts/bench/instructions.sh counts
# ours, so the two compare: nginx (one worker, no master, the benchmark's configuration from
# nginx.conf.in, access log off) under `valgrind --tool=callgrind`, sent $SMALL and then $LARGE
# requests by a Python client over 16 keep-alive connections, one request on every connection
# before reading the answers (as `ConvergenceBenchmarks round-trips` does); the difference
# divided by the difference in requests is the figure, start-up cancelled out.
#
#   usage: scripts/bench/nginx-instructions.sh [ROUTE...]     ROUTE: healthz table [both]
#
# The table route serves $TABLE_FILE (default: a 2,785-byte JSON file, the size of our
# /tables/moe-vs-dense answer; the bytes do not change nginx's count, sendfile sends them).
# With LOG=1 nginx writes its buffered access log (as scripts/bench.sh's nginx-log).
# Environment: NGINX_BIN [nginx], SMALL [2000], LARGE [12000], PORT [18599], OUT
# [bench-results/nginx-instructions].
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/bench
ROUTES=("$@")
((${#ROUTES[@]})) || ROUTES=(healthz table)
SMALL=${SMALL:-2000} LARGE=${LARGE:-12000} PORT=${PORT:-18599}
NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
OUT=${OUT:-$ROOT/bench-results/nginx-instructions}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[[ -x $NGINX_BIN ]] || { echo "needs nginx (apt-get install nginx)" >&2; exit 1; }
# shellcheck source=lib.sh
source "$HERE/lib.sh"
if [[ -z ${TABLE_FILE:-} ]]; then
    TABLE_FILE=$OUT/table.json
    python3 -c 'import sys; sys.stdout.write("{" + "\"x\":\"" + "a" * 2777 + "\"}")' > "$TABLE_FILE"
fi
write_nginx_conf "$OUT/nginx" "$PORT" "$TABLE_FILE" 1024 "${LOG:+on}"
# One process serving (no master), so callgrind sees the worker's own instructions.
sed -i -e 's/^master_process on;/master_process off;/' "$OUT/nginx/nginx.conf"

count() {  # count ROUTE N: callgrind's total for nginx serving N requests of ROUTE
    local route=$1 n=$2 path pid total
    path=/healthz
    [[ $route == table ]] && path=/tables/moe-vs-dense
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$route-$n.callgrind" \
        "$NGINX_BIN" -p "$OUT/nginx/" -c "$OUT/nginx/nginx.conf" >"$OUT/$route-$n.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
        sleep 0.1
    done
    python3 - "$PORT" "$path" "$n" <<'PY'
import socket, sys
port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
served = 0
while served < n:
    batch = conns[:min(16, n - served)]
    for c in batch: c.sendall(request)
    for c in batch:
        data = b""
        while True:
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0])
                if len(body) >= length: break
            chunk = c.recv(65536)
            if not chunk: sys.exit(f"nginx closed a connection after {served} answers")
            data += chunk
    served += len(batch)
PY
    kill -QUIT "$pid"
    wait "$pid" || true
    total=$(callgrind_annotate "$OUT/$route-$n.callgrind" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    echo "$total"
}
for route in "${ROUTES[@]}"; do
    small=$(count "$route" "$SMALL")
    large=$(count "$route" "$LARGE")
    echo "nginx $route${LOG:+ (access log on)}: $(( (large - small) / (LARGE - SMALL) )) instructions per request"
done
