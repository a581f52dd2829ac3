#!/usr/bin/env bash
# Deploys the fintrans generator, InfluxDB ingester and laundering detector as Marathon apps under
# /fintrans/, with the Kafka broker address that the DC/OS Kafka service reports. Running it again
# updates the existing apps. Needs the DC/OS CLI (dcos) and jq.
#
# FINTRANS_IMAGE_REPOSITORY replaces the "fintrans" repository of the image names in service/*.json, for
# images pushed to a registry with: mvn -Pimages package -Dimage.goal=build -Dimage.repository=REPOSITORY
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/dcos-lib.sh
. scripts/dcos-lib.sh

require_tools dcos jq

broker=$(dcos kafka endpoints broker | jq -r '(.dns // [])[0] // (.address // [])[0] // empty')
if [ -z "$broker" ]; then
  echo "error: 'dcos kafka endpoints broker' reported no broker address; is the Kafka service deployed and healthy?" >&2
  exit 1
fi
echo "Kafka broker: $broker"
repository=${FINTRANS_IMAGE_REPOSITORY:-fintrans}

for app in generator influx-ingest laundering-detector; do
  id=/fintrans/$app
  definition=$(jq --arg broker "$broker" --arg repository "$repository" '
      .args |= map(if . == "BROKER_ADDRESS" then $broker else . end)
      | .container.docker.image |= sub("^fintrans/"; $repository + "/")' "service/$app.json")
  if dcos marathon app show "$id" >/dev/null 2>&1; then
    echo "updating $id ..."
    printf '%s\n' "$definition" | dcos marathon app update "$id" --force
  else
    echo "deploying $id ..."
    printf '%s\n' "$definition" | dcos marathon app add
  fi
done

for app in generator influx-ingest laundering-detector; do
  wait_until "/fintrans/$app" 600 app_ready "/fintrans/$app"
done
echo "DONE: the generator, influx-ingest and laundering-detector apps run under /fintrans/"
