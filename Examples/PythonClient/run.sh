#!/usr/bin/env bash
# Generates the Python client from openapi/openapi.json with openapi-python-client (failing on
# any warning) and calls every operation of a running service through it:
#   Examples/PythonClient/run.sh http://127.0.0.1:8080
# Needs openapi-python-client (pip) on PATH, and ruff, which it runs on what it generates.
set -euo pipefail
BASE=${1:?usage: run.sh BASE_URL}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
openapi-python-client generate --path "$HERE/../../openapi/openapi.json" \
    --output-path "$OUT/convergence_client" --meta none >"$OUT/generate.log" 2>&1 || { cat "$OUT/generate.log"; exit 1; }
cat "$OUT/generate.log"
if grep -qiE 'warning|error|skipping' "$OUT/generate.log"; then
    echo "openapi-python-client reported problems (above): the document must generate cleanly"
    exit 1
fi
echo "generated $(find "$OUT/convergence_client" -name '*.py' | wc -l) Python files"
PYTHONPATH="$OUT" python3 "$HERE/call_every_operation.py" "$BASE"
