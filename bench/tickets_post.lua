-- wrk: create tickets (POST /api/v1/tickets) with a bearer token.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
    n = n + 1
    -- (no "printer" here: the search target searches the generated data
    -- set, not the tickets earlier rounds of this script created)
    local body = string.format('{"title":"Beban uji %d aplikasi lambat","description":"Dibuat oleh wrk untuk mengukur kecepatan pembuatan tiket.","service_id":1,"priority":"normal"}', n)
    return wrk.format(nil, nil, nil, body)
end
