package org.acme.shop.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of the listing, newest products first. Its fields are required in the schema so that a client can tell it
 * from a {@link ProductBatch}, the other answer of the same operation.
 */
@Schema(name = "ProductPage", requiredProperties = {"items", "page", "size", "totalItems", "totalPages"})
public record ProductPage(
        List<ProductView> items,
        @Schema(description = "Zero-based page number", example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(description = "Products matching the filter", example = "1000") long totalItems,
        @Schema(example = "50") int totalPages) {
}
