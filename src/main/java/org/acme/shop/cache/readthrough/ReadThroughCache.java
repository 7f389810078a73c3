package org.acme.shop.cache.readthrough;

import java.time.Duration;
import java.util.function.Function;

import io.quarkus.redis.datasource.value.SetArgs;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.SingleFlight;
import org.acme.shop.cache.TtlJitter;
import org.acme.shop.cache.ValueSchema;

/**
 * <b>Read-through</b>: the cache owns its loader. A caller asks {@link #get} for an id and never sees the database;
 * the cache looks in Redis, and on a miss loads (once per key, however many callers missed it), stores the JSON with
 * a jittered TTL and answers. Compare cache-aside ({@code ProductCache}), where each caller runs look-up, load and
 * store itself and can forget a step.
 * <p>
 * The key is computed inside the guard because it may come from Redis itself: the category list lives under the
 * current catalog version's key. A loader answering {@code null} (nothing by that id) is not cached, so that walking
 * made-up ids cannot fill Redis. When Redis fails, the loader answers ({@code BYPASS}).
 *
 * @param <K> what a caller asks for (a slug, or {@code Void} for a single list)
 */
public final class ReadThroughCache<K> {

    private final SingleFlight<String, Cached<String>> loads;
    private final String name;
    private final Duration ttl;
    private final Function<K, String> keyOf;
    private final Function<K, Object> loader;
    private final ValueSchema schema;
    private final ReadThroughCaches shared;   // command group, guard, lock, metrics, codec, settings: one set for all

    ReadThroughCache(ReadThroughCaches shared, String name, Duration ttl, Function<K, String> keyOf,
            Function<K, Object> loader, ValueSchema schema) {
        this.shared = shared;
        this.name = name;
        this.ttl = ttl;
        this.keyOf = keyOf;
        this.loader = loader;
        this.schema = schema;
        this.loads = new SingleFlight<>(name, shared.metrics, shared.spans);
    }

    /** The JSON of what {@code id} names ({@code null} if nothing), and where it came from. */
    public Cached<String> get(K id) {
        Cached<String> read = shared.config.enabled() ? lookUp(id) : bypass(id);
        shared.metrics.read(name, read.outcome());
        return read;
    }

    private Cached<String> lookUp(K id) {
        String key = shared.guard.call("get", () -> keyOf.apply(id), () -> null);
        if (key == null) {
            return bypass(id);                                 // Redis failed while naming the key
        }
        Cached<String> hit = shared.spans.step(CacheSpans.REDIS_LOOKUP, name,
                () -> shared.guard.call("get", () -> cached(key), () -> bypass(id)), CacheSpans::outcomeOf);
        if (hit != null) {
            return hit;                                        // HIT, or BYPASS when Redis failed
        }
        return loads.run(key, () -> loadUnderLock(id, key));   // one load per key and instance
    }

    /** Across instances: one loader holds the lock; the others wait briefly for the key it is about to write. */
    private Cached<String> loadUnderLock(K id, String key) {
        CacheConfig.Stampede stampede = shared.config.stampede();
        return shared.locks.lookOrLoadOnce(name, shared.keys.readThroughLock(key), stampede.lockTtl(),
                stampede.maxWait(), stampede.pollInterval(),
                () -> shared.guard.call("get", () -> cached(key), () -> null), () -> loadAndStore(id, key));
    }

    private Cached<String> loadAndStore(K id, String key) {
        String body = load(id);
        if (body != null) {
            SetArgs expiry = new SetArgs().px(TtlJitter.apply(ttl, shared.config.ttlJitter()));
            shared.spans.run(CacheSpans.STORE, name,
                    () -> shared.guard.run("set", () -> shared.values.set(key, schema.stored(body), expiry)));
        }
        return new Cached<>(body, CacheOutcome.MISS);
    }

    /** A hit, or {@code null}: nothing stored, or what another version of the code wrote (a miss). */
    private Cached<String> cached(String key) {
        String cached = schema.body(shared.values.get(key));
        return cached == null ? null : new Cached<>(cached, CacheOutcome.HIT);
    }

    private Cached<String> bypass(K id) {
        return new Cached<>(load(id), CacheOutcome.BYPASS);
    }

    private String load(K id) {
        shared.metrics.load(name);
        Object value = shared.spans.step(CacheSpans.LOAD, name, () -> loader.apply(id));
        return value == null ? null : shared.json.write(value);
    }
}
