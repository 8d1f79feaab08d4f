#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds, starts a private
# MariaDB on a free loopback port in a temporary directory, runs every test
# through ctest, then the sanitizer run (tests/fuzz/run.sh: the fuzz
# targets for a bounded time and the unit and store tests under ASan +
# UBSan, built with clang in build-sanitize/), scans every service log line
# the run wrote for personal data in clear (tools/logscan), stops MariaDB
# and removes its directory.
# Exits non-zero if anything failed. Safe to run again and again.
#
#   ./tests/run.sh                 everything
#   ./tests/run.sh -R ResidentId   extra arguments go to ctest (and skip the
#                                  sanitizer run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../deploy/local/lib.sh
source "$root/deploy/local/lib.sh"

install_packages
build_project "$root" "$root/build"
build_portal "$root"

start_private_mariadb "$root" test
# The containers' logs of the podman smoke run, kept for the scan below.
export UNIONCARD_CONTAINER_LOG_DIR=$scratch/container-logs

log "running tests"
cd "$root/build"
status=0
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@" || status=$?

# Only a full run fuzzes: `./tests/run.sh -R Something` is for a quick look.
if [ $# -eq 0 ]; then
  log "the sanitizer run: fuzz targets, then unit and store tests under ASan + UBSan"
  "$root/tests/fuzz/run.sh" || status=1
fi

# Every service log line the run wrote — in-process servers (ctest's log),
# child processes and containers (their log files under $scratch) — must be
# free of ID numbers, mobile numbers and card tokens in clear.
log "scanning the run's service logs for personal data in clear"
"$root/build/tools/logscan" "$root/build/Testing/Temporary/LastTest.log" "$scratch" ||
  status=1
exit $status
