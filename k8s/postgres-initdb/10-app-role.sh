#!/bin/sh
# Creates the role the app connects as. Runs once, when the postgres image initialises an empty data directory: it
# runs every file in /docker-entrypoint-initdb.d, as POSTGRES_USER (the superuser), with the server listening only on
# its local socket. Kubernetes mounts this file there from the ConfigMap catalog-postgres-initdb (kustomization.yaml
# generates it), docker-compose.yml mounts this directory; it is executable, so the entrypoint runs it and does not
# source it.
#
# POSTGRES_USER is for operators only. The app's role (APP_DB_USER, APP_DB_PASSWORD) is no superuser and may not
# create databases or roles; it owns the schema named after it and nothing else, so the migrations it runs at
# start-up change only the app's tables, and a hole in the app cannot reach other databases, create roles or run
# server-side programs. DatabaseRoleTest runs this script against a real PostgreSQL.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v app_user="$APP_DB_USER" -v app_password="$APP_DB_PASSWORD" <<'SQL'
create role :"app_user" login password :'app_password' nosuperuser nocreatedb nocreaterole noreplication;
revoke all on database :"db" from public;
grant connect, temporary on database :"db" to :"app_user";
revoke create on schema public from public;
create schema :"app_user" authorization :"app_user";
alter role :"app_user" in database :"db" set search_path = :"app_user";
SQL
