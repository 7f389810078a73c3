package org.acme.shop.inventory.flashsale;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of a flash sale; every key of one sale carries the hash tag {sku}, so one Lua script may touch them
 * all. Every key starts with the shared prefix of {@link KeySpace}; the key table of docs/reference.md lists them.
 */
@ApplicationScoped
public class FlashSaleKeys {

    /**
     * The consumer group of a sale's stream: the writers, every instance one consumer in it. The gate's
     * {@code INSTALL} script creates it with the stream ({@link FlashSaleGateLifecycle}).
     */
    public static final String WRITERS_GROUP = "writers";

    private final String prefix;

    public FlashSaleKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /**
     * HASH {@code saleId, remaining, perUserLimit, quantity, startsAt, endsAt, keysExpireAt[, closed]}: the gate of a
     * flash sale, e.g. {@code shop:flashsale:{KIT-0042}:gate}. Its absence while PostgreSQL says the sale is on means
     * Redis lost it.
     */
    public String flashSaleGate(String sku) {
        return flashSale(sku, "gate");
    }

    /** HASH user id → units reserved in the sale, for the per-user limit. */
    public String flashSaleUsers(String sku) {
        return flashSale(sku, "users");
    }

    /** HASH {@code userId:Idempotency-Key} → the reservation accepted for it. */
    public String flashSaleIdempotency(String sku) {
        return flashSale(sku, "idempotency");
    }

    /** STREAM, no TTL: the accepted reservations that PostgreSQL does not have yet (consumer group {@code writers}). */
    public String flashSaleStream(String sku) {
        return flashSale(sku, "stream");
    }

    /** The four keys of a sale, in the order the gate's scripts take them: gate, users, idempotency, stream. */
    public List<String> flashSaleKeys(String sku) {
        return List.of(flashSaleGate(sku), flashSaleUsers(sku), flashSaleIdempotency(sku), flashSaleStream(sku));
    }

    /** The braces make the encoded sku the key's hash tag; encoding turns a '{' or '}' in a sku into %7B and %7D. */
    private String flashSale(String sku, String part) {
        return prefix + ":flashsale:{" + KeySpace.segment(sku) + "}:" + part;
    }
}
