-- wrk script: sends the bearer token from the environment (LOKET_TOKEN).
local token = os.getenv("LOKET_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
