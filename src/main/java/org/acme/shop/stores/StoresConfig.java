package org.acme.shop.stores;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the store search ({@code stores.*}). */
@ConfigMapping(prefix = "stores")
public interface StoresConfig {

    /**
     * TTL of the GEO key that mirrors the {@code store} table. Default {@code 24h}. The service never changes stores
     * (a migration or an operator does, in SQL), so nothing invalidates the key: the TTL bounds how long a changed
     * store is searched at its old place. Delete the key to apply a change at once; the next search rebuilds it.
     */
    @WithDefault("24h")
    Duration geoTtl();

    /**
     * The largest radius a search may ask for, in km. Default {@code 1000}: "near" for a shopper, and it keeps one
     * search from walking a whole continent of geohash cells.
     */
    @WithDefault("1000")
    double maxRadiusKm();

    /** At most this many stores per answer, the nearest first ({@code GEOSEARCH … COUNT}). Default {@code 50}. */
    @WithDefault("50")
    int maxResults();
}
