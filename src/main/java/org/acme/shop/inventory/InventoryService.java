package org.acme.shop.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.inventory.reservation.Reservation;
import org.acme.shop.inventory.reservation.ReservationPage;
import org.acme.shop.inventory.reservation.ReservationView;
import org.acme.shop.outbox.CacheOutbox;

/**
 * Stock and reservations in PostgreSQL. It owns the transactions and knows nothing of Redis: each write returns the
 * stock row exactly as it committed, and {@link StockWriteThrough} copies that to Redis once the method has returned.
 * Each change also records that row in the {@link CacheOutbox}, in the same transaction, so that the copy reaches
 * Redis even when the write-through after the commit does not (Redis down, the app stopped in between).
 * <p>
 * Every change of stock is one SQL statement that does its own arithmetic and returns the new row
 * ({@code UPDATE … RETURNING}). PostgreSQL locks the row for the statement, so concurrent writers queue on it and each
 * sees the result of the one before; Java never reads a quantity and writes back a computed one.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class InventoryService {

    private final InventoryConfig config;
    private final CacheOutbox outbox;

    public InventoryService(InventoryConfig config, CacheOutbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    /** The committed outcome of a reservation: the reservation and the stock row it changed. */
    public record ReservationMade(ReservationView reservation, StockLevel stock) {
    }

    /** The stock of a product's sku (0 units at version 0 if never set); empty when no product has this sku. */
    public Optional<StockLevel> find(String sku) {
        // Plain SQL: no entity maps stock (each write of it is … RETURNING), nor product in this package.
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
        // Native: INSERT … ON CONFLICT DO UPDATE … RETURNING, the upsert and the new row in one statement.
        return stockChange("""
                insert into stock as s (sku, available, reserved, version, updated_at)
                select p.sku, :available, 0, 1, now() from product p where p.sku = :sku
                on conflict (sku) do update
                    set available = excluded.available, version = s.version + 1, updated_at = now()
                returning s.sku, s.available, s.reserved, s.version
                """, Map.of("sku", sku, "available", available))
                .orElseThrow(() -> unknownSku(sku));
    }

    /**
     * Holds {@code quantity} units for {@code ownerId} until {@code inventory.reservation-hold} from now. The condition
     * {@code available >= :quantity} is evaluated by PostgreSQL on the locked row, after any concurrent reservation has
     * committed: of 50 buyers racing for 20 units, exactly 20 match. The {@code CHECK (available >= 0)} of the table
     * would stop an oversell even if this condition were missing. The {@code exists} takes a deleted product's stock
     * off sale: its row is kept (see {@code V3__inventory.sql}).
     * <p>
     * The owner's units already held of the sku are counted after that update, while it holds the stock row's lock:
     * two reservations of one customer sent at once queue on that lock, and the second counts the first. Over
     * {@code inventory.reservation-max-held-per-sku} the whole transaction rolls back. The units held over all skus
     * ({@code inventory.reservation-max-held-total}) cannot lean on one stock row: a transaction-scoped advisory lock
     * per owner, taken first (so the order is always owner, then stock row), queues one customer's reservations,
     * and no one else's.
     */
    public ReservationMade reserve(String sku, int quantity, long ownerId) {
        int totalCap = config.reservationMaxHeldTotal();
        if (totalCap > 0) {
            lockReservationsOf(ownerId);
        }
        // Native: UPDATE … RETURNING, the arithmetic on the locked row and the row it left.
        StockLevel after = stockChange("""
                update stock
                set available = available - :quantity, reserved = reserved + :quantity,
                    version = version + 1, updated_at = now()
                where sku = :sku and available >= :quantity
                  and exists (select 1 from product p where p.sku = stock.sku)
                returning sku, available, reserved, version
                """, Map.of("sku", sku, "quantity", quantity))
                .orElseThrow(() -> shortOrUnknown(sku, quantity));
        int cap = config.reservationMaxHeldPerSku();
        long held = cap == 0 ? 0 : heldBy(ownerId, sku, cap);
        if (cap > 0 && held + quantity > cap) {
            throw new Conflict("You hold " + held + " units of " + sku + " already: at most " + cap
                    + " at once (inventory.reservation-max-held-per-sku)");
        }
        long heldInAll = totalCap == 0 ? 0 : heldBy(ownerId, null, totalCap);
        if (totalCap > 0 && heldInAll + quantity > totalCap) {
            throw new Conflict("You hold " + heldInAll + " units already: at most " + totalCap
                    + " over all skus at once (inventory.reservation-max-held-total)");
        }

        Reservation reservation = new Reservation();
        reservation.id = UUID.randomUUID();
        reservation.sku = sku;
        reservation.quantity = quantity;
        reservation.status = Reservation.Status.HELD;
        reservation.ownerId = ownerId;
        reservation.createdAt = now();
        reservation.expiresAt = reservation.createdAt.plus(config.reservationHold());
        reservation.persist();
        return new ReservationMade(ReservationView.of(reservation), after);
    }

    /**
     * Gives a held reservation's units back, once. The status flips from {@code HELD} to {@code CANCELLED} in one
     * conditional statement: of two concurrent cancels (or a cancel racing the sweep or a confirm) the second waits
     * for the first's row lock, then finds the status changed and updates nothing.
     *
     * @return the stock row after the cancel, or empty when the reservation had already given its units back
     * @throws Conflict when it is confirmed: sold units are not given back
     */
    public Optional<StockLevel> cancel(UUID id, Caller caller) {
        Reservation reservation = visible(id, caller);
        // Native: UPDATE … RETURNING, so the status check and the change are one statement.
        Optional<Tuple> cancelled = endHold(id, """
                update reservation set status = 'CANCELLED', released_at = now()
                where id = :id and status = 'HELD'
                returning sku, quantity
                """);
        if (cancelled.isEmpty()) {
            Reservation.getEntityManager().refresh(reservation);
            if (reservation.status == Reservation.Status.CONFIRMED) {
                throw new Conflict("Reservation " + id + " is confirmed: its units are sold and cannot be given back");
            }
            return Optional.empty();                                          // CANCELLED or EXPIRED already
        }
        return returnToStock(cancelled.get());
    }

    /** What a confirmation committed: the reservation, and the stock row if this call changed it. */
    public record Confirmed(ReservationView reservation, Optional<StockLevel> stock) {
    }

    /**
     * Turns a hold into a sale: its units leave {@code reserved} for good. Idempotent: confirming a confirmed
     * reservation returns it unchanged. A hold past {@code expiresAt} cannot be confirmed even before the sweep has
     * reached it: the buyer was told when it would end.
     *
     * @throws Conflict when it was cancelled or has expired
     */
    public Confirmed confirm(UUID id, Caller caller) {
        Reservation reservation = visible(id, caller);
        // Native: UPDATE … RETURNING, as in cancel.
        Optional<Tuple> confirmed = endHold(id, """
                update reservation set status = 'CONFIRMED', confirmed_at = now()
                where id = :id and status = 'HELD' and expires_at > now()
                returning sku, quantity
                """);
        Reservation.getEntityManager().refresh(reservation);
        if (confirmed.isEmpty()) {
            return switch (reservation.status) {
                case CONFIRMED -> new Confirmed(ReservationView.of(reservation), Optional.empty());
                case CANCELLED -> throw new Conflict("Reservation " + id + " was cancelled");
                case HELD, EXPIRED -> throw new Conflict("Reservation " + id + " expired at " + reservation.expiresAt);
            };
        }
        // Native: UPDATE … RETURNING, as in reserve.
        Optional<StockLevel> stock = stockChange("""
                update stock
                set reserved = reserved - :quantity, version = version + 1, updated_at = now()
                where sku = :sku
                returning sku, available, reserved, version
                """, Map.of("sku", reservation.sku, "quantity", reservation.quantity));
        return new Confirmed(ReservationView.of(reservation), stock);
    }

    /**
     * Expires one hold whose time has passed and gives its units back, in one statement. {@code FOR UPDATE SKIP
     * LOCKED} makes instances that sweep at once take different rows, and skips a row that a cancel or a confirm is
     * changing right now (that one will find the status changed, or the sweep will find it on its next pass).
     *
     * @return the stock row after the release, or empty when no hold has expired
     */
    public Optional<StockLevel> expireOne() {
        // Native: a CTE takes a row FOR UPDATE SKIP LOCKED, expires it and gives its units back, in one round trip.
        return stockChange("""
                with due as (
                    select id from reservation
                    where status = 'HELD' and expires_at <= now()
                    order by expires_at
                    limit 1
                    for update skip locked
                ), expired as (
                    update reservation r set status = 'EXPIRED', released_at = now()
                    from due where r.id = due.id
                    returning r.sku, r.quantity
                )
                update stock s
                set available = s.available + expired.quantity, reserved = s.reserved - expired.quantity,
                    version = s.version + 1, updated_at = now()
                from expired where s.sku = expired.sku
                returning s.sku, s.available, s.reserved, s.version
                """, Map.of());
    }

    @Transactional(TxType.SUPPORTS)
    public ReservationView reservation(UUID id, Caller caller) {
        return ReservationView.of(visible(id, caller));
    }

    /** The caller's own reservations, newest first (an admin's list is theirs too, not everyone's). */
    @Transactional(TxType.SUPPORTS)
    public ReservationPage reservations(long ownerId, int page, int size) {
        var query = Reservation.<Reservation>find("ownerId = ?1 order by createdAt desc, id", ownerId);
        long total = query.count();
        List<ReservationView> items = query.page(page, size).stream().map(ReservationView::of).toList();
        return new ReservationPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /**
     * Who is asking about a reservation. Anyone but its owner or an admin is told it does not exist ({@code 404}, not
     * {@code 403}): a reservation id must not confirm to a stranger that it is real.
     */
    public record Caller(long userId, boolean admin) {

        boolean mayAccess(Reservation reservation) {
            return admin || (reservation.ownerId != null && reservation.ownerId == userId);
        }
    }

    private static Reservation visible(UUID id, Caller caller) {
        return Reservation.<Reservation>findByIdOptional(id).filter(caller::mayAccess)
                .orElseThrow(() -> new NotFound("No reservation with id " + id));
    }

    /** Runs a conditional status change of one reservation; returns its sku and quantity if it matched. */
    private static Optional<Tuple> endHold(UUID id, String sql) {
        Stream<?> rows = Reservation.getEntityManager().createNativeQuery(sql, Tuple.class)
                .setParameter("id", id)
                .getResultStream();
        return rows.map(Tuple.class::cast).findFirst();
    }

    private Optional<StockLevel> returnToStock(Tuple released) {
        // Native: UPDATE … RETURNING, as in reserve.
        return stockChange("""
                update stock
                set available = available + :quantity, reserved = reserved - :quantity,
                    version = version + 1, updated_at = now()
                where sku = :sku
                returning sku, available, reserved, version
                """, Map.of("sku", released.get("sku"), "quantity", ((Number) released.get("quantity")).intValue()));
    }

    /** Runs a statement that changes at most one stock row, and records the row it returns in the outbox. */
    private Optional<StockLevel> stockChange(String sql, Map<String, Object> parameters) {
        Optional<StockLevel> changed = stockRow(sql, parameters);
        changed.map(StockLevel::outboxRow).ifPresent(outbox::stockChanged);
        return changed;
    }

    /**
     * The units {@code ownerId} holds of {@code sku}, or of every sku when it is {@code null}, read from the partial
     * index of held reservations (V13); counting stops past {@code cap} rows, which is all a check against {@code cap}
     * needs (each row holds at least one unit).
     */
    private static long heldBy(long ownerId, String sku, int cap) {
        // Native: a limit in a subquery, which HQL accepts only with an order by, a sort this sum does not need.
        return ((Number) Reservation.getEntityManager().createNativeQuery("""
                select coalesce(sum(quantity), 0) from (
                    select quantity from reservation
                    where owner_id = :owner and status = 'HELD'
                      and (cast(:sku as text) is null or sku = cast(:sku as text))
                    limit :cap) held
                """)
                .setParameter("owner", ownerId)
                .setParameter("sku", sku)
                .setParameter("cap", cap)
                .getSingleResult()).longValue();
    }

    /** Queues this transaction behind any other of the same owner's reservations until commit or rollback. */
    private static void lockReservationsOf(long ownerId) {
        // Native: pg_advisory_xact_lock, a lock on a number that is released with the transaction.
        Reservation.getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtextextended('reservations of ' || :owner, 0))")
                .setParameter("owner", ownerId)
                .getSingleResult();
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
