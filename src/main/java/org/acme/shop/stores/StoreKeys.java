package org.acme.shop.stores;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the store locator: one GEO key. Every key starts with the shared prefix of {@link KeySpace}; the
 * key table of docs/reference.md lists them.
 */
@ApplicationScoped
public class StoreKeys {

    private final String prefix;

    public StoreKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /** GEO (a ZSET underneath) of every store, member = store id: the mirror of the {@code store} table. */
    public String storeLocations() {
        return prefix + ":stores:geo:all";
    }

    /** STRING, TTL of a few seconds: held by the one instance that rebuilds {@link #storeLocations()}. */
    public String storeLocationsLock() {
        return prefix + ":stores:lock:geo";
    }
}
