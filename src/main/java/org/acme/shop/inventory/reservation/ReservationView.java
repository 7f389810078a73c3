package org.acme.shop.inventory.reservation;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reservation as the API returns it. */
@Schema(name = "Reservation", description = "Units of one sku held for a signed-in buyer")
public record ReservationView(
        @Schema(example = "3f2b6c1e-8d4a-4f7e-9a51-0c6d2e8b7f10") UUID id,
        @Schema(example = "KIT-0042") String sku,
        @Schema(example = "2") int quantity,
        @Schema(description = "HELD until confirmed, cancelled or expired", example = "HELD") Reservation.Status status,
        @Schema(example = "2026-11-24T09:15:00Z") OffsetDateTime createdAt,
        @Schema(description = "When a HELD reservation expires (inventory.reservation-hold after createdAt)",
                example = "2026-11-24T09:30:00Z") OffsetDateTime expiresAt,
        @Schema(description = "When it was confirmed; null unless CONFIRMED", nullable = true,
                example = "2026-11-24T09:20:00Z")
        OffsetDateTime confirmedAt,
        @Schema(description = "When its units went back to stock; null unless CANCELLED or EXPIRED",
                nullable = true, example = "2026-11-24T09:20:00Z") OffsetDateTime releasedAt) {

    public static ReservationView of(Reservation r) {
        return new ReservationView(r.id, r.sku, r.quantity, r.status, r.createdAt, r.expiresAt, r.confirmedAt,
                r.releasedAt);
    }
}
