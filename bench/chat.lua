-- POST one chat completion per request. Extra headers come from the environment:
-- BENCH_HEADERS="name: value|name2: value2"
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}'
wrk.headers["Content-Type"] = "application/json"
local extra = os.getenv("BENCH_HEADERS")
if extra then
  for pair in string.gmatch(extra, "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_us=%d p90_us=%d p99_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
