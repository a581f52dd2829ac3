#!/usr/bin/env bash
# Measures the laundering detector's rule state without Kafka. A JMH run gives the updates per second on
# one core (1,000,000 distinct pairs, 24 h window, default rules). Heap deltas give the bytes per active
# pair at 1,000,000 and 10,000,000 pairs, and the bytes each further transfer of a pair adds.
# Takes about 2 minutes on 2 cores.
# Usage: scripts/bench-detector-core.sh [FORKS [WARMUP_ITERATIONS [MEASUREMENT_ITERATIONS [SECONDS]]]]
#   (defaults 3 3 5 2, passed to the JMH run)
# The lines starting "detector-core updates/s/core:" and "detector-memory bytes/" are the results.
set -euo pipefail
cd "$(dirname "$0")/.."

build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! mvn -o -q -B -Dstyle.color=never package -pl detector-benchmarks -am -DskipTests >"$build_log" 2>&1; then
  cat "$build_log" >&2
  exit 1
fi
jar=detector-benchmarks/target/detector-benchmarks.jar

java -version 2>&1 | head -n 1
nproc | sed 's/^/cores: /'

# JMH's own output goes to a log; only the result lines reach stdout.
log=detector-benchmarks/target/jmh-output.txt
java -cp "$jar" fintrans.bench.DetectorBenchmarkMain "$@" >"$log" 2>&1 || {
  echo "the JMH run failed; its output is in $log" >&2
  exit 1
}
grep '^detector-core ' "$log"

# Serial GC makes System.gc() a full, compacting collection, so used-heap deltas are stable.
java -Xms6g -Xmx6g -XX:+UseSerialGC -cp "$jar" fintrans.bench.StateFootprint 1000000 extra
java -Xms6g -Xmx6g -XX:+UseSerialGC -cp "$jar" fintrans.bench.StateFootprint 10000000
