package org.acme.shop.catalog.listing;

import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.JsonCodec;
import org.acme.shop.cache.RedisLock;
import org.acme.shop.cache.SingleFlight;
import org.acme.shop.cache.TtlJitter;
import org.acme.shop.cache.ValueSchema;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductPage;
import org.acme.shop.catalog.ProductService;
import org.acme.shop.catalog.cache.ProductCache;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.RedisGuard;

/**
 * Cache-aside for the product listing pages under <b>versioned keys</b> (the category list shares the scheme, served
 * read-through by {@link CategoryCache}). Every key embeds the current value of the catalog version counter; a
 * product write increments the counter, and from then on readers look up keys that do not exist yet. The retired keys are never deleted one by one (no {@code KEYS}, no
 * {@code SCAN}): nobody reads them any more and their short TTL removes them.
 * <p>
 * A listing loaded from an old version is stored under the old version's key, where nobody looks: versioned keys need
 * no guard against a slow reader. They do need <b>stampede protection</b>: every product write makes every listing a
 * miss at once, so the miss path is the product's ({@link ProductCache}): concurrent misses of one key share one
 * load in this instance ({@link SingleFlight}), and across instances one loader holds a short Redis lock while the
 * others wait briefly for its key ({@link RedisLock}).
 * <p>
 * Only pages a client can be expected to read again are cached: the page sizes of
 * {@code catalog.cache.listing-page-sizes}, pages up to {@code catalog.cache.listing-max-page}, and categories that
 * have a product. Any other page is served from PostgreSQL ({@code X-Cache: BYPASS}), so walking sizes, page numbers
 * and made-up {@code ?category=} values cannot fill Redis. Whether a category has a product is known once its page is
 * loaded (its {@code totalItems}), so the check costs the hit path nothing; the query behind it uses an index on
 * {@code lower(category)} (migration {@code V12}).
 */
@ApplicationScoped
public class ListingCache {

    /** What a page key holds: a {@link ProductPage}'s JSON, behind its tag. */
    private static final ValueSchema SCHEMA = ValueSchema.of(ProductPage.class);

    private final SingleFlight<String, Cached<String>> loads;
    private final ValueCommands<String, String> values;
    private final RedisGuard guard;
    private final RedisLock locks;
    private final ProductService products;
    private final CatalogKeys keys;
    private final CacheMetrics metrics;
    private final JsonCodec json;
    private final CatalogConfig.Cache config;
    private final CacheConfig shared;
    private final CacheSpans spans;

    public ListingCache(RedisDataSource redis, RedisGuard guard, RedisLock locks, ProductService products,
            CatalogKeys keys, CacheMetrics metrics, JsonCodec json, CatalogConfig catalog,
            CacheConfig shared, CacheSpans spans) {
        this.values = redis.value(String.class);
        this.guard = guard;
        this.locks = locks;
        this.products = products;
        this.keys = keys;
        this.metrics = metrics;
        this.json = json;
        this.config = catalog.cache();
        this.shared = shared;
        this.spans = spans;
        this.loads = new SingleFlight<>("products", metrics, spans);
    }

    public Cached<String> page(String category, int page, int size) {
        Supplier<ProductPage> loader = () -> products.page(category, page, size);
        boolean cacheable = config.listingPageSizes().contains(size) && page <= config.listingMaxPage();
        return findOrLoad("products", cacheable, version -> keys.productPage(version, category, page, size), loader,
                loaded -> category == null || loaded.totalItems() > 0);
    }

    private Cached<String> findOrLoad(String cache, boolean cacheable, LongFunction<String> keyOfVersion,
            Supplier<ProductPage> loader, Predicate<ProductPage> worthStoring) {
        Cached<String> read = shared.enabled() && cacheable ? lookUp(cache, keyOfVersion, loader, worthStoring)
                : bypass(cache, loader);
        metrics.read(cache, read.outcome());
        return read;
    }

    private Cached<String> lookUp(String cache, LongFunction<String> keyOfVersion, Supplier<ProductPage> loader,
            Predicate<ProductPage> worthStoring) {
        Long version = guard.call("get", this::catalogVersion, () -> null);          // GET …:products:version
        if (version == null) {
            return bypass(cache, loader);
        }
        String key = keyOfVersion.apply(version);
        Cached<String> hit = spans.step(CacheSpans.REDIS_LOOKUP, cache,                             // GET …:v{N}:…
                () -> guard.call("get", () -> cached(key), () -> bypass(cache, loader)), CacheSpans::outcomeOf);
        if (hit != null) {
            return hit;                                       // HIT, or BYPASS when Redis failed
        }
        if (!shared.stampede().enabled()) {
            return loadAndStore(cache, key, loader, worthStoring);
        }
        return loads.run(key, () -> loadUnderLock(cache, key, loader, worthStoring));   // one load per key and instance
    }

    /** Across instances: one loader holds the lock; the others wait briefly for the key it is about to write. */
    private Cached<String> loadUnderLock(String cache, String key, Supplier<ProductPage> loader,
            Predicate<ProductPage> worthStoring) {
        CacheConfig.Stampede stampede = shared.stampede();
        return locks.lookOrLoadOnce(cache, keys.listingLock(key), stampede.lockTtl(), stampede.maxWait(),
                stampede.pollInterval(), () -> guard.call("get", () -> cached(key), () -> null),
                () -> loadAndStore(cache, key, loader, worthStoring));
    }

    private Cached<String> loadAndStore(String cache, String key, Supplier<ProductPage> loader,
            Predicate<ProductPage> worthStoring) {
        metrics.load(cache);
        ProductPage loaded = spans.step(CacheSpans.LOAD, cache, loader);
        String body = json.write(loaded);
        if (!worthStoring.test(loaded)) {
            return new Cached<>(body, CacheOutcome.BYPASS);     // a category no product has: never a key of its own
        }
        spans.run(CacheSpans.STORE, cache, () -> guard.run("set", () -> values.set(key, SCHEMA.stored(body),
                new SetArgs().px(TtlJitter.apply(config.listingTtl(), shared.ttlJitter())))));
        return new Cached<>(body, CacheOutcome.MISS);
    }

    /** The current catalog version, 0 before the first write. */
    private long catalogVersion() {
        String version = values.get(keys.catalogVersion());
        return version == null ? 0 : Long.parseLong(version);
    }

    /** A page, or {@code null}: none stored, or one that another version of the code wrote (a miss). */
    private Cached<String> cached(String key) {
        String cached = SCHEMA.body(values.get(key));
        return cached == null ? null : new Cached<>(cached, CacheOutcome.HIT);
    }

    private Cached<String> bypass(String cache, Supplier<ProductPage> loader) {
        metrics.load(cache);
        return new Cached<>(json.write(spans.step(CacheSpans.LOAD, cache, loader)), CacheOutcome.BYPASS);
    }
}
