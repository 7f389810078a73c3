# Near cache (docs/near-cache.md): the in-process tier in front of Redis, in the same run as the core scenarios.
#   1. L1 hit: the random product read of core scenario 1, with the near cache on; set against this run's floor and
#      its Redis hit (core scenario 1)
#   2. coherence lag under that load: a second instance on BENCH_PORT + 1 changes a product that the first holds in
#      L1; from sending the PUT (its commit is inside it) to the first instance answering the new name, p50 and p99;
#      and the PUT's own time (write_p50_ms, write_p99_ms), so that the lag splits into the write and the rest; and
#      stale_after_write_rounds, the rounds in which a read sent after the PUT had answered still got the old name (the
#      push was slower than the next read). The lag includes starting curl and jq for each step, which on a loaded
#      machine takes longer than the push.
#   3. conditional read (docs/http-caching.md): the same random reads with If-None-Match naming each product's ETag,
#      answered 304 without a body from L1; set against the L1 hit (a 200 with the body) and the floor. Any answer
#      but a 304 is an error.
#
# The near cache is on by default (catalog.cache.near.enabled). Core scenario 1 measures a Redis hit, so every instance
# of the run starts with it off, unless the plug-in that starts it asks for it, as this one does. (launch passes the
# plug-in's VAR=value after the environment, so those win.)
export CATALOG_CACHE_NEAR_ENABLED=false
PLUGINS+=(near_cache)

NEAR_LAG_ID=44                                         # not the stampede's (42) nor scenario 7's (43)

plugin_near_cache() {
  local out=$1 l1_before hits_before misses_before result
  start_app near-cache CATALOG_CACHE_NEAR_ENABLED=true
  warm_up                                              # every product a MISS: Redis holds them all
  warm_up                                              # every product a Redis HIT: L1 holds them all
  l1_before=$(metric 'cache_gets_total{cache="product",result="l1"}')
  hits_before=$(metric 'cache_gets_total{cache="product",result="hit"}')
  misses_before=$(metric 'cache_gets_total{cache="product",result="miss"}')
  log "near cache: L1 hits"
  result=$(run_wrk near-cache-l1 "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  local l1 hits misses
  l1=$(( $(metric 'cache_gets_total{cache="product",result="l1"}') - l1_before ))
  hits=$(( $(metric 'cache_gets_total{cache="product",result="hit"}') - hits_before ))
  misses=$(( $(metric 'cache_gets_total{cache="product",result="miss"}') - misses_before ))

  log "near cache: conditional reads (If-None-Match), answered 304 from L1"
  curl -s -o /dev/null -w '%{url_effective}\t%header{etag}\n' "$BASE/api/products/[1-1000]" \
    | sed 's|^.*/api/products/||' >"$LOGS/etags.txt"
  [ "$(grep -c $'\t"' "$LOGS/etags.txt")" = 1000 ] || die "not every product answered an ETag ($LOGS/etags.txt)"
  local conditional
  conditional=$(run_wrk near-cache-conditional "$DURATION" /api/products/1 bench/wrk/conditional-product.lua \
    "$LOGS/etags.txt")

  log "near cache: coherence lag across two instances, under load"
  start_instance near-cache-b $((PORT + 1)) CATALOG_CACHE_NEAR_ENABLED=true
  local lag
  lag=$(near_cache_lag)

  jq -nc --argjson l1 "$result" --argjson lag "$lag" --argjson floor "$floor" --argjson cached "$cached" \
    --argjson conditional "$conditional" \
    --argjson l1_reads "$l1" --argjson hits "$hits" --argjson misses "$misses" '
    def ratio(a; b): if b > 0 then (a / b * 100 | round / 100) else null end;
    {l1: ($l1 + {l1_share: ratio($l1_reads; $l1_reads + $hits + $misses)}),
     coherence: $lag,
     l1_over_floor: ratio($l1.rps; $floor.rps),
     l1_over_redis_hit: ratio($l1.rps; $cached.rps),
     conditional: $conditional,
     conditional_over_l1: ratio($conditional.rps; $l1.rps),
     conditional_over_floor: ratio($conditional.rps; $floor.rps),
     errors: ($l1.socket_errors + $l1.status_errors + $lag.socket_errors + $lag.status_errors
              + $lag.write_errors + $lag.stale_errors + $conditional.socket_errors
              + ([$conditional.statuses | to_entries[] | select(.key != "304") | .value] | add // 0))}' >"$out"
}

# near_cache_lag: under the random-read load on the first instance, each round makes sure it holds NEAR_LAG_ID in L1,
# renames the product through the second instance, and polls the first until it answers the new name (5 s at most).
near_cache_lag() {
  local admin body b_base=http://127.0.0.1:$((PORT + 1))
  admin=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD") || die "the admin could not log in"
  body=$(curl -fs "$BASE/api/products/$NEAR_LAG_ID" | jq -c '{sku, name, description, price, category}')
  # One write through the second instance before measuring: its first PUT pays for its own warm-up, not the push.
  curl -fs -o /dev/null -X PUT -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
    -d "$body" "$b_base/api/products/$NEAR_LAG_ID" || die "PUT through the second instance failed"
  (
    end=$(( $(date +%s%N) + (DURATION - 1) * 1000000000 ))
    round=0
    : >"$LOGS/near-lag-us.txt"; : >"$LOGS/near-lag-write-s.txt"; : >"$LOGS/near-lag-stale-reads.txt"
    : >"$LOGS/near-lag-errors.txt"; : >"$LOGS/near-lag-stale.txt"
    while [ "$(date +%s%N)" -lt "$end" ]; do
      round=$((round + 1))
      for _ in $(seq 1 50); do                           # held in L1 on the first instance
        [ "$(curl -fs -o /dev/null -D - "$BASE/api/products/$NEAR_LAG_ID" | tr -d '\r' \
          | sed -n 's/^[Xx]-[Cc]ache: //p')" = L1 ] && break
      done
      name="near-cache lag $round"
      start=$(date +%s%N)
      read -r code written < <(curl -s -o "$LOGS/near-lag-put.txt" -w '%{http_code} %{time_total}\n' -X PUT \
        -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
        -d "$(jq -c --arg n "$name" '.name = $n' <<<"$body")" "$b_base/api/products/$NEAR_LAG_ID")
      # The PUT's own time as curl saw it (no process start): the rest of the lag is the push and the polling.
      echo "$written" >>"$LOGS/near-lag-write-s.txt"
      [ "$code" = 200 ] || echo "write answered $code: $(head -c 300 "$LOGS/near-lag-put.txt")" >>"$LOGS/near-lag-errors.txt"
      deadline=$(( start + 5000000000 )) polls=0
      until [ "$(curl -fs "$BASE/api/products/$NEAR_LAG_ID" | jq -r .name)" = "$name" ]; do
        polls=$((polls + 1))
        [ "$(date +%s%N)" -lt "$deadline" ] || { echo "old name 5 s after the PUT" >>"$LOGS/near-lag-stale.txt"; break; }
      done
      # A read sent after the PUT answered that still had the old name: the push was slower than the next read.
      [ "$code" != 200 ] || [ "$polls" = 0 ] || echo "$polls" >>"$LOGS/near-lag-stale-reads.txt"
      echo $(( ($(date +%s%N) - start) / 1000 )) >>"$LOGS/near-lag-us.txt"   # microseconds
      sleep "$WRITE_EVERY"
    done
  ) &
  local writer=$! result
  result=$(run_wrk near-cache-lag "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  wait "$writer"
  jq -c --argjson write_errors "$(wc -l <"$LOGS/near-lag-errors.txt")" \
    --argjson stale_errors "$(wc -l <"$LOGS/near-lag-stale.txt")" \
    --slurpfile lag <(sort -n "$LOGS/near-lag-us.txt" | jq -s .) \
    --slurpfile write <(sort -n "$LOGS/near-lag-write-s.txt" | jq -s 'map(. * 1000000 | round)') \
    --argjson stale_rounds "$(wc -l <"$LOGS/near-lag-stale-reads.txt")" '
    def pct($l; p): if ($l | length) == 0 then null
                    else ($l[[(($l | length) * p | ceil) - 1, 0] | max] / 1000 * 100 | round / 100) end;  # nearest rank
    . + {lag_samples: ($lag[0] | length), lag_p50_ms: pct($lag[0]; 0.5), lag_p99_ms: pct($lag[0]; 0.99),
         lag_max_ms: pct($lag[0]; 1), write_p50_ms: pct($write[0]; 0.5), write_p99_ms: pct($write[0]; 0.99),
         stale_after_write_rounds: $stale_rounds, write_errors: $write_errors, stale_errors: $stale_errors}' <<<"$result"
}

report_near_cache() {
  jq -r '.scenarios.near_cache as $n
    | "near cache: L1 hit \($n.l1.rps) req/s (\($n.l1_over_floor) of the floor, \($n.l1_over_redis_hit)x a Redis hit; "
      + "L1 share \($n.l1.l1_share)); two-instance coherence lag p50 \($n.coherence.lag_p50_ms) ms, "
      + "p99 \($n.coherence.lag_p99_ms) ms under load (the PUT itself: p50 \($n.coherence.write_p50_ms) ms, "
      + "p99 \($n.coherence.write_p99_ms) ms; rounds with a stale read after the PUT answered: "
      + "\($n.coherence.stale_after_write_rounds) of \($n.coherence.lag_samples)); conditional read (304 from L1) "
      + "\($n.conditional.rps) req/s (\($n.conditional_over_l1) of the L1 hit, \($n.conditional_over_floor) of the floor)"' "$1"
}
