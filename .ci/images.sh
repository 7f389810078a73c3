# shellcheck shell=bash
# What .ci/compose-smoke and .ci/newcomer share to build CI's own images: a Docker daemon, the Debian 12 they start
# from (the base of compose-smoke's stand-ins, and a newcomer's fresh machine) and the host's JDK they copy in. No
# container registry is reachable from CI, so the base is made with debootstrap --variant=minbase and loaded with
# `docker import`, tagged with a hash of its inputs and built only when no image has that tag. Sourced,
# not run; needs docker, and root when it must build:
#
#   . .ci/images.sh
#   debian_image WORK_DIR     # sets DEBIAN_IMAGE (catalog-cache-ci/debian:bookworm-<hash>), and DEBIAN_IMAGE_SECONDS
#                             # to the seconds the build took (empty when the image was there)
#   host_jdk                  # sets HOST_JDK (a JDK 21 or newer: JAVA_HOME, else /usr/lib/jvm) and HOST_JAVA_TRUST
#   copy_host_jdk DIR         # copies it to DIR/jdk, trusting what the host trusts
#   start_dockerd LOG_FILE    # starts dockerd when no daemon answers; sets DOCKERD_PID (empty when one answered),
#                             # for the caller to stop it by at the end
#   docker_tools              # installs with apt what CI's Docker checks use and the machine lacks: docker.io,
#                             # docker-compose, debootstrap, curl, jq
#
# DEBIAN_MIRROR picks the mirror (default http://deb.debian.org/debian).

docker_tools() {
  local missing=()
  if ! command -v docker >/dev/null || { ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null; }; then
    missing+=(docker.io)
  fi
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
    missing+=(docker-compose)
  fi
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)                  # the pattern pages' demos (.ci/pattern-demos)
  [ ${#missing[@]} -gt 0 ] || return 0
  printf '\n==> Installing %s\n' "${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

hash_of() { sha256sum | cut -c1-12; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
# Removes the other tags of an image of ours once a new one is built: old inputs are not coming back.
drop_older() {
  docker image ls "${1%:*}" --format '{{.Repository}}:{{.Tag}}' | grep -vxF "$1" \
    | xargs -r docker image rm >/dev/null || true
}

debian_image() {
  local work=$1 suite=bookworm mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian} inputs rootfs start
  inputs="debootstrap --variant=minbase $suite $mirror
deb $mirror $suite main
deb $mirror $suite-updates main
deb ${mirror%/debian}/debian-security $suite-security main"
  DEBIAN_IMAGE=catalog-cache-ci/debian:$suite-$(hash_of <<<"$inputs")
  DEBIAN_IMAGE_SECONDS=
  have_image "$DEBIAN_IMAGE" && return 0

  [ "$(id -u)" = 0 ] || { echo "ERROR: debootstrap needs root" >&2; return 1; }
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null || return 1
  fi
  printf '\n==> Building %s with debootstrap\n' "$DEBIAN_IMAGE" >&2
  start=$(date +%s)
  rootfs=$work/rootfs
  mkdir -p "$work"
  rm -rf --one-file-system "$rootfs"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; echo "ERROR: debootstrap failed" >&2; return 1; }
  sed 1d <<<"$inputs" >"$rootfs/etc/apt/sources.list"      # with updates and security, for apt in the images
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$DEBIAN_IMAGE" >/dev/null || return 1
  rm -rf --one-file-system "$rootfs"
  DEBIAN_IMAGE_SECONDS=$(($(date +%s) - start))
  drop_older "$DEBIAN_IMAGE"
}

# The JDK the tests ran on, and what the host trusts (there may be an intercepting proxy between CI and Maven Central).
jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
host_jdk() {
  local candidate
  HOST_JDK=
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(jdk_major "$candidate")" -ge 21 ] 2>/dev/null \
      && { HOST_JDK=$(readlink -f "$candidate"); break; }
  done
  [ -n "$HOST_JDK" ] || { echo "ERROR: needs a JDK 21 or newer (JAVA_HOME or /usr/lib/jvm)" >&2; return 1; }
  HOST_JAVA_TRUST=/etc/ssl/certs/java/cacerts
  [ -f "$HOST_JAVA_TRUST" ] || HOST_JAVA_TRUST=$(readlink -f "$HOST_JDK/lib/security/cacerts")
}
# Copies the host's JDK to DIR/jdk, with the host's Java trust store as its cacerts (often a link into the host's /etc).
copy_host_jdk() {
  cp -a "$HOST_JDK" "$1/jdk"
  rm -f "$1/jdk/lib/security/cacerts"
  cp -L "$HOST_JAVA_TRUST" "$1/jdk/lib/security/cacerts"
}

start_dockerd() {
  DOCKERD_PID=
  docker info >/dev/null 2>&1 && return 0
  printf '\n==> Starting dockerd (log: %s)\n' "$1" >&2
  # There is no systemd here; these are the options that work on these machines. setsid keeps a Ctrl-C in the
  # terminal away from dockerd, which must outlive the caller's cleanup.
  setsid dockerd --storage-driver=overlay2 --exec-opt native.cgroupdriver=cgroupfs >"$1" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  tail -20 "$1" >&2
  echo "ERROR: dockerd did not answer within 60 s" >&2
  return 1
}
