package org.acme.shop.catalog.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import org.acme.shop.cache.TtlJitter;
import org.acme.shop.cache.ValueSchema;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductView;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.RedisTopology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores loaded products in Redis under the <b>catalog version guard</b>, for the single read ({@link ProductCache})
 * and the bulk read ({@link ProductBulkCache}) alike: a copy is kept only if no product write committed since its
 * load began. Without the guard, a reader that loaded the old row just before a write could store it just after the
 * write's invalidation, and the stale copy would live for a whole TTL. The reader reads the version first
 * ({@link #catalogVersion}), loads, then stores with that version.
 */
@ApplicationScoped
class ProductStore {

    /**
     * Stores the loaded value only if the catalog version is unchanged. {@code KEYS} the product key, the version key;
     * {@code ARGV} version at load, JSON, TTL in ms.
     */
    static final LuaScript SET_IF_VERSION_UNCHANGED = LuaScript.of("""
            if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """);

    /** What a product key holds: a {@link ProductView}'s JSON, or {@link ProductCache#TOMBSTONE}, behind its tag. */
    static final ValueSchema SCHEMA = ValueSchema.of(ProductView.class);

    /** A copy to store: key, value (tagged with {@link #SCHEMA}), TTL. */
    record Store(String key, String value, Duration ttl) {
    }

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> valuesAtOnce;     // Redis Cluster: many slots, one wait
    private final ReactiveKeyCommands<String> keysAtOnce;
    private final RedisGuard guard;
    private final RedisTopology topology;
    private final CatalogKeys keys;
    private final CatalogConfig.Cache config;
    private final CacheConfig shared;
    private final Duration redisTimeout;

    ProductStore(RedisDataSource redis, RedisGuard guard, RedisTopology topology, CatalogKeys keys,
            CatalogConfig catalog, CacheConfig shared,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration redisTimeout) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.valuesAtOnce = redis.getReactive().value(String.class);
        this.keysAtOnce = redis.getReactive().key();
        this.guard = guard;
        this.topology = topology;
        this.keys = keys;
        this.config = catalog.cache();
        this.shared = shared;
        this.redisTimeout = redisTimeout;
    }

    /** The current catalog version, {@code "0"} before the first write. Unguarded: the caller guards it. */
    String catalogVersion() {
        return Objects.requireNonNullElse(values.get(keys.catalogVersion()), "0");
    }

    /** What to store for a loaded product: its JSON with a jittered TTL, or a tombstone for an absent id. */
    Store of(long id, String body) {
        return body == null ? new Store(keys.product(id), SCHEMA.stored(ProductCache.TOMBSTONE), config.tombstoneTtl())
                : new Store(keys.product(id), SCHEMA.stored(body),
                        TtlJitter.apply(config.productTtl(), shared.ttlJitter()));
    }

    /**
     * Stores every copy that the version (read before the load) still allows: one script on a single server, one
     * pipeline of them for many; store-then-confirm on a cluster. Failures are counted by the guard and ignored: the
     * reader has its answer either way.
     */
    void store(String version, List<Store> stores) {
        if (stores.isEmpty()) {
            return;
        }
        if (topology.clustered()) {                           // the version lives in another slot: see below
            storeThenConfirm(version, stores);
        } else if (stores.size() == 1) {
            Store store = stores.getFirst();
            guard.run("set", () -> SET_IF_VERSION_UNCHANGED.run(redis, List.of(store.key(), keys.catalogVersion()),
                    version, store.value(), Long.toString(store.ttl().toMillis())));
        } else {
            List<LuaScript.Call> calls = stores.stream().map(store -> new LuaScript.Call(
                    List.of(store.key(), keys.catalogVersion()),
                    List.of(version, store.value(), Long.toString(store.ttl().toMillis())))).toList();
            guard.run("set", () -> SET_IF_VERSION_UNCHANGED.runPipelined(redis, calls, redisTimeout));
        }
    }

    /**
     * The version guard on a Redis Cluster. The catalog version lives in one slot and each product key in its own, so
     * no script can read the one and write the other ({@code SET_IF_VERSION_UNCHANGED} needs a single server). Instead:
     * store each copy with a short provisional TTL, read the version again, then give the copies their real TTL if it
     * is unchanged, or remove them if a write committed since the load began. A write bumps the version before it
     * removes the key ({@link CatalogInvalidation}): either its {@code UNLINK} comes after our {@code SET} and removes
     * the old copy, or its {@code INCR} came before our second read, which then sees it. The price of the cluster: an
     * old copy that raced a write can be read for one round trip before it is removed, and for at most
     * {@code catalog.cache.cluster-provisional-ttl} if Redis fails before the confirmation.
     */
    private void storeThenConfirm(String version, List<Store> stores) {
        SetArgs provisional = new SetArgs().px(config.clusterProvisionalTtl());
        guard.run("set", () -> {
            awaitAll(stores.stream().map(store -> valuesAtOnce.set(store.key(), store.value(), provisional)).toList());
            boolean unchanged = version.equals(catalogVersion());
            awaitAll(stores.stream().map(store -> unchanged ? keysAtOnce.pexpire(store.key(), store.ttl())
                    .replaceWithVoid() : keysAtOnce.unlink(store.key()).replaceWithVoid()).toList());
        });
    }

    /** Waits for commands sent together (to the slots' nodes at once), at most the Redis timeout. */
    private void awaitAll(List<Uni<Void>> commands) {
        Uni.join().all(commands).andFailFast().await().atMost(redisTimeout);
    }
}
