# Write-behind view counters (docs/write-behind.md): the cached read of scenario 1 with counting off, then on, in one
# run; with it on, the SQL statements the flusher ran per 1,000 views and the flush lag (first view of a stream entry
# to its commit), p50 and p99, from the service's own metrics.
PLUGINS+=(write_behind)

# wb_value 'name{labels}': a metric's value as it is (a float), 0 while it does not exist.
wb_value() {
  curl -fs "$BASE/q/metrics" | awk -v m="$1" 'index($0, m " ") == 1 { v = $2 } END { print v + 0 }'
}

# wb_drained: waits (at most about 24 s) until the sender and the flusher have caught up: nothing in the stream, the
# views flushed equal to the views counted, and no view counted since the look before, 1.2 s earlier. That last part
# covers the sender: views_counted_total moves when a send reaches Redis, so the views of the interval still in
# memory show only after the next send (views.send-interval, 1 s by default).
wb_drained() {
  local counted before=-1
  for _ in $(seq 1 20); do
    sleep 1.2
    counted=$(metric views_counted_total)
    [ "$(wb_value views_stream_entries)" = 0 ] && [ "$(metric views_flushed_total)" = "$counted" ] \
      && [ "$counted" = "$before" ] && return 0
    before=$counted
  done
  return 1
}

plugin_write_behind() {
  local off on counted flushed statements dropped lag50 lag99 drained=true
  start_app write-behind-off VIEWS_ENABLED=false
  warm_up
  off=$(run_wrk write-behind-off "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  stop_app

  start_app write-behind-on
  warm_up
  wb_drained || drained=false
  counted=$(metric views_counted_total) flushed=$(metric views_flushed_total)
  statements=$(metric views_flush_statements_total) dropped=$(metric 'views_dropped_total{reason="buffer-full"}')
  on=$(run_wrk write-behind-on "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  wb_drained || drained=false
  counted=$(( $(metric views_counted_total) - counted ))
  flushed=$(( $(metric views_flushed_total) - flushed ))
  statements=$(( $(metric views_flush_statements_total) - statements ))
  dropped=$(( $(metric 'views_dropped_total{reason="buffer-full"}') - dropped ))
  lag50=$(wb_value 'views_flush_lag_seconds{quantile="0.5"}')
  lag99=$(wb_value 'views_flush_lag_seconds{quantile="0.99"}')

  # Every answered request of the run (ids 1..1000 all exist) is one view, counted once and flushed once, plus at most
  # one request per connection that the service answered after wrk stopped counting; anything else does not add up.
  jq -nc --argjson connections "$CONNECTIONS" --argjson off "$off" --argjson on "$on" --argjson counted "$counted" --argjson flushed "$flushed" \
    --argjson statements "$statements" --argjson dropped "$dropped" --argjson drained "$drained" \
    --argjson lag50 "$lag50" --argjson lag99 "$lag99" '
    ($on.requests - $on.status_errors) as $views
    | {off: ($off | {rps, p50_ms, p99_ms}), on: ($on | {rps, p50_ms, p99_ms}),
       on_over_off: (if $off.rps > 0 then ($on.rps / $off.rps * 1000 | round / 1000) else null end),
       views: $views, views_counted: $counted, views_flushed: $flushed, views_dropped: $dropped,
       sql_statements: $statements,
       sql_statements_per_1000_views: (if $flushed > 0 then ($statements / $flushed * 1000 * 100 | round / 100) else null end),
       flush_lag_p50_ms: ($lag50 * 1000 | round), flush_lag_p99_ms: ($lag99 * 1000 | round),
       errors: ($off.socket_errors + $off.status_errors + $on.socket_errors + $on.status_errors
                + (if $counted >= $views and $counted <= $views + $connections and $flushed == $counted and $drained
                   then 0 else 1 end))}' >"$1"
}

report_write_behind() {
  jq -r '.scenarios.write_behind | "write-behind: cached read \(.on.rps) req/s counting views, \(.off.rps) without (\(.on_over_off)); \(.sql_statements_per_1000_views) SQL statements per 1,000 views; flush lag p50 \(.flush_lag_p50_ms) ms, p99 \(.flush_lag_p99_ms) ms"' "$1"
}
