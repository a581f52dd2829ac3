#!/usr/bin/env bash
# Functions shared by install-all.sh and install-services.sh: tool checks, polling and idempotent
# installation of DC/OS packages and Marathon apps. Sourced, not run.

# Seconds between two readiness checks; tests set it to 0.
poll_interval=${FINTRANS_POLL_INTERVAL:-10}

require_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      case "$tool" in
        dcos) echo "error: the DC/OS CLI 'dcos' is not on PATH. Install it and run 'dcos cluster setup <cluster URL>' first." >&2 ;;
        jq) echo "error: 'jq' is not on PATH. Install it, for example with: sudo apt-get install -y jq" >&2 ;;
        *) echo "error: '$tool' is not on PATH." >&2 ;;
      esac
      exit 1
    fi
  done
}

# Runs a check command until it succeeds, at most for the given seconds.
# Usage: wait_until DESCRIPTION TIMEOUT_SECONDS COMMAND [ARGS...]
wait_until() {
  local description=$1 timeout=$2
  shift 2
  local waited=0
  until "$@"; do
    if [ "$waited" -ge "$timeout" ]; then
      echo "error: $description was not ready within $timeout s; check it with 'dcos marathon app list' and 'dcos task'." >&2
      exit 1
    fi
    echo "waiting for $description ..."
    sleep "$poll_interval"
    waited=$((waited + (poll_interval > 0 ? poll_interval : 1)))
  done
  echo "$description is ready"
}

package_installed() {
  dcos package list --json | jq -e --arg name "$1" 'any(.[]; .name == $name)' >/dev/null
}

# Installs a package unless it is installed already. Usage: install_package NAME [OPTIONS_FILE]
install_package() {
  local name=$1 options=${2:-}
  if package_installed "$name"; then
    echo "package $name is installed already"
    return 0
  fi
  echo "installing package $name ..."
  if [ -n "$options" ]; then
    dcos package install "$name" --options="$options" --yes
  else
    dcos package install "$name" --yes
  fi
}

# Succeeds when the Marathon app exists and all its instances are healthy, or running when it has no
# health checks.
app_ready() {
  dcos marathon app show "$1" 2>/dev/null | jq -e '
    (.instances // 0) > 0 and
    (if ((.healthChecks // []) | length) > 0
     then (.tasksHealthy // 0) >= .instances
     else (.tasksRunning // 0) >= .instances end)' >/dev/null
}
