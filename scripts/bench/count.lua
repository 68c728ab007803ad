-- wrk script for the memory check: cycles GET /healthz, GET /tables/moe-vs-dense and
-- POST /score (extended model) and stops the thread after `limit` requests
-- (run with -t1; pass the limit after "--": wrk ... -s count.lua URL -- 100000 MARKER).
-- wrk's main thread sleeps for the whole -d even when its threads stop, so once the limit is
-- reached this writes the MARKER file and the caller ends wrk with SIGINT (it then prints
-- its figures as usual).
local reqs
local n = 0
local limit = 100000
local marker = nil

function init(args)
    if args[1] then limit = tonumber(args[1]) end
    marker = args[2]
    local body = '{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}'
    reqs = {
        wrk.format("GET", "/healthz"),
        wrk.format("GET", "/tables/moe-vs-dense"),
        wrk.format("POST", "/score", {["Content-Type"] = "application/json"}, body),
    }
end

function request()
    n = n + 1
    if n == limit + 1 then
        if marker then
            local f = io.open(marker, "w")
            if f then f:write("done\n"); f:close() end
        end
        wrk.thread:stop()
    end
    return reqs[(n % 3) + 1]
end
