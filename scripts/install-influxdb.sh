#!/usr/bin/env bash
# Makes sure influxd (InfluxDB 1.x) and other tools are installed, from Debian's packages when they are
# missing. Sourced by run-local.sh and run-tests.sh; defines ensure_influxdb and ensure_debian_tools.

# Runs a command as root: directly when already root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: '$*' needs root, and sudo is not installed. Run this script as root." >&2
    return 1
  fi
}

ensure_influxdb() {
  if [ -n "${INFLUXD:-}" ]; then
    if [ ! -x "$INFLUXD" ]; then
      echo "error: INFLUXD is set to '$INFLUXD', which is not an executable file." >&2
      return 1
    fi
    return 0
  fi
  if command -v influxd >/dev/null 2>&1; then
    if ! command -v influx >/dev/null 2>&1; then
      echo "note: the influx client is missing (Debian package influxdb-client); the local run's summary needs it." >&2
    fi
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: influxd (InfluxDB 1.x) is not installed and this is not a Debian-based system." >&2
    echo "Install InfluxDB 1.x, or set INFLUXD to the path of an influxd 1.x binary." >&2
    return 1
  fi

  echo "Installing InfluxDB 1.x from Debian's packages (influxdb, influxdb-client) ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq influxdb influxdb-client >/dev/null

  # On systemd machines the package starts its own server on every interface at port 8086. fintrans runs
  # influxd with its own configuration on 127.0.0.1 only, so the packaged service is stopped and disabled.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet influxdb 2>/dev/null; then
    echo "Stopping and disabling the packaged influxdb service, which listens on all interfaces ..."
    as_root systemctl disable --now influxdb
  fi
}

# Installs the Debian packages of the commands that are missing. Usage: ensure_debian_tools COMMAND:PACKAGE...
ensure_debian_tools() {
  local pair missing=()
  for pair in "$@"; do
    if ! command -v "${pair%%:*}" >/dev/null 2>&1; then
      missing+=("${pair#*:}")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: ${missing[*]} missing and this is not a Debian-based system; install them first." >&2
    return 1
  fi
  echo "Installing ${missing[*]} from Debian's packages ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
