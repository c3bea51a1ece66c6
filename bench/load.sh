#!/usr/bin/env bash
# Hosted mode under load (issue 14 item 2): two `backcalm serve --accounts`
# servers over one PostgreSQL, measured side by side with pgbench on the
# same cluster in the same run.
#
#   bench/load.sh
#
# Data: 1,000 people with a year each (a check-in six days a week, a session
# five, a PEG-3 every week: bench/seed.py's `year`, imported once with
# `backcalm import` and copied to each person in SQL), spread over 20
# clinicians (each person shares everything with one). Each person and
# clinician has a live session (bench/load_people.py).
#
# The cluster is a throwaway one (bench/postgres.sh) with PostgreSQL's
# default durability (fsync and synchronous_commit on); the servers connect
# as deploy/postgres-roles.sql's `backcalm_app`, under row-level security,
# as docs/DEPLOYMENT.md says a clinic runs them.
#
# Load: wrk (Debian's), one process per server at once, each with half the
# connections, for each workload and each concurrency:
#   checkins    POST /api/v1/checkins, each request as the next person
#   insights    GET /api/v1/insights, each request as the next person
#   clinicians  GET /api/v1/patients and GET /api/v1/patients/{id}/report in turn
# Baseline: pgbench with bench/load/insert.sql (one INSERT of a check-in's
# size) at the same concurrencies. Requests per second add the two wrk
# processes; p50 is their request-weighted mean, p99 the worse of the two.
#
# Then EXPLAIN (ANALYZE, BUFFERS) of every statement one request of each
# kind runs (auto_explain, for the app role only), and a check that no plan
# reads a people's table by sequential scan.
#
# Settings (environment): LOAD_PEOPLE (1000), LOAD_CLINICIANS (20),
# LOAD_SECONDS per run (15), LOAD_CONCURRENCY ("4 8 16 32").
#
# Targets (issue 14): check-in posts reach at least 30% of pgbench's insert
# rate, with every p99 under 50 ms at the concurrency that reaches it.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${LOAD_PEOPLE:-1000}
clinicians=${LOAD_CLINICIANS:-20}
seconds=${LOAD_SECONDS:-15}
read -r -a levels <<<"${LOAD_CONCURRENCY:-4 8 16 32}"
if ! command -v wrk >/dev/null; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; fi
cargo build --release -q -p backcalm
bin=$PWD/target/release/backcalm
data=$(mktemp -d /tmp/backcalm-load.XXXXXX)
chmod 755 "$data"
servers=()
ports=()
failed=0
source bench/postgres.sh
cleanup() {
  local s
  for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done
  bench_pg_stop
  rm -rf "$data"
}
trap cleanup EXIT

# Durable, as a clinic runs it; room for two pools and pgbench; auto_explain
# loaded but silent until the explain pass turns it on for the app role.
bench_pg_options="-c max_connections=200 -c shared_buffers=512MB -c shared_preload_libraries=auto_explain"
bench_pg_start
bench_pg_database load
owner_url=$bench_pg_url
app_url="postgres://backcalm_app@127.0.0.1:$bench_pg_port/${bench_pg_url##*/}"
psql=("$pgbin/psql" -q -X -v ON_ERROR_STOP=1)

echo "seeding: $people people with a year each, $clinicians clinicians..."
BACKCALM_DATABASE_URL=$owner_url "$bin" migrate >/dev/null
"${psql[@]}" -d "$owner_url" -f deploy/postgres-roles.sql >/dev/null
python3 bench/seed.py year "$data/year.json"
BACKCALM_DATABASE_URL=$owner_url BACKCALM_TZ=Europe/London "$bin" import "$data/year.json" >/dev/null
python3 bench/load_people.py "$data" "$people" "$clinicians"
"${psql[@]}" -d "$owner_url" <<SQL
\copy accounts (id, role, name, username, created_at) FROM '$data/accounts.csv' CSV
\copy logins (token_hash, account_id, created_at, last_seen_at) FROM '$data/logins.csv' CSV
\copy shares (id, person_id, clinician_id, scopes, created_at) FROM '$data/shares.csv' CSV
-- The imported year belongs to the local journal ('local'): a copy for
-- each person, with new ids, then the original goes.
CREATE TEMP TABLE people AS SELECT id::text AS owner FROM accounts WHERE role = 'patient';
DO \$\$
DECLARE
    t text;
    cols text;
    picked text;
BEGIN
    FOREACH t IN ARRAY ARRAY['checkins', 'sessions', 'questionnaire_answers'] LOOP
        SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
               string_agg('j.' || quote_ident(column_name), ', ' ORDER BY ordinal_position)
          INTO cols, picked
          FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = t AND column_name NOT IN ('id', 'owner');
        EXECUTE format('INSERT INTO %I (id, owner, %s) SELECT gen_random_uuid(), p.owner, %s '
                       'FROM %I j CROSS JOIN people p WHERE j.owner = %L', t, cols, picked, t, 'local');
        EXECUTE format('DELETE FROM %I WHERE owner = %L', t, 'local');
    END LOOP;
END
\$\$;
CREATE TABLE bench_inserts (
    id          bigserial   PRIMARY KEY,
    owner       text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    pain        smallint    NOT NULL,
    stress      smallint    NOT NULL
);
VACUUM ANALYZE;
SQL
BACKCALM_DATABASE_URL=$owner_url "$bin" account invite --role admin --name Admin >/dev/null 2>&1
"${psql[@]}" -d "$owner_url" -At -F ' ' -c \
  "SELECT (SELECT count(*) FROM checkins), (SELECT count(*) FROM sessions),
          (SELECT count(*) FROM questionnaire_answers), (SELECT count(*) FROM shares),
          pg_size_pretty(pg_database_size(current_database()))" |
  while read -r c s q sh size; do
    echo "  $c check-ins, $s sessions, $q questionnaire answers, $sh shares; database $size"
  done

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() {
  local port
  port=$(free_port)
  BACKCALM_DATABASE_URL=$app_url "$bin" serve --accounts --bind "127.0.0.1:$port" \
    >/dev/null 2>"$data/serve-$port.log" &
  servers+=($!)
  ports+=("$port")
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the server on port $port did not become ready:" >&2
  cat "$data/serve-$port.log" >&2
  return 1
}

stop_servers() {
  local s
  for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done
  for s in "${servers[@]}"; do wait "$s" 2>/dev/null || true; done
  servers=()
  ports=()
}

start_server
start_server

# Before measuring, what the workloads rely on answers as it should.
person=$(sed -n 1p "$data/people.txt")
read -r clinician patients <"$data/clinicians.txt"
patient=${patients%%,*}
as() { curl -fsS -H "Cookie: backcalm_session=$1" "http://127.0.0.1:${ports[1]}$2"; }
as "$person" /api/v1/me | grep -q '"role":"patient"'
listed=$(as "$clinician" /api/v1/patients | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
if [ "$listed" != $((people / clinicians)) ]; then
  echo "clinician 1 lists $listed patients, not $((people / clinicians))" >&2
  exit 1
fi
as "$clinician" "/api/v1/patients/$patient/report" | grep -q '<html'

# One run of a workload against both servers at once; prints
# "rps p50 p99" and counts failed requests into $failed.
run_wrk() {
  local script=$1 conns=$2 i pids=()
  for i in 0 1; do
    LOAD_OFFSET=$((i * people / 2)) LOAD_SCRIPTS=$PWD/bench/load LOAD_DATA=$data \
      wrk -t1 -c$((conns / 2)) -d"${seconds}s" --latency -s "bench/load/$script.lua" \
      "http://127.0.0.1:${ports[i]}" >"$data/wrk-$i.out" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  cat "$data/wrk-0.out" "$data/wrk-1.out" | awk '
    /^RESULT/ { n += $2; if ($3 > d) d = $3; w += $2 * $4; if ($5 > p99) p99 = $5; bad += $6 + $7 }
    END { printf "%.0f %.2f %.2f %d\n", n / (d / 1e6), w / n, p99, bad }'
}

cat >"$data/insert.sql" <<'SQL'
\set owner random(1, 1000)
\set pain random(0, 10)
\set stress random(0, 10)
INSERT INTO bench_inserts (owner, pain, stress) VALUES (:owner, :pain, :stress);
SQL

echo
echo "workload,concurrency,requests_per_s,p50_ms,p99_ms,ratio_to_best_pgbench"
best=0
declare -A pgbench_tps
for c in "${levels[@]}"; do
  tps=$("$pgbin/pgbench" -n -c "$c" -j 2 -T "$seconds" -f "$data/insert.sql" "$owner_url" 2>/dev/null |
    awk '/^tps/ {print int($3); exit}')
  pgbench_tps[$c]=$tps
  [ "$tps" -gt "$best" ] && best=$tps
done
for c in "${levels[@]}"; do
  awk -v c="$c" -v t="${pgbench_tps[$c]}" -v b="$best" \
    'BEGIN {printf "pgbench-insert,%d,%d,,,%.2f\n", c, t, t / b}'
done
reached=
for workload in checkins insights clinicians; do
  for c in "${levels[@]}"; do
    read -r rps p50 p99 bad < <(run_wrk "$workload" "$c")
    awk -v w="$workload" -v c="$c" -v r="$rps" -v a="$p50" -v p="$p99" -v b="$best" \
      'BEGIN {printf "%s,%d,%d,%.2f,%.2f,%.2f\n", w, c, r, a, p, r / b}'
    if [ "$bad" -gt 0 ]; then
      echo "  $bad requests failed (status or socket errors); see the server logs" >&2
      failed=1
    fi
    if [ "$workload" = checkins ] && [ -z "$reached" ] && [ $((rps * 10)) -ge $((best * 3)) ]; then
      reached="$c $rps $p99"
    fi
  done
done
echo
if [ -n "$reached" ]; then
  read -r c rps p99 <<<"$reached"
  echo "check-in posts reach 30% of pgbench's best ($best/s) at concurrency $c: $rps/s, p99 $p99 ms"
else
  echo "check-in posts did not reach 30% of pgbench's best ($best/s) at any concurrency tried"
fi

# The explain pass: auto_explain on for the app role's new connections,
# one request of each kind through a fresh server, the plans from the log.
stop_servers
"${psql[@]}" -d "$owner_url" <<'SQL'
ALTER ROLE backcalm_app SET auto_explain.log_min_duration = 0;
ALTER ROLE backcalm_app SET auto_explain.log_analyze = on;
ALTER ROLE backcalm_app SET auto_explain.log_buffers = on;
ALTER ROLE backcalm_app SET auto_explain.log_timing = on;
SQL
start_server
log=$bench_pg_dir/server.log
mark() { "${psql[@]}" -d "$owner_url" -c "DO \$\$ BEGIN RAISE LOG 'backcalm-load: %', '$1'; END \$\$" >/dev/null; }
base="http://127.0.0.1:${ports[0]}"
mark "check-in post"
curl -fsS -o /dev/null -H "Cookie: backcalm_session=$person" -H 'Content-Type: application/json' \
  -d '{"pain": 4}' "$base/api/v1/checkins"
mark "insights"
curl -fsS -o /dev/null -H "Cookie: backcalm_session=$person" "$base/api/v1/insights"
mark "patient list"
curl -fsS -o /dev/null -H "Cookie: backcalm_session=$clinician" "$base/api/v1/patients"
mark "report"
curl -fsS -o /dev/null -H "Cookie: backcalm_session=$clinician" "$base/api/v1/patients/$patient/report"
mark "end"
sleep 0.5
echo
echo "EXPLAIN (ANALYZE, BUFFERS) of every statement each request ran (auto_explain):"
awk '/LOG:  backcalm-load: / { sub(/.*backcalm-load: /, ""); section = $0; if (section != "end") print "\n## " section; next }
     section != "" && section != "end" && /duration: .* plan:/ { printing = 1; sub(/.*LOG:  /, ""); print; next }
     section != "" && section != "end" && printing && /^\t/ { print; next }
     { printing = 0 }' "$log" | tee "$data/plans.txt"
echo
# A sequential scan over a people's table that found or passed over any
# row read rows that were not the request's to read.
scans=$(awk '/Seq Scan on (checkins|sessions|questionnaire_answers|screens|reminders|settings|audit|logins|shares|accounts)[ )]/ {
         if (node != "" && seen) print node; node = $0; seen = ($0 !~ /rows=0 loops/); next }
       node != "" && /Rows Removed by Filter: [1-9]/ { seen = 1; next }
       node != "" && /->|^## |duration:/ { if (seen) print node; node = "" }
       END { if (node != "" && seen) print node }' "$data/plans.txt")
if [ -n "$scans" ]; then
  echo "sequential scans that read rows of people's tables:"
  echo "$scans"
  failed=1
else
  echo "no plan reads a row of a people's table by sequential scan (empty tables aside)"
fi
exit "$failed"
