-- wrk script for bench/throughput.sh: an OpenAI chat completion through the gateway to the fake provider (PROVIDER env var), with metadata (logged).
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}'
wrk.headers["content-type"] = "application/json"
wrk.headers["x-gateway-provider"] = "openai"
wrk.headers["authorization"] = "Bearer sk-bench"
wrk.headers["x-gateway-custom-host"] = os.getenv("PROVIDER") .. "/v1"
wrk.headers["x-gateway-metadata"] = '{"user":"bench","team":"perf","environment":"bench"}'

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
