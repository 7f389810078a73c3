package org.acme.shop.stores;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of a store search: the stores within the radius, nearest first. */
@Schema(name = "StoresNearby", description = "Stores within the radius, nearest first")
public record StoresNearby(
        @Schema(description = "The sku whose shelf stock is given; null when none was asked for", nullable = true,
                example = "KIT-0001")
        String sku,
        List<NearbyStore> stores) {
}
