/**
 * The <b>flash sale</b>: during a sale, reservations of one sku are decided in Redis by one Lua script each
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleGate}) and written behind to PostgreSQL through a Stream
 * ({@link org.acme.shop.inventory.flashsale.writer.FlashSaleStream}, read with the kernel's
 * {@link org.acme.shop.redis.StreamConsumer}). The gate's keys are installed, closed and removed by
 * {@link org.acme.shop.inventory.flashsale.FlashSaleGateLifecycle}; the sale's rows are in PostgreSQL
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleStore}). The writers that every instance runs are in
 * {@code flashsale.writer}, which imports this package. See docs/flash-sale.md.
 * <p>
 * Part of the inventory: imports its root package, the kernels, {@code outbox} and {@code session}.
 */
package org.acme.shop.inventory.flashsale;
