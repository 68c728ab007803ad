#!/usr/bin/env python3
"""Holds many keep-alive connections to one HTTP server and reports what happened to them.

usage: idle_clients.py PORT COUNT HOLD_SECONDS PING_SECONDS

Opens COUNT connections to 127.0.0.1:PORT (at most 256 connecting at once, since the listen
backlog is finite), sends one `GET /healthz` on each and reads the answer, then keeps them all
open for HOLD_SECONDS. With PING_SECONDS > 0 each connection sends another GET every
PING_SECONDS (spread out), which keeps it inside a server's keep-alive idle timeout, the way a
dashboard polls; with 0 they stay silent. Prints "held N" once every connection is set up (the
caller starts its other load then), and at the end one line of counts:
  opened, connect_err, first_ok, first_err, pings_ok, pings_err, closed_by_server, still_open
"""
import asyncio
import os
import random
import ssl
import sys
import time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
# TLS_CA=<PEM file>: connect over HTTPS, trusting that CA (scripts/bench-idle.sh with TLS=1).
TLS = ssl.create_default_context(cafile=os.environ["TLS_CA"]) if os.environ.get("TLS_CA") else None


async def read_response(reader):
    """Reads one response (head + Content-Length body); returns the status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ")[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


class Counts:
    def __init__(self):
        self.opened = self.connect_err = self.first_ok = self.first_err = 0
        self.pings_ok = self.pings_err = self.closed = 0
        self.open_now = 0


async def one(port, counts, ready, holding, hold_until, ping, gate):
    async with gate:
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, ssl=TLS, server_hostname="localhost" if TLS else None)
        except OSError:
            counts.connect_err += 1
            ready.release()
            return
        counts.opened += 1
        counts.open_now += 1
        try:
            writer.write(REQUEST)
            status = await asyncio.wait_for(read_response(reader), 30)
            if status == 200:
                counts.first_ok += 1
            else:
                counts.first_err += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError):
            counts.first_err += 1
    ready.release()
    # The hold starts once every connection is set up (hold_until is known from then on).
    await holding.wait()
    try:
        if ping > 0:
            await asyncio.sleep(random.uniform(0, ping))
            while time.monotonic() + ping < hold_until[0]:
                writer.write(REQUEST)
                try:
                    status = await asyncio.wait_for(read_response(reader), 30)
                except (asyncio.IncompleteReadError, ConnectionError):
                    counts.closed += 1
                    counts.open_now -= 1
                    return
                except (OSError, asyncio.TimeoutError, ValueError, IndexError):
                    counts.pings_err += 1
                    return
                if status == 200:
                    counts.pings_ok += 1
                else:
                    counts.pings_err += 1
                await asyncio.sleep(ping)
        # Silent until the end: an EOF before then means the server closed the connection.
        remaining = hold_until[0] - time.monotonic()
        if remaining > 0:
            try:
                data = await asyncio.wait_for(reader.read(1), remaining)
                if data == b"":
                    counts.closed += 1
                    counts.open_now -= 1
                    return
            except asyncio.TimeoutError:
                pass
            except OSError:
                counts.closed += 1
                counts.open_now -= 1
                return
    finally:
        writer.close()


async def main(port, count, hold, ping):
    counts = Counts()
    ready = asyncio.Semaphore(0)
    gate = asyncio.Semaphore(256)
    holding = asyncio.Event()
    hold_until = [float("inf")]
    tasks = [asyncio.create_task(one(port, counts, ready, holding, hold_until, ping, gate)) for _ in range(count)]
    started = time.monotonic()
    for _ in range(count):
        await ready.acquire()
    hold_until[0] = time.monotonic() + hold
    holding.set()
    print(f"held {counts.open_now} (opened {counts.opened}, connect_err {counts.connect_err}, "
          f"in {time.monotonic() - started:.1f} s)", flush=True)
    await asyncio.sleep(hold)
    still_open = counts.open_now
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"opened={counts.opened} connect_err={counts.connect_err} first_ok={counts.first_ok} "
          f"first_err={counts.first_err} pings_ok={counts.pings_ok} pings_err={counts.pings_err} "
          f"closed_by_server={counts.closed} still_open={still_open}", flush=True)


if __name__ == "__main__":
    p, c, h, g = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    asyncio.run(main(p, c, h, g))
