package org.acme.shop.brand;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A brand as the API returns it, and as its JSON is cached in Redis. */
@Schema(name = "Brand", description = "A brand of the catalog; products name it by its slug")
public record BrandView(
        @Schema(description = "Lower-case letters, digits and '-'; unique", example = "barista") String slug,
        @Schema(example = "Barista") String name) {

    static BrandView of(Brand brand) {
        return new BrandView(brand.slug, brand.name);
    }
}
