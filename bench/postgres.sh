# Sourced by the bench scripts that take `postgres` as their backend: a
# PostgreSQL server to measure against, and a fresh database in it for each
# journal a script seeds.
#
#   bench_pg_start          # sets bench_pg_server (a URL without a database)
#   bench_pg_database NAME  # creates a database, sets bench_pg_url to its URL
#
# With BACKCALM_BENCH_DATABASE_URL (for example
# postgres://postgres@127.0.0.1:54320/postgres) the databases are made in that
# server by a role allowed to CREATE DATABASE, and dropped at the end. Without
# it, a throwaway cluster is started as scripts/test starts one (initdb with
# trust auth, fsync off, as the postgres user when run as root) and removed at
# the end. The caller's EXIT trap must call bench_pg_stop. A caller may set
# bench_pg_options (server settings for the throwaway cluster) before
# bench_pg_start; the default turns fsync off.

bench_pg_dir=
bench_pg_made=()

bench_pg_start() {
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pgbin" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  if [ -n "${BACKCALM_BENCH_DATABASE_URL:-}" ]; then
    bench_pg_server=${BACKCALM_BENCH_DATABASE_URL%/*}
    bench_pg_admin=$BACKCALM_BENCH_DATABASE_URL
    return 0
  fi
  bench_pg_dir=$(mktemp -d /tmp/backcalm-bench-pg.XXXXXX)
  bench_as_pg=()
  if [ "$(id -u)" = 0 ]; then
    # initdb and postgres refuse to run as root.
    chown postgres:postgres "$bench_pg_dir"
    bench_as_pg=(runuser -u postgres --)
  fi
  local port=55532
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  "${bench_as_pg[@]}" "$pgbin/initdb" -D "$bench_pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${bench_as_pg[@]}" "$pgbin/pg_ctl" -D "$bench_pg_dir/data" -l "$bench_pg_dir/server.log" -w \
    -o "-p $port -k $bench_pg_dir -c listen_addresses=127.0.0.1 ${bench_pg_options--c fsync=off}" start >/dev/null
  bench_pg_port=$port
  bench_pg_server="postgres://postgres@127.0.0.1:$port"
  bench_pg_admin="$bench_pg_server/postgres"
}

bench_pg_database() {
  local name="backcalm_bench_$$_$1"
  "$pgbin/psql" -q -X -v ON_ERROR_STOP=1 -d "$bench_pg_admin" -c "CREATE DATABASE $name" >/dev/null
  bench_pg_made+=("$name")
  bench_pg_url="$bench_pg_server/$name"
}

bench_pg_stop() {
  if [ -n "$bench_pg_dir" ]; then
    "${bench_as_pg[@]}" "$pgbin/pg_ctl" -D "$bench_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$bench_pg_dir"
  else
    local name
    for name in "${bench_pg_made[@]}"; do
      "$pgbin/psql" -q -X -d "$bench_pg_admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
    done
  fi
}
