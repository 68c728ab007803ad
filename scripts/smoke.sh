#!/usr/bin/env bash
# End-to-end smoke test of every route against a running service:
#   scripts/smoke.sh http://127.0.0.1:8080
# Each check prints one line; on a mismatch it prints the response and the script fails.
# Expected values come from the spec (openapi/openapi.json, docs/model.md), not from earlier output.
set -uo pipefail
BASE=${1:-http://127.0.0.1:8080}
FAILED=0
PASSED=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# check NAME EXPECTED_STATUS EXPECTED_SUBSTRING CURL_ARGS...
check() {
    local name=$1 want_status=$2 want_body=$3
    shift 3
    local status
    status=$(curl -sS -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@" 2>"$TMP/err") || status="curl-error"
    if [[ "$status" == "$want_status" ]] && { [[ -z "$want_body" ]] || grep -qF -- "$want_body" "$TMP/body" "$TMP/headers"; }; then
        PASSED=$((PASSED + 1))
        printf 'ok    %-44s %s\n' "$name" "$status"
    else
        FAILED=$((FAILED + 1))
        printf 'FAIL  %-44s got %s, want %s containing %q\n' "$name" "$status" "$want_status" "$want_body"
        echo "----- curl $*"; cat "$TMP/err"; cat "$TMP/headers"; head -c 2000 "$TMP/body"; echo; echo "-----"
    fi
}

J=(-H 'Content-Type: application/json')

# Scoring (docs/model.md#models: extended on MoE's indicators = 0.68 → L2; formal on 0.6/0.7/0.3 = 0.66)
check "POST /score extended"          200 '"score":0.68'  "${J[@]}" -d '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}' "$BASE/score"
check "POST /score technology"        200 '"id":"L2"'     "${J[@]}" -d '{"technology":"moe-vs-dense"}' "$BASE/score"
check "POST /score ranges"            200 '"scoreRange"'  "${J[@]}" -d '{"adoption":[0.5,0.7],"standardization":[0.5,0.8],"controversy":[0.2,0.5]}' "$BASE/score"
check "POST /score weights"           200 '"score":'      "${J[@]}" -d '{"weights":{"adoption":0.5,"standardization":0.3,"controversy":0.2},"adoption":0.6,"standardization":0.7,"controversy":0.3}' "$BASE/score"
check "POST /score batch"             200 '"technology":"rlhf"' "${J[@]}" -d '[{"technology":"rlhf"},{"technology":"moe-vs-dense"}]' "$BASE/score"
check "POST /score curl -d (form type)" 200 '"score":0.66' -d '{"adoption":0.6,"standardization":0.7,"controversy":0.3}' "$BASE/score"
check "POST /score 0.6 is L1"         200 '"id":"L1"'     "${J[@]}" -d '{"adoption":0.6,"standardization":0.6,"controversy":0.4}' "$BASE/score"
check "GET /score"                    200 '"score":0.66'  "$BASE/score?adoption=0.6&standardization=0.7&controversy=0.3&model=formal"
check "POST /score batch 422 pointer" 422 '"/3/adoption"' "${J[@]}" -d '[{"technology":"rlhf"},{"technology":"rlhf"},{"technology":"rlhf"},{"adoption":1.5,"standardization":0.5,"controversy":0.2}]' "$BASE/score"
check "POST /score malformed 400"     400 'line 1'        "${J[@]}" -d '{"adoption":' "$BASE/score"
check "POST /score text/plain 415"    415 'problem'       -H 'Content-Type: text/plain' -d '{}' "$BASE/score"
check "POST /score unknown model 422" 422 '/model'        "${J[@]}" -d '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"model":"nope"}' "$BASE/score"
check "POST /classify score"          200 '"toNext"'      "${J[@]}" -d '{"score":0.68}' "$BASE/classify"
check "POST /classify technology"     200 '"profileConsistent"' "${J[@]}" -d '{"technology":"edge-vs-cloud"}' "$BASE/classify"
check "GET /classify"                 200 '"margins"'     "$BASE/classify?score=0.68"
check "GET /classify L4 toNext null"  200 '"toNext":null' "$BASE/classify?score=0.99"

# Catalog
check "GET /levels"                   200 '"L4"'          "$BASE/levels"
check "GET /levels/L2"                200 '"nominalDegree"' "$BASE/levels/L2"
check "GET /levels/L9 404"            404 'L9'            "$BASE/levels/L9"
check "GET /models"                   200 '"formal"'      "$BASE/models"
check "GET /models/extended"          200 '"terms"'       "$BASE/models/extended"
check "GET /models/nope 404"          404 'nope'          "$BASE/models/nope"
check "GET /compare"                  200 '"moe-vs-dense"' "$BASE/compare"
check "GET /compare/moe-vs-dense"     200 '"duopoly"'     "$BASE/compare/moe-vs-dense"
check "GET /compare/nope 404"         404 'nope'          "$BASE/compare/nope"
check "POST /compare approaches"      200 '"hhi":5050'    "${J[@]}" -d '{"approaches":[{"name":"A","share":0.55},{"name":"B","share":0.45}]}' "$BASE/compare"
check "POST /compare items"           200 '"moreConverged"' "${J[@]}" -d '{"items":[{"technology":"rlhf"},{"technology":"reasoning"}],"model":"formal"}' "$BASE/compare"
check "GET /tables"                   200 '"columns"'     "$BASE/tables"
check "GET /tables/moe-vs-dense"      200 '"rows"'        "$BASE/tables/moe-vs-dense"
check "GET /tables/moe-vs-dense csv"  200 'text/csv'      -H 'Accept: text/csv' "$BASE/tables/moe-vs-dense"
check "GET /tables/..?format=csv"     200 'text/csv'      "$BASE/tables/moe-vs-dense?format=csv"
check "GET /tables/nope 404"          404 'nope'          "$BASE/tables/nope"
check "GET /technologies"             200 '"moe-vs-dense"' "$BASE/technologies"
check "GET /technologies?level=L2"    200 '"moe-vs-dense"' "$BASE/technologies?level=L2"
check "GET /technologies?sourceLevel=L0" 200 '"edge-vs-cloud"' "$BASE/technologies?sourceLevel=L0"
check "GET /technologies/moe-vs-dense" 200 '"history"'    "$BASE/technologies/moe-vs-dense"
check "GET /technologies/nope 404"    404 'nope'          "$BASE/technologies/nope"
check "GET /errata"                   200 '"edge-vs-cloud"' "$BASE/errata"

# Calculators (docs/model.md#moe-cost: 8 experts, 2 active → ratio 0.25, saving 0.75)
check "POST /calculators/moe-cost"    200 '"ratio":0.25'  "${J[@]}" -d '{"experts":8,"active":2}' "$BASE/calculators/moe-cost"
check "GET /calculators/moe-cost"     200 '"saving":0.75' "$BASE/calculators/moe-cost?experts=8&active=2"
check "POST /calculators/load-imbalance" 200 '"imbalance":2' "${J[@]}" -d '{"loads":[1,2,3]}' "$BASE/calculators/load-imbalance"
check "GET /calculators/load-imbalance" 200 '"coefficientOfVariation"' "$BASE/calculators/load-imbalance?loads=1,2,3"
check "POST /calculators/context-cost" 200 '"ratio"'      "${J[@]}" -d '{"contextTokens":131072,"retrievedTokens":4096,"width":4096}' "$BASE/calculators/context-cost"
check "GET /calculators/context-cost" 200 '"rag"'         "$BASE/calculators/context-cost?contextTokens=131072&retrievedTokens=4096&width=4096"

# Operations and HTTP behaviour
check "GET /healthz"                  200 '"status":"ok"' "$BASE/healthz"
check "GET /readyz"                   200 '"status"'      "$BASE/readyz"
check "GET /metrics"                  200 'http_requests_total' "$BASE/metrics"
check "GET /openapi.json"             200 '"openapi": "3.1.0"' "$BASE/openapi.json"
check "HEAD /levels"                  200 'ETag'          -I "$BASE/levels"
check "PUT /levels 405 Allow"         405 'Allow: GET, HEAD, OPTIONS' -X PUT "$BASE/levels"
check "GET /nope 404"                 404 'problem+json'  "$BASE/nope"
check "OPTIONS preflight"             204 'Access-Control-Allow-Origin' -X OPTIONS -H 'Origin: http://example.com' -H 'Access-Control-Request-Method: POST' "$BASE/score"
check "X-Request-ID echoed"           200 'abc-123'       -H 'X-Request-ID: abc-123' "$BASE/healthz"
check "gzip"                          200 'Content-Encoding: gzip' -H 'Accept-Encoding: gzip' "$BASE/openapi.json"

ETAG=$(curl -sS -D - -o /dev/null "$BASE/levels" | tr -d '\r' | awk 'tolower($1)=="etag:"{print $2}')
check "If-None-Match 304"             304 ''              -H "If-None-Match: $ETAG" "$BASE/levels"

if [[ -n "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/" | grep 200)" ]]; then
    check "GET / dashboard"           200 'Content-Security-Policy' "$BASE/"
else
    echo "note  GET / answered non-200: no Public/ directory in this checkout"
fi

echo "smoke: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
