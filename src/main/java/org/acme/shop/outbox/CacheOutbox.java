package org.acme.shop.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * The rows of {@code cache_outbox}: what Redis must do because of a committed change. A writer records a row
 * <b>inside its own transaction</b> ({@code MANDATORY}), so the row exists if and only if the change committed; the
 * request deletes it once Redis has confirmed, and {@link OutboxRelay} applies whatever is left.
 * <p>
 * PostgreSQL only, no Redis: the writers insert an {@link OutboxRow}, and native SQL locks and deletes rows where
 * {@code FOR UPDATE SKIP LOCKED} is the point. Every delete of a confirmed row skips rows that a relay has locked: the
 * request never waits for a relay, and the relay deletes what it applied itself.
 */
@ApplicationScoped
public class CacheOutbox {

    private static final Logger LOG = Logger.getLogger(CacheOutbox.class);

    /** One row: a product to invalidate, or a committed stock state to write through. */
    public record Entry(long id, OffsetDateTime createdAt, Long productId, StockRow stock) {

        /** {@code product} or {@code stock}: which {@link OutboxHandler} applies the row. */
        public String kind() {
            return productId != null ? PRODUCT : STOCK;
        }
    }

    /** A committed stock row, as the stock write recorded it: what Redis must hold at least. */
    public record StockRow(String sku, int available, int reserved, long version) {
    }

    public static final String PRODUCT = "product";
    public static final String STOCK = "stock";

    /** How many rows wait, and when the oldest was written ({@code null} when none). */
    public record Backlog(long rows, OffsetDateTime oldest) {
    }

    private final EntityManager em;

    public CacheOutbox(EntityManager em) {
        this.em = em;
    }

    // --- recorded by the writers, in their transaction -------------------------------------------------------------

    /**
     * A product was created, replaced or deleted: INCR the catalog version and UNLINK its key. Returns the row id.
     * Both inserts flush: what the writer left pending is written here, inside its method, not at its commit.
     */
    @Transactional(TxType.MANDATORY)
    public long productChanged(long productId) {
        OutboxRow row = OutboxRow.product(productId);
        row.persistAndFlush();
        return row.id;
    }

    /** A stock row changed: write this committed state through the version guard. */
    @Transactional(TxType.MANDATORY)
    public void stockChanged(StockRow level) {
        OutboxRow.stock(level).persistAndFlush();
    }

    // --- deleted after Redis confirmed, in a transaction of their own ----------------------------------------------

    /**
     * Redis confirmed the invalidation of this row's product. Called after the write's commit; a failure here only
     * leaves the row to the relay, which applies it once more (harmless: INCR and UNLINK again). Rows a relay has
     * locked are skipped, so the request never waits for a relay.
     */
    public void productApplied(long rowId) {
        // Native: FOR UPDATE SKIP LOCKED, which no Panache delete can say.
        inANewTransaction(() -> em.createNativeQuery("""
                delete from cache_outbox where id in (select id from cache_outbox where id = :id for update skip locked)
                """).setParameter("id", rowId).executeUpdate());
    }

    /**
     * Redis holds this sku's stock at {@code version} or newer (applied, or refused as stale by the guard): every
     * row of the sku up to that version is done. The versions of one sku commit in order (they queue on its row
     * lock), so no row below {@code version} can still be uncommitted.
     */
    public void stockApplied(String sku, long version) {
        // Native: FOR UPDATE SKIP LOCKED, as above.
        inANewTransaction(() -> em.createNativeQuery("""
                delete from cache_outbox where id in (select id from cache_outbox
                    where stock_sku = :sku and stock_version <= :version for update skip locked)
                """).setParameter("sku", sku).setParameter("version", version).executeUpdate());
    }

    /**
     * The writer's transaction has committed (or never existed): the delete gets one of its own. The change is in
     * PostgreSQL and in Redis, so should the delete fail, the row stays and the relay applies it once more.
     */
    private static void inANewTransaction(Runnable delete) {
        try {
            QuarkusTransaction.requiringNew().run(delete);
        } catch (RuntimeException e) {
            LOG.debugf("Outbox row left to the relay: %s", e.getMessage());
        }
    }

    // --- the relay ---------------------------------------------------------------------------------------------------

    /**
     * Locks up to {@code max} rows older than {@code minAge}, oldest first. {@code FOR UPDATE SKIP LOCKED}: relays of
     * several instances take different rows, and a row stays locked, so applied by nobody else, until the relay's
     * transaction deletes it. Rows younger than {@code minAge} are left to the request that wrote them.
     */
    @Transactional(TxType.MANDATORY)
    public List<Entry> lockDue(int max, Duration minAge) {
        // Native: FOR UPDATE SKIP LOCKED, and the age measured on PostgreSQL's clock (now() - make_interval).
        Stream<?> rows = em.createNativeQuery("""
                select id, created_at, product_id, stock_sku, stock_available, stock_reserved, stock_version
                from cache_outbox
                where created_at <= now() - make_interval(secs => :age)
                order by created_at, id
                limit :max
                for update skip locked
                """, Tuple.class)
                .setParameter("age", minAge.toMillis() / 1000.0)
                .setParameter("max", max)
                .getResultStream();
        return rows.map(Tuple.class::cast).map(CacheOutbox::entry).toList();
    }

    @Transactional(TxType.MANDATORY)
    public void delete(List<Long> ids) {
        if (!ids.isEmpty()) {
            OutboxRow.delete("id in ?1", ids);                     // one bulk delete; the relay holds these rows' locks
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    public Backlog backlog() {
        return OutboxRow.find("select count(*), min(createdAt) from OutboxRow").project(Backlog.class).singleResult();
    }

    private static Entry entry(Tuple row) {
        long id = ((Number) row.get("id")).longValue();
        OffsetDateTime createdAt = offsetDateTime(row.get("created_at"));
        Number productId = (Number) row.get("product_id");
        if (productId != null) {
            return new Entry(id, createdAt, productId.longValue(), null);
        }
        return new Entry(id, createdAt, null, new StockRow((String) row.get("stock_sku"),
                ((Number) row.get("stock_available")).intValue(), ((Number) row.get("stock_reserved")).intValue(),
                ((Number) row.get("stock_version")).longValue()));
    }

    /** The PostgreSQL driver hands {@code timestamptz} out as one of these, depending on the Hibernate version. */
    private static OffsetDateTime offsetDateTime(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime odt -> odt;
            case java.time.Instant instant -> instant.atOffset(java.time.ZoneOffset.UTC);
            case java.sql.Timestamp ts -> ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }
}
