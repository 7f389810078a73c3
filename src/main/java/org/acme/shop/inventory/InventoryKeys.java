package org.acme.shop.inventory;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis key of the write-through stock copy. Every key starts with the shared prefix of {@link KeySpace}; the key
 * table of docs/reference.md lists them.
 */
@ApplicationScoped
public class InventoryKeys {

    private final String prefix;

    public InventoryKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /**
     * HASH {@code available, reserved, version}: the write-through copy of one stock row. Product skus are made of
     * letters, digits, '.', '_' and '-', which encoding leaves as they are; it only stops other input from adding key
     * segments.
     */
    public String stock(String sku) {
        return prefix + ":inventory:stock:" + KeySpace.segment(sku);
    }
}
