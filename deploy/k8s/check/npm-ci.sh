#!/usr/bin/env bash
# Installs the check's node packages from the committed lock file when they
# are missing or older than it. Fails (never skips) without node or npm.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "k8s check: node is missing (apt-get install nodejs npm)" >&2; exit 1; }
command -v npm >/dev/null || { echo "k8s check: npm is missing" >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
