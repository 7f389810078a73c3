package org.acme.shop.stores;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.geo.GeoCommands;
import io.quarkus.redis.datasource.geo.GeoItem;
import io.quarkus.redis.datasource.geo.GeoSearchArgs;
import io.quarkus.redis.datasource.geo.GeoUnit;
import io.quarkus.redis.datasource.geo.GeoValue;
import io.quarkus.redis.datasource.keys.KeyCommands;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.cache.RedisLock;

/**
 * <b>Redis GEO</b> for a store search. The key {@code shop:stores:geo:all} mirrors the {@code store} table: member the
 * store id, position its longitude and latitude (stored as a 52-bit geohash, the score of a sorted set). A search is
 * one {@code GEOSEARCH key FROMLONLAT lon lat BYRADIUS km km ASC COUNT n WITHDIST}; then one query by primary key
 * names the stores found and, when a sku is asked for, their shelf stock. The stock stays in PostgreSQL: it changes
 * with every sale, the locations almost never.
 * <p>
 * The key is rebuilt from PostgreSQL when it is missing (expired, evicted, a new Redis): a search that finds nothing
 * checks {@code EXISTS}, and the one instance that takes a short lock rewrites the key in one {@code MULTI} while the
 * others wait briefly for it. A search that finds stores costs one round trip; one that finds none costs three
 * ({@code GEOSEARCH}, {@code EXISTS}, {@code GEOSEARCH} again, in case the key was rebuilt in between). Without Redis, PostgreSQL's rows are
 * measured here with the formula and Earth radius that Redis uses, so the answer is the same ({@code BYPASS}).
 */
@ApplicationScoped
public class StoreLocator {

    static final String NAME = "stores";
    /** Redis's Earth radius in metres (geohash_helper.c), so that a search without Redis measures as Redis does. */
    static final double EARTH_RADIUS_M = 6372797.560856;
    /** Far longer than reading a few dozen rows and one MULTI; frees the lock of an instance that died meanwhile. */
    private static final Duration LOCK_TTL = Duration.ofSeconds(2);
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final RedisDataSource redis;
    private final GeoCommands<String, String> geo;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final RedisLock locks;
    private final StoreKeys keys;
    private final CacheMetrics metrics;
    private final StoreDirectory directory;
    private final StoresConfig config;

    public StoreLocator(RedisDataSource redis, RedisGuard guard, RedisLock locks, StoreKeys keys, CacheMetrics metrics,
            StoreDirectory directory, StoresConfig config) {
        this.redis = redis;
        this.geo = redis.geo(String.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.locks = locks;
        this.keys = keys;
        this.metrics = metrics;
        this.directory = directory;
        this.config = config;
    }

    /** The stores within {@code km} of the point, nearest first, with their units of {@code sku} if it is given. */
    public Cached<StoresNearby> near(double lat, double lon, double km, String sku) {
        Cached<List<GeoValue<String>>> found = search(lat, lon, km);
        StoresNearby answer = found.outcome() == CacheOutcome.BYPASS
                ? new StoresNearby(sku, measuredHere(lat, lon, km, sku))
                : new StoresNearby(sku, named(found.value(), sku));
        metrics.read(NAME, found.outcome());
        return new Cached<>(answer, found.outcome());
    }

    /** The GEO search, rebuilding the key when it is missing; {@code null} value with BYPASS when Redis failed. */
    private Cached<List<GeoValue<String>>> search(double lat, double lon, double km) {
        List<GeoValue<String>> found = guard.call("geosearch", () -> geosearch(lat, lon, km), () -> null);
        if (found == null) {
            return new Cached<>(null, CacheOutcome.BYPASS);
        }
        if (!found.isEmpty()) {
            return new Cached<>(found, CacheOutcome.HIT);
        }
        Boolean present = guard.call("exists", () -> keyCommands.exists(keys.storeLocations()), () -> null);
        if (present == null) {
            return new Cached<>(null, CacheOutcome.BYPASS);
        }
        if (present) {
            // No store is that near, or the key was rebuilt between the two commands: search once more to be sure.
            List<GeoValue<String>> again = guard.call("geosearch", () -> geosearch(lat, lon, km), () -> null);
            return again == null ? new Cached<>(null, CacheOutcome.BYPASS) : new Cached<>(again, CacheOutcome.HIT);
        }
        rebuildOrAwait();
        List<GeoValue<String>> again = guard.call("geosearch", () -> geosearch(lat, lon, km), () -> null);
        return again == null ? new Cached<>(null, CacheOutcome.BYPASS) : new Cached<>(again, CacheOutcome.MISS);
    }

    // GEOSEARCH shop:stores:geo:all FROMLONLAT lon lat BYRADIUS km km ASC COUNT n WITHDIST
    private List<GeoValue<String>> geosearch(double lat, double lon, double km) {
        return geo.geosearch(keys.storeLocations(), new GeoSearchArgs<String>().fromCoordinate(lon, lat)
                .byRadius(km, GeoUnit.KM).ascending().count(config.maxResults()).withDistance());
    }

    /** One instance rebuilds; the others wait briefly for the key it is about to write, then search anyway. */
    private void rebuildOrAwait() {
        try (RedisLock.Lease lease = locks.tryAcquire(keys.storeLocationsLock(), LOCK_TTL)) {
            if (lease.heldElsewhere()) {
                locks.awaitHolder(NAME, MAX_WAIT, POLL_INTERVAL,
                        () -> guard.call("exists", () -> keyCommands.exists(keys.storeLocations()) ? true : null,
                                () -> null));
                return;
            }
            Boolean rebuilt = guard.call("exists", () -> keyCommands.exists(keys.storeLocations()), () -> null);
            if (!Boolean.TRUE.equals(rebuilt)) {              // not rebuilt by another instance since our EXISTS
                rebuild();
            }
        }
    }

    /**
     * Writes every store of PostgreSQL into the GEO key: {@code DEL}, {@code GEOADD} of all, {@code PEXPIRE}, in one
     * {@code MULTI}, so that a search never sees half a key. Public for the tests and for an operator's tooling.
     *
     * @return how many stores the key holds, 0 when Redis failed or there are none
     */
    public int rebuild() {
        List<StoreDirectory.Store> stores = directory.all(null);
        metrics.load(NAME);
        if (stores.isEmpty()) {
            return 0;                                         // GEOADD needs a member: nothing to mirror
        }
        @SuppressWarnings("unchecked")
        GeoItem<String>[] items = stores.stream()
                .map(store -> GeoItem.of(Long.toString(store.id()), store.longitude(), store.latitude()))
                .toArray(GeoItem[]::new);
        String key = keys.storeLocations();
        return guard.call("rebuild", () -> {
            redis.withTransaction(tx -> {                     // one key: no hash tag needed
                tx.key().del(key);
                tx.geo(String.class).geoadd(key, items);
                tx.key().pexpire(key, config.geoTtl().toMillis());
            });
            return items.length;
        }, () -> 0);
    }

    /** Names the stores found, keeping Redis's order (nearest first) and distance. */
    private List<NearbyStore> named(List<GeoValue<String>> found, String sku) {
        if (found.isEmpty()) {
            return List.of();
        }
        Map<Long, StoreDirectory.Store> stores = directory.byId(
                found.stream().map(value -> Long.parseLong(value.member())).toList(), sku);
        return found.stream()
                .filter(value -> stores.containsKey(Long.parseLong(value.member())))  // deleted since the rebuild
                .map(value -> view(stores.get(Long.parseLong(value.member())), value.distance().orElseThrow()))
                .toList();
    }

    /** Without Redis: every store from PostgreSQL, measured here (a few dozen rows; a large chain would use PostGIS). */
    private List<NearbyStore> measuredHere(double lat, double lon, double km, String sku) {
        return directory.all(sku).stream()
                .map(store -> view(store, distanceKm(lat, lon, store.latitude(), store.longitude())))
                .filter(store -> store.distanceKm() <= km)
                .sorted(Comparator.comparingDouble(NearbyStore::distanceKm))
                .limit(config.maxResults())
                .toList();
    }

    private static NearbyStore view(StoreDirectory.Store store, double distanceKm) {
        return new NearbyStore(store.id(), store.code(), store.name(), store.city(), store.latitude(),
                store.longitude(), Math.round(distanceKm * 100) / 100.0, store.units());
    }

    /** The haversine distance, as Redis computes it (geohashGetDistance). */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double u = Math.sin(Math.toRadians(lat2 - lat1) / 2);
        double v = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = u * u + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * v * v;
        return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a)) / 1000;
    }
}
