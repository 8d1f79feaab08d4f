# Shared by tests/run.sh and deploy/local/up.sh: install what is missing,
# build. Source it; it defines functions only.

# Every Debian 12 package the project needs to build, test and run locally.
UNIONCARD_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libmysqlcppconn-dev libgtest-dev libgmock-dev
  libssl-dev libsodium-dev nlohmann-json3-dev libcpp-httplib-dev
  libxlsxwriter-dev libpwquality-dev cracklib-runtime unzip
  mariadb-server mariadb-client clang-format openssl curl
  nodejs chromium fonts-noto-cjk
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Installs the packages above that are missing, and any named as arguments
# (tests/fuzz/run.sh adds clang).
install_packages() {
  local missing=() wanted=("${UNIONCARD_PACKAGES[@]}" "$@")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#wanted[@]} Debian packages present"
    return 0
  fi
  log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # The mariadb-server package would start a system service; we never use
  # it (each run starts its own), so keep policy-rc.d from starting it.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
}

build_project() {
  local root=$1 build=$2
  log "building in $build"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j "$(nproc)"
}

# The staff portal (gateway/web): npm ci from the committed lock file, then
# the production build into gateway/web/dist, which the gateway serves
# with --web_root. Skipped with a warning when node or npm is missing or
# older than Vite needs (Node 20.19; Debian 12's own nodejs is 18 without
# npm, so such machines need NodeSource's nodejs 20+).
build_portal() {
  local web=$1/gateway/web
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "node/npm missing: the portal (gateway/web/dist) is not built"
    return 0
  fi
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
      process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    log "node $(node --version) is older than 20.19: the portal is not built"
    return 0
  fi
  log "building the portal in $web"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
}

# A TCP port on 127.0.0.1 that nothing listens on: random between 20000 and
# the kernel's ephemeral range (32768 on Debian), so that no outgoing
# connection takes it before the server that was given it binds it.
free_port() {
  local port low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 21000 ] || low=32768
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# A plan for this year and the next two, generated from the real-name
# members (50/80/95% coverage) and approved by the leading group, so that
# today's bulletin works. Units too small for a whole hundred get 100 cards
# a year (an edit). Uses unionctl's own addresses and signing key (flags by
# environment: UNIONCARD_ASSESSMENT_SVC, UNIONCARD_SIGNING_KEY, ...).
approve_demo_plan() {
  local unionctl=$1 year month city_token last now generated plan
  year=$(TZ=Asia/Shanghai date +%Y)
  month=$(TZ=Asia/Shanghai date +%Y-%m)
  city_token=$("$unionctl" token issue --role=city_admin --subject=demo-promotion-office \
    --org=city --org_path=/city/)
  # assessment-svc counts members off member-svc's feed: wait until the
  # city's count stands still.
  last=-1
  for _ in $(seq 1 120); do
    now=$(UNIONCARD_TOKEN=$city_token "$unionctl" analytics progress --from="$month" \
      --to="$month" --csv 2>/dev/null | tail -n 1 | cut -d, -f3)
    [ -n "$now" ] && [ "$now" != 0 ] && [ "$now" = "$last" ] && break
    last=$now
    sleep 1
  done
  log "demo: a $year–$((year + 2)) plan from the $now real-name members (50/80/95% coverage), approved by the leading group"
  generated=$(UNIONCARD_TOKEN=$city_token "$unionctl" assessment plan generate \
    --first_year="$year" --targets=50,80,95 --csv)
  plan=$(UNIONCARD_TOKEN=$city_token "$unionctl" assessment plan generate \
    --first_year="$year" --targets=50,80,95 | sed -n 's/^计划 \([0-9]*\).*/\1/p')
  echo "$generated" | tr -d '\r' | awk -F, 'NR > 1 && $3 != "" && $6 == 0 { print $1, $3 }' |
    while read -r y unit; do
      UNIONCARD_TOKEN=$city_token "$unionctl" assessment plan edit --plan_id="$plan" \
        --year="$y" --unit="$unit" --plan=100 >/dev/null && echo "  $y $unit: 100 cards (edited)"
    done
  [ -n "$plan" ] && UNIONCARD_TOKEN=$("$unionctl" token issue --role=assessor \
      --subject=demo-leading-group --org=city --org_path=/city/) \
    "$unionctl" assessment plan approve --plan_id="$plan" | sed -n 1p  # not head: SIGPIPE
}

# The first city admin's first login through the gateway at URL: signs in
# with the one-time password, changes it to a new random one, and prints
# "NEW_PASSWORD CSRF_TOKEN" (the session stays in the cookie jar JAR).
first_admin_login() {
  local url=$1 one_time=$2 jar=$3 token password
  csrf() { sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p'; }
  token=$(curl -fsS -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$one_time\"}" "$url/v1/session" | csrf)
  password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')-Cz"
  token=$(curl -fsS -b "$jar" -c "$jar" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $token" \
    -d "{\"old_password\":\"$one_time\",\"new_password\":\"$password\"}" \
    "$url/v1/session:change-password" | csrf)
  [ -n "$token" ] || return 1
  echo "$password $token"
}

# A private MariaDB for a test or benchmark run: a new temporary directory
# ($scratch, also TMPDIR) holding its data, a free loopback port, the
# UNIONCARD_TEST_MYSQL_* settings the test binaries read; stopped and
# removed when the script exits.
start_private_mariadb() {  # root name
  local root=$1 port password
  scratch=$(mktemp -d "/tmp/unioncard-$2-XXXXXX")
  # shellcheck disable=SC2064  # root and scratch are fixed from here on
  trap "'$root/deploy/local/mariadb.sh' stop '$scratch/mariadb' >/dev/null 2>&1 || true; rm -rf '$scratch'" EXIT
  port=$(free_port)
  password="$2-$(date +%s)-$RANDOM"
  log "starting a private MariaDB on 127.0.0.1:$port"
  "$root/deploy/local/mariadb.sh" start "$scratch/mariadb" "$port" "$password" >/dev/null
  export UNIONCARD_TEST_MYSQL_HOST=127.0.0.1 UNIONCARD_TEST_MYSQL_PORT=$port
  export UNIONCARD_TEST_MYSQL_USER=unioncard UNIONCARD_TEST_MYSQL_PASSWORD=$password
  export TMPDIR=$scratch
}
