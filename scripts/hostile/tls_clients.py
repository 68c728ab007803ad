#!/usr/bin/env python3
"""Hostile TLS clients for scripts/hostile/tls.sh: handshakes that stall, plain HTTP and other
bytes sent to the TLS port, a flood of handshakes (finished and abandoned), and garbage TLS
records before and after the handshake. Each subcommand prints one JSON object of figures; the
shell script judges them. HOSTILE_TLS_CA names the CA the clients trust. Everything is bounded
in count and time."""
import json
import os
import random
import select
import socket
import ssl
import struct
import sys
import threading
import time

from server_clients import connect, get, read_response, tls_context


def tcp(port, timeout=10.0):
    """A plain TCP connection to the TLS port (no handshake)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def client_hello():
    """The bytes of a real ClientHello (TLS 1.2 and 1.3, from Python's own OpenSSL)."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    session = tls_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        session.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def closed_after(s, limit):
    """Reads raw bytes (discarded) until the server closes: (seconds, how) with how "eof",
    "reset" or "open" when `limit` passed first."""
    start = time.monotonic()
    while True:
        left = limit - (time.monotonic() - start)
        if left <= 0:
            return time.monotonic() - start, "open"
        if not select.select([s], [], [], left)[0]:
            continue
        try:
            if not socket.socket.recv(s, 65536):
                return time.monotonic() - start, "eof"
        except OSError:
            return time.monotonic() - start, "reset"


def spread(values):
    return [round(min(values), 2), round(max(values), 2)] if values else None


def cmd_stall(port, each, limit):
    """3 x `each` handshakes that stall: a connection that sends nothing, one that sends half a
    record, one that sends a whole ClientHello and never answers the server's flight. When the
    server closes each, from its connect (every one at once, one thread each)."""
    hello = client_hello()
    kinds = {"silent": b"", "halfRecord": hello[:20], "clientHelloOnly": hello}
    results = {kind: [] for kind in kinds}
    lock = threading.Lock()

    def one(kind):
        s = tcp(port)
        start = time.monotonic()
        if kinds[kind]:
            s.sendall(kinds[kind])
        _, how = closed_after(s, limit)
        s.close()
        with lock:
            results[kind].append((time.monotonic() - start, how))

    threads = [threading.Thread(target=one, args=(kind,)) for kind in kinds for _ in range(each)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(limit + 10)
    out = {}
    for kind, rows in results.items():
        ends = {}
        for _, how in rows:
            ends[how] = ends.get(how, 0) + 1
        out[kind] = {"closedAfterS": spread([t for t, _ in rows]), "end": ends}
    print(json.dumps(out))


def cmd_plain(port):
    """Bytes that are not TLS sent to the TLS port: a plain HTTP request (a 400 saying so),
    an HTTP/2 preface, a lowercase word and binary junk: the answer and how fast the server
    closes each."""
    cases = {
        "http11": b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "h2Preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "lowercase": b"hello there\r\n\r\n",
        "binary": bytes([0, 1, 2, 3, 0xFF, 0xFE]) + b"junk" * 10,
    }
    out = {}
    for name, raw in cases.items():
        s = tcp(port)
        start = time.monotonic()
        s.sendall(raw)
        data = b""
        s.settimeout(5)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        s.close()
        first = data.split(b"\r\n", 1)[0].decode("latin-1")
        out[name] = {"closedAfterS": round(time.monotonic() - start, 3), "firstLine": first[:40],
                     "saysHTTPS": b"HTTPS" in data}
    print(json.dumps(out))


def cmd_flood(port, handshakes, threads, abandoned):
    """`handshakes` full handshakes, each followed by GET /healthz, and `abandoned` connections
    that send a ClientHello and close, from `threads` threads as fast as they go, while a kept
    TLS connection asks /healthz every 50 ms. Rates, failures and the kept connection's worst
    latency."""
    hello = client_hello()
    counts = {"served": 0, "failed": 0, "abandoned": 0, "errors": []}
    lock = threading.Lock()
    stop = threading.Event()
    kept_ms = []

    def keeper():
        s = connect(port)
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                get(port, "/healthz", s)
                kept_ms.append((time.monotonic() - t0) * 1000)
            except (EOFError, OSError) as error:
                kept_ms.append(1e9)
                with lock:
                    counts["errors"].append("kept: " + repr(error))
                s = connect(port)
            stop.wait(0.05)
        s.close()

    def worker(n_full, n_abandoned):
        served = failed = gone = 0
        errors = []
        for i in range(max(n_full, n_abandoned)):
            if i < n_full:
                try:
                    status = get(port, "/healthz")[0]
                    served += status == 200
                    failed += status != 200
                except (EOFError, OSError) as error:
                    failed += 1
                    errors.append(repr(error))
            if i < n_abandoned:
                try:
                    s = tcp(port)
                    s.sendall(hello)
                    s.close()
                    gone += 1
                except OSError as error:
                    errors.append(repr(error))
        with lock:
            counts["served"] += served
            counts["failed"] += failed
            counts["abandoned"] += gone
            counts["errors"] += errors[:3]

    keep = threading.Thread(target=keeper)
    keep.start()
    time.sleep(0.2)
    start = time.monotonic()
    workers = [threading.Thread(target=worker, args=(handshakes // threads, abandoned // threads))
               for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(300)
    seconds = time.monotonic() - start
    stop.set()
    keep.join()
    counts["errors"] = counts["errors"][:5]
    counts["seconds"] = round(seconds, 2)
    counts["handshakesPerS"] = round(counts["served"] / seconds, 1)
    kept_ms.sort()
    counts["keptMedianMs"] = round(kept_ms[len(kept_ms) // 2], 1) if kept_ms else None
    counts["keptMaxMs"] = round(kept_ms[-1], 1) if kept_ms else None
    print(json.dumps(counts))


def record(content_type, body, version=b"\x03\x03"):
    return bytes([content_type]) + version + struct.pack(">H", len(body)) + body


def cmd_garbage(port, count, seed):
    """Garbage TLS records. Before the handshake: `count` connections each send one whole
    record of random bytes (random content type, a handshake message type that is not a
    ClientHello, random length up to 2,000), and one record longer than TLS allows. After a
    handshake: an application-data record that fails authentication, and one too long. How
    fast the server closes each (each is a whole record: nothing to wait for)."""
    rng = random.Random(seed)
    before = []
    for _ in range(count):
        content_type = rng.choice([0x14, 0x15, 0x16, 0x17, 0x18, 0x00, 0xFF])
        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000)))
        if content_type == 0x16:
            body = bytes([rng.randint(2, 255)]) + body[1:]
        s = tcp(port)
        start = time.monotonic()
        try:
            s.sendall(record(content_type, body, bytes([3, rng.randint(0, 4)])))
        except OSError:
            pass
        _, how = closed_after(s, 5)
        before.append(time.monotonic() - start)
        s.close()

    def oversized_hello():
        s = tcp(port)
        start = time.monotonic()
        try:
            s.sendall(b"\x16\x03\x01\x48\x01" + b"\x01" * 18433)
        except OSError:
            pass
        _, how = closed_after(s, 5)
        s.close()
        return round(time.monotonic() - start, 3), how

    def after_handshake(raw):
        s = connect(port)
        get(port, "/healthz", s)  # a working session
        start = time.monotonic()
        try:
            socket.socket.sendall(s, raw)  # under the TLS layer, on the TCP socket itself
        except OSError:
            pass
        _, how = closed_after(s, 5)
        s.close()
        return round(time.monotonic() - start, 3), how

    out = {
        "randomRecords": {"count": count, "closedAfterS": spread(before)},
        "oversizedHandshakeRecord": oversized_hello(),
        "forgedApplicationData": after_handshake(record(0x17, os.urandom(200))),
        "oversizedApplicationData": after_handshake(record(0x17, os.urandom(18500))),
    }
    out["healthzAfter"] = get(port, "/healthz")[0]
    print(json.dumps(out))


if __name__ == "__main__":
    name, args = sys.argv[1], [float(a) if "." in a else int(a) for a in sys.argv[2:]]
    commands = {"stall": cmd_stall, "plain": cmd_plain, "flood": cmd_flood, "garbage": cmd_garbage}
    if name not in commands:
        sys.exit(f"unknown command {name}")
    commands[name](*args)
