package org.acme.shop.inventory.flashsale;

import java.time.OffsetDateTime;

/** A row of {@code flash_sale}: a quantity of one sku sold through the Redis gate between two instants. */
public record FlashSale(long id, String sku, int quantity, int perUserLimit, OffsetDateTime startsAt,
        OffsetDateTime endsAt, int taken) {
}
