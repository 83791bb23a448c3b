-- wrk: read random tickets by number (GET /api/v1/tickets/{number}).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
local fill = dofile("bench/wrk_rotate.lua")
local years = {2024, 2025, 2026}

init = function(args)
    fill(65536, function(k)
        return wrk.format("GET", string.format("/api/v1/tickets/LKT-%d-%06d",
                                               years[math.random(3)], math.random(1, 300000)))
    end)
end
