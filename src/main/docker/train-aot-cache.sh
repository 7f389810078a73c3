#!/bin/sh
# The training run of the image's ahead-of-time cache (src/main/docker/Dockerfile, stage `train`; as root, in the image
# whose JVM will use the cache). Starts this stage's PostgreSQL and Redis, then the app with the image's JVM flags and
# -XX:AOTCacheOutput, sends the reads of aot-training.sh, stops the app (the JVM writes the cache as it exits) and the
# two servers. Fails, with the app's errors, when the app does not start, a read fails or no cache was written.
#
#   train-aot-cache.sh CACHE [JVM flags…]
#
# Every port is one of its own, not the servers' usual ones: CI builds on the host's network (BUILD_NETWORK=host),
# where the host's own PostgreSQL, Redis and services already listen on those.
set -eu
cache=$1
shift
pg_port=55432 redis_port=56379 api_port=58080 ops_port=59000
log=/tmp/training.log
fail() {
  echo "train-aot-cache: $*" >&2
  grep -E 'ERROR|Caused by' "$log" | head -20 >&2 || true
  exit 1
}

pg_version=$(ls /etc/postgresql)                     # the cluster `main` that Debian's package created
sed -i "s/^#\?port = .*/port = $pg_port/" "/etc/postgresql/$pg_version/main/postgresql.conf"
pg_ctlcluster "$pg_version" main start
su postgres -c "psql -q -p $pg_port -c \"create role catalog login password 'training'\" \
  -c 'create database catalog owner catalog'"
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >/dev/null

# The pod's memory limit (k8s/app-deployment.yaml) as the JVM would see it in the container, for the heap the cache
# records; the rest is the app's prod profile on this stage's servers, with the sample catalog to read.
QUARKUS_HTTP_PORT=$api_port QUARKUS_MANAGEMENT_PORT=$ops_port \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$pg_port/catalog QUARKUS_DATASOURCE_PASSWORD=training \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$redis_port QUARKUS_REDIS_SESSIONS_HOSTS=redis://127.0.0.1:$redis_port \
  CATALOG_SAMPLE_DATA_ENABLED=true \
  java "$@" -XX:MaxRAM=512m -XX:AOTCacheOutput="$cache" -jar /deployments/quarkus-run.jar >"$log" 2>&1 &
app=$!
until curl -fs -o /dev/null "http://127.0.0.1:$ops_port/q/health/ready"; do
  kill -0 "$app" 2>/dev/null || fail "the app stopped before it was ready"
  sleep 0.2
done
sh "$(dirname "$0")/aot-training.sh" "http://127.0.0.1:$api_port" "http://127.0.0.1:$ops_port" \
  || fail "the training reads failed"
kill "$app"
wait "$app" || true                                   # 143 after SIGTERM; the cache says whether it worked
grep -q 'AOTCache creation is complete' "$log" || fail "no cache was written"

redis-cli -p "$redis_port" shutdown nosave >/dev/null
pg_ctlcluster "$pg_version" main stop
rm -f "$log"
