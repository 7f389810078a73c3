package org.acme.shop.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.RedisGuard;

/**
 * <b>Event-driven invalidation</b>: once a product write has committed, and only then, the cached product is removed
 * and every cached listing retired. The observer runs on the request's thread as part of the commit, so the client
 * gets its response only after Redis has been told.
 */
@ApplicationScoped
public class CatalogInvalidation {

    private final ValueCommands<String, Long> counters;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final KeySpace keys;
    private final CacheMetrics metrics;

    public CatalogInvalidation(RedisDataSource redis, RedisGuard guard, KeySpace keys, CacheMetrics metrics) {
        this.counters = redis.value(Long.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.keys = keys;
        this.metrics = metrics;
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProductChanged change) {
        // INCR before UNLINK: a reader that loaded the old row before the commit stores it only if the version is
        // unchanged (see ProductCache). Bumping first closes the window between the two commands.
        // If Redis fails, the write stays committed and the cached copy lives until its TTL ends.
        guard.run("invalidate", () -> {
            counters.incr(keys.catalogVersion());                          // INCR shop:catalog:products:version
            metrics.invalidated("products");
            keyCommands.unlink(keys.product(change.productId()));          // UNLINK shop:catalog:product:{id}
            metrics.invalidated(ProductCache.NAME);
        });
    }
}
