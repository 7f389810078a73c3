#!/bin/sh
# The training run of the image's ahead-of-time cache (src/main/docker/Dockerfile, stage `train`; as root, in the image
# whose JVM will use the cache). Starts this stage's PostgreSQL and Redis, then the app with the image's JVM flags and
# -XX:AOTCacheOutput, sends the reads of aot-training.sh, stops the app (the JVM writes the cache as it exits) and the
# two servers. Fails, with the app's log, when the app does not start, a read fails or no cache was written.
#
#   train-aot-cache.sh CACHE [JVM flags…]
set -eu
cache=$1
shift
log=/tmp/training.log
fail() { echo "train-aot-cache: $*" >&2; tail -50 "$log" >&2 || true; exit 1; }

pg_version=$(ls /etc/postgresql)                     # the cluster `main` that Debian's package created
pg_ctlcluster "$pg_version" main start
su postgres -c "psql -q -c \"create role catalog login password 'training'\" -c 'create database catalog owner catalog'"
redis-server --daemonize yes --save '' --appendonly no >/dev/null

# The pod's memory limit (k8s/app-deployment.yaml) as the JVM would see it in the container, for the heap the cache
# records; the rest is the app's prod profile on this stage's servers, with the sample catalog to read.
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/catalog QUARKUS_DATASOURCE_PASSWORD=training \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379 QUARKUS_REDIS_SESSIONS_HOSTS=redis://127.0.0.1:6379 \
  CATALOG_SAMPLE_DATA_ENABLED=true \
  java "$@" -XX:MaxRAM=512m -XX:AOTCacheOutput="$cache" -jar /deployments/quarkus-run.jar >"$log" 2>&1 &
app=$!
sh "$(dirname "$0")/aot-training.sh" http://127.0.0.1:8080 http://127.0.0.1:9000 || fail "the training reads failed"
kill "$app"
wait "$app" || true                                   # 143 after SIGTERM; the cache says whether it worked
grep -q 'AOTCache creation is complete' "$log" || fail "no cache was written"

redis-cli shutdown nosave >/dev/null
pg_ctlcluster "$pg_version" main stop
rm -f "$log"
