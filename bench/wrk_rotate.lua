-- wrk helper (dofile from the repository root): numbers the threads, and
-- serves requests formatted once per thread in init, round-robin, so wrk
-- spends its share of the two cores sending and receiving rather than in
-- Lua. Each thread seeds its own generator: unseeded, both threads asked
-- for the same sequence and the second was answered from the response
-- cache the first had just filled.
local threads, reqs, i, n = 0, {}, 0, 0

setup = function(thread)
    threads = threads + 1
    thread:set("tid", threads)
end

request = function()
    i = i % n + 1
    return reqs[i]
end

-- make(k) returns the k-th request of this thread (k = 1..count).
return function(count, make)
    math.randomseed(os.time() * 1000 + tid * 7919)
    n = count
    for k = 1, count do
        reqs[k] = make(k)
    end
end
