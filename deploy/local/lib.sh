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

install_packages() {
  local missing=()
  for p in "${UNIONCARD_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#UNIONCARD_PACKAGES[@]} Debian packages present"
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

# A TCP port on 127.0.0.1 that nothing listens on (random in 20000-45000).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 25000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}
