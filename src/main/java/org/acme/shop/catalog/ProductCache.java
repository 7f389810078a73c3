package org.acme.shop.catalog;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.acme.shop.common.CacheConfig;
import org.acme.shop.common.CacheMetrics;
import org.acme.shop.common.JsonCodec;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.TtlJitter;

/**
 * <b>Cache-aside</b> for single products. The hit path runs on the event loop and never touches the database; a miss
 * loads the row on a worker thread (JDBC blocks) and stores its JSON with a jittered TTL. An absent id is cached too,
 * as a short-lived tombstone, so that a client asking again and again for it does not reach PostgreSQL each time.
 */
@ApplicationScoped
public class ProductCache {

    static final String NAME = "product";
    /** What a tombstone holds: the JSON literal {@code null}, which no product serialises to. */
    static final String TOMBSTONE = "null";

    /**
     * Stores the loaded value only if no product write has committed since the load began (the catalog version is
     * unchanged). Without it, a reader that loaded the old row just before a write could store it just after the
     * write's invalidation, and the stale copy would live for a whole TTL.
     */
    static final String SET_IF_VERSION_UNCHANGED = """
            if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """;

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final ProductService products;
    private final KeySpace keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CatalogConfig.Cache config;
    private final Duration timeout;
    private final StampedeProtection stampede;

    public ProductCache(ReactiveRedisDataSource redis, ProductService products, KeySpace keys, CacheMetrics metrics,
            JsonCodec json, CatalogConfig catalog, CacheConfig cache, StampedeProtection stampede) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = catalog.cache();
        this.timeout = cache.redisTimeout();
        this.stampede = stampede;
    }

    public Uni<CacheRead> findOrLoad(long id) {
        if (!config.enabled()) {
            return bypass(id);
        }
        String key = keys.product(id);
        return values.get(key)                                            // GET shop:catalog:product:{id}
                .ifNoItem().after(timeout).fail()
                .onItemOrFailure().transformToUni((cached, redisFailure) -> {
                    if (redisFailure != null) {
                        metrics.redisError("get", redisFailure);
                        return bypass(id);                                // Redis down or slow: Postgres answers
                    }
                    if (cached != null) {
                        metrics.hit(NAME);                                // the database is not asked
                        return Uni.createFrom().item(new CacheRead(orNull(cached), CacheRead.Source.HIT));
                    }
                    metrics.miss(NAME);
                    return stampede.loadOnce(id, key, () -> loadAndStore(id, key));   // one load, not one per request
                });
    }

    private Uni<CacheRead> loadAndStore(long id, String key) {
        return catalogVersion()                                           // read before the load, compared on store
                .chain(version -> load(id).call(body -> store(key, version, body)))
                .map(body -> new CacheRead(body, CacheRead.Source.MISS));
    }

    /** The current catalog version ("0" before the first write), or {@code null} when Redis cannot say. */
    private Uni<String> catalogVersion() {
        return values.get(keys.catalogVersion())
                .ifNoItem().after(timeout).fail()
                .map(version -> version == null ? "0" : version)
                .onFailure().recoverWithNull();
    }

    private Uni<Void> store(String key, String versionAtLoad, String body) {
        if (versionAtLoad == null) {
            return Uni.createFrom().voidItem();                         // version unknown: storing could go stale
        }
        Duration ttl = body == null ? config.tombstoneTtl() : TtlJitter.apply(config.productTtl(), config.ttlJitter());
        return redis.execute("EVAL", SET_IF_VERSION_UNCHANGED, "2", key, keys.catalogVersion(),
                        versionAtLoad, body == null ? TOMBSTONE : body, Long.toString(ttl.toMillis()))
                .ifNoItem().after(timeout).fail()
                .onFailure().invoke(failure -> metrics.redisError("set", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<CacheRead> bypass(long id) {
        metrics.bypass(NAME);
        return load(id).map(body -> new CacheRead(body, CacheRead.Source.BYPASS));
    }

    /** JDBC blocks, so the load leaves the event loop for a worker thread. */
    private Uni<String> load(long id) {
        return Uni.createFrom().item(() -> {
                    metrics.load(NAME);
                    return products.find(id).map(json::write).orElse(null);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static String orNull(String cached) {
        return TOMBSTONE.equals(cached) ? null : cached;
    }
}
