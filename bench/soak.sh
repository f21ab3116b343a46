#!/usr/bin/env bash
# Soak run (issue 19): the gateway jar under SOAK_SECONDS (default 600) of mixed load — CLIENTS clients, every other
# request streamed, through a fallback config whose primary mixes every fault FaultRunTest covers (5xx, 429 with
# Retry-After, hangs, resets mid-body and mid-stream, garbage, trickles) and whose fallback is healthy — while the
# gateway's heap (as found, and after a full GC), RSS, fds and threads are sampled every 10 s into a CSV. Ends with first/last/max per column and a
# verdict: flat when the last minute's average is within FLAT_PCT % of the second minute's; fails when a request after
# the first WARMUP_SECONDS failed (a stream cut after its first chunks aside), hung or outlasted its bound (the
# warm-up's requests are reported apart: a cold JIT on a loaded machine can miss 800 ms). Loopback only; bounded:
# the load stops after SOAK_SECONDS, the start-up wait after START_TIMEOUT (600) s.
#   bench/soak.sh                 SOAK_SECONDS=120 bench/soak.sh for a short run
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
SOAK_SECONDS=${SOAK_SECONDS:-600}
CLIENTS=${CLIENTS:-16}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}  # the first minute of the load: reported apart, not failing the run
FLAT_PCT=${FLAT_PCT:-10}
GW_PORT=${GW_PORT:-8797}        # not bench/run.sh's 8787/9901: both may run on one machine
ADMIN_PORT=${ADMIN_PORT:-8798}
[ "$SOAK_SECONDS" -ge 180 ] || echo "note: the verdict compares minute 2 with the last minute; under 180 s they overlap"

JAR=$(ls target/llmgate-*.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || { mvn -B -q package -DskipTests; JAR=$(ls target/llmgate-*.jar | head -1); }
CP=$(bench/classpath.sh)        # the load (bench/src) uses the test fakes
mkdir -p bench/results target/soak
OUT=bench/results/soak-$(date +%Y%m%d-%H%M%S)
rm -f target/soak/db.mv.db target/soak/db.trace.db

# as bench/run.sh: a fixed 512 MB heap and an H2 file database like the default, gateway keys off
java -Xms512m -Xmx512m -jar "$JAR" --gateway.port="$GW_PORT" --server.port="$ADMIN_PORT" --server.address=127.0.0.1 \
  --gateway.host=127.0.0.1 --spring.datasource.url="jdbc:h2:file:./target/soak/db;WRITE_DELAY=0" \
  --logging.level.root=WARN --gateway.auth.enabled=false ${GATEWAY_ARGS:-} > "$OUT.gateway.log" 2>&1 &
GW=$!
LOAD=""
trap 'kill $GW $LOAD 2>/dev/null || true' EXIT
# a start takes 15-45 s on 2 quiet cores and minutes on a loaded machine; the load must not begin before it ends
READY_BY=$(( $(date +%s) + ${START_TIMEOUT:-600} ))
until curl -sf "http://127.0.0.1:$GW_PORT/health" >/dev/null 2>&1; do
  kill -0 $GW 2>/dev/null || { echo "the gateway did not start: $OUT.gateway.log"; exit 1; }
  [ "$(date +%s)" -lt "$READY_BY" ] || { echo "the gateway was not ready after ${START_TIMEOUT:-600} s"; exit 1; }
  sleep 1
done

sample() { # t: heap used (as found: G1's saw-tooth), heap after a full GC (jcmd GC.run), RSS MB, fds, threads, load
  local heap after
  heap=$(jcmd "$GW" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | sed -n 1p | tr -dc '0-9' || true)
  jcmd "$GW" GC.run >/dev/null 2>&1 || true   # the live set: a leak grows it, young garbage does not
  after=$(jcmd "$GW" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | sed -n 1p | tr -dc '0-9' || true)
  printf '%s,%s,%s,%s,%s,%s,%s\n' "$1" "$(( ${heap:-0} / 1024 ))" "$(( ${after:-0} / 1024 ))" \
    "$(( $(awk '/^VmRSS/ {print $2}' /proc/$GW/status) / 1024 ))" "$(ls /proc/$GW/fd | wc -l)" \
    "$(awk '/^Threads/ {print $2}' /proc/$GW/status)" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "t_s,heap_used_mb,heap_after_gc_mb,rss_mb,fds,threads,load1" > "$OUT.csv"
sample 0 >> "$OUT.csv"
java -cp "$CP" io.llmgate.bench.SoakLoad "$GW_PORT" "$SOAK_SECONDS" "$CLIENTS" "$WARMUP_SECONDS" > "$OUT.load.log" 2>&1 &
LOAD=$!
START=$(date +%s)
echo "soak: ${SOAK_SECONDS}s, $CLIENTS clients, gateway pid $GW; samples in $OUT.csv"
while kill -0 $LOAD 2>/dev/null; do
  sleep 10
  kill -0 $LOAD 2>/dev/null || break
  sample "$(( $(date +%s) - START ))" | tee -a "$OUT.csv"
done
set +e; wait $LOAD; LOAD_RC=$?; set -e
sleep 5                          # the last connections close; then one more sample, after the load
sample "$(( $(date +%s) - START ))" | tee -a "$OUT.csv"
grep -E '^(SOAK|outcomes)' "$OUT.load.log" || tail -20 "$OUT.load.log"

# first/last/max per column; flat = the last minute of load averages within FLAT_PCT % of the second minute
awk -F, -v pct="$FLAT_PCT" -v dur="$SOAK_SECONDS" '
  NR == 1 { for (i = 2; i <= 6; i++) name[i] = $i; next }
  { n++; for (i = 2; i <= 6; i++) { v = $i + 0; if (n == 1) first[i] = v; last[i] = v; if (v > max[i]) max[i] = v }
    if ($1 > 60 && $1 <= 120) for (i = 2; i <= 6; i++) { m2[i] += $i; c2[i]++ }
    if ($1 > dur - 60 && $1 <= dur) for (i = 2; i <= 6; i++) { ml[i] += $i; cl[i]++ }
    if ($7 > maxload) maxload = $7 }
  END {
    verdict = "FLAT"
    printf "%-14s %8s %8s %8s %10s %10s  %s\n", "metric", "first", "last", "max", "minute 2", "last min", "verdict"
    for (i = 2; i <= 6; i++) {
      a = c2[i] ? m2[i] / c2[i] : 0; b = cl[i] ? ml[i] / cl[i] : 0
      ok = (b <= a * (1 + pct / 100)) ? "flat" : "GROWING"
      if (i == 2) ok = "(saw-tooth)"   # heap as found depends on when the sample falls between young GCs
      else if (ok != "flat") verdict = "GROWING"
      printf "%-14s %8d %8d %8d %10.1f %10.1f  %s\n", name[i], first[i], last[i], max[i], a, b, ok
    }
    printf "max load average (1 min): %s\n", maxload
    printf "verdict: %s (last minute within %d%% of minute 2)\n", verdict, pct
  }' "$OUT.csv" | tee "$OUT.summary"
[ "$LOAD_RC" = 0 ] || { echo "the load saw requests that failed, hung or took too long: $OUT.load.log"; exit 1; }
grep -q '^verdict: FLAT' "$OUT.summary"
