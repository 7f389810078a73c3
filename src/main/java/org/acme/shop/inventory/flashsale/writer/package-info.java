/**
 * The <b>write-behind</b> half of the flash sale: every instance runs
 * {@link org.acme.shop.inventory.flashsale.writer.FlashSaleWriter}, whose pass rebuilds a lost gate, ends a sale that
 * is over and has {@link org.acme.shop.inventory.flashsale.writer.FlashSaleBatchWriter} write the reservations that
 * the gate accepted from the sale's stream ({@link org.acme.shop.inventory.flashsale.writer.FlashSaleStream}, read
 * with the kernel's {@link org.acme.shop.redis.StreamConsumer}) to PostgreSQL. See docs/flash-sale.md.
 * <p>
 * Part of the flash sale: imports its root package, {@code inventory} and the kernels.
 */
package org.acme.shop.inventory.flashsale.writer;
