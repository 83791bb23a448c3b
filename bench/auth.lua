-- wrk script: sends a Loket bearer token with every request.
--   wrk -s bench/auth.lua URL -- TOKEN      (argument), or
--   LOKET_TOKEN=... wrk -s bench/auth.lua URL   (environment)
local token = os.getenv("LOKET_TOKEN")

local function set(t)
  if not t or t == "" then
    error("bench/auth.lua: pass the token after -- or set LOKET_TOKEN")
  end
  wrk.headers["Authorization"] = "Bearer " .. t
  wrk.headers["Accept"] = "application/json"
end

if token and token ~= "" then set(token) end

function init(args)
  if args[1] then set(args[1]) elseif not token or token == "" then set(nil) end
end
