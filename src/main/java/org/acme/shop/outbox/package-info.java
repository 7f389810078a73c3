/**
 * The <b>transactional outbox</b> of the caches: every product and stock change commits, in its own transaction, a
 * row naming what Redis must do ({@link org.acme.shop.outbox.CacheOutbox}); the request applies it right after the
 * commit and deletes it once Redis confirmed, and {@link org.acme.shop.outbox.OutboxRelay} applies whatever is left
 * through the {@link org.acme.shop.outbox.OutboxHandler} that the catalog and the inventory register. See
 * docs/outbox.md for the guarantee and its assumptions.
 * <p>
 * Imports: the Redis and cache kernels only; it knows no feature that uses it.
 */
package org.acme.shop.outbox;
