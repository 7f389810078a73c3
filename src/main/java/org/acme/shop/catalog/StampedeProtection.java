package org.acme.shop.catalog;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import org.acme.shop.common.CacheConfig;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.KeySpace;

/**
 * <b>Stampede protection</b> for a missing product key. When a hot key expires or is invalidated, hundreds of requests
 * miss at once; without protection each of them asks PostgreSQL the same question. Two layers keep it to one load:
 * <ol>
 * <li>inside one instance, concurrent misses for the same id share one in-flight load (request coalescing);</li>
 * <li>across instances, a short Redis lock ({@code SET … NX PX}) lets one loader fill the key while the others poll
 * the key briefly, and ask the database themselves only if the holder is too slow.</li>
 * </ol>
 */
@ApplicationScoped
public class StampedeProtection {

    /** Deletes the lock only if it still holds our token: an expired lock may already belong to another loader. */
    static final String RELEASE_IF_OWNER = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final ConcurrentMap<Long, Uni<CacheRead>> inFlight = new ConcurrentHashMap<>();
    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final KeySpace keys;
    private final CacheMetrics metrics;
    private final CatalogConfig.Stampede config;
    private final Duration timeout;

    public StampedeProtection(ReactiveRedisDataSource redis, KeySpace keys, CacheMetrics metrics,
            CatalogConfig catalog, CacheConfig cache) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.keys = keys;
        this.metrics = metrics;
        this.config = catalog.cache().stampede();
        this.timeout = cache.redisTimeout();
    }

    /**
     * Runs {@code loadAndStore} for a missing product at most once at a time in this instance, and only while holding
     * the cluster-wide lock when Redis grants it.
     */
    public Uni<CacheRead> loadOnce(long id, String key, Supplier<Uni<CacheRead>> loadAndStore) {
        if (!config.enabled()) {
            return loadAndStore.get();
        }
        // Later callers subscribe to the first caller's load; the entry leaves the map when that load ends.
        return inFlight.computeIfAbsent(id, ignored -> underLock(id, key, loadAndStore)
                .eventually(() -> {
                    inFlight.remove(id);
                })
                .memoize().indefinitely());
    }

    private Uni<CacheRead> underLock(long id, String key, Supplier<Uni<CacheRead>> loadAndStore) {
        String lock = keys.productLock(id);
        String token = UUID.randomUUID().toString();
        return redis.execute("SET", lock, token, "NX", "PX", Long.toString(config.lockTtl().toMillis()))
                .ifNoItem().after(timeout).fail()
                .onItemOrFailure().transformToUni((granted, redisFailure) -> {
                    if (redisFailure != null) {
                        metrics.redisError("lock", redisFailure);
                        return loadAndStore.get();                    // no lock to be had: load anyway
                    }
                    if (granted != null) {                            // "OK": this instance loads
                        return loadAndStore.get().eventually(() -> release(lock, token));
                    }
                    return awaitOtherLoader(key, pollsLeft(), loadAndStore);
                });
    }

    /** Another instance holds the lock: look for the key it is about to write, then give up and load. */
    private Uni<CacheRead> awaitOtherLoader(String key, long pollsLeft, Supplier<Uni<CacheRead>> loadAndStore) {
        if (pollsLeft == 0) {
            return loadAndStore.get();                                // the holder is too slow (or died)
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(config.pollInterval())
                .chain(() -> values.get(key).ifNoItem().after(timeout).fail().onFailure().recoverWithNull())
                .chain(cached -> cached != null
                        ? Uni.createFrom().item(new CacheRead(ProductCache.orNull(cached), CacheRead.Source.HIT))
                        : awaitOtherLoader(key, pollsLeft - 1, loadAndStore));
    }

    private long pollsLeft() {
        return Math.max(1, config.maxWait().toMillis() / Math.max(1, config.pollInterval().toMillis()));
    }

    private Uni<Void> release(String lock, String token) {
        return redis.execute("EVAL", RELEASE_IF_OWNER, "1", lock, token)
                .ifNoItem().after(timeout).fail()
                .onFailure().invoke(failure -> metrics.redisError("unlock", failure))  // the lock's TTL frees it
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
