#!/bin/sh
# The requests of the ahead-of-time cache's training run (JDK 25: JEPs 483, 514, 515; docs/containers.md).
#
#   src/main/docker/aot-training.sh API_URL MANAGEMENT_URL      e.g. http://127.0.0.1:8080 http://127.0.0.1:9000
#
# A JVM started with -XX:AOTCacheOutput=app.aot records which classes the app loads and links and which methods run
# hot, and writes the cache when it exits. Start-up alone records the start-up; these requests add what the first
# requests of a new pod run (a product read from PostgreSQL, then from Redis, then from the near cache; a listing page,
# a bulk read, the read-through, refresh-ahead, GEO and ZSET reads; health and metrics), so that a pod that joins the
# Service does not compile them under its first load. Reads only: the training writes nothing a user would see.
# Waits up to 120 s for readiness, then sends its requests; fails on any answer other than 200. Used by
# src/main/docker/Dockerfile (stage `train`) and bench/scenarios/70-startup.sh: one workload for the image and for
# the figures.
set -eu
api=$1
ops=$2

i=0
until curl -fs -o /dev/null "$ops/q/health/ready"; do
  i=$((i + 1))
  [ "$i" -le 1200 ] || { echo "aot-training: not ready after 120 s" >&2; exit 1; }
  sleep 0.1
done

get() { curl -fs -o /dev/null "$1" || { echo "aot-training: GET $1 failed" >&2; exit 1; }; }
round=0
while [ "$round" -lt 3 ]; do                 # 1: misses (PostgreSQL), 2: Redis hits, 3: near-cache hits
  id=1
  while [ "$id" -le 100 ]; do get "$api/api/products/$id"; id=$((id + 1)); done
  get "$api/api/products?page=0&size=20"
  get "$api/api/products?category=Books&page=1&size=50"
  get "$api/api/products?ids=1,2,3,4,5,6,7,8,9,10"
  get "$api/api/categories"
  get "$api/api/brands"
  get "$api/api/products/featured"
  get "$api/api/products/best-sellers?days=7&limit=10"
  get "$api/api/stores/near?lat=48.85&lon=2.35&km=500"
  get "$api/api/inventory/KIT-0001"
  get "$ops/q/health/live"
  get "$ops/q/health/well"
  get "$ops/q/metrics"
  round=$((round + 1))
done
