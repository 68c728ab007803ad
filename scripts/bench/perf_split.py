#!/usr/bin/env python3
"""Splits a `perf record -g` profile of the service into where the time goes.

usage: perf script -i perf.data -F comm,ip,sym,dso | perf_split.py     (mangled names: the module
       a Swift symbol belongs to is its first identifier)

Each sample is charged to one area, from its innermost frame outwards:
  kernel            the sample is in the kernel (syscalls: recv, send, epoll; TCP)
  runtime           swift_retain/release, allocation and freeing (swift_allocObject, malloc,
                    free, swift_dealloc…), whoever called them
  then the innermost frame in the service's own code or its packages decides:
  http-server       HTTPServer (parser, serializer, connections, event loop) and libdispatch
  api/observer      ConvergenceAPI Operations (access log, metrics) + swift-log/metrics/prometheus
  api/other         the rest of ConvergenceAPI (routing, responders, rendering, service)
  engine            ConvergenceEngine except its JSON writer/parser
  json              JSON writing and parsing (JSONWriter, JSONParser, JSONWritable, JSON module)
  other             library code (String, Array, Dictionary…) with no service frame above it
Library code (libswiftCore, Foundation, libc) is charged to the service frame that called it.
Prints each area's share of all samples and of the user-space samples, then which areas the
runtime's samples (retain/release, allocation) were called from.
"""
import re
import sys
from collections import Counter

RUNTIME = re.compile(r"^(swift_(retain|release|bridgeObjectRetain|bridgeObjectRelease|allocObject|deallocObject|"
                     r"deallocClassInstance|slowAlloc|slowDealloc|retain_n|release_n|isUniquelyReferenced\w*|"
                     r"beginAccess|endAccess|dynamicCast\w*|getGenericMetadata|initStackObject)|malloc|free|_int_malloc|"
                     r"_int_free|cfree|realloc|calloc|malloc_usable_size|__libc_malloc|__libc_free|__GI___libc_free|"
                     r"__GI___libc_malloc|_int_realloc|malloc_consolidate|swift::\w+)")
OBSERVER_TYPES = ("AccessLogFormatter", "ServiceMetrics", "LineLogHandler", "LogSink", "PrometheusExposition",
                  "responseWritten")
OBSERVER_MODULES = ("Logging", "CoreMetrics", "Metrics", "Prometheus")
JSON_TYPES = ("JSONWriter", "JSONParser", "JSONWritable", "JSONValue", "JSONText", "FastJSON", "JSONPointer")


def module_of(sym):
    """The module a mangled Swift symbol (`$s10HTTPServer9EventLoopC…`) is declared in."""
    m = re.match(r"\$s(\d+)", sym)
    if not m:
        return None
    n = int(m.group(1))
    start = m.end()
    return sym[start:start + n]


def area_of_frame(sym, dso):
    """The area a service frame belongs to, or None for library code (from mangled names)."""
    if "libdispatch" in dso:
        return "http-server"
    if "convergence" not in dso.rsplit("/", 1)[-1]:
        return None
    module = module_of(sym)
    if module is None:
        return None
    if module == "JSON" or any(t in sym for t in JSON_TYPES):
        return "json"
    if module == "HTTPServer":
        return "http-server"
    if module in OBSERVER_MODULES:
        return "api/observer"
    if module == "ConvergenceAPI":
        return "api/observer" if any(t in sym for t in OBSERVER_TYPES) else "api/other"
    if module == "ConvergenceEngine":
        return "engine"
    return None


def service_area(frames):
    for sym, dso in frames:
        area = area_of_frame(sym, dso)
        if area:
            return area
    return "other"


def classify(frames):
    """(area, the service area that called the runtime, for runtime samples)."""
    leaf_sym, leaf_dso = frames[0]
    if "kernel" in leaf_dso:
        return "kernel", None
    if RUNTIME.match(leaf_sym):
        return "runtime", service_area(frames)
    return service_area(frames), None


def samples(lines):
    frames = []
    for line in lines:
        if not line.strip():
            if frames:
                yield frames
            frames = []
            continue
        if not line.startswith((" ", "\t")):
            continue   # the sample's header line (comm)
        m = re.match(r"\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line)
        if m:
            sym = re.sub(r"\+0x[0-9a-f]+$", "", m.group(1))
            frames.append((sym, m.group(2)))
    if frames:
        yield frames


def main():
    counts = Counter()
    runtime_callers = Counter()
    for frames in samples(sys.stdin):
        area, caller = classify(frames)
        counts[area] += 1
        if caller:
            runtime_callers[caller] += 1
    total = sum(counts.values())
    user = total - counts["kernel"]
    if not total:
        print("no samples")
        return
    print(f"{'area':<14} {'samples':>8} {'% all':>7} {'% user':>7}")
    order = ["kernel", "http-server", "api/observer", "api/other", "engine", "json", "runtime", "other"]
    for area in order:
        n = counts[area]
        share_user = "" if area == "kernel" else f"{100 * n / user:7.1f}"
        print(f"{area:<14} {n:>8} {100 * n / total:7.1f} {share_user:>7}")
    print(f"{'total':<14} {total:>8}")
    if runtime_callers:
        print("runtime samples by the area that called it: " +
              ", ".join(f"{area} {n}" for area, n in runtime_callers.most_common()))


if __name__ == "__main__":
    main()
