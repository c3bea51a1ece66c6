#!/usr/bin/env bash
# Whole-process timings of `backcalm log` and `backcalm history --json` on a
# journal of 10,000 check-ins, each as a ratio to `backcalm --version` (the
# cost of starting the process at all), measured in the same run.
#
#   bench/cli.sh            # builds release, seeds a journal, runs hyperfine
#
# Targets on the 2-core reference machine: log <= 15 ms, history <= 60 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release -q -p backcalm
bin=$PWD/target/release/backcalm
data=$(mktemp -d /tmp/backcalm-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
export BACKCALM_DATA_DIR=$data BACKCALM_TZ=Europe/London

# A realistic journal: 10,000 check-ins three a day going back about nine
# years, loaded through `backcalm import` (the same validation as `log`).
echo "seeding 10,000 check-ins into $data..."
python3 - "$data/seed.json" <<'PY'
import json, sys, uuid, datetime
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
rows = []
for i in range(10000):
    t = now - datetime.timedelta(hours=8 * (i + 1))
    rows.append({"id": str(uuid.UUID(int=i + 1)), "recorded_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "tz": "Europe/London", "pain": i % 11, "stress": i % 7, "sleep": (i * 3) % 11,
                 "feel": ["dull-ache"], "where": ["lower-back"], "activity": None, "note": f"bench {i}"})
doc = {"format": "backcalm-export", "version": 1, "exported_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
       "checkins": rows, "sessions": [], "questionnaires": []}
json.dump(doc, open(sys.argv[1], "w"))
PY
"$bin" import "$data/seed.json"

out=$(mktemp /tmp/backcalm-bench.XXXXXX.csv)
hyperfine -N --warmup 5 --min-runs 30 --export-csv "$out" \
  -n version "$bin --version" \
  -n log "$bin log --pain 4 --note bench" \
  -n history "$bin history --json"
echo
echo "command,mean_ms,stddev_ms,ratio_to_version"
awk -F, 'NR==1{next} {name[NR]=$1; mean[NR]=$2*1000; sd[NR]=$3*1000; if ($1=="version") base=$2*1000}
  END {for (i=2;i<=NR;i++) printf "%s,%.2f,%.2f,%.1fx\n", name[i], mean[i], sd[i], mean[i]/base}' "$out"
rm -f "$out"
