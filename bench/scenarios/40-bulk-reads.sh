# Bulk reads (issue 19): one client reads pages of 50 products, first as 50 sequential GET /api/products/{id}, then as
# one GET /api/products?ids=… (one MGET); pages per second and page latency of both, and their ratio. With every
# product cached (warm_up reads them all), so that both modes measure hits. The same run measures what the data
# structures of issue 19 cost in Redis (MEMORY USAGE): a best-seller day ZSET of 100 and of 1,000 products (a scratch
# key, deleted afterwards) and the store GEO key after a search.
PLUGINS+=(bulk_reads)

BULK_READS_IDS=50

plugin_bulk_reads() {
  start_app bulk_reads
  warm_up
  local warm=$WARMUP seconds=$DURATION pages memory
  pages=$("$JAVA_HOME/bin/java" bench/clients/PageReads.java "$BASE" "$BULK_READS_IDS" "$warm" "$seconds") \
    || die "bulk_reads: the page client failed"
  memory=$(bulk_reads_memory)
  jq -c --argjson memory "$memory" '. + {memory: $memory}' <<<"$pages" >"$1"
}

# MEMORY USAGE of the issue's structures: ZSETs as a day of best sellers holds them (member = product id, score =
# units), small enough for a listpack (100) and past zset-max-listpack-entries (1,000); the GEO key of the sample stores.
bulk_reads_memory() {
  local scratch="$PREFIX:bench:zset-sample" zset_100 zset_1000 geo geo_members
  redis-cli -n "$REDIS_DB" DEL "$scratch" >/dev/null
  redis-cli -n "$REDIS_DB" ZADD "$scratch" $(for i in $(seq 1 100); do echo "$((i * 7 % 50 + 1)) $i"; done) >/dev/null
  zset_100=$(redis-cli -n "$REDIS_DB" MEMORY USAGE "$scratch")
  redis-cli -n "$REDIS_DB" ZADD "$scratch" $(for i in $(seq 101 1000); do echo "$((i * 7 % 50 + 1)) $i"; done) >/dev/null
  zset_1000=$(redis-cli -n "$REDIS_DB" MEMORY USAGE "$scratch")
  redis-cli -n "$REDIS_DB" DEL "$scratch" >/dev/null
  curl -fs -o /dev/null "$BASE/api/stores/near?lat=52.52&lon=13.405&km=10" || die "bulk_reads: the store search failed"
  geo=$(redis-cli -n "$REDIS_DB" MEMORY USAGE "$PREFIX:stores:geo:all")
  geo_members=$(redis-cli -n "$REDIS_DB" ZCARD "$PREFIX:stores:geo:all")
  jq -nc --argjson z100 "$zset_100" --argjson z1000 "$zset_1000" --argjson geo "$geo" --argjson n "$geo_members" \
    '{zset_100_bytes: $z100, zset_1000_bytes: $z1000, zset_bytes_per_member_at_1000: ($z1000 / 1000 | round),
      geo_stores_bytes: $geo, geo_stores_members: $n, geo_bytes_per_store: ($geo / $n | round)}'
}

report_bulk_reads() {
  jq -r '.scenarios.bulk_reads | "bulk reads (\(.ids_per_page) ids a page, one client): one by one \(.single.pages_per_s) pages/s (p99 \(.single.p99_ms) ms), bulk \(.bulk.pages_per_s) pages/s (p99 \(.bulk.p99_ms) ms): \(.bulk_over_single)x; Redis: best-seller day of 1,000 products \(.memory.zset_1000_bytes) B, store GEO key \(.memory.geo_stores_bytes) B for \(.memory.geo_stores_members) stores"' "$1"
}
