# Refresh-ahead (docs/refresh-ahead.md): GET /api/products/featured under load for the whole run, with the list
# going stale many times inside it (featured.refresh-after=2s, featured.ttl=20s), refresh-ahead on, then off (plain
# cache-aside: the key lives 2 s and the reader who finds it gone waits for PostgreSQL). JSON: on and off (wrk's
# figures plus `loads`, database loads of the list during the measurement, and `bypasses`, reads served from
# PostgreSQL because Redis did not answer within its timeout: on a quiet machine 0), on_over_off_p99, errors.
PLUGINS+=(featured)

# featured_run LABEL on|off: one instance, a warm-up on the endpoint itself, then the measurement.
featured_run() {
  local label=$1 ahead=$2 loads bypasses result
  start_app "featured-$label" FEATURED_REFRESH_AHEAD="$([ "$ahead" = on ] && echo true || echo false)" \
    FEATURED_REFRESH_AFTER=2s FEATURED_TTL=20s
  run_wrk "featured-$label-warmup" "$WARMUP" /api/products/featured >/dev/null
  loads=$(metric 'cache_loads_total{cache="featured"}')
  bypasses=$(metric 'cache_gets_total{cache="featured",result="bypass"}')
  result=$(run_wrk "featured-$label" "$DURATION" /api/products/featured)
  loads=$(( $(metric 'cache_loads_total{cache="featured"}') - loads ))
  bypasses=$(( $(metric 'cache_gets_total{cache="featured",result="bypass"}') - bypasses ))
  stop_app
  jq -c --argjson loads "$loads" --argjson bypasses "$bypasses" '. + {loads: $loads, bypasses: $bypasses}' <<<"$result"
}

plugin_featured() {
  local on off
  on=$(featured_run on on)
  off=$(featured_run off off)
  jq -n -c --argjson on "$on" --argjson off "$off" '{
      on: $on, off: $off,
      on_over_off_p99: (if $off.p99_ms > 0 then ($on.p99_ms / $off.p99_ms * 100 | round / 100) else null end),
      errors: ($on.socket_errors + $on.status_errors + $off.socket_errors + $off.status_errors)
    }' >"$1"
}

report_featured() {
  jq -r '.scenarios.featured | "featured (refresh-ahead, stale every 2 s): p99 \(.on.p99_ms) ms on, \(.off.p99_ms) ms off (\(.on_over_off_p99) of off); loads \(.on.loads) on, \(.off.loads) off"' "$1"
}
