#!/usr/bin/env python3
"""Medians and ratios from bench.sh's results.tsv.

Input lines: round, server, "METHOD /path", req/s, p50 ms, p99 ms, non2xx/errors (tab-separated).
Prints the median per server and route over the rounds, then the ratios that the performance
goals are stated in: ours/nginx on the GET routes, ours/hummingbird on POST /score, and
ours-log/ours (the cost of the access log). Ratios are per round (both figures from the same
round) and their median, so that drift between rounds cancels out.
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
            if len(parts) != 7:
                continue
            rnd, server, route, rps, p50, p99, errs = parts
            rows.append((int(rnd), server, route, num(rps), num(p50), num(p99), errs))

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
        return format(v, spec) if v is not None else "?"

    print(f"{'median':<12} {'route':<27} {'req/s':>10} {'p50ms':>8} {'p99ms':>8} {'rounds':>6}  non2xx/err per round")
    order = ["ours", "ours-log", "nginx", "hummingbird", "vapor", "flyingfox"]
    for server in sorted(servers, key=lambda s: order.index(s) if s in order else 99):
        for route in routes:
            rs = by_key.get((server, route))
            if not rs:
                continue
            print(f"{server:<12} {route:<27} {fmt(med([r[3] for r in rs]), '10.0f')} "
                  f"{fmt(med([r[4] for r in rs]), '8.3f')} {fmt(med([r[5] for r in rs]), '8.3f')} "
                  f"{len(rs):>6}  {' '.join(r[6] for r in rs)}")

    def per_round(a, b, route):
        ra = {r[0]: r[3] for r in by_key.get((a, route), [])}
        rb = {r[0]: r[3] for r in by_key.get((b, route), [])}
        return [ra[k] / rb[k] for k in sorted(ra) if k in rb and ra[k] and rb[k]]

    print()
    print(f"{'ratio (req/s)':<28} {'route':<27} {'median':>7}  per round")
    wanted = [("ours", "nginx", r) for r in routes if r.startswith("GET")]
    wanted += [("ours", "hummingbird", r) for r in routes if r.startswith("POST")]
    wanted += [("ours", "hummingbird", r) for r in routes if r.startswith("GET")]
    wanted += [("ours-log", "ours", r) for r in routes]
    for a, b, route in wanted:
        ratios = per_round(a, b, route)
        if ratios:
            print(f"{a + ' / ' + b:<28} {route:<27} {statistics.median(ratios):7.2f}  "
                  f"{' '.join(f'{x:.2f}' for x in ratios)}")


if __name__ == "__main__":
    main(sys.argv[1])
