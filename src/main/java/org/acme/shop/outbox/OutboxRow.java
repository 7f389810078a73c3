package org.acme.shop.outbox;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A row of {@code cache_outbox}, as a writer inserts it: a product, or a stock row. Persistence mapping only: the relay
 * locks rows with SQL ({@code FOR UPDATE SKIP LOCKED}) and reads them as {@link CacheOutbox.Entry}.
 */
@Entity
@Table(name = "cache_outbox")
public class OutboxRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** PostgreSQL's {@code default now()}: the relay compares it with PostgreSQL's clock, never the app's. */
    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "product_id")
    public Long productId;

    @Column(name = "stock_sku", length = 64)
    public String stockSku;

    @Column(name = "stock_available")
    public Integer stockAvailable;

    @Column(name = "stock_reserved")
    public Integer stockReserved;

    @Column(name = "stock_version")
    public Long stockVersion;

    protected OutboxRow() {
    }

    static OutboxRow product(long productId) {
        OutboxRow row = new OutboxRow();
        row.productId = productId;
        return row;
    }

    static OutboxRow stock(CacheOutbox.StockRow level) {
        OutboxRow row = new OutboxRow();
        row.stockSku = level.sku();
        row.stockAvailable = level.available();
        row.stockReserved = level.reserved();
        row.stockVersion = level.version();
        return row;
    }
}
