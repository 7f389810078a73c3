#!/usr/bin/env bash
# Measures what each pattern buys, with the packaged service against the local PostgreSQL and Redis.
#
#   bench/run.sh              one full run: about 19 minutes on 2 cores; results in bench/results/
#   bench/run.sh --runs 3     three full runs, one after the other; latest.json holds the median of each figure
#   bench/run.sh --quick      a smoke run for CI: the same scenarios for a few seconds each (not start-up); results in
#                             target/bench/
#   bench/run.sh --tools      only installs what it needs (wrk, gnuplot, jq, curl) when missing, and stops
#
# Each run writes run-N.json (N = 1, 2, …); latest.json and latest.png hold the median over the runs of every
# figure, the machine (CPU, cores, JDK, Redis and PostgreSQL versions, load average at the start) and the date.
# Publish figures only from a quiet machine: the load average at the start is in the report for that reason.
#
# Scenarios, each for a fixed time with fixed connections (wrk), ids drawn at random:
#   1. GET /api/products/{id}, cache on (hits)       2. the same, cache off (every request reads PostgreSQL)
#   3. floor: GET /q/health/live, the cheapest JSON the service serves: the HTTP stack's own limit (served by the
#      management interface, on its own port; docs/benchmark.md says what that measures)
#   4. stampede: one hot product invalidated by a PUT every 200 ms under load, protection on, then off;
#      database loads per invalidation from /q/metrics (on the management port)
#   5. reservations on one hot sku (201 reserved and 409 sold out are both answers, anything else an error)
#   6. Redis memory per cached product (MEMORY USAGE over a sample of keys)
#   7. invalidation lag under the read load of scenario 1: a product is cached, a PUT changes it, and redis-cli polls
#      until its key is gone; from sending the PUT (its commit is inside it) to the key gone, p50 and p99
#   8… the plug-ins: every bench/scenarios/*.sh adds its scenario to the same run (bench/scenarios/README.md)
# Any socket error or unexpected status fails the run (exit 1) after the report is written.
#
# One customer makes thousands of reservations a second, far past rate-limit.writes-per-client: the service starts
# with limits out of reach, so that every write still pays for its check (one Redis round trip) but none is refused,
# and without the caps on the units one customer holds (inventory.reservation-max-held-per-sku=0 and
# inventory.reservation-max-held-total=0), which would turn the scenario's sold-out answers into over-the-cap ones
# after 100 units.
# It uses its own database (catalog_bench, recreated on every run), its own Redis index (14) and key prefix (bench),
# and port 18086, with health and metrics on 18096 (every instance's management port is its API port + 10); change
# them with BENCH_DB, BENCH_REDIS_DB, BENCH_PORT. Nothing else is touched.
# Writes need a signed-in admin: the service is started with SHOP_ADMIN_EMAIL / SHOP_ADMIN_PASSWORD (BENCH_ADMIN_EMAIL,
# BENCH_ADMIN_PASSWORD; local values, not secrets), the stampede writer logs in as that admin, and the reservations
# are made by a customer that the run registers.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: bench/run.sh [--quick | --tools] [--runs N]" >&2; exit 2; }
MODE=full
RUNS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --tools) MODE=tools ;;
    --runs) [ $# -ge 2 ] || usage; RUNS=$2; shift ;;
    --runs=*) RUNS=${1#--runs=} ;;
    *) usage ;;
  esac
  shift
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a whole number of 1 or more, not '$RUNS'" >&2; exit 2; }

PORT=${BENCH_PORT:-18086}
DB_NAME=${BENCH_DB:-catalog_bench}
DB_USER=${BENCH_DB_USER:-catalog_bench}
DB_PASSWORD=${BENCH_DB_PASSWORD:-local-bench-only}     # a local value, not a secret
REDIS_DB=${BENCH_REDIS_DB:-14}
ADMIN_EMAIL=${BENCH_ADMIN_EMAIL:-bench-admin@example.org}
ADMIN_PASSWORD=${BENCH_ADMIN_PASSWORD:-local-bench-only-admin}  # a local value, not a secret
CUSTOMER_EMAIL=bench-customer@example.org
CUSTOMER_PASSWORD=local-bench-only-customer
PREFIX=bench
THREADS=2
CONNECTIONS=64
HOT_ID=42                                              # sample product 42 is KIT-0042
HOT_SKU=KIT-0042
LAG_ID=43                                              # the product scenario 7 changes, not the stampede's
WRITE_EVERY=0.2                                        # seconds between two invalidations of the hot product
if [ "$MODE" = quick ]; then
  WARMUP=1 WRITE_WARMUP=2 DURATION=2 OUT=target/bench
else
  WARMUP=15 WRITE_WARMUP=30 DURATION=20 OUT=bench/results
fi
WORK=target/bench
BASE=http://127.0.0.1:$PORT
# management_port PORT: the management interface (health, metrics) of the instance whose API is on PORT.
management_port() { echo $(($1 + 10)); }
OPS=http://127.0.0.1:$(management_port "$PORT")
mkdir -p "$WORK" "$OUT"

log() { printf '\n==> %s\n' "$*" >&2; }
die() { echo "ERROR: $*" >&2; exit 1; }

# --- Tools ----------------------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v redis-cli >/dev/null && command -v psql >/dev/null \
  || die "needs redis-cli and psql: run .ci/run once, it installs and starts PostgreSQL and Redis"
[ "$MODE" != tools ] || exit 0

java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null \
    && { export JAVA_HOME=$candidate; break; }
done
[ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] || die "needs a JDK 21 or newer"

# --- The packaged service -------------------------------------------------------------------------------------------
JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
  log "Packaging the service"
  ./mvnw -B -ntp -q package -DskipTests
fi

# --- Its own database and Redis keys --------------------------------------------------------------------------------
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
clean_redis() {
  redis-cli -n "$REDIS_DB" --scan --pattern "$PREFIX:*" | xargs -r -n 500 redis-cli -n "$REDIS_DB" unlink >/dev/null
}
# fresh_data: every run starts from the migrations and the sample catalog, with no key of the prefix in Redis.
fresh_data() {
  log "Recreating database $DB_NAME; Redis index $REDIS_DB, prefix $PREFIX"
  as_postgres "psql -q -v ON_ERROR_STOP=1 -d postgres" >/dev/null <<SQL
select format('create role %I login password %L', '$DB_USER', '$DB_PASSWORD')
where not exists (select 1 from pg_roles where rolname = '$DB_USER') \gexec
alter role "$DB_USER" password '$DB_PASSWORD';
drop database if exists "$DB_NAME" with (force);
create database "$DB_NAME" owner "$DB_USER";
SQL
  clean_redis
}

LOGS=$WORK                                             # one_run points this at target/bench/run-N
APP_PID=
EXTRA_PIDS=()
# launch NAME PORT [VAR=value…]: the jar in the prod profile on PORT (its management interface on management_port PORT),
# ready when /q/health/ready says so (asked every READY_POLL seconds, 0.5 unless a plug-in sets it); sets INSTANCE_PID.
READY_POLL=0.5
launch() {
  local name=$1 port=$2 ops; shift 2
  ops=$(management_port "$port")
  log "Starting the service ($name, port $port, management port $ops)"
  env QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$ops" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB_NAME" \
    QUARKUS_DATASOURCE_USERNAME="$DB_USER" QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$REDIS_DB" CACHE_KEY_PREFIX="$PREFIX" \
    SHOP_ADMIN_EMAIL="$ADMIN_EMAIL" SHOP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    RATE_LIMIT_WRITES_PER_CLIENT_LIMIT=1000000000 RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL_AND_ADDRESS_LIMIT=1000000 \
    INVENTORY_RESERVATION_MAX_HELD_PER_SKU=0 INVENTORY_RESERVATION_MAX_HELD_TOTAL=0 \
    QUARKUS_SHUTDOWN_TIMEOUT=10s "$@" \
    "$JAVA_HOME/bin/java" -jar "$JAR" >"$LOGS/app-$name.log" 2>&1 &
  INSTANCE_PID=$!
  local deadline=$(( $(date +%s) + 60 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -fs -o /dev/null "http://127.0.0.1:$ops/q/health/ready" && return 0
    kill -0 "$INSTANCE_PID" 2>/dev/null || die "the service did not start: see $LOGS/app-$name.log"
    sleep "$READY_POLL"
  done
  die "the service was not ready after 60 s: see $LOGS/app-$name.log"
}
start_app() {  # start_app NAME [VAR=value…]: the main instance, on $PORT ($BASE)
  local name=$1; shift
  launch "$name" "$PORT" "$@"
  APP_PID=$INSTANCE_PID
}
# start_instance NAME PORT [VAR=value…]: one more instance beside the main one (a plug-in's second app, say); sets
# INSTANCE_PID. stop_all stops it after the plug-in, or on any exit.
start_instance() {
  launch "$@"
  EXTRA_PIDS+=("$INSTANCE_PID")
}
stop_app() {
  [ -n "$APP_PID" ] || return 0
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}
# stop_instance PID: stops an instance that start_instance started (stop_all does it for any left running).
stop_instance() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
stop_all() {
  stop_app
  local pid
  for pid in "${EXTRA_PIDS[@]}"; do stop_instance "$pid"; done
  EXTRA_PIDS=()
}
trap 'stop_all; clean_redis' EXIT

# login EMAIL PASSWORD: prints a session token (POST /api/sessions).
login() {
  curl -fs -X POST -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg e "$1" --arg p "$2" '{email: $e, password: $p}')" "$BASE/api/sessions" | jq -r .token
}
# customer_token: registers the benchmark's customer (once per database; 409 afterwards) and logs it in.
customer_token() {
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg e "$CUSTOMER_EMAIL" --arg p "$CUSTOMER_PASSWORD" '{email: $e, password: $p, displayName: "Bench"}')" \
    "$BASE/api/users"
  login "$CUSTOMER_EMAIL" "$CUSTOMER_PASSWORD"
}

# --- Measuring ------------------------------------------------------------------------------------------------------
# run_wrk NAME SECONDS PATH [SCRIPT [ARG]]: prints wrk's JSON summary line (bench/wrk/report.lua), keeps wrk's output.
# PATH is on the API ($BASE), or a whole URL ($OPS/q/health/live).
run_wrk() {
  local name=$1 seconds=$2 path=$3 script=${4:-bench/wrk/report.lua} url
  case $path in http://*) url=$path ;; *) url=$BASE$path ;; esac
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$script" "$url" -- "${5:-}" \
    >"$LOGS/wrk-$name.txt"
  # Another process stopping the service mid-run shows as socket errors; say so plainly.
  kill -0 "$APP_PID" 2>/dev/null || die "the service exited during '$name': see $LOGS/app-*.log"
  sed -n 's/^WRK_JSON //p' "$LOGS/wrk-$name.txt"
}
# JIT warm-up, and every product read once, so that the cached scenario measures hits. A write path is warmed on its
# own before it is measured, for WRITE_WARMUP seconds (30 in a full run): on 2 cores the C2 compiler still took half a
# core 20 s into a flash sale's load, and a measured window that shares the CPU with the JIT measures the JIT.
warm_up() { run_wrk warmup "$WARMUP" /api/products/1 bench/wrk/every-product.lua "$THREADS" >/dev/null; }

# metric 'name{labels}': a counter from /q/metrics (management port) as an integer, 0 while it does not exist yet.
metric() {
  curl -fs "$OPS/q/metrics" | awk -v m="$1" 'index($0, m " ") == 1 { v = $2 } END { printf "%d\n", v }'
}

# cached_reads: scenario 1, with the share of hits among its reads.
cached_reads() {
  local hits misses result
  hits=$(metric 'cache_gets_total{cache="product",result="hit"}')
  misses=$(metric 'cache_gets_total{cache="product",result="miss"}')
  result=$(run_wrk cached "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  jq -c --argjson hits "$(( $(metric 'cache_gets_total{cache="product",result="hit"}') - hits ))" \
    --argjson misses "$(( $(metric 'cache_gets_total{cache="product",result="miss"}') - misses ))" \
    '. + {hit_ratio: (if $hits + $misses > 0 then ($hits / ($hits + $misses) * 1000 | round / 1000) else null end)}' \
    <<<"$result"
}

# stampede LABEL: the hot product is hammered while a writer invalidates it every WRITE_EVERY seconds.
stampede() {
  local label=$1 body loads_before loads_after writes admin
  admin=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD") || die "the admin could not log in"
  body=$(curl -fs "$BASE/api/products/$HOT_ID" | jq -c '{sku, name, description, price, category}')
  loads_before=$(metric 'cache_loads_total{cache="product"}')
  (
    ok=0 failed=0
    end=$(( $(date +%s%N) + (DURATION - 1) * 1000000000 ))    # stops before wrk: the last load is counted
    while [ "$(date +%s%N)" -lt "$end" ]; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' -d "$body" \
        -H "Authorization: Bearer $admin" \
        "$BASE/api/products/$HOT_ID")
      if [ "$code" = 200 ]; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
      sleep "$WRITE_EVERY"
    done
    echo "$ok $failed" >"$LOGS/writer-$label.txt"
  ) &
  local writer=$!
  local result
  result=$(run_wrk "stampede-$label" "$DURATION" "/api/products/$HOT_ID")
  wait "$writer"
  loads_after=$(metric 'cache_loads_total{cache="product"}')
  read -r writes write_errors <"$LOGS/writer-$label.txt"
  jq -c --argjson loads "$(( loads_after - loads_before ))" --argjson writes "$writes" \
    --argjson write_errors "$write_errors" \
    '. + {invalidations: $writes, loads: $loads, write_errors: $write_errors,
          loads_per_invalidation: (if $writes > 0 then ($loads / $writes * 100 | round / 100) else null end)}' \
    <<<"$result"
}

# invalidation_lag: under the random-read load, each round caches product LAG_ID, sends a PUT and polls its key until
# Redis no longer holds the old copy (the key is gone, or a reader already stored the new row). The after-commit step removes it before the PUT answers, so the lag is about the PUT's own latency; the
# outbox relay would take up to cache.outbox.max-lag only when that step fails (docs/outbox.md).
invalidation_lag() {
  local admin body key=$PREFIX:catalog:product:$LAG_ID
  admin=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD") || die "the admin could not log in"
  body=$(curl -fs "$BASE/api/products/$LAG_ID" | jq -c '{sku, name, description, price, category}')
  (
    end=$(( $(date +%s%N) + (DURATION - 1) * 1000000000 ))
    : >"$LOGS/lag-us.txt"; : >"$LOGS/lag-errors.txt"
    while [ "$(date +%s%N)" -lt "$end" ]; do
      curl -fs -o /dev/null "$BASE/api/products/$LAG_ID"                         # cached again
      cached=$(redis-cli -n "$REDIS_DB" GET "$key")
      start=$(date +%s%N)
      curl -fs -o /dev/null -X PUT -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
        -d "$body" "$BASE/api/products/$LAG_ID" || echo "write failed" >>"$LOGS/lag-errors.txt"
      # Until Redis no longer holds the old copy: gone, or already replaced by a reader that loaded the new row (the
      # read load asks for this id too). 5 s without that is an error, not a wait without end.
      deadline=$(( start + 5000000000 ))
      until [ "$(redis-cli -n "$REDIS_DB" GET "$key")" != "$cached" ]; do
        [ "$(date +%s%N)" -lt "$deadline" ] || { echo "old copy still cached 5 s after the PUT" >>"$LOGS/lag-errors.txt"; break; }
      done
      echo $(( ($(date +%s%N) - start) / 1000 )) >>"$LOGS/lag-us.txt"          # microseconds
      sleep "$WRITE_EVERY"
    done
  ) &
  local writer=$! result
  result=$(run_wrk invalidation-lag "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  wait "$writer"
  jq -c --argjson write_errors "$(wc -l <"$LOGS/lag-errors.txt")" \
    --slurpfile lag <(sort -n "$LOGS/lag-us.txt" | jq -s .) '
    ($lag[0]) as $l
    | def pct(p): if ($l | length) == 0 then null
                  else ($l[[(($l | length) * p | ceil) - 1, 0] | max] / 1000 * 100 | round / 100) end;   # nearest rank
    . + {lag_samples: ($l | length), lag_p50_ms: pct(0.5), lag_p99_ms: pct(0.99), lag_max_ms: pct(1),
         write_errors: $write_errors}' <<<"$result"
}

# reservations: one hot sku with plenty of stock, after WRITE_WARMUP seconds of the same load (the JIT compiles the
# write path's code, which the read warm-up never ran); skipped when the inventory API is not there.
reservations() {
  local code admin customer
  admin=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD") || die "the admin could not log in"
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $admin" -d '{"available":1000000}' "$BASE/api/inventory/$HOT_SKU")
  customer=$(customer_token) || die "the customer could not log in"
  case "$code" in
    200) BENCH_SKU=$HOT_SKU BENCH_TOKEN=$customer run_wrk reservations-warmup "$WRITE_WARMUP" \
           "/api/inventory/$HOT_SKU/reservations" bench/wrk/reserve.lua >/dev/null
         BENCH_SKU=$HOT_SKU BENCH_TOKEN=$customer run_wrk reservations "$DURATION" "/api/inventory/$HOT_SKU/reservations" bench/wrk/reserve.lua ;;
    404|405) echo '{"skipped":"inventory API not present"}' ;;
    *) die "PUT /api/inventory/$HOT_SKU answered $code" ;;
  esac
}

# Redis memory of cached products: MEMORY USAGE (key, value and Redis's own overhead) next to STRLEN (the JSON).
redis_memory() {
  local keys
  keys=$(redis-cli -n "$REDIS_DB" --scan --pattern "$PREFIX:catalog:product:*" | sort | head -n 200 || true)
  [ -n "$keys" ] || { echo '{"sampled_keys":0}'; return; }
  local usage json
  usage=$(sed 's/^/MEMORY USAGE /' <<<"$keys" | redis-cli -n "$REDIS_DB" | awk '{ s += $1; n++ } END { print s / n }')
  json=$(sed 's/^/STRLEN /' <<<"$keys" | redis-cli -n "$REDIS_DB" | awk '{ s += $1; n++ } END { print s / n }')
  jq -nc --argjson n "$(wc -l <<<"$keys")" --argjson usage "$usage" --argjson json "$json" \
    '{sampled_keys: $n, bytes_per_product: ($usage | round), json_bytes_per_product: ($json | round),
      overhead_bytes: (($usage - $json) | round)}'
}

# --- Scenario plug-ins -----------------------------------------------------------------------------------------------
# Each bench/scenarios/*.sh adds one scenario without touching this file: see bench/scenarios/README.md.
PLUGINS=()
for plugin in bench/scenarios/*.sh; do
  [ -e "$plugin" ] || continue
  # shellcheck source=/dev/null
  . "$plugin"
done

# --- The machine, stated once for the whole set of runs --------------------------------------------------------------
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
MACHINE=$(jq -nc --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
  --argjson virtual "$(grep -qw hypervisor /proc/cpuinfo && echo true || echo false)" \
  --argjson cores "$(nproc)" \
  --argjson ram "$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)" \
  --arg os "$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}" || echo unknown)" \
  --arg java "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" \
  --arg java_runtime "$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)" \
  --arg redis "$(redis-cli -n "$REDIS_DB" INFO server | tr -d '\r' | sed -n 's/^redis_version://p')" \
  --arg postgresql "$(as_postgres "psql -tA -d postgres -c 'show server_version'")" \
  --arg load "$LOAD_AT_START" \
  '{cpu: $cpu, virtual_machine: $virtual, cores: $cores, ram_gib: $ram, os: $os, java: $java,
    java_runtime: $java_runtime, redis: $redis, postgresql: $postgresql, load_average_at_start: $load}')

# --- One run: every scenario once -----------------------------------------------------------------------------------
# one_run N: writes $OUT/run-N.json; its logs and wrk output go to target/bench/run-N/.
one_run() {
  local n=$1 load date
  LOGS=$WORK/run-$n
  mkdir -p "$LOGS"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  log "Run $n of $RUNS (load average $load)"
  fresh_data

  local cached uncached floor stampede_on stampede_off reservations memory lag
  start_app cache-on
  curl -fs "$OPS/q/health/live" | jq -e '.status == "UP"' >/dev/null || die "/q/health/live is not JSON"
  warm_up
  log "1. product, cache on";         cached=$(cached_reads)
  log "3. floor: /q/health/live";     floor=$(run_wrk floor "$DURATION" "$OPS/q/health/live")
  log "4. stampede, protection on";   stampede_on=$(stampede on)
  log "5. reservations, one sku";     reservations=$(reservations)
  log "6. Redis memory per product";  memory=$(redis_memory)
  log "7. invalidation lag";          lag=$(invalidation_lag)
  stop_app

  start_app stampede-off CACHE_STAMPEDE_ENABLED=false
  warm_up
  log "4. stampede, protection off";  stampede_off=$(stampede off)
  stop_app

  start_app cache-off CACHE_ENABLED=false
  warm_up
  log "2. product, cache off";        uncached=$(run_wrk uncached "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  stop_app

  # The plug-ins, in file-name order, each with no service running; each writes one JSON object to the file it is given.
  local extras='{}' name
  for name in "${PLUGINS[@]}"; do
    log "plug-in: $name"
    "plugin_$name" "$LOGS/plugin-$name.json"
    stop_all
    jq -e 'type == "object" and (.errors | type == "number")' "$LOGS/plugin-$name.json" >/dev/null \
      || die "plug-in $name did not write a JSON object with a numeric 'errors' to $LOGS/plugin-$name.json"
    extras=$(jq -c --arg k "$name" --slurpfile v "$LOGS/plugin-$name.json" '.[$k] = $v[0]' <<<"$extras")
  done

  jq -n --arg mode "$MODE" --argjson run "$n" --arg date "$date" --arg load "$load" \
    --arg commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" --argjson machine "$MACHINE" \
    --argjson duration "$DURATION" --argjson warmup "$WARMUP" --argjson write_warmup "$WRITE_WARMUP" --argjson connections "$CONNECTIONS" \
    --argjson threads "$THREADS" \
    --argjson cached "$cached" --argjson uncached "$uncached" --argjson floor "$floor" \
    --argjson stampede_on "$stampede_on" --argjson stampede_off "$stampede_off" \
    --argjson reservations "$reservations" --argjson memory "$memory" --argjson lag "$lag" \
    --argjson extras "$extras" '
    def errors: .socket_errors + .status_errors;
    def ratio(a; b): if b > 0 then (a / b * 100 | round / 100) else null end;
    {mode: $mode, run: $run, date: $date, load_average_at_start: $load, commit: $commit, machine: $machine,
     settings: {seconds_per_scenario: $duration, warmup_seconds: $warmup, write_warmup_seconds: $write_warmup, connections: $connections,
                wrk_threads: $threads},
     scenarios: ({
       cached:       ($cached + {errors: ($cached | errors)}),
       uncached:     ($uncached + {errors: ($uncached | errors)}),
       floor:        ($floor + {errors: ($floor | errors)}),
       stampede_on:  ($stampede_on + {errors: (($stampede_on | errors) + $stampede_on.write_errors)}),
       stampede_off: ($stampede_off + {errors: (($stampede_off | errors) + $stampede_off.write_errors)}),
       reservations: (if $reservations.skipped then $reservations else $reservations + {
                        reserved: ($reservations.statuses["201"] // 0), sold_out: ($reservations.statuses["409"] // 0),
                        errors: ($reservations.socket_errors
                                 + ([$reservations.statuses | to_entries[] | select(.key != "201" and .key != "409")
                                     | .value] | add // 0))} end),
       redis_memory: $memory,
       invalidation_lag: ($lag + {errors: (($lag | errors) + $lag.write_errors)})} + $extras),
     ratios: {cached_over_uncached: ratio($cached.rps; $uncached.rps),
              cached_over_floor: ratio($cached.rps; $floor.rps),
              loads_per_invalidation_on: $stampede_on.loads_per_invalidation,
              loads_per_invalidation_off: $stampede_off.loads_per_invalidation}}' >"$OUT/run-$n.json"
  log "Wrote $OUT/run-$n.json"
}

# --- The runs -------------------------------------------------------------------------------------------------------
log "Mode $MODE, $RUNS run(s): $WARMUP s warm-up, $DURATION s per scenario, $THREADS wrk threads, $CONNECTIONS connections"
rm -f "$OUT"/run-*.json                                # a set of runs never mixes with an older set
for n in $(seq 1 "$RUNS"); do
  one_run "$n"
done

# --- Median over the runs -------------------------------------------------------------------------------------------
# Every number under scenarios and ratios becomes its median over the runs (the mean of the middle two for an even
# count); a ratio is the median of the per-run ratios, not the ratio of two medians. Each scenario also lists its
# req/s of every run, so that the spread is visible. A status code a run did not see counts as 0 there.
RUN_FILES=()
for n in $(seq 1 "$RUNS"); do RUN_FILES+=("$OUT/run-$n.json"); done
jq -s --arg date "$STARTED" --argjson machine "$MACHINE" '
  def median: sort | if length == 0 then null
    elif length % 2 == 1 then .[length / 2 | floor]
    else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  . as $runs
  | ([$runs[] | {scenarios, ratios} | paths(numbers)] | unique) as $paths
  | reduce $paths[] as $p ($runs[0] | {mode, commit, settings, scenarios, ratios};
      setpath($p; [$runs[] | getpath($p)]
                  | if ($p | index("statuses")) then map(. // 0) else map(select(. != null)) end
                  | median | if . == null then null else (. * 1000 | round / 1000) end))
  | .scenarios |= with_entries(.key as $k
      | if .value.rps then .value.rps_per_run = [$runs[] | .scenarios[$k].rps] else . end)
  | {mode, runs: ($runs | length), date: $date, commit, machine: $machine,
     load_average_per_run: [$runs[] | .load_average_at_start],
     figures: "median over the runs", settings, scenarios, ratios,
     errors_in_all_runs: ([$runs[] | .scenarios[] | .errors // 0] | add)}
' "${RUN_FILES[@]}" >"$OUT/latest.json"

# --- Report ---------------------------------------------------------------------------------------------------------
jq -r '
  def row(name; note): "\(name)\t\(.rps)\t\(.p50_ms)\t\(.p99_ms)\t\(.errors)\t\(note)";
  def stampede: "\(.loads) loads / \(.invalidations) invalidations = \(.loads_per_invalidation)";
  "scenario\treq/s\tp50 ms\tp99 ms\terrors\t",
  (.scenarios.cached | row("1 product, cache on"; "hit ratio \(.hit_ratio)")),
  (.scenarios.uncached | row("2 product, cache off"; "every read from PostgreSQL")),
  (.scenarios.floor | row("3 floor: /q/health/live"; "no I/O")),
  (.scenarios.stampede_on | row("4 stampede, protection on"; stampede)),
  (.scenarios.stampede_off | row("4 stampede, protection off"; stampede)),
  (.scenarios.reservations | if .skipped then "5 reservations\tskipped (\(.skipped))" else
     row("5 reservations, one sku"; "\(.reserved) reserved (201), \(.sold_out) sold out (409)") end),
  (.scenarios.invalidation_lag | row("7 reads during writes"; "invalidation lag p50 \(.lag_p50_ms) ms, p99 \(.lag_p99_ms) ms"))
' "$OUT/latest.json" | column -t -s $'\t' >"$WORK/table.txt"
jq -r '
  .scenarios as $s | .ratios as $r | .machine as $m |
  "",
  "cached / uncached: \($r.cached_over_uncached) x    cached / floor: \($r.cached_over_floor)",
  "database loads per invalidation of a hot key: \($r.loads_per_invalidation_on) with stampede protection, \($r.loads_per_invalidation_off) without",
  "invalidation lag under the read load (PUT sent -> key gone): p50 \($s.invalidation_lag.lag_p50_ms) ms, p99 \($s.invalidation_lag.lag_p99_ms) ms (\($s.invalidation_lag.lag_samples) writes)",
  "Redis memory per cached product: \($s.redis_memory.bytes_per_product) bytes (JSON \($s.redis_memory.json_bytes_per_product) bytes; \($s.redis_memory.sampled_keys) keys sampled)"
' "$OUT/latest.json" >>"$WORK/table.txt"
for name in "${PLUGINS[@]}"; do
  if declare -F "report_$name" >/dev/null; then "report_$name" "$OUT/latest.json" >>"$WORK/table.txt"; fi
done
jq -r '
  .scenarios as $s | .machine as $m |
  "",
  "figures: median of \(.runs) run(s), mode \(.mode); req/s of product, cache on, per run: \($s.cached.rps_per_run | map(tostring) | join(", "))",
  "machine: \($m.cores) cores (nproc), \($m.cpu)\(if $m.virtual_machine then " (virtual)" else "" end), \($m.ram_gib) GiB RAM, \($m.os)",
  "software: \($m.java) (\($m.java_runtime)); Redis \($m.redis); PostgreSQL \($m.postgresql)",
  "load average at the start: \($m.load_average_at_start); at the start of each run: \(.load_average_per_run | join(" | "))",
  "date: \(.date), commit \(.commit)",
  # The load of run 2 onwards includes the tail of the run before it; the one before the first run is the test.
  (if ($m.load_average_at_start | split(" ")[0] | tonumber) > ($m.cores / 4) then
     "WARNING: the machine was busy before the first run (1-minute load average above a quarter of the cores): do not publish these figures"
   else empty end),
  (if .mode == "quick" then "quick mode: a smoke test of the scenarios, not a measurement" else empty end)
' "$OUT/latest.json" >>"$WORK/table.txt"
echo
cat "$WORK/table.txt"

# --- Chart ----------------------------------------------------------------------------------------------------------
jq -r '.scenarios | [
    ["cache hit", .cached], ["cache off", .uncached], ["floor", .floor],
    ["stampede on", .stampede_on], ["stampede off", .stampede_off], ["reservations", .reservations]
  ] | .[] | select(.[1].rps) | "\"\(.[0])\" \(.[1].rps) \(.[1].p50_ms) \(.[1].p99_ms)"' \
  "$OUT/latest.json" >"$WORK/chart.dat"
jq -r '.ratios | "\"with protection\" \(.loads_per_invalidation_on)\n\"without\" \(.loads_per_invalidation_off)"' \
  "$OUT/latest.json" >"$WORK/loads.dat"
gnuplot -e "data='$WORK/chart.dat'; loads='$WORK/loads.dat'; out='$OUT/latest.png'" \
  -e "subtitle='$(jq -r '"\(if .mode == "quick" then "QUICK MODE (smoke test, not a measurement): " else "" end)median of \(.runs) run(s); \(.machine.cores) cores, \(.machine.cpu), JDK \(.machine.java | (capture("\"(?<v>[^\"]+)\"").v) // .); \(.settings.connections) connections, \(.settings.seconds_per_scenario) s per scenario"' "$OUT/latest.json" | tr -d "'")'" \
  bench/chart.gp
log "Wrote $OUT/latest.json and $OUT/latest.png"

errors=$(jq '.errors_in_all_runs' "$OUT/latest.json")
[ "$errors" -eq 0 ] || die "$errors errors over all runs: see $WORK/run-*/wrk-*.txt and $WORK/run-*/app-*.log"
