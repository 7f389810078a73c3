package org.acme.shop.outbox;

/**
 * What a feature registers to have its outbox rows applied to Redis: the catalog applies the product rows
 * ({@code CatalogInvalidation}), the inventory the stock rows ({@code StockWriteThrough}). The relay knows only this
 * interface, so the outbox imports no feature, and a service that copies the outbox without the inventory simply has
 * no stock rows.
 */
public interface OutboxHandler {

    /** The kind of row this handler applies ({@link CacheOutbox.Entry#kind()}), the label of the replay counter. */
    String kind();

    /**
     * Applies one row to Redis; {@code false} when Redis failed, and the row stays for the next attempt. Runs inside
     * the relay's transaction, which holds the row locked. Applying a row twice must do no harm.
     */
    boolean apply(CacheOutbox.Entry row);
}
