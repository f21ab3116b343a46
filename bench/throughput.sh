#!/usr/bin/env bash
# Request log on vs off: throughput and CPU per request of two gateways, one with the log on, one with it off,
# running side by side against the same fake provider and loaded in turns (A/B interleaved, the order swapped every
# round), so that whatever else the machine does hits both alike.
#   bench/throughput.sh [db=h2|pg] [rounds=12] [seconds=5] [connections=16]
# Needs wrk (apt-get install -y wrk). Per run: wrk's requests/s and latency, and the CPU time the gateway JVM, its log
# writer thread and (pg) its PostgreSQL backends spent per request. The fake provider (bench/FakeOpenAi.java) runs
# in its own JVM with TCP_NODELAY: without it every answer waits ~40 ms for a delayed ACK.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-h2}; ROUNDS=${2:-12}; SECONDS_PER_RUN=${3:-5}; CONNECTIONS=${4:-16}
CP=$(bench/classpath.sh)
mkdir -p bench/results
OUT=bench/results/throughput-$DB.txt; : > "$OUT"
TICK=$(getconf CLK_TCK)
declare -A PID GW ADMIN
GW[on]=18787; ADMIN[on]=18788; GW[off]=18797; ADMIN[off]=18798

FAKE_PORT=${FAKE_PORT:-18799}
java -Xmx256m bench/FakeOpenAi.java "$FAKE_PORT" > bench/results/provider.log 2>&1 &
PROVIDER_PID=$!
cleanup() { kill $PROVIDER_PID ${PID[on]:-} ${PID[off]:-} 2>/dev/null || true; }
trap cleanup EXIT
for mode in on off; do
  java -Xmx1g -cp "$CP" io.llmgate.bench.GatewayUnderLoad "$mode" "$DB" "${GW[$mode]}" "${ADMIN[$mode]}" \
    > "bench/results/gateway-$mode.log" 2>&1 &
  PID[$mode]=$!
done
for f in gateway-on gateway-off; do
  for _ in $(seq 1 120); do grep -q '^READY' "bench/results/$f.log" && break; sleep 0.5; done
done
for _ in $(seq 1 60); do
  curl -sf -o /dev/null -d '{}' "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" && break; sleep 0.5; done
export PROVIDER="http://127.0.0.1:$FAKE_PORT"

cpu_ticks() { local total=0 p; for p in "$@"; do
  [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$total"; }
writer_ms() { jcmd "$1" Thread.print 2>/dev/null \
  | awk -F'cpu=' '/^"request-log-writer"/ {split($2, a, "ms"); print a[1]; f=1} END {if (!f) print 0}'; }
pg_pids() { [ "$DB" = pg ] && psql -h 127.0.0.1 -U postgres -d test -Atc "select pid from pg_stat_activity \
  where application_name = 'llmgate-bench-$1'" 2>/dev/null | tr '\n' ' ' || true; }
load() { wrk -t2 -c"$CONNECTIONS" -d"$2s" -s bench/chat-logged.lua "http://127.0.0.1:${GW[$1]}/v1/chat/completions"; }

for mode in on off; do load $mode 30 > /dev/null; done # warm-up: the JIT compiles the request path
run() {
  local mode=$1 pid=${PID[$1]} pgp; pgp=$(pg_pids "$1")
  local b w d; b=$(cpu_ticks "$pid"); w=$(writer_ms "$pid"); d=$(cpu_ticks $pgp)
  local result; result=$(load "$mode" "$SECONDS_PER_RUN" | grep '^RESULT')
  sleep 0.5 # the writer's last batch
  local a w2 d2; a=$(cpu_ticks "$pid"); w2=$(writer_ms "$pid"); d2=$(cpu_ticks $pgp)
  local n; n=$(echo "$result" | sed 's/.*rps=\([0-9.]*\).*/\1/' | awk -v s="$SECONDS_PER_RUN" '{print $1 * s}')
  awk -v mode="$mode" -v db="$DB" -v r="$result" -v n="$n" -v k="$TICK" -v g=$((a - b)) -v w="$(awk -v x="$w2" \
    -v y="$w" 'BEGIN {print x - y}')" -v d=$((d2 - d)) 'BEGIN {printf "db=%s logs=%s %s gateway_cpu_us=%.0f \
writer_cpu_us=%.0f db_cpu_us=%.0f\n", db, mode, r, g / k * 1e6 / n, w * 1000 / n, d / k * 1e6 / n}' | tee -a "$OUT"
}
for i in $(seq 1 "$ROUNDS"); do
  if [ $((i % 2)) -eq 1 ]; then run on; run off; else run off; run on; fi
done
for mode in on off; do
  curl -s "http://127.0.0.1:${ADMIN[$mode]}/metrics" \
    | awk -v m=$mode '/^llmgate_log_(dropped|written)_total/ {print "logs=" m, $0}' | tee -a "$OUT"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { grep "^db=$DB logs=$1 " "$OUT" | sed "s/.* $2=\([0-9.]*\).*/\1/" | median; }
for mode in on off; do
  echo "median db=$DB logs=$mode: rps=$(field $mode rps) p50_ms=$(field $mode p50_ms)" \
    "gateway_cpu_us=$(field $mode gateway_cpu_us) writer_cpu_us=$(field $mode writer_cpu_us)" \
    "db_cpu_us=$(field $mode db_cpu_us)" | tee -a "$OUT"
done
# paired: on/off of the two runs of each round (same moment, same background load), median over the rounds
grep "^db=$DB logs=" "$OUT" | awk '{
    mode = ($2 == "logs=on") ? "on" : "off"
    for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "rps") r = kv[2]; if (kv[1] == "gateway_cpu_us") c = kv[2] }
    n++; rps[mode] = r; cpu[mode] = c
    if (n % 2 == 0) { printf "%.4f %.4f\n", rps["on"] / rps["off"], cpu["on"] / cpu["off"] }
  }' > bench/results/pairs-$DB.txt
echo "paired median db=$DB: throughput on/off = $(awk '{print $1}' bench/results/pairs-$DB.txt | median)," \
  "gateway CPU per request on/off = $(awk '{print $2}' bench/results/pairs-$DB.txt | median)" | tee -a "$OUT"
