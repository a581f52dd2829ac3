#!/usr/bin/env bash
# Measures the heap the laundering detector's window state takes per active pair, at the default rules.
# Usage: scripts/measure-detector-state.sh [PAIRS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=${1:-1000000}
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
mvn -q -B -Dstyle.color=never -DskipTests -pl laundering-detector -am install >/dev/null
mvn -q -B -Dstyle.color=never -pl laundering-detector dependency:build-classpath -Dmdep.outputFile="$classpath_file" >/dev/null
classpath=$(cat "$classpath_file")
java -version 2>&1 | head -n 1
java -Xmx4g -XX:+UseSerialGC -cp "laundering-detector/target/test-classes:laundering-detector/target/classes:$classpath" \
  fintrans.detector.rules.StateFootprint "$pairs"
