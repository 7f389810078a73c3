package org.acme.shop.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A product as the API returns it, and as its JSON is cached in Redis. */
@Schema(name = "Product", description = "A product of the catalog")
public record ProductView(
        @Schema(description = "Assigned by the database", example = "42") long id,
        @Schema(example = "KIT-ESPRESSO-0042") String sku,
        @Schema(example = "Barista Pro espresso machine") String name,
        @Schema(nullable = true, example = "15-bar pump, steam wand, 2 l water tank") String description,
        @Schema(example = "349.90") BigDecimal price,
        @Schema(example = "Kitchen") String category,
        @Schema(description = "The brand's slug (GET /api/brands/{slug}); null when the product has none",
                nullable = true, example = "barista") String brand,
        @Schema(example = "2026-11-24T09:15:00Z") OffsetDateTime createdAt,
        @Schema(example = "2026-11-24T09:15:00Z") OffsetDateTime updatedAt) {

    /** Public for the featured products, which map the rows they load themselves. */
    public static ProductView of(Product p) {
        return new ProductView(p.id, p.sku, p.name, p.description, p.price, p.category,
                p.brand == null ? null : p.brand.slug, p.createdAt, p.updatedAt);
    }
}
