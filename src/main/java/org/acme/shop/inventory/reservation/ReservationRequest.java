package org.acme.shop.inventory.reservation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/inventory/{sku}/reservations}. */
@Schema(name = "ReservationRequest", description = "How many units to hold")
public record ReservationRequest(
        @Schema(description = "Units to reserve, 1 to inventory.reservation-max-quantity (100)", example = "2")
        @NotNull @Min(1) @Max(10_000)
        Integer quantity) {
}
