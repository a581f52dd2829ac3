#!/usr/bin/env bash
# Builds a Java 17 runtime base image from Debian's packages, with no registry and no Docker daemon:
# mmdebstrap installs openjdk-17-jre-headless into a minimal Debian bookworm file system, podman imports
# it and saves it as a Docker archive. Jib takes that archive as base with tar://PATH. Prints the path of
# the archive on stdout; progress goes to stderr.
set -euo pipefail

# Part of the cache file name: raise it whenever a change here changes the image, so that the next run
# builds the image again instead of reusing an archive of the old content.
readonly BASE_VERSION=1
readonly SUITE=bookworm
readonly JAVA_HOME_IN_IMAGE=/usr/lib/jvm/java-17-openjdk-amd64
readonly IMAGE_NAME=localhost/fintrans/jre-base:17-v$BASE_VERSION

usage() {
  cat <<USAGE
Usage: scripts/build-jre-base.sh [--rebuild] [--help]

Writes a Docker archive of Debian $SUITE with openjdk-17-jre-headless (no recommended packages, no
documentation, no apt lists or caches) and prints its path. An existing archive of this version is
reused, so a second run takes well under a second. Needs root, mmdebstrap and podman, and apt sources
for Debian $SUITE on this machine, from which the packages are downloaded.

  --rebuild  build the archive again even when it exists, for example to pick up security updates
  --check    also run java -version in a container of the archive with podman and runc, as the
             container tests do, and exit with 3 when this machine cannot run containers
  --help     show this help

Environment:
  FINTRANS_JRE_BASE  path of the archive [\${XDG_CACHE_HOME:-~/.cache}/fintrans/jre-base-v$BASE_VERSION.tar]

Use it as the base of the images that mvn verify writes for the tests:
  mvn verify -Dimage.test.base=tar://\$(scripts/build-jre-base.sh)
USAGE
}

rebuild=false
check=false
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    --check) check=true ;;
    --help | -h) usage; exit 0 ;;
    *) echo "error: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

output=${FINTRANS_JRE_BASE:-${XDG_CACHE_HOME:-$HOME/.cache}/fintrans/jre-base-v$BASE_VERSION.tar}

# Runs podman with a private storage in FOLDER (the first argument), with no daemon, journald or overlay.
podman_at() {
  local folder=$1
  shift
  TMPDIR=$folder podman --root "$folder/storage" --runroot "$folder/run" --tmpdir "$folder/libpod" \
    --storage-driver vfs --events-backend file "$@"
}

# Loads the archive into a private podman storage and runs java -version in it, with the options the
# container tests use. Returns non-zero, after printing podman's output, when that fails.
check_container_run() {
  local folder result=0
  folder=$(mktemp -d "$(dirname "$output")/jre-base-check.XXXXXX")
  podman_in() {
    podman_at "$folder" --cgroup-manager cgroupfs --runtime "$(command -v runc)" "$@"
  }
  echo "Checking that podman and runc can run a container of $output ..." >&2
  if ! podman_in load --input "$output" >/dev/null 2>"$folder/load.err"; then
    cat "$folder/load.err" >&2
    result=1
  elif ! podman_in run --rm --network host --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
      "$IMAGE_NAME" java -version >"$folder/run.out" 2>&1; then
    cat "$folder/run.out" >&2
    result=1
  fi
  podman_in system reset --force >/dev/null 2>&1 || true
  rm -rf "$folder"
  return "$result"
}

finish() {
  if [ "$check" = true ] && ! check_container_run; then
    echo "error: this machine cannot run containers with podman and runc (output above), so the container tests cannot run here." >&2
    exit 3
  fi
  echo "$output"
  exit 0
}

if [ "$rebuild" = false ] && [ -s "$output" ]; then
  echo "Reusing $output (scripts/build-jre-base.sh --rebuild builds it again)" >&2
  finish
fi

require_tools() {
  local tool missing=()
  for tool in mmdebstrap podman apt-get; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      missing+=("$tool")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "error: missing commands: ${missing[*]}. On Debian install them with: apt-get install -y mmdebstrap podman" >&2
    exit 1
  fi
  # mmdebstrap's root mode writes files owned by several users into the image's file system, and the
  # podman storage below is rootful. The rootless variants of both are not set up here.
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: scripts/build-jre-base.sh must run as root, because mmdebstrap --mode=root and rootful podman build the image." >&2
    exit 1
  fi
}

# Prints one "deb URI SUITE main" line for each of bookworm, bookworm-updates and bookworm-security that
# this machine's apt sources list, so that the image uses the same mirror and gets the security updates.
apt_source_lines() {
  # shellcheck disable=SC2016 # $(SITE) and $(RELEASE) are apt's format fields, not shell expansions
  apt-get indextargets --format '$(SITE) $(RELEASE)' 'Identifier: Packages' 'Target-Of: deb' |
    awk -v suite="$SUITE" '$2 == suite || $2 == suite "-updates" || $2 == suite "-security" {
      print "deb " $1 " " $2 " main"
    }' | sort -u
}

require_tools
mapfile -t sources < <(apt_source_lines)
if [ "${#sources[@]}" -eq 0 ]; then
  echo "error: apt on this machine has no source for Debian $SUITE, so the JRE packages cannot be downloaded." >&2
  echo "Add a Debian $SUITE source in /etc/apt/sources.list.d (the output of 'apt-get indextargets' lists none)." >&2
  exit 1
fi

mkdir -p "$(dirname "$output")"
# Everything is built beside the output, so that the final mv is atomic and /tmp need not hold the image.
work=$(mktemp -d "$(dirname "$output")/jre-base-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS

echo "Installing openjdk-17-jre-headless into a Debian $SUITE file system (mmdebstrap) ..." >&2
# The essential variant installs only the Essential:yes packages and the JRE's dependencies, so the image
# has no apt. The merged-usr hook installs usr-is-merged in place of usrmerge, which would pull in perl.
# update-alternatives fails on the JRE's man page link when its folder is missing, so the setup hook
# creates the folder that the path-exclude rules keep empty. The customize hook runs the installed java.
# shellcheck disable=SC2016 # mmdebstrap runs each hook in sh with the file system's folder as $1
mmdebstrap --mode=root --variant=essential --include=openjdk-17-jre-headless \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='chroot "$1" java -version' \
  "$SUITE" "$work/rootfs.tar" "${sources[@]}" >&2

# The import leaves no image in the user's own storage.
podman_in_work() {
  podman_at "$work" "$@"
}

echo "Importing the file system as $IMAGE_NAME and saving it as a Docker archive (podman) ..." >&2
podman_in_work import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV LANG=C.UTF-8" \
  --change "ENV JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
  --message "Debian $SUITE with openjdk-17-jre-headless, built by scripts/build-jre-base.sh version $BASE_VERSION" \
  "$work/rootfs.tar" "$IMAGE_NAME" >/dev/null
podman_in_work save --format docker-archive --output "$work/jre-base.tar" "$IMAGE_NAME" >&2
mv "$work/jre-base.tar" "$output"

echo "Wrote $output ($(du -h "$output" | cut -f1)) in $((SECONDS - started)) s" >&2
finish
