package org.acme.shop.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What {@code GET /api/products?ids=…} answers: the products found, in the order of the ids asked, and the ids that
 * name no product. {@link ProductResource} writes it from the cached JSON bodies as they are; this record is its
 * schema.
 */
@Schema(name = "ProductBatch", description = "The products of the ids asked, in their order, and the ids not found",
        requiredProperties = {"items", "missing"})
public record ProductBatch(
        List<ProductView> items,
        @Schema(description = "Ids asked for that name no product (never created, or deleted)", example = "[9000000001]")
        List<Long> missing) {
}
