package org.acme.shop.catalog;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.catalog.near.NearCacheTracking;

/** Settings of the catalog area ({@code catalog.*}). */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Cache cache();

    SampleData sampleData();

    interface Cache {

        /** TTL of a cached product. Default {@code 1h}: the safety net should an invalidation ever be lost. */
        @WithDefault("1h")
        Duration productTtl();

        /** TTL of the tombstone cached for a product id that does not exist. Default {@code 60s}. */
        @WithDefault("60s")
        Duration tombstoneTtl();

        /**
         * On a Redis Cluster only: the TTL a product loaded after a miss is first stored with, until the catalog version
         * read again confirms that no write committed during the load; then it gets its real TTL. Default {@code 2s}:
         * should Redis fail between the store and the confirmation, an unconfirmed copy is gone within this time. A
         * single server needs none of this: one script checks the version and stores (docs/production-redis.md).
         */
        @WithDefault("2s")
        Duration clusterProvisionalTtl();

        /** TTL of a cached listing page or category list. Default {@code 5m}. */
        @WithDefault("5m")
        Duration listingTtl();

        /**
         * The page sizes whose listings are cached. Default {@code 10,20,50,100}; any other size (the API takes 1 to
         * 100) is served from PostgreSQL uncached ({@code X-Cache: BYPASS}), so a client cycling through sizes cannot
         * multiply the keys of one listing by a hundred.
         */
        @WithDefault("10,20,50,100")
        List<Integer> listingPageSizes();

        /**
         * The last page number (zero-based) whose listing is cached. Default {@code 50}: the sample catalog at 20 per
         * page; deeper pages are rare, and a crawler walking to page 100,000 is served uncached instead of filling
         * Redis with pages nobody reads twice.
         */
        @WithDefault("50")
        int listingMaxPage();

        Near near();
    }

    /**
     * The near cache: products held in this instance's memory in front of Redis, kept coherent by Redis's
     * server-assisted client-side caching ({@link NearCache}, {@link NearCacheTracking}, docs/near-cache.md).
     */
    interface Near {

        /**
         * Switches the in-process tier on. Default {@code true}: a hit then costs no network round trip. Off, every
         * read goes to Redis as before ({@code X-Cache: HIT}) and no tracking connection is opened. {@code %test}
         * switches it off, so that the other tests keep seeing Redis hits; the near-cache tests switch it on.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The most products held in memory. Default {@code 10000}: about 10 times the sample catalog, a few MB of
         * heap (docs/near-cache.md measures an entry); past it Caffeine drops the least useful entries.
         */
        @WithDefault("10000")
        long maximumSize();

        /**
         * How long an entry lives after it was filled. Default {@code 5m}: coherence comes from the invalidation
         * pushes, not from this; it only lets cold entries go and bounds what a bug in the pushes could leave behind.
         */
        @WithDefault("5m")
        Duration ttl();

        /**
         * How often the tracking connection is checked with a {@code PING}. Default {@code 1s}: a connection that dies
         * silently (no FIN, a cable pulled) is noticed within about twice this, and the near cache is cleared; pushes
         * lost meanwhile are the only way it could serve a stale product, so this bounds that case.
         */
        @WithDefault("1s")
        Duration heartbeatInterval();

        /**
         * The longest wait between two attempts to open the tracking connection again. Default {@code 5s}; the wait
         * starts at 100 ms and doubles. The near cache stays unused (reads go to Redis) until tracking is back.
         */
        @WithDefault("5s")
        Duration reconnectMaxBackoff();
    }

    interface SampleData {

        /**
         * Loads the deterministic sample catalog (1,000 products in 10 categories) at start-up when it is missing.
         * Default {@code true} for dev, test and demo setups; set {@code CATALOG_SAMPLE_DATA_ENABLED=false} in a
         * real deployment.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
