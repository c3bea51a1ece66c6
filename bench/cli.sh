#!/usr/bin/env bash
# Whole-process timings of `backcalm log` and `backcalm history --json`, each
# as a ratio to `backcalm --version` (the cost of starting the process at
# all), measured in the same hyperfine run, on three journals:
#
#   ordinary  10,000 check-ins, three a day going back about nine years
#             (issue 3's journal): `log`, and `history` over its 10,000 rows
#   week      10,000 check-ins spread over the last seven local days: `log`,
#             whose rescreen rule asks for the week's daily pain
#   large     100,000 check-ins, one an hour going back about eleven years:
#             `history`
#
#   bench/cli.sh            # SQLite journal files
#   bench/cli.sh postgres   # one PostgreSQL database per journal (bench/postgres.sh:
#                           # a throwaway cluster, or BACKCALM_BENCH_DATABASE_URL's server)
#
# Targets on the 2-core reference machine: log <= 15 ms (on both journals),
# history <= 60 ms at 10,000 check-ins (issue 3) and <= 400 ms at 100,000
# (issue 12). `history` runs first, so it lists exactly the rows seeded;
# each `log` then adds a check-in (hyperfine runs it for at least 3 s, a few
# hundred times), which the journals' sizes hardly change.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
case $backend in sqlite | postgres) ;; *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;; esac
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release -q -p backcalm
bin=$PWD/target/release/backcalm
data=$(mktemp -d /tmp/backcalm-bench.XXXXXX)
source bench/postgres.sh
cleanup() {
  if [ "$backend" = postgres ]; then bench_pg_stop; fi
  rm -rf "$data"
}
trap cleanup EXIT
export BACKCALM_TZ=Europe/London
if [ "$backend" = postgres ]; then bench_pg_start; fi

# Seeds journal $1 with bench/seed.py's shape $2 through `backcalm import`;
# sets `where_` to the global option that names that journal.
seed() {
  local name=$1 shape=$2
  python3 bench/seed.py "$shape" "$data/$name.json"
  if [ "$backend" = postgres ]; then
    bench_pg_database "$name"
    where_="--database-url $bench_pg_url"
  else
    where_="--data-dir $data/$name"
  fi
  echo "seeding $name ($backend)"
  # shellcheck disable=SC2086 # $where_ is two words: the option and its value
  "$bin" $where_ import "$data/$name.json" >/dev/null
  rm -f "$data/$name.json"
}
seed ordinary ordinary
ordinary=$where_
seed week week
week=$where_
seed large large
large=$where_

out=$(mktemp /tmp/backcalm-bench.XXXXXX.csv)
# Names without commas: the CSV is split on them below. hyperfine runs the
# commands in this order.
hyperfine -N --warmup 5 --min-runs 30 --export-csv "$out" \
  -n version "$bin --version" \
  -n "history --json (10k)" "$bin $ordinary history --json" \
  -n "history --json (100k)" "$bin $large history --json" \
  -n "log (ordinary)" "$bin $ordinary log --pain 4" \
  -n "log (10k this week)" "$bin $week log --pain 4"
echo
echo "command,mean_ms,stddev_ms,ratio_to_version"
awk -F, 'NR==1{next} {name[NR]=$1; mean[NR]=$2*1000; sd[NR]=$3*1000; if ($1=="version") base=$2*1000}
  END {for (i=2;i<=NR;i++) printf "%s,%.2f,%.2f,%.1fx\n", name[i], mean[i], sd[i], mean[i]/base}' "$out"
rm -f "$out"
