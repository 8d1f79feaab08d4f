#!/usr/bin/env bash
# Runs unioncard on this machine: installs what is missing, builds, makes
# keys and the bank link's certificates (once), starts a MariaDB of its own
# under .local/, starts every service that is built and the simulated
# partner bank, loads demo members, moves them through review, issues
# cards to some unions, signs demo merchants in every county, and prints
# where everything is. Stop it all with
# ./deploy/local/down.sh.
#
# Environment: UNIONCARD_LOCAL_MYSQL_PORT (default 3307),
#              UNIONCARD_LOCAL_DEMO_SCALE (default 0.01 of Cangzhou),
#              UNIONCARD_LOCAL_DEMO_UNIONS (default 20: unions given cards).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=lib.sh
source "$root/deploy/local/lib.sh"

local_dir="$root/.local"
mysql_port=${UNIONCARD_LOCAL_MYSQL_PORT:-3307}
demo_scale=${UNIONCARD_LOCAL_DEMO_SCALE:-0.01}
demo_unions=${UNIONCARD_LOCAL_DEMO_UNIONS:-20}
mkdir -p "$local_dir"/{log,run,keys,data}
unionctl="$root/build/tools/unionctl"

install_packages
build_project "$root" "$root/build"
build_portal "$root"

if [ ! -f "$local_dir/keys/token_signing.json" ]; then
  log "generating token and personal-data keys in .local/keys"
  "$unionctl" keys generate "$local_dir/keys"
fi
export UNIONCARD_SIGNING_KEY="file:$local_dir/keys/token_signing.json"
# card-svc's, merchant-svc's and assessment-svc's own tokens for the
# services they call
# (services hold no signing key).
for svc in card-svc merchant-svc assessment-svc; do
  (umask 077; "$unionctl" token issue --role=service --subject="$svc" \
    --org=city --org_path=/city/ --ttl_minutes=43200 >"$local_dir/keys/$svc.token")
done
if [ ! -f "$local_dir/certs/card-svc.crt" ]; then
  log "making the bank link's certificates in .local/certs (openssl)"
  "$root/deploy/local/make-certs.sh" "$local_dir/certs" card-svc bank-sim
fi
certs="$local_dir/certs"
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
    card-svc)
      echo "--member_svc=127.0.0.1:50051" \
           "--member_svc_token=file:$local_dir/keys/card-svc.token" \
           "--bank_listen=127.0.0.1:50062 --bank=127.0.0.1:50060" \
           "--tls_ca=$certs/ca.crt --tls_cert=$certs/card-svc.crt" \
           "--tls_key=$certs/card-svc.key" ;;
    merchant-svc)
      echo "--reference_dir=$root/deploy/reference --card_svc=127.0.0.1:50052" \
           "--card_svc_token=file:$local_dir/keys/merchant-svc.token" ;;
    assessment-svc)
      echo "--reference_dir=$root/deploy/reference" \
           "--member_svc=127.0.0.1:50051 --card_svc=127.0.0.1:50052" \
           "--member_svc_token=file:$local_dir/keys/assessment-svc.token" \
           "--card_svc_token=file:$local_dir/keys/assessment-svc.token" \
           "--merchant_svc=127.0.0.1:50053" \
           "--merchant_svc_token=file:$local_dir/keys/assessment-svc.token" ;;
  esac
}

# The partner bank, simulated: issues cards after 0.5 s, activates 90%
# after 2 s, pays after 1 s, and reports 5 card transactions a second at
# ten demo merchants.
if [ -x "$root/build/tools/bank-sim" ]; then
  pidfile="$local_dir/run/bank-sim.pid"
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    nohup "$root/build/tools/bank-sim" --listen=127.0.0.1:50060 \
      --metrics_port=9160 --card_svc=127.0.0.1:50062 \
      --tls_ca="$certs/ca.crt" --tls_cert="$certs/bank-sim.crt" \
      --tls_key="$certs/bank-sim.key" --transactions_per_second=5 \
      --state_file="$local_dir/data/bank-sim.json" \
      --merchant_ids=demo-m01,demo-m02,demo-m03,demo-m04,demo-m05,demo-m06,demo-m07,demo-m08,demo-m09,demo-m10 \
      >"$local_dir/log/bank-sim.log" 2>&1 &
    echo $! >"$pidfile"
  fi
fi

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

county_token() {
  "$unionctl" token issue --role=county_staff --subject="demo-$1" --org="$1" \
    --org_path="/city/$1/"
}
if [ -x "$root/build/card-svc/card-svc" ] && [ -f "$local_dir/data/.loaded" ] &&
   [ ! -f "$local_dir/data/.cards" ]; then
  for _ in $(seq 1 60); do
    "$unionctl" health --services=card-svc=127.0.0.1:50052 >/dev/null 2>&1 && break
    sleep 0.5
  done
  log "demo: counties verify their members, the city approves them"
  for county in $(tail -n +2 "$local_dir/data/grassroots.csv" | cut -d, -f1 | sort -u); do
    UNIONCARD_TOKEN=$(county_token "$county") "$unionctl" members review \
      --org="$county" --action=verify | sed "s/^/  $county /"
  done
  UNIONCARD_TOKEN=$("$unionctl" token issue --role=city_admin --subject=demo-city \
    --org=city --org_path=/city/) "$unionctl" members review --org=city --action=approve
  log "demo: issuance batches for the first $demo_unions unions (bank-sim issues the cards)"
  tail -n +2 "$local_dir/data/grassroots.csv" | head -n "$demo_unions" |
    while IFS=, read -r county union _; do
      # sed, not head: head leaves at the first line and unionctl, writing
      # its second, would die of SIGPIPE and end this script (pipefail).
      UNIONCARD_TOKEN=$(county_token "$county") "$unionctl" cards batch create \
        --org="$union" --request_id="demo-$union" | sed -n 1p
    done
  touch "$local_dir/data/.cards"
fi

if [ -x "$root/build/merchant-svc/merchant-svc" ] && [ ! -f "$local_dir/data/.merchants" ]; then
  for _ in $(seq 1 60); do
    "$unionctl" health --services=merchant-svc=127.0.0.1:50053 >/dev/null 2>&1 && break
    sleep 0.5
  done
  log "demo: two contracted merchants with an offer in every county"
  n=0
  year=$(date +%Y)
  for county in $(cut -d, -f1 "$root/deploy/reference/cangzhou_plan_2016_2018.csv" | tail -n +2); do
    token=$(county_token "$county")
    for kind in food medical; do
      n=$((n + 1))
      bank_id=$(printf 'demo-m%02d' "$n")  # bank-sim's first ten merchants
      [ "$n" -le 10 ] || bank_id="demo-$county-$kind"
      if [ "$kind" = food ]; then name="${county}惠民超市"; offer=(--percent=10 --title=持卡消费九折);
      else name="${county}职工医院"; offer=(--percent=20 --title=职工体检八折); fi
      id=$(UNIONCARD_TOKEN=$token "$unionctl" merchants create --owner="$county" \
        --name="$name" --licence="DEMO-$county-$kind" --category="$kind" \
        --bank_ids="$bank_id" --location="$county" --contract="$year-01-01,$((year + 2))-12-31" \
        --request_id="demo-merchant-$county-$kind" | sed -n 's/^merchant \([0-9]*\).*/\1/p')
      [ -n "$id" ] || continue
      UNIONCARD_TOKEN=$token "$unionctl" merchants activate "$id" >/dev/null
      UNIONCARD_TOKEN=$token "$unionctl" offers create --merchant="$id" "${offer[@]}" \
        --category="$kind" --valid="$year-01-01,$year-12-31" \
        --request_id="demo-offer-$county-$kind" >/dev/null
    done
  done
  echo "  $n merchants"
  touch "$local_dir/data/.merchants"
fi

if [ -x "$root/build/assessment-svc/assessment-svc" ] && [ ! -f "$local_dir/data/.plan" ]; then
  if approve_demo_plan "$unionctl"; then
    touch "$local_dir/data/.plan"
  fi
fi

# The gateway: the portal's and scripts' way in (HTTP on 8080).
gateway_port=${UNIONCARD_LOCAL_GATEWAY_PORT:-8080}
gateway_url="http://127.0.0.1:$gateway_port"
if [ -x "$root/build/gateway/gateway" ]; then
  mariadb --socket="$local_dir/mariadb/mysqld.sock" -uroot \
    -e "CREATE DATABASE IF NOT EXISTS gateway CHARACTER SET utf8mb4"
  gateway_db=(--mysql_port="$mysql_port" --mysql_user=unioncard
    --mysql_password=env:UNIONCARD_MYSQL_PASSWORD_VALUE --mysql_database=gateway)
  export UNIONCARD_MYSQL_PASSWORD_VALUE
  UNIONCARD_MYSQL_PASSWORD_VALUE=$(cat "$local_dir/mysql_password")
  pidfile="$local_dir/run/gateway.pid"
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    web=()
    [ -f "$root/gateway/web/dist/index.html" ] && web=(--web_root="$root/gateway/web/dist")
    nohup "$root/build/gateway/gateway" --http_port="$gateway_port" \
      --signing_key="file:$local_dir/keys/token_signing.json" "${gateway_db[@]}" \
      --data_keys="file:$local_dir/keys/data_keys.json" \
      --sms="file:$local_dir/sms-outbox.jsonl" \
      "${web[@]}" >"$local_dir/log/gateway.log" 2>&1 &
    echo $! >"$pidfile"
  fi
  for _ in $(seq 1 60); do
    curl -fsS "$gateway_url/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  started+=("gateway        $gateway_url (OpenAPI $gateway_url/v1/openapi.json)")
  accounts_file="$local_dir/demo-accounts.txt"
  if [ ! -f "$accounts_file" ]; then
    log "demo: the first city admin and one account per role (passwords in .local/demo-accounts.txt)"
    one_time=$("$unionctl" accounts bootstrap --username=admin --display_name=市总管理员 \
      "${gateway_db[@]}" | sed -n 's/.*login): //p')
    if [ -n "$one_time" ]; then
      jar=$(mktemp)
      read -r admin_password token < <(first_admin_login "$gateway_url" "$one_time" "$jar") || {
        echo "up.sh: the first login of admin failed; its one-time password was: $one_time" >&2
        exit 1
      }
      first_union=$(tail -n +2 "$local_dir/data/grassroots.csv" | head -n 1 | cut -d, -f2)
      (umask 077
       echo "# Demo accounts of this machine (made by up.sh). Change them in the portal."
       printf '%-14s %-17s %-13s password: %s\n' admin city_admin city "$admin_password"
       for spec in "xinhua.staff county_staff xinhua 新华区工会干事" \
                   "clerk.demo grassroots_staff $first_union 基层工会文员" \
                   "assessor.demo assessor city 考核组成员" \
                   "auditor.demo auditor city 审计员"; do
         read -r user role org display <<<"$spec"
         pw=$(curl -fsS -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $token" \
           -d "{\"username\":\"$user\",\"display_name\":\"$display\",\"role\":\"$role\",\"org_id\":\"$org\"}" \
           "$gateway_url/v1/accounts" | sed -n 's/.*"temporary_password":"\([^"]*\)".*/\1/p')
         printf '%-14s %-17s %-13s one-time password (change at first login): %s\n' \
           "$user" "$role" "$org" "$pw"
       done) >"$accounts_file"
      rm -f "$jar"
      sed 's/^/  /' "$accounts_file"
    fi
  fi
fi

echo
log "unioncard is up"
echo "  MariaDB        127.0.0.1:$mysql_port  user unioncard, password in .local/mysql_password"
for s in "${started[@]}"; do echo "  $s"; done
if [ ${#not_built[@]} -gt 0 ]; then
  echo "  not built yet: ${not_built[*]} (see README.md, 'What works now')"
fi
echo "  bank-sim       127.0.0.1:50060 (mutual TLS; card-svc takes its notifications on 127.0.0.1:50062)"
if [ -f "$local_dir/demo-accounts.txt" ]; then
  echo "  accounts       .local/demo-accounts.txt (admin's password is there; sign in at $gateway_url)"
fi
if [ ! -f "$root/gateway/web/dist/index.html" ]; then
  echo "  portal         not built yet: the gateway serves the REST API only (issue 13)"
elif [ -f "$local_dir/data/members.csv" ]; then
  # The first demo member: their union is among the first to get cards.
  IFS=, read -r _ _ demo_name demo_id demo_mobile _ < <(sed -n 2p "$local_dir/data/members.csv")
  echo "  members' pages $gateway_url/m/ (a phone-sized page): demo member $demo_name, ID number $demo_id, mobile $demo_mobile"
  echo "                 sign-in codes are not texted here: they appear in .local/sms-outbox.jsonl"
fi
echo "  keys           .local/keys   certificates .local/certs   demo data .local/data/{grassroots,members}.csv"
echo "  logs           .local/log/"
echo
echo "  check health:  ./build/tools/unionctl health --services=$(IFS=,; echo "${health_targets[*]}")"
echo "  operator token: export UNIONCARD_TOKEN=\$(./build/tools/unionctl token issue --signing_key=file:.local/keys/token_signing.json --role=city_admin --subject=ops --org=city --org_path=/city/)"
echo "  cards:         ./build/tools/unionctl cards batch show 1"
echo "  bulletin:      ./build/tools/unionctl assessment bulletin --date=$(TZ=Asia/Shanghai date +%F) [--xlsx=bulletin.xlsx]"
echo "  REST:          curl -c jar -H 'Content-Type: application/json' -d '{\"username\":\"admin\",\"password\":\"…\"}' $gateway_url/v1/session"
echo "  stop:          ./deploy/local/down.sh"
