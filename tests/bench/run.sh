#!/usr/bin/env bash
# Every benchmark of tests/bench/, one after the other on a private MariaDB:
# prints one JSON line per figure (name, value, unit, baseline, ratio, goal,
# met) as the benchmarks report them ("FIGURE {…}" lines), then a table,
# and keeps both in build/bench/report-<date>.{jsonl,md}. Each benchmark
# measures its baseline in the same run and reports medians.
#
#   tests/bench/run.sh            full size (Cangzhou: 1.44 M members; 21
#                                 minutes on a 2-core machine)
#   tests/bench/run.sh --quick    small sizes, a few minutes (a smoke run of
#                                 the figures, not the goals' sizes)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../deploy/local/lib.sh
source "$root/deploy/local/lib.sh"

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: tests/bench/run.sh [--quick]" >&2; exit 2 ;;
esac

# h2load (nghttp2-client) drives GetMember in point_read_bench.
install_packages nghttp2-client
build_project "$root" "$root/build"
cmake --build "$root/build" -j "$(nproc)" --target member_import_bench \
  card_issue_bench bulletin_bench gateway_bench point_read_bench \
  card_reads_bench

start_private_mariadb "$root" bench

if [ "$quick" = 1 ]; then
  runs=(
    "member_import_bench --members=20000 --runs=3"
    "card_issue_bench --members=2000 --transactions=20000 --runs=3"
    "bulletin_bench --members=100000 --runs=5"
    "gateway_bench --members=500 --seconds=2 --runs=3"
    "point_read_bench --members=5000 --seconds=2 --runs=3 --tool_requests=20000"
    "card_reads_bench --members=100000 --runs=3"
  )
else
  runs=(
    "member_import_bench --full --runs=3"
    "card_issue_bench --members=100000 --transactions=200000 --runs=3"
    "bulletin_bench --runs=7"
    "gateway_bench --runs=3"
    "point_read_bench --runs=3"
    "card_reads_bench --runs=5"
  )
fi

out_dir="$root/build/bench"
mkdir -p "$out_dir"
stamp=$(date -u +%F)
# (Not "$([ "$quick" = 1 ] && echo -quick)": in an assignment its status 1
# ended the full run under set -e.)
suffix=""
if [ "$quick" = 1 ]; then suffix=-quick; fi
report="$out_dir/report-$stamp$suffix.jsonl"
: >"$report"
for run in "${runs[@]}"; do
  read -r bench args <<<"$run"
  log "$run"
  # The benchmark's own lines go to the terminal; its figures to the report.
  # shellcheck disable=SC2086
  "$root/build/tests/bench/$bench" $args | tee "$scratch/$bench.log" |
    grep -v '^FIGURE ' >&2 || { echo "$bench failed" >&2; exit 1; }
  sed -n 's/^FIGURE //p' "$scratch/$bench.log" |
    node -e '
      const sizes = process.argv[1];
      let input = "";
      process.stdin.on("data", (d) => (input += d)).on("end", () => {
        for (const line of input.split("\n").filter(Boolean))
          console.log(JSON.stringify({ ...JSON.parse(line), run: sizes }));
      });' "$run" >>"$report"
done

echo
cat "$report"
echo
node -e '
  const fs = require("fs");
  const rows = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
  const n = (x) => (x === null ? "—" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));
  const lines = ["| figure | value | baseline | ratio | goal | met | run |", "| --- | --- | --- | --- | --- | --- | --- |"];
  for (const r of rows)
    lines.push(`| ${r.name} | ${n(r.value)} ${r.unit} | ${r.baseline ? n(r.baseline) + " " + r.unit : "—"} | ${n(r.ratio)} | ${r.goal} | ${r.met ? "met" : "**not met**"} | \`${r.run}\` |`);
  const table = lines.join("\n");
  fs.writeFileSync(process.argv[1].replace(/\.jsonl$/, ".md"), table + "\n");
  console.log(table);' "$report"
echo
log "report: $report (and .md)"
