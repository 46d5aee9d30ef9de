-- bench/request.lua: the wrk script of bench/run.sh.
--
-- Environment:
--   BENCH_PATH    the request path; a "%d" in it is replaced by a random id
--   BENCH_ID_MIN, BENCH_ID_MAX   the id range for "%d" (inclusive)
--   BENCH_TOKEN   sent as "Authorization: Bearer TOKEN" (the static server ignores it)
-- At the end it prints one line run.sh reads:
--   BENCH rps=... p50_us=... p90_us=... p99_us=... requests=... errors=... non2xx=...

local path = os.getenv("BENCH_PATH") or "/"
local lo = tonumber(os.getenv("BENCH_ID_MIN") or "1")
local hi = tonumber(os.getenv("BENCH_ID_MAX") or "1")
local token = os.getenv("BENCH_TOKEN")
local headers = {}
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  -- A fixed seed per thread: the same ids in the same order on every run.
  math.randomseed(1000 + (thread_no or 0))
end

function request()
  local p = path
  if string.find(path, "%%d") then p = string.format(path, math.random(lo, hi)) end
  return wrk.format("GET", p, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.1f p50_us=%d p90_us=%d p99_us=%d requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
