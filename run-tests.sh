#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Kafka broker started inside the test
# JVM and real influxd processes, all on 127.0.0.1 and free ports, and the generator's container image
# under podman. Installs InfluxDB 1.x, shellcheck, jq, docker-compose, podman, runc and mmdebstrap from
# Debian's packages when they are missing. Extra arguments go to Maven, e.g. ./run-tests.sh -pl generator -am
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
# ContainerRunIT runs the generator image with podman and runc, on a JRE base that mmdebstrap builds.
# The base is cached under ~/.cache/fintrans, so only the first run downloads its Debian packages. Where
# the base cannot be built or podman cannot run a container of it, the images stay on scratch and Maven
# reports ContainerRunIT as skipped.
image_options=()
if ensure_debian_tools podman:podman runc:runc mmdebstrap:mmdebstrap && jre_base=$(scripts/build-jre-base.sh --check); then
  image_options=(-Dimage.test.base="tar://$jre_base")
else
  echo "warning: no JRE base image could be built (see the errors above), so ContainerRunIT will be skipped." >&2
fi

exec mvn -B verify "${image_options[@]}" "$@"
