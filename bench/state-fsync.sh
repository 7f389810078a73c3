#!/usr/bin/env bash
# What `appendfsync always` costs the state role, against `everysec` (docs/flash-sale.md#a-202-is-on-disk).
#
#   bench/state-fsync.sh [ROUNDS]      default 3 rounds; prints one line per mode, script and clients (median of rounds)
#
# Each round starts, for each mode, a private redis-server of its own (a free port, a new directory under
# ${TMPDIR:-/tmp}, AOF on, the mode under test) and sends with redis-benchmark the three scripts a flash-sale
# reservation sends to the state role, each a write, each copied from the code: TOUCH (SessionStore, the session),
# HIT (RateLimiter, the writes limit) and RESERVE (FlashSaleGate, the gate; every call accepted: a sale of 10^9 units,
# one buyer per call). One client shows the latency of a lone buyer (an fsync per write); 64 show how Redis shares an
# fsync among the writes it read in one turn of its event loop. The machine's shared Redis is not touched.
# Publish figures only from a quiet machine: the load average is printed first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
REQUESTS_ONE=${REQUESTS_ONE:-2000}
REQUESTS_MANY=${REQUESTS_MANY:-20000}
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || {
  echo "state-fsync.sh: needs redis-server and redis-benchmark on the PATH" >&2; exit 2; }

# The body of a LuaScript constant: the lines between `NAME = LuaScript.of("""` and the closing `""");`.
script() { sed -n "/ $2 = LuaScript.of(\"\"\"/,/^ *\"\"\");/p" "$1" | sed '1d;$d'; }
RESERVE=$(script src/main/java/org/acme/shop/inventory/flashsale/FlashSaleGate.java RESERVE)
TOUCH=$(script src/main/java/org/acme/shop/session/SessionStore.java TOUCH)
HIT=$(script src/main/java/org/acme/shop/ratelimit/RateLimiter.java HIT)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# one_round MODE: prints "MODE SCRIPT CLIENTS REQUESTS_PER_S P50_MS" lines.
one_round() {
  local mode=$1 port dir pid
  port=$(free_port)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/state-fsync.XXXXXX")
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly yes --appendfsync "$mode" \
    --no-appendfsync-on-rewrite no --logfile "$dir/redis.log" &
  pid=$!
  local cli=(redis-cli -p "$port")
  for _ in $(seq 1 50); do "${cli[@]}" PING >/dev/null 2>&1 && break; sleep 0.1; done
  local gate='b:{s}:gate' users='b:{s}:users' idem='b:{s}:idempotency' stream='b:{s}:stream'
  "${cli[@]}" HSET "$gate" remaining 1000000000 perUserLimit 1000000000 startsAt 0 endsAt 9999999999999 \
    keysExpireAt 9999999999999 >/dev/null
  "${cli[@]}" HSET b:session createdAt 1 lastAccessedAt 1 >/dev/null
  local reserve touch hit
  reserve=$("${cli[@]}" SCRIPT LOAD "$RESERVE")
  touch=$("${cli[@]}" SCRIPT LOAD "$TOUCH")
  hit=$("${cli[@]}" SCRIPT LOAD "$HIT")
  local now clients requests name line
  now=$(($(date +%s) * 1000))
  for clients in 1 64; do
    requests=$([ "$clients" = 1 ] && echo "$REQUESTS_ONE" || echo "$REQUESTS_MANY")
    for name in touch hit reserve; do
      case $name in
        touch) set -- EVALSHA "$touch" 1 b:session "$now" 1800000 ;;
        hit) set -- EVALSHA "$hit" 1 b:limit:__rand_int__ 60000 ;;
        reserve) set -- EVALSHA "$reserve" 4 "$gate" "$users" "$idem" "$stream" __rand_int__ 1 '' \
                   00000000-0000-0000-0000-000000000000 2026-01-01T00:00Z 2026-01-01T00:15Z "$now" ;;
      esac
      line=$(redis-benchmark -p "$port" -c "$clients" -n "$requests" -r 1000000000 --csv "$@" | tail -1)
      # "name","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",…
      awk -F'"' -v m="$mode" -v s="$name" -v c="$clients" '{ print m, s, c, $4, $10 }' <<<"$line"
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(redis-server --version | cut -d' ' -f1-3), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# directory ${TMPDIR:-/tmp} on $(df -T "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $2, $1 }'), $ROUNDS rounds"
results=$(for _ in $(seq 1 "$ROUNDS"); do one_round everysec; one_round always; done)
echo "mode script clients requests_per_s p50_ms"
# Median of the rounds, per mode, script and clients.
sort -k1,1 -k2,2 -k3,3n <<<"$results" | awk '
  { key = $1 " " $2 " " $3; n[key]++; rps[key, n[key]] = $4; p50[key, n[key]] = $5; if (!(key in seen)) { seen[key]; order[++k] = key } }
  function median(a, key, count,   i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = a[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((count + 1) / 2)]
  }
  END { for (i = 1; i <= k; i++) print order[i], median(rps, order[i], n[order[i]]), median(p50, order[i], n[order[i]]) }'
