package org.acme.shop.inventory;

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

    public enum Status {
        /** Holds its quantity: counted in the sku's {@code reserved}. */
        ACTIVE,
        /** Given back: its quantity returned to {@code available}, once. */
        RELEASED
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

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "released_at")
    public OffsetDateTime releasedAt;
}
