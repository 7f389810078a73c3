/**
 * The <b>flash sale</b>: during a sale, reservations of one sku are decided in Redis by one Lua script each
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleGate}) and written behind to PostgreSQL through a Stream
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleStream}, read with the kernel's
 * {@link org.acme.shop.redis.StreamConsumer}). The gate's keys are installed, closed and removed by
 * {@link org.acme.shop.inventory.flashsale.FlashSaleGateLifecycle}; every instance runs
 * {@link org.acme.shop.inventory.flashsale.FlashSaleWriter}, whose pass rebuilds a lost gate, ends a sale that is
 * over and has {@link org.acme.shop.inventory.flashsale.FlashSaleBatchWriter} write the stream to PostgreSQL
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleStore}). See docs/flash-sale.md.
 * <p>
 * Part of the inventory: imports its root package, the kernels, {@code outbox} and {@code session}.
 */
package org.acme.shop.inventory.flashsale;
