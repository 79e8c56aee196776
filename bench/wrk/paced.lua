-- post.lua at a set pace: each connection waits PERIOD_MS (mean; wrk takes whole milliseconds,
-- so each wait is the floor or the ceiling, drawn to average PERIOD_MS) between an answer and its
-- next request, so N connections send about N / (PERIOD_MS + latency) requests per millisecond.
-- Run from the repository root.
dofile("bench/wrk/post.lua")
local period = tonumber(os.getenv("PERIOD_MS"))

function delay()
  local whole = math.floor(period)
  if math.random() < period - whole then
    return whole + 1
  end
  return whole
end
