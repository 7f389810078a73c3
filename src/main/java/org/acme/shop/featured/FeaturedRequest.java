package org.acme.shop.featured;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/products/featured}: the curated list, in order. */
@Schema(name = "FeaturedRequest", description = "Product ids in the order to feature them; empty: feature the newest")
public record FeaturedRequest(
        @Schema(example = "[42, 7, 311]") @NotNull @Size(max = 50) List<@NotNull @Positive Long> productIds) {
}
