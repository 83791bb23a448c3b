-- wrk: read random tickets by number through bench/pg.sh's data set, whose
-- size varies: numbers 1..BENCH_GET_MAX in each of the years in BENCH_GET_YEARS.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
local fill = dofile("bench/wrk_rotate.lua")
local max = tonumber(os.getenv("BENCH_GET_MAX"))
local years = {}
for y in string.gmatch(os.getenv("BENCH_GET_YEARS"), "%d+") do years[#years + 1] = y end

init = function(args)
    fill(65536, function(k)
        return wrk.format("GET", string.format("/api/v1/tickets/LKT-%s-%06d",
                                               years[math.random(#years)], math.random(1, max)))
    end)
end
