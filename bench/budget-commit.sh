#!/usr/bin/env bash
# Latency a client sees from the response waiting for the commit of its budget spend, against writing spend in the
# background: sequential requests, alternating windows in one gateway (bench/src/.../BudgetCommitLatency.java).
#   bench/budget-commit.sh [h2|pg] [windows] [requests per window] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
CP=$(bench/classpath.sh)
java -Xmx512m -cp "$CP" io.llmgate.bench.BudgetCommitLatency "${1:-h2}" "${2:-40}" "${3:-100}" "${4:-1}" 2>&1 | grep -E '^(pg|h2):'
