package org.acme.shop.inventory.flashsale;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A flash sale as the API returns it. */
@Schema(name = "FlashSale", description = "The flash-sale state of a sku")
public record FlashSaleView(
        @Schema(description = "Reservations are decided in Redis: between startsAt and endsAt, and not yet ended")
        boolean active,
        @Schema(description = "Units of the sale", example = "500") int quantity,
        @Schema(description = "Units the gate in Redis can still hand out", example = "137") int remaining,
        @Schema(description = "Units one buyer may reserve in the sale", example = "2") int perUserLimit,
        @Schema(example = "2026-11-24T09:00:00Z") OffsetDateTime startsAt,
        @Schema(example = "2026-11-24T10:00:00Z") OffsetDateTime endsAt) {
}
