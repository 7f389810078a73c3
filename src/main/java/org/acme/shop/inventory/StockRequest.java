package org.acme.shop.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/inventory/{sku}}: a restock or a correction after counting the shelf. */
@Schema(name = "StockRequest", description = "The quantity that can be reserved from now on")
public record StockRequest(
        @Schema(description = "Units available for reservation, 0 to 1,000,000", example = "20")
        @NotNull @Min(0) @Max(1_000_000)
        Integer available) {
}
