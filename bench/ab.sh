#!/usr/bin/env bash
# Two builds of the gateway side by side, in one run on one machine: the same routing configs through each, the
# runs alternated (A B B A ...) so the machine's drift hits both alike. For a change on the request path, e.g. the
# routing interpreter against the configs compiled into Camel routes (issue 20).
#   bench/ab.sh OLD.jar NEW.jar        ROUNDS=4 DURATION=10 RATE=1000 SAT=16
# Each gateway: auth off, request log on (H2 file), JVM options from bin/llmgate's defaults. Cases per round:
# sequential, an open-loop RATE req/s and a closed-loop SAT connections, each through (1) an inline fallback config
# and (2) the same config with a circuit breaker on its first target. Bounded: ~ROUNDS x 6 x 2 x DURATION s.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
[ $# = 2 ] || { echo "usage: bench/ab.sh A.jar B.jar" >&2; exit 2; }
A_JAR=$1; B_JAR=$2
ROUNDS=${ROUNDS:-4}; DURATION=${DURATION:-10}; RATE=${RATE:-1000}; SAT=${SAT:-16}
FAKE_PORT=${FAKE_PORT:-9911}; A_PORT=${A_PORT:-8791}; B_PORT=${B_PORT:-8792}
mkdir -p bench/results target/bench
OUT=bench/results/ab-$(date +%Y%m%d-%H%M%S); RAW=$OUT.raw; : > "$RAW"
CP=$(bench/classpath.sh)
LOADGEN=(java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -cp "$CP" io.llmgate.bench.LoadGen)
JVM=(-XX:+UseZGC -Xms256m -Xmx512m)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
wait_http() { for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null -m 1 "$1" && return 0; sleep 0.1; done; return 1; }

java -Xmx256m bench/FakeOpenAi.java "$FAKE_PORT" > "$OUT.fake.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$FAKE_PORT/" 60
for side in A B; do
  jar_var=${side}_JAR; port_var=${side}_PORT
  rm -f "target/bench/ab-$side".*.db
  java "${JVM[@]}" -jar "${!jar_var}" --gateway.port="${!port_var}" --server.port=0 --gateway.host=127.0.0.1 \
    --gateway.auth.enabled=false --logging.level.root=WARN \
    --spring.datasource.url="jdbc:h2:file:./target/bench/ab-$side;WRITE_DELAY=0" > "$OUT.$side.log" 2>&1 &
  PIDS+=($!)
done
wait_http "http://127.0.0.1:$A_PORT/health" 300; wait_http "http://127.0.0.1:$B_PORT/health" 300

HOST="http://127.0.0.1:$FAKE_PORT/v1"
T="{\"provider\":\"openai\",\"api_key\":\"sk-bench\",\"custom_host\":\"$HOST\""
FALLBACK="{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[$T},$T}]}"
BREAKER="{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[$T,\"circuit_breaker\":{\"minimum_calls\":20}},$T}]}"
run() { # side case config-name config args...
  local side=$1 kase=$2 cname=$3 config=$4; shift 4
  local port_var=${side}_PORT
  "${LOADGEN[@]}" --url "http://127.0.0.1:${!port_var}/v1/chat/completions" --header "x-gateway-config: $config" \
    --duration "$DURATION" --warmup 2 --label "$side-$kase-$cname" "$@" | grep '^RESULT' \
    | sed "s/^RESULT/RESULT round=$ROUND side=$side case=$kase config=$cname load=$(cut -d' ' -f1 /proc/loadavg)/" \
    | tee -a "$RAW"
}
ROUND=0
# warm-up: both JITs past the request path before anything is measured
for side in A B; do run "$side" warm fallback "$FALLBACK" --closed "$SAT" >/dev/null; run "$side" warm breaker "$BREAKER" --closed "$SAT" >/dev/null; done
for ROUND in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $(( ROUND % 2 )) = 0 ] && order="B A"
  for kase in seq open sat; do
    case $kase in seq) args=(--closed 1) ;; open) args=(--rate "$RATE") ;; sat) args=(--closed "$SAT") ;; esac
    for cfg in fallback breaker; do
      config=$FALLBACK; [ "$cfg" = breaker ] && config=$BREAKER
      for side in $order; do run "$side" "$kase" "$cfg" "$config" "${args[@]}"; done
    done
  done
done
# median over rounds per side, case and config: p50, p99 (µs) and achieved req/s
echo; echo "side case config  p50_us(median) p99_us(median) rps(median)  [min..max p50 over rounds]"
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
       k = f["side"] " " f["case"] " " f["config"]; n[k]++; p50[k, n[k]] = f["p50_us"]; p99[k, n[k]] = f["p99_us"]; rps[k, n[k]] = f["achieved_rps"] }
     function med(a, k, c,   i, j, t, v) { for (i = 1; i <= c; i++) v[i] = a[k, i]
       for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
       return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2 }
     function lo(a, k, c,   i, m) { m = a[k, 1]; for (i = 2; i <= c; i++) if (a[k, i] + 0 < m + 0) m = a[k, i]; return m }
     function hi(a, k, c,   i, m) { m = a[k, 1]; for (i = 2; i <= c; i++) if (a[k, i] + 0 > m + 0) m = a[k, i]; return m }
     END { for (k in n) printf "%s  %d %d %.0f  [%d..%d]\n", k, med(p50, k, n[k]), med(p99, k, n[k]), med(rps, k, n[k]), lo(p50, k, n[k]), hi(p50, k, n[k]) }' \
  "$RAW" | sort -k2,2 -k3,3 -k1,1 | tee "$OUT.summary"
