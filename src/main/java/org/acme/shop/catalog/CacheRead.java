package org.acme.shop.catalog;

/**
 * The outcome of a cached read: the JSON body to send ({@code null} when the thing does not exist) and where it came
 * from, which the API reports in the {@code X-Cache} header.
 */
public record CacheRead(String json, Source source) {

    public enum Source {
        /** Served from Redis; the database was not asked. */
        HIT,
        /** Not in Redis: loaded from PostgreSQL and stored for the next reader. */
        MISS,
        /** Redis was unavailable or the cache is switched off: loaded from PostgreSQL, nothing stored. */
        BYPASS
    }

    public boolean found() {
        return json != null;
    }
}
