#!/usr/bin/env bash
# Runs the whole fintrans pipeline on this machine: a real Kafka broker (KRaft) and a real InfluxDB 1.x,
# both on 127.0.0.1 only, then the generator, the InfluxDB ingester and the laundering detector.
# Alert lines and a summary every 15 s appear here; Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

usage() {
  cat <<'USAGE'
Usage: ./run-local.sh [--reset] [--help]

Builds fintrans if needed, installs InfluxDB 1.x from Debian's packages if influxd is missing, starts a
Kafka broker and InfluxDB on 127.0.0.1, creates the city topics, and runs the three services until Ctrl-C.

  --reset   delete the data of earlier runs (Kafka topics, InfluxDB data, logs) before starting
  --help    show this help

Environment (defaults in brackets):
  FINTRANS_DATA_DIR               where data and logs live [./local-data]
  FINTRANS_KAFKA_PORT             Kafka broker port [9092]
  FINTRANS_KAFKA_CONTROLLER_PORT  Kafka KRaft controller port [9093]
  FINTRANS_INFLUX_PORT            InfluxDB HTTP port [8086]
  FINTRANS_INFLUX_RPC_PORT        InfluxDB backup/restore port [8088]
  FINTRANS_PARTITIONS             partitions per city topic [6]
  FINTRANS_RATE                   generator transactions per second, or max [10, or 1/GEN_WAIT_SEC]
  GEN_WAIT_SEC                    seconds between transactions, used when FINTRANS_RATE is not set
  FINTRANS_SCENARIOS_PER_MINUTE   laundering scenarios the generator injects per minute, 0 for none [1]
  FINTRANS_GENERATOR_OPTIONS      more generator options, such as --original-distribution [none]
  FINTRANS_DETECTOR_OPTIONS       more detector options, such as "--window unbounded --repeat-alerts" [none]
  ALERT_THRESHOLD                 detector alert threshold in dollars [8000]
  INFLUXD                         path of the influxd binary to run [influxd on PATH]
  PROD_OUTPUT                     false for the detector's development output [true]
USAGE
}

reset=false
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    --help | -h) usage; exit 0 ;;
    *) echo "error: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

data_dir=${FINTRANS_DATA_DIR:-$root/local-data}
kafka_port=${FINTRANS_KAFKA_PORT:-9092}
controller_port=${FINTRANS_KAFKA_CONTROLLER_PORT:-9093}
influx_port=${FINTRANS_INFLUX_PORT:-8086}
influx_rpc_port=${FINTRANS_INFLUX_RPC_PORT:-8088}
partitions=${FINTRANS_PARTITIONS:-6}
scenarios_per_minute=${FINTRANS_SCENARIOS_PER_MINUTE:-1}
broker=127.0.0.1:$kafka_port
influx_url=http://127.0.0.1:$influx_port
logs=$data_dir/logs

generator_jar=$root/generator/target/fintrans-generator.jar
ingest_jar=$root/influx-ingest/target/fintrans-influx-ingest.jar
detector_jar=$root/laundering-detector/target/fintrans-laundering-detector.jar
servers_jar=$root/local-servers/target/local-servers-0.1.0-SNAPSHOT.jar
evaluate_jar=$root/evaluation/target/fintrans-evaluate.jar

# shellcheck source=scripts/install-influxdb.sh
. scripts/install-influxdb.sh

require_tools() {
  if ! command -v java >/dev/null 2>&1; then
    echo "error: java is not installed. Install Java 17 with: sudo apt-get install -y openjdk-17-jdk" >&2
    exit 1
  fi
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "error: Java 17 or newer is needed; 'java' is version $version." >&2
    exit 1
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "error: Maven is not installed. Install it with: sudo apt-get install -y maven" >&2
    exit 1
  fi
}

# Builds the jars when one is missing or a source file or POM is newer than the oldest jar.
build_if_needed() {
  local oldest="" jar
  for jar in "$generator_jar" "$ingest_jar" "$detector_jar" "$servers_jar" "$evaluate_jar"; do
    if [ ! -f "$jar" ]; then
      oldest=""
      break
    fi
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then
      oldest=$jar
    fi
  done
  if [ -n "$oldest" ] && [ -z "$(find . -path ./local-data -prune -o \( -path '*/src/*' -o -name pom.xml \) \
      -type f -newer "$oldest" -print -quit)" ]; then
    return 0
  fi
  echo "Building fintrans (mvn package, tests skipped) ..."
  mvn -q -B -Dstyle.color=never -DskipTests package
}

require_free_port() {
  local port=$1 variable=$2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port on 127.0.0.1 is already in use. Stop what uses it, or set $variable to another port." >&2
    exit 1
  fi
}

pids=()
servers_pid=""

# Stops the services first (the generator flushes, the consumers commit), then the servers; each by PID.
stop_all() {
  trap - INT TERM EXIT
  # Stopping must go on even when a command here fails, such as an echo into a closed pipe.
  set +e
  echo
  echo "Stopping ..."
  local pid
  # The generator first, and to its end, so that the consumers still read its last transactions.
  if [ "${#pids[@]}" -gt 0 ]; then
    kill -TERM "${pids[0]}" 2>/dev/null || true
    wait "${pids[0]}" 2>/dev/null || true
  fi
  for pid in "${pids[@]:1}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]:1}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$servers_pid" ]; then
    kill -TERM "$servers_pid" 2>/dev/null || true
    wait "$servers_pid" 2>/dev/null || true
  fi
  # influxd is a child of the servers process, which stops it; this covers a servers process that died first.
  if [ -f "$data_dir/influxd.pid" ]; then
    kill -TERM "$(cat "$data_dir/influxd.pid")" 2>/dev/null || true
    rm -f "$data_dir/influxd.pid"
  fi
  echo "Stopped. Data and logs are kept in $data_dir; start afresh with ./run-local.sh --reset"
}

# Prints the last line of a service log that contains a pattern.
last_line() {
  grep -- "$2" "$logs/$1.log" 2>/dev/null | tail -n 1 | sed 's/^[^ ]* //' || true
}

print_summary() {
  echo "---- $(date '+%H:%M:%S') summary ----"
  echo "generator:           $(last_line generator 'tx/s')"
  echo "influx-ingest:       $(last_line influx-ingest 'points')"
  echo "laundering-detector: $(last_line laundering-detector 'processed')"
  local counts
  if ! command -v influx >/dev/null 2>&1; then
    echo "InfluxDB points of the past hour: unknown, because the influx client is not installed"
    return
  fi
  counts=$(influx -host 127.0.0.1 -port "$influx_port" -database fintrans -format csv -execute \
    "SELECT count(amount) FROM transactions WHERE time > now() - 1h GROUP BY city" 2>/dev/null |
    awk -F, 'NR > 1 && $2 ~ /city=/ { sub("city=", "", $2); printf "%s=%s ", $2, $4 }') || true
  echo "InfluxDB points of the past hour: ${counts:-none yet}"
}

check_alive() {
  local name pid
  for name in "${!service_pids[@]}"; do
    pid=${service_pids[$name]}
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $name (pid $pid) exited. The end of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2 || true
      exit 1
    fi
  done
}

require_tools
# Checked before --reset deletes anything, so that a running instance keeps its data.
for port_variable in "$kafka_port FINTRANS_KAFKA_PORT" "$controller_port FINTRANS_KAFKA_CONTROLLER_PORT" \
    "$influx_port FINTRANS_INFLUX_PORT" "$influx_rpc_port FINTRANS_INFLUX_RPC_PORT"; do
  # shellcheck disable=SC2086 # split into port and variable name on purpose
  require_free_port $port_variable
done
if [ "$reset" = true ] && [ -d "$data_dir" ]; then
  echo "Deleting $data_dir ..."
  rm -rf "$data_dir"
fi
build_if_needed
ensure_influxdb
mkdir -p "$logs"
trap stop_all EXIT
trap '' PIPE
trap 'exit 130' INT
trap 'exit 143' TERM

# Every process runs in a session of its own (setsid), so that Ctrl-C reaches only this script, which then
# stops them in order: the generator first, the consumers next, the servers last.
echo "Starting Kafka on $broker and InfluxDB on $influx_url (data in $data_dir) ..."
touch "$logs/servers.log"
servers_log_start=$(wc -l <"$logs/servers.log")
setsid java -Xmx512m -cp "$servers_jar:$root/local-servers/target/lib/*" fintrans.localservers.LocalServersMain \
  --data-dir "$data_dir" --kafka-port "$kafka_port" --kafka-controller-port "$controller_port" \
  --influx-port "$influx_port" --influx-rpc-port "$influx_rpc_port" --partitions "$partitions" \
  >>"$logs/servers.log" 2>&1 &
servers_pid=$!
servers_ready() {
  tail -n "+$((servers_log_start + 1))" "$logs/servers.log" | grep -q '^READY$'
}
for _ in $(seq 1 600); do
  if servers_ready; then
    break
  fi
  if ! kill -0 "$servers_pid" 2>/dev/null; then
    echo "error: the local servers did not start. The end of $logs/servers.log:" >&2
    tail -n 30 "$logs/servers.log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! servers_ready; then
  echo "error: the local servers were not ready within 60 s; see $logs/servers.log" >&2
  exit 1
fi

declare -A service_pids
read -r -a generator_options <<<"${FINTRANS_GENERATOR_OPTIONS:-}"
read -r -a detector_options <<<"${FINTRANS_DETECTOR_OPTIONS:-}"
INFLUX_API=$influx_url setsid java -Xmx256m -jar "$ingest_jar" --broker "$broker" >>"$logs/influx-ingest.log" 2>&1 &
service_pids[influx-ingest]=$!
setsid java -Xmx256m -jar "$detector_jar" --broker "$broker" "${detector_options[@]}" \
  2>>"$logs/laundering-detector.log" \
  > >(trap '' INT && exec tee -a "$logs/alerts.log") &
service_pids[laundering-detector]=$!
rate_args=()
rate_text="10 transactions per second"
if [ -n "${FINTRANS_RATE:-}" ]; then
  rate_args=(--rate "$FINTRANS_RATE")
  rate_text="rate $FINTRANS_RATE transactions per second"
elif [ -n "${GEN_WAIT_SEC:-}" ]; then
  rate_text="one transaction every $GEN_WAIT_SEC s (GEN_WAIT_SEC)"
fi
setsid java -Xmx256m -jar "$generator_jar" --broker "$broker" --partitions "$partitions" \
  --scenarios-per-minute "$scenarios_per_minute" "${rate_args[@]}" "${generator_options[@]}" >>"$logs/generator.log" 2>&1 &
service_pids[generator]=$!
# Stopped in this order: the generator first, so that the consumers see its last transactions.
pids=("${service_pids[generator]}" "${service_pids[influx-ingest]}" "${service_pids[laundering-detector]}")

cat <<EOF
fintrans is running:
  Kafka broker        $broker (topics London NYC SF Moscow Tokyo, $partitions partitions each)
  InfluxDB            $influx_url, database fintrans, measurement transactions
  generator           $rate_text, laundering scenarios per minute: $scenarios_per_minute (pid ${service_pids[generator]})
  influx-ingest       pid ${service_pids[influx-ingest]}
  laundering-detector threshold \$${ALERT_THRESHOLD:-8000} (pid ${service_pids[laundering-detector]})
  logs                $logs
Alert lines follow (also in $logs/alerts.log). Press Ctrl-C to stop everything.
Recall and precision of the detector so far, from another terminal:
  java -jar $root/evaluation/target/fintrans-evaluate.jar --broker $broker

EOF

while true; do
  sleep 15 &
  wait $! || true
  check_alive
  print_summary
done
