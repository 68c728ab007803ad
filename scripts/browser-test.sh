#!/usr/bin/env bash
# Browser test of the dashboard (Tests/browser/test_dashboard.py) in headless Chromium.
#
#   scripts/browser-test.sh http://127.0.0.1:8080          # against a running service
#   scripts/browser-test.sh .build/release/convergence     # starts that binary on a free port
#
# Installs what it needs when missing: Debian's chromium and chromium-driver (apt-get), Selenium
# (pip). With a binary, it copies config/ and Public/ to a scratch directory, runs
# `BINARY serve --host 127.0.0.1 --port PORT` there, waits for /healthz, runs the test (which
# also edits the scratch config (catalog, levels, models) and sends SIGHUP, to see the page pick up
# the reload), then stops it.
# Extra server arguments: SERVER_ARGS. Screenshots: SCREENSHOT (default /tmp/dashboard.png) and
# SCREENSHOT_PHONE (default /tmp/dashboard-phone.png). Exits non-zero when any check fails.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:-}"
if [[ -z "$target" ]]; then
  echo "usage: $0 BASE_URL | PATH_TO_CONVERGENCE_BINARY" >&2
  exit 2
fi

as_root() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium chromium-driver >/dev/null
fi
# A CJK font, so the source's Chinese names render as text in the screenshots, not as boxes.
if command -v fc-list >/dev/null && [[ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]]; then
  echo "== installing a CJK font (fonts-wqy-zenhei)"
  as_root apt-get install -y -qq -o DPkg::Lock::Timeout=300 fonts-wqy-zenhei >/dev/null || echo "(no CJK font: Chinese text will show as boxes)"
fi
# Selenium: already importable, or into a virtual environment of its own (Debian's Python refuses
# system-wide pip installs, PEP 668).
py=python3
if ! "$py" -c 'import selenium' 2>/dev/null; then
  venv="${BROWSER_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/convergence-browser-test-venv}"
  if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "== installing selenium into $venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      as_root apt-get install -y -qq -o DPkg::Lock::Timeout=300 python3-venv >/dev/null
      python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check selenium
  fi
  py="$venv/bin/python"
fi

server_pid=""
log=""
work=""
cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$work" ]]; then rm -rf "$work"; fi
  # The server log is kept only when something failed.
  if [[ $status -eq 0 && -n "$log" ]]; then rm -f "$log"; fi
}
trap cleanup EXIT

if [[ "$target" =~ ^https?:// ]]; then
  base_url="${target%/}"
else
  binary="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"
  if [[ ! -x "$binary" ]]; then
    echo "not an executable: $target" >&2
    exit 2
  fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  log="$(mktemp /tmp/convergence-browser-test.XXXXXX.log)"
  # A scratch copy of the data, so the reload check can edit the catalog without touching the repo.
  work="$(mktemp -d /tmp/convergence-browser-test.XXXXXX)"
  cp -R "$root/config" "$root/Public" "$work/"
  echo "== starting $binary on 127.0.0.1:$port in $work (log: $log)"
  # shellcheck disable=SC2086 # SERVER_ARGS is a list of words on purpose
  (cd "$work" && exec "$binary" serve --host 127.0.0.1 --port "$port" ${SERVER_ARGS:-}) >"$log" 2>&1 &
  server_pid=$!
  export RELOAD_DIR="$work" SERVER_PID="$server_pid"
  base_url="http://127.0.0.1:$port"
  ready=""
  for _ in $(seq 1 100); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "the server exited early:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/healthz', timeout=1)" "$base_url" 2>/dev/null; then
      ready=1
      break
    fi
    sleep 0.2
  done
  if [[ -z "$ready" ]]; then
    echo "the server did not answer /healthz within 20 s:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi

echo "== browser test against $base_url"
status=0
BASE_URL="$base_url" "$py" "$root/Tests/browser/test_dashboard.py" || status=$?
if [[ $status -ne 0 && -n "$log" ]]; then
  echo "== last server log lines"
  tail -n 20 "$log"
fi
exit $status
