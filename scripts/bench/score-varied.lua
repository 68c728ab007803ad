-- wrk script for POST /score with a different body on every request: score.lua's body plus a
-- "label" numbered per request (labels are not part of the answer). No body repeats, so the
-- service's memo of recent answers (docs/result-memo.md) never answers: every request is
-- parsed, scored and written. Use it as SCORE_LUA=scripts/bench/score-varied.lua scripts/bench.sh.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
    n = n + 1
    return wrk.format(nil, nil, nil,
        '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended","label":"'
        .. n .. '"}')
end
