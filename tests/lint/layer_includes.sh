#!/usr/bin/env bash
# The layer contract inside each service (issue 11; docs/architecture.md §2),
# checked over the #include lines of every source file:
#   domain  may not include the service's store, app, api, http or feeds, a
#           generated .pb.h, gRPC (or common/grpc), the database (cppconn,
#           common/db) or the clock (absl/time/clock.h: time is passed in);
#   store   may not include app, api or http, a generated .pb.h or gRPC
#           (or common/grpc): rows in, domain types out;
#   app     may not include api or http; feeds as app.
# Today's breaches are listed in layer_includes_baseline.txt (file:include).
# Fails on a breach not listed (new) and on a listed one that is gone.
#
#   tests/lint/layer_includes.sh [ROOT]     (ctest runs it from the build)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
baseline="$root/tests/lint/layer_includes_baseline.txt"
cd "$root"

# Prints "file:included" for each include of `file` matching the pattern.
breaches_in() {
  local dir=$1 pattern=$2
  [ -d "$dir" ] || return 0
  grep -rHoE '^#include [<"][^>"]+[>"]' --include='*.h' --include='*.cc' "$dir" |
    sed -E 's/#include [<"]([^>"]+)[>"]/\1/' |
    grep -E ":($pattern)" || true
}

found=$(
  for svc in member-svc card-svc merchant-svc assessment-svc gateway; do
    up="$svc/src/(store|app|api|http|feeds)/"
    breaches_in "$svc/src/domain" "$up|.*\\.pb\\.h|grpcpp/.*|grpc/.*|common/grpc/.*|common/db/.*|cppconn/.*|mysql.*|absl/time/clock\\.h"
    breaches_in "$svc/src/store" "$svc/src/(app|api|http)/|.*\\.pb\\.h|grpcpp/.*|common/grpc/.*"
    breaches_in "$svc/src/app" "$svc/src/(api|http)/"
    breaches_in "$svc/src/feeds" "$svc/src/(api|http)/"
  done | sort -u
)
listed=$(grep -vE '^(#|$)' "$baseline" | sort -u || true)

fresh=$(comm -23 <(printf '%s\n' "$found" | sed '/^$/d') <(printf '%s\n' "$listed" | sed '/^$/d'))
gone=$(comm -13 <(printf '%s\n' "$found" | sed '/^$/d') <(printf '%s\n' "$listed" | sed '/^$/d'))
total=$(printf '%s\n' "$found" | sed '/^$/d' | wc -l)
echo "layer includes: $total breaches, all listed in the baseline: $([ -z "$fresh" ] && echo yes || echo no)"
status=0
if [ -n "$fresh" ]; then
  echo "a layer includes upward or a forbidden part (docs/architecture.md §2):" >&2
  printf '  %s\n' $fresh >&2
  status=1
fi
if [ -n "$gone" ]; then
  echo "fixed, so take them off tests/lint/layer_includes_baseline.txt:" >&2
  printf '  %s\n' $gone >&2
  status=1
fi
exit $status
