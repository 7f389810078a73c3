package org.acme.shop.inventory;

import org.acme.shop.outbox.CacheOutbox;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The stock of one sku as the API returns it, and as the fields of its Redis HASH hold it. */
@Schema(name = "Stock", description = "Stock of one sku")
public record StockLevel(
        @Schema(example = "KIT-0042") String sku,
        @Schema(description = "Units that can still be reserved", example = "17") int available,
        @Schema(description = "Units held by active reservations", example = "3") int reserved,
        @Schema(description = "Grows by one on every change; 0 for a product whose stock was never set", example = "24")
        long version) {

    /** This committed state as the outbox records it, for the relay to write through should the request not. */
    public CacheOutbox.StockRow outboxRow() {
        return new CacheOutbox.StockRow(sku, available, reserved, version);
    }
}
