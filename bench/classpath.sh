#!/usr/bin/env bash
# Compiles the project and its benchmarks, and prints the classpath to run them with.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
echo "target/classes:target/test-classes:$(cat target/bench.classpath)"
