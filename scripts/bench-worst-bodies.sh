#!/usr/bin/env bash
# CPU and peak memory of the worst request bodies the limits allow (docs/limits.md): each
# shape is generated up to the 1 MiB body limit (or at limits.batchItems), posted N times
# on one keep-alive connection to a fresh release server pinned to one core, and the server's
# CPU per request is read from /proc/PID/task/*/schedstat (nanoseconds on CPU, every thread).
# Peak RSS is VmHWM of that fresh server before and after the shape. A benchmark, not a test:
# it prints figures and never fails on them.
#
#   scripts/bench-worst-bodies.sh [BINARY] [REPEATS] [MATCH]
#   (BINARY defaults to .build/release/convergence: swift build -c release --product convergence;
#   MATCH: only the shapes whose name contains it)
set -euo pipefail
BIN=${1:-.build/release/convergence}
REPEATS=${2:-20}
MATCH=${3:-}
[[ -x "$BIN" ]] || { echo "no executable at $BIN (swift build -c release --product convergence)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
cd "$(dirname "$0")/.."   # the server reads config/ and Public/ from the repository

exec python3 - "$BIN" "$REPEATS" "$MATCH" <<'PY'
import http.client, json, os, socket, subprocess, sys, tempfile, time

BIN, REPEATS, MATCH = sys.argv[1], int(sys.argv[2]), sys.argv[3]
LIMIT = 1024 * 1024          # limits.bodyBytes
ITEMS = 1000                 # limits.batchItems

def fill(prefix, item, suffix, limit=LIMIT, count=None):
    """prefix + item,item,… + suffix: `count` items, or as many as fit in `limit` bytes."""
    n = count if count is not None else (limit - len(prefix) - len(suffix) + 1) // (len(item) + 1)
    return prefix + ",".join([item] * n) + suffix

def members(prefix, suffix, value="0", limit=LIMIT):
    out, i, size = [], 0, len(prefix) + len(suffix)
    while True:
        m = f'"m{i}":{value}'
        if size + len(m) + 1 > limit: break
        out.append(m); size += len(m) + 1; i += 1
    return prefix + ",".join(out) + suffix

def nested():
    one = "[" * 63 + "]" * 63           # 63 deep inside the batch array: 64 levels in all
    return fill("[", one, "]")

def nested_objects(name, count=None):
    """Batch items of objects 62 deep, one member each: 63 values an item, so 1,000 items stay
    within the 64,000 values (every one is parsed and built)."""
    one = ('{"' + name + '":') * 62 + "0" + "}" * 62
    return fill("[", one, "]", count=count)

def wide_objects():
    """Objects of 1,000 members whose 16-byte names are each a string of their own."""
    one = "{" + ",".join(f'"k{i:015}":0' for i in range(ITEMS)) + "}"
    return fill("[", one, "]")

SHAPES = [
    # (name, path, body)
    ("compare 4,000 {} approaches (issue: 1.4 s)", "/compare", fill('{"approaches":[', "{}", "]}", count=4000)),
    ("compare 1,000 {} approaches", "/compare", fill('{"approaches":[', "{}", "]}", count=ITEMS)),
    ('compare 8,000 {"share":2} (issue: 11 s)', "/compare", fill('{"approaches":[', '{"share":2}', "]}", count=8000)),
    ('compare 1,000 {"share":2}', "/compare", fill('{"approaches":[', '{"share":2}', "]}", count=ITEMS)),
    ("compare 1,000 {} items", "/compare", fill('{"items":[', "{}", "]}", count=ITEMS)),
    ("compare 1,000 valid items", "/compare", fill('{"items":[', '{"adoption":0.5,"standardization":0.6,"controversy":0.3}', "]}", count=ITEMS)),
    ("score 1 MiB batch of {} (issue: 74 MB 422)", "/score", fill("[", "{}", "]")),
    ("score 1,000 {}", "/score", fill("[", "{}", "]", count=ITEMS)),
    ("score 1,000 technologies", "/score", fill("[", '{"technology":"rlhf"}', "]", count=ITEMS)),
    ("classify 1,000 technologies", "/classify", fill("[", '{"technology":"moe-vs-dense"}', "]", count=ITEMS)),
    ("classify 1,000 distinct points", "/classify", "[" + ",".join(
        f'{{"adoption":{(i % 97) / 97:.4f},"standardization":{(i % 89) / 89:.4f},"controversy":{(i % 83) / 83:.4f},"maturity":{(i % 79) / 79:.4f},"model":"extended"}}'
        for i in range(ITEMS)) + "]"),
    ("score 1,000 unknown 1 KiB ids", "/score", fill("[", '{"technology":"' + "x" * 1000 + '"}', "]", count=ITEMS - 30)),
    ("score 1 MiB of 64-deep arrays", "/score", nested()),
    ("score 1,000 items of 63-deep arrays", "/score", fill("[", "[" * 62 + "]" * 62, "]", count=ITEMS)),
    ("score 1,000 items of 62-deep objects", "/score", nested_objects("a", count=ITEMS)),
    ("score 1 MiB of 62-deep objects, 20-byte names", "/score", nested_objects("n" * 20)),
    ("score 1 MiB of 1,000-member objects", "/score", wide_objects()),
    ("score 1 MiB string", "/score", '{"technology":"' + "x" * (LIMIT - 20) + '"}'),
    ("score 1 MiB of \\u escapes", "/score", '{"technology":"' + "\\u00e9" * ((LIMIT - 20) // 6) + '"}'),
    ("score 1 MiB of members", "/score", members('{"adoption":0.5,"standardization":0.5,"controversy":0.5,', "}")),
    ("score 1 MiB of weights", "/score", members('{"weights":{', '}}', "0.001")),
    ("score 1 MiB of numbers", "/score", fill("[", "0.123456789", "]")),
    ("score 1 MiB of slow-path numbers", "/score", fill("[", "1.2345678901234567e-300", "]")),
    ("score one 1 MiB number", "/score", '{"adoption":0.' + "1" * (LIMIT - 20) + "}"),
    ("score duplicate 0.5 MiB names", "/score", '{"' + "k" * (LIMIT // 2 - 10) + '":1,"' + "k" * (LIMIT // 2 - 10) + '":2}'),
    ("score 349 lists of 1,000 {}", "/score", fill("[", fill("[", "{}", "]", count=1000), "]", count=349)),
    ("score 1,000 items of 63 values", "/score", fill("[", "[" + ",".join(["0"] * 62) + "]", "]", count=ITEMS)),
    ("score 15 lists of 1,000 numbers", "/score", fill("[", fill("[", "0.1234567", "]", count=1000), "]", count=15)),
    ("GET /calculators/load-imbalance 2,000 loads", "GET", "/calculators/load-imbalance?loads=" + ",".join(["0"] * 2000)),
    ("load-imbalance 1,000 loads", "/calculators/load-imbalance", fill('{"loads":[', "0.001", "]}", count=ITEMS)),
    ("load-imbalance 1,000 bad loads", "/calculators/load-imbalance", fill('{"loads":[', '"x"', "]}", count=ITEMS)),
    ("load-imbalance 1 MiB loads", "/calculators/load-imbalance", fill('{"loads":[', "0", "]}")),
]

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def cpu_ns(pid):
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f: total += int(f.read().split()[0])
        except FileNotFoundError: pass
    return total

def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"): return int(line.split()[1])
    return 0

def start():
    port = free_port()
    log = tempfile.TemporaryFile()
    env = dict(os.environ, CONVERGENCE_LOG_ACCESS="false")
    p = subprocess.Popen(["taskset", "-c", "0", BIN, "serve", "--host", "127.0.0.1", "--port", str(port)],
                         stdout=log, stderr=log, env=env)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30); c.request("GET", "/healthz"); c.getresponse().read(); c.close()
            return p, port
        except OSError: time.sleep(0.05)
    p.kill(); raise SystemExit("server did not start")

def post(conn, path, body):
    if path == "GET":   # the body is the target of a GET
        conn.request("GET", body.decode())
    else:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    r = conn.getresponse(); data = r.read()
    return r.status, len(data)

os.sched_setaffinity(0, {1}) if os.cpu_count() and os.cpu_count() > 1 else None
print(f"{'shape':48} {'body':>9} {'status':>6} {'answer':>8} {'CPU ms/req':>10} {'peak RSS +MiB':>13}")
for name, path, text in SHAPES:
    if MATCH not in name: continue
    body = text.encode()
    assert len(body) <= LIMIT, (name, len(body))
    p, port = start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(3): conn.request("GET", "/healthz"); conn.getresponse().read()
        hwm0 = status_kib(p.pid, "VmHWM")
        status, size = post(conn, path, body)           # warm-up, counted for memory only
        before = cpu_ns(p.pid)
        for _ in range(REPEATS): post(conn, path, body)
        ms = (cpu_ns(p.pid) - before) / REPEATS / 1e6
        hwm = status_kib(p.pid, "VmHWM")
        conn.close()
        print(f"{name:48} {len(body):>9} {status:>6} {size:>8} {ms:>10.2f} {(hwm - hwm0) / 1024:>13.1f}")
    finally:
        p.terminate()
        try: p.wait(10)
        except subprocess.TimeoutExpired: p.kill(); p.wait()
PY
