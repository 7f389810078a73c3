#!/bin/sh
# On an empty data directory: a cluster whose superuser is POSTGRES_USER (default postgres) with POSTGRES_PASSWORD,
# trusted on the local socket (pg_isready, psql in the container) and password-checked (SCRAM) from the network,
# and a database POSTGRES_DB (default: the user's name). Then, as the official image does, it runs the files in
# /docker-entrypoint-initdb.d in name order against a server that listens on the local socket only: executable *.sh
# files are run, other *.sh files sourced, *.sql files fed to psql as POSTGRES_USER in POSTGRES_DB (docker-compose.yml
# mounts the script that creates the app's role there). Then it runs the command, `postgres` unless told otherwise.
set -eu
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
export POSTGRES_USER POSTGRES_DB         # the init scripts read them, as they do in the official image

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD must be set" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # Single-user mode: no server to start and stop just to run one statement.
    echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\"" \
      | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  initialised=0
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue              # no such directory, or an empty one
    if [ "$initialised" = 0 ]; then
      # No TCP listener while the scripts run, so a health check over TCP (and the app) waits for the real server.
      pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start \
        >/dev/null
      initialised=1
    fi
    case "$f" in
      *.sh)
        echo "docker-entrypoint.sh: running $f"
        if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql)
        echo "docker-entrypoint.sh: running $f"
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -q -f "$f" ;;
      *)
        echo "docker-entrypoint.sh: ignoring $f" ;;
    esac
  done
  [ "$initialised" = 0 ] || pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "docker-entrypoint.sh: initialised $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
fi
exec "$@"
