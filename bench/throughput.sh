#!/usr/bin/env bash
# Gateway throughput and CPU cost with the request log on and off, alternating, against a fake provider on loopback.
#   bench/throughput.sh [db=h2|pg] [rounds=5] [seconds=20] [connections=16]
# Needs wrk (apt-get install -y wrk). For each run it prints wrk's requests/s and latency, and the CPU time the
# gateway JVM, its log writer thread (and, for pg, the gateway's PostgreSQL backends) spent per request during the
# measured window: on a shared or small machine CPU per request is the steadier number; throughput on a dedicated host follows it.
# The fake provider runs in its own JVM with TCP_NODELAY (sun.net.httpserver.nodelay): without it every provider
# answer waits ~40 ms for a delayed ACK and the test measures that wait instead of the gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-h2}; ROUNDS=${2:-5}; SECONDS_PER_RUN=${3:-20}; CONNECTIONS=${4:-16}
GW=18787; ADMIN=18788
CP=$(bench/classpath.sh)
mkdir -p bench/results
OUT=bench/results/throughput-$DB.txt; : > "$OUT"
TICK=$(getconf CLK_TCK)

java -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$CP" io.llmgate.bench.FakeProviderMain \
  > bench/results/provider.log 2>&1 &
PROVIDER_PID=$!
trap 'kill $PROVIDER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q '^READY' bench/results/provider.log && break; sleep 0.5; done
export PROVIDER; PROVIDER=$(grep '^READY' bench/results/provider.log | awk '{print $2}')

cpu_ticks() { # utime+stime of the given pids, in clock ticks
  local total=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
writer_ms() { # CPU time of the request log writer thread, from a thread dump
  jcmd "$1" Thread.print 2>/dev/null | awk -F'cpu=' '/^"request-log-writer"/ {split($2, a, "ms"); print a[1]; f=1} END {if (!f) print 0}'
}
pg_pids() {
  psql -h 127.0.0.1 -U postgres -d test -Atc \
    "select pid from pg_stat_activity where application_name = 'llmgate-bench'" 2>/dev/null | tr '\n' ' '
}

run() {
  local mode=$1 log=bench/results/gateway-$1.log
  java -Xmx1g -cp "$CP" io.llmgate.bench.GatewayUnderLoad "$mode" "$DB" $GW $ADMIN > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do grep -q '^READY' "$log" && break; sleep 0.5; done
  # warm-up: let the JIT compile the request path
  wrk -t2 -c"$CONNECTIONS" -d20s -s bench/chat-logged.lua "http://127.0.0.1:$GW/v1/chat/completions" > /dev/null
  local pgp=""; [ "$DB" = pg ] && pgp=$(pg_pids)
  local before db_before w_before; before=$(cpu_ticks $pid); db_before=$(cpu_ticks $pgp); w_before=$(writer_ms $pid)
  local result; result=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s bench/chat-logged.lua \
    "http://127.0.0.1:$GW/v1/chat/completions" | grep '^RESULT')
  sleep 1 # the writer's last batch
  local after db_after w_after; after=$(cpu_ticks $pid); db_after=$(cpu_ticks $pgp); w_after=$(writer_ms $pid)
  local rps; rps=$(echo "$result" | sed 's/.*rps=\([0-9.]*\).*/\1/')
  local n; n=$(awk -v r="$rps" -v s="$SECONDS_PER_RUN" 'BEGIN {print r * s}')
  local gw_us db_us
  gw_us=$(awk -v t=$((after - before)) -v k="$TICK" -v n="$n" 'BEGIN {printf "%.0f", t / k * 1e6 / n}')
  db_us=$(awk -v t=$((db_after - db_before)) -v k="$TICK" -v n="$n" 'BEGIN {printf "%.0f", t / k * 1e6 / n}')
  local writer_us; writer_us=$(awk -v a="$w_after" -v b="$w_before" -v n="$n" 'BEGIN {printf "%.0f", (a - b) * 1000 / n}')
  local dropped; dropped=$(curl -s "http://127.0.0.1:$ADMIN/metrics" | awk '/^llmgate_log_dropped_total/ {s += $2} END {print s + 0}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "db=$DB logs=$mode $result gateway_cpu_us_per_req=$gw_us writer_cpu_us_per_req=$writer_us db_cpu_us_per_req=$db_us log_dropped=$dropped" \
    | tee -a "$OUT"
}
for _ in $(seq 1 "$ROUNDS"); do run on; run off; done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for mode in on off; do
  rps=$(grep "logs=$mode " "$OUT" | sed 's/.*rps=\([0-9.]*\).*/\1/' | median)
  cpu=$(grep "logs=$mode " "$OUT" | sed 's/.*gateway_cpu_us_per_req=\([0-9]*\).*/\1/' | median)
  wr=$(grep "logs=$mode " "$OUT" | sed 's/.*writer_cpu_us_per_req=\([0-9]*\).*/\1/' | median)
  dbc=$(grep "logs=$mode " "$OUT" | sed 's/.*db_cpu_us_per_req=\([0-9]*\).*/\1/' | median)
  echo "median db=$DB logs=$mode: rps=$rps gateway_cpu_us_per_req=$cpu writer_cpu_us_per_req=$wr db_cpu_us_per_req=$dbc" \
    | tee -a "$OUT"
done
