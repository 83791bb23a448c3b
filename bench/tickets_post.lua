-- wrk: create tickets (POST /api/v1/tickets) with a bearer token.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local fill = dofile("bench/wrk_rotate.lua")

init = function(args)
    fill(4096, function(k)
        -- (no "printer" here: the search target searches the generated data
        -- set, not the tickets earlier rounds of this script created)
        return wrk.format(nil, nil, nil, string.format(
            '{"title":"Beban uji %d-%d aplikasi lambat","description":"Dibuat oleh wrk untuk '
            .. 'mengukur kecepatan pembuatan tiket.","service_id":1,"priority":"normal"}', tid, k))
    end)
end
