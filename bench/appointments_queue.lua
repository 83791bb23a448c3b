-- wrk: the queue / "now serving" of one day (GET /api/v1/services/{id}/queue
-- ?date=), as BENCH_READERS (default 1000) different requesters poll it,
-- each with their own token: one user's answer is not another's, so the
-- response cache helps only a reader asking again before the next commit.
-- Env: BENCH_TOKENS (file, one token a line), BENCH_QUEUE_PATH.
local fill = dofile("bench/wrk_rotate.lua")

init = function(args)
    local tokens = {}
    for line in io.lines(os.getenv("BENCH_TOKENS")) do
        tokens[#tokens + 1] = line
    end
    local n = tonumber(os.getenv("BENCH_READERS") or "1000")
    local path = os.getenv("BENCH_QUEUE_PATH")
    -- each thread its own half of the readers
    local half = math.floor(n / 2)
    fill(half, function(k)
        local tok = tokens[(tid - 1) * half + k]
        return wrk.format("GET", path, {["Authorization"] = "Bearer " .. tok})
    end)
end
