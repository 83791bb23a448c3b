-- wrk: list pages and searches that vary, so most of them miss the response
-- cache (the fixed-URL targets measure the cache). BENCH_VARY=list picks a
-- status, a unit and a page at random; BENCH_VARY=search a word of the
-- generated data and a page.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOKET_TOKEN")
local kind = os.getenv("BENCH_VARY") or "list"
local statuses = {"new", "in_progress", "waiting", "resolved", "closed", "cancelled"}
local words = {"jaringan", "internet", "lambat", "putus", "printer", "mencetak", "akun",
               "surel", "sandi", "aplikasi", "simpeg", "gagal", "login", "laptop", "rusak",
               "layar", "statistik", "sektoral", "akses", "vpn", "server", "kantor", "wifi",
               "rapat", "email", "dinas", "pembaruan", "sistem", "formulir", "unggah",
               "dokumen", "elektronik", "sertifikat", "kedaluwarsa"}
local fill = dofile("bench/wrk_rotate.lua")

init = function(args)
    fill(16384, function(k)
        if kind == "search" then
            return wrk.format("GET", string.format("/api/v1/tickets?q=%s&page=%d&per_page=50",
                                                   words[math.random(#words)], math.random(1, 20)))
        end
        return wrk.format("GET", string.format(
            "/api/v1/tickets?status=%s&unit_id=%d&page=%d&per_page=50",
            statuses[math.random(#statuses)], math.random(1, 9), math.random(1, 20)))
    end)
end
