#!/usr/bin/env bash
# Builds the six images of unioncard with podman from deploy/docker/Dockerfile:
# unioncard/{member-svc,card-svc,merchant-svc,assessment-svc,gateway,bank-sim}
# tagged $UNIONCARD_IMAGE_TAG (0.1.0-dev, the dev overlay's pin). No image can
# be pulled on these machines, so the Debian 12 base is made first with
# debootstrap from the machine's own Debian mirror and imported (once). The
# portal is built on the host (it needs Node >= 20.19; Debian 12 has 18) and
# copied into the gateway's image. Prints each image's size and the time the
# builds took; then checks each image's libraries (check-libs.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../local/lib.sh
source "$root/deploy/local/lib.sh"
# shellcheck source=lib.sh
source "$root/deploy/podman/lib.sh"
require_root
install_podman

mirror() {
  sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1
}

if ! podman image exists "$UNIONCARD_BASE_IMAGE"; then
  url=$(mirror); url=${url:-http://deb.debian.org/debian}
  rootfs=$(mktemp -d /tmp/unioncard-rootfs-XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  log "making the Debian 12 base image with debootstrap from $url"
  start=$(date +%s)
  debootstrap --variant=minbase bookworm "$rootfs" "$url" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet - "$UNIONCARD_BASE_IMAGE" >/dev/null
  echo "base image $UNIONCARD_BASE_IMAGE in $(($(date +%s) - start)) s"
fi

if [ "${UNIONCARD_SKIP_PORTAL_BUILD:-}" != 1 ]; then
  build_portal "$root"
fi
[ -f "$root/gateway/web/dist/index.html" ] || {
  echo "gateway/web/dist is missing: build the portal first" >&2; exit 1; }

cd "$root"
for image in "${UNIONCARD_IMAGES[@]}"; do
  log "building unioncard/$image:$UNIONCARD_IMAGE_TAG"
  start=$(date +%s)
  podman build --quiet --network=host --layers \
    --ignorefile=deploy/docker/Dockerfile.dockerignore -f deploy/docker/Dockerfile \
    --build-arg BASE_IMAGE="$UNIONCARD_BASE_IMAGE" \
    --target "$image" -t "unioncard/$image:$UNIONCARD_IMAGE_TAG" . >/dev/null
  echo "unioncard/$image:$UNIONCARD_IMAGE_TAG built in $(($(date +%s) - start)) s"
done
podman images --filter reference='unioncard/*' \
  --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort
"$root/deploy/podman/check-libs.sh"
