#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the store tests and
# print its URL (the tests read it from PRESSWATCH_TEST_POSTGRES_URL):
#
#     export PRESSWATCH_TEST_POSTGRES_URL="$(bash scripts/start-postgres.sh)"
#
# Uses the Debian package's binaries (scripts/install-system-deps.sh installs
# them). Idempotent: a server already answering on the port is reused.
# Stop it with: scripts/start-postgres.sh --stop
set -euo pipefail
PORT="${PRESSWATCH_PG_PORT:-54329}"
DATA="${PRESSWATCH_PG_DIR:-/tmp/presswatch-pg-$PORT}"
DB="presswatch_test"
URL="postgresql://postgres@127.0.0.1:$PORT/$DB"

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bindir" ]; then
    echo "start-postgres: no PostgreSQL server binaries (apt-get install postgresql)" >&2
    exit 1
fi

as_owner() {
    # PostgreSQL refuses to run as root: use the 'postgres' account then.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" = "--stop" ]; then
    [ -d "$DATA" ] && as_owner "$bindir/pg_ctl" -D "$DATA" -m fast stop >&2 || true
    exit 0
fi

if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    if [ ! -s "$DATA/PG_VERSION" ]; then
        mkdir -p "$DATA"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
        as_owner "$bindir/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$DATA.initdb.log" 2>&1 || {
            cat "$DATA.initdb.log" >&2
            exit 1
        }
    fi
    as_owner "$bindir/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off" start >&2
fi
if ! "$bindir/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    "$bindir/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE $DB" >&2
fi
echo "$URL"
