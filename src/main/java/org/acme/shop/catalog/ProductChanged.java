package org.acme.shop.catalog;

/**
 * Fired inside the transaction of every product write, with the id of the outbox row written in that transaction.
 * Observers that bind to the transaction's outcome see it only once the write has committed.
 */
public record ProductChanged(long productId, long outboxId) {
}
