package org.acme.shop.cache.readthrough;

import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.cache.JsonCodec;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.cache.RedisLock;
import org.acme.shop.cache.ValueSchema;

/**
 * Builds {@link ReadThroughCache}s: each feature declares its cache once, in its constructor, with the cache's name
 * (in the metrics), TTL, key and loader, and from then on only asks it. The Redis command group is taken once, here.
 */
@ApplicationScoped
public class ReadThroughCaches {

    final ValueCommands<String, String> values;
    final RedisGuard guard;
    final RedisLock locks;
    final KeySpace keys;
    final CacheMetrics metrics;
    final JsonCodec json;
    final CacheConfig config;
    final CacheSpans spans;

    public ReadThroughCaches(RedisDataSource redis, RedisGuard guard, RedisLock locks, KeySpace keys,
            CacheMetrics metrics, JsonCodec json, CacheConfig config, CacheSpans spans) {
        this.values = redis.value(String.class);
        this.guard = guard;
        this.locks = locks;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = config;
        this.spans = spans;
    }

    /**
     * @param name the {@code cache} label of {@code cache_gets_total} and {@code cache_loads_total}
     * @param keyOf the Redis key of an id, from {@link KeySpace}; it may read Redis (a versioned key)
     * @param loader reads PostgreSQL; {@code null} when nothing has this id (then nothing is cached)
     * @param schemaOf the type the loader's JSON is written from (for a list, its element): {@link ValueSchema}
     */
    public <K> ReadThroughCache<K> create(String name, Duration ttl, Function<K, String> keyOf,
            Function<K, Object> loader, Class<?> schemaOf) {
        return new ReadThroughCache<>(this, name, ttl, keyOf, loader, ValueSchema.of(schemaOf));
    }
}
