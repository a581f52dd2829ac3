#!/usr/bin/env bash
# Builds fintrans, starts a Kafka broker and InfluxDB on 127.0.0.1, and measures the generator, detector and
# ingester throughput against Kafka's and InfluxDB's own clients, and the alert latency. docs/benchmarks.md
# explains the figures. Arguments go to the benchmark driver; --help lists them.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# shellcheck source=scripts/install-influxdb.sh
. scripts/install-influxdb.sh

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is not installed. Install Java 17 and Maven, for example: sudo apt-get install -y openjdk-17-jdk maven" >&2
    exit 1
  fi
done
ensure_influxdb

work_dir=${FINTRANS_BENCH_DIR:-$root/benchmark-data}
classpath="$root/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$root/benchmarks/target/lib/*"

echo "Building the jars (mvn -B -q package -DskipTests ${FINTRANS_MAVEN_OPTIONS:-}) ..."
# shellcheck disable=SC2086 # FINTRANS_MAVEN_OPTIONS holds several options, such as -o.
mvn -B -q package -DskipTests ${FINTRANS_MAVEN_OPTIONS:-}

rm -rf "$work_dir"
mkdir -p "$work_dir"
java -cp "$classpath" fintrans.benchmarks.BenchmarkMain --project-root "$root" --work-dir "$work_dir" \
  --summary-file "$work_dir/summary.txt" "$@"

# The detector core and memory figures (JMH) come from their own script when it is part of the project.
core_script=scripts/bench-detector-core.sh
if [ -f "$core_script" ]; then
  echo
  echo "Running $core_script ..."
  bash "$core_script" 2>&1 | tee "$work_dir/detector-core.log"
  if ! grep -E '^(detector-core|detector-memory)' "$work_dir/detector-core.log" >>"$work_dir/summary.txt"; then
    echo "detector-core: $core_script printed no detector-core or detector-memory line; see $work_dir/detector-core.log" \
      >>"$work_dir/summary.txt"
  fi
  echo
  echo "==== fintrans benchmark summary, with the detector core figures ===="
  cat "$work_dir/summary.txt"
fi
