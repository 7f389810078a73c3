package org.acme.shop.views;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code GET /api/products/{id}/stats} answers. */
@Schema(description = "Views of one product: flushed to PostgreSQL, pending in Redis, and distinct visitors")
public record ViewStats(
        @Schema(description = "Product id", example = "42") long productId,
        @Schema(description = "Views stored in PostgreSQL") long flushed,
        @Schema(description = "Views counted in Redis and not yet flushed") long pending,
        @Schema(description = "flushed + pending") long total,
        @Schema(description = "The days (UTC, today included) that uniqueViewers covers", example = "7") int days,
        @Schema(description = "Distinct visitors over those days: a HyperLogLog estimate, standard error 0.81 %")
        long uniqueViewers) {
}
