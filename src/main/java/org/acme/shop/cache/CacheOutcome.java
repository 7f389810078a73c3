package org.acme.shop.cache;

/**
 * Where a cached read was answered from: the one vocabulary of every cache in the service, sent to clients in the
 * {@value #HEADER} header and counted in {@code cache_gets_total{cache,result}}.
 */
public enum CacheOutcome {

    /**
     * Served from this instance's memory, the near cache in front of Redis: neither Redis nor the database was asked.
     * Only the product cache has this tier (see {@code NearCache}).
     */
    L1,
    /** Served from Redis; the database was not asked. */
    HIT,
    /** Not in Redis: loaded from PostgreSQL and stored for the next reader. */
    MISS,
    /** Redis was unavailable or the cache is switched off: loaded from PostgreSQL, nothing stored. */
    BYPASS;

    /** The response header that tells a client which of these answered its request. */
    public static final String HEADER = "X-Cache";
}
