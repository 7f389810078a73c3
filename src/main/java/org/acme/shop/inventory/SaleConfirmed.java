package org.acme.shop.inventory;

import java.time.OffsetDateTime;

/**
 * A reservation was confirmed: {@code quantity} units of {@code sku} are sold. Fired by {@link StockWriteThrough} after
 * the confirmation committed and its stock was written through; observed synchronously, on the confirming request's
 * thread, by whoever counts sales (the best sellers). The inventory knows no observer of it.
 */
public record SaleConfirmed(String sku, int quantity, OffsetDateTime confirmedAt) {
}
