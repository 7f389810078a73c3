package org.acme.shop.featured;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the featured products ({@code featured.*}); {@code cache.enabled} switches their cache off too. */
@ConfigMapping(prefix = "featured")
public interface FeaturedConfig {

    /**
     * Refresh ahead: a read that finds the cached list older than {@code refresh-after} answers it at once and starts
     * one refresh in the background. Default {@code true}. Off (the benchmark's comparison), the list is plain
     * cache-aside with a TTL of {@code refresh-after}: a reader that finds it gone waits for the database.
     */
    @WithDefault("true")
    boolean refreshAhead();

    /**
     * The soft expiry: how old the cached list may get before a read refreshes it. Default {@code 1m}: a curated list
     * (or the newest products) need not be fresher, and one load a minute costs PostgreSQL nothing.
     */
    @WithDefault("1m")
    Duration refreshAfter();

    /**
     * The hard expiry, the key's TTL: how long the last list is served when every refresh fails (the database is
     * down). Default {@code 10m}; must be longer than {@code refresh-after}. After it, a read waits for the database,
     * and gets a {@code 503} if it is still down.
     */
    @WithDefault("10m")
    Duration ttl();

    /**
     * Lifetime of the lock that lets one instance refresh. Default {@code 5s}: longer than a load of a few rows. A
     * failed refresh keeps the lock until it expires, so a database that is down is asked at most once per this.
     */
    @WithDefault("5s")
    Duration refreshLockTtl();

    /** How many of the newest products are featured while no admin has set a list. Default {@code 12}. */
    @WithDefault("12")
    int size();
}
