#!/usr/bin/env bash
# A private MariaDB in a directory of its own, on a loopback port; no system
# service, no root password games. Used by tests/run.sh, deploy/local/up.sh
# and the C++ test helper (common/testing/mariadb_server.cc).
#
#   mariadb.sh start DIR PORT [APP_PASSWORD]   create if new, start, wait
#   mariadb.sh stop DIR                        stop and wait
#   mariadb.sh status DIR                      exit 0 when running
#
# It creates the account unioncard@{localhost,127.0.0.1} with all privileges
# (password APP_PASSWORD, default "unioncard") and drops the anonymous
# accounts a fresh data directory has, which would shadow it.
# UNIONCARD_MARIADB_TLS_DIR=DIR (ca.crt, server.crt, server.key) makes the
# server offer TLS with that certificate (the pool's --mysql_tls_ca test).
set -euo pipefail

cmd=${1:?usage: mariadb.sh start|stop|status DIR [PORT [PASSWORD]]}
dir=${2:?data directory required}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock="$dir/mysqld.sock"
pidfile="$dir/mysqld.pid"
logfile="$dir/mysqld.log"

find_bin() {
  for b in "$@"; do
    for d in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      [ -x "$d/$b" ] && { echo "$d/$b"; return 0; }
    done
  done
  echo "mariadb.sh: none of $* found; install mariadb-server" >&2
  return 1
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

user_args=()
[ "$(id -u)" = 0 ] && user_args=(--user=root)
tls_args=()
if [ -n "${UNIONCARD_MARIADB_TLS_DIR:-}" ]; then
  tls_args=(--ssl-ca="$UNIONCARD_MARIADB_TLS_DIR/ca.crt"
    --ssl-cert="$UNIONCARD_MARIADB_TLS_DIR/server.crt"
    --ssl-key="$UNIONCARD_MARIADB_TLS_DIR/server.key")
fi

case "$cmd" in
  start)
    port=${3:?port required}
    password=${4:-unioncard}
    if running; then
      echo "mariadb already running in $dir"
      exit 0
    fi
    if [ ! -d "$dir/data/mysql" ]; then
      "$(find_bin mariadb-install-db mysql_install_db)" "${user_args[@]}" \
        --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db >"$dir/install.log" 2>&1 ||
        { cat "$dir/install.log" >&2; exit 1; }
      fresh=1
    else
      fresh=0
    fi
    "$(find_bin mariadbd mysqld)" --no-defaults "${user_args[@]}" \
      --datadir="$dir/data" --socket="$sock" --pid-file="$pidfile" \
      --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 \
      --max-connections=500 --local-infile=1 "${tls_args[@]}" \
      --log-error="$logfile" >/dev/null 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
      kill -0 "$server_pid" 2>/dev/null || break
      if "$(find_bin mariadb-admin mysqladmin)" --socket="$sock" -uroot \
           ping >/dev/null 2>&1; then
        break
      fi
      sleep 0.5
    done
    if ! "$(find_bin mariadb-admin mysqladmin)" --socket="$sock" -uroot \
         ping >/dev/null 2>&1; then
      echo "mariadb did not start; log follows" >&2
      tail -n 30 "$logfile" >&2 || true
      exit 1
    fi
    if [ "$fresh" = 1 ]; then
      "$(find_bin mariadb mysql)" --socket="$sock" -uroot <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER 'unioncard'@'localhost' IDENTIFIED BY '$password';
CREATE USER 'unioncard'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'unioncard'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'unioncard'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
    fi
    echo "mariadb running: 127.0.0.1:$port (socket $sock, log $logfile)"
    ;;
  stop)
    if running; then
      pid=$(cat "$pidfile")
      kill "$pid"
      for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" || true; fi
    fi
    ;;
  status)
    running
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
