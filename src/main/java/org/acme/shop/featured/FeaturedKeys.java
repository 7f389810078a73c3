package org.acme.shop.featured;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the featured products (refresh-ahead). Every key starts with the shared prefix of {@link
 * KeySpace}; the key table of docs/reference.md lists them.
 */
@ApplicationScoped
public class FeaturedKeys {

    private final String prefix;

    public FeaturedKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /** STRING, TTL the hard expiry: the featured products as JSON, refreshed ahead of that expiry. */
    public String featured() {
        return prefix + ":catalog:featured:products";
    }

    /** STRING, TTL of a few seconds: held by the one instance that refreshes the featured products. */
    public String featuredRefreshLock() {
        return prefix + ":catalog:lock:featured:products";
    }
}
