-- wrk: the dashboard's three summaries for one year (status, unit, month),
-- in turn, with a bearer token from LOKET_TOKEN and the year from REPORT_YEAR.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
local y = os.getenv("REPORT_YEAR") or "2025"
local paths = {}
for _, g in ipairs({"status", "unit", "month"}) do
    paths[#paths + 1] = string.format("/api/v1/reports/summary?group_by=%s&from=%s-01-01&to=%s-12-31", g, y, y)
end
local i = 0
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
