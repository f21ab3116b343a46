#!/usr/bin/env bash
# Gateway overhead benchmark: wrk against a fake OpenAI provider on loopback, directly and through the gateway
# (single target by headers, and a fallback config whose first target is healthy). Prints added latency
# percentiles and throughput as a ratio to the direct call. Bounded: every run lasts DURATION seconds.
#   bench/run.sh            (builds the jar if needed; needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-32}
FAKE_PORT=${FAKE_PORT:-9901}
GW_PORT=${GW_PORT:-8787}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
JAR=$(ls target/llmgate-*.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || { mvn -B -q package -DskipTests; JAR=$(ls target/llmgate-*.jar | head -1); }
mkdir -p bench/results
OUT=bench/results/$(date +%Y%m%d-%H%M%S).txt

java bench/FakeOpenAi.java "$FAKE_PORT" > bench/results/fake.log 2>&1 &
FAKE=$!
# an H2 file database like the default (in memory, the request log would fill the heap during a long run)
mkdir -p target/bench && rm -f target/bench/run.mv.db target/bench/run.trace.db
java -Xms512m -Xmx512m -jar "$JAR" --gateway.port="$GW_PORT" --server.port=0 \
  --spring.datasource.url="jdbc:h2:file:./target/bench/run;WRITE_DELAY=0" --logging.level.root=WARN --gateway.auth.enabled=false ${GATEWAY_ARGS:-} > bench/results/gateway.log 2>&1 &
GW=$!
trap 'kill $FAKE $GW 2>/dev/null || true' EXIT
for i in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$GW_PORT/health" >/dev/null 2>&1 && curl -sf -o /dev/null -d '{}' "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" && break
  sleep 1
done

HOST="http://127.0.0.1:$FAKE_PORT/v1"
SINGLE="x-gateway-provider: openai|Authorization: Bearer sk-bench|x-gateway-custom-host: $HOST"
FALLBACK="x-gateway-config: {\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"provider\":\"openai\",\"api_key\":\"sk-1\",\"custom_host\":\"$HOST\"},{\"provider\":\"openai\",\"api_key\":\"sk-2\",\"custom_host\":\"$HOST\"}]}"

run() { # name url headers connections
  BENCH_HEADERS="$3" wrk -t"$(( $4 < 2 ? 1 : 2 ))" -c"$4" -d"${DURATION}s" --latency -s bench/chat.lua "$2" | grep RESULT | sed "s/^RESULT/$1 c=$4/"
}

echo "warming up..."
# C2 keeps compiling the request path for a minute or two on two cores: warm both paths well before measuring
BENCH_HEADERS="$SINGLE" wrk -t2 -c16 -d"${WARMUP:-60}s" -s bench/chat.lua "http://127.0.0.1:$GW_PORT/v1/chat/completions" >/dev/null
BENCH_HEADERS="$FALLBACK" wrk -t2 -c16 -d"$(( ${WARMUP:-60} / 2 ))s" -s bench/chat.lua "http://127.0.0.1:$GW_PORT/v1/chat/completions" >/dev/null

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, ${DURATION}s per run"
  for c in 1 "$CONNECTIONS"; do
    run direct   "$HOST/chat/completions" "" "$c"
    run single   "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$SINGLE" "$c"
    run fallback "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$FALLBACK" "$c"
  done
} | tee "$OUT.raw"

# added latency and throughput ratio against the direct call at the same concurrency
awk '
  /^#/ { next }
  { split($0, f, " "); name=f[1]; c=f[2];
    for (i = 3; i <= NF; i++) { split($i, kv, "="); v[name, c, kv[1]] = kv[2] }
    cs[c] = 1 }
  END {
    for (c in cs) {
      printf "%s\n", c
      for (n = 1; n <= 2; n++) {
        name = (n == 1) ? "single" : "fallback"
        printf "  %-8s added p50 %7.3f ms  added p99 %7.3f ms  throughput %6.1f rps = %.2f x direct (%s rps)\n", name,
          (v[name, c, "p50_us"] - v["direct", c, "p50_us"]) / 1000, (v[name, c, "p99_us"] - v["direct", c, "p99_us"]) / 1000,
          v[name, c, "rps"], v[name, c, "rps"] / v["direct", c, "rps"], v["direct", c, "rps"]
      }
      printf "  fallback vs single: added p50 %.3f ms\n", (v["fallback", c, "p50_us"] - v["single", c, "p50_us"]) / 1000
    }
  }' "$OUT.raw" | tee "$OUT"
