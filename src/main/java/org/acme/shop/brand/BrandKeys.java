package org.acme.shop.brand;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the brands (read-through). Every key starts with the shared prefix of {@link KeySpace}; the key
 * table of docs/reference.md lists them.
 */
@ApplicationScoped
public class BrandKeys {

    private final String prefix;

    public BrandKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /** STRING: every brand as a JSON array, read-through. */
    public String brands() {
        return prefix + ":catalog:brands:all";
    }

    /** STRING: one brand as JSON, read-through, under its slug (lower-case letters, digits and '-' only). */
    public String brand(String slug) {
        return prefix + ":catalog:brand:" + KeySpace.lowerCaseSegment(slug);
    }
}
