package org.acme.shop.stores;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A store found by a search, with its distance and, when a sku was asked for, the units on its shelves. */
@Schema(name = "NearbyStore", description = "A store and how far it is")
public record NearbyStore(
        @Schema(example = "1") long id,
        @Schema(example = "BER") String code,
        @Schema(example = "catalog-cache Berlin Mitte") String name,
        @Schema(example = "Berlin") String city,
        @Schema(example = "52.52") double latitude,
        @Schema(example = "13.405") double longitude,
        @Schema(description = "From the point asked for, as the crow flies", example = "255.32") double distanceKm,
        @Schema(description = "Units of the sku on its shelves; null when no sku was asked for", nullable = true,
                example = "4")
        Integer units) {
}
