#!/usr/bin/env bash
# Stops what ./deploy/local/up.sh started. Data, keys and logs stay in
# .local/ (delete that folder to start from scratch).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
local_dir="$root/.local"

for pidfile in "$local_dir"/run/*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  name=$(basename "$pidfile" .pid)
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"  # services drain and stop on SIGTERM
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $name"
  fi
  rm -f "$pidfile"
done
if [ -d "$local_dir/mariadb" ]; then
  "$root/deploy/local/mariadb.sh" stop "$local_dir/mariadb"
  echo "stopped MariaDB"
fi
