#!/usr/bin/env bash
# The sanitizer run (issue 17): builds build-sanitize/ with clang,
# AddressSanitizer and UBSan (any undefined behaviour fatal); runs every
# libFuzzer target of tests/fuzz/ for a bounded time from its committed
# seeds; then runs the unit and store tests built the same way. Prints one
# line per target (executions, new inputs, crashes) and fails on any crash,
# leak, sanitizer report or failed test. tests/run.sh calls it.
#
#   tests/fuzz/run.sh               15 s per fuzz target
#   UNIONCARD_FUZZ_SECONDS=600 tests/fuzz/run.sh   a longer hunt
#
# The store tests need a MariaDB: the UNIONCARD_TEST_MYSQL_* settings
# tests/run.sh exports, or a private one started here. A crash leaves its
# input in build-sanitize/fuzz-artifacts/; make it a unit test, then fix.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../deploy/local/lib.sh
source "$root/deploy/local/lib.sh"
seconds=${UNIONCARD_FUZZ_SECONDS:-15}
build=$root/build-sanitize

install_packages clang-14 libclang-rt-14-dev
log "building the sanitizer build in $build (clang, ASan + UBSan)"
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 -DUNIONCARD_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzzers sanitized_tests

[ -n "${UNIONCARD_TEST_MYSQL_HOST:-}" ] || start_private_mariadb "$root" sanitize
work=$(mktemp -d "${TMPDIR:-/tmp}/unioncard-fuzz-XXXXXX")
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# One fuzz target: a fresh working corpus seeded from the committed one (the
# repository's seeds are never written to).
fuzz_one() {
  local fuzzer=$1 name rc=0
  name=$(basename "$fuzzer" _fuzzer)
  mkdir -p "$work/$name"
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
    "$work/$name" "$root/tests/fuzz/corpus/$name" >"$work/$name.log" 2>&1 || rc=$?
  echo $rc >"$work/$name.rc"
}

log "fuzzing each target for $seconds s, $(nproc) at a time"
while read -r fuzzer; do
  [ -n "$fuzzer" ] || continue
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  fuzz_one "$fuzzer" &
done <"$build/fuzzers.txt"
wait

status=0
printf '%-18s %12s %10s %8s\n' target executions new-inputs result
while read -r fuzzer; do
  [ -n "$fuzzer" ] || continue
  name=$(basename "$fuzzer" _fuzzer)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
  added=$(sed -n 's/^stat::new_units_added: *//p' "$work/$name.log")
  if [ "$(cat "$work/$name.rc")" = 0 ]; then
    result=ok
  else
    result=CRASH
    status=1
  fi
  printf '%-18s %12s %10s %8s\n' "$name" "${runs:-?}" "${added:-?}" "$result"
  if [ "$result" != ok ]; then
    { grep -v '^#\|^INFO\|^MS:\|^Done\|NEW_FUNC' "$work/$name.log" || true; } | sed -n 1,60p
    ls "$artifacts/$name-"* 2>/dev/null || true
  fi
done <"$build/fuzzers.txt"

log "the unit and store tests under ASan + UBSan"
while read -r test; do
  [ -n "$test" ] || continue
  if "$test" --gtest_brief=1 >"$work/test.log" 2>&1; then
    printf '  %-28s %s\n' "$(basename "$test")" \
      "$(grep -o '[0-9]* tests\? from [0-9]* test suites\? ran' "$work/test.log" | head -1)"
  else
    printf '  %-28s FAILED\n' "$(basename "$test")"
    tail -n 80 "$work/test.log"
    status=1
  fi
done <"$build/sanitized_tests.txt"
rm -rf "$work"
exit $status
