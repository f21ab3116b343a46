#!/usr/bin/env bash
# Runtime settings by measurement: the gateway (bin/llmgate, auth on, named fallback config, request log on) at a
# constant RATE (default 2,000 req/s, open loop) under each JVM option set in turn, paired with the fake provider
# called directly just before, ROUNDS rounds per variant after a WARM s closed-loop warm-up. Prints one line per run
# (added p50/p99/p99.9 against the direct run next to it), the load average, and the gateway's RSS.
#   bench/gc.sh                                  the default variants below
#   VARIANTS="zgc=-XX:+UseZGC g1=-XX:+UseG1GC" bench/gc.sh
#   JFR=zgc bench/gc.sh                          a flight recording of that variant's measured runs in bench/results
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
RATE=${RATE:-2000}; ROUNDS=${ROUNDS:-2}; DURATION=${DURATION:-10}; WARM=${WARM:-20}
VARIANTS=${VARIANTS:-"zgc=-XX:+UseZGC g1-20ms=-XX:+UseG1GC,-XX:MaxGCPauseMillis=20 shenandoah=-XX:+UseShenandoahGC zgc-384m=-XX:+UseZGC,-Xmx384m,-Xms128m"}
FAKE_PORT=19911; GW_PORT=19887; ADMIN_PORT=19888
STAMP=$(date -u +%Y%m%d-%H%M%S); mkdir -p bench/results target/bench
OUT=bench/results/gc-$STAMP
CP=${CP:-$(bench/classpath.sh)}   # CP=... skips the Maven step when the classes are built
LOADGEN=(java -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -cp "$CP" io.llmgate.bench.LoadGen)
PIDS=(); trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
wait_http() { for _ in $(seq 1 $(( $2 * 10 ))); do curl -s -o /dev/null -m 1 "$1" && return 0; sleep 0.1; done; return 1; }
java -Xmx256m bench/FakeOpenAi.java "$FAKE_PORT" > "$OUT.fake.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$FAKE_PORT/" 60
HOST="http://127.0.0.1:$FAKE_PORT/v1"
ADMIN_KEY="lga-benchkey-$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'a-zA-Z0-9' | head -c 32)"
for v in $VARIANTS; do
  name=${v%%=*}; jopts=${v#*=}; jopts=${jopts//,/ }
  [ "${JFR:-}" = "$name" ] && jopts="$jopts -XX:StartFlightRecording=filename=$OUT.$name.jfr,settings=profile"
  jopts="$jopts -XX:NativeMemoryTracking=summary"
  t0=$(date +%s%3N)
  LLMGATE_AOT=off LLMGATE_JAVA_OPTS="$jopts" LLMGATE_ADMIN_API_KEY=$ADMIN_KEY LLMGATE_MASTER_KEY=$(head -c 32 /dev/urandom | base64) \
    bin/llmgate --gateway.port=$GW_PORT --server.port=$ADMIN_PORT --gateway.host=127.0.0.1 --logging.level.root=WARN \
    --spring.datasource.url="jdbc:h2:file:./target/bench/gc-$STAMP-$name;AUTO_SERVER=FALSE;WRITE_DELAY=0" > "$OUT.$name.log" 2>&1 &
  GW=$!; PIDS+=($GW)
  wait_http "http://127.0.0.1:$GW_PORT/health" 180
  up=$(( $(date +%s%3N) - t0 ))
  A=http://127.0.0.1:$ADMIN_PORT/admin/api; H=(-s -H "Authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json')
  ws=$(curl "${H[@]}" "$A/workspaces" | jq -r '.data[0].id')
  vk=$(curl "${H[@]}" "$A/workspaces/$ws/virtual-keys" -d '{"name":"bench","provider":"openai","secret":"sk-bench"}' | jq -r .id)
  key=$(curl "${H[@]}" "$A/workspaces/$ws/api-keys" -d '{"name":"bench"}' | jq -r .key)
  curl "${H[@]}" -o /dev/null "$A/configs" -d "{\"id\":\"pc-bench\",\"name\":\"bench\",\"workspace_id\":\"$ws\",\"config\":{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"$vk\",\"custom_host\":\"$HOST\"},{\"virtual_key\":\"$vk\",\"custom_host\":\"$HOST\"}]}}"
  GWH=(--header "Authorization: Bearer $key" --header "x-gateway-config: pc-bench")
  "${LOADGEN[@]}" --url "http://127.0.0.1:$GW_PORT/v1/chat/completions" "${GWH[@]}" --closed 16 --warmup 0 --duration "$WARM" >/dev/null
  for r in $(seq 1 "$ROUNDS"); do
    d=$("${LOADGEN[@]}" --url "$HOST/chat/completions" --rate "$RATE" --warmup 2 --duration "$DURATION" --label direct | grep RESULT)
    load=$(cut -d' ' -f1 /proc/loadavg)
    g=$("${LOADGEN[@]}" --url "http://127.0.0.1:$GW_PORT/v1/chat/completions" "${GWH[@]}" --rate "$RATE" --warmup 2 --duration "$DURATION" --label "$name" | grep RESULT)
    rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$GW/status)
    echo "$g" | awk -v d="$d" -v n="$name" -v r="$r" -v ld="$load" -v rss="$rss" -v up="$up" '
      function val(s, k,   m) { return match(s, " " k "=[0-9.]+") ? substr(s, RSTART + length(k) + 2, RLENGTH - length(k) - 2) : -1 }
      { printf "GC %s round=%s startup_ms=%s load=%s rss_mb=%s errors=%s p50_us=%s p99_us=%s p999_us=%s max_us=%s added_p50_ms=%.2f added_p99_ms=%.2f added_p999_ms=%.1f\n",
          n, r, up, ld, rss, val($0, "errors"), val($0, "p50_us"), val($0, "p99_us"), val($0, "p999_us"), val($0, "max_us"),
          (val($0, "p50_us") - val(d, "p50_us")) / 1000, (val($0, "p99_us") - val(d, "p99_us")) / 1000, (val($0, "p999_us") - val(d, "p999_us")) / 1000 }' \
      | tee -a "$OUT.txt"
  done
  # where the resident memory goes (native memory tracking is on in every variant alike)
  jcmd "$GW" VM.native_memory summary 2>/dev/null | grep -E '^(Total|-  *(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Metaspace|Shared class space|Arena Chunk)) ' \
    | sed "s/^/NMT $name /" | tee -a "$OUT.txt" || true
  kill "$GW"; while kill -0 "$GW" 2>/dev/null; do sleep 0.2; done
done
