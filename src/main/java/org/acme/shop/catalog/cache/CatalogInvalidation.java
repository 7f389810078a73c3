package org.acme.shop.catalog.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductChanged;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.outbox.CacheOutbox;
import org.acme.shop.outbox.OutboxHandler;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.RedisGuard;

/**
 * <b>Event-driven invalidation</b> through a <b>transactional outbox</b>: once a product write has committed, and only
 * then, the cached product is removed and every cached listing retired. The observer runs on the request's thread as
 * part of the commit, so the client gets its response only after Redis has been told. The write's transaction also
 * committed an outbox row saying the same; the row is deleted once Redis has confirmed, and if Redis failed (or the
 * app died before this ran) the {@code OutboxRelay} applies it later, with {@link #apply}.
 */
@ApplicationScoped
public class CatalogInvalidation implements OutboxHandler {

    private final ValueCommands<String, Long> counters;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final CatalogKeys keys;
    private final CacheMetrics metrics;
    private final CacheOutbox outbox;
    private final boolean applyAfterCommit;
    private final NearCache near;
    private final CacheSpans spans;

    public CatalogInvalidation(RedisDataSource redis, RedisGuard guard, CatalogKeys keys, CacheMetrics metrics,
            CacheOutbox outbox, CacheConfig config, NearCache near, CacheSpans spans) {
        this.counters = redis.value(Long.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.keys = keys;
        this.metrics = metrics;
        this.outbox = outbox;
        this.applyAfterCommit = config.outbox().applyAfterCommit();
        this.near = near;
        this.spans = spans;
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProductChanged change) {
        if (applyAfterCommit && apply(change.productId())) {
            outbox.productApplied(change.outboxId());                      // the row goes only once Redis confirmed
        }
    }

    @Override
    public String kind() {
        return CacheOutbox.PRODUCT;
    }

    /** The outbox relay's replay of a product row whose after-commit step did not confirm. */
    @Override
    public boolean apply(CacheOutbox.Entry row) {
        return apply(row.productId());
    }

    /**
     * Retires the listings and removes the product's key; true once Redis has confirmed both. Running it twice does no
     * harm (one more listing version, a key already gone), which is what lets the relay replay a row.
     */
    public boolean apply(long productId) {
        // INCR before UNLINK: a reader that loaded the old row before the commit stores it only if the version is
        // unchanged (see ProductCache). Bumping first closes the window between the two commands.
        // If Redis fails, the write stays committed, and so does its outbox row: the relay retries.
        boolean applied = spans.step(CacheSpans.INVALIDATE, ProductCache.NAME, () -> guard.call("invalidate", () -> {
            counters.incr(keys.catalogVersion());                          // INCR shop:catalog:products:version
            metrics.invalidated("products");
            keyCommands.unlink(keys.product(productId));                   // UNLINK shop:catalog:product:{id}
            metrics.invalidated(ProductCache.NAME);
            return true;
        }, () -> false), done -> done ? "done" : "failed");
        // This instance's near cache at once, after the UNLINK (a reader that fetched the old copy before it cannot
        // fill it now), so that the writer reads its own write; the other instances' entries go when Redis pushes the
        // invalidation that the UNLINK causes (docs/near-cache.md).
        near.evict(productId, "write");
        return applied;
    }
}
