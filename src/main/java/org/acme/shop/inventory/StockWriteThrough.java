package org.acme.shop.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import org.acme.shop.common.CacheConfig;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.Conflict;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.NotFound;

/**
 * <b>Write-through</b> for stock. Every write commits to PostgreSQL first, then, in the same request, writes the
 * committed row to the HASH {@code shop:inventory:stock:{sku}}. Reads are served from that HASH; a miss loads the row
 * and fills the HASH through the same version guard.
 * <p>
 * The order is the point: {@link InventoryService} owns the transaction, so when one of its methods returns, the row
 * is committed, and only then does this class touch Redis. Calling the service and then the cache in plain sequence
 * shows that order on one screen; an {@code AFTER_SUCCESS} observer (what the catalog uses for invalidation) would do
 * the same but hide the second step in another class. {@code TxType.NEVER} keeps it true: called inside someone
 * else's transaction, this class would write Redis before that transaction commits, so such a call fails at once.
 * <p>
 * Blocking on purpose: every write goes to PostgreSQL anyway, so these methods run on worker threads, and each Redis
 * command waits at most {@code cache.redis-timeout}.
 */
@ApplicationScoped
@Transactional(TxType.NEVER)
public class StockWriteThrough {

    static final String NAME = "stock";

    /**
     * Applies a stock state only if its version is newer than the one Redis holds, and restarts the TTL. Writers
     * finish in any order: a request that committed version 7 may reach Redis after the one that committed version 8,
     * and without this check it would leave version 7 in the cache until the next write. Equal versions are refused
     * too: the state is already there. One script, so the comparison and the write are atomic in Redis.
     * <p>
     * {@code KEYS[1]} the HASH; {@code ARGV} version, available, reserved, TTL in ms. Returns 1 if applied, 0 if not.
     */
    static final String SET_IF_NEWER = """
            local stored = tonumber(redis.call('HGET', KEYS[1], 'version'))
            if stored and stored >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'available', ARGV[2], 'reserved', ARGV[3], 'version', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;

    /** A stock read and where it came from, which the API reports in the {@code X-Cache} header. */
    public record StockRead(StockLevel stock, Source source) {

        public enum Source {
            /** Served from Redis; the database was not asked. */
            HIT,
            /** Not in Redis: loaded from PostgreSQL and written through the version guard. */
            MISS,
            /** Redis was unavailable: loaded from PostgreSQL, nothing stored. */
            BYPASS
        }
    }

    private final InventoryService inventory;
    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySpace keys;
    private final CacheMetrics cacheMetrics;
    private final MeterRegistry registry;
    private final Duration ttl;
    private final Duration timeout;

    public StockWriteThrough(InventoryService inventory, ReactiveRedisDataSource redis, KeySpace keys,
            CacheMetrics cacheMetrics, MeterRegistry registry, InventoryConfig config, CacheConfig cache) {
        this.inventory = inventory;
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.cacheMetrics = cacheMetrics;
        this.registry = registry;
        this.ttl = config.cache().stockTtl();
        this.timeout = cache.redisTimeout();
    }

    // --- reads --------------------------------------------------------------------------------------------------------

    public StockRead find(String sku) {
        Map<String, String> cached;
        try {
            cached = hashes.hgetall(keys.stock(sku)).await().atMost(timeout);       // HGETALL shop:inventory:stock:{sku}
        } catch (RuntimeException redisFailure) {
            cacheMetrics.redisError("get", redisFailure);
            cacheMetrics.bypass(NAME);
            return new StockRead(load(sku), StockRead.Source.BYPASS);             // Redis down or slow: Postgres answers
        }
        if (!cached.isEmpty()) {
            cacheMetrics.hit(NAME);                                                 // the database is not asked
            return new StockRead(fromHash(sku, cached), StockRead.Source.HIT);
        }
        cacheMetrics.miss(NAME);
        StockLevel loaded = load(sku);
        store(loaded);             // a writer may have committed a newer row meanwhile: the guard keeps the newer one
        return new StockRead(loaded, StockRead.Source.MISS);
    }

    // --- writes: commit first, then Redis -----------------------------------------------------------------------------

    public StockLevel setAvailable(String sku, int available) {
        StockLevel committed = inventory.setAvailable(sku, available);
        store(committed);
        return committed;
    }

    public ReservationView reserve(String sku, int quantity) {
        InventoryService.ReservationMade made;
        try {
            made = inventory.reserve(sku, quantity);
        } catch (Conflict shortStock) {
            count("inventory.reservations", "rejected");
            throw shortStock;
        }
        count("inventory.reservations", "accepted");
        store(made.stock());
        return made.reservation();
    }

    /** Releasing twice is not an error: the second call changes nothing and writes nothing. */
    public void release(UUID id) {
        inventory.release(id).ifPresent(this::store);
    }

    // --- the cache write, shared by writes and misses -------------------------------------------------------------

    private void store(StockLevel level) {
        String key = keys.stock(level.sku());
        try {
            long applied = redis.execute("EVAL", SET_IF_NEWER, "1", key, Long.toString(level.version()),
                            Integer.toString(level.available()), Integer.toString(level.reserved()),
                            Long.toString(ttl.toMillis()))
                    .await().atMost(timeout).toLong();
            count("inventory.cache.writes", applied == 1 ? "applied" : "stale");
        } catch (RuntimeException redisFailure) {
            // PostgreSQL has committed and stays right, so the request still succeeds. The HASH may now hold an older
            // state: delete it so that the next read loads the row. If Redis cannot take the delete either, the TTL
            // bounds how long the old state can be served.
            count("inventory.cache.writes", "failed");
            cacheMetrics.redisError("write-through", redisFailure);
            evict(key);
        }
    }

    private void evict(String key) {
        try {
            keyCommands.unlink(key).await().atMost(timeout);
        } catch (RuntimeException redisFailure) {
            cacheMetrics.redisError("evict", redisFailure);
        }
    }

    private StockLevel load(String sku) {
        return inventory.find(sku).orElseThrow(() -> new NotFound("No product with sku " + sku));
    }

    private static StockLevel fromHash(String sku, Map<String, String> fields) {
        return new StockLevel(sku, Integer.parseInt(fields.get("available")), Integer.parseInt(fields.get("reserved")),
                Long.parseLong(fields.get("version")));
    }

    private void count(String metric, String result) {
        registry.counter(metric, "result", result).increment();
    }
}
