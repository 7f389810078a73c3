package org.acme.shop.inventory.flashsale;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/inventory/{sku}/flash-sale}. */
@Schema(name = "FlashSaleRequest", description = "How many units to sell through the flash-sale gate, and when")
public record FlashSaleRequest(
        @Schema(description = "Units moved from the available stock into the sale, 1 to 1,000,000", example = "500")
        @NotNull @Min(1) @Max(1_000_000)
        Integer quantity,
        @Schema(description = "Units one buyer may reserve in the sale, 1 to 10,000", example = "2")
        @NotNull @Min(1) @Max(10_000)
        Integer perUserLimit,
        @Schema(description = "When reservations open; now when absent", example = "2026-11-24T09:00:00Z")
        OffsetDateTime startsAt,
        @Schema(description = "When reservations close; after startsAt, within 7 days", example = "2026-11-24T10:00:00Z")
        @NotNull
        OffsetDateTime endsAt) {
}
