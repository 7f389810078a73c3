# Write-behind view counters (docs/write-behind.md): the cached read of scenario 1 with counting off, on, on, off
# (ABBA: three service starts, the two runs with counting on in one of them), in one run. The ratio is the sum of the
# two "on" runs over the sum of the two "off" runs, so a machine that speeds up or slows down steadily during the
# scenario favours neither side; off, then on, put all of the drift on one side (0.69 and 0.75 on 2026-12-03, where an
# ABBA by hand gave 1.15 the same day). With it on, the SQL statements the flusher ran per 1,000 views and the flush lag
# (first view of a stream entry to its commit), p50 and p99, from the service's own metrics.
PLUGINS+=(write_behind)

# wb_value 'name{labels}': a metric's value as it is (a float), 0 while it does not exist.
wb_value() {
  curl -fs "$OPS/q/metrics" | awk -v m="$1" 'index($0, m " ") == 1 { v = $2 } END { print v + 0 }'
}

# wb_drained: waits (at most a minute: a CI smoke run on a machine slowed to a third of its floor needed more than
# 24 s for the warm-up's views) until the sender and the flusher have caught up: nothing in the stream, the
# views flushed equal to the views counted, and no view counted since the look before, 1.2 s earlier. That last part
# covers the sender: views_counted_total moves when a send reaches Redis, so the views of the interval still in
# memory show only after the next send (views.send-interval, 1 s by default).
wb_drained() {
  local counted before=-1
  for _ in $(seq 1 50); do
    sleep 1.2
    counted=$(metric views_counted_total)
    [ "$(wb_value views_stream_entries)" = 0 ] && [ "$(metric views_flushed_total)" = "$counted" ] \
      && [ "$counted" = "$before" ] && return 0
    before=$counted
  done
  return 1
}

# wb_off N VAR: one "off" side of the ABBA, in a service of its own with counting off; wrk's JSON into VAR. Not in a
# subshell, so that a failure leaves the service's pid where stop_all finds it.
wb_off() {
  start_app "write-behind-off-$1" VIEWS_ENABLED=false
  warm_up
  local wb_json
  wb_json=$(run_wrk "write-behind-off-$1" "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  printf -v "$2" '%s' "$wb_json"
  stop_app
}

plugin_write_behind() {
  local off1 off2 on1 on2 counted flushed statements dropped lag50 lag99 drained=true
  wb_off 1 off1

  start_app write-behind-on
  warm_up
  wb_drained || drained=false
  counted=$(metric views_counted_total) flushed=$(metric views_flushed_total)
  statements=$(metric views_flush_statements_total) dropped=$(metric 'views_dropped_total{reason="buffer-full"}')
  on1=$(run_wrk write-behind-on-1 "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  on2=$(run_wrk write-behind-on-2 "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  wb_drained || drained=false
  counted=$(( $(metric views_counted_total) - counted ))
  flushed=$(( $(metric views_flushed_total) - flushed ))
  statements=$(( $(metric views_flush_statements_total) - statements ))
  dropped=$(( $(metric 'views_dropped_total{reason="buffer-full"}') - dropped ))
  lag50=$(wb_value 'views_flush_lag_seconds{quantile="0.5"}')
  lag99=$(wb_value 'views_flush_lag_seconds{quantile="0.99"}')

  stop_app

  wb_off 2 off2

  # Every answered request of the two "on" runs (ids 1..1000 all exist) is one view, counted once and flushed once,
  # plus at most one request per connection and run that the service answered after wrk stopped counting; anything
  # else does not add up.
  jq -nc --argjson connections "$CONNECTIONS" --argjson off1 "$off1" --argjson off2 "$off2" \
    --argjson on1 "$on1" --argjson on2 "$on2" --argjson counted "$counted" --argjson flushed "$flushed" \
    --argjson statements "$statements" --argjson dropped "$dropped" --argjson drained "$drained" \
    --argjson lag50 "$lag50" --argjson lag99 "$lag99" '
    def r3: . * 1000 | round / 1000;
    def side(a; b): {rps: ((a.rps + b.rps) / 2 * 10 | round / 10), p50_ms: ([a.p50_ms, b.p50_ms] | max),
                     p99_ms: ([a.p99_ms, b.p99_ms] | max), rps_per_run: [a.rps, b.rps]};
    ($on1.requests - $on1.status_errors + $on2.requests - $on2.status_errors) as $views
    | {order: "off, on, on, off", off: side($off1; $off2), on: side($on1; $on2),
       on_over_off: (if $off1.rps + $off2.rps > 0 then (($on1.rps + $on2.rps) / ($off1.rps + $off2.rps) | r3) else null end),
       on_over_off_per_pair: [(if $off1.rps > 0 then ($on1.rps / $off1.rps | r3) else null end),
                              (if $off2.rps > 0 then ($on2.rps / $off2.rps | r3) else null end)],
       views: $views, views_counted: $counted, views_flushed: $flushed, views_dropped: $dropped,
       sql_statements: $statements,
       sql_statements_per_1000_views: (if $flushed > 0 then ($statements / $flushed * 1000 * 100 | round / 100) else null end),
       flush_lag_p50_ms: ($lag50 * 1000 | round), flush_lag_p99_ms: ($lag99 * 1000 | round),
       errors: (([$off1, $off2, $on1, $on2 | .socket_errors + .status_errors] | add)
                + (if $counted >= $views and $counted <= $views + 2 * $connections and $flushed == $counted and $drained
                   then 0 else 1 end))}' >"$1"
}

report_write_behind() {
  jq -r '.scenarios.write_behind | "write-behind: cached read \(.on.rps) req/s counting views, \(.off.rps) without (\(.on_over_off), off-on-on-off; per pair \(.on_over_off_per_pair | map(tostring) | join(", "))); \(.sql_statements_per_1000_views) SQL statements per 1,000 views; flush lag p50 \(.flush_lag_p50_ms) ms, p99 \(.flush_lag_p99_ms) ms"' "$1"
}
