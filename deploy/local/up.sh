#!/usr/bin/env bash
# Runs unioncard on this machine: installs what is missing, builds, makes
# keys (once), starts a MariaDB of its own under .local/, starts every
# service that is built, generates demo member data, and prints where
# everything is. Stop it all with ./deploy/local/down.sh.
#
# Environment: UNIONCARD_LOCAL_MYSQL_PORT (default 3307),
#              UNIONCARD_LOCAL_DEMO_SCALE (default 0.01 of Cangzhou).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/deploy/local/lib.sh"

local_dir="$root/.local"
mysql_port=${UNIONCARD_LOCAL_MYSQL_PORT:-3307}
demo_scale=${UNIONCARD_LOCAL_DEMO_SCALE:-0.01}
mkdir -p "$local_dir"/{log,run,keys,data}

install_packages
build_project "$root" "$root/build"

if [ ! -f "$local_dir/keys/token_signing.json" ]; then
  log "generating token and personal-data keys in .local/keys"
  "$root/build/tools/unionctl" keys generate "$local_dir/keys"
fi
if [ ! -f "$local_dir/mysql_password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$local_dir/mysql_password")
fi

log "starting MariaDB on 127.0.0.1:$mysql_port (data in .local/mariadb)"
"$root/deploy/local/mariadb.sh" start "$local_dir/mariadb" "$mysql_port" \
  "$(cat "$local_dir/mysql_password")"

# name, gRPC port, metrics port. A service starts here once its folder
# builds a binary of the same name (see README: what works now).
services=(
  "member-svc 50051 9101"
  "card-svc 50052 9102"
  "merchant-svc 50053 9103"
  "assessment-svc 50054 9104"
)
# Flags only some services take.
extra_flags() {
  case "$1" in
    member-svc)
      echo "--data_keys=file:$local_dir/keys/data_keys.json" \
           "--reference_dir=$root/deploy/reference" ;;
  esac
}

started=()
health_targets=()
not_built=()
for entry in "${services[@]}"; do
  read -r name grpc_port metrics_port <<<"$entry"
  binary="$root/build/$name/$name"
  if [ ! -x "$binary" ]; then
    not_built+=("$name")
    continue
  fi
  schema=${name//-/_}
  mariadb --socket="$local_dir/mariadb/mysqld.sock" -uroot \
    -e "CREATE DATABASE IF NOT EXISTS $schema CHARACTER SET utf8mb4"
  pidfile="$local_dir/run/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    started+=("$name 127.0.0.1:$grpc_port (already running)")
    health_targets+=("$name=127.0.0.1:$grpc_port")
    continue
  fi
  UNIONCARD_MYSQL_PASSWORD_VALUE=$(cat "$local_dir/mysql_password") \
  nohup "$binary" \
    --listen="127.0.0.1:$grpc_port" --metrics_port="$metrics_port" \
    --mysql_port="$mysql_port" --mysql_user=unioncard \
    --mysql_password=env:UNIONCARD_MYSQL_PASSWORD_VALUE \
    --mysql_database="$schema" \
    --token_verify_keys="file:$local_dir/keys/token_verify.json" \
    $(extra_flags "$name") \
    >"$local_dir/log/$name.log" 2>&1 &
  echo $! >"$pidfile"
  started+=("$name 127.0.0.1:$grpc_port (metrics http://127.0.0.1:$metrics_port/metrics)")
  health_targets+=("$name=127.0.0.1:$grpc_port")
done

if [ ! -f "$local_dir/data/members.csv" ]; then
  log "generating demo members (scale $demo_scale of Cangzhou) in .local/data"
  "$root/build/tools/datagen" --plan="$root/deploy/reference/cangzhou_plan_2016_2018.csv" \
    --out="$local_dir/data" --scale="$demo_scale" | tail -n 2
fi

unionctl="$root/build/tools/unionctl"
export UNIONCARD_SIGNING_KEY="file:$local_dir/keys/token_signing.json"
if [ -x "$root/build/member-svc/member-svc" ]; then
  for _ in $(seq 1 60); do
    "$unionctl" health --services=member-svc=127.0.0.1:50051 >/dev/null 2>&1 && break
    sleep 0.5
  done
  if [ ! -f "$local_dir/data/.loaded" ]; then
    log "loading the demo unions and members into member-svc"
    UNIONCARD_TOKEN=$("$unionctl" token issue --role=city_admin \
      --subject=demo-loader --org=city --org_path=/city/) || exit 1
    export UNIONCARD_TOKEN
    "$unionctl" orgs load "$local_dir/data/grassroots.csv"
    "$unionctl" members import "$local_dir/data/members.csv" && touch "$local_dir/data/.loaded"
    unset UNIONCARD_TOKEN
  fi
fi

echo
log "unioncard is up"
echo "  MariaDB        127.0.0.1:$mysql_port  user unioncard, password in .local/mysql_password"
for s in "${started[@]}"; do echo "  $s"; done
if [ ${#not_built[@]} -gt 0 ]; then
  echo "  not built yet: ${not_built[*]} (see README.md, 'What works now')"
fi
echo "  portal         not built yet (gateway/ has no code yet)"
echo "  keys           .local/keys   demo data  .local/data/{grassroots,members}.csv"
echo "  logs           .local/log/"
echo
echo "  check health:  ./build/tools/unionctl health --services=$(IFS=,; echo "${health_targets[*]}")"
echo "  operator token: ./build/tools/unionctl token issue --role=city_admin --subject=ops --org=city --org_path=/city/"
echo "  stop:          ./deploy/local/down.sh"
