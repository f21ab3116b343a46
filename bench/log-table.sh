#!/usr/bin/env bash
# Fills the request log with 1M requests and times the admin API's queries on it.
#   bench/log-table.sh [h2|pg] [rows]     (pg: 127.0.0.1:5432, database test, user postgres, schema llmgate_obs_bench)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
CP=$(bench/classpath.sh)
mkdir -p bench/results
java -Xmx2g -cp "$CP" io.llmgate.bench.LogTableBench "${1:-h2}" "${2:-1000000}" | tee "bench/results/log-table-${1:-h2}.txt"
