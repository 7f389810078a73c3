package org.acme.shop.bestsellers;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of the ranking: the product as the catalog cache holds it, and the units it sold in the window. */
@Schema(name = "BestSeller", description = "A product and the units sold in the window")
public record BestSeller(
        @Schema(example = "42") long productId,
        @Schema(example = "KIT-0042") String sku,
        @Schema(example = "Barista Pro espresso machine") String name,
        @Schema(example = "349.90") BigDecimal price,
        @Schema(description = "Units of confirmed reservations in the window", example = "17") long unitsSold) {
}
