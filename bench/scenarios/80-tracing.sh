# Tracing (docs/observability.md#traces): what a trace of every request costs. The random product read of core
# scenario 1, on the main instance started afresh each time, with tracing off (the default: quarkus.otel.sdk.disabled)
# and on (every request sampled, 100 %), for a Redis hit (near cache off, as scenario 1) and for an L1 hit (near cache
# on). With tracing on, spans go in batches over OTLP/HTTP to bench/clients/otlp-sink.py on BENCH_PORT + 40, which
# answers 200 and keeps nothing: the service pays for making, batching and sending its spans, not for a backend.
# The sink's count of batches proves the spans left; a run in which none arrived is an error. The quick run (CI's smoke
# run) measures the Redis hit only.
PLUGINS+=(tracing)

TRACING_SINK_PORT=$((PORT + 40))
TRACING_ON=(QUARKUS_OTEL_SDK_DISABLED=false QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf
  QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:$TRACING_SINK_PORT")

# tracing_read NAME WARM_UPS [VAR=value…]: starts the main instance with those settings, warms it up (twice for L1:
# the first read of each product is a miss, the second a Redis hit that fills L1), measures the random read.
tracing_read() {
  local name=$1 warm_ups=$2 result i; shift 2
  start_app "tracing-$name" "$@"
  for i in $(seq 1 "$warm_ups"); do warm_up; done
  log "tracing: random product reads, $name"
  result=$(run_wrk "tracing-$name" "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  stop_app
  echo "$result"
}

plugin_tracing() {
  local out=$1 sink_pid counts="$LOGS/otlp-sink.json" hit_off hit_on l1_off l1_on
  python3 bench/clients/otlp-sink.py "$TRACING_SINK_PORT" "$counts" &
  sink_pid=$!
  EXTRA_PIDS+=("$sink_pid")                            # stopped with the instances, on any exit
  hit_off=$(tracing_read redis-hit-off 1)
  hit_on=$(tracing_read redis-hit-on 1 "${TRACING_ON[@]}")
  if [ "$MODE" = quick ]; then
    l1_off=null l1_on=null
  else
    l1_off=$(tracing_read l1-off 2 CATALOG_CACHE_NEAR_ENABLED=true)
    l1_on=$(tracing_read l1-on 2 CATALOG_CACHE_NEAR_ENABLED=true "${TRACING_ON[@]}")
  fi
  stop_instance "$sink_pid"                            # it writes its counts as it stops
  [ -s "$counts" ] || die "the OTLP sink wrote no counts ($counts)"
  jq -nc --argjson hit_off "$hit_off" --argjson hit_on "$hit_on" --argjson l1_off "$l1_off" \
    --argjson l1_on "$l1_on" --argjson sink "$(cat "$counts")" '
    def ratio(a; b): if b > 0 then (a / b * 100 | round / 100) else null end;
    def errors(r): if r == null then 0 else r.socket_errors + r.status_errors end;
    {redis_hit: {off: $hit_off, on: $hit_on, on_over_off: ratio($hit_on.rps; $hit_off.rps)},
     l1: (if $l1_on == null then null
          else {off: $l1_off, on: $l1_on, on_over_off: ratio($l1_on.rps; $l1_off.rps)} end),
     exported: $sink,
     errors: (errors($hit_off) + errors($hit_on) + errors($l1_off) + errors($l1_on)
              + (if $sink.requests > 0 then 0 else 1 end))}' >"$out"
}

report_tracing() {
  jq -r '.scenarios.tracing | "tracing on (100 % sampled) / off: Redis hit \(.redis_hit.on.rps) / \(.redis_hit.off.rps) req/s = \(.redis_hit.on_over_off); \(if .l1 then "L1 hit \(.l1.on.rps) / \(.l1.off.rps) req/s = \(.l1.on_over_off); " else "" end)\(.exported.requests) OTLP batches sent"' "$1"
}
