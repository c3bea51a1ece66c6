#!/usr/bin/env bash
# Insights on ten years of data (3,650 check-ins and 10,000 sessions), the
# page that answers "what helps me", measured three ways in one run:
#
#   GET /api/v1/insights and GET /insights, one client at a time (wrk -c1),
#   against GET /api/v1/practices, which reads no journal (the baseline);
#   `backcalm insights --json` against `backcalm --version` (hyperfine).
#
#   bench/insights.sh            # SQLite: builds release, seeds a journal, measures
#   bench/insights.sh postgres   # the same on PostgreSQL (bench/postgres.sh: a
#                                # throwaway cluster, or BACKCALM_BENCH_DATABASE_URL's server)
#
# Target (issue 12): each insights answer <= 20 ms on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
case $backend in sqlite | postgres) ;; *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;; esac
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v hyperfine >/dev/null || need+=(hyperfine)
if ((${#need[@]})); then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi
cargo build --release -q -p backcalm
bin=$PWD/target/release/backcalm
data=$(mktemp -d /tmp/backcalm-bench.XXXXXX)
server=
source bench/postgres.sh
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  if [ "$backend" = postgres ]; then bench_pg_stop; fi
  rm -rf "$data"
}
trap cleanup EXIT
export BACKCALM_DATA_DIR=$data BACKCALM_TZ=Europe/London
if [ "$backend" = postgres ]; then
  bench_pg_start
  bench_pg_database insights
  # Every backcalm below (import, serve, insights) reads this journal.
  export BACKCALM_DATABASE_URL=$bench_pg_url
fi

echo "seeding ten years: 3,650 check-ins and 10,000 sessions ($backend)..."
python3 bench/seed.py ten-years "$data/seed.json"
"$bin" import "$data/seed.json" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --bind "127.0.0.1:$port" >/dev/null 2>"$data/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo
echo "request,mean_ms,p50_ms,p99_ms,ratio_to_practices"
base=
for path in /api/v1/practices /api/v1/insights /insights; do
  # One client, one request at a time, 10 s: the latency a person sees.
  out=$(wrk -t1 -c1 -d10s --latency -s /dev/stdin "http://127.0.0.1:$port$path" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.3f %.3f %.3f\n", latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
)
  read -r mean p50 p99 < <(awk '/^RESULT/ {print $2, $3, $4}' <<<"$out")
  [ -n "$base" ] || base=$mean
  awk -v p="$path" -v m="$mean" -v a="$p50" -v b="$p99" -v base="$base" \
    'BEGIN {printf "%s,%.2f,%.2f,%.2f,%.1fx\n", p, m, a, b, m / base}'
done

echo
csv=$(mktemp /tmp/backcalm-bench.XXXXXX.csv)
hyperfine -N --warmup 3 --min-runs 20 --export-csv "$csv" \
  -n version "$bin --version" \
  -n insights "$bin insights --json" >/dev/null
echo "command,mean_ms,stddev_ms,ratio_to_version"
awk -F, 'NR==1{next} {name[NR]=$1; mean[NR]=$2*1000; sd[NR]=$3*1000; if ($1=="version") base=$2*1000}
  END {for (i=2;i<=NR;i++) printf "%s,%.2f,%.2f,%.1fx\n", name[i], mean[i], sd[i], mean[i]/base}' "$csv"
rm -f "$csv"
