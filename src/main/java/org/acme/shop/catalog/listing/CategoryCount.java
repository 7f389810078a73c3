package org.acme.shop.catalog.listing;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A category and how many products it holds. */
@Schema(name = "Category")
public record CategoryCount(@Schema(example = "Kitchen") String name, @Schema(example = "100") long products) {
}
