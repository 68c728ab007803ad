#!/usr/bin/env python3
"""Loopback clients for scripts/hostile/limits.sh: each subcommand tries one of the server's
limits (timeouts, connection cap, head sizes, pipelining, half-close) and prints one JSON object
of figures; the shell script judges them. Plain HTTP, or HTTPS when HOSTILE_TLS_CA is set (the
connection helpers of server_clients.py). Everything is bounded in count and time."""
import json
import select
import socket
import ssl
import sys
import threading
import time

from server_clients import connect, get, read_response


def until_closed(s, limit):
    """Reads (and discards) until the server ends the connection. Returns (seconds waited,
    bytes read, how it ended: "eof", "reset" or "open" when `limit` passed first)."""
    start = time.monotonic()
    total = 0
    while True:
        left = limit - (time.monotonic() - start)
        if left <= 0:
            return time.monotonic() - start, total, "open"
        s.settimeout(left)
        try:
            chunk = s.recv(65536)
        except (socket.timeout, ssl.SSLWantReadError):
            continue
        except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
            return time.monotonic() - start, total, "reset"
        except OSError:
            return time.monotonic() - start, total, "reset"
        if not chunk:
            return time.monotonic() - start, total, "eof"
        total += len(chunk)


def status_of(s, limit=10.0):
    """The status of the one response the server sends before it closes (None if none)."""
    s.settimeout(limit)
    try:
        return read_response(s)[0]
    except (EOFError, OSError):
        return None


def probe_latency(port, stop, worst):
    """GET /healthz on new connections every 0.2 s until `stop` is set; the slowest in ms."""
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            ok = get(port, "/healthz")[0] == 200
        except (EOFError, OSError):
            ok = False
        worst[0] = max(worst[0], (time.monotonic() - t0) * 1000 if ok else 1e9)
        stop.wait(0.2)


def run_clients(count, work):
    """`work(i)` in `count` threads; their results in order."""
    results = [None] * count

    def one(i):
        try:
            results[i] = work(i)
        except (EOFError, OSError) as error:
            results[i] = {"error": repr(error)}

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def summary(results, key="status"):
    """Counts of each value of `key`, and the range of `closedAfterS`."""
    counts = {}
    for r in results:
        value = str(r.get(key, r.get("error")))
        counts[value] = counts.get(value, 0) + 1
    times = [r["closedAfterS"] for r in results if "closedAfterS" in r]
    return {"clients": len(results), key: counts,
            "closedAfterS": [round(min(times), 2), round(max(times), 2)] if times else None}


def cmd_slowhead(port, clients, seconds):
    """Slowloris: each client sends a request line, then one header byte every 0.25 s and
    never ends the head (one thread per client, never reading and writing at once: an SSL
    object is not safe for that). The status each gets and when, from its first byte;
    /healthz on new connections meanwhile."""
    stop = threading.Event()
    worst = [0.0]
    prober = threading.Thread(target=probe_latency, args=(port, stop, worst))
    prober.start()

    def work(_):
        s = connect(port)
        start = time.monotonic()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        try:
            while time.monotonic() - start < seconds:
                if select.select([s], [], [], 0.25)[0]:
                    break  # the server answers (or closes)
                s.sendall(b"a")
        except OSError:
            pass
        status = status_of(s, 5)
        result = {"status": status, "closedAfterS": time.monotonic() - start}
        s.close()
        return result

    results = run_clients(clients, work)
    stop.set()
    prober.join()
    out = summary(results)
    out["healthzMaxMs"] = round(worst[0], 1)
    print(json.dumps(out))


def cmd_stalledbody(port, clients, seconds):
    """`clients` POSTs announce 1,000 body bytes, send 10 and stop: the status each gets and
    when, measured from the last byte sent."""
    def work(_):
        s = connect(port)
        s.sendall(b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n{\"a\":     ")
        start = time.monotonic()
        status = status_of(s, seconds)
        answered = time.monotonic() - start
        _, _, then = until_closed(s, 3)
        s.close()
        return {"status": status, "closedAfterS": answered, "then": then}

    print(json.dumps(summary(run_clients(clients, work))))


def cmd_idle(port, seconds):
    """A keep-alive connection silent after one response, and one that never sends a request
    (over TLS: the handshake done): when the server closes each, from the last byte."""
    kept = connect(port)
    get(port, "/healthz", kept)
    start = time.monotonic()
    after_response, _, how_kept = until_closed(kept, seconds)
    silent = connect(port)
    start = time.monotonic()
    after_connect, _, how_silent = until_closed(silent, seconds)
    kept.close()
    silent.close()
    print(json.dumps({"afterResponseS": round(after_response, 2), "afterResponse": how_kept,
                      "neverSentS": round(after_connect, 2), "neverSent": how_silent}))


def cmd_writestall(port, clients, pipelined, seconds):
    """`clients` connections with a 4 KiB receive buffer pipeline `pipelined`
    GET /openapi.json and read nothing for `seconds`; then read what is left. Closed by the
    server = it ended the connection before every response was written."""
    request = b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n" * pipelined

    def work(_):
        s = connect(port, rcvbuf=4096)
        s.sendall(request)
        start = time.monotonic()
        _, size, how = until_closed(s, 0.05)  # a first look: the answers are flowing
        time.sleep(max(0.0, seconds - (time.monotonic() - start)))
        _, more, how = until_closed(s, 5)
        s.close()
        return {"end": how, "bytes": size + more}

    results = run_clients(clients, work)
    out = summary(results, "end")
    out["bytesRead"] = [min(r.get("bytes", 0) for r in results), max(r.get("bytes", 0) for r in results)]
    # What all the answers would have been: one response's size times the requests.
    s = connect(port)
    s.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
    status, headers, body, _ = read_response(s)
    s.close()
    out["bytesIfAllAnswered"] = pipelined * (len(body) + 300)
    print(json.dumps(out))


def cmd_cap(port, limit):
    """`limit` connections held (each served one request); then one more: its status (plain)
    or how its handshake ended (TLS), and how fast; then 8 held ones close and a new client is
    served."""
    held = []
    for _ in range(limit):
        s = connect(port)
        get(port, "/healthz", s)
        held.append(s)
    start = time.monotonic()
    over = {}
    try:
        s = connect(port, timeout=5)
        over["handshake"] = "completed"
        over["status"] = status_of(s, 5)
        s.close()
    except (ssl.SSLError, ConnectionResetError, BrokenPipeError, EOFError) as error:
        over["handshake"] = type(error).__name__
    except OSError as error:
        over["handshake"] = type(error).__name__
    over["afterS"] = round(time.monotonic() - start, 3)
    for s in held[:8]:
        s.close()
    later = None
    for _ in range(20):  # the server counts the closes as it reads them
        time.sleep(0.05)
        try:
            later = get(port, "/healthz")[0]
            break
        except (EOFError, OSError):
            continue
    for s in held[8:]:
        s.close()
    print(json.dumps({"held": limit, "overTheCap": over, "afterClosingEight": later}))


def cmd_oversize(port):
    """Heads over the limits: the status of each, and whether the server still serves."""
    def ask(raw):
        s = connect(port)
        try:
            s.sendall(raw)
        except OSError:
            pass
        status = status_of(s)
        s.close()
        return status

    out = {
        "requestLine9000": ask(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        "headers40KiB": ask(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"b" * 40_000 + b"\r\n\r\n"),
        "headers101": ask(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n"),
        "head2MiBUnended": ask(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X: " + b"c" * (2 << 20)),
        "body2MiB": ask(b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 2097152\r\n\r\n"),
    }
    out["healthzAfter"] = get(port, "/healthz")[0]
    print(json.dumps(out))


def complete_responses(buf):
    """The statuses of the complete responses (with Content-Length) at the start of `buf`, and
    the bytes after them."""
    statuses = []
    while True:
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            return statuses, buf
        head = buf[:end].split(b"\r\n")
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(buf) < end + 4 + length:
            return statuses, buf
        statuses.append(int(head[0].split()[1]))
        buf = buf[end + 4 + length:]


def cmd_pipeline(port, count):
    """`count` GET /healthz pipelined on one connection, written while the answers are read
    (one thread, non-blocking, as an SSL object allows): how many came back, all 200, and how
    long it took."""
    s = connect(port, timeout=30)
    requests = b"".join(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-N: %d\r\n\r\n" % i for i in range(count))
    start = time.monotonic()
    s.setblocking(False)
    sent = answered = ok = 0
    buf = b""
    errors = []
    while answered < count and time.monotonic() - start < 30:
        want_write = [s] if sent < len(requests) else []
        readable, writable, _ = select.select([s], want_write, [], 5)
        if not readable and not writable:
            errors.append("no progress for 5 s")
            break
        try:
            if writable:
                sent += s.send(requests[sent:sent + 16384])
        except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
            pass
        except OSError as error:
            errors.append(repr(error))
            break
        try:
            while True:  # everything decrypted, not only what select saw
                chunk = s.recv(65536)
                if not chunk:
                    errors.append("eof")
                    break
                buf += chunk
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            pass
        except OSError as error:
            errors.append(repr(error))
            break
        statuses, buf = complete_responses(buf)
        answered += len(statuses)
        ok += statuses.count(200)
        if errors:
            break
    s.close()
    print(json.dumps({"pipelined": count, "answered": answered, "ok": ok,
                      "seconds": round(time.monotonic() - start, 2), "errors": errors[:3]}))


def cmd_halfclose(port):
    """GET /tables/moe-vs-dense, then the client shuts its sending side (TCP half-close, no
    TLS close_notify): the whole response still arrives, then the server closes."""
    s = connect(port)
    s.sendall(b"GET /tables/moe-vs-dense HTTP/1.1\r\nHost: x\r\n\r\n")
    socket.socket.shutdown(s, socket.SHUT_WR)  # the TCP socket itself, under any TLS layer
    result = {}
    try:
        status, headers, body, rest = read_response(s)
        result = {"status": status, "bodyBytes": len(body), "contentLength": int(headers.get("content-length", -1))}
        _, extra, how = until_closed(s, 5)
        result["then"] = how
        result["extraBytes"] = extra + len(rest)
    except (EOFError, OSError) as error:
        result["error"] = repr(error)
    s.close()
    print(json.dumps(result))


if __name__ == "__main__":
    name, args = sys.argv[1], [float(a) if "." in a else int(a) for a in sys.argv[2:]]
    commands = {"slowhead": cmd_slowhead, "stalledbody": cmd_stalledbody, "idle": cmd_idle,
                "writestall": cmd_writestall, "cap": cmd_cap, "oversize": cmd_oversize,
                "pipeline": cmd_pipeline, "halfclose": cmd_halfclose}
    if name not in commands:
        sys.exit(f"unknown command {name}")
    commands[name](*args)
