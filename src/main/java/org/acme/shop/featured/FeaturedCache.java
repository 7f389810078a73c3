package org.acme.shop.featured;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Response;
import org.acme.shop.catalog.ProductView;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.JsonCodec;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.cache.RedisLock;
import org.acme.shop.cache.SingleFlight;
import org.acme.shop.cache.ValueSchema;
import org.jboss.logging.Logger;

/**
 * <b>Refresh-ahead</b> for the featured products. The key lives for the hard expiry ({@code featured.ttl}); once the
 * list is older than {@code featured.refresh-after} (its remaining TTL below {@code ttl - refresh-after}), a read
 * answers it at once and hands one refresh to a background thread. Readers wait for PostgreSQL only when the key is
 * gone: the first read, after an admin's change, or when refreshes have failed until the hard expiry.
 * <p>
 * One refresher: in this instance a flag lets one refresh run at a time; across instances, a short Redis lock. A
 * fixed threshold rather than XFetch's random early expiry: XFetch spreads the recomputation of many keys without
 * coordination and still makes one unlucky reader wait; here the reader never waits and the lock already elects one
 * refresher, so a threshold is simpler and its refresh happens at a time one can predict (and test).
 */
@ApplicationScoped
public class FeaturedCache {

    static final String NAME = "featured";
    private static final Logger LOG = Logger.getLogger(FeaturedCache.class);

    /** The value and its remaining TTL in one round trip: {@code [value or nil, PTTL]}. */
    static final LuaScript GET_WITH_TTL = LuaScript.of("""
            return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
            """);

    private record Entry(String body, long remainingMillis) {
    }

    private final SingleFlight<String, Cached<String>> loads;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "featured-refresh");
        thread.setDaemon(true);
        return thread;
    });
    /** What the key holds: the JSON of a list of {@link ProductView}, behind its tag. */
    static final ValueSchema SCHEMA = ValueSchema.of(ProductView.class);
    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final RedisLock locks;
    private final FeaturedService featured;
    private final FeaturedKeys keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final FeaturedConfig config;
    private final boolean enabled;

    public FeaturedCache(RedisDataSource redis, RedisGuard guard, RedisLock locks, FeaturedService featured,
            FeaturedKeys keys, CacheMetrics metrics, JsonCodec json, FeaturedConfig config, CacheConfig cache,
            CacheSpans spans) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.locks = locks;
        this.featured = featured;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = config;
        this.enabled = cache.enabled();
        this.loads = new SingleFlight<>(NAME, metrics, spans);
    }

    public Cached<String> get() {
        Cached<String> read = enabled ? lookUp() : bypass();
        metrics.read(NAME, read.outcome());
        return read;
    }

    private Cached<String> lookUp() {
        Entry entry = guard.call("get", this::cached, () -> null);       // GET + PTTL shop:catalog:featured:products
        if (entry == null) {
            return bypass();                                             // Redis failed
        }
        if (entry.body() == null) {                                      // gone: this reader has to wait
            return loads.run(keys.featured(), () -> new Cached<>(loadAndStore(), CacheOutcome.MISS));
        }
        if (config.refreshAhead() && due(entry.remainingMillis())) {
            refreshInBackground();
        }
        return new Cached<>(entry.body(), CacheOutcome.HIT);            // at once, even while it is being refreshed
    }

    /** Older than refresh-after: the remaining TTL has fallen below the hard expiry minus refresh-after. */
    private boolean due(long remainingMillis) {
        return remainingMillis >= 0 && remainingMillis < config.ttl().minus(config.refreshAfter()).toMillis();
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;                                                      // this instance is on it already
        }
        try {
            refresher.execute(this::refresh);
        } catch (RuntimeException rejected) {                            // shutting down
            refreshing.set(false);
        }
    }

    /** On the background thread: one instance refreshes; the others find the lock held and leave it to that one. */
    void refresh() {
        RedisLock.Lease lease = locks.tryAcquire(keys.featuredRefreshLock(), config.refreshLockTtl());
        try {
            if (lease.heldElsewhere()) {
                metrics.refreshed(NAME, "elsewhere");
                return;
            }
            Entry now = guard.call("get", this::cached, () -> null);
            if (now != null && now.body() != null && !due(now.remainingMillis())) {
                lease.close();                                           // another instance refreshed it just now
                metrics.refreshed(NAME, "elsewhere");
                return;
            }
            loadAndStore();
            lease.close();
            metrics.refreshed(NAME, "done");
        } catch (RuntimeException failed) {
            // The lease stays held until its TTL: a database that is down is asked once per refresh-lock-ttl, and
            // meanwhile every reader gets the old list until the hard expiry.
            metrics.refreshed(NAME, "failed");
            LOG.warnf("Refreshing the featured products failed (%s); serving the cached list until it expires",
                    failed.getClass().getSimpleName());
        } finally {
            refreshing.set(false);
        }
    }

    private String loadAndStore() {
        String body = load();
        Duration ttl = config.refreshAhead() ? config.ttl() : config.refreshAfter();
        guard.run("set", () -> values.set(keys.featured(), SCHEMA.stored(body), new SetArgs().px(ttl)));   // no jitter
        return body;
    }

    /** After an admin's new list commits: the next read loads it. Should Redis fail, refresh-after bounds the lag. */
    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeaturedChanged change) {
        guard.run("invalidate", () -> {
            keyCommands.unlink(keys.featured());                          // UNLINK shop:catalog:featured:products
            metrics.invalidated(NAME);
        });
    }

    private Entry cached() {
        Response reply = GET_WITH_TTL.run(redis, List.of(keys.featured()));
        Response body = reply.get(0);                                    // another version's list: gone, as a miss
        return new Entry(body == null ? null : SCHEMA.body(body.toString()), reply.get(1).toLong());
    }

    private Cached<String> bypass() {
        return new Cached<>(load(), CacheOutcome.BYPASS);
    }

    private String load() {
        metrics.load(NAME);
        return json.write(featured.current());
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
