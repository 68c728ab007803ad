-- wrk script for POST /score with the extended model: one fixed request, built once by wrk.
-- The Hummingbird anchor gets the same bytes (its JSONDecoder ignores "model").
wrk.method = "POST"
wrk.body   = '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}'
wrk.headers["Content-Type"] = "application/json"
