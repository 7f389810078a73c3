package org.acme.shop.catalog.cache;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.JsonCodec;
import org.acme.shop.cache.RedisLock;
import org.acme.shop.cache.SingleFlight;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductResource;
import org.acme.shop.catalog.ProductService;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.http.EntityTags;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.RedisGuard;

/**
 * <b>Cache-aside</b> for single products, with <b>stampede protection</b> on the miss path. A hit is one {@code GET}
 * and never touches the database. A miss loads the row and stores its JSON with a jittered TTL; an absent id is
 * cached too, as a short-lived tombstone, so that a client asking again and again for it does not reach PostgreSQL
 * each time; but only an id at or below the highest id in the table (a deleted product, a gap), never one above it,
 * so that walking random ids cannot fill Redis with tombstones. When Redis is unavailable, PostgreSQL answers
 * ({@code BYPASS}).
 * <p>
 * The miss path reads top to bottom: concurrent misses of one id in this instance share one load
 * ({@link SingleFlight}); across instances, the loader holds a short Redis lock and the others wait briefly for the key
 * it is about to write ({@link RedisLock}); the load reads the catalog version first and stores only if no write
 * committed meanwhile ({@link ProductStore}).
 * <p>
 * The read of one product goes through the <b>near cache</b> first (L1, this instance's memory, {@link NearCache}),
 * then Redis, then PostgreSQL, in three methods so that {@link ProductResource#get} answers what memory and Redis hold
 * on the event loop: {@link #findInNear} (no I/O), {@link #findInRedis} (one {@code GET} on the reactive client), and
 * only {@link #findInDatabase}, the one that blocks, on a worker thread. {@link #findOrLoad} is all three, for a
 * caller that may block.
 * <p>
 * Each step is a span of a request's trace ({@link CacheSpans}; docs/observability.md#traces).
 * <p>
 * {@link ProductBulkCache} is the same pattern for many ids at once (docs/bulk-reads.md).
 */
@ApplicationScoped
public class ProductCache {

    public static final String NAME = "product";
    /** What a tombstone holds: the JSON literal {@code null}, which no product serialises to. */
    public static final String TOMBSTONE = "null";

    /** A tombstone read from Redis: the id has no product. */
    private static final Cached<String> TOMBSTONE_HIT = new Cached<>(null, CacheOutcome.HIT);
    /** {@link #findInRedis}'s answer when Redis failed or the cache is off: PostgreSQL answers, {@code BYPASS}. */
    private static final Cached<String> REDIS_NOT_USED = new Cached<>(null, CacheOutcome.BYPASS);

    private final SingleFlight<Long, Cached<String>> loads;
    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> reactiveValues;
    private final RedisGuard guard;
    private final RedisLock locks;
    private final ProductStore store;
    private final ProductService products;
    private final CatalogKeys keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CacheConfig shared;
    private final NearCache near;
    private final CacheSpans spans;

    public ProductCache(RedisDataSource redis, RedisGuard guard, RedisLock locks, ProductStore store,
            ProductService products, CatalogKeys keys, CacheMetrics metrics, JsonCodec json, CacheConfig shared,
            NearCache near, CacheSpans spans) {
        this.values = redis.value(String.class);
        this.reactiveValues = redis.getReactive().value(String.class);
        this.guard = guard;
        this.locks = locks;
        this.store = store;
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.shared = shared;
        this.near = near;
        this.spans = spans;
        this.loads = new SingleFlight<>(NAME, metrics, spans);
    }

    /**
     * The product's JSON ({@code null} if no product has this id), and where it came from: L1, then Redis, then
     * PostgreSQL. For a caller that may block (a worker thread: the cart); the same steps as {@link ProductResource#get}.
     */
    public Cached<String> findOrLoad(long id) {
        Cached<String> held = findInNear(id);
        if (held != null) {
            return held;
        }
        Cached<String> hit = findInRedis(id).await().indefinitely();    // the guard gives up after the Redis timeout
        return isHit(hit) ? hit : findInDatabase(id, hit);
    }

    /**
     * L1, this instance's memory: never blocks, never sends a command, so the event loop may ask
     * ({@link ProductResource#get}). {@code null} when not held.
     */
    public Cached<String> findInNear(long id) {
        Cached<String> held = shared.enabled()
                ? spans.step(CacheSpans.L1_LOOKUP, NAME, () -> near.get(id), CacheSpans::outcomeOf) : null;
        if (held != null) {
            metrics.read(NAME, held.outcome());
        }
        return held;
    }

    /**
     * L2: one {@code GET}, on the reactive client, so that the event loop may ask and answer a hit without a worker
     * thread. The item is a {@code HIT} (with the body's entity tag), or what {@link #findInDatabase} needs to know:
     * {@code null} when Redis holds nothing usable for the id, {@code BYPASS} when Redis failed or the cache is off.
     * A hit fills L1, unless a push invalidated the id while it was being fetched (the ticket, taken first, says so;
     * see {@link NearCache}).
     */
    public Uni<Cached<String>> findInRedis(long id) {
        if (!shared.enabled()) {
            return Uni.createFrom().item(REDIS_NOT_USED);
        }
        NearCache.Ticket ticket = near.ticket(id);            // null while L1 is off or not tracking
        String key = keys.product(id);
        return spans.stepAsync(CacheSpans.REDIS_LOOKUP, NAME,                // GET shop:catalog:product:{id}
                () -> guard.callAsync("get", () -> reactiveValues.get(key).map(ProductCache::hit), () -> REDIS_NOT_USED),
                CacheSpans::outcomeOf)
                .invoke(read -> {
                    if (isHit(read)) {
                        near.fill(ticket, read);
                        metrics.read(NAME, CacheOutcome.HIT);
                    }
                });
    }

    /** Whether {@link #findInRedis} answered the read. */
    public static boolean isHit(Cached<String> read) {
        return read != null && read.outcome() == CacheOutcome.HIT;
    }

    /**
     * PostgreSQL, after {@link #findInRedis} did not answer ({@code redis} is its item): the miss path when Redis had
     * nothing, a plain load ({@code BYPASS}) when Redis failed. A miss does not fill L1: storing the loaded row in
     * Redis is itself a change under the tracked prefix, whose push would evict the entry again; the next read, a
     * Redis hit, fills it. Blocks: a worker thread only.
     */
    public Cached<String> findInDatabase(long id, Cached<String> redis) {
        Cached<String> read = redis == null ? miss(id) : bypass(id);
        metrics.read(NAME, read.outcome());
        return read;
    }

    private Cached<String> miss(long id) {
        if (!shared.stampede().enabled()) {
            return loadAndStore(id);
        }
        return loads.run(id, () -> loadUnderLock(id, keys.product(id)));    // one load per instance, however many missed
    }

    /** Across instances: one loader holds the lock; the others wait briefly for the key it is about to write. */
    private Cached<String> loadUnderLock(long id, String key) {
        CacheConfig.Stampede stampede = shared.stampede();
        try (RedisLock.Lease lease = locks.tryAcquire(keys.productLock(id), stampede.lockTtl())) {
            if (lease.heldElsewhere()) {
                Cached<String> filled = locks.awaitHolder(NAME, stampede.maxWait(), stampede.pollInterval(),
                        () -> guard.call("get", () -> cached(key), () -> null));
                if (filled != null) {
                    return filled;
                }                                             // the holder is too slow or died: load anyway
            }
            return loadAndStore(id);
        }                                                     // the lease releases the lock if we took it
    }

    private Cached<String> loadAndStore(long id) {
        String version = guard.call("get", store::catalogVersion, () -> null);     // read before the load
        String body = load(id);
        // No tombstone above the highest id: there are as many ids below it as the table ever handed out, but no end
        // of ids above it. A product created later under such an id removes nothing, since nothing was cached.
        if (version != null && (body != null || id <= products.highestId())) {  // unknown version: could go stale
            spans.run(CacheSpans.STORE, NAME, () -> store.store(version, List.of(store.of(id, body))));
        }
        return new Cached<>(body, CacheOutcome.MISS);
    }

    /**
     * A hit ({@code null} value for a tombstone), or {@code null} when the key is not there or holds what another
     * version of the code wrote (another {@link ProductStore#SCHEMA}): a miss, whose store replaces it.
     */
    private Cached<String> cached(String key) {
        return hit(values.get(key));
    }

    private static Cached<String> hit(String stored) {
        String cached = ProductStore.SCHEMA.body(stored);
        if (cached == null) {
            return null;
        }
        return TOMBSTONE.equals(cached) ? TOMBSTONE_HIT : new Cached<>(cached, CacheOutcome.HIT, EntityTags.of(cached));
    }

    private Cached<String> bypass(long id) {
        return new Cached<>(load(id), CacheOutcome.BYPASS);
    }

    private String load(long id) {
        metrics.load(NAME);
        return spans.step(CacheSpans.LOAD, NAME, () -> products.find(id).map(json::write).orElse(null));
    }
}
