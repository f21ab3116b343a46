#!/usr/bin/env bash
# Request log on vs off: throughput and CPU per request of one gateway whose request log is switched on and off
# between runs (one JVM, one JIT state: two JVMs side by side differed by more than the effect measured), loaded
# in turns A/B with the order swapped every round, against a fake provider on loopback.
#   bench/throughput.sh [db=h2|pg] [rounds=16] [seconds=5] [connections=16]
#   ALTERNATE=2 WINDOWS=200 bench/throughput.sh pg   instead of the rounds of 5 s runs: one long wrk run while the
#                                  gateway switches its log itself every 2 s, 200 windows (100 pairs a few seconds
#                                  apart: the VM's swings of speed cancel far better than between separate runs)
#   PIN=1 bench/throughput.sh pg   the gateway on CPU 0, everything else (wrk, the provider, the gateway's
#                                  PostgreSQL backends) on CPU 1: the gateway's core is the bottleneck, as on a host
#                                  of its own with the database elsewhere
#   WRITER_CPU=1, WRITER_NICE=19   diagnostics: the log writer thread moved to CPU 1, or at that nice value
# Needs wrk (apt-get install -y wrk). Per run: wrk's requests/s and latency, and the CPU time per request of the
# gateway JVM, of its threads by kind (request path, log writer, GC, JIT; from /proc) and (pg) of its PostgreSQL
# backends. The fake provider (bench/FakeOpenAi.java)
# runs in its own JVM with TCP_NODELAY: without it every answer waits ~40 ms for a delayed ACK.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
DB=${1:-h2}; ROUNDS=${2:-16}; SECONDS_PER_RUN=${3:-5}; CONNECTIONS=${4:-16}; PIN=${PIN:-0}
CP=$(bench/classpath.sh)
mkdir -p bench/results target/bench
OUT=bench/results/throughput-$DB-pin$PIN.txt; : > "$OUT"
CONTROL=target/bench/logging; echo on > "$CONTROL"
TICK=$(getconf CLK_TCK)
GW=18787; ADMIN=18788; FAKE_PORT=${FAKE_PORT:-18799}
CPU0=""; CPU1=""
if [ "$PIN" = 1 ]; then CPU0="taskset -c 0"; CPU1="taskset -c 1"; fi

$CPU1 java -Xmx256m bench/FakeOpenAi.java "$FAKE_PORT" > bench/results/provider.log 2>&1 &
PROVIDER_PID=$!
$CPU0 java -Xmx1g ${GATEWAY_OPTS:-} -cp "$CP" io.llmgate.bench.GatewayUnderLoad "$CONTROL" "$DB" "$GW" "$ADMIN" \
  > bench/results/gateway.log 2>&1 &
GATEWAY_PID=$!
trap 'kill $PROVIDER_PID $GATEWAY_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 400); do grep -q '^READY' bench/results/gateway.log && break; sleep 0.5; done
grep -q '^READY' bench/results/gateway.log || { echo "the gateway did not start: bench/results/gateway.log"; exit 1; }
for _ in $(seq 1 60); do
  curl -sf -o /dev/null -d '{}' "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" && break; sleep 0.5; done
export PROVIDER="http://127.0.0.1:$FAKE_PORT"

cpu_ticks() { local total=0 p; for p in "$@"; do
  if [ -r "/proc/$p/stat" ]; then total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); fi; done
  echo "$total"; }
# CPU ticks of the gateway's threads by kind: request path (Camel, Netty, upstream), log writer, GC, JIT, other
thread_ticks() { local t; for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(cut -d')' -f2- "$t/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done | awk -F'\t' '$1 ~ /^(Camel|upstream)/ {r += $2; next} $1 ~ /^request-log/ {w += $2; next}
    $1 ~ /^(VM Thread|GC Thread|G1 )/ {g += $2; next} $1 ~ /^(C1 |C2 |Sweeper)/ {j += $2; next} {o += $2}
    END {printf "%d %d %d %d %d", r, w, g, j, o}'; }
pg_pids() { if [ "$DB" = pg ]; then psql -h 127.0.0.1 -U postgres -d test -Atc "select pid from pg_stat_activity \
  where application_name = 'llmgate-bench'" 2>/dev/null | tr '\n' ' '; fi; }
# busy and total ticks of CPU 0 and CPU 1 (busy: user, nice, system, irq, softirq)
cpu_busy() { awk '/^cpu[01] / {printf "%d %d ", $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
load() { $CPU1 wrk -t2 -c"$CONNECTIONS" -d"$1s" -s bench/chat-logged.lua "http://127.0.0.1:$GW/v1/chat/completions"; }
logs() { echo "$1" > "$CONTROL"; sleep 0.3; }

PG_PIDS=$(pg_pids)
if [ "$PIN" = 1 ]; then for p in $PG_PIDS; do taskset -p -c 1 "$p" > /dev/null; done; fi
# DB_IDLE=1: PostgreSQL only gets CPU 1 when wrk and the fake provider leave it idle, as on a host of its own where
# it cannot delay the client and the provider. Each backend is a session of its own, and with autogroup scheduling
# (the Linux default) SCHED_IDLE alone does nothing against other sessions: each backend's group gets nice 19 too
# (the groups end with the backends).
if [ "${DB_IDLE:-0}" = 1 ]; then
  for p in $PG_PIDS; do
    chrt --idle -p 0 "$p"; if [ -w "/proc/$p/autogroup" ]; then echo 19 > "/proc/$p/autogroup"; fi
  done
fi
# WRITER_CPU=1: the log writer thread on CPU 1, away from the request threads (a diagnostic: what the writer's
# work on the gateway's core costs the request threads, beyond its own CPU time)
if [ -n "${WRITER_CPU:-}" ]; then
  for t in /proc/"$GATEWAY_PID"/task/*; do
    if grep -q '^request-log-w' "$t/comm"; then taskset -p -c "$WRITER_CPU" "$(basename "$t")" > /dev/null; fi
  done
fi
# WRITER_NICE=19: the log writer thread at that nice value (a diagnostic: at saturation it starves and entries drop)
if [ -n "${WRITER_NICE:-}" ]; then
  for t in /proc/"$GATEWAY_PID"/task/*; do
    if grep -q '^request-log-w' "$t/comm"; then renice -n "$WRITER_NICE" -p "$(basename "$t")" > /dev/null; fi
  done
fi
# warm-up, both ways: C2 keeps compiling the request path for a minute or two on two cores
for _ in 1 2 3; do logs on; load 30 > /dev/null; logs off; load 30 > /dev/null; done

run() {
  local mode=$1; logs "$mode"
  local b t d c; b=$(cpu_ticks "$GATEWAY_PID"); t=$(thread_ticks "$GATEWAY_PID"); d=$(cpu_ticks $PG_PIDS)
  c=$(cpu_busy)
  local result; result=$(load "$SECONDS_PER_RUN" | grep '^RESULT')
  sleep 0.5 # the writer's last batch
  local a t2 d2 c2; a=$(cpu_ticks "$GATEWAY_PID"); t2=$(thread_ticks "$GATEWAY_PID"); d2=$(cpu_ticks $PG_PIDS)
  c2=$(cpu_busy)
  local n; n=$(echo "$result" | sed 's/.*rps=\([0-9.]*\).*/\1/' | awk -v s="$SECONDS_PER_RUN" '{print $1 * s}')
  local busy; busy=$(echo "$c $c2" | awk '{ printf "cpu0_busy_pct=%.0f cpu1_busy_pct=%.0f", 100 * ($5 - $1) / ($6 - $2 + 1e-9),
    100 * ($7 - $3) / ($8 - $4 + 1e-9) }')
  awk -v mode="$mode" -v db="$DB" -v r="$result" -v n="$n" -v k="$TICK" -v g=$((a - b)) -v t="$t" -v t2="$t2" \
    -v d=$((d2 - d)) -v busy="$busy" 'BEGIN {split(t, x, " "); split(t2, y, " "); u = k / 1e6 * n
    printf "db=%s logs=%s %s gateway_cpu_us=%.0f request_threads_us=%.1f writer_cpu_us=%.1f gc_us=%.1f jit_us=%.1f \
other_us=%.1f db_cpu_us=%.0f %s\n", db, mode, r, g / u, (y[1] - x[1]) / u, (y[2] - x[2]) / u, (y[3] - x[3]) / u, \
(y[4] - x[4]) / u, (y[5] - x[5]) / u, d / u, busy}' | tee -a "$OUT"
}
if [ -n "${ALTERNATE:-}" ]; then
  # one long wrk run; the gateway switches its log every ALTERNATE seconds itself (bench/src/.../Alternation.java)
  WINDOWS=${WINDOWS:-200}
  load "$(awk -v p="$ALTERNATE" -v w="$WINDOWS" 'BEGIN {printf "%d", p * w + 4}')" > /dev/null &
  WRK_PID=$!
  sleep 1
  echo "alternate $ALTERNATE $WINDOWS" > "$CONTROL"
  wait "$WRK_PID"
  for _ in $(seq 1 60); do grep -q '^ALTERNATION DONE' bench/results/gateway.log && break; sleep 1; done
  grep '^WINDOW ' bench/results/gateway.log | sed "s/^WINDOW /db=$DB /" | tee -a "$OUT" | tail -4
else
  for i in $(seq 1 "$ROUNDS"); do
    if [ $((i % 2)) -eq 1 ]; then run on; run off; else run off; run on; fi
  done
fi
curl -s "http://127.0.0.1:$ADMIN/metrics" | awk '/^llmgate_log_(dropped|written)_total/ {print}' | tee -a "$OUT"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mean() { awk '{s += $1; n++} END {if (n) printf "%.2f", s / n}'; }
# medians of the 5 s runs; means of the windows (their per-thread CPU comes in whole 10 ms ticks: a median of a
# few ticks per window is too coarse)
STAT=median; if [ -n "${ALTERNATE:-}" ]; then STAT=mean; fi
field() { grep "^db=$DB logs=$1 " "$OUT" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p" | $STAT; }
for mode in on off; do
  echo "$STAT db=$DB pin=$PIN logs=$mode: rps=$(field $mode rps) p50_ms=$(field $mode p50_ms)" \
    "p99_ms=$(field $mode p99_ms) gateway_cpu_us=$(field $mode gateway_cpu_us)" \
    "request_threads_us=$(field $mode request_threads_us) writer_cpu_us=$(field $mode writer_cpu_us)" \
    "gc_us=$(field $mode gc_us) jit_us=$(field $mode jit_us) db_cpu_us=$(field $mode db_cpu_us)" \
    "cpu0_irq_us=$(field $mode cpu0_irq_us) cpu0_steal_us=$(field $mode cpu0_steal_us)" \
    "cpu0_idle_pct=$(field $mode cpu0_idle_pct) queue_depth=$(field $mode queue_depth)" | tee -a "$OUT"
done
# paired: on/off of the two runs of each round (next to each other in time), median over the rounds
grep "^db=$DB logs=" "$OUT" | awk '{
    mode = ($2 == "logs=on") ? "on" : "off"
    for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "rps") r = kv[2]; if (kv[1] == "gateway_cpu_us") c = kv[2] }
    n++; rps[mode] = r; cpu[mode] = c
    if (n % 2 == 0) {
      # a window without requests (the load ended before it) is no measurement: its pair is left out, and said so
      if (rps["on"] > 0 && rps["off"] > 0) printf "%.4f %.4f\n", rps["on"] / rps["off"], cpu["on"] / cpu["off"]
      else printf "pair %d left out: a window without requests\n", n / 2 > "/dev/stderr"
    }
  }' > "bench/results/pairs-$DB-pin$PIN.txt"
echo "paired median db=$DB pin=$PIN: throughput on/off = $(awk '{print $1}' "bench/results/pairs-$DB-pin$PIN.txt" \
  | median), gateway CPU per request on/off = $(awk '{print $2}' "bench/results/pairs-$DB-pin$PIN.txt" | median)" \
  | tee -a "$OUT"
# how sure: the geometric mean of the rounds' throughput ratios with its 95 % confidence interval (Student's t on the
# logs of the ratios). The VM's noise between runs is several percent: a dozen rounds give about ±3 %.
awk '{ l = log($1); n++; s += l; q += l * l }
  END { if (n < 2) exit; m = s / n; v = (q - n * m * m) / (n - 1); sd = sqrt(v > 0 ? v : 0)
    split("12.71 4.30 3.18 2.78 2.57 2.45 2.36 2.31 2.26 2.23 2.20 2.18 2.16 2.14 2.13 2.12 2.11 2.10 2.09 2.09", t, " ")
    df = n - 1; tq = df <= 20 ? t[df] : (df < 30 ? 2.06 : (df < 60 ? 2.02 : 1.99)); h = tq * sd / sqrt(n)
    printf "paired geometric mean db=%s pin=%s: throughput on/off = %.4f, 95%% CI %.4f to %.4f (%d rounds)\n",
      db, pin, exp(m), exp(m - h), exp(m + h), n }' db="$DB" pin="$PIN" "bench/results/pairs-$DB-pin$PIN.txt" | tee -a "$OUT"
