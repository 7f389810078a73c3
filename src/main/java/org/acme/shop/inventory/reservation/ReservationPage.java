package org.acme.shop.inventory.reservation;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of the caller's reservations, newest first. */
@Schema(name = "ReservationPage")
public record ReservationPage(
        List<ReservationView> items,
        @Schema(description = "Zero-based page number", example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(description = "The caller's reservations in all", example = "3") long totalItems,
        @Schema(example = "1") int totalPages) {
}
