#!/usr/bin/env python3
"""Loopback clients for scripts/hostile/server.sh. Each subcommand prints one JSON object of
figures on its last line; the shell script judges them. Everything is bounded in count and time.
With HOSTILE_TLS_CA set (scripts/hostile/lib.bash in TLS mode) every client speaks HTTPS,
verifying the server against that CA."""
import json
import os
import socket
import ssl
import sys
import threading
import time

TLS_CA = os.environ.get("HOSTILE_TLS_CA")
_tls_context = []


def tls_context():
    """The client context in TLS mode (one, shared), else None."""
    if TLS_CA and not _tls_context:
        _tls_context.append(ssl.create_default_context(cafile=TLS_CA))
    return _tls_context[0] if TLS_CA else None


def connect(port, timeout=10.0, rcvbuf=None):
    """A connected socket (after the TLS handshake in TLS mode). `rcvbuf` shrinks the receive
    buffer before connecting (a client that reads slowly or never)."""
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    try:
        s.connect(("127.0.0.1", port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        context = tls_context()
        return context.wrap_socket(s, server_hostname="localhost") if context else s
    except BaseException:
        s.close()
        raise


def read_response(s, buf=b""):
    """One HTTP/1.1 response with Content-Length; returns (status, headers, body, rest).
    Raises EOFError when the connection ends before a complete response."""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("eof before head")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().lower().decode()] = v.strip().decode()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("eof in body")
        rest += chunk
    return status, headers, rest[:length], rest[length:]


def get(port, path, s=None):
    own = s is None
    if own:
        s = connect(port)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    status, headers, body, _ = read_response(s)
    if own:
        s.close()
    return status, headers, body


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def slow_body(items):
    """The worst body shape seen: many array items, each invalid."""
    return b'{"approaches":[' + b",".join([b'{"share":2}'] * items) + b"]}"


def cmd_latency(port, slow_count, items, probes):
    """While `slow_count` large POST /compare requests are being handled, /healthz on a kept
    connection and on new connections: latency figures and completion order."""
    body = slow_body(items)
    done_at = []
    lock = threading.Lock()

    def slow():
        try:
            s = connect(port, timeout=120)
            s.sendall(b"POST /compare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            read_response(s)
            s.close()
        except Exception:
            pass
        with lock:
            done_at.append(time.monotonic())

    kept = connect(port)
    get(port, "/healthz", kept)
    threads = [threading.Thread(target=slow, daemon=True) for _ in range(slow_count)]
    for t in threads:
        t.start()
    time.sleep(0.3)  # the bodies are sent and being handled
    kept_ms, new_ms = [], []
    for _ in range(probes):
        try:
            t0 = time.monotonic()
            get(port, "/healthz", kept)
            kept_ms.append((time.monotonic() - t0) * 1000)
            t0 = time.monotonic()
            get(port, "/healthz")
            new_ms.append((time.monotonic() - t0) * 1000)
        except OSError:
            # No answer within the socket timeout (10 s): recorded as such, probing ends.
            kept_ms.append(10000.0)
            new_ms.append(10000.0)
            break
        time.sleep(0.02)
    probes_done = time.monotonic()
    with lock:
        slow_finished_before = sum(1 for t in done_at if t < probes_done)
    kept_ms.sort()
    new_ms.sort()
    print(json.dumps({
        "slowRequests": slow_count, "slowBodyBytes": len(body), "probes": probes,
        "keptMedianMs": round(kept_ms[len(kept_ms) // 2], 2), "keptMaxMs": round(kept_ms[-1], 2),
        "newMedianMs": round(new_ms[len(new_ms) // 2], 2), "newMaxMs": round(new_ms[-1], 2),
        "slowFinishedBeforeProbes": slow_finished_before,
    }))


def cmd_nonreaders(port, pid, count, pipelined, hold):
    """`count` clients each pipeline `pipelined` GET /openapi.json and never read; RSS of the
    server idle, while they hold, and after they close."""
    idle = rss_kib(pid)
    request = b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n" * pipelined
    socks = []
    for _ in range(count):
        s = connect(port, rcvbuf=4096)
        s.setblocking(False)
        try:
            s.send(request)
        except (BlockingIOError, ssl.SSLWantWriteError):
            pass
        socks.append(s)
    peak = idle
    end = time.monotonic() + hold
    while time.monotonic() < end:
        peak = max(peak, rss_kib(pid))
        time.sleep(0.1)
    try:
        alive = get(port, "/healthz")[0] == 200
    except OSError as error:
        alive = f"no answer: {error!r}"
    for s in socks:
        s.close()
    time.sleep(3)
    after = rss_kib(pid)
    print(json.dumps({"clients": count, "pipelinedEach": pipelined, "idleKiB": idle, "peakKiB": peak,
                      "afterKiB": after, "healthzWhileHeld": alive}))


def cmd_load(port, total, conns):
    """`total` GET /healthz over `conns` keep-alive connections; figures on failures and the
    slowest request."""
    per = total // conns
    results = {"ok": 0, "failed": 0, "maxMs": 0.0}
    deadline = time.monotonic() + 60  # requests not sent by then count as failed
    lock = threading.Lock()

    def worker():
        ok = failed = 0
        worst = 0.0
        try:
            s = connect(port, timeout=5)
        except OSError:
            with lock:
                results["failed"] += per
            return
        for i in range(per):
            if time.monotonic() > deadline:
                failed += per - i
                break
            t0 = time.monotonic()
            try:
                status, _, _ = get(port, "/healthz", s)
                ok += status == 200
                failed += status != 200
            except Exception:
                failed += 1
                try:
                    s.close()
                    s = connect(port, timeout=5)
                except OSError:
                    pass
            worst = max(worst, (time.monotonic() - t0) * 1000)
        s.close()
        with lock:
            results["ok"] += ok
            results["failed"] += failed
            results["maxMs"] = round(max(results["maxMs"], worst), 1)

    threads = [threading.Thread(target=worker) for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    print(json.dumps(results))


def cmd_trickle(port, seconds):
    """A POST whose body arrives one byte every 0.5 s (a request in flight that never ends)."""
    s = connect(port, timeout=seconds + 5)
    s.sendall(b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            s.sendall(b" ")
            time.sleep(0.5)
    except OSError:
        pass


def cmd_keepalive(port, clients, signal_pid, signal_after, limit):
    """`clients` busy keep-alive clients; SIGTERM to `signal_pid` after `signal_after` s.
    A request is lost when it was written on an open connection (one whose last response
    did not say `Connection: close`) and no complete response came back."""
    import signal as sig
    counts = {"sent": 0, "answered": 0, "lost": 0, "closeHeaders": 0, "refused": 0, "losses": []}
    signalled = [0.0]
    lock = threading.Lock()
    stop_at = time.monotonic() + limit
    request = b"GET /tables/moe-vs-dense HTTP/1.1\r\nHost: x\r\n\r\n"

    def worker():
        sent = answered = lost = closes = 0
        losses = []
        s = None
        on_connection = 0
        while time.monotonic() < stop_at:
            if s is None:
                try:
                    s = connect(port, timeout=10)
                    on_connection = 0
                except OSError:
                    with lock:
                        counts["refused"] += 1
                    break  # the listener is closed: this client is done
            try:
                s.sendall(request)
                sent += 1
                status, headers, _, _ = read_response(s)
                answered += 1
                on_connection += 1
                if headers.get("connection", "").lower() == "close":
                    closes += 1
                    s.close()
                    s = None
            except (EOFError, OSError) as error:
                lost += 1
                # What, when (s after the signal) and on which request of its connection.
                losses.append(f"{error!r} at {time.monotonic() - signalled[0]:+.3f}s, request {on_connection + 1}")
                s.close()
                s = None
        if s is not None:
            s.close()
        with lock:
            counts["sent"] += sent
            counts["answered"] += answered
            counts["lost"] += lost
            counts["closeHeaders"] += closes
            counts["losses"] += losses

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    time.sleep(signal_after)
    signalled[0] = time.monotonic()
    os.kill(signal_pid, sig.SIGTERM)
    for t in threads:
        t.join(limit + 5)
    counts["clients"] = clients
    print(json.dumps(counts))


if __name__ == "__main__":
    name, args = sys.argv[1], [int(a) if a.lstrip("-").isdigit() else a for a in sys.argv[2:]]
    if name == "latency":
        cmd_latency(*args)
    elif name == "nonreaders":
        cmd_nonreaders(*args)
    elif name == "load":
        cmd_load(*args)
    elif name == "trickle":
        cmd_trickle(*args)
    elif name == "keepalive":
        cmd_keepalive(*args[:3], float(args[3]), args[4])
    else:
        sys.exit(f"unknown command {name}")
