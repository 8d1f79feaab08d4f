# Shared by deploy/podman/*.sh: podman with this repository's settings.
# Source it; it defines variables and functions only.

# The machine's facts (runc, cgroupfs, lower ulimits) live in the repository.
export CONTAINERS_CONF="$root/deploy/podman/containers.conf"

# The tag the dev overlay pins (deploy/k8s/overlays/dev/kustomization.yaml).
UNIONCARD_IMAGE_TAG=${UNIONCARD_IMAGE_TAG:-0.1.0-dev}
UNIONCARD_IMAGES=(member-svc card-svc merchant-svc assessment-svc gateway bank-sim)
UNIONCARD_BASE_IMAGE=localhost/unioncard/debian:12-minbase

install_podman() {
  local missing=()
  for p in podman buildah runc debootstrap uidmap; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# podman needs root here (rootless needs subuid ranges the machines lack).
require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "deploy/podman: run as root (podman with runc and cgroupfs)" >&2
    exit 2
  fi
}
