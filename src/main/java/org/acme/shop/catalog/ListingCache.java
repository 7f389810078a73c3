package org.acme.shop.catalog;

import java.util.function.LongFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.CacheOutcome;
import org.acme.shop.common.Cached;
import org.acme.shop.common.JsonCodec;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.RedisGuard;
import org.acme.shop.common.TtlJitter;

/**
 * Cache-aside for listings (product pages, the category list) under <b>versioned keys</b>. Every key embeds the
 * current value of the catalog version counter; a product write increments the counter, and from then on readers
 * look up keys that do not exist yet. The retired keys are never deleted one by one (no {@code KEYS}, no
 * {@code SCAN}): nobody reads them any more and their short TTL removes them.
 * <p>
 * A listing loaded from an old version is stored under the old version's key, where nobody looks: versioned keys need
 * no guard against a slow reader, and no stampede protection beyond their short TTL.
 */
@ApplicationScoped
public class ListingCache {

    private final ValueCommands<String, String> values;
    private final RedisGuard guard;
    private final ProductService products;
    private final KeySpace keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CatalogConfig.Cache config;

    public ListingCache(RedisDataSource redis, RedisGuard guard, ProductService products, KeySpace keys,
            CacheMetrics metrics, JsonCodec json, CatalogConfig catalog) {
        this.values = redis.value(String.class);
        this.guard = guard;
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = catalog.cache();
    }

    public Cached<String> page(String category, int page, int size) {
        return findOrLoad("products", version -> keys.productPage(version, category, page, size),
                () -> products.page(category, page, size));
    }

    public Cached<String> categories() {
        return findOrLoad("categories", keys::categories, products::categories);
    }

    private Cached<String> findOrLoad(String cache, LongFunction<String> keyOfVersion, Supplier<Object> loader) {
        Cached<String> read = config.enabled() ? lookUp(cache, keyOfVersion, loader) : bypass(cache, loader);
        metrics.read(cache, read.outcome());
        return read;
    }

    private Cached<String> lookUp(String cache, LongFunction<String> keyOfVersion, Supplier<Object> loader) {
        Long version = guard.call("get", this::catalogVersion, () -> null);          // GET …:products:version
        if (version == null) {
            return bypass(cache, loader);
        }
        String key = keyOfVersion.apply(version);
        Cached<String> hit = guard.call("get", () -> cached(key), () -> bypass(cache, loader));   // GET …:v{N}:…
        if (hit != null) {
            return hit;                                       // HIT, or BYPASS when Redis failed
        }
        String body = load(cache, loader);
        guard.run("set", () -> values.set(key, body,
                new SetArgs().px(TtlJitter.apply(config.listingTtl(), config.ttlJitter()))));
        return new Cached<>(body, CacheOutcome.MISS);
    }

    /** The current catalog version, 0 before the first write. */
    private long catalogVersion() {
        String version = values.get(keys.catalogVersion());
        return version == null ? 0 : Long.parseLong(version);
    }

    private Cached<String> cached(String key) {
        String cached = values.get(key);
        return cached == null ? null : new Cached<>(cached, CacheOutcome.HIT);
    }

    private Cached<String> bypass(String cache, Supplier<Object> loader) {
        return new Cached<>(load(cache, loader), CacheOutcome.BYPASS);
    }

    private String load(String cache, Supplier<Object> loader) {
        metrics.load(cache);
        return json.write(loader.get());
    }
}
