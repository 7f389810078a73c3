package org.acme.shop.catalog;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import org.acme.shop.common.CacheConfig;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.KeySpace;

/**
 * <b>Event-driven invalidation</b>: once a product write has committed, and only then, the cached product is removed
 * and every cached listing retired. The observer runs on the request's thread as part of the commit, so the client
 * gets its response only after Redis has been told.
 */
@ApplicationScoped
public class CatalogInvalidation {

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySpace keys;
    private final CacheMetrics metrics;
    private final Duration timeout;

    public CatalogInvalidation(ReactiveRedisDataSource redis, KeySpace keys, CacheMetrics metrics,
            CacheConfig cache) {
        this.counters = redis.value(Long.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.metrics = metrics;
        this.timeout = cache.redisTimeout();
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProductChanged change) {
        // INCR before UNLINK: a reader that loaded the old row before the commit stores it only if the version is
        // unchanged (see ProductCache). Bumping first closes the window between the two commands.
        try {
            counters.incr(keys.catalogVersion()).await().atMost(timeout);
            metrics.invalidated("products");
            keyCommands.unlink(keys.product(change.productId())).await().atMost(timeout);
            metrics.invalidated(ProductCache.NAME);
        } catch (RuntimeException e) {
            // The write is committed and stays so. The cached copy lives until its TTL (1 h by default) ends.
            metrics.redisError("invalidate", e);
        }
    }
}
