-- bench/request.lua: the wrk script of bench/run.sh and its sections.
--
-- Environment:
--   BENCH_PATH    the request path; a "%d" in it is replaced by a random id
--   BENCH_ID_MIN, BENCH_ID_MAX   the id range for "%d" (inclusive)
--   BENCH_TOKEN   sent as "Authorization: Bearer TOKEN" (the static server ignores it)
--   BENCH_OFFICES a file of lines "TOKEN ID_MIN ID_MAX", one per office: each
--                 request picks an office at random and sends its token, with
--                 "%d" drawn from that office's range (instead of the three above)
--   BENCH_METHOD  GET (default) or POST
--   BENCH_BODY    the body of a POST, sent as application/json
-- At the end it prints one line run.sh reads:
--   BENCH rps=... p50_us=... p90_us=... p99_us=... requests=... errors=... non2xx=...

local path = os.getenv("BENCH_PATH") or "/"
local lo = tonumber(os.getenv("BENCH_ID_MIN") or "1")
local hi = tonumber(os.getenv("BENCH_ID_MAX") or "1")
local token = os.getenv("BENCH_TOKEN")
local offices_file = os.getenv("BENCH_OFFICES")
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local has_id = string.find(path, "%%d") ~= nil

local function headers_for(t)
  local h = {}
  if t and t ~= "" then h["Authorization"] = "Bearer " .. t end
  if body then h["Content-Type"] = "application/json" end
  return h
end

local headers = headers_for(token)
local offices = nil   -- {headers, lo, hi} per office, when BENCH_OFFICES is set

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  -- A fixed seed per thread: the same ids in the same order on every run.
  math.randomseed(1000 + (thread_no or 0))
  if offices_file and offices_file ~= "" then
    offices = {}
    for line in io.lines(offices_file) do
      local t, a, b = string.match(line, "^(%S+)%s+(%d+)%s+(%d+)")
      if t then offices[#offices + 1] = {headers_for(t), tonumber(a), tonumber(b)} end
    end
    if #offices == 0 then error("no offices in " .. offices_file) end
  end
end

function request()
  local h, a, b = headers, lo, hi
  if offices then
    local o = offices[math.random(1, #offices)]
    h, a, b = o[1], o[2], o[3]
  end
  local p = path
  if has_id then p = string.format(path, math.random(a, b)) end
  return wrk.format(method, p, h, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.1f p50_us=%d p90_us=%d p99_us=%d requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
