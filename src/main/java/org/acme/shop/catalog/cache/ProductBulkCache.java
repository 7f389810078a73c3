package org.acme.shop.catalog.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.JsonCodec;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductService;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.RedisTopology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * <b>Bulk reads</b>: cache-aside for many products at once (a cart, a ranking, {@code GET /api/products?ids=}). The
 * products of the ids asked, in their order, each with where it came from; a {@code null} value for an id that names no
 * product. Three round trips at most, however many ids: one {@code MGET} of every key (and of the catalog version),
 * one SQL query for all the misses, one pipeline that stores them through the same version guard as a single miss
 * ({@link ProductStore}), with a jittered TTL each, and a tombstone for an absent id at or below the highest id
 * (docs/bulk-reads.md).
 * <p>
 * Unlike {@link ProductCache#findOrLoad}, concurrent bulk misses are not coalesced: a bulk read is a page of products a
 * client asked for together, and its misses are loaded by primary key in one query. It reads Redis, never the near
 * cache.
 */
@ApplicationScoped
public class ProductBulkCache {

    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> valuesAtOnce;     // Redis Cluster: many slots, one wait
    private final RedisTopology topology;
    private final RedisGuard guard;
    private final ProductStore store;
    private final ProductService products;
    private final CatalogKeys keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CacheConfig shared;
    private final Duration redisTimeout;

    public ProductBulkCache(RedisDataSource redis, RedisGuard guard, ProductStore store, ProductService products,
            CatalogKeys keys, CacheMetrics metrics, JsonCodec json, CacheConfig shared, RedisTopology topology,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration redisTimeout) {
        this.values = redis.value(String.class);
        this.valuesAtOnce = redis.getReactive().value(String.class);
        this.topology = topology;
        this.guard = guard;
        this.store = store;
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.shared = shared;
        this.redisTimeout = redisTimeout;
    }

    /** The products of {@code ids}, in the order asked, each with where it came from. */
    public List<Cached<String>> findAll(List<Long> ids) {
        List<Cached<String>> reads = shared.enabled() ? lookUpAll(ids) : bypassAll(ids);
        reads.forEach(read -> metrics.read(ProductCache.NAME, read.outcome()));
        return reads;
    }

    private List<Cached<String>> lookUpAll(List<Long> ids) {
        List<String> keyList = new ArrayList<>(ids.size() + 1);
        ids.forEach(id -> keyList.add(keys.product(id)));
        keyList.add(keys.catalogVersion());                   // read before the load, as a single miss does
        List<String> cached = guard.call("mget", () -> mget(keyList), () -> null);   // MGET …:product:{id} … version
        if (cached == null) {
            return bypassAll(ids);                            // Redis failed: PostgreSQL answers every id
        }
        String version = Objects.requireNonNullElse(cached.getLast(), "0");
        List<Cached<String>> reads = new ArrayList<>(ids.size());
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String value = ProductStore.SCHEMA.body(cached.get(i));   // another version's value: a miss
            if (value == null) {
                missed.add(ids.get(i));
                reads.add(null);                              // filled below
            } else {
                reads.add(new Cached<>(ProductCache.TOMBSTONE.equals(value) ? null : value, CacheOutcome.HIT));
            }
        }
        if (missed.isEmpty()) {
            return reads;
        }
        Map<Long, String> loaded = loadAll(missed);           // one SQL statement for every miss
        long highest = loaded.size() < missed.size() ? products.highestId() : 0;
        List<ProductStore.Store> stores = new ArrayList<>();
        for (long id : missed) {
            String body = loaded.get(id);
            if (body != null || id <= highest) {              // no tombstone above the highest id, as for one id
                stores.add(store.of(id, body));
            }
        }
        store.store(version, stores);
        for (int i = 0; i < ids.size(); i++) {
            if (reads.get(i) == null) {
                reads.set(i, new Cached<>(loaded.get(ids.get(i)), CacheOutcome.MISS));
            }
        }
        return reads;
    }

    /** MGET: the values in the order of the keys, {@code null} where a key is missing. */
    private List<String> mget(List<String> keyList) {
        Map<String, String> found = topology.clustered() ? mgetPerSlot(keyList)
                : values.mget(keyList.toArray(String[]::new));
        return keyList.stream().map(found::get).toList();
    }

    /**
     * One {@code MGET} per hash slot, all sent before the first reply is awaited. A cluster refuses one {@code MGET}
     * over keys of several slots, and the client's own split of it returns the values in an order of its own, which
     * the typed {@code mget} would pair with the wrong keys.
     */
    private Map<String, String> mgetPerSlot(List<String> keyList) {
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        keyList.forEach(key -> bySlot.computeIfAbsent(RedisTopology.slot(key), slot -> new ArrayList<>()).add(key));
        List<Uni<Map<String, String>>> reads = bySlot.values().stream()
                .map(slotKeys -> valuesAtOnce.mget(slotKeys.toArray(String[]::new))).toList();
        Map<String, String> found = new HashMap<>();
        Uni.join().all(reads).andFailFast().await().atMost(redisTimeout).forEach(found::putAll);
        return found;
    }

    private List<Cached<String>> bypassAll(List<Long> ids) {
        Map<Long, String> loaded = loadAll(ids);
        return ids.stream().map(id -> new Cached<>(loaded.get(id), CacheOutcome.BYPASS)).toList();
    }

    /** One query for all the ids; counted as one load per id, as that many single misses would have been. */
    private Map<Long, String> loadAll(List<Long> ids) {
        ids.forEach(id -> metrics.load(ProductCache.NAME));
        Map<Long, String> bodies = new HashMap<>();
        products.findAll(ids).forEach(product -> bodies.put(product.id(), json.write(product)));
        return bodies;
    }
}
