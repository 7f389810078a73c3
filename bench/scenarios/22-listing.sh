# Cached listing pages (docs/cache-aside.md#listings): GET /api/products?page=N&size=20 on random pages of the sample
# catalog, every page cached after the warm-up; a blocking resource method, so each hit holds a worker thread for its
# Redis round trip (CONTRIBUTING.md, "The Redis style"). Each of the 50 pages is read once before the warm-up. JSON:
# wrk's figures, hit_ratio (hits among the listing reads measured: below 1 when pages were retired meanwhile; a quick
# run once measured 0.994 after a one-second warm-up), listing_over_floor (against this run's floor), errors (wrk's).
PLUGINS+=(listing)

plugin_listing() {
  local hits misses result page
  start_app listing
  for page in $(seq 0 49); do                          # every page cached, whatever the warm-up's random draws
    curl -fs -o /dev/null "$BASE/api/products?page=$page&size=20" || die "listing: page $page did not answer 200"
  done
  run_wrk listing-warmup "$WARMUP" /api/products bench/wrk/random-page.lua >/dev/null
  hits=$(metric 'cache_gets_total{cache="products",result="hit"}')
  misses=$(metric 'cache_gets_total{cache="products",result="miss"}')
  result=$(run_wrk listing "$DURATION" /api/products bench/wrk/random-page.lua)
  hits=$(( $(metric 'cache_gets_total{cache="products",result="hit"}') - hits ))
  misses=$(( $(metric 'cache_gets_total{cache="products",result="miss"}') - misses ))
  jq -c --argjson hits "$hits" --argjson misses "$misses" --argjson floor "$floor" '. + {
      hit_ratio: (if $hits + $misses > 0 then ($hits / ($hits + $misses) * 1000 | round / 1000) else 0 end),
      listing_over_floor: (.rps / $floor.rps * 100 | round / 100),
      errors: (.socket_errors + .status_errors)
    }' <<<"$result" >"$1"
}

report_listing() {
  jq -r '.scenarios.listing | "listing (cached pages): \(.rps) req/s, \(.listing_over_floor) of the floor, hit ratio \(.hit_ratio)"' "$1"
}
