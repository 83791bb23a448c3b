-- wrk: read random tickets by number (GET /api/v1/tickets/{number}).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
local years = {2024, 2025, 2026}
request = function()
    local path = string.format("/api/v1/tickets/LKT-%d-%06d", years[math.random(3)], math.random(1, 300000))
    return wrk.format("GET", path)
end
