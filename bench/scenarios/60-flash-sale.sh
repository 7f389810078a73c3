# Flash sale (docs/flash-sale.md): reservations on one hot sku decided by the gate in Redis and written behind to
# PostgreSQL, set against the core scenario 5 (the same load in the write-through mode, measured minutes before).
# After the load, the run waits until the writer has drained the stream, then checks the units against PostgreSQL:
# the units in PostgreSQL are exactly the units the gate handed out (quantity - remaining), no more (0 oversold) and
# no fewer (0 lost), never more than the sale, and at least every 202 wrk counted; flash_sale.taken agrees; the end
# gives the rest back to the available stock. The lag from accept (created_at) to the
# writer's insert (recorded_at) comes from PostgreSQL itself, over every reservation of the sale, warm-up included.
#
# JSON (.scenarios.flash_sale): wrk's summary (rps, p50_ms, p99_ms, …), accepted (202s wrk counted), sold_out,
# accepted_per_s, write_through_per_s (scenario 5's 201s per second), over_write_through, handed_out,
# units_in_postgres, remaining_in_redis, oversold, lost, drain_s, lag_p50_ms, lag_p99_ms, errors.
PLUGINS+=(flash_sale)

FLASH_SKU=KIT-0043
FLASH_BUYERS=48            # the per-user limit is at most 10,000: 48 buyers can take 480,000 units, warm-up included
FLASH_PER_USER=10000

flash_psql() { PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -U "$DB_USER" -d "$DB_NAME" -tAq -v ON_ERROR_STOP=1 -c "$1"; }

plugin_flash_sale() {
  start_app flash-sale RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_LIMIT=1000000 RATE_LIMIT_LOGIN_PER_ADDRESS_LIMIT=1000000
  warm_up
  local admin tokens=() i email quantity=$((FLASH_BUYERS * FLASH_PER_USER)) code
  admin=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD") || die "the admin could not log in"
  for i in $(seq 1 "$FLASH_BUYERS"); do
    email="bench-flash-$i@example.org"
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
      -d "$(jq -nc --arg e "$email" --arg p "$CUSTOMER_PASSWORD" '{email: $e, password: $p, displayName: "Flash"}')" \
      "$BASE/api/users"                                                          # 201, or 409 in a later run
    tokens+=("$(login "$email" "$CUSTOMER_PASSWORD")") || die "buyer $i could not log in"
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $admin" -d '{"available":1000000}' "$BASE/api/inventory/$FLASH_SKU")
  [ "$code" = 200 ] || die "PUT /api/inventory/$FLASH_SKU answered $code"
  code=$(curl -s -o "$LOGS/flash-sale-start.json" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $admin" \
    -d "$(jq -nc --argjson q "$quantity" --argjson l "$FLASH_PER_USER" --arg e "$(date -u -d '+1 hour' +%FT%TZ)" \
          '{quantity: $q, perUserLimit: $l, endsAt: $e}')" "$BASE/api/inventory/$FLASH_SKU/flash-sale")
  [ "$code" = 200 ] || die "PUT /api/inventory/$FLASH_SKU/flash-sale answered $code: $(cat "$LOGS/flash-sale-start.json")"
  local sale
  sale=$(flash_psql "select id from flash_sale where sku = '$FLASH_SKU' and ended_at is null")

  # The write path's own warm-up (WRITE_WARMUP, as scenario 5 has), in the same sale: its units count like the rest.
  local result accepted
  local -x BENCH_SKU=$FLASH_SKU BENCH_TOKENS           # for the wrk script, for this plug-in only
  BENCH_TOKENS=$(IFS=,; echo "${tokens[*]}")
  run_wrk flash_sale-warmup "$WRITE_WARMUP" "/api/inventory/$FLASH_SKU/reservations" bench/wrk/flash-reserve.lua >/dev/null
  result=$(run_wrk flash_sale "$DURATION" "/api/inventory/$FLASH_SKU/reservations" bench/wrk/flash-reserve.lua)
  accepted=$(jq '.statuses["202"] // 0' <<<"$result")

  # Drained: PostgreSQL has a row for every unit the gate handed out (quantity - remaining), or 60 s have passed (then
  # the difference is reported as lost). The gate's count, not wrk's: wrk stops with requests in flight, which the
  # service accepts and wrk never counts.
  local started rows remaining handed_out
  started=$(date +%s.%N)
  for _ in $(seq 1 300); do
    remaining=$(redis-cli -n "$REDIS_DB" HGET "$PREFIX:flashsale:{$FLASH_SKU}:gate" remaining)
    handed_out=$((quantity - ${remaining:-0}))
    rows=$(flash_psql "select count(*) from reservation where flash_sale_id = $sale")
    [ "$rows" -ge "$handed_out" ] && break
    sleep 0.2
  done
  local waited units taken lag
  waited=$(echo "$(date +%s.%N) - $started" | bc)
  units=$(flash_psql "select coalesce(sum(quantity), 0) from reservation where flash_sale_id = $sale")
  taken=$(flash_psql "select taken from flash_sale where id = $sale")
  lag=$(flash_psql "select json_build_object(
      'p50', percentile_cont(0.5) within group (order by extract(epoch from recorded_at - created_at) * 1000),
      'p99', percentile_cont(0.99) within group (order by extract(epoch from recorded_at - created_at) * 1000))
    from reservation where flash_sale_id = $sale")

  # The end gives the unsold units back: available must be 1,000,000 less the units sold.
  local ended
  ended=$(curl -fs -X DELETE -H "Authorization: Bearer $admin" "$BASE/api/inventory/$FLASH_SKU/flash-sale") \
    || die "DELETE /api/inventory/$FLASH_SKU/flash-sale failed"

  jq -nc --argjson r "$result" --argjson core "$reservations" --argjson accepted "$accepted" --argjson rows "$rows" \
    --argjson units "$units" --argjson taken "$taken" --argjson remaining "${remaining:-0}" \
    --argjson quantity "$quantity" --argjson lag "$lag" --argjson drain "$waited" --argjson ended "$ended" '
    ($r.statuses["409"] // 0) as $sold_out
    | (($core.statuses["201"] // 0) / $core.seconds) as $wt
    | ($accepted / $r.seconds) as $flash
    | ($quantity - $remaining) as $handed_out
    | (([0, $units - $handed_out] | max) + ([0, $units - $quantity] | max)) as $oversold
    | (([0, $handed_out - $units] | max) + ([0, $accepted - $units] | max)) as $lost
    | (if $taken == $units then 0 else 1 end) as $unaccounted
    | (if $ended.available == 1000000 - $units then 0 else 1 end) as $returned_wrong
    | $r + {accepted: $accepted, sold_out: $sold_out,
            accepted_per_s: ($flash | round), write_through_per_s: ($wt | round),
            over_write_through: (if $wt > 0 then ($flash / $wt * 10 | round / 10) else null end),
            handed_out: $handed_out, units_in_postgres: $units, remaining_in_redis: $remaining,
            oversold: $oversold, lost: $lost,
            drain_s: ($drain * 100 | round / 100),
            lag_p50_ms: ($lag.p50 // 0 | . * 10 | round / 10), lag_p99_ms: ($lag.p99 // 0 | . * 10 | round / 10),
            errors: ($r.socket_errors
                     + ([$r.statuses | to_entries[] | select(.key != "202" and .key != "409") | .value] | add // 0)
                     + $oversold + $lost + $unaccounted + $returned_wrong)}' >"$1"
}

report_flash_sale() {
  jq -r '.scenarios.flash_sale | "flash sale, one sku\t\(.accepted_per_s) accepted/s (\(.over_write_through)× write-through'\''s \(.write_through_per_s)/s); \(.oversold) oversold, \(.lost) lost; accept→PostgreSQL p50 \(.lag_p50_ms) ms, p99 \(.lag_p99_ms) ms"' "$1"
}
