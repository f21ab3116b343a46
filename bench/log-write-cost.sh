#!/usr/bin/env bash
# CPU and WAL per logged request, away from the request path: the writer's store inserting entries shaped like
# bench/throughput.sh's requests, in batches of 1,000.
#   bench/log-write-cost.sh [pg|h2] [requests]
#   DDL="DROP INDEX ix_request_log_trace_id" bench/log-write-cost.sh pg   the same with the schema changed first
#   COLD=1 bench/log-write-cost.sh pg      entries read from memory, not cache, as the gateway's writer does
#   BATCH=500 bench/log-write-cost.sh pg   another batch size
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
CP=$(bench/classpath.sh)
java -Xmx1g -Dddl="${DDL:-}" -Dbatch="${BATCH:-1000}" \
  -Dcold="$([ "${COLD:-0}" = 1 ] && echo true || echo false)" -cp "$CP" io.llmgate.bench.LogWriteCost "${1:-pg}" "${2:-300000}" 2>&1 | grep -E '^(pg|h2):'
