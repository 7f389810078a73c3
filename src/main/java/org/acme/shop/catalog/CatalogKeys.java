package org.acme.shop.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the catalog: products, listings, categories and their loader locks. Every key starts with the
 * shared prefix of {@link KeySpace}; the key table of docs/reference.md lists them.
 */
@ApplicationScoped
public class CatalogKeys {

    private final String prefix;

    public CatalogKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /** STRING: one product as JSON, or the tombstone {@code null} for an id that does not exist. */
    public String product(long id) {
        return prefix + ":catalog:product:" + id;
    }

    /**
     * What every product key starts with, {@code shop:catalog:product:}: the prefix the near cache's tracking
     * connection subscribes to ({@code CLIENT TRACKING ON BCAST PREFIX}). No other key may start with it, or each
     * write of that key would send an invalidation push to every instance.
     */
    public String productKeyPrefix() {
        return prefix + ":catalog:product:";
    }

    /** The id in a product key ({@link #product}), or -1 for any other key. */
    public long productIdOf(String key) {
        String productPrefix = productKeyPrefix();
        if (!key.startsWith(productPrefix) || key.length() == productPrefix.length()
                || key.length() - productPrefix.length() > 18) {
            return -1;
        }
        for (int i = productPrefix.length(); i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(key, productPrefix.length(), key.length(), 10);
    }

    /** STRING counter, no TTL: the version every cached listing key embeds; {@code INCR} retires them all. */
    public String catalogVersion() {
        return prefix + ":catalog:products:version";
    }

    /** STRING: one page of the product listing, valid for one catalog version. */
    public String productPage(long version, String category, int page, int size) {
        String filter = category == null ? "all" : "category=" + KeySpace.lowerCaseSegment(category);
        return prefix + ":catalog:products:v" + version + ":" + filter + ":page=" + page + ":size=" + size;
    }

    /** STRING: the category list with product counts, valid for one catalog version. */
    public String categories(long version) {
        return prefix + ":catalog:categories:v" + version;
    }

    /** STRING, TTL of a few seconds: held by the one instance that loads a missing product (stampede protection). */
    public String productLock(long id) {
        return prefix + ":catalog:lock:product:" + id;
    }

    /**
     * STRING, TTL of a few seconds: held by the one instance that loads a missing listing key (stampede protection),
     * e.g. {@code shop:catalog:lock:products:v3:all:page=0:size=20} for {@code shop:catalog:products:v3:all:…}.
     */
    public String listingLock(String listingKey) {
        return prefix + ":catalog:lock:" + listingKey.substring((prefix + ":catalog:").length());
    }
}
