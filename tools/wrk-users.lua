-- wrk script for tools/bench-api.sh: GET /users/load-RUN-N/recommendations for the 1,000 users the load
-- process seeds with --run RUN (NEBULA_LOAD_RUN), in turn. With WRK_DELAY_MS set, each connection pauses
-- that long between requests, so that C connections offer at most C × 1000 / WRK_DELAY_MS requests/s (wrk
-- has no fixed-rate mode).
local n = 0
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")
local run = os.getenv("NEBULA_LOAD_RUN") or error("NEBULA_LOAD_RUN is not set")

wrk.headers["X-Api-Key"] = os.getenv("NEBULA_API_KEY")

request = function()
  n = (n + 1) % 1000
  return wrk.format("GET", "/users/load-" .. run .. "-" .. n .. "/recommendations")
end

delay = function()
  return pause
end
