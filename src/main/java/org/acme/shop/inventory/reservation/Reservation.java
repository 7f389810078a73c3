package org.acme.shop.inventory.reservation;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A row of {@code reservation}. Persistence mapping only: the API speaks {@link ReservationView}. */
@Entity
@Table(name = "reservation")
public class Reservation extends PanacheEntityBase {

    /** The life cycle ({@code docs/security.md} draws it): every reservation starts HELD and ends in one of the others. */
    public enum Status {
        /** Holds its quantity until {@code expiresAt}: counted in the sku's {@code reserved}. */
        HELD,
        /** Sold: its units left {@code reserved} for good and never come back to {@code available}. */
        CONFIRMED,
        /** Given back by its owner or an admin: its quantity returned to {@code available}, once. */
        CANCELLED,
        /** Given back by the sweep after {@code expiresAt}: its quantity returned to {@code available}, once. */
        EXPIRED
    }

    @Id
    public UUID id;

    @Column(nullable = false, length = 64)
    public String sku;

    @Column(nullable = false)
    public int quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    /** The user who reserved; {@code null} only for reservations older than owners (see V6). */
    @Column(name = "owner_id")
    public Long ownerId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;

    @Column(name = "released_at")
    public OffsetDateTime releasedAt;
}
