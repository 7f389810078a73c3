package org.acme.shop.catalog;

import java.time.Duration;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.acme.shop.common.CacheConfig;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.JsonCodec;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.TtlJitter;

/**
 * Cache-aside for listings (product pages, the category list) under <b>versioned keys</b>. Every key embeds the
 * current value of the catalog version counter; a product write increments the counter, and from then on readers
 * look up keys that do not exist yet. The retired keys are never deleted one by one (no {@code KEYS}, no
 * {@code SCAN}): nobody reads them any more and their short TTL removes them.
 */
@ApplicationScoped
public class ListingCache {

    private final ReactiveValueCommands<String, String> values;
    private final ProductService products;
    private final KeySpace keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CatalogConfig.Cache config;
    private final Duration timeout;

    public ListingCache(ReactiveRedisDataSource redis, ProductService products, KeySpace keys, CacheMetrics metrics,
            JsonCodec json, CatalogConfig catalog, CacheConfig cache) {
        this.values = redis.value(String.class);
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = catalog.cache();
        this.timeout = cache.redisTimeout();
    }

    public Uni<CacheRead> page(String category, int page, int size) {
        return findOrLoad("products", version -> keys.productPage(version, category, page, size),
                () -> products.page(category, page, size));
    }

    public Uni<CacheRead> categories() {
        return findOrLoad("categories", keys::categories, products::categories);
    }

    private Uni<CacheRead> findOrLoad(String cache, LongFunction<String> keyOfVersion, Supplier<Object> loader) {
        if (!config.enabled()) {
            return bypass(cache, loader);
        }
        return values.get(keys.catalogVersion())                            // GET shop:catalog:products:version
                .map(version -> keyOfVersion.apply(version == null ? 0 : Long.parseLong(version)))
                .chain(key -> values.get(key).map(cached -> new Lookup(key, cached)))  // GET …:v{N}:…
                .ifNoItem().after(timeout.multipliedBy(2)).fail()
                .onItemOrFailure().transformToUni((lookup, redisFailure) -> {
                    if (redisFailure != null) {
                        metrics.redisError("get", redisFailure);
                        return bypass(cache, loader);
                    }
                    if (lookup.cached() != null) {
                        metrics.hit(cache);
                        return Uni.createFrom().item(new CacheRead(lookup.cached(), CacheRead.Source.HIT));
                    }
                    metrics.miss(cache);
                    return load(loader)
                            .call(body -> store(lookup.key(), body))
                            .map(body -> new CacheRead(body, CacheRead.Source.MISS));
                });
    }

    private record Lookup(String key, String cached) {
    }

    private Uni<Void> store(String key, String body) {
        Duration ttl = TtlJitter.apply(config.listingTtl(), config.ttlJitter());
        return values.set(key, body, new SetArgs().px(ttl))
                .ifNoItem().after(timeout).fail()
                .onFailure().invoke(failure -> metrics.redisError("set", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<CacheRead> bypass(String cache, Supplier<Object> loader) {
        metrics.bypass(cache);
        return load(loader).map(body -> new CacheRead(body, CacheRead.Source.BYPASS));
    }

    /** JDBC blocks, so the load leaves the event loop for a worker thread. */
    private Uni<String> load(Supplier<Object> loader) {
        return Uni.createFrom().item(() -> json.write(loader.get()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
