package org.acme.shop.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.CacheMetrics;
import org.acme.shop.redis.CacheOutcome;
import org.acme.shop.redis.Cached;
import org.acme.shop.redis.JsonCodec;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.RedisLock;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.redis.SingleFlight;
import org.acme.shop.redis.TtlJitter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * <b>Cache-aside</b> for single products, with <b>stampede protection</b> on the miss path. A hit is one {@code GET}
 * and never touches the database. A miss loads the row and stores its JSON with a jittered TTL; an absent id is
 * cached too, as a short-lived tombstone, so that a client asking again and again for it does not reach PostgreSQL
 * each time; but only an id at or below the highest id in the table (a deleted product, a gap), never one above it,
 * so that walking random ids cannot fill Redis with tombstones. When Redis is unavailable, PostgreSQL answers
 * ({@code BYPASS}).
 * <p>
 * The miss path reads top to bottom: concurrent misses of one id in this instance share one load
 * ({@link SingleFlight}); across instances, the loader holds a short Redis lock and the others wait briefly for the key
 * it is about to write ({@link RedisLock}); the load reads the catalog version first and stores only if no write
 * committed meanwhile.
 * <p>
 * The read of one product goes through the <b>near cache</b> first (L1, this instance's memory, {@link NearCache}):
 * {@link #findInNear} on the event loop ({@link ProductResource#get} answers an L1 hit there), and only the rest of the
 * path, {@link #findInRedisOrDatabase}, on a worker thread; {@link #findOrLoad} is both, for a caller that may block.
 * <p>
 * {@link #findAll} is the same pattern for many ids at once (a cart, a ranking, {@code GET /api/products?ids=}): one
 * {@code MGET}, one query for the misses, one pipeline of guarded stores (docs/bulk-reads.md).
 */
@ApplicationScoped
public class ProductCache {

    public static final String NAME = "product";
    /** What a tombstone holds: the JSON literal {@code null}, which no product serialises to. */
    public static final String TOMBSTONE = "null";

    /**
     * Stores the loaded value only if no product write has committed since the load began (the catalog version is
     * unchanged). Without it, a reader that loaded the old row just before a write could store it just after the
     * write's invalidation, and the stale copy would live for a whole TTL.
     * <p>
     * {@code KEYS} the product key, the version key; {@code ARGV} version at load, JSON, TTL in ms.
     */
    static final LuaScript SET_IF_VERSION_UNCHANGED = LuaScript.of("""
            if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """);

    private final SingleFlight<Long, Cached<String>> loads = new SingleFlight<>();
    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> valuesAtOnce;     // Redis Cluster: many slots, one wait
    private final ReactiveKeyCommands<String> keysAtOnce;
    private final RedisTopology topology;
    private final RedisGuard guard;
    private final RedisLock locks;
    private final ProductService products;
    private final CatalogKeys keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CatalogConfig.Cache config;
    private final CacheConfig shared;
    private final Duration redisTimeout;
    private final NearCache near;

    public ProductCache(RedisDataSource redis, RedisGuard guard, RedisLock locks, ProductService products,
            CatalogKeys keys, CacheMetrics metrics, JsonCodec json, CatalogConfig catalog, CacheConfig shared, NearCache near,
            RedisTopology topology, @ConfigProperty(name = "quarkus.redis.timeout") Duration redisTimeout) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.valuesAtOnce = redis.getReactive().value(String.class);
        this.keysAtOnce = redis.getReactive().key();
        this.topology = topology;
        this.guard = guard;
        this.locks = locks;
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = catalog.cache();
        this.shared = shared;
        this.redisTimeout = redisTimeout;
        this.near = near;
    }

    /**
     * The product's JSON ({@code null} if no product has this id), and where it came from: L1, then Redis, then
     * PostgreSQL. For a caller that may block (a worker thread: the cart).
     */
    public Cached<String> findOrLoad(long id) {
        Cached<String> held = findInNear(id);
        return held != null ? held : findInRedisOrDatabase(id);
    }

    /**
     * L1, this instance's memory: never blocks, never sends a command, so the event loop may ask
     * ({@link ProductResource#get}). {@code null} when not held.
     */
    public Cached<String> findInNear(long id) {
        Cached<String> held = shared.enabled() ? near.get(id) : null;
        if (held != null) {
            metrics.read(NAME, held.outcome());
        }
        return held;
    }

    /**
     * L2 (Redis), then PostgreSQL. A Redis hit fills L1, unless a push invalidated the id while it was being fetched
     * (the ticket, taken first, says so; see {@link NearCache}). A miss does not: storing the loaded row in Redis is
     * itself a change under the tracked prefix, whose push would evict the entry again; the next read, a Redis hit,
     * fills it. Blocks: a worker thread only ({@code GET /api/products/{id}} once {@link #findInNear} found nothing
     * in L1).
     */
    public Cached<String> findInRedisOrDatabase(long id) {
        Cached<String> read;
        if (shared.enabled()) {
            NearCache.Ticket ticket = near.ticket(id);        // null while L1 is off or not tracking
            read = lookUp(id);
            if (read.outcome() == CacheOutcome.HIT) {
                near.fill(ticket, read.found() ? read.value() : TOMBSTONE);
            }
        } else {
            read = bypass(id);
        }
        metrics.read(NAME, read.outcome());
        return read;
    }

    private Cached<String> lookUp(long id) {
        String key = keys.product(id);
        Cached<String> hit = guard.call("get", () -> cached(key), () -> bypass(id));  // GET shop:catalog:product:{id}
        if (hit != null) {
            return hit;                                       // HIT, or BYPASS when Redis failed
        }
        if (!shared.stampede().enabled()) {
            return loadAndStore(id, key);
        }
        return loads.run(id, () -> loadUnderLock(id, key));  // one load per instance, however many missed
    }

    /** Across instances: one loader holds the lock; the others wait briefly for the key it is about to write. */
    private Cached<String> loadUnderLock(long id, String key) {
        CacheConfig.Stampede stampede = shared.stampede();
        try (RedisLock.Lease lease = locks.tryAcquire(keys.productLock(id), stampede.lockTtl())) {
            if (lease.heldElsewhere()) {
                Cached<String> filled = locks.awaitHolder(stampede.maxWait(), stampede.pollInterval(),
                        () -> guard.call("get", () -> cached(key), () -> null));
                if (filled != null) {
                    return filled;
                }                                             // the holder is too slow or died: load anyway
            }
            return loadAndStore(id, key);
        }                                                     // the lease releases the lock if we took it
    }

    private Cached<String> loadAndStore(long id, String key) {
        String version = guard.call("get", this::catalogVersion, () -> null);     // read before the load
        String body = load(id);
        // No tombstone above the highest id: there are as many ids below it as the table ever handed out, but no end
        // of ids above it. A product created later under such an id removes nothing, since nothing was cached.
        boolean store = body != null || id <= products.highestId();
        if (version != null && store) {                       // unknown version: storing could go stale
            Duration ttl = body == null ? config.tombstoneTtl()
                    : TtlJitter.apply(config.productTtl(), shared.ttlJitter());
            String value = body == null ? TOMBSTONE : body;
            if (topology.clustered()) {                       // the version lives in another slot: see below
                storeThenConfirm(version, List.of(new Store(key, value, ttl)));
            } else {
                guard.run("set", () -> SET_IF_VERSION_UNCHANGED.run(redis, List.of(key, keys.catalogVersion()),
                        version, value, Long.toString(ttl.toMillis())));
            }
        }
        return new Cached<>(body, CacheOutcome.MISS);
    }

    // --- bulk read: many ids, one screen -------------------------------------------------------------------------

    /**
     * The products of {@code ids}, in the order asked, each with where it came from; a {@code null} value for an id
     * that names no product. Three round trips at most, however many ids: one {@code MGET} of every key (and of the
     * catalog version), one SQL query for all the misses, one pipeline that stores them through the same version
     * guard as a single miss, with a jittered TTL each, and a tombstone for an absent id at or below the highest id.
     * <p>
     * Unlike {@link #findOrLoad}, concurrent bulk misses are not coalesced: a bulk read is a page of products a client
     * asked for together (a cart, a best-seller list), and its misses are loaded by primary key in one query.
     */
    public List<Cached<String>> findAll(List<Long> ids) {
        List<Cached<String>> reads = shared.enabled() ? lookUpAll(ids) : bypassAll(ids);
        reads.forEach(read -> metrics.read(NAME, read.outcome()));
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
            String value = cached.get(i);
            if (value == null) {
                missed.add(ids.get(i));
                reads.add(null);                              // filled below
            } else {
                reads.add(new Cached<>(TOMBSTONE.equals(value) ? null : value, CacheOutcome.HIT));
            }
        }
        if (missed.isEmpty()) {
            return reads;
        }
        Map<Long, String> loaded = loadAll(missed);           // one SQL statement for every miss
        long highest = loaded.size() < missed.size() ? products.highestId() : 0;
        List<Store> stores = new ArrayList<>();
        for (long id : missed) {
            String body = loaded.get(id);
            if (body != null || id <= highest) {              // no tombstone above the highest id, as for one id
                Duration ttl = body == null ? config.tombstoneTtl()
                        : TtlJitter.apply(config.productTtl(), shared.ttlJitter());
                stores.add(new Store(keys.product(id), body == null ? TOMBSTONE : body, ttl));
            }
        }
        if (topology.clustered()) {
            storeThenConfirm(version, stores);
        } else {
            List<LuaScript.Call> calls = stores.stream().map(store -> new LuaScript.Call(
                    List.of(store.key(), keys.catalogVersion()),
                    List.of(version, store.value(), Long.toString(store.ttl().toMillis())))).toList();
            guard.run("set", () -> SET_IF_VERSION_UNCHANGED.runPipelined(redis, calls, redisTimeout));
        }
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

    // --- Redis Cluster: one MGET per slot; store, confirm the version, then keep ---------------------------------------

    /** A copy to store: key, value, TTL. */
    private record Store(String key, String value, Duration ttl) {
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
        if (stores.isEmpty()) {
            return;
        }
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

    private List<Cached<String>> bypassAll(List<Long> ids) {
        Map<Long, String> loaded = loadAll(ids);
        return ids.stream().map(id -> new Cached<>(loaded.get(id), CacheOutcome.BYPASS)).toList();
    }

    /** One query for all the ids; counted as one load per id, as that many single misses would have been. */
    private Map<Long, String> loadAll(List<Long> ids) {
        ids.forEach(id -> metrics.load(NAME));
        Map<Long, String> bodies = new HashMap<>();
        products.findAll(ids).forEach(product -> bodies.put(product.id(), json.write(product)));
        return bodies;
    }

    /** A hit ({@code null} value for a tombstone), or {@code null} when the key is not there. */
    private Cached<String> cached(String key) {
        String cached = values.get(key);
        if (cached == null) {
            return null;
        }
        return new Cached<>(TOMBSTONE.equals(cached) ? null : cached, CacheOutcome.HIT);
    }

    /** The current catalog version, {@code "0"} before the first write. */
    private String catalogVersion() {
        return Objects.requireNonNullElse(values.get(keys.catalogVersion()), "0");
    }

    private Cached<String> bypass(long id) {
        return new Cached<>(load(id), CacheOutcome.BYPASS);
    }

    private String load(long id) {
        metrics.load(NAME);
        return products.find(id).map(json::write).orElse(null);
    }
}
