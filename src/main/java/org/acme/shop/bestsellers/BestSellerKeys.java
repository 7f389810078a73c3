package org.acme.shop.bestsellers;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the best sellers: one ZSET per day. Every key starts with the shared prefix of {@link KeySpace};
 * the key table of docs/reference.md lists them.
 */
@ApplicationScoped
public class BestSellerKeys {

    private final String prefix;

    public BestSellerKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /**
     * ZSET product id → units sold on one UTC day, e.g. {@code shop:{bestsellers}:day:2026-11-25}. Every day key
     * carries the hash tag {@code {bestsellers}}: {@code ZUNION} reads several days in one command, which Redis Cluster
     * allows only for keys of one slot.
     */
    public String bestSellersDay(LocalDate day) {
        return prefix + ":{bestsellers}:day:" + day;
    }

    /** STRING, TTL of a few seconds: held by the one instance that rebuilds the day keys from PostgreSQL. */
    public String bestSellersRebuildLock() {
        return prefix + ":{bestsellers}:lock:rebuild";
    }
}
