-- bench/feedback_post.lua: the wrk script for POST /api/v1/feedback in
-- bench/sections/20-feedback.sh.  Every request records a distinct, valid
-- feedback record (its body names the wrk thread and a counter).
--
-- Environment:
--   BENCH_TOKEN    a staff user's bearer token ("Authorization: Bearer TOKEN")
--   BENCH_TOPICS   the office's topic ids, comma-separated (one is picked per record)
-- At the end it prints the same BENCH line as bench/request.lua:
--   BENCH rps=... p50_us=... p90_us=... p99_us=... requests=... errors=... non2xx=...

local token = os.getenv("BENCH_TOKEN")
local topics = {}
for id in string.gmatch(os.getenv("BENCH_TOPICS") or "", "%d+") do topics[#topics + 1] = id end
local channels = {"phone", "email", "walk_in", "event", "web_form", "social_media", "mail", "partner", "other"}
local languages = {"en", "en", "en", "es", "vi"}
local headers = {["Content-Type"] = "application/json"}
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

local n = 0
function request()
  n = n + 1
  local topic = ""
  if #topics > 0 then topic = string.format(',"topic_id":%s', topics[n % #topics + 1]) end
  local body = string.format(
    '{"channel":"%s","source":"voter","language":"%s"%s,"body":"Bench record %d-%d: when does the mail ballot for my address arrive?"}',
    channels[n % #channels + 1], languages[n % #languages + 1], topic, thread_no or 0, n)
  return wrk.format("POST", "/api/v1/feedback", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.1f p50_us=%d p90_us=%d p99_us=%d requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
