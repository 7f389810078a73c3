/**
 * The <b>flash sale</b>: during a sale, reservations of one sku are decided in Redis by one Lua script each
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleGate}) and written behind to PostgreSQL through a Stream
 * ({@link org.acme.shop.inventory.flashsale.FlashSaleWriter}). See docs/flash-sale.md.
 * <p>
 * Part of the inventory: imports its root package, the kernels, {@code outbox} and {@code session}.
 */
package org.acme.shop.inventory.flashsale;
