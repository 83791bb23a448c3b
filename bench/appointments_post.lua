-- wrk: bookings (POST /api/v1/bookings) on one hot service, every request a
-- different requester with their own token, on the days in BENCH_DAYS
-- (comma-separated). Thread t books persons of its own half of the token
-- list; request k of a thread is for day k mod #days and person
-- (k div #days) mod half, so the days fill evenly and no person asks twice
-- for one day (no appointment.duplicate answers). The form is the clinic's.
-- Env: BENCH_TOKENS (file, one token a line, the last the staff's),
-- BENCH_SERVICE (id), BENCH_DAYS.
local threads = 0

setup = function(thread)
    threads = threads + 1
    thread:set("tid", threads)
end

local tokens, days, per, first, k = {}, {}, 0, 0, 0
local service = os.getenv("BENCH_SERVICE")

init = function(args)
    for line in io.lines(os.getenv("BENCH_TOKENS")) do
        tokens[#tokens + 1] = line
    end
    tokens[#tokens] = nil -- the staff's
    for d in string.gmatch(os.getenv("BENCH_DAYS"), "[^,]+") do
        days[#days + 1] = d
    end
    local n = tonumber(os.getenv("BENCH_THREADS") or "2")
    per = math.floor(#tokens / n)
    first = (tid - 1) * per
end

request = function()
    local d = days[k % #days + 1]
    local p = first + (math.floor(k / #days) % per) + 1
    k = k + 1
    return wrk.format("POST", "/api/v1/bookings", {
        ["Authorization"] = "Bearer " .. tokens[p],
        ["Content-Type"] = "application/json",
    }, string.format('{"service_id":%s,"date":"%s","answers":{"nama":"Pasien Beban %d",'
        .. '"nip":"19850517%010d","nik":"3174%012d","usia":%d,"tanggal_lahir":"1985-05-17",'
        .. '"keluhan":"Demam dan batuk sejak dua hari"}}', service, d, p, p, p, 20 + p % 40))
end
