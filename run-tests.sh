#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Kafka broker started inside the test
# JVM and real influxd processes, all on 127.0.0.1 and free ports. Installs InfluxDB 1.x, shellcheck, jq
# and docker-compose from Debian's packages when they are missing. Extra arguments go to Maven, e.g. ./run-tests.sh -pl generator -am
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/install-influxdb.sh
. scripts/install-influxdb.sh

if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Maven is not installed. Install it with: sudo apt-get install -y maven" >&2
  exit 1
fi
ensure_influxdb
# The deployment file tests run shellcheck, jq (used by the install scripts) and docker-compose.
ensure_debian_tools shellcheck:shellcheck jq:jq docker-compose:docker-compose

exec mvn -B verify "$@"
