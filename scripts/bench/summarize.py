#!/usr/bin/env python3
"""Medians and ratios from bench.sh's results.tsv.

Input lines: round, server, "METHOD /path", req/s, p50 ms, p99 ms, non2xx/errors, and (since
perf stat was added; "?" when it was not run) µs of server CPU per request and syscalls per
request, and (since the split was added) µs of user and of system time per request
(tab-separated).
Prints the median per server and route over the rounds, then the ratios that the performance
goals are stated in: ours/nginx on the GET routes, ours/hummingbird on POST /score, ours-log/ours
(the cost of the access log), ours-log/nginx-log (both logging) and, with a base binary,
ours/base and base/nginx, of req/s and of CPU per request. Ratios are per round (both figures from the same round) and their median, so that drift
between rounds cancels out.
"""
import statistics
import sys
from collections import defaultdict


def num(text):
    try:
        return float(text)
    except ValueError:
        return None


def main(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 7:
                parts += ["?", "?"]
            if len(parts) == 9:
                parts += ["?", "?"]
            if len(parts) != 11:
                continue
            rnd, server, route, rps, p50, p99, errs, cpu, sys_calls, user, system = parts
            rows.append((int(rnd), server, route, num(rps), num(p50), num(p99), errs, num(cpu), num(sys_calls),
                         num(user), num(system)))

    by_key = defaultdict(list)
    servers, routes = [], []
    for r in rows:
        by_key[(r[1], r[2])].append(r)
        if r[1] not in servers:
            servers.append(r[1])
        if r[2] not in routes:
            routes.append(r[2])

    def med(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    def fmt(v, spec):
        # A missing figure keeps its column's width.
        return format(v, spec) if v is not None else "?".rjust(int(spec.split(".")[0]))

    print(f"{'median':<12} {'route':<27} {'req/s':>10} {'p50ms':>8} {'p99ms':>8} {'cpu_us/req':>10} {'sys/req':>7} "
          f"{'user_us':>7} {'kern_us':>7} {'rounds':>6}  non2xx/err per round")
    order = ["ours", "ours-log", "base", "base-log", "nginx", "nginx-log", "hummingbird", "vapor", "flyingfox"]
    for server in sorted(servers, key=lambda s: order.index(s) if s in order else 99):
        for route in routes:
            rs = by_key.get((server, route))
            if not rs:
                continue
            print(f"{server:<12} {route:<27} {fmt(med([r[3] for r in rs]), '10.0f')} "
                  f"{fmt(med([r[4] for r in rs]), '8.3f')} {fmt(med([r[5] for r in rs]), '8.3f')} "
                  f"{fmt(med([r[7] for r in rs]), '10.2f')} {fmt(med([r[8] for r in rs]), '7.2f')} "
                  f"{fmt(med([r[9] for r in rs]), '7.2f')} {fmt(med([r[10] for r in rs]), '7.2f')} "
                  f"{len(rs):>6}  {' '.join(r[6] for r in rs)}")

    def per_round(a, b, route, column):
        ra = {r[0]: r[column] for r in by_key.get((a, route), [])}
        rb = {r[0]: r[column] for r in by_key.get((b, route), [])}
        return [ra[k] / rb[k] for k in sorted(ra) if k in rb and ra[k] and rb[k]]

    wanted = [("ours", "nginx", r) for r in routes if r.startswith("GET")]
    wanted += [("ours-log", "nginx-log", r) for r in routes if r.startswith("GET")]
    wanted += [("ours", "hummingbird", r) for r in routes if r.startswith("POST")]
    wanted += [("ours", "hummingbird", r) for r in routes if r.startswith("GET")]
    wanted += [("ours-log", "ours", r) for r in routes]
    wanted += [("ours", "base", r) for r in routes]
    wanted += [("ours-log", "base-log", r) for r in routes]
    wanted += [("base", "nginx", r) for r in routes if r.startswith("GET")]
    wanted += [("base-log", "nginx-log", r) for r in routes if r.startswith("GET")]
    # req/s: higher is better; CPU per request: lower is better (ours/nginx <= 1 is at or below).
    for title, column in (("ratio (req/s)", 3), ("ratio (cpu_us/req)", 7), ("ratio (user_us/req)", 9)):
        lines = []
        for a, b, route in wanted:
            ratios = per_round(a, b, route, column)
            if ratios:
                lines.append(f"{a + ' / ' + b:<28} {route:<27} {statistics.median(ratios):7.2f}  "
                             f"{' '.join(f'{x:.2f}' for x in ratios)}")
        if lines:
            print()
            print(f"{title:<28} {'route':<27} {'median':>7}  per round")
            print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
