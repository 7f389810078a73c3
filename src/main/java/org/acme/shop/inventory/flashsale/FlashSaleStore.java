package org.acme.shop.inventory.flashsale;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.inventory.InventoryService;
import org.acme.shop.inventory.StockLevel;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.inventory.reservation.Reservation;
import org.acme.shop.inventory.reservation.ReservationView;
import org.acme.shop.outbox.CacheOutbox;

/**
 * The PostgreSQL side of a flash sale, which stays the truth: the sale's row, the stock it took and gave back, and
 * the reservations the writer brings over from Redis. Like {@link InventoryService} it owns the transactions and knows
 * nothing of Redis; every stock change is one statement that returns the row, recorded in the {@link CacheOutbox}.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class FlashSaleStore {

    /** One reservation that Redis accepted, as its stream entry carries it. */
    public record Entry(String streamId, UUID id, long ownerId, int quantity, OffsetDateTime createdAt,
            OffsetDateTime expiresAt, String idempotencyKey) {
    }

    /** What a sale's gate is rebuilt from: the units and buyers of the reservations PostgreSQL has. */
    public record Recorded(int taken, Map<Long, Integer> unitsPerUser, List<Entry> withIdempotencyKey) {
    }

    public record Started(FlashSale sale, StockLevel stock) {
    }

    /** What one batch committed: the rows it inserted (the others were there already) and the stock row after it. */
    public record Written(int inserted, Optional<StockLevel> stock) {
    }

    private final EntityManager em;
    private final CacheOutbox outbox;

    public FlashSaleStore(EntityManager em, CacheOutbox outbox) {
        this.em = em;
        this.outbox = outbox;
    }

    /**
     * Moves {@code quantity} units out of the sku's available stock into a new sale, in one transaction. The stock
     * update comes first and locks the row: a second start of the same sku waits for this one to commit, then finds
     * its sale and is refused. The {@code CHECK (available >= 0)} of the stock stops a sale bigger than the stock.
     */
    public Started start(String sku, int quantity, int perUserLimit, OffsetDateTime startsAt, OffsetDateTime endsAt) {
        Optional<StockLevel> stock = stockRow("""
                update stock set available = available - :quantity, version = version + 1, updated_at = now()
                where sku = :sku and available >= :quantity
                  and exists (select 1 from product p where p.sku = stock.sku)
                returning sku, available, reserved, version
                """, Map.of("sku", sku, "quantity", quantity));
        if (stock.isEmpty()) {
            throw em.createNativeQuery("select 1 from product where sku = :sku").setParameter("sku", sku)
                    .getResultList().isEmpty()
                    ? new NotFound("No product with sku " + sku)
                    : new Conflict("Not enough available stock of " + sku + " for a flash sale of " + quantity);
        }
        if (active(sku).isPresent()) {
            throw new Conflict("A flash sale of " + sku + " is on: end it first");
        }
        Tuple row = (Tuple) em.createNativeQuery("""
                insert into flash_sale (sku, quantity, per_user_limit, starts_at, ends_at)
                values (:sku, :quantity, :perUserLimit, :startsAt, :endsAt)
                returning id
                """, Tuple.class)
                .setParameter("sku", sku).setParameter("quantity", quantity).setParameter("perUserLimit", perUserLimit)
                .setParameter("startsAt", startsAt).setParameter("endsAt", endsAt)
                .getSingleResult();
        outbox.stockChanged(stock.get().outboxRow());
        FlashSale sale = new FlashSale(((Number) row.get("id")).longValue(), sku, quantity, perUserLimit, startsAt,
                endsAt, 0);
        return new Started(sale, stock.get());
    }

    /** The sale of a sku that has not ended, if any. */
    @Transactional(TxType.SUPPORTS)
    public Optional<FlashSale> active(String sku) {
        return sales("where sku = :sku and ended_at is null", Map.of("sku", sku)).findFirst();
    }

    /**
     * The sale, if it is still open (not ended, its window not closed), with its row locked until the caller's
     * transaction ends: what a gate rebuild decides on ({@link FlashSaleWriter#rebuild}). {@code FOR NO KEY UPDATE} is
     * the lock that the {@code UPDATE}s of {@link #close} and {@link #end} take: an end waits for the rebuild's commit,
     * and a rebuild waits for an end's, then reads the row the end wrote. {@code clock_timestamp()}, not
     * {@code now()}: {@code now()} is when the caller's transaction began, before it waited, and an end committed
     * meanwhile may have set {@code ends_at} to a later instant than that.
     */
    @Transactional(TxType.MANDATORY)
    public Optional<FlashSale> lockIfOpen(long saleId) {
        return sales("where id = :id and ended_at is null and ends_at > clock_timestamp() for no key update",
                Map.of("id", saleId)).findFirst();
    }

    /** Every sale that has not ended: what the writer's pass looks after, on its own thread. One index scan. */
    public List<FlashSale> activeSales() {
        return sales("where ended_at is null", Map.of()).toList();
    }

    /**
     * Writes a batch of accepted reservations as {@code HELD}, idempotent by id: an entry written before (by a writer
     * that died before its {@code XACK}, or by two writers at once) is skipped by {@code ON CONFLICT DO NOTHING}, and
     * only the rows inserted now add to the sale's {@code taken} and the stock's {@code reserved}. When the batch would
     * take more units than the sale had ({@code flash_sale_not_oversold}), the whole transaction fails and nothing is
     * written: the writer then tries the entries one by one.
     *
     * @return the rows inserted, and the stock row after the batch (empty when every entry was there already)
     */
    public Written write(FlashSale sale, List<Entry> entries) {
        // One statement text whatever the batch's size (six arrays, not six parameters per row): Hibernate and the
        // driver prepare it once, and PostgreSQL plans it once, instead of a new text of up to 1,200 parameters for
        // every batch size the writer happens to read.
        var insert = em.createNativeQuery("""
                insert into reservation (id, sku, quantity, status, owner_id, created_at, expires_at, flash_sale_id,
                                         idempotency_key, recorded_at)
                select e.id, :sku, e.quantity, 'HELD', e.owner, e.created, e.expires, :sale, e.idem, clock_timestamp()
                from unnest(cast(:ids as uuid[]), cast(:quantities as integer[]), cast(:owners as bigint[]),
                            cast(:created as timestamptz[]), cast(:expires as timestamptz[]),
                            cast(:keys as varchar[])) as e (id, quantity, owner, created, expires, idem)
                on conflict (id) do nothing returning quantity
                """, Tuple.class)
                .setParameter("sku", sale.sku()).setParameter("sale", sale.id())
                .setParameter("ids", entries.stream().map(entry -> entry.id().toString()).toArray(String[]::new))
                .setParameter("quantities", entries.stream().map(Entry::quantity).toArray(Integer[]::new))
                .setParameter("owners", entries.stream().map(Entry::ownerId).toArray(Long[]::new))
                .setParameter("created", entries.stream().map(entry -> entry.createdAt().toString())
                        .toArray(String[]::new))
                .setParameter("expires", entries.stream().map(entry -> entry.expiresAt().toString())
                        .toArray(String[]::new))
                .setParameter("keys", entries.stream()
                        .map(entry -> entry.idempotencyKey() == null ? "" : entry.idempotencyKey())
                        .toArray(String[]::new));
        Stream<?> rows = insert.getResultStream();
        List<Integer> inserted = rows.map(Tuple.class::cast).map(row -> ((Number) row.get("quantity")).intValue())
                .toList();
        int units = inserted.stream().mapToInt(Integer::intValue).sum();
        if (inserted.isEmpty()) {
            return new Written(0, Optional.empty());
        }
        em.createNativeQuery("update flash_sale set taken = taken + :units where id = :id")
                .setParameter("units", units).setParameter("id", sale.id()).executeUpdate();
        Optional<StockLevel> stock = stockRow("""
                update stock set reserved = reserved + :units, version = version + 1, updated_at = now()
                where sku = :sku
                returning sku, available, reserved, version
                """, Map.of("sku", sale.sku(), "units", units));
        stock.map(StockLevel::outboxRow).ifPresent(outbox::stockChanged);
        return new Written(inserted.size(), stock);
    }

    /**
     * Closes a sale's window now (a sale that has not started yet gets an empty window): no gate is rebuilt after this
     * ({@link #lockIfOpen}), so that nothing new reaches the stream while the sale ends.
     */
    public void close(long saleId) {
        em.createNativeQuery("""
                update flash_sale set ends_at = now(), starts_at = least(starts_at, now())
                where id = :id and ended_at is null and ends_at > now()
                """).setParameter("id", saleId).executeUpdate();
    }

    /**
     * Ends a sale once: the units it did not sell ({@code quantity - taken}) go back to the available stock. Units of
     * its reservations that were cancelled or expired went back already, one by one, like any other reservation's.
     *
     * @return the stock row after the return, or empty when the sale had ended already
     */
    public Optional<StockLevel> end(long saleId) {
        return stockRow("""
                with ended as (
                    update flash_sale set ended_at = now()
                    where id = :id and ended_at is null
                    returning sku, quantity - taken as unsold
                )
                update stock s
                set available = s.available + ended.unsold, version = s.version + 1, updated_at = now()
                from ended where s.sku = ended.sku
                returning s.sku, s.available, s.reserved, s.version
                """, Map.of("id", saleId)).map(stock -> {
                    outbox.stockChanged(stock.outboxRow());
                    return stock;
                });
    }

    /** The units, buyers and idempotency keys of the sale's reservations in PostgreSQL, in one statement. */
    public Recorded recorded(long saleId) {
        Stream<?> rows = em.createNativeQuery("""
                select id, owner_id, quantity, created_at, expires_at, idempotency_key
                from reservation where flash_sale_id = :id
                """, Tuple.class).setParameter("id", saleId).getResultStream();
        int taken = 0;
        Map<Long, Integer> perUser = new HashMap<>();
        List<Entry> keyed = new ArrayList<>();
        for (Tuple row : rows.map(Tuple.class::cast).toList()) {
            long owner = ((Number) row.get("owner_id")).longValue();
            int quantity = ((Number) row.get("quantity")).intValue();
            taken += quantity;
            perUser.merge(owner, quantity, Integer::sum);
            String key = (String) row.get("idempotency_key");
            if (key != null && !key.isEmpty()) {
                keyed.add(new Entry(null, (UUID) row.get("id"), owner, quantity, utc(row.get("created_at")),
                        utc(row.get("expires_at")), key));
            }
        }
        return new Recorded(taken, perUser, keyed);
    }

    /** Which of these reservation ids PostgreSQL has. */
    public Set<UUID> existing(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Stream<?> rows = em.createNativeQuery("select id from reservation where id in (:ids)")
                .setParameter("ids", ids).getResultStream();
        Set<UUID> found = new HashSet<>();
        rows.forEach(id -> found.add((UUID) id));
        return found;
    }

    /** A reservation once the writer has brought it over: what a replayed Idempotency-Key answers with 201. */
    @Transactional(TxType.SUPPORTS)
    public Optional<ReservationView> reservation(UUID id) {
        return Reservation.<Reservation>findByIdOptional(id).map(ReservationView::of);
    }

    private Stream<FlashSale> sales(String where, Map<String, Object> parameters) {
        var query = em.createNativeQuery("""
                select id, sku, quantity, per_user_limit, starts_at, ends_at, taken from flash_sale
                """ + where, Tuple.class);
        parameters.forEach(query::setParameter);
        Stream<?> rows = query.getResultStream();
        return rows.map(Tuple.class::cast).toList().stream().map(row -> new FlashSale(
                ((Number) row.get("id")).longValue(), (String) row.get("sku"),
                ((Number) row.get("quantity")).intValue(), ((Number) row.get("per_user_limit")).intValue(),
                utc(row.get("starts_at")), utc(row.get("ends_at")), ((Number) row.get("taken")).intValue()));
    }

    private Optional<StockLevel> stockRow(String sql, Map<String, Object> parameters) {
        var query = em.createNativeQuery(sql, Tuple.class);
        parameters.forEach(query::setParameter);
        Stream<?> rows = query.getResultStream();
        return rows.map(Tuple.class::cast).findFirst().map(row -> new StockLevel((String) row.get("sku"),
                ((Number) row.get("available")).intValue(), ((Number) row.get("reserved")).intValue(),
                ((Number) row.get("version")).longValue()));
    }

    /** The driver hands timestamptz back as an Instant or an OffsetDateTime, depending on the mapping. */
    private static OffsetDateTime utc(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }
}
