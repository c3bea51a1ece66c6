#!/usr/bin/env bash
# Two builds of backcalm side by side in one run, on SQLite journals each
# build seeded itself (a newer schema is not opened by an older build):
#
#   GET /api/v1/insights and GET /insights on the ten-year journal
#   (bench/seed.py ten-years), one client at a time (wrk -c1, 10 s), each
#   build's server measured in turn, against the new build's
#   GET /api/v1/practices (reads no journal);
#   `history --json` on 10,000 check-ins (bench/seed.py ordinary) and
#   `insights --json` on the ten-year journal, against the new build's
#   `--version` (hyperfine).
#
#   bench/before-after.sh OLD_BIN NEW_BIN
#
# For example, the previous release built in a scratch worktree:
#   git worktree add /work/wt-before 57ed60a
#   (cd /work/wt-before && cargo build --release -p backcalm)
#   cargo build --release -p backcalm
#   bench/before-after.sh /work/wt-before/target/release/backcalm target/release/backcalm
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# = 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
data=$(mktemp -d /tmp/backcalm-bench.XXXXXX)
servers=()
cleanup() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT
export BACKCALM_TZ=Europe/London
unset BACKCALM_DATABASE_URL BACKCALM_DATA_DIR

python3 bench/seed.py ten-years "$data/ten-years.json"
python3 bench/seed.py ordinary "$data/ordinary.json"
declare -A port
for which in old new; do
  bin=${!which}
  "$bin" --data-dir "$data/$which-ten-years" import "$data/ten-years.json" >/dev/null
  "$bin" --data-dir "$data/$which-ordinary" import "$data/ordinary.json" >/dev/null
  port[$which]=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" --data-dir "$data/$which-ten-years" serve --bind "127.0.0.1:${port[$which]}" >/dev/null 2>"$data/$which-serve.log" &
  servers+=($!)
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:${port[$which]}/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
done

echo "request,build,mean_ms,p50_ms,p99_ms,ratio_to_practices"
base=
for step in "new /api/v1/practices" "old /api/v1/insights" "new /api/v1/insights" "old /insights" "new /insights"; do
  read -r which path <<<"$step"
  out=$(wrk -t1 -c1 -d10s --latency -s /dev/stdin "http://127.0.0.1:${port[$which]}$path" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.3f %.3f %.3f\n", latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
)
  read -r mean p50 p99 < <(awk '/^RESULT/ {print $2, $3, $4}' <<<"$out")
  [ -z "$base" ] && base=$mean
  awk -v p="$path" -v w="$which" -v m="$mean" -v a="$p50" -v b="$p99" -v base="$base" \
    'BEGIN {printf "%s,%s,%.2f,%.2f,%.2f,%.1fx\n", p, w, m, a, b, m / base}'
done

echo
csv=$(mktemp /tmp/backcalm-bench.XXXXXX.csv)
hyperfine -N --warmup 3 --min-runs 20 --export-csv "$csv" \
  -n "new --version" "$new --version" \
  -n "old history --json (10k)" "$old --data-dir $data/old-ordinary history --json" \
  -n "new history --json (10k)" "$new --data-dir $data/new-ordinary history --json" \
  -n "old insights --json" "$old --data-dir $data/old-ten-years insights --json" \
  -n "new insights --json" "$new --data-dir $data/new-ten-years insights --json" >/dev/null
cmp -s <("$old" --data-dir "$data/old-ordinary" history --json) <("$new" --data-dir "$data/new-ordinary" history --json) &&
  echo "history --json: both builds print the same bytes" ||
  echo "history --json: the builds print different output"
echo "command,mean_ms,stddev_ms,ratio_to_version"
awk -F, 'NR==1{next} {name[NR]=$1; mean[NR]=$2*1000; sd[NR]=$3*1000; if ($1=="new --version") base=$2*1000}
  END {for (i=2;i<=NR;i++) printf "%s,%.2f,%.2f,%.1fx\n", name[i], mean[i], sd[i], mean[i]/base}' "$csv"
rm -f "$csv"
