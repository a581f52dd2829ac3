#!/usr/bin/env bash
# Installs everything fintrans needs on a DC/OS cluster: the Kafka, InfluxDB, Marathon-LB and Grafana
# packages, then the three fintrans apps (install-services.sh). Packages that are installed already are
# left as they are, so running it again is safe. Needs the DC/OS CLI (dcos) and jq.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/dcos-lib.sh
. scripts/dcos-lib.sh

require_tools dcos jq

install_package kafka kafka-config.json
install_package influxdb influx-config.json
install_package marathon-lb
install_package grafana

kafka_ready() {
  dcos kafka endpoints broker 2>/dev/null | jq -e '((.address // []) | length) > 0' >/dev/null
}
wait_until "the Kafka brokers" 1800 kafka_ready
wait_until "InfluxDB" 900 app_ready /influxdb
wait_until "Grafana" 900 app_ready /grafana

./install-services.sh
