package org.acme.shop.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.acme.shop.common.Conflict;
import org.acme.shop.common.NotFound;

/**
 * Stock and reservations in PostgreSQL. It owns the transactions and knows nothing of Redis: each write returns the
 * stock row exactly as it committed, and {@link StockWriteThrough} copies that to Redis once the method has returned.
 * <p>
 * Every change of stock is one SQL statement that does its own arithmetic and returns the new row
 * ({@code UPDATE … RETURNING}). PostgreSQL locks the row for the statement, so concurrent writers queue on it and each
 * sees the result of the one before; Java never reads a quantity and writes back a computed one.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class InventoryService {

    /** The committed outcome of a reservation: the reservation and the stock row it changed. */
    public record ReservationMade(ReservationView reservation, StockLevel stock) {
    }

    /** The stock of a product's sku (0 units at version 0 if never set); empty when no product has this sku. */
    public Optional<StockLevel> find(String sku) {
        return stockRow("""
                select p.sku, coalesce(s.available, 0) as available, coalesce(s.reserved, 0) as reserved,
                       coalesce(s.version, 0) as version
                from product p left join stock s on s.sku = p.sku
                where p.sku = :sku
                """, Map.of("sku", sku));
    }

    /**
     * Sets the available quantity. The first call for a product's sku creates its row (version 1); later calls
     * replace the quantity and add one to the version. One statement either way, so two first calls at once cannot
     * both insert. The {@code select} yields no row when no product has the sku, and then nothing is written.
     */
    public StockLevel setAvailable(String sku, int available) {
        return stockRow("""
                insert into stock as s (sku, available, reserved, version, updated_at)
                select p.sku, :available, 0, 1, now() from product p where p.sku = :sku
                on conflict (sku) do update
                    set available = excluded.available, version = s.version + 1, updated_at = now()
                returning s.sku, s.available, s.reserved, s.version
                """, Map.of("sku", sku, "available", available))
                .orElseThrow(() -> unknownSku(sku));
    }

    /**
     * Holds {@code quantity} units. The condition {@code available >= :quantity} is evaluated by PostgreSQL on the
     * locked row, after any concurrent reservation has committed: of 50 buyers racing for 20 units, exactly 20 match.
     * The {@code CHECK (available >= 0)} of the table would stop an oversell even if this condition were missing.
     * The {@code exists} takes a deleted product's stock off sale: its row is kept (see {@code V3__inventory.sql}).
     */
    public ReservationMade reserve(String sku, int quantity) {
        StockLevel after = stockRow("""
                update stock
                set available = available - :quantity, reserved = reserved + :quantity,
                    version = version + 1, updated_at = now()
                where sku = :sku and available >= :quantity
                  and exists (select 1 from product p where p.sku = stock.sku)
                returning sku, available, reserved, version
                """, Map.of("sku", sku, "quantity", quantity))
                .orElseThrow(() -> shortOrUnknown(sku, quantity));

        Reservation reservation = new Reservation();
        reservation.id = UUID.randomUUID();
        reservation.sku = sku;
        reservation.quantity = quantity;
        reservation.status = Reservation.Status.ACTIVE;
        reservation.createdAt = now();
        reservation.persist();
        return new ReservationMade(ReservationView.of(reservation), after);
    }

    /**
     * Gives a reservation's units back, once. The status flips from {@code ACTIVE} to {@code RELEASED} in one
     * conditional statement: of two concurrent releases the second waits for the first's row lock, then finds the
     * status changed and updates nothing.
     *
     * @return the stock row after the release, or empty when the reservation was already released
     */
    public Optional<StockLevel> release(UUID id) {
        Stream<?> rows = Reservation.getEntityManager().createNativeQuery("""
                        update reservation set status = 'RELEASED', released_at = now()
                        where id = :id and status = 'ACTIVE'
                        returning sku, quantity
                        """, Tuple.class)
                .setParameter("id", id)
                .getResultStream();
        Optional<Tuple> released = rows.map(Tuple.class::cast).findFirst();
        if (released.isEmpty()) {
            if (Reservation.findById(id) == null) {
                throw new NotFound("No reservation with id " + id);
            }
            return Optional.empty();
        }
        String sku = (String) released.get().get("sku");
        int quantity = ((Number) released.get().get("quantity")).intValue();
        return stockRow("""
                update stock
                set available = available + :quantity, reserved = reserved - :quantity,
                    version = version + 1, updated_at = now()
                where sku = :sku
                returning sku, available, reserved, version
                """, Map.of("sku", sku, "quantity", quantity));
    }

    public ReservationView reservation(UUID id) {
        return Reservation.<Reservation>findByIdOptional(id).map(ReservationView::of)
                .orElseThrow(() -> new NotFound("No reservation with id " + id));
    }

    /** Runs a statement that returns at most one stock row ({@code sku, available, reserved, version}). */
    private static Optional<StockLevel> stockRow(String sql, Map<String, Object> parameters) {
        var query = Reservation.getEntityManager().createNativeQuery(sql, Tuple.class);
        parameters.forEach(query::setParameter);
        Stream<?> rows = query.getResultStream();
        return rows.map(Tuple.class::cast).findFirst().map(row -> new StockLevel(
                (String) row.get("sku"),
                ((Number) row.get("available")).intValue(),
                ((Number) row.get("reserved")).intValue(),
                ((Number) row.get("version")).longValue()));
    }

    /** Called only after the conditional update matched nothing: tells a short stock from a sku nobody sells. */
    private RuntimeException shortOrUnknown(String sku, int quantity) {
        return find(sku).isPresent()
                ? new Conflict("Not enough stock of " + sku + " to reserve " + quantity)
                : unknownSku(sku);
    }

    private static NotFound unknownSku(String sku) {
        return new NotFound("No product with sku " + sku);
    }

    private static OffsetDateTime now() {
        // PostgreSQL keeps microseconds: truncating here makes the response of a reservation equal to a later read.
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
