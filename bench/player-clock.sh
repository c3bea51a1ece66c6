#!/usr/bin/env bash
# Plays a practice for real in plain mode and reports how far the end drifts
# from the planned length, using the wall clock around the whole process.
# The baseline is the planned length itself (ratio = measured / planned).
#
#   bench/player-clock.sh [MINUTES]     # default 10
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
cargo build --release -q -p backcalm
data=$(mktemp -d /tmp/backcalm-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
start=$(date +%s%N)
BACKCALM_DATA_DIR=$data target/release/backcalm practice play meditation-timer \
  --minutes "$minutes" --interval 1 --plain --no-ratings --no-bells </dev/null >"$data/out.txt"
end=$(date +%s%N)
elapsed_ms=$(( (end - start) / 1000000 ))
planned_ms=$(( minutes * 60000 ))
echo "planned ${planned_ms} ms, process ran ${elapsed_ms} ms, drift $(( elapsed_ms - planned_ms )) ms (includes process start), ratio $(awk "BEGIN{printf \"%.5f\", $elapsed_ms/$planned_ms}")"
tail -n 3 "$data/out.txt"
