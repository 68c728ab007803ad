#!/usr/bin/env bash
# Engine micro-benchmark: builds the release benchmark and prints ns per operation.
#   scripts/bench-engine.sh [iterations]
# Pinned to one core (taskset) when available so figures are comparable between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH_PATH:-.build-engine}"
swift build -c release --scratch-path "$scratch" --product ConvergenceBenchmarks >/dev/null
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/ConvergenceBenchmarks"
if command -v taskset >/dev/null; then
    exec taskset -c "${BENCH_CPU:-0}" "$bin" "$@"
else
    exec "$bin" "$@"
fi
