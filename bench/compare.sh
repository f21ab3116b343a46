#!/usr/bin/env bash
# Side-by-side open-loop benchmark: the fake provider directly, llmgate (auth on, a named fallback config over a
# virtual key, request log on) and Portkey's open-source gateway, all on this machine and in one run.
#   bench/compare.sh                 writes a table into docs/benchmark.md (between the compare markers)
# Settings (environment): RATES="500 2000 5000", ROUNDS=2, DURATION=10 (s per case), WARMUP=3 (s per case, not
# measured), SAT=32 (closed-loop connections for saturation), STREAM_RATE=200, PG=auto|0|1 (a second llmgate on
# PostgreSQL 127.0.0.1:5432/test, at 2,000 req/s), PORTKEY=1, LLMGATE_JAVA_OPTS (extra JVM options for llmgate),
# WRITE_DOC=1. Systems are run in turns, the order rotated every round, so the machine's drift (other builds on
# shared cores) hits them alike; every case records the load average. Bounded: ~10 min with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
RATES=${RATES:-500 2000 5000}; ROUNDS=${ROUNDS:-2}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-3}
SAT=${SAT:-32}; STREAM_RATE=${STREAM_RATE:-200}; PG=${PG:-auto}; PORTKEY=${PORTKEY:-1}; WRITE_DOC=${WRITE_DOC:-1}
FAKE_PORT=19901; GW_PORT=19787; ADMIN_PORT=19788; PG_GW_PORT=19797; PG_ADMIN_PORT=19798; PK_PORT=19902
STAMP=$(date -u +%Y%m%d-%H%M%S)
mkdir -p bench/results target/bench
OUT=bench/results/compare-$STAMP; RAW=$OUT.raw; : > "$RAW"

JAR=$(ls target/llmgate-*.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || { mvn -B -q package -DskipTests; JAR=$(ls target/llmgate-*.jar | head -1); }
CP=$(bench/classpath.sh)
# the generator: one Netty event loop, C1 only and a small serial heap: it must not take the gateway's CPU
LOADGEN=(java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -cp "$CP" io.llmgate.bench.LoadGen)
PK_BIN=target/portkey/node_modules/@portkey-ai/gateway/build/start-server.js
if [ "$PORTKEY" = 1 ] && [ ! -f "$PK_BIN" ]; then
  mkdir -p target/portkey
  # @hono/node-server above 1.14.2 makes Portkey answer every stream with 500 "TypeError: immutable"
  # (Portkey-AI/gateway#1389): pinned by an npm override
  printf '%s\n' '{"name":"portkey-bench","private":true,"dependencies":{"@portkey-ai/gateway":"1.15.2"},' \
    '"overrides":{"@hono/node-server":"1.14.2"}}' > target/portkey/package.json
  (cd target/portkey && npm install --no-audit --no-fund >/dev/null)
fi
if [ "$PG" = auto ]; then
  PG=0; (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && PG=1
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
now_ms() { date +%s%3N; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
load1() { cut -d' ' -f1 /proc/loadavg; }
wait_http() { # url seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null -m 1 "$1" && return 0; sleep 0.1; done
  echo "not up: $1" >&2; return 1
}

java -Xmx256m bench/FakeOpenAi.java "$FAKE_PORT" > "$OUT.fake.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$FAKE_PORT/" 60

ADMIN_KEY="lga-benchkey-$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'a-zA-Z0-9' | head -c 32)"
MASTER_KEY=$(head -c 32 /dev/urandom | base64)
HOST="http://127.0.0.1:$FAKE_PORT/v1"

# starts llmgate, measures start-up (launch to /health) and sets up a key, a virtual key and a named config;
# prints "pid startup_ms ready_ms gateway_key" (ready_ms: launch until it can take the benchmark's requests)
start_llmgate() { # name gw_port admin_port extra-args...
  local name=$1 gw=$2 admin=$3; shift 3
  local t0 pid up A H ws vk key
  t0=$(now_ms)
  LLMGATE_ADMIN_API_KEY=$ADMIN_KEY LLMGATE_MASTER_KEY=$MASTER_KEY \
    bin/llmgate --gateway.port="$gw" --server.port="$admin" --gateway.host=127.0.0.1 \
    --logging.level.root=WARN --logging.level.io.llmgate=INFO "$@" > "$OUT.$name.log" 2>&1 &
  pid=$!
  wait_http "http://127.0.0.1:$gw/health" 180
  up=$(( $(now_ms) - t0 ))
  A=http://127.0.0.1:$admin/admin/api
  H=(-s -H "Authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json')
  ws=$(curl "${H[@]}" "$A/workspaces" | jq -r '.data[0].id')
  vk=$(curl "${H[@]}" "$A/workspaces/$ws/virtual-keys" -d '{"name":"bench","provider":"openai","secret":"sk-bench"}' | jq -r .id)
  key=$(curl "${H[@]}" "$A/workspaces/$ws/api-keys" -d '{"name":"bench"}' | jq -r .key)
  # a routing config as users run one: fallback over two targets, the first healthy (the second is never called)
  curl "${H[@]}" -o /dev/null "$A/configs" -d "{\"id\":\"pc-bench\",\"name\":\"bench\",\"workspace_id\":\"$ws\",\"config\":{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"$vk\",\"custom_host\":\"$HOST\"},{\"virtual_key\":\"$vk\",\"custom_host\":\"$HOST\"}]}}"
  echo "$pid $up $(( $(now_ms) - t0 )) $key"
}

# the throughput of each second after start-up: closed loop, SAT connections, from the moment the gateway is ready
ramp() { # name url header...
  local name=$1 url=$2; shift 2
  local hdrs=(); for h in "$@"; do hdrs+=(--header "$h"); done
  "${LOADGEN[@]}" --url "$url" "${hdrs[@]}" --closed "$SAT" --warmup 0 --duration 30 --per-second --label "$name" \
    | awk -v n="$name" '/^SECOND/ { printf "RAMP %s %s %s\n", n, $2, $3 }' >> "$RAW"
}

GW_ARGS=(--spring.datasource.url="jdbc:h2:file:./target/bench/compare-$STAMP;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0")
read -r GW_PID GW_UP GW_READY GW_KEY < <(start_llmgate llmgate "$GW_PORT" "$ADMIN_PORT" "${GW_ARGS[@]}")
PIDS+=("$GW_PID")
echo "START llmgate startup_ms=$GW_UP ready_ms=$GW_READY" | tee -a "$RAW"
LG_H=("Authorization: Bearer $GW_KEY" "x-gateway-config: pc-bench")
ramp llmgate "http://127.0.0.1:$GW_PORT/v1/chat/completions" "${LG_H[@]}"

# the same without the AOT cache (JDK 25): start-up and warm-up it saves; stopped before the rounds
if [ "${AOT_COMPARE:-1}" = 1 ]; then
  read -r NA_PID NA_UP NA_READY NA_KEY < <(LLMGATE_AOT=off start_llmgate llmgate-no-aot "$PG_GW_PORT" "$PG_ADMIN_PORT" \
    --spring.datasource.url="jdbc:h2:file:./target/bench/compare-noaot-$STAMP;AUTO_SERVER=FALSE;WRITE_DELAY=0")
  echo "START llmgate-no-aot startup_ms=$NA_UP ready_ms=$NA_READY" | tee -a "$RAW"
  ramp llmgate-no-aot "http://127.0.0.1:$PG_GW_PORT/v1/chat/completions" "Authorization: Bearer $NA_KEY" "x-gateway-config: pc-bench"
  kill "$NA_PID"; while kill -0 "$NA_PID" 2>/dev/null; do sleep 0.2; done
fi

PK_H=("x-portkey-provider: openai" "x-portkey-custom-host: $HOST" "Authorization: Bearer sk-bench")
if [ "$PORTKEY" = 1 ]; then
  t0=$(now_ms)
  node "$PK_BIN" --port="$PK_PORT" --headless > "$OUT.portkey.log" 2>&1 & PK_PID=$!; PIDS+=("$PK_PID")
  wait_http "http://127.0.0.1:$PK_PORT/" 60
  echo "START portkey startup_ms=$(( $(now_ms) - t0 )) ready_ms=$(( $(now_ms) - t0 ))" | tee -a "$RAW"
  ramp portkey "http://127.0.0.1:$PK_PORT/v1/chat/completions" "${PK_H[@]}"
fi
if [ "$PG" = 1 ]; then
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA IF EXISTS bench_compare CASCADE; CREATE SCHEMA bench_compare" >/dev/null
  read -r PG_PID PG_UP PG_READY PG_KEY < <(start_llmgate llmgate-pg "$PG_GW_PORT" "$PG_ADMIN_PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench_compare" \
    --spring.datasource.username=postgres --spring.datasource.password= --spring.flyway.schemas=bench_compare)
  PIDS+=("$PG_PID")
  echo "START llmgate-pg startup_ms=$PG_UP ready_ms=$PG_READY" | tee -a "$RAW"
fi

url_of() { case $1 in
  direct) echo "$HOST/chat/completions" ;;
  llmgate) echo "http://127.0.0.1:$GW_PORT/v1/chat/completions" ;;
  llmgate-pg) echo "http://127.0.0.1:$PG_GW_PORT/v1/chat/completions" ;;
  portkey) echo "http://127.0.0.1:$PK_PORT/v1/chat/completions" ;;
esac; }
pid_of() { case $1 in llmgate) echo "$GW_PID" ;; llmgate-pg) echo "$PG_PID" ;; portkey) echo "$PK_PID" ;; *) echo "" ;; esac; }

one() { # round system case
  local sys=$2 kase=$3 args=() hdrs=() key=$GW_KEY
  case $sys in
    llmgate-pg) key=$PG_KEY ;&
    llmgate) hdrs=(--header "Authorization: Bearer $key" --header "x-gateway-config: pc-bench") ;;
    portkey) for h in "${PK_H[@]}"; do hdrs+=(--header "$h"); done ;;
    direct) hdrs=(--header "Authorization: Bearer sk-bench") ;;
  esac
  case $kase in
    open*) args=(--rate "${kase#open}") ;;
    sat) args=(--closed "$SAT") ;;
    seq) args=(--closed 1) ;;
    stream) args=(--rate "$STREAM_RATE" --stream) ;;
  esac
  local load pid line rss=0
  load=$(load1); pid=$(pid_of "$sys")
  line=$("${LOADGEN[@]}" --url "$(url_of "$sys")" "${hdrs[@]}" "${args[@]}" --warmup "$WARMUP" \
    --duration "$DURATION" --label "$sys" 2>/dev/null | grep '^RESULT' || echo "RESULT label=$sys errors=failed")
  [ -n "$pid" ] && rss=$(rss_mb "$pid")
  echo "ROUND $1 case=$kase load=$load rss_mb=$rss ${line#RESULT }" | tee -a "$RAW"
}

SYSTEMS=(direct llmgate); [ "$PORTKEY" = 1 ] && SYSTEMS+=(portkey)
CASES=(seq); for r in $RATES; do CASES+=("open$r"); done; CASES+=(sat stream)
for round in $(seq 1 "$ROUNDS"); do
  for kase in "${CASES[@]}"; do
    systems=("${SYSTEMS[@]}")
    [ "$PG" = 1 ] && [ "$kase" = open2000 ] && systems+=(llmgate-pg)
    # rotate the order every round (and case): no system always runs first or right after another
    n=${#systems[@]}; shift_by=$(( (round + ${#kase}) % n ))
    for i in $(seq 0 $(( n - 1 ))); do one "$round" "${systems[$(( (i + shift_by) % n ))]}" "$kase"; done
  done
done

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine=$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -r)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "node=$(node --version 2>/dev/null || echo none)"
  echo "llmgate_opts=$(sed -n 's/^opts=(\(.*\))$/\1/p' bin/llmgate) -XX:+UseZGC, AOT cache ${LLMGATE_JAVA_OPTS:-}"
  echo "settings=ROUNDS=$ROUNDS DURATION=${DURATION}s WARMUP=${WARMUP}s SAT=$SAT STREAM_RATE=$STREAM_RATE"
} > "$OUT.meta"
java -cp "$CP" io.llmgate.bench.CompareReport "$OUT.meta" "$RAW" > "$OUT.md"
cat "$OUT.md"
if [ "$WRITE_DOC" = 1 ]; then
  awk -v table="$OUT.md" '
    /<!-- compare:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
    /<!-- compare:end -->/ { skip = 0 }
    !skip { print }' docs/benchmark.md > "$OUT.doc" && mv "$OUT.doc" docs/benchmark.md
fi
