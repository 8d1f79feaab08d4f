#!/usr/bin/env bash
# Checks the runtime images against their binaries: in each image, ldd of
# the binary must resolve every shared library, and every library package
# the Dockerfile's runtime stage installs must be used by at least one
# binary (so the list neither misses nor carries a package). Checks every
# image and exits non-zero if any failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/deploy/podman/lib.sh"

# The packages the runtime stage names (from its apt-get install line).
declared=$(sed -n '/AS runtime/,/^COPY/p' "$root/deploy/docker/Dockerfile" |
  tr ' \\' '\n\n' | grep -E '^lib[a-z0-9.+-]+$' | sort -u)

used=""
status=0
for image in "${UNIONCARD_IMAGES[@]}"; do
  ref="unioncard/$image:$UNIONCARD_IMAGE_TAG"
  # dpkg -S names the package of each resolved library inside the image.
  out=$(podman run --rm --network=none --entrypoint /bin/sh "$ref" -c \
    "ldd /usr/local/bin/$image; ldd /usr/local/bin/$image | awk '/=> \\//{print \$3}' |
       xargs -r readlink -f | xargs -r dpkg -S 2>/dev/null | cut -d: -f1 | sort -u |
       sed 's/^/package /'")
  if grep -q 'not found' <<<"$out"; then
    echo "FAIL $ref: $(grep 'not found' <<<"$out" | tr -s ' \t' ' ')" >&2
    status=1
  fi
  pkgs=$(sed -n 's/^package //p' <<<"$out")
  used=$(printf '%s\n%s\n' "$used" "$pkgs" | sed '/^$/d' | sort -u)
  echo "ok $ref: $(grep -c '=>' <<<"$out") libraries resolved"
done
unused=$(comm -23 <(echo "$declared") <(echo "$used"))
if [ -n "$unused" ]; then
  echo "FAIL the runtime stage installs library packages no binary uses: $unused" >&2
  status=1
fi
exit $status
